"""What clumsy and hostile users do (issue: no silent wrong number, no lost file).

Each class of failure has several instances here: outputs over inputs, a questionnaire
whose layout was changed in Excel, writes that fail, text from files reaching the
terminal, reads that would block, labels that read alike.
"""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.errors import UserError
from coherence.excel.reader import read_questionnaire
from coherence.excel.template import write_template
from coherence.fileio import atomic_write, read_bounded
from coherence.sessions import load_session, save_session

from .conftest import FIXTURES, PROJECT_ROOT, assessment


@pytest.fixture(autouse=True)
def mini_packs(monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))


@pytest.fixture
def filled(tmp_path):
    """A mini questionnaire filled in Excel: GOV-01 3, GOV-02 1, HEA-01 2, HEA-02 0."""
    path = write_template("mini", "en", tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    ws = wb["Questionnaire"]
    for row in range(12, 16):
        ws.cell(row, 5).value = {"GOV-01": 3, "GOV-02": 1, "HEA-01": 2, "HEA-02": 0}[ws.cell(row, 1).value]
    ws["C7"] = "Planning"
    wb.save(tmp_path / "filled.xlsx")
    return tmp_path / "filled.xlsx"


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


# --------------------------------------------------------------------------- 1. outputs never overwrite inputs


def test_an_output_naming_an_input_is_refused_before_any_work(filled, tmp_path, capsys):
    before = filled.read_bytes()
    assert main(["score", str(filled), "-o", str(filled)]) == 2
    assert "the output would overwrite the input" in _one_line(capsys)
    link = tmp_path / "link.xlsx"
    link.symlink_to(filled)
    assert main(["score", str(filled), "--json", str(link)]) == 2  # the same file through a link
    assert main(["score", str(filled), "--csv", f"{tmp_path}/../{tmp_path.name}/filled.xlsx"]) == 2
    assert filled.read_bytes() == before
    session = tmp_path / "s.json"
    save_session(session, assessment("local", "Planning", GOV_01=1))
    assert main(["report", str(session), "-o", str(session)]) == 2
    assert load_session(session).answers["GOV-01"].choice == 1


def test_template_onto_an_existing_file_needs_force_and_dash_is_refused(filled, capsys):
    before = filled.read_bytes()
    assert main(["template", "mini", "-o", str(filled)]) == 2
    assert "exists already" in _one_line(capsys) and filled.read_bytes() == before
    assert main(["template", "mini", "-o", str(filled), "--force"]) == 0
    assert main(["template", "mini", "-o", "-"]) == 2
    assert main(["score", str(filled), "-o", "-"]) == 2
    assert "cannot be written to standard output" in capsys.readouterr().err


# --------------------------------------------------------------------------- 3. the questionnaire layout is verified


def test_a_column_inserted_before_the_answers_is_read_correctly(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["Questionnaire"]
    ws.protection.sheet = False
    ws.insert_cols(4)  # a column for the department's own remarks, between question and guidance
    ws["D11"] = "Remarks"
    ws["D12"] = 0  # a number someone typed there: must not be read as GOV-01's answer
    wb.save(tmp_path / "inserted.xlsx")
    read = read_questionnaire(tmp_path / "inserted.xlsx")
    assert {k: a.choice for k, a in read.answers.items()} == {"GOV-01": 3, "GOV-02": 1, "HEA-01": 2, "HEA-02": 0}
    assert read.respondent.department == "Planning"


def test_rows_inserted_above_the_table_and_a_meta_pointing_elsewhere_are_read_correctly(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["Questionnaire"]
    ws.protection.sheet = False
    ws.insert_rows(2, 3)
    meta = wb["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "first_row":
            row[1].value = 40  # points nowhere near the table
    wb.save(tmp_path / "moved.xlsx")
    read = read_questionnaire(tmp_path / "moved.xlsx")
    assert {k: a.choice for k, a in read.answers.items()} == {"GOV-01": 3, "GOV-02": 1, "HEA-01": 2, "HEA-02": 0}
    assert read.respondent.department == "Planning"  # the profile found by its labels


def test_swapped_ids_against_the_locked_question_text_are_refused(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["Questionnaire"]
    ws.protection.sheet = False
    ws["A12"], ws["A13"] = "GOV-02", "GOV-01"
    wb.save(tmp_path / "swapped.xlsx")
    with pytest.raises(UserError) as info:
        read_questionnaire(tmp_path / "swapped.xlsx")
    assert info.value.line() == (
        f"{tmp_path / 'swapped.xlsx'}:Questionnaire!A12: the id GOV-02 stands beside the question of GOV-01: "
        "were the ids edited or rows moved? Put each id back beside its question"
    )


def test_a_table_whose_header_was_deleted_is_refused_naming_the_cell(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["Questionnaire"]
    ws.protection.sheet = False
    ws.delete_rows(11)
    wb.save(tmp_path / "headless.xlsx")
    with pytest.raises(UserError, match=r"Questionnaire!A11: the questionnaire table was not found"):
        read_questionnaire(tmp_path / "headless.xlsx")


def test_an_answer_column_sorted_on_its_own_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COHERENCE_PACKS", str(PROJECT_ROOT / "indicators"))
    path = write_template("tvet-refugee-inclusion", "en", tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    ws = wb["Questionnaire"]
    rows = [r for r in range(12, ws.max_row + 1) if ws.cell(r, 1).value]
    for i, row in enumerate(rows):
        ws.cell(row, 5).value = min(4, i * 5 // len(rows))  # 0,0,…,4,4: what sorting the column gives
    wb.save(tmp_path / "sorted.xlsx")
    read = read_questionnaire(tmp_path / "sorted.xlsx")
    assert read.notices and "in sorted order from top to bottom" in read.notices[0] and "Questionnaire!E12:E" in read.notices[0]
    assert main(["score", str(tmp_path / "sorted.xlsx"), "--json", str(tmp_path / "r.json")]) == 0
    assert "was the answer column sorted on its own?" in capsys.readouterr().err


# --------------------------------------------------------------------------- 4. labels are unambiguous


def test_a_level_label_that_reads_like_another_answer_is_refused_by_validate(tmp_path, capsys):
    pack = tmp_path / "mini"
    shutil.copytree(FIXTURES / "packs" / "mini", pack)
    header = pack / "pack.yaml"
    header.write_text(header.read_text().replace("label: Planned or ad hoc", "label: \" don't KNOW\""))
    assert main(["packs", "validate", str(pack)]) == 2
    assert "label \"don't KNOW\" reads like the special answer of that name" in capsys.readouterr().err  # stripped by the model
    header.write_text(header.read_text().replace("label: \" don't KNOW\"", "label: \"2\""))
    assert main(["packs", "validate", str(pack)]) == 2
    assert "is a bare number" in capsys.readouterr().err
    header.write_text(header.read_text().replace('label: "2"', "label: partly IN place"))
    assert main(["packs", "validate", str(pack)]) == 2
    assert "duplicate level labels" in capsys.readouterr().err


# --------------------------------------------------------------------------- 5. every write fails in one line and leaves the old file


def test_writes_that_fail_are_one_line_and_leave_the_old_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "keep.json"
    target.write_text("old")
    with pytest.raises(UserError, match="folder .* does not exist"):
        atomic_write(tmp_path / "missing" / "x.json", b"new")
    (tmp_path / "adir.xlsx").mkdir()
    with pytest.raises(UserError, match="it is a folder"):
        atomic_write(tmp_path / "adir.xlsx", b"new")

    real_write = os.write

    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    import builtins

    real_open = builtins.open

    class Full:
        def __init__(self, *a, **k):
            self.f = real_open(*a, **k)

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr("coherence.fileio.open", lambda *a, **k: Full(*a, **k), raising=False)
    with pytest.raises(UserError) as info:
        atomic_write(target, b"new bytes")
    monkeypatch.undo()
    assert info.value.line() == f"{target}: cannot write: No space left on device"
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    del real_write


def test_a_read_only_folder_is_one_line_exit_2(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["template", "mini", "-o", str(folder / "q.xlsx")]) == 2
        assert "cannot write" in _one_line(capsys)
    finally:
        folder.chmod(0o700)


def test_a_symlinked_session_is_written_through_to_its_target_keeping_its_mode(tmp_path):
    real = tmp_path / "real.json"
    save_session(real, assessment("local", "Planning", GOV_01=1))
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_session(link, assessment("local", "Planning", GOV_01=2))
    assert link.is_symlink() and load_session(real).answers["GOV-01"].choice == 2
    assert (real.stat().st_mode & 0o777) == 0o640


# --------------------------------------------------------------------------- 6. nothing from a file reaches the terminal raw


def test_escape_sequences_from_files_are_shown_escaped(tmp_path, capsys):
    hostile = "\x1b]0;pwned\x07\x1b[2J"
    bad = assessment("local", "Planning", GOV_01=1)
    bad.answers["XYZ" + "-01"] = bad.answers["GOV-01"]
    path = tmp_path / "evil.json"
    data = json.loads(bad.model_dump_json())
    data["answers"] = {"GOV-01": {"choice": 1}, "E\x1b[31mVIL": {"choice": 1}}
    path.write_text(json.dumps(data))
    assert main(["score", str(path), "--json", "-"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    a = assessment("local", hostile, GOV_01=1).model_copy(update={"authority": {"name": "Springfield", "country": "", "level": "local"}})
    save_session(tmp_path / "dept.json", a)
    assert main(["round", "create", str(tmp_path / "r.round.json"), "--pack", "mini", "--authority", "Springfield"]) == 0
    assert main(["round", "add", str(tmp_path / "r.round.json"), str(tmp_path / "dept.json")]) == 0
    assert main(["round", "show", str(tmp_path / "r.round.json")]) == 0
    out = capsys.readouterr().out
    assert "\x1b]0;" not in out and "\\x1b]0;pwned" in out


# --------------------------------------------------------------------------- 7. reads are bounded and never block


def test_a_named_pipe_a_folder_and_a_device_are_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        read_bounded(fifo, 1000)
    assert main(["score", str(fifo), "--json", "-"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    (tmp_path / "folder.round.json").mkdir()
    assert main(["round", "show", str(tmp_path / "folder.round.json")]) == 2
    with pytest.raises(UserError, match="not a regular file"):
        read_bounded("/dev/zero", 1000)


def test_a_file_larger_than_its_limit_is_refused_while_reading(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(UserError, match="refused: larger than"):
        read_bounded(big, 2000)


# --------------------------------------------------------------------------- 4 (bis) and 9. translation import


def _sheet_with(tmp_path, edits: dict[str, str]):
    from coherence.translate.sheets import export_sheet
    from coherence.translate.source import fresh_pack

    export_sheet(fresh_pack("mini"), "fr", tmp_path / "fr.xlsx")
    wb = load_workbook(tmp_path / "fr.xlsx")
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value in edits:
            ws.cell(row, 3).value = edits[ws.cell(row, 1).value]
    wb.save(tmp_path / "fr-filled.xlsx")
    return tmp_path / "fr-filled.xlsx"


@pytest.fixture
def own_locales(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "packs" / "mini", tmp_path / "packs" / "mini")
    monkeypatch.setenv("COHERENCE_PACKS", str(tmp_path / "packs"))
    monkeypatch.setenv("COHERENCE_LOCALES", str(tmp_path / "locales"))
    (tmp_path / "locales").mkdir()
    return tmp_path


def test_translated_labels_that_read_alike_are_refused_on_import(own_locales, capsys):
    sheet = _sheet_with(own_locales, {"_scale.maturity4.1.label": "Partiellement", "_scale.maturity4.2.label": " partiellement "})
    assert main(["translate", "import", str(sheet)]) == 2
    assert "scale 'maturity4': duplicate level labels" in _one_line(capsys)
    sheet = _sheet_with(own_locales, {"_scale.maturity4.0.label": "3"})
    assert main(["translate", "import", str(sheet)]) == 2
    assert "is a bare number" in _one_line(capsys)
    assert not (own_locales / "locales" / "fr" / "packs" / "mini.po").exists() or "Partiellement" not in (
        own_locales / "locales" / "fr" / "packs" / "mini.po"
    ).read_text(encoding="utf-8")


def test_a_sheet_whose_rows_belong_to_another_pack_is_refused(own_locales, capsys):
    sheet = _sheet_with(own_locales, {})
    wb = load_workbook(sheet)
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        ws.cell(row, 1).value = f"AVA-{row:02d}.question"
        ws.cell(row, 3).value = "une traduction"
    wb.save(sheet)
    assert main(["translate", "import", str(sheet)]) == 2
    assert "most rows do not belong to pack 'mini'" in _one_line(capsys)


def test_keep_going_scores_a_department_with_one_bad_cell_and_names_the_cell(filled, tmp_path, capsys):
    wb = load_workbook(filled)
    ws = wb["Questionnaire"]
    ws["E13"] = "Sí"  # GOV-02: not an answer of the scale
    ws["C7"] = "Health"
    wb.save(tmp_path / "health.xlsx")
    assert main(["score", str(filled), str(tmp_path / "health.xlsx"), "--json", str(tmp_path / "r.json")]) == 2
    doc = json.loads((tmp_path / "r.json").read_text())
    assert [r["label"] for r in doc["respondents"]] == ["Planning"]  # without --keep-going the file is an error
    capsys.readouterr()
    assert main(["score", str(filled), str(tmp_path / "health.xlsx"), "--json", str(tmp_path / "r.json"), "--keep-going"]) == 0
    doc = json.loads((tmp_path / "r.json").read_text())
    health = doc["respondents"][1]
    assert health["label"] == "Health" and health["counts"]["missing"] == 1  # the bad cell counts as unanswered
    assert [e["message"] for e in doc["errors"]] == [
        f"{tmp_path / 'health.xlsx'}:Questionnaire!E13: unknown answer 'Sí' (expected one of: Not in place, Planned or ad hoc, "
        "Partly in place, Fully in place and institutionalised, Don't know, Not applicable; or a level number 0–3) (counted as unanswered)"
    ]
    assert "Scored 2 respondents" in capsys.readouterr().err
