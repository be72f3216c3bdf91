"""The one rule for identifiers and language codes read from files.

A pack id, sector id or language code read from a questionnaire, a session, a round,
a translation sheet or ``pack.yaml`` ends up in a path, so each must match a plain
pattern before it is used (no ``../``, no separators). Language codes are checked
again by Babel, so ``zz`` is refused as well as ``../x``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .i18n import _
from .resources import ID_PATTERN, ID_RE, LANG_PATTERN, LANG_RE

__all__ = ["ID_PATTERN", "ID_RE", "LANG_PATTERN", "LANG_RE", "check_id", "check_language", "is_id", "is_language"]


def is_id(value: object) -> bool:
    return isinstance(value, str) and bool(ID_RE.match(value)) and ".." not in value


def check_id(value: object, what: str, *, file: str | Path | None = None, place: str | None = None) -> str:
    """``value`` if it is a safe identifier, else a one-line UserError naming ``what``."""
    if not is_id(value):
        shown = " ".join(str(value).split())[:40]
        raise UserError(_("invalid {what} '{value}'").format(what=what, value=shown), file=file, place=place)
    return value  # type: ignore[return-value]


def is_language(code: object) -> bool:
    """A code Babel knows, in the shape safe for a path (``fr``, ``pt_BR``, ``ar``)."""
    if not isinstance(code, str) or not LANG_RE.match(code):
        return False
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def check_language(code: object, *, file: str | Path | None = None, place: str | None = None) -> str:
    """``code`` if it is a language Babel knows, else a one-line UserError."""
    if is_language(code):
        return code  # type: ignore[return-value]
    shown = " ".join(str(code).split())[:20]
    raise UserError(_("unknown language '{lang}'").format(lang=shown), file=file, place=place)
