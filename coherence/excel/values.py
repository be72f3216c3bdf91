"""Reading cell values as text, shared by every reader of user workbooks (no openpyxl here).

The questionnaire reader and the translation-sheet reader both get calamine's grid of
Python values and must turn numbers, dates and booleans into the text a user typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time


def cell_text(value: object) -> str:
    """A cell value as text: numbers without a useless '.0', dates in ISO form, CR LF as LF."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def cell_at(rows: Sequence[Sequence[object]], row: int, col: int) -> object:
    """Value at 1-based (row, col); '' outside the used area."""
    if row - 1 < len(rows):
        values = rows[row - 1]
        if col - 1 < len(values):
            return values[col - 1]
    return ""


def shorten(value: object, limit: int = 60) -> str:
    """A value on one line, cut with an ellipsis, to quote in an error message."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
