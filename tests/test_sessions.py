"""Session files: atomic saves, a kept backup, one-line errors for bad files."""

from __future__ import annotations

import json

import pytest

from coherence.cli import main
from coherence.errors import UserError
from coherence.models import Answer, Special
from coherence.sessions import backup_path, load_session, save_session

from .conftest import assessment


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "s.json"
    a = assessment("regional", "Health", GOV_01=2, HEA_01="dk")
    a.answers["GOV-01"].notes = "=HYPERLINK(\"x\")  discussed at length"
    save_session(path, a)
    loaded = load_session(path)
    assert loaded.answers["GOV-01"].choice == 2
    assert loaded.answers["HEA-01"].choice == Special.dont_know
    assert loaded.answers["GOV-01"].notes.startswith("=HYPERLINK")
    assert loaded.respondent.level.value == "regional"
    assert not list(tmp_path.glob(".*tmp"))


def test_previous_good_version_is_kept_as_backup(tmp_path):
    path = tmp_path / "s.json"
    a = assessment(GOV_01=1)
    save_session(path, a)
    a.answers["GOV-02"] = Answer(choice=3)
    save_session(path, a)
    assert load_session(backup_path(path)).answers.keys() == {"GOV-01"}
    assert load_session(path).answers.keys() == {"GOV-01", "GOV-02"}


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "session file is empty"),
        ('{"format": "coherence-session", "pack_id": "mini"', "corrupt session: invalid JSON"),
        ('{"hello": 1}', "not a coherence session file"),
        ('[1, 2]', "not a coherence session file"),
        (
            '{"format": "coherence-session", "pack_id": "mini", "pack_version": "1", "answers": {"GOV-01": {"choice": "lots"}}}',
            "invalid session: answers.GOV-01.choice",
        ),
    ],
)
def test_bad_session_files_give_one_line_errors(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(UserError) as info:
        load_session(path)
    assert expected in info.value.line()
    assert str(path) in info.value.line()
    assert "\n" not in info.value.line()


def test_corrupt_session_offers_the_backup(tmp_path):
    path = tmp_path / "s.json"
    a = assessment(GOV_01=1)
    save_session(path, a)
    save_session(path, a)
    path.write_bytes(b'{"format": "coherence-session", "pa')  # torn by some other program
    with pytest.raises(UserError) as info:
        load_session(path)
    assert f"coherence --resume {backup_path(path)}" in info.value.line()


def test_cli_report_on_corrupt_session_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text("{not json")
    code = main(["report", str(path), "-o", str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "corrupt session" in err and "Traceback" not in err
    assert json.loads(json.dumps(err))  # printable one-liner
