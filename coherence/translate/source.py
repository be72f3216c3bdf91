"""Packs as they are on disk now, for the translation tools.

:func:`coherence.packs.load_pack` caches packs for the life of the process; the
translation tools compare catalogs with the YAML as it is *now*, so they validate the
pack directory afresh.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PackError, UserError
from ..models import Pack
from ..packs import installed_pack_dir, resolve_pack_path, validate_pack_dir


def fresh_pack(spec: str | Path) -> Pack:
    """Load and validate a pack (id or directory) from disk, bypassing the cache."""
    pack, problems = validate_pack_dir(resolve_pack_path(spec).resolve())
    if pack is None:
        raise PackError(problems)
    return pack


def fresh_installed_pack(pack_id: str, *, file: str | Path | None = None, place: str | None = None) -> Pack:
    """A pack named inside a user's file (``file``, at ``place``): only ids under packs_dir(), never a path."""
    try:
        candidate = installed_pack_dir(pack_id)
    except UserError as exc:
        raise UserError(exc.message, file=file, place=place) from None
    return fresh_pack(candidate)
