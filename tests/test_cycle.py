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
