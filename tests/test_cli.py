"""The command line as documented: options where the README puts them."""

from __future__ import annotations

from openpyxl import load_workbook

from coherence.cli import main
from coherence.i18n import set_language

from .conftest import FIXTURES


def test_lang_may_follow_the_command(tmp_path):
    try:
        assert main(["template", "tvet-refugee-inclusion", "--lang", "es", "-o", str(tmp_path / "q.xlsx")]) == 0
        assert main(["--lang", "fr", "template", "tvet-refugee-inclusion", "-o", str(tmp_path / "q-fr.xlsx")]) == 0
    finally:
        set_language("en")
    assert load_workbook(tmp_path / "q.xlsx").sheetnames[:2] == ["Instrucciones", "Cuestionario"]
    meta = {row[0]: row[1] for row in load_workbook(tmp_path / "q-fr.xlsx")["_meta"].iter_rows(values_only=True)}
    assert meta["language"] == "fr"


def test_an_unknown_pack_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    assert main(["template", "nope", "-o", str(tmp_path / "q.xlsx")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "no pack named 'nope'" in err and "mini" in err


def test_a_language_the_pack_has_no_catalog_for_is_refused_not_written_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    try:
        assert main(["template", "mini", "--lang", "es", "-o", str(tmp_path / "q.xlsx")]) == 2
    finally:
        set_language("en")
    err = capsys.readouterr().err.strip()
    assert err == "coherence: mini: no hay traducción al español (es) del conjunto «mini» (disponibles: en)"  # said in the chosen language
    assert not (tmp_path / "q.xlsx").exists()


def test_an_unknown_language_code_is_one_line(capsys):
    assert main(["--lang", "zz", "packs", "list"]) == 2
    assert main(["--lang", "../x", "packs", "list"]) == 2
    assert capsys.readouterr().err.splitlines() == ["coherence: unknown language 'zz'", "coherence: unknown language '../x'"]


def test_packs_list_with_no_packs_is_an_error_not_an_empty_table(tmp_path, capsys):
    assert main(["--packs", str(tmp_path), "packs", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"coherence: no indicator packs in {tmp_path}")


def test_packs_new_writes_a_pack_that_validates_and_scores(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["packs", "new", "city-pack"]) == 0
    assert main(["packs", "validate", "city-pack"]) == 0
    assert "city-pack: valid — sectors: 1, indicators: 2 (1 vertical, 1 horizontal)" in capsys.readouterr().out
    assert main(["packs", "new", "city-pack"]) == 2  # never written into an existing folder
    assert main(["--packs", str(tmp_path), "template", "city-pack", "-o", "q.xlsx"]) == 0
    assert main(["packs", "new", "../escape"]) == 2


def test_no_terminal_says_how_to_use_the_batch_commands(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([]) == 2
    assert "needs a terminal" in capsys.readouterr().err
