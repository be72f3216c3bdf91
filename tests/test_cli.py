"""The command line as documented: options where the README puts them."""

from __future__ import annotations

from openpyxl import load_workbook

from coherence.cli import main
from coherence.i18n import set_language

from .conftest import FIXTURES


def test_lang_may_follow_the_command(tmp_path, monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))
    try:
        assert main(["template", "mini", "--lang", "es", "-o", str(tmp_path / "q.xlsx")]) == 0
        assert main(["--lang", "fr", "template", "mini", "-o", str(tmp_path / "q-fr.xlsx")]) == 0
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
