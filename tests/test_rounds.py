"""The round as a file: create, add, show, report, agree, scope; identity and integrity rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.locks import FileLock, LockedError
from coherence.models import Answer
from coherence.rounds import add_action, load_round, update_round
from coherence.sessions import save_session

from .conftest import FIXTURES, PROJECT_ROOT, assessment


@pytest.fixture
def workshop(tmp_path, monkeypatch):
    """A round of the mini pack and three respondents' session files (two local, one national)."""
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    monkeypatch.chdir(tmp_path)
    files = {}
    for name, a in {
        "planning.json": assessment("local", "Planning", GOV_01=3, GOV_02=1, HEA_01=2, HEA_02="na"),
        "health.json": assessment("local", "Health", GOV_01=1, GOV_02=1, HEA_01=3, HEA_02=2),
        "ministry.json": assessment("national", "Interior", GOV_01=2, GOV_02=3, HEA_01="dk", HEA_02=0),
    }.items():
        a = a.model_copy(update={"authority": a.authority.model_copy(update={"name": "Springfield"})})
        save_session(tmp_path / name, a)
        files[name] = str(tmp_path / name)
    assert main(["round", "create", "sf.round.json", "--pack", "mini", "--authority", "Springfield", "--cycle", "2026"]) == 0
    return tmp_path / "sf.round.json", files


def show(capsys, round_path) -> dict:
    capsys.readouterr()
    assert main(["round", "show", str(round_path), "--json", "-"]) == 0
    return json.loads(capsys.readouterr().out)


def test_three_respondents_one_agreed_answer_one_sector_out_of_scope(workshop, capsys):
    round_path, files = workshop
    assert main(["round", "add", str(round_path), *files.values()]) == 0
    doc = show(capsys, round_path)
    assert [r["label"] for r in doc["respondents"]] == ["Planning", "Health", "Interior"]
    # medians: GOV-01 of 3, 1, 2 -> 2 (⅔, weight 2); GOV-02 of 1, 1, 3 -> 1 (⅓)
    assert doc["round"]["sectors"]["governance"] == 55.6
    assert main(["round", "agree", str(round_path), "GOV-01", "3", "--notes", "the committee met monthly"]) == 0
    assert main(["round", "scope", str(round_path), "health", "--reason", "no health mandate"]) == 0
    doc = show(capsys, round_path)
    rnd = doc["round"]
    # GOV-01 agreed at 3: (2×1 + 1×0.3333) / 3 = 77.8; health out of scope: the overall is governance's
    assert rnd["sectors"] == {"governance": 77.8, "health": None}
    assert rnd["overall"] == 77.8 and rnd["vertical"] == 33.3 and rnd["horizontal"] == 100.0
    assert rnd["sectors_assessed"] == [1, 1] and rnd["out_of_scope"] == {"health": "no health mandate"}
    assert rnd["agreed"] == {"GOV-01": {"choice": 3, "notes": "the committee met monthly"}} and rnd["agreed_count"] == 1
    assert "GOV-01" not in rnd["to_discuss"]  # agreed: off the agenda
    assert doc["respondents"][0]["sectors"]["health"] is None  # out of scope for everyone
    capsys.readouterr()
    assert main(["round", "report", str(round_path), "-o", "report.xlsx"]) == 0
    wb = load_workbook("report.xlsx")
    assert {"Heatmap", "Answers side by side", "Agreement"} <= set(wb.sheetnames)
    side = wb["Answers side by side"]
    header = [c.value for c in side[1]]
    assert header[:5] == ["ID", "Sector", "Question", "Agreed answer", "Median of respondents"] and header[5:] == ["Planning", "Health", "Interior"]
    gov01 = [c.value for c in side[2]]
    assert gov01[0] == "GOV-01" and gov01[3] == "Fully in place and institutionalised" and gov01[4] == "Partly in place"
    heat = wb["Heatmap"]
    cells = {row[0].value: [c.value for c in row] for row in heat.iter_rows(min_row=4)}
    assert cells["Round"][2:5] == [77.8, "—", 77.8]  # governance, health (out of scope), overall
    summary = {row[0].value: row[1].value for row in wb["Summary"].iter_rows() if row[0].value}
    assert summary["Out of scope"] == "Health — no health mandate" and summary["Sectors assessed"] == "1 of 1"


def test_a_sector_a_respondent_did_not_start_is_not_assessed_for_them(workshop, capsys, tmp_path):
    round_path, files = workshop
    only_governance = assessment("local", "Housing", GOV_01=0, GOV_02=0).model_copy(
        update={"authority": {"name": "Springfield", "country": "", "level": "local"}}
    )
    save_session(tmp_path / "housing.json", only_governance)
    assert main(["round", "add", str(round_path), files["planning.json"], str(tmp_path / "housing.json")]) == 0
    housing = show(capsys, round_path)["respondents"][1]
    assert housing["sectors"] == {"governance": 0.0, "health": None} and housing["overall"] == 0.0
    assert housing["sectors_assessed"] == [1, 2] and housing["not_assessed"] == ["health"]
    assert housing["completion"] == {"governance": [2, 2], "health": [0, 2]}


def test_the_same_bytes_twice_are_skipped_and_the_same_respondent_is_refused(workshop, capsys, tmp_path):
    round_path, files = workshop
    assert main(["round", "add", str(round_path), files["planning.json"]]) == 0
    capsys.readouterr()
    # the same file again, and again by another path: skipped, reported once each, the round unchanged
    relative = f"../{tmp_path.name}/./planning.json"
    assert main(["round", "add", str(round_path), files["planning.json"], relative]) == 0
    out = capsys.readouterr().out
    assert "planning.json: skipped: already added" in out and out.count("planning.json: skipped") == 1
    # the same respondent in another file (new answers): refused unless --replace
    again = assessment("local", "  planning ", GOV_01=0, GOV_02=0, HEA_01=0, HEA_02=0).model_copy(
        update={"authority": {"name": "SPRINGFIELD", "country": "", "level": "local"}}
    )
    save_session(tmp_path / "planning-v2.json", again)
    assert main(["round", "add", str(round_path), str(tmp_path / "planning-v2.json")]) == 2
    err = capsys.readouterr().err
    assert "planning-v2.json: refused: Planning is already in the round (from planning.json); give --replace" in err
    assert load_round(round_path).respondents[0].answers["GOV-01"].choice == 3
    assert main(["round", "add", str(round_path), str(tmp_path / "planning-v2.json"), "--replace"]) == 0
    assert "replaced the answers from planning.json" in capsys.readouterr().out
    assert [r.answers["GOV-01"].choice for r in load_round(round_path).respondents] == [0]


def test_files_of_another_pack_or_with_answers_outside_the_scale_are_refused(workshop, capsys, tmp_path):
    round_path, _files = workshop
    other = assessment("local", "Roads", GOV_01=1).model_copy(update={"pack_id": "tvet-refugee-inclusion", "pack_version": "1.0.0"})
    save_session(tmp_path / "other.json", other)
    bad = assessment("local", "Parks", GOV_01=1)
    bad.answers["GOV-02"] = Answer(choice=7)
    save_session(tmp_path / "bad.json", bad)
    unknown = assessment("local", "Water", GOV_01=1)
    unknown.answers["XYZ-99"] = Answer(choice=1)
    save_session(tmp_path / "unknown.json", unknown)
    capsys.readouterr()
    assert main(["round", "add", str(round_path), "other.json", "bad.json", "unknown.json"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "other.json: refused: a file of pack 'tvet-refugee-inclusion'; the round uses pack 'mini'"
    assert err[1] == "bad.json: refused: GOV-02: level 7 is outside the scale (0–3)"
    assert err[2] == "unknown.json: refused: unknown indicator 'XYZ-99' (not in pack mini 0.1)"
    assert load_round(round_path).respondents == []
    # coherence score checks sessions the same way
    assert main(["score", "bad.json", "--json", "-"]) == 2


def test_a_round_edited_by_hand_with_a_level_outside_the_scale_is_refused(workshop, capsys):
    round_path, files = workshop
    assert main(["round", "add", str(round_path), files["planning.json"]]) == 0
    data = json.loads(round_path.read_text(encoding="utf-8"))
    data["respondents"][0]["answers"]["GOV-01"]["choice"] = 9
    round_path.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["round", "show", str(round_path)]) == 2
    assert capsys.readouterr().err.strip() == f"coherence: {round_path}: Planning: GOV-01: level 9 is outside the scale (0–3)"


def test_score_counts_the_same_file_given_twice_once(workshop, capsys, tmp_path):
    _round, files = workshop
    assert main(["score", files["planning.json"], f"../{tmp_path.name}/./planning.json", files["health.json"], "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["label"] for r in doc["respondents"]] == ["Planning", "Health"]


def test_a_locked_round_names_its_holder_and_a_dead_holder_is_taken_over(workshop):
    import os
    import socket

    round_path, _files = workshop
    ended = subprocess.run([sys.executable, "-c", f"from coherence.locks import FileLock; FileLock({str(round_path)!r}).acquire()"])
    assert ended.returncode == 0 and (round_path.parent / "sf.round.json.lock").exists()  # left by a process that ended
    script = textwrap.dedent(
        f"""
        import sys
        from coherence.locks import FileLock, LockedError
        try:
            FileLock({str(round_path)!r}).acquire()
        except LockedError as exc:
            print(exc.line()); sys.exit(3)
        """
    )
    with FileLock(round_path):  # the stale lock is taken over
        other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert other.returncode == 3, other.stderr
        line = other.stdout.strip()
        assert f"on {socket.gethostname()}, process {os.getpid()}, since" in line and "open it read-only" in line
    assert not (round_path.parent / "sf.round.json.lock").exists()


def test_two_processes_changing_one_round_lose_nothing(workshop):
    round_path, _files = workshop
    script = textwrap.dedent(
        f"""
        import sys
        from coherence.rounds import add_action, update_round
        for i in range(15):
            update_round({str(round_path)!r}, lambda r: add_action(r, "GOV-01", f"{{sys.argv[1]}}-{{i}}"))
        """
    )
    workers = [subprocess.Popen([sys.executable, "-c", script, name], env=None) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    plan = load_round(round_path).plan
    assert sorted(a.action for a in plan) == sorted(f"{n}-{i}" for n in "ab" for i in range(15))
    assert len({a.id for a in plan}) == 30  # plan ids never collide


def test_the_example_round_of_villa_esperanza(capsys):
    path = PROJECT_ROOT / "examples" / "villa-esperanza-2026.round.json"
    doc = show(capsys, path)
    assert doc["round"]["authority"]["name"] == "Villa Esperanza" and len(doc["respondents"]) == 4
    assert doc["round"]["agreed_count"] >= 3
    assert all(r["label"] and not r["label"].endswith(".xlsx") for r in doc["respondents"])


def test_a_round_of_an_earlier_pack_version_is_carried_over_by_round_migrate(workshop, capsys, tmp_path, monkeypatch):
    round_path, files = workshop
    assert main(["round", "add", str(round_path), *files.values()]) == 0
    assert main(["round", "agree", str(round_path), "GOV-02", "2"]) == 0
    assert main(["round", "target", str(round_path), "GOV-02", "3"]) == 0
    from coherence.rounds import add_action

    update_round(round_path, lambda r: add_action(r, "GOV-02", "Align the plan"))
    # version 0.2 of the pack: GOV-02 renamed GOV-03
    packs = tmp_path / "packs2"
    shutil.copytree(FIXTURES / "packs" / "mini", packs / "mini")
    header = packs / "mini" / "pack.yaml"
    header.write_text(header.read_text().replace('version: "0.1"', 'version: "0.2"') + 'migrations:\n  - {from: "0.1", renamed: {GOV-02: GOV-03}}\n')
    sector = packs / "mini" / "sectors" / "governance.yaml"
    sector.write_text(sector.read_text().replace("id: GOV-02", "id: GOV-03"))
    monkeypatch.setenv("COHERENCE_PACKS", str(packs))
    capsys.readouterr()
    assert main(["round", "show", str(round_path)]) == 2
    assert "carry it over with: coherence round migrate" in capsys.readouterr().err
    assert main(["round", "migrate", str(round_path)]) == 0
    out = capsys.readouterr().out
    assert "migrated from version 0.1 to 0.2" in out and "GOV-03: from GOV-02" in out
    migrated = load_round(round_path)
    assert migrated.pack.version == "0.2" and migrated.consensus["GOV-03"].choice == 2 and migrated.targets == {"GOV-03": 3}
    assert [a.indicator for a in migrated.plan] == ["GOV-03"]
    assert [r.answers["GOV-03"].choice for r in migrated.respondents] == [1, 1, 3]
    assert round_path.with_name(round_path.name + ".bak").exists()  # the 0.1 round is kept
    assert main(["round", "show", str(round_path), "--json", "-"]) == 0


def test_a_report_or_json_onto_the_round_itself_is_refused_even_through_a_hard_link(workshop, capsys):
    import os

    round_path, files = workshop
    assert main(["round", "add", str(round_path), *files.values()]) == 0
    before = round_path.read_bytes()
    os.link(round_path, round_path.with_name("same.json"))
    for args in (["report", str(round_path), "-o", "same.json"], ["show", str(round_path), "--json", "same.json"]):
        capsys.readouterr()
        assert main(["round", *args]) == 2
        assert "the output would overwrite the input" in capsys.readouterr().err
    assert round_path.read_bytes() == before
