"""The one text helper: user text is written as literal text, never as a formula."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from coherence.errors import UserError
from coherence.excel.cells import safe_text, save_workbook, sheet_title, write_number, write_text

from .excel_helpers import xml_formulas

RISKY = ["=1+1", "@SUM(A1)", "-5", "+33 1 23 45 67", "=cmd()", '=HYPERLINK("http://x","click")']


def test_formula_like_text_is_saved_as_literal_text(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row, text in enumerate(RISKY, start=1):
        write_text(ws, row, 1, text)
    path = save_workbook(wb, tmp_path / "t.xlsx")

    again = load_workbook(path)
    cells = [again.active.cell(row, 1) for row in range(1, len(RISKY) + 1)]
    assert [c.value for c in cells] == RISKY
    assert [c.data_type for c in cells] == ["s"] * len(RISKY)
    # The quote prefix keeps the cell text even when someone edits it in Excel later.
    assert all(c.quotePrefix for c in cells)
    assert xml_formulas(path) == []
    # Another reader sees the same literal text.
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows] == RISKY


def test_plain_text_has_no_quote_prefix_and_control_characters_are_dropped(tmp_path):
    wb = Workbook()
    write_text(wb.active, 1, 1, "Plan\x07 2024\nnext line")
    write_text(wb.active, 2, 1, 42)
    write_number(wb.active, 3, 1, 66.66666)
    path = save_workbook(wb, tmp_path / "t.xlsx")
    ws = load_workbook(path).active
    assert ws["A1"].value == "Plan 2024\nnext line" and not ws["A1"].quotePrefix
    assert ws["A2"].value == "42" and ws["A2"].data_type == "s"
    assert ws["A3"].value == 66.7 and ws["A3"].number_format == "0.0"


def test_saving_into_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        save_workbook(Workbook(), tmp_path / "nope" / "r.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_sheet_titles_are_made_acceptable_to_excel():
    assert sheet_title("Plan d'action: étapes [1/2]?") == "Plan d'action étapes 1 2"
    assert len(sheet_title("x" * 50)) == 31


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(["=", "+", "-", "@", ""]), text=st.text(max_size=60))
def test_any_typed_text_comes_back_as_the_same_text(tmp_path, prefix, text):
    value = prefix + text
    wb = Workbook()
    write_text(wb.active, 1, 1, value)
    path = save_workbook(wb, tmp_path / "h.xlsx")
    cell = load_workbook(path).active["A1"]
    expected = safe_text(value).replace("\r\n", "\n").replace("\r", "\n")
    assert (cell.value or "").replace("\r\n", "\n").replace("\r", "\n") == expected
    assert cell.data_type in ("s", "n") and (cell.value is None) == (expected == "")
