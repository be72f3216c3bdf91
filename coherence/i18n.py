"""Interface strings in the user's language: gettext, with plural forms.

Catalogs live in ``locales/<lang>/LC_MESSAGES/coherence.po`` (bundled, or
``$COHERENCE_LOCALES``) and are read directly with Babel, compiled in memory and
served by the standard library's :class:`gettext.GNUTranslations`, so ``ngettext``
follows each language's own plural rule. Fuzzy entries are not used; a string
missing from a catalog falls back to English, never to an error.

The language is chosen once per process by the command line or the TUI
(:func:`set_language`). A writer that renders in another language (a French report
from an English session) does it inside :func:`override`, which holds only for the
current context and is undone when the block ends: nothing changes the language as
a side effect.
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path

from .resources import LANG_RE, locales_dir

SOURCE_LANGUAGE = "en"
DOMAIN = "coherence"


class _Language:
    """A language and its compiled interface catalog."""

    __slots__ = ("code", "translations")

    def __init__(self, code: str, translations: _gettext.NullTranslations) -> None:
        self.code = code
        self.translations = translations


_ENGLISH = _Language(SOURCE_LANGUAGE, _gettext.NullTranslations())
_process_language = _ENGLISH  # chosen by the command line or the TUI
# A writer's language inside override(): this context only (a ContextVar does not
# reach the TUI's other tasks, so it cannot carry the process's language).
_override: ContextVar[_Language | None] = ContextVar("coherence_language_override", default=None)


def _active() -> _Language:
    return _override.get() or _process_language
# Compiled catalogs by the hash of their bytes: an edited catalog is a new entry.
_COMPILED: dict[str, _gettext.NullTranslations] = {}


def catalog_path(lang: str) -> Path:
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(lang: str | None) -> _Language:
    if not lang or lang == SOURCE_LANGUAGE or not LANG_RE.match(lang):
        return _ENGLISH
    try:
        data = catalog_path(lang).read_bytes()
    except OSError:
        return _Language(lang, _ENGLISH.translations)
    key = hashlib.sha256(data).hexdigest()
    translations = _COMPILED.get(key)
    if translations is None:
        translations = _compile(data, lang)
        _COMPILED[key] = translations
    return _Language(lang, translations)


def _compile(data: bytes, lang: str) -> _gettext.NullTranslations:
    """A PO file's non-fuzzy translations as GNU gettext translations (plural rule included)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        catalog = read_po(io.BytesIO(data), locale=lang)
    except Exception:  # a broken catalog must not stop the program: English instead
        return _ENGLISH.translations
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def set_language(lang: str | None) -> str:
    """Choose the interface language of this process (English if ``lang`` is empty)."""
    global _process_language
    _process_language = _load(lang)
    return _process_language.code


def current_language() -> str:
    return _active().code


@contextmanager
def override(lang: str | None) -> Iterator[str]:
    """Interface strings in ``lang`` inside the block (this context only); restored after."""
    if not lang or lang == current_language():
        yield current_language()
        return
    token = _override.set(_load(lang))
    try:
        yield lang
    finally:
        _override.reset(token)


def gettext(message: str) -> str:
    """Translate an interface string into the current language."""
    return _active().translations.gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or a plural form, by the current language's plural rule."""
    return _active().translations.ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """``message`` in ``lang``, whatever the current language."""
    with override(lang):
        return gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def interface_languages() -> list[str]:
    """English and every language with an interface catalog, by code."""
    root = locales_dir()
    found = []
    if root.is_dir():
        found = sorted(p.name for p in root.iterdir() if LANG_RE.match(p.name) and (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


def _babel_locale() -> str:
    return current_language()


def format_number(value: float | None, digits: int = 1) -> str:
    """A score formatted for the current locale, e.g. 66.7 / 66,7; '–' for no score."""
    if value is None:
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern, locale=_babel_locale())


def format_day(value: date | datetime) -> str:
    """A date formatted for the current locale (medium format)."""
    from babel.dates import format_date

    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=_babel_locale())


# The shipped languages' own names, without loading Babel's locale data at start-up.
_OWN_NAMES = {"en": "English", "fr": "français", "es": "español"}


def language_name(lang: str) -> str:
    """The language's own name, e.g. 'français', 'português', 'العربية'."""
    if lang in _OWN_NAMES:
        return _OWN_NAMES[lang]
    from babel import Locale

    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except Exception:  # babel raises several types for unknown codes
        return lang


def is_rtl(lang: str | None = None) -> bool:
    """Whether ``lang`` (default: the current language) is written right to left (Arabic…)."""
    code = lang or current_language()
    if code in _OWN_NAMES:
        return False
    from babel import Locale

    try:
        return Locale.parse(code).character_order == "right-to-left"
    except Exception:  # babel raises several types for unknown codes
        return False
