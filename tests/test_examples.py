"""The bundled examples: a newcomer scores them at once, and both forms agree."""

from __future__ import annotations

import json

from coherence.cli import main
from .conftest import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "examples"


def _score(paths, out):
    assert main(["score", *map(str, paths), "--json", str(out)]) == 0
    return json.loads(out.read_text())


def test_sessions_and_questionnaires_give_the_same_scores(tmp_path):
    sessions = sorted((EXAMPLES / "sessions").glob("*.json"))
    questionnaires = sorted((EXAMPLES / "questionnaires").glob("*.xlsx"))
    assert len(sessions) == len(questionnaires) >= 3
    from_sessions = _score(sessions, tmp_path / "s.json")
    from_sheets = _score(questionnaires, tmp_path / "q.json")
    levels = {r["level"] for r in from_sessions["respondents"]}
    assert {"local", "national"} <= levels
    assert len({r["department"] for r in from_sessions["respondents"]}) >= 3
    by_department = lambda result: {r["department"]: (r["overall"], r["vertical"], r["horizontal"]) for r in result["respondents"]}  # noqa: E731
    assert by_department(from_sessions) == by_department(from_sheets)
    assert from_sessions["round"]["overall"] == from_sheets["round"]["overall"]
    assert from_sessions["round"]["divergent"], "the example respondents disagree somewhere, as real ones do"


def test_example_report_is_written(tmp_path):
    out = tmp_path / "round.xlsx"
    assert main(["score", *map(str, sorted((EXAMPLES / "sessions").glob("*.json"))), "-o", str(out)]) == 0
    from openpyxl import load_workbook

    assert "Agreement" in load_workbook(out, read_only=True).sheetnames
