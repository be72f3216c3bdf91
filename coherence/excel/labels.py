"""Pack texts in the workbooks: answer labels, comparing typed answers, localised packs.

No openpyxl here: the reader imports this module too.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from ..i18n import _, current_language, gettext, set_language
from ..models import Pack, Special
from ..words import MISSING, special_label

@lru_cache(maxsize=4096)  # answers repeat the same few labels across thousands of files
def normalize(text: str) -> str:
    """Compare answers loosely: case, accents, curly quotes and extra spaces do not matter."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def localized_pack(spec: str | Path, lang: str | None) -> Pack:
    """``load_pack(spec, lang)``; the source texts while pack translations are not installed."""
    from ..packs import load_pack

    try:
        return load_pack(spec, lang)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("coherence.translate"):
            raise
        return load_pack(spec)


def choice_label(pack: Pack, indicator_id: str, choice: object) -> str:
    """What an answer reads as in the pack's language: a level label or a special answer."""
    if choice is None:
        return _(MISSING)
    if isinstance(choice, Special):
        return special_label(choice)
    indicator = pack.indicator(indicator_id)
    try:
        return pack.scale_for(indicator).label_of(int(choice))
    except (KeyError, TypeError, ValueError):
        return str(choice)


def gettext_in(lang: str, message: str) -> str:
    """``message`` translated into ``lang`` (the interface language is left as it was)."""
    previous = current_language()
    try:
        set_language(lang)
        return gettext(message)
    finally:
        set_language(previous)
