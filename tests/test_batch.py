"""`coherence score` on session files: JSON results of DESIGN.md §7, errors, exit codes."""

from __future__ import annotations

import json

import pytest

from coherence.cli import main
from coherence.sessions import save_session

from .conftest import FIXTURES, assessment


@pytest.fixture
def round_files(tmp_path, monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    files = []
    for name, a in {
        "planning.json": assessment("local", "Planning", GOV_01=3, GOV_02=1, HEA_01=2, HEA_02="na"),
        "health.json": assessment("local", "Health", GOV_01=1, GOV_02=1, HEA_01=3, HEA_02=2),
        "ministry.json": assessment("national", "Interior", GOV_01=2, GOV_02=3, HEA_01="dk", HEA_02=0),
    }.items():
        save_session(tmp_path / name, a)
        files.append(str(tmp_path / name))
    return files


def test_score_json_to_stdout(round_files, capsys):
    assert main(["score", *round_files, "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["pack"] == {"id": "mini", "version": "0.1"}
    planning = doc["respondents"][0]
    assert planning["source"] == "planning.json" and planning["level"] == "local"
    # planning: GOV-01 w2 x1 + GOV-02 x.3333 -> 77.8; HEA-01 .6667, HEA-02 n/a -> 66.7
    assert planning["sectors"] == {"governance": 77.8, "health": 66.7}
    assert planning["counts"] == {"answered": 3, "dont_know": 0, "not_applicable": 1, "missing": 0}
    rnd = doc["round"]
    assert rnd["sectors"]["governance"] == 55.6  # median levels 2 and 1
    assert [d["indicator"] for d in rnd["divergent"]] == ["GOV-01", "GOV-02", "HEA-02"]
    # respondents are named by department, never by file name
    assert rnd["divergent"][0]["levels"] == {"Planning": 3, "Health": 1, "Interior": 2}
    assert [r["label"] for r in doc["respondents"]] == ["Planning", "Health", "Interior"]
    # GOV-02 at level 1: gap .6667 x weight 1 ranks before GOV-01 at level 2: .3333 x 2
    assert rnd["gaps"][0] == {"indicator": "GOV-02", "sector": "governance", "current": 0.3333, "target": 1.0, "gap": 0.6667, "priority": 0.6667}
    assert rnd["gaps"][1]["indicator"] == "GOV-01" and rnd["gaps"][1]["priority"] == 0.6666
    assert doc["errors"] == []


def test_unreadable_file_is_an_error_entry_and_others_still_scored(round_files, tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{")
    out = tmp_path / "round.json"
    assert main(["score", *round_files, str(bad), "--json", str(out)]) == 2
    doc = json.loads(out.read_text())
    assert len(doc["respondents"]) == 3
    assert doc["errors"][0]["source"] == "broken.json"
    assert "corrupt session" in doc["errors"][0]["message"]
    err = capsys.readouterr().err
    assert "broken.json" in err and "Traceback" not in err
    assert main(["score", *round_files, str(bad), "--json", str(out), "--keep-going"]) == 0


def test_score_needs_an_output(round_files, capsys):
    assert main(["score", *round_files]) == 2
    assert "give -o REPORT.xlsx, --json FILE, --csv FILE, or several" in capsys.readouterr().err


def test_unknown_pack_in_a_file_is_reported(round_files, tmp_path, capsys, monkeypatch):
    other = assessment(GOV_01=1).model_copy(update={"pack_id": "not-installed"})
    save_session(tmp_path / "other.json", other)
    assert main(["score", str(tmp_path / "other.json"), "--json", "-"]) == 2
    assert "unknown pack 'not-installed'" in capsys.readouterr().err


def test_score_writes_long_csv_for_analysts(tmp_path, capsys):
    import csv

    from coherence.cli import main

    from .conftest import PROJECT_ROOT

    files = sorted((PROJECT_ROOT / "examples" / "sessions").glob("*.json"))
    out = tmp_path / "long.csv"
    assert main(["score", *map(str, files), "--csv", str(out), "--json", str(tmp_path / "r.json")]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    doc = __import__("json").loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    first = doc["respondents"][0]
    mine = {(r["kind"], r["id"]): r for r in rows if r["respondent"] == first["label"]}
    assert float(mine[("overall", "")]["score"]) == first["overall"]
    assert float(mine[("sector", "health")]["score"]) == first["sectors"]["health"]
    assert mine[("indicator", "GOV-01")]["answer"] in {"0", "1", "2", "3", "dont_know", "not_applicable", ""}
    assert float(next(r for r in rows if r["respondent"] == "round" and r["kind"] == "overall")["score"]) == doc["round"]["overall"]


def test_long_csv_in_a_locale_with_a_decimal_comma(tmp_path):
    import csv

    from coherence.cli import main

    from .conftest import PROJECT_ROOT

    files = sorted((PROJECT_ROOT / "examples" / "sessions").glob("*.json"))
    out = tmp_path / "long-fr.csv"
    assert main(["score", *map(str, files), "--csv", str(out), "--csv-locale", "fr"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter=";"))
    overall = next(r for r in rows if r["respondent"] == "round" and r["kind"] == "overall")["score"]
    assert "," in overall and "." not in overall and float(overall.replace(",", ".")) > 0
