"""Interface strings in the user's language (gettext catalogs read with Babel).

Catalogs live in ``locales/<lang>/LC_MESSAGES/coherence.po`` and are read directly
(no compiled .mo files to keep in sync). Fuzzy entries are not used.

Babel is imported by the functions that need it, not here: every screen imports this
module, and in English the first screen needs none of Babel.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .packs import PROJECT_ROOT

SOURCE_LANGUAGE = "en"
SHIPPED_LANGUAGES = ("en", "fr", "es")
DOMAIN = "coherence"
# A language code safe to put in a path: "fr", "pt_BR".
LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

_current = SOURCE_LANGUAGE


def locales_dir() -> Path:
    return Path(os.environ.get("COHERENCE_LOCALES", PROJECT_ROOT / "locales"))


def _catalog(lang: str) -> dict[str, str]:
    """The interface catalog of a language, from the locales directory in force now."""
    return _catalog_at(locales_dir(), lang)


@lru_cache(maxsize=8)
def _catalog_at(root: Path, lang: str) -> dict[str, str]:
    """The catalog's translations; remembered in the pack cache by the file's size and
    time (Babel parsing it is 15 ms of every start in French or Spanish)."""
    path = root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return {}
    from . import packcache

    def parse() -> dict[str, str]:
        from babel.messages.pofile import read_po

        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        return {
            str(m.id): str(m.string)
            for m in catalog
            if m.id and m.string and not m.fuzzy and isinstance(m.id, str) and isinstance(m.string, str)
        }

    def sound(cached: object) -> bool:
        return isinstance(cached, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in cached.items())

    return packcache.remembered(f"ui-{lang}-" + packcache.files_key([path, Path(__file__)]), parse, sound) or {}


def set_language(lang: str | None) -> str:
    """Choose the interface language; unknown languages fall back to English."""
    global _current
    _current = lang if lang in SHIPPED_LANGUAGES else SOURCE_LANGUAGE
    return _current


def current_language() -> str:
    return _current


_catalog.cache_clear = _catalog_at.cache_clear  # type: ignore[attr-defined]  # tests reset it


def gettext(message: str) -> str:
    """Translate an interface string into the current language."""
    if _current == SOURCE_LANGUAGE:
        return message
    return _catalog(_current).get(message, message)


_ = gettext


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def format_number(value: float | None, digits: int = 1) -> str:
    """A score formatted for the current locale, e.g. 66.7 / 66,7; '–' for no score."""
    if value is None:
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern, locale=_current)


def format_day(value: date | datetime) -> str:
    """A date formatted for the current locale (medium format)."""
    from babel.dates import format_date

    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=_current)


# The shipped languages' own names, without loading Babel's locale data at start-up.
_OWN_NAMES = {"en": "English", "fr": "français", "es": "español"}


def language_name(lang: str) -> str:
    """The language's own name, e.g. 'français'."""
    if lang in _OWN_NAMES:
        return _OWN_NAMES[lang]
    from babel import Locale

    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except Exception:  # babel raises several types for unknown codes
        return lang
