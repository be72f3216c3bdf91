"""`coherence template`: the blank questionnaire workbook."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.errors import UserError
from coherence.excel.template import write_template

from .conftest import FIXTURES, MINI
from .excel_helpers import dropdown, find_row, formula_cells, translations  # noqa: F401  (a fixture)

IDS = ["GOV-01", "GOV-02", "HEA-01", "HEA-02"]
EN_ANSWERS = ["Not in place", "Planned or ad hoc", "Partly in place", "Fully in place and institutionalised",
              "Don't know", "Not applicable"]


@pytest.fixture
def template(tmp_path):
    path = write_template(MINI, "en", tmp_path / "questionnaire.xlsx")
    return load_workbook(path)


def test_sheets_meta_and_indicator_rows(template):
    wb = template
    assert wb.sheetnames[:2] == ["Instructions", "Questionnaire"]
    meta = wb["_meta"]
    assert meta.sheet_state in ("hidden", "veryHidden")
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["format"] == "coherence-questionnaire" and values["format_version"] == 1
    assert (values["pack"], values["version"], values["language"]) == ("mini", "0.1", "en")
    ws = wb["Questionnaire"]
    first = values["first_row"]
    assert [ws.cell(first - 1, c).value for c in range(1, 8)] == [
        "ID", "Sector", "Question", "Guidance", "Answer", "Notes", "Evidence"]
    assert [ws.cell(first + i, 1).value for i in range(5)] == [*IDS, None]
    assert ws.cell(first, 2).value == "Governance"
    assert ws.cell(first + 2, 3).value == "Do migrants have access to local health services?"
    assert "Terms of reference" in ws.cell(first, 4).value  # evidence examples beside the guidance
    assert ws.freeze_panes == f"B{first}"
    assert formula_cells(wb) == []


def test_profile_cells_and_answer_dropdowns(template):
    ws = template["Questionnaire"]
    for label in ("Authority", "Country", "Level of government", "Department or sector", "Respondent name"):
        row = find_row(ws, label, col=2)
        assert ws.cell(row, 3).protection.locked is False, label
    level_row = find_row(ws, "Level of government", col=2)
    assert dropdown(ws, f"C{level_row}") == ["Local", "Regional", "National"]
    first = find_row(ws, "GOV-01")
    for row in range(first, first + 4):
        assert dropdown(ws, f"E{row}") == EN_ANSWERS
    assert dropdown(ws, f"F{first}") is None  # notes are free text


def test_protection_locks_ids_and_leaves_answers_editable(template):
    ws = template["Questionnaire"]
    assert ws.protection.sheet is True
    first = find_row(ws, "GOV-01")
    for row in range(first, first + 4):
        assert ws.cell(row, 1).protection.locked is True  # id
        assert ws.cell(row, 3).protection.locked is True  # question
        assert [ws.cell(row, c).protection.locked for c in (5, 6, 7)] == [False, False, False]
    assert template["Instructions"].protection.sheet is True


def test_instructions_explain_the_scale_and_special_answers(template):
    ws = template["Instructions"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for label in EN_ANSWERS:
        assert label in texts
    assert any("left out of every score" in t for t in texts)
    assert any("data gap" in t for t in texts)


def test_template_in_french_uses_french_labels_and_headers(tmp_path, translations):
    wb = load_workbook(write_template(MINI, "fr", tmp_path / "q-fr.xlsx"))
    ws = wb["Questionnaire"]
    first = find_row(ws, "GOV-01")
    assert ws.cell(first - 1, 5).value == "Réponse"
    assert dropdown(ws, f"E{first}") == [
        "Inexistant", "Prévu ou ponctuel", "Partiellement en place", "Pleinement en place et institutionnalisé",
        "Je ne sais pas", "Sans objet"]
    level_row = find_row(ws, "Level of government", col=2)
    assert dropdown(ws, f"C{level_row}") == ["Local", "Régional", "National"]
    meta = wb["_meta"]
    assert {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 8)}["language"] == "fr"


def test_unknown_language_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match=r"no Deutsch \(de\) translation of pack 'mini' \(available: en\)"):
        write_template(MINI, "de", tmp_path / "q.xlsx")


def test_template_command_writes_the_workbook(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    out = tmp_path / "q.xlsx"
    assert main(["template", "mini", "-o", str(out)]) == 0
    assert "q.xlsx" in capsys.readouterr().out
    ws = load_workbook(out)["Questionnaire"]
    assert [ws.cell(find_row(ws, "GOV-01") + i, 1).value for i in range(4)] == IDS
