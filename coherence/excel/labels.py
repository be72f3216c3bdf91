"""Pack texts in the workbooks: answer labels, comparing typed answers, localised packs.

No openpyxl here: the reader imports this module too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..i18n import _
from ..models import Pack, Special, fold
from ..words import MISSING, special_label

@lru_cache(maxsize=4096)  # answers repeat the same few labels across thousands of files
def normalize(text: str) -> str:
    """Compare answers loosely (:func:`coherence.models.fold`): case, accents, curly
    quotes and extra spaces do not matter."""
    return fold(text)


def localized_pack(spec: str | Path, lang: str | None) -> Pack:
    """The pack ``spec`` (id or path) in ``lang``."""
    from ..translate import load_pack

    return load_pack(spec, lang)


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

