"""Writing cells safely, and the styles every workbook of coherence shares.

The one rule: text goes in as text. :func:`write_text` stores any value as a string
cell, so a note a user typed as ``=HYPERLINK(...)``, ``+33 1 …``, ``-5`` or ``@SUM(A1)``
is never a formula; such cells also get Excel's quote prefix, so editing the cell
later in Excel keeps it text. Every module that writes a workbook (report,
questionnaire, translation spreadsheets) writes user text through this helper.

Styles are built once per workbook and copied onto cells (copying openpyxl's small
style array is much cheaper than assigning Font/Alignment objects cell by cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import UserError
from ..fileio import atomic_save
from ..i18n import _
from .layout import LISTS_SHEET

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Characters XML 1.0 cannot hold besides openpyxl's ILLEGAL_CHARACTERS_RE: lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
SCORE_FORMAT = "0.0"
INTEGER_FORMAT = "0"

# Red / amber / green for scores 0–100.
RED, AMBER, GREEN = "F8696B", "FFD966", "63BE7B"

_THIN = Side(style="thin", color="BFBFBF")
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")

STYLE_SPECS: dict[str, dict[str, Any]] = {
    "text": {"alignment": _TOP_WRAP},
    "title": {"font": Font(bold=True, size=14), "alignment": Alignment(vertical="top")},
    "subtitle": {"font": Font(bold=True, size=12), "alignment": Alignment(vertical="top")},
    "label": {"font": Font(bold=True), "alignment": _TOP_WRAP},
    "note": {"font": Font(italic=True, color="595959"), "alignment": _TOP_WRAP},
    "header": {
        "font": Font(bold=True),
        "fill": PatternFill("solid", start_color="D9E1F2"),
        "alignment": Alignment(wrap_text=True, vertical="center"),
        "border": Border(bottom=Side(style="thin", color="808080")),
    },
    "number": {"number_format": SCORE_FORMAT, "alignment": Alignment(vertical="top")},
    "integer": {"number_format": INTEGER_FORMAT, "alignment": Alignment(vertical="top")},
    # Cells a user fills in: unlocked (the sheet may be protected) and tinted.
    "input": {
        "fill": PatternFill("solid", start_color="FFF2CC"),
        "alignment": _TOP_WRAP,
        "border": Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
        "protection": Protection(locked=False),
    },
    "locked": {"alignment": _TOP_WRAP, "font": Font(bold=True), "protection": Protection(locked=True)},
}


class _Styles:
    """Style arrays of one workbook, built on first use and copied onto cells."""

    def __init__(self) -> None:
        self._arrays: dict[str, Any] = {}

    def apply(self, cell: Cell, name: str) -> None:
        array = self._arrays.get(name)
        if array is None:
            spec = STYLE_SPECS[name]
            for attribute, value in spec.items():
                setattr(cell, attribute, value)
            self._arrays[name] = copy(cell._style)
        else:
            cell._style = copy(array)


def _styles(ws: Worksheet) -> _Styles:
    wb = ws.parent
    styles = getattr(wb, "_coherence_styles", None)
    if styles is None:
        styles = _Styles()
        wb._coherence_styles = styles
    return styles


def style_cell(ws: Worksheet, cell: Cell, style: str) -> None:
    """Give a cell one of the shared styles (see :data:`STYLE_SPECS`)."""
    _styles(ws).apply(cell, style)


def safe_text(value: object) -> str:
    """Any value as text a cell can hold: control characters dropped, cut at Excel's limit."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if ILLEGAL_CHARACTERS_RE.search(text) or _NOT_XML.search(text):
        text = _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def write_text(ws: Worksheet, row: int, col: int, value: object, style: str | None = "text") -> Cell:
    """Store ``value`` as a literal string cell (never a formula); empty text leaves the cell empty."""
    text = safe_text(value)
    cell = ws.cell(row=row, column=col)
    if style is not None:
        _styles(ws).apply(cell, style)
    if text:
        cell.value = text
        cell.data_type = "s"  # "=1+1" was just bound as a formula: make it text again
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = None
    return cell


def write_number(
    ws: Worksheet, row: int, col: int, value: float | int | None, *, digits: int | None = 1, style: str | None = None,
    empty: str | None = None,
) -> Cell:
    """Store a number (rounded to ``digits``) with a number format; None leaves the cell
    empty, or writes ``empty`` (e.g. "—" for a sector not assessed)."""
    if value is None and empty is not None:
        return write_text(ws, row, col, empty)
    cell = ws.cell(row=row, column=col)
    _styles(ws).apply(cell, style or ("integer" if digits == 0 else "number"))
    if value is not None:
        if isinstance(value, bool):
            value = int(value)
        cell.value = round(value, digits) if digits is not None else value
    return cell


def header_row(ws: Worksheet, row: int, headers: Sequence[str], start_col: int = 1) -> None:
    for offset, text in enumerate(headers):
        write_text(ws, row, start_col + offset, text, "header")


def set_widths(ws: Worksheet, widths: Mapping[int, float] | Sequence[float]) -> None:
    """Column widths in characters, by 1-based column number (or a list from column A)."""
    items = widths.items() if isinstance(widths, Mapping) else enumerate(widths, start=1)
    for col, width in items:
        ws.column_dimensions[get_column_letter(col)].width = width


def write_meta_sheet(wb: Workbook, name: str, values: dict[str, object]) -> Worksheet:
    """A very hidden, protected key/value sheet that tells a reader what a workbook is."""
    ws = wb.create_sheet(name)
    for row, (key, value) in enumerate(values.items(), start=1):
        write_text(ws, row, 1, key, None)
        if isinstance(value, int):
            write_number(ws, row, 2, value, digits=0)
        else:
            write_text(ws, row, 2, value, None)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    return ws


def finish_sheet(
    ws: Worksheet, *, header: int | None = None, freeze: str | None = None, landscape: bool = True, rtl: bool | None = None
) -> None:
    """Freeze panes and make the sheet printable: landscape, one page wide, header rows
    repeated; right to left when the sheet's language is (``rtl``, default: the current
    language), so an Arabic workbook opens with its first column on the right."""
    from ..i18n import is_rtl

    if rtl if rtl is not None else is_rtl():
        ws.sheet_view.rightToLeft = True
    if freeze:
        ws.freeze_panes = freeze
    elif header:
        ws.freeze_panes = f"A{header + 1}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header:
        ws.print_title_rows = f"{header}:{header}"


def score_colours(ws: Worksheet, cell_range: str) -> None:
    """Red (0) / amber (50) / green (100) background on score cells."""
    ws.conditional_formatting.add(
        cell_range,
        ColorScaleRule(
            start_type="num", start_value=0, start_color=RED,
            mid_type="num", mid_value=50, mid_color=AMBER,
            end_type="num", end_value=100, end_color=GREEN,
        ),
    )


def list_validation(wb: Workbook, options: Sequence[str], *, prompt: str | None = None, error: str | None = None) -> DataValidation:
    """A drop-down of ``options``, listed on a hidden sheet (no 255-character or comma limits).

    The caller adds the returned validation to its sheet and its cells.
    """
    lists = wb[LISTS_SHEET] if LISTS_SHEET in wb.sheetnames else None
    if lists is None:
        lists = wb.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        lists.protection.sheet = True
    col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
    for row, option in enumerate(options, start=1):
        write_text(lists, row, col, option, style=None)
    letter = get_column_letter(col)
    ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${max(1, len(options))}"
    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showDropDown=False)
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    if error:
        dv.error = safe_text(error)[:255]
    if prompt:
        dv.prompt = safe_text(prompt)[:255]
        dv.showInputMessage = True
    return dv


_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """A (translated) sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    title = " ".join(safe_text(text).translate(_BAD_TITLE).split()).strip("'") or "Sheet"
    return title[:31]


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Save atomically (temporary file, then rename); problems become a UserError."""
    return atomic_save(path, wb.save)


def join_text(items: Iterable[object], sep: str = "; ") -> str:
    return sep.join(str(item) for item in items if item not in (None, ""))
