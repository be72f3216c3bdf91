"""Where packs and catalogs are found: the bundled ones, and the user's.

The bundled packs and catalogs travel inside the package (``coherence.bundled``,
mapped from the repository's ``indicators/`` and ``locales/`` at build time) and are
read with :mod:`importlib.resources`, so a plain ``pip install`` finds them from any
folder. An editable install (``pip install -e``) does not map sub-packages to other
folders, so there the checkout's own ``indicators/`` and ``locales/`` are read.

User packs come from ``$COHERENCE_PACKS`` or ``--packs DIR``; another catalog folder
from ``$COHERENCE_LOCALES``.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

# The one rule for names read from files that end up in a path (pack ids, sector ids,
# language codes): a plain pattern, no separators, no "..". coherence.ids adds the
# one-line errors and Babel's check of language codes.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
LANG_PATTERN = r"^[a-z]{2,3}(_[A-Z][A-Za-z]{1,3})?$"  # fr, pt_BR, sr_Latn
ID_RE = re.compile(ID_PATTERN)
LANG_RE = re.compile(LANG_PATTERN)

_CHECKOUT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    # `coherence.bundled` is a regular package installed as files, so its folder is a
    # real path (the packs are read as files: YAML with line numbers, catalogs).
    folder = Path(str(resources.files("coherence.bundled"))) / name
    return folder if folder.is_dir() else _CHECKOUT / name  # editable install: the checkout


def bundled_packs_dir() -> Path:
    return _bundled("indicators")


def packs_dir() -> Path:
    """Where packs are looked up by id: ``--packs DIR`` / ``$COHERENCE_PACKS``, else the bundled ones."""
    setting = os.environ.get("COHERENCE_PACKS")
    return Path(setting) if setting else bundled_packs_dir()


def locales_dir() -> Path:
    """Where catalogs are read: ``$COHERENCE_LOCALES``, else the bundled ones."""
    setting = os.environ.get("COHERENCE_LOCALES")
    return Path(setting) if setting else _bundled("locales")
