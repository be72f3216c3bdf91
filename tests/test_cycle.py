"""The planning cycle: the living action plan, import-plan and its conflicts, follow-up
rounds, compare over several rounds, the Priorities sheet and the Word report."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.rounds import load_round, update_round
from coherence.sessions import save_session

from .conftest import FIXTURES, PROJECT_ROOT, assessment


def _session(path, level, department, authority="Springfield", **choices):
    a = assessment(level, department, **choices)
    a = a.model_copy(update={"authority": a.authority.model_copy(update={"name": authority})})
    save_session(path, a)
    return str(path)


@pytest.fixture
def packs(monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    return FIXTURES / "packs"


@pytest.fixture
def round_path(tmp_path, monkeypatch, packs):
    """A round of the mini pack, three respondents (two local, one national)."""
    monkeypatch.chdir(tmp_path)
    files = [
        _session(tmp_path / "planning.json", "local", "Planning", GOV_01=3, GOV_02=1, HEA_01=2, HEA_02="na"),
        _session(tmp_path / "health.json", "local", "Health", GOV_01=1, GOV_02=1, HEA_01=3, HEA_02=2),
        _session(tmp_path / "ministry.json", "national", "Interior", GOV_01=2, GOV_02=3, HEA_01="dk", HEA_02=0),
    ]
    path = tmp_path / "sf.round.json"
    assert main(["round", "create", str(path), "--pack", "mini", "--authority", "Springfield", "--cycle", "2026"]) == 0
    assert main(["round", "add", str(path), *files]) == 0
    return path


def plan_sheet(wb):
    ws = wb["Action plan"]
    header = {c.value: c.column for c in ws[1] if c.value}
    rows = {ws.cell(r, header["Plan ID"]).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, header["Plan ID"]).value}
    return ws, header, rows


def test_the_plan_is_made_once_edited_in_the_workbook_imported_and_kept(round_path, capsys):
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    assert "Action plan created in the round: 4 actions." in capsys.readouterr().out
    plan = load_round(round_path).plan
    # one row per gap > 0, in the engine's ranking; the pack's next-level action; the first actor
    assert [(a.id, a.indicator, a.action, a.owner, a.status) for a in plan] == [
        ("P-001", "GOV-02", "Align some goals", "Planning department", "not_started"),
        ("P-002", "GOV-01", "Institutionalise it", "Mayor's office", "not_started"),
        ("P-003", "HEA-02", "Plan support", "Health department", "not_started"),
        ("P-004", "HEA-01", "Open all services", "Health department", "not_started"),
    ]
    wb = load_workbook("r.xlsx")
    assert wb["_plan"].sheet_state == "veryHidden"
    ws, header, rows = plan_sheet(wb)
    assert list(header)[:10] == ["Plan ID", "Indicator", "Question", "Action", "Responsible", "Partners", "Due date", "Status",
                                 "Progress notes", "Last updated"]
    # the due date column takes real dates: a date validation and a date format
    due_col = ws.cell(1, header["Due date"]).column_letter
    kinds = {dv.type for dv in ws.data_validations.dataValidation if any(due_col in str(r) for r in dv.sqref.ranges)}
    assert "date" in kinds
    assert ws.cell(rows["P-001"], header["Due date"]).number_format == "yyyy-mm-dd"
    # edit in the workbook as a planning officer would
    r = rows["P-003"]
    ws.cell(r, header["Responsible"]).value = "Planning dept"
    ws.cell(r, header["Due date"]).value = date(2027, 3, 31)
    ws.cell(r, header["Status"]).value = "In progress"
    notes = ws.cell(r, header["Progress notes"])
    notes.value = "=first meeting held"
    notes.data_type = "s"  # typed as text (Excel: a leading apostrophe); stays text on the way back
    new = ws.max_row + 1
    ws.cell(new, header["Indicator"]).value = "HEA-01"
    ws.cell(new, header["Action"]).value = "Train front-desk staff"
    ws.cell(new, header["Status"]).value = "Not started"
    wb.save("edited.xlsx")
    capsys.readouterr()
    assert main(["round", "import-plan", str(round_path), "edited.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "P-003: owner 'Health department' → 'Planning dept'" in out
    assert "P-003: due date '' → '2027-03-31'" in out
    assert "P-003: status 'Not started' → 'In progress'" in out
    assert "P-005: new action for HEA-01" in out
    held = {a.id: a for a in load_round(round_path).plan}
    assert (held["P-003"].owner, held["P-003"].due, held["P-003"].status, held["P-003"].notes) == (
        "Planning dept", date(2027, 3, 31), "in_progress", "=first meeting held")
    assert held["P-005"].action == "Train front-desk staff" and held["P-005"].indicator == "HEA-01"
    # importing the same workbook again changes nothing and adds nothing twice
    assert main(["round", "import-plan", str(round_path), "edited.xlsx"]) == 0
    assert "already added as P-005" in capsys.readouterr().out
    assert len(load_round(round_path).plan) == 5
    # export again: never regenerated, the edits are still there
    assert main(["round", "report", str(round_path), "-o", "r2.xlsx"]) == 0
    assert "Action plan created" not in capsys.readouterr().out
    ws, header, rows = plan_sheet(load_workbook("r2.xlsx"))
    r = rows["P-003"]
    assert ws.cell(r, header["Responsible"]).value == "Planning dept"
    assert ws.cell(r, header["Due date"]).value.date() == date(2027, 3, 31)
    assert ws.cell(r, header["Status"]).value == "In progress"
    notes = ws.cell(r, header["Progress notes"])
    assert notes.value == "=first meeting held" and notes.data_type == "s"
    assert set(rows) == {"P-001", "P-002", "P-003", "P-004", "P-005"}


def test_a_row_changed_in_both_places_is_a_conflict(round_path, capsys):
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    wb = load_workbook("r.xlsx")
    ws, header, rows = plan_sheet(wb)
    ws.cell(rows["P-002"], header["Responsible"]).value = "Council secretary"
    ws.cell(rows["P-001"], header["Status"]).value = "Done"
    ws.delete_rows(rows["P-004"])  # deleted in the workbook
    wb.save("edited.xlsx")

    def in_round(round_):
        plan = [a.model_copy(update={"owner": "Mayor"}) if a.id == "P-002" else a for a in round_.plan]
        return round_.model_copy(update={"plan": plan})

    update_round(round_path, in_round)
    capsys.readouterr()
    assert main(["round", "import-plan", str(round_path), "edited.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "P-002: changed in the round and in the workbook since the export (owner):" in out
    assert "owner: round 'Mayor' | workbook 'Council secretary'" in out
    assert "kept the round's version; give --take workbook" in out
    assert "P-004: not in the workbook (deleted there?); kept in the round" in out
    assert "P-001: status 'Not started' → 'Done'" in out  # the other change went in
    held = {a.id: a for a in load_round(round_path).plan}
    assert held["P-002"].owner == "Mayor" and held["P-001"].status == "done" and "P-004" in held
    assert main(["round", "import-plan", str(round_path), "edited.xlsx", "--take", "round"]) == 0
    assert "kept the round's version (--take round)" in capsys.readouterr().out
    assert main(["round", "import-plan", str(round_path), "edited.xlsx", "--take", "workbook"]) == 0
    out = capsys.readouterr().out
    assert "took the workbook's version (--take workbook)" in out and "P-002: owner 'Mayor' → 'Council secretary'" in out
    assert {a.id: a for a in load_round(round_path).plan}["P-002"].owner == "Council secretary"


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda ws, h, rows: ws.cell(rows["P-001"], h["Plan ID"]).__setattr__("value", "P-099"), "Action plan!A{P-001}: plan id P-099 is not in the round's plan"),
        (lambda ws, h, rows: ws.cell(rows["P-001"], h["Plan ID"]).__setattr__("value", "P-002"), "plan id P-002 appears twice"),
        (lambda ws, h, rows: ws.cell(rows["P-001"], h["Due date"]).__setattr__("value", "next spring"), "Action plan!G{P-001}: 'next spring' is not a date"),
        (lambda ws, h, rows: ws.cell(rows["P-001"], h["Status"]).__setattr__("value", "Almost"), "Action plan!H{P-001}: 'Almost' is not a status"),
    ],
)
def test_bad_edits_are_refused_naming_the_cell(round_path, capsys, edit, message):
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    wb = load_workbook("r.xlsx")
    ws, header, rows = plan_sheet(wb)
    edit(ws, header, rows)
    wb.save("edited.xlsx")
    before = load_round(round_path).plan
    capsys.readouterr()
    assert main(["round", "import-plan", str(round_path), "edited.xlsx"]) == 2
    err = capsys.readouterr().err
    assert message.replace("{P-001}", str(rows["P-001"])) in err and len(err.strip().splitlines()) == 1
    assert load_round(round_path).plan == before


def test_statuses_and_headers_are_read_in_any_shipped_language(round_path, capsys):
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    wb = load_workbook("r.xlsx")
    ws, header, rows = plan_sheet(wb)
    ws.cell(rows["P-001"], header["Status"]).value = "Terminé"
    ws.cell(rows["P-002"], header["Status"]).value = "En curso"
    wb.save("edited.xlsx")
    assert main(["round", "import-plan", str(round_path), "edited.xlsx"]) == 0
    held = {a.id: a.status for a in load_round(round_path).plan}
    assert held["P-001"] == "done" and held["P-002"] == "in_progress"


def test_a_workbook_of_another_round_is_refused_naming_the_cell(round_path, tmp_path, capsys):
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    other = tmp_path / "other.round.json"
    assert main(["round", "create", str(other), "--pack", "mini", "--authority", "Shelbyville", "--cycle", "2026"]) == 0
    capsys.readouterr()
    assert main(["round", "import-plan", str(other), "r.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "r.xlsx:_plan!B2: the workbook is the report of another round (authority 'Springfield'; the round's is 'Shelbyville')" in err
    assert load_round(other).plan == []


def test_a_follow_up_carries_scope_targets_and_the_plan_with_statuses(round_path, capsys):
    assert main(["round", "scope", str(round_path), "health", "--reason", "no health mandate"]) == 0
    assert main(["round", "target", str(round_path), "GOV-01", "2"]) == 0
    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    update_round(round_path, lambda r: r.model_copy(update={"plan": [a.model_copy(update={"status": "done"}) if a.id == "P-001" else a for a in r.plan]}))
    assert main(["round", "create", "sf-2027.round.json", "--pack", "mini", "--authority", "Springfield", "--cycle", "2027",
                 "--follow-up", str(round_path)]) == 0
    before, after = load_round(round_path), load_round("sf-2027.round.json")
    assert after.scope == {"health": "no health mandate"} and after.targets == {"GOV-01": 2}
    assert [(a.id, a.status) for a in after.plan] == [(a.id, a.status) for a in before.plan]
    assert {a.id: a.status for a in after.plan}["P-001"] == "done"
    assert after.cycle.previous is not None and after.cycle.previous.file == round_path.name
    assert after.respondents == []


def _round(tmp_path, name, cycle, sessions, *, authority="Springfield", follow_up=None):
    path = tmp_path / name
    args = ["round", "create", str(path), "--pack", "mini", "--authority", authority, "--cycle", cycle]
    if follow_up:
        args += ["--follow-up", str(follow_up)]
    assert main(args) == 0
    files = [_session(tmp_path / f"{cycle}-{dept}.json", level, dept, authority=authority, **choices) for dept, level, choices in sessions]
    assert main(["round", "add", str(path), *files]) == 0
    return path


def test_compare_three_rounds_by_hand(tmp_path, monkeypatch, packs, capsys):
    monkeypatch.chdir(tmp_path)
    same = dict(GOV_02=1, HEA_01=1, HEA_02=1)
    r1 = _round(tmp_path, "a.round.json", "2026", [("Planning", "local", dict(GOV_01=1, **same)), ("Health", "local", dict(GOV_01=1, **same))])
    assert main(["round", "report", str(r1), "-o", "r1.xlsx"]) == 0
    hea01 = next(a.id for a in load_round(r1).plan if a.indicator == "HEA-01")
    r2 = _round(tmp_path, "b.round.json", "2027", [("Planning", "local", dict(GOV_01=2, **same)), ("Health", "local", dict(GOV_01=2, **same))], follow_up=r1)
    update_round(r2, lambda r: r.model_copy(update={"plan": [a.model_copy(update={"status": "done"}) if a.id == hea01 else a for a in r.plan]}))
    r3 = _round(tmp_path, "c.round.json", "2028", [("Planning", "local", dict(GOV_01=3, **same)), ("Health", "local", dict(GOV_01=3, **same)),
                                                    ("Interior", "national", dict(GOV_01=3, **same))], follow_up=r2)
    capsys.readouterr()
    assert main(["compare", str(r1), str(r2), str(r3), "-o", "progress.xlsx"]) == 0
    out = capsys.readouterr().out
    lines = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]] for line in out.splitlines() if line.startswith("│")}
    # governance: (2×v(GOV-01) + ⅓) / 3; health stays ⅓; overall over 4.5 weight; horizontal GOV-01 (2) and HEA-01 (1)
    assert lines["Overall"] == ["33.3", "48.1", "63.0", "+29.6"]
    assert lines["Governance"] == ["33.3", "55.6", "77.8", "+44.4"]
    assert lines["Health"] == ["33.3", "33.3", "33.3", "0.0"]
    assert lines["Vertical coherence"] == ["33.3", "33.3", "33.3", "0.0"]
    assert lines["Horizontal coherence"] == ["33.3", "55.6", "77.8", "+44.4"]
    assert "Respondents in 2028 differ from the round before (added: Interior)." in out
    assert "Benchmark" not in out
    assert "Indicators improved (2026 → 2028)" in out and "GOV-01" in out and "+66.7" in out
    assert "Actions marked done whose indicator did not move" in out and hea01 in out
    wb = load_workbook("progress.xlsx")
    assert wb.sheetnames == ["Progress", "Indicators", "Plan"]
    from openpyxl.chart import LineChart

    assert [type(c) for c in wb["Progress"]._charts] == [LineChart]
    progress = {row[0]: row[1:] for row in wb["Progress"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert progress["Governance"][:4] == (33.3, 55.6, 77.8, 44.4)
    indicators = [row for row in wb["Indicators"].iter_rows(values_only=True)]
    assert any(r[0] == "GOV-01" and r[4] == 66.7 for r in indicators)
    assert [r[0] for r in wb["Plan"].iter_rows(min_row=3, values_only=True)] == [hea01]
    # the output may not be one of the inputs: refused before any work
    before = r3.read_bytes()
    assert main(["compare", str(r1), str(r3), "-o", str(r3)]) == 2
    assert r3.read_bytes() == before
    # another authority: a benchmark, said so
    other = _round(tmp_path, "x.round.json", "2026", [("Planning", "local", dict(GOV_01=0, **same))], authority="Shelbyville")
    capsys.readouterr()
    assert main(["compare", str(r1), str(other)]) == 0
    assert "Benchmark: these files are of different authorities (Springfield, Shelbyville)" in capsys.readouterr().out


def test_compare_across_pack_versions_goes_through_the_migrations(tmp_path, monkeypatch, packs, capsys):
    monkeypatch.chdir(tmp_path)
    same = dict(HEA_01=1, HEA_02=1)
    old = _round(tmp_path, "old.round.json", "2026", [("Planning", "local", dict(GOV_01=1, GOV_02=1, **same))])
    newer = tmp_path / "packs"
    shutil.copytree(FIXTURES / "packs" / "mini", newer / "mini")
    meta = (newer / "mini" / "pack.yaml").read_text().replace('version: "0.1"', 'version: "0.2"')
    meta += '\nmigrations:\n  - {from: "0.1", renamed: {GOV-02: GOV-03}}\n'
    (newer / "mini" / "pack.yaml").write_text(meta)
    gov = newer / "mini" / "sectors" / "governance.yaml"
    gov.write_text(gov.read_text().replace("GOV-02", "GOV-03"))
    monkeypatch.setenv("COHERENCE_PACKS", str(newer))
    path = tmp_path / "new.round.json"
    assert main(["round", "create", str(path), "--pack", "mini", "--authority", "Springfield", "--cycle", "2027"]) == 0
    a = assessment("local", "Planning", GOV_01=1, GOV_03=3, **same).model_copy(update={"pack_version": "0.2"})
    a = a.model_copy(update={"authority": a.authority.model_copy(update={"name": "Springfield"})})
    save_session(tmp_path / "new.json", a)
    assert main(["round", "add", str(path), str(tmp_path / "new.json")]) == 0
    capsys.readouterr()
    assert main(["compare", str(old), str(path)]) == 0
    out = capsys.readouterr().out
    assert "Compared through the migrations of pack mini from 0.1." in out
    lines = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]] for line in out.splitlines() if line.startswith("│")}
    # GOV-02 (now GOV-03) from ⅓ to 1: governance (2×⅓ + v) / 3
    assert lines["Governance"] == ["33.3", "55.6", "+22.2"]
    assert "GOV-03" in out  # improved, under its new id


def test_the_word_report_of_a_french_round(tmp_path, monkeypatch, capsys):
    import docx

    monkeypatch.delenv("COHERENCE_PACKS", raising=False)
    monkeypatch.chdir(tmp_path)
    questionnaires = PROJECT_ROOT / "examples" / "questionnaires"
    assert main(["round", "create", "fr.round.json", "--pack", "mainstreaming-migration", "--authority", "Villa Esperanza",
                 "--cycle", "2026", "--lang", "fr"]) == 0
    assert main(["round", "add", "fr.round.json", str(questionnaires / "planning-local-en.xlsx"), str(questionnaires / "health-local-fr.xlsx")]) == 0
    capsys.readouterr()
    assert main(["round", "show", "fr.round.json", "--json", "-"]) == 0
    figures = json.loads(capsys.readouterr().out)["round"]
    assert main(["round", "report", "fr.round.json", "--docx", "rapport.docx"]) == 0  # without -o
    assert not list(tmp_path.glob("*.xlsx")) and load_round("fr.round.json").plan  # the plan is saved in the round
    document = docx.Document("rapport.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert {"Rapport d'auto-évaluation", "Concordance entre répondants", "Plan d'action"} <= set(headings)
    headline = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}

    def fr(value):
        return f"{value:.1f}".replace(".", ",")

    assert headline["Score global"] == fr(figures["overall"])
    assert headline["Cohérence verticale"] == fr(figures["vertical"])
    assert headline["Cohérence horizontale"] == fr(figures["horizontal"])
    assert headline["Secteurs évalués"] == "{} sur {}".format(*figures["sectors_assessed"])
    assert len(document.inline_shapes) == 2  # the bar chart and the radar, as PNG images
    plan = document.tables[-1]
    assert plan.rows[1].cells[5].text == "Pas commencé"  # the status in the report's language
    assert len(plan.rows) == len(load_round("fr.round.json").plan) + 1
    assert not document.element.xpath("//w:bidi")  # French reads left to right

    # the same round reported in Arabic: the document reads right to left
    assert main(["round", "report", "fr.round.json", "--docx", "ar.docx", "--lang", "ar"]) == 0
    arabic = docx.Document("ar.docx")
    paragraphs = [p for p in arabic.paragraphs if p.text]
    assert paragraphs and all(p._p.pPr is not None and p._p.pPr.xpath("w:bidi") for p in paragraphs)
    assert all(t._tbl.tblPr.xpath("w:bidiVisual") for t in arabic.tables)
    assert any("الاتساق" in p.text for p in arabic.paragraphs + [c.paragraphs[0] for t in arabic.tables for r in t.rows for c in r.cells])


def test_every_chart_is_of_the_kind_stated(round_path, capsys):
    from openpyxl.chart import BarChart, RadarChart

    assert main(["round", "report", str(round_path), "-o", "r.xlsx"]) == 0
    wb = load_workbook("r.xlsx")
    assert wb.sheetnames[:2] == ["Summary", "Priorities"]
    assert [type(c) for c in wb["Summary"]._charts] == [BarChart]
    assert [type(c) for c in wb["Priorities"]._charts] == [RadarChart]
    rows = list(wb["Priorities"].iter_rows(values_only=True))
    top = [r for r in rows if isinstance(r[0], int)]
    assert [r[1] for r in top] == ["GOV-02", "GOV-01", "HEA-02", "HEA-01"]
    assert top[0][5] == "Planning department"  # the plan's owner
    radar = {r[0]: r[1:3] for r in rows if r[0] in ("Governance", "Health")}
    assert radar == {"Governance": (55.6, 100), "Health": (44.4, 100)}  # current, target (top level everywhere)
    assert ("Vertical coherence", 50) == rows[next(i for i, r in enumerate(rows) if r[0] == "Weaker coherence") + 1][:2]
