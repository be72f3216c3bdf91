"""A translator adds a language: Portuguese from nothing to a workshop; Arabic shipped."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from coherence.cli import main
from coherence.i18n import set_language
from coherence.scoring import score

from .conftest import MINI, PROJECT_ROOT


from .test_translate import work  # noqa: F401,E402  (the same fixture: a copy of the mini pack, empty locales)


def pseudo(text: str) -> str:
    """A pseudo-translation: recognisably not English, placeholders kept."""
    return f"[pt] {text}"


def test_portuguese_from_nothing_to_a_scored_questionnaire(work, capsys):
    assert main(["translate", "init", "mini", "--lang", "pt"]) == 0
    po = (work / "locales" / "pt" / "packs" / "mini.po").read_text(encoding="utf-8")
    assert "Language: pt" in po and "Plural-Forms: nplurals=" in po  # the header Babel writes for pt
    assert main(["translate", "init", "mini", "--lang", "pt"]) == 2  # started already: update, not init
    assert main(["translate", "export", "mini", "--lang", "pt", "-o", "pt.xlsx"]) == 0
    wb = load_workbook("pt.xlsx")
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        source = ws.cell(row, 2).value
        if source:
            ws.cell(row, 3).value = pseudo(source)
            ws.cell(row, 4).value = None
    wb.save("pt-filled.xlsx")
    assert main(["translate", "import", "pt-filled.xlsx"]) == 0
    capsys.readouterr()
    assert main(["translate", "status", "mini", "--lang", "pt"]) == 0
    status = capsys.readouterr().out
    assert "pt" in status and "100" not in status.split("pt")[0][-5:]  # a row for pt
    # a questionnaire in Portuguese, filled as a department would, scores like the English one
    assert main(["template", "mini", "--lang", "pt", "-o", "q-pt.xlsx"]) == 0
    assert main(["template", "mini", "-o", "q-en.xlsx"]) == 0
    answers = {"GOV-01": 3, "GOV-02": 1, "HEA-01": 2}
    for name, words in (("q-pt.xlsx", lambda label: pseudo(label)), ("q-en.xlsx", lambda label: label)):
        wb = load_workbook(name)
        meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows(max_col=2)}
        sheet = wb[meta["sheet"]]
        labels = ["Not in place", "Planned or ad hoc", "Partly in place", "Fully in place and institutionalised"]
        for row in range(int(meta["first_row"]), sheet.max_row + 1):
            ind = sheet.cell(row, 1).value
            if ind in answers:
                sheet.cell(row, 5).value = words(labels[answers[ind]])
        wb.save(name)
    from coherence.excel.reader import read_questionnaire
    from coherence.packs import load_pack

    pt, en = read_questionnaire("q-pt.xlsx"), read_questionnaire("q-en.xlsx")
    assert pt.language == "pt" and {k: a.choice for k, a in pt.answers.items()} == answers
    pack = load_pack("mini")
    assert score(pack, pt.answers) == score(pack, en.answers)


async def test_the_setup_screen_offers_a_language_that_has_a_pack_catalog(work):
    from coherence.tui.app import CoherenceApp
    from coherence.tui.screens.setup import offered_languages

    assert main(["translate", "init", "mini", "--lang", "pt"]) == 0
    assert offered_languages() == ["en", "pt"]
    app = CoherenceApp(pack=work / "packs" / "mini", sessions_dir=work)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        choice = app.screen.query_one("#language")
        assert [label for label, _value in choice._options] == ["English", "português (0%)"]  # started, not translated yet


@pytest.mark.parametrize("code", ["zz", "../x", "pt-BR!", ""])
def test_an_invalid_language_code_is_refused_in_one_line(work, capsys, code):
    assert main(["translate", "init", "mini", "--lang", code]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("coherence: ")


def test_arabic_workbooks_are_right_to_left(tmp_path):
    try:
        assert main(["template", "mainstreaming-migration", "--lang", "ar", "-o", str(tmp_path / "q-ar.xlsx")]) == 0
        assert main(["--lang", "ar", "translate", "export", "tvet-refugee-inclusion", "-o", str(tmp_path / "t-ar.xlsx")]) == 0
        assert main(["--lang", "ar", "score", *map(str, sorted((PROJECT_ROOT / "examples" / "sessions").glob("*.json"))), "-o", str(tmp_path / "r-ar.xlsx")]) == 0
    finally:
        set_language("en")
    for name in ("q-ar.xlsx", "t-ar.xlsx", "r-ar.xlsx"):
        wb = load_workbook(tmp_path / name)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert visible and all(ws.sheet_view.rightToLeft for ws in visible), name
    assert not load_workbook(tmp_path / "q-ar.xlsx").worksheets[0].title.isascii()  # the sheet names are Arabic


def test_every_shipped_catalog_passes_msgfmt_check_when_installed():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    for po in sorted((PROJECT_ROOT / "locales").glob("*/**/*.po")):
        result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0, f"{po}: {result.stderr}"


def test_the_shipped_catalogs_hold_to_the_glossary():
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tools" / "check_glossary.py")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr.strip() == "0 hit(s) in 9 catalog(s)", result.stdout[-2000:]


def test_the_interface_is_translated_through_a_spreadsheet_with_plural_forms(work, capsys):
    from coherence import i18n

    assert main(["translate", "ui", "export", "--lang", "pt", "-o", "ui-pt.xlsx"]) == 0
    wb = load_workbook("ui-pt.xlsx")
    ws = wb.worksheets[0]
    kinds = {}
    for row in range(2, ws.max_row + 1):
        source = ws.cell(row, 2).value
        kinds.setdefault(source, []).append(ws.cell(row, 1).value)
        if source == "Quit":
            ws.cell(row, 3).value = "Sair"
        elif source in ("Scored {n} respondent; round overall {overall}", "Scored {n} respondents; round overall {overall}"):
            ws.cell(row, 3).value = "{n} respondentes; total {overall}" if ws.cell(row, 1).value != "plural 0" else "{n} respondente; total {overall}"
        elif source == "Answer":
            ws.cell(row, 3).value = "=1+1"  # a formula: refused
    assert kinds["Quit"] == ["text"] and "plural 1" in kinds["Scored {n} respondents; round overall {overall}"]
    wb.save("ui-pt-formula.xlsx")
    assert main(["translate", "ui", "import", "ui-pt-formula.xlsx"]) == 2
    assert "holds a formula" in capsys.readouterr().err
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 2).value == "Answer":
            ws.cell(row, 3).value = None
    wb.save("ui-pt.xlsx")
    assert main(["translate", "ui", "import", "ui-pt.xlsx"]) == 0
    try:
        i18n.set_language("pt")
        assert i18n._("Quit") == "Sair" and i18n._("Sectors") == "Sectors"  # untranslated: English, never an error
        assert i18n.ngettext("Scored {n} respondent; round overall {overall}", "Scored {n} respondents; round overall {overall}", 1).startswith("{n} respondente;")
    finally:
        i18n.set_language("en")


def test_arabic_is_shaped_and_put_in_visual_order_for_terminals_that_do_not(monkeypatch):
    from rich.cells import cell_len
    from rich.segment import Segment
    from rich.style import Style

    from coherence.tui.app import CoherenceApp
    from coherence.tui.bidi import BidiFilter, visual

    text = "السلطة المحلية"  # "the local authority": logical order, unjoined letters
    shown = visual(text)
    assert shown != text and cell_len(shown) == cell_len(text)
    assert shown[0] == "ﺔ"  # the last letter, in its final form, comes first on the screen
    bold = Style(bold=True)
    line = [Segment(" q ", bold), Segment(text), Segment(" Quit")]
    out = BidiFilter().apply(line, None)
    assert [s.text for s in out] == [" q ", shown, " Quit"] and out[0].style == bold  # Latin and styles untouched
    assert sum(cell_len(s.text) for s in out) == sum(cell_len(s.text) for s in line)  # nothing on the screen moves
    monkeypatch.setenv("COHERENCE_BIDI", "terminal")
    assert not any(isinstance(f, BidiFilter) for f in CoherenceApp()._filters)
    monkeypatch.setenv("COHERENCE_BIDI", "app")
    assert any(isinstance(f, BidiFilter) for f in CoherenceApp()._filters)
