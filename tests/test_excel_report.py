"""The report workbook: the engine's numbers, ranked gaps, the action plan, and literal user text."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.excel.report import write_report
from coherence.excel.template import write_template
from coherence.models import Assessment
from coherence.packs import load_pack
from coherence.scoring import score, score_round
from coherence.sessions import save_session

from .conftest import FIXTURES, MINI, assessment
from .excel_helpers import dropdown, find_row, forget_translations, formula_cells, install_translations, xml_formulas

SHEETS = ["Summary", "Scores", "Gaps", "Action plan", "Responses"]


@pytest.fixture
def pack():
    return load_pack(MINI)


@pytest.fixture
def planning() -> Assessment:
    a = assessment("local", "Planning", GOV_01=3, GOV_02=1, HEA_01=2, HEA_02="na")
    a.authority.name = "=HYPERLINK(\"http://evil\",\"click\")"
    a.authority.country = "+221 Senegal"
    a.respondent.name = "-5 Ana"
    a.answers["GOV-01"].notes = "=cmd()"
    a.answers["GOV-02"].evidence = "@SUM(A1)"
    return a


@pytest.fixture
def round_of_three(planning):
    return [
        planning,
        assessment("local", "Health", GOV_01=1, GOV_02=1, HEA_01=3, HEA_02=2),
        assessment("national", "Interior", GOV_01=2, GOV_02=3, HEA_01="dk", HEA_02=0),
    ]


def value_of(ws, label: str, col: int = 2):
    return ws.cell(find_row(ws, label), col).value


def r1(x):
    return None if x is None else round(x, 1)


def test_single_session_summary_has_the_engines_numbers_and_a_chart(tmp_path, pack, planning):
    path = write_report(tmp_path / "report.xlsx", pack, [planning])
    wb = load_workbook(path)
    assert wb.sheetnames[:5] == SHEETS and "Agreement" not in wb.sheetnames
    s = score(pack, planning.answers)
    ws = wb["Summary"]
    assert value_of(ws, "Overall score") == r1(s.overall) == 75.0
    assert value_of(ws, "Vertical coherence") == r1(s.vertical.score) == 50.0
    assert value_of(ws, "Horizontal coherence") == r1(s.horizontal.score) == 88.9
    assert value_of(ws, "Governance") == 77.8 and value_of(ws, "Health") == 66.7
    assert value_of(ws, "Lowest sector score") == 66.7 and value_of(ws, "Standard deviation") == 5.6
    assert value_of(ws, "Respondents") == 1 and value_of(ws, "Lagging sectors") == "none"
    assert ws.cell(find_row(ws, "Overall score"), 2).number_format == "0.0"
    assert value_of(ws, "Indicator pack") == "Mini pack (mini, version 0.1)"
    (chart,) = ws._charts
    (series,) = chart.series
    header = find_row(ws, "Sector")
    assert series.val.numRef.f == f"'Summary'!$B${header + 1}:$B${header + 4}"
    assert (series.cat.numRef or series.cat.strRef).f == f"'Summary'!$A${header + 1}:$A${header + 4}"
    assert [ws.cell(r, 1).value for r in range(header + 1, header + 5)] == [
        "Governance", "Health", "Vertical coherence", "Horizontal coherence"]
    assert formula_cells(wb) == [] and xml_formulas(path) == []


def test_scores_sheet_table_colours_and_print_setup(tmp_path, pack, planning):
    wb = load_workbook(write_report(tmp_path / "r.xlsx", pack, [planning]))
    ws = wb["Scores"]
    assert [c.value for c in ws[1]][:4] == ["Sector", "Institutional arrangements", "Policy and practice", "Sector score"]
    assert [c.value for c in ws[2]][:4] == ["Governance", 100.0, 33.3, 77.8]
    assert [c.value for c in ws[3]][:4] == ["Health", None, 66.7, 66.7]  # no institutional indicator answered
    assert [c.value for c in ws[4]][:4] == ["All sectors", 100.0, 50.0, 75.0]
    sub = find_row(ws, "Policy and practice")
    assert ws.cell(sub, 2).value == "Sector policy" and ws.cell(sub, 3).value == 50.0
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert rules and all(rule.type == "colorScale" for rule in rules)
    assert "B2:D4" in [str(cf.sqref) for cf in ws.conditional_formatting]
    for name in SHEETS[1:]:
        sheet = wb[name]
        assert sheet.freeze_panes is not None, name
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1"


def test_gaps_are_ranked_as_the_engine_ranks(tmp_path, pack, round_of_three):
    wb = load_workbook(write_report(tmp_path / "r.xlsx", pack, round_of_three))
    ws = wb["Gaps"]
    gaps = score_round(pack, round_of_three).scores.gaps
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [g.indicator for g in gaps] == ["GOV-02", "GOV-01", "HEA-02", "HEA-01"]
    assert rows[0] == (1, "GOV-02", "Governance", "Is the local plan aligned with the national migration strategy?",
                       "Planned or ad hoc", "Fully in place and institutionalised", 66.7, 66.7, "Monitor")
    assert [r[7] for r in rows] == [r1(g.priority * 100) for g in gaps]


def test_action_plan_follows_the_steps_then_priority(tmp_path, pack, round_of_three):
    wb = load_workbook(write_report(tmp_path / "r.xlsx", pack, round_of_three))
    ws = wb["Action plan"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    # prepare: GOV-01 (66.7) then HEA-01 (33.3); monitoring: GOV-02 (66.7) then HEA-02 (50)
    assert [(r[0], r[1]) for r in rows] == [("Prepare", "GOV-01"), ("Prepare", "HEA-01"), ("Monitor", "GOV-02"), ("Monitor", "HEA-02")]
    gov02 = rows[2]
    assert gov02[3] == "Align some goals"  # median level 1 -> the action for level 2
    assert gov02[4] == "Planning department" and gov02[5] is None
    assert gov02[8] == "GOV-02 reaches 'Partly in place'"
    assert (gov02[9], gov02[10]) == ("10.7, 17.14", "23")
    assert rows[3][3] == "Plan support" and rows[3][8] == "HEA-02 reaches 'Planned or ad hoc'"
    assert [r[12] for r in rows] == ["Not started"] * 4
    for row in range(2, 6):
        assert dropdown(ws, f"M{row}") == ["Not started", "In progress", "Done", "Dropped"]


def test_responses_list_every_answer_with_literal_user_text(tmp_path, pack, planning):
    planning.answers.pop("HEA-01")
    path = write_report(tmp_path / "r.xlsx", pack, [planning])
    wb = load_workbook(path)
    ws = wb["Responses"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert [(r[3], r[6], r[7]) for r in rows] == [
        ("GOV-01", "Fully in place and institutionalised", 3), ("GOV-02", "Planned or ad hoc", 1),
        ("HEA-01", "Missing", None), ("HEA-02", "Not applicable", None)]
    assert rows[0][8] == "=cmd()" and rows[1][9] == "@SUM(A1)"
    typed = {
        ws.cell(2, 9): "=cmd()", ws.cell(3, 10): "@SUM(A1)",
        wb["Summary"].cell(find_row(wb["Summary"], "Authority"), 2): '=HYPERLINK("http://evil","click")',
        wb["Summary"].cell(find_row(wb["Summary"], "Country"), 2): "+221 Senegal",
        wb["Summary"].cell(find_row(wb["Summary"], "Respondent"), 2): "-5 Ana",
    }
    for cell, text in typed.items():
        assert (cell.value, cell.data_type) == (text, "s")
    assert formula_cells(wb) == [] and xml_formulas(path) == []


def test_round_report_has_an_agreement_sheet(tmp_path, pack, round_of_three):
    wb = load_workbook(write_report(tmp_path / "r.xlsx", pack, round_of_three))
    assert wb.sheetnames[:8] == [*SHEETS, "Agreement", "Answers side by side", "Heatmap"]
    result = score_round(pack, round_of_three)
    assert value_of(wb["Summary"], "Overall score") == r1(result.scores.overall) == 51.9
    assert value_of(wb["Summary"], "Respondents") == 3
    ws = wb["Agreement"]
    assert value_of(ws, "Horizontal agreement") == r1(result.horizontal_agreement.score) == 66.7
    assert value_of(ws, "Vertical agreement") == r1(result.vertical_agreement.score) == 33.3
    agenda = find_row(ws, "To discuss") + 2
    assert [ws.cell(agenda + i, 1).value for i in range(len(result.to_discuss))] == list(result.to_discuss)
    divergent = find_row(ws, "Divergent indicators") + 1
    assert [c.value for c in ws[divergent]][:6] == ["ID", "Question", "Spread (levels)", *[a.label() for a in round_of_three]]
    assert [a.label() for a in round_of_three][1:] == ["Health", "Interior"]  # by department, never the file
    assert [c.value for c in ws[divergent + 1]][:6] == ["GOV-01", "Is there a cross-departmental migration committee?", 2, 3, 1, 2]
    scores_ws = wb["Scores"]
    first = find_row(scores_ws, round_of_three[0].label())
    assert [scores_ws.cell(first + i, 4).value for i in range(3)] == [r1(s.overall) for s in result.respondents]
    assert len(list(wb["Responses"].iter_rows(min_row=2))) == 12


def test_report_in_french_translates_sheets_and_drop_downs(tmp_path, pack, planning, monkeypatch):
    install_translations(monkeypatch, tmp_path / "locales")
    try:
        wb = load_workbook(write_report(tmp_path / "r.xlsx", pack, [planning], lang="fr"))
    finally:
        forget_translations()
    assert wb.sheetnames[0] == "Synthèse" and "Plan d'action" in wb.sheetnames
    assert dropdown(wb["Plan d'action"], "M2") == ["Pas commencé", "En cours", "Fait", "Abandonné"]
    assert wb["Responses"].cell(5, 7).value == "Sans objet"


def test_report_of_a_filled_questionnaire_keeps_typed_text_literal(tmp_path, pack, monkeypatch):
    from coherence.excel.cells import write_text
    from coherence.excel.reader import read_questionnaire

    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    blank = write_template("mini", "en", tmp_path / "blank.xlsx")
    wb = load_workbook(blank)
    ws = wb["Questionnaire"]
    write_text(ws, find_row(ws, "Authority", col=2), 3, "=WEBSERVICE(\"http://x\")")
    ws.cell(find_row(ws, "GOV-01"), 5).value = "Partly in place"
    write_text(ws, find_row(ws, "GOV-01"), 6, "=cmd()")
    wb.save(tmp_path / "filled.xlsx")
    a = read_questionnaire(tmp_path / "filled.xlsx")
    out = load_workbook(write_report(tmp_path / "r.xlsx", pack, [a]))
    assert value_of(out["Summary"], "Authority") == "=WEBSERVICE(\"http://x\")"
    assert out["Responses"].cell(2, 9).value == "=cmd()" and out["Responses"].cell(2, 9).data_type == "s"
    assert formula_cells(out) == []


def test_report_command_writes_the_workbook_of_a_session(tmp_path, planning, monkeypatch, capsys):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    save_session(tmp_path / "s.json", planning)
    out = tmp_path / "report.xlsx"
    assert main(["report", str(tmp_path / "s.json"), "-o", str(out)]) == 0
    assert value_of(load_workbook(out)["Summary"], "Overall score") == 75.0


def test_outputs_are_written_in_the_language_of_their_data(tmp_path):
    from coherence.cli import main

    from .conftest import PROJECT_ROOT

    french = PROJECT_ROOT / "examples" / "sessions" / "health-local.json"  # a session answered in French
    assert main(["report", str(french), "-o", str(tmp_path / "fr.xlsx")]) == 0
    assert load_workbook(tmp_path / "fr.xlsx").sheetnames[0] == "Synthèse"
    assert main(["report", str(french), "-o", str(tmp_path / "en.xlsx"), "--lang", "en"]) == 0
    assert load_workbook(tmp_path / "en.xlsx").sheetnames[0] == "Summary"
    fr_questionnaire = PROJECT_ROOT / "examples" / "questionnaires" / "health-local-fr.xlsx"
    assert main(["score", str(fr_questionnaire), "-o", str(tmp_path / "s.xlsx")]) == 0
    assert load_workbook(tmp_path / "s.xlsx").sheetnames[0] == "Synthèse"
    mixed = sorted((PROJECT_ROOT / "examples" / "questionnaires").glob("*.xlsx"))  # en, fr, es: the interface's
    assert main(["score", *map(str, mixed), "-o", str(tmp_path / "m.xlsx")]) == 0
    assert load_workbook(tmp_path / "m.xlsx").sheetnames[0] == "Summary"
