"""Pack translations: POT extraction, PO merge, stale detection, spreadsheets, UI catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from coherence.cli import main
from coherence.errors import UserError
from coherence.excel.cells import write_text
from coherence.i18n import set_language
from coherence.translate import load_pack
from coherence.translate import localize, translation_report
from coherence.translate.catalogs import (
    open_catalog,
    po_path,
    save_catalog,
    status,
)
from coherence.translate.fields import pack_entries
from coherence.translate.sheets import export_sheet, import_sheet
from coherence.translate.source import fresh_pack

from .conftest import MINI

QUESTION = "Is there a cross-departmental migration committee?"
FR_QUESTION = "Existe-t-il un comité interservices sur les migrations ?"
GOVERNANCE = Path("packs/mini/sectors/governance.yaml")


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A copy of the mini pack and an empty locales folder; the working directory is tmp_path."""
    shutil.copytree(MINI, tmp_path / "packs" / "mini")
    (tmp_path / "locales").mkdir()
    monkeypatch.setenv("COHERENCE_PACKS", str(tmp_path / "packs"))
    monkeypatch.setenv("COHERENCE_LOCALES", str(tmp_path / "locales"))
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    set_language("en")  # the CLI sets the interface language from --lang


def edit_yaml(old: str, new: str, path: Path = GOVERNANCE) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def fill(lang: str, translations: dict[str, str], fuzzy: bool = False) -> None:
    """Write translations into the language's catalog (created by `translate update`)."""
    catalog, entries = open_catalog("mini", lang)
    for context, text in translations.items():
        message = catalog.get(entries[context].msgid, context=context)
        message.string = text
        if fuzzy:
            message.flags.add("fuzzy")
    save_catalog(catalog, po_path("mini", lang))


def po_messages(lang: str) -> dict[str, object]:
    with po_path("mini", lang).open("rb") as fh:
        return {m.context: m for m in read_po(fh) if m.id}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- fields


def test_pack_entries_name_every_translatable_field(mini):
    entries = dict(pack_entries(mini))
    assert entries["GOV-01.question"] == QUESTION
    assert entries["GOV-01.guidance"] == "The committee meets regularly with all departments."
    assert entries["GOV-01.evidence.0"] == "Terms of reference"
    assert entries["GOV-01.actions.3"] == "Institutionalise it"
    assert entries["GOV-01.actors.0"] == "Mayor's office"
    assert entries["HEA-02.resources.0"] == "JMDI handbook"
    assert entries["_pack.title"] == "Mini pack"
    assert entries["_scale.maturity4.2.label"] == "Partly in place"
    assert entries["_scale.maturity4.title"] == "Maturity"
    assert entries["_category.policy.title"] == "Policy and practice"
    assert entries["_subcategory.engagement.title"] == "Engagement and coordination"
    assert entries["_step.monitoring.title"] == "Monitor"
    assert entries["health.title"] == "Health"
    assert "GOV-01.actions.0" not in entries  # no action for the lowest level
    assert len(entries) == len(pack_entries(mini))  # contexts are unique


# --------------------------------------------------------------------------- PO workflow


def test_extract_writes_a_pot_with_one_context_per_field(work, capsys):
    code, out, _err = run(capsys, "translate", "extract", "mini")
    assert code == 0
    pot = work / "locales" / "packs" / "mini.pot"
    assert "mini.pot" in out
    text = pot.read_text(encoding="utf-8")
    assert f'msgctxt "GOV-01.question"\nmsgid "{QUESTION}"\nmsgstr ""' in text
    assert 'msgctxt "_scale.maturity4.3.label"' in text

    code, _out, _err = run(capsys, "translate", "extract", "mini", "-o", "other.pot")
    assert code == 0 and (work / "other.pot").is_file()


def test_update_creates_catalogs_for_fr_and_es(work, capsys):
    code, out, _err = run(capsys, "translate", "update", "mini", "--lang", "fr")
    assert code == 0
    code, out2, _err = run(capsys, "translate", "update", "mini", "--lang", "es")
    out += out2
    assert code == 0
    for lang in ("fr", "es"):
        messages = po_messages(lang)
        assert messages["GOV-01.question"].id == QUESTION
        assert messages["GOV-01.question"].string == ""
    assert "locales/fr/packs/mini.po" in out and "locales/es/packs/mini.po" in out


def test_translations_show_until_the_source_changes(work, capsys):
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.question": FR_QUESTION, "_scale.maturity4.0.label": "Inexistant"})
    pack = fresh_pack("mini")
    french = localize(pack, "fr")
    assert french.language == "fr"
    assert french.indicator("GOV-01").question == FR_QUESTION
    assert french.scales[0].levels[0].label == "Inexistant"
    assert french.indicator("GOV-01").guidance == pack.indicator("GOV-01").guidance  # missing: source shown
    assert load_pack(work / "packs" / "mini", "fr").indicator("GOV-01").question == FR_QUESTION

    edit_yaml(QUESTION, "Is there a migration committee spanning all departments?")
    changed = fresh_pack("mini")
    assert localize(changed, "fr").indicator("GOV-01").question == "Is there a migration committee spanning all departments?"
    fallbacks = {f.context: f.state for f in translation_report(changed, "fr")}
    assert fallbacks["GOV-01.question"] == "stale"
    assert "_scale.maturity4.0.label" not in fallbacks

    code, out, _err = run(capsys, "translate", "status", "mini")
    assert code == 0
    assert "stale" in out and "GOV-01.question" in out
    st = status(changed, "fr")
    assert (st.count("translated"), st.count("stale"), st.count("fuzzy")) == (1, 1, 0)
    assert st.contexts["stale"] == ["GOV-01.question"]

    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    message = po_messages("fr")["GOV-01.question"]
    assert message.fuzzy
    assert message.id == "Is there a migration committee spanning all departments?"
    assert message.string == FR_QUESTION  # kept for the translator to review
    assert f'#| msgid "{QUESTION}"' in po_path("mini", "fr").read_text(encoding="utf-8")
    st = status(changed, "fr")
    assert (st.count("stale"), st.count("fuzzy")) == (0, 1)
    assert localize(changed, "fr").indicator("GOV-01").question.startswith("Is there")  # fuzzy: source shown

    # Updating again changes nothing and keeps the previous msgid.
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    assert f'#| msgid "{QUESTION}"' in po_path("mini", "fr").read_text(encoding="utf-8")


def test_removed_field_becomes_obsolete_and_new_field_missing(work):
    assert main(["--lang", "es", "translate", "update", "mini"]) == 0
    fill("es", {"GOV-01.evidence.0": "Términos de referencia"})
    edit_yaml("evidence: [Terms of reference]", "evidence: [Minutes of meetings]")
    edit_yaml("actors: [Mayor's office]", "actors: [Mayor's office, City council]")
    assert main(["--lang", "es", "translate", "update", "mini"]) == 0
    messages = po_messages("es")
    assert messages["GOV-01.evidence.0"].fuzzy  # changed text under the same context
    assert messages["GOV-01.actors.1"].string == ""
    st = status(fresh_pack("mini"), "es")
    assert "GOV-01.actors.1" in st.contexts["missing"]


def test_placeholders_and_line_breaks_survive_po_write_and_read(work):
    edit_yaml("guidance: The committee meets regularly with all departments.", 'guidance: "line1\\nline2 {name}"')
    pack = fresh_pack("mini")
    assert pack.indicator("GOV-01").guidance == "line1\nline2 {name}"
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.guidance": "ligne1\nligne2 {name} 100 %"})
    assert po_messages("fr")["GOV-01.guidance"].string == "ligne1\nligne2 {name} 100 %"
    assert localize(pack, "fr").indicator("GOV-01").guidance == "ligne1\nligne2 {name} 100 %"


def test_placeholder_missing_in_translation_is_a_one_line_error(work, capsys):
    edit_yaml("guidance: The committee meets regularly with all departments.", 'guidance: "Meets {n} times a year"')
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.guidance": "Se réunit plusieurs fois par an"})
    lineno = po_messages("fr")["GOV-01.guidance"].lineno
    with pytest.raises(UserError) as caught:
        localize(fresh_pack("mini"), "fr")
    assert caught.value.line() == (
        f"locales/fr/packs/mini.po:{lineno}: msgctxt 'GOV-01.guidance': placeholder {{n}} missing in translation"
    )
    code, out, err = run(capsys, "--lang", "fr", "translate", "status", "mini")
    assert code == 2
    assert err.count("\n") == 1 and "msgctxt 'GOV-01.guidance'" in err and "{n}" in err


def test_fuzzy_translations_are_not_shown(work):
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.question": FR_QUESTION}, fuzzy=True)
    pack = fresh_pack("mini")
    assert localize(pack, "fr").indicator("GOV-01").question == QUESTION
    assert status(pack, "fr").contexts["fuzzy"] == ["GOV-01.question"]


# --------------------------------------------------------------------------- spreadsheets


def test_export_writes_context_source_translation_status(work, capsys):
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.question": FR_QUESTION, "GOV-01.guidance": "=ne pas calculer"})
    code, out, _err = run(capsys, "--lang", "fr", "translate", "export", "mini", "-o", "sheet.xlsx")
    assert code == 0
    wb = load_workbook(work / "sheet.xlsx")
    ws = wb.worksheets[0]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["GOV-01.question"][1:3] == (QUESTION, FR_QUESTION)
    assert rows["GOV-01.guidance"][2] == "=ne pas calculer"
    assert ws[f"C{list(rows).index('GOV-01.guidance') + 2}"].data_type == "s"  # text, not a formula
    assert rows["GOV-01.actions.1"][2] is None
    meta = wb["_meta"]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["pack"] == "mini" and values["language"] == "fr"


def test_placeholders_and_line_breaks_survive_export_and_import(work):
    edit_yaml("guidance: The committee meets regularly with all departments.", 'guidance: "line1\\nline2 {name}"')
    pack = fresh_pack("mini")
    export_sheet(pack, "es", work / "sheet.xlsx")
    wb = load_workbook(work / "sheet.xlsx")
    ws = wb.worksheets[0]
    row_of = {ws.cell(row, 1).value: row for row in range(2, ws.max_row + 1)}
    assert ws.cell(row_of["GOV-01.guidance"], 2).value == "line1\nline2 {name}"
    write_text(ws, row_of["GOV-01.guidance"], 3, "línea1\nlínea2 {name}")
    write_text(ws, row_of["GOV-01.question"], 3, "=SUMA(A1) ¿Existe un comité?")
    write_text(ws, row_of["GOV-01.actions.1"], 3, "  Planificar el comité \r\n")
    wb.save(work / "sheet.xlsx")

    result = import_sheet(work / "sheet.xlsx")
    assert (result.lang, result.translated, result.fuzzy, result.skipped) == ("es", 3, 0, 0)
    messages = po_messages("es")
    assert messages["GOV-01.guidance"].string == "línea1\nlínea2 {name}"
    assert messages["GOV-01.question"].string == "=SUMA(A1) ¿Existe un comité?"  # literal text
    assert messages["GOV-01.actions.1"].string == "Planificar el comité"
    spanish = localize(fresh_pack("mini"), "es")
    assert spanish.indicator("GOV-01").guidance == "línea1\nlínea2 {name}"
    assert spanish.indicator("GOV-01").actions[1] == "Planificar el comité"

    # Export again: the translations come back out unchanged.
    export_sheet(fresh_pack("mini"), "es", work / "again.xlsx")
    ws = load_workbook(work / "again.xlsx").worksheets[0]
    assert ws.cell(row_of["GOV-01.guidance"], 3).value == "línea1\nlínea2 {name}"
    assert ws.cell(row_of["GOV-01.guidance"], 4).value == "translated"


def _sheet_row(ws, context: str) -> int:
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, 1).value == context)


def test_import_keeps_unreviewed_fuzzy_entries_fuzzy(work, capsys):
    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.question": FR_QUESTION, "GOV-02.question": "Le plan local est-il aligné ?"})
    edit_yaml(QUESTION, "Is there a migration board?")
    edit_yaml("Is the local plan aligned with the national migration strategy?", "Is the local plan aligned with the strategy?")
    assert main(["translate", "export", "mini", "--lang", "fr", "-o", "s.xlsx"]) == 0  # as the issue writes it
    wb = load_workbook(work / "s.xlsx")
    ws = wb.worksheets[0]
    assert ws.cell(_sheet_row(ws, "GOV-01.question"), 4).value == "stale"
    write_text(ws, _sheet_row(ws, "GOV-02.question"), 4, "")  # reviewed: status cleared
    wb.save(work / "s.xlsx")
    code, out, _err = run(capsys, "translate", "import", "s.xlsx")
    assert code == 0
    messages = po_messages("fr")
    assert messages["GOV-01.question"].fuzzy and messages["GOV-01.question"].id == "Is there a migration board?"
    assert not messages["GOV-02.question"].fuzzy
    assert localize(fresh_pack("mini"), "fr").indicator("GOV-02").question == "Le plan local est-il aligné ?"


def test_import_of_a_sheet_exported_before_the_source_changed_marks_it_fuzzy(work):
    export_sheet(fresh_pack("mini"), "fr", work / "old.xlsx")
    wb = load_workbook(work / "old.xlsx")
    ws = wb.worksheets[0]
    write_text(ws, _sheet_row(ws, "GOV-01.question"), 3, FR_QUESTION)
    wb.save(work / "old.xlsx")
    edit_yaml(QUESTION, "Is there a migration board?")
    import_sheet(work / "old.xlsx")
    message = po_messages("fr")["GOV-01.question"]
    assert message.fuzzy and message.id == "Is there a migration board?" and message.string == FR_QUESTION
    assert QUESTION in po_path("mini", "fr").read_text(encoding="utf-8")  # as previous msgid


def test_placeholder_mismatch_in_a_sheet_names_the_cell(work, capsys):
    edit_yaml("guidance: The committee meets regularly with all departments.", 'guidance: "Meets %(n)s times {when}"')
    export_sheet(fresh_pack("mini"), "fr", work / "s.xlsx")
    wb = load_workbook(work / "s.xlsx")
    ws = wb.worksheets[0]
    row = _sheet_row(ws, "GOV-01.guidance")
    write_text(ws, row, 3, "Se réunit {when}")
    wb.save(work / "s.xlsx")
    code, _out, err = run(capsys, "translate", "import", "s.xlsx")
    assert code == 2
    assert err == f"coherence: s.xlsx:Translations!C{row}: msgctxt 'GOV-01.guidance': placeholder %(n)s missing in translation\n"
    assert not po_path("mini", "fr").exists()  # nothing written


def test_a_formula_in_a_translation_cell_is_refused(work, capsys):
    export_sheet(fresh_pack("mini"), "fr", work / "s.xlsx")
    wb = load_workbook(work / "s.xlsx")
    ws = wb.worksheets[0]
    row = _sheet_row(ws, "GOV-01.question")
    ws.cell(row, 3).value = "=A1"  # openpyxl stores this as a formula
    wb.save(work / "s.xlsx")
    code, _out, err = run(capsys, "translate", "import", "s.xlsx")
    assert code == 2 and f"s.xlsx:Translations!C{row}: " in err and "formula" in err


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["translate", "import", "nothing.xlsx"], "nothing.xlsx: "),
        (["translate", "import", "packs/mini/pack.yaml"], "not an Excel workbook"),
        (["translate", "export", "mini", "-o", "x.xlsx"], "--lang"),
        (["translate", "update", "no-such-pack"], "no pack named 'no-such-pack'"),
        (["--lang", "en", "translate", "update", "mini"], "source language"),
    ],
)
def test_bad_input_exits_2_with_one_line(work, capsys, argv, expected):
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and expected in err


def test_a_damaged_po_file_names_its_line(work, capsys):
    path = po_path("mini", "fr")
    path.parent.mkdir(parents=True)
    path.write_text('msgctxt "GOV-01.question"\nmsgid "x"\nmsgstr "y"\nthis is not po\n', encoding="utf-8")
    code, _out, err = run(capsys, "--lang", "fr", "translate", "status", "mini")
    assert code == 2
    assert err.startswith("coherence: locales/fr/packs/mini.po:4: ") and err.count("\n") == 1


def test_a_sheet_that_is_not_a_translation_sheet(work, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    write_text(wb.active, 1, 1, "hello")
    wb.save(work / "plain.xlsx")
    code, _out, err = run(capsys, "translate", "import", "plain.xlsx")
    assert code == 2 and "plain.xlsx: not a coherence translation spreadsheet" in err


# --------------------------------------------------------------------------- interface strings


def test_shipped_ui_catalogs_translate_every_interface_string(monkeypatch):
    """New `_()` strings without a French and Spanish translation fail here.

    Fix: `python -m coherence.translate.ui`, then translate the empty/fuzzy entries.
    """
    from coherence.translate import ui

    monkeypatch.delenv("COHERENCE_LOCALES", raising=False)
    template = ui.extract_ui()
    assert len(template) > 100
    for lang in ("fr", "es"):
        problems = ui.problems(lang, template)
        assert problems == [], f"{len(problems)} problem(s), first: {problems[:5]}"


def test_ui_extraction_finds_marked_strings_and_refresh_merges(tmp_path, monkeypatch):
    from coherence.translate import ui

    monkeypatch.setenv("COHERENCE_LOCALES", str(tmp_path))
    ids = {m.id for m in ui.extract_ui() if m.id}
    assert "translate indicator packs" in ids  # _() in coherence/cli.py
    assert "Don't know" in ids  # N_() in coherence/excel/labels.py
    counts = ui.refresh(("fr",))
    assert counts["fr"]["untranslated"] == counts["fr"]["total"] == len(ids)
    assert (tmp_path / "coherence.pot").is_file()
    problems = ui.problems("fr")
    assert problems and "untranslated" in problems[0]


def test_status_of_every_pack_lists_each_language(work, capsys):
    assert main(["translate", "update", "mini", "--lang", "fr"]) == 0
    code, out, _err = run(capsys, "translate", "status")
    assert code == 0
    rows = [line for line in out.splitlines() if "mini" in line and "│" in line]
    assert len(rows) == 1 and "fr" in rows[0]  # the languages with a catalog, or with an interface catalog
    code, out, _err = run(capsys, "--lang", "es", "translate", "status", "mini")
    assert "no catalog yet" in out and "locales/es/packs/mini.po" in out


def test_shipped_pack_catalogs_are_well_formed(monkeypatch):
    """Every shipped locales/<lang>/packs/*.po parses, and its translations keep their placeholders."""
    from .conftest import PROJECT_ROOT
    from coherence.translate.catalogs import catalog_entries, read_catalog

    monkeypatch.delenv("COHERENCE_LOCALES", raising=False)
    for path in sorted((PROJECT_ROOT / "locales").glob("*/packs/*.po")):
        entries = catalog_entries(read_catalog(path), path)  # raises UserError naming the entry
        assert all(context for context in entries)


def test_a_sheet_naming_an_unknown_pack_names_the_meta_cell(work, capsys):
    export_sheet(fresh_pack("mini"), "fr", work / "s.xlsx")
    wb = load_workbook(work / "s.xlsx")
    meta = wb["_meta"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "pack")
    write_text(meta, row, 2, "../../etc")
    wb.save(work / "s.xlsx")
    code, _out, err = run(capsys, "translate", "import", "s.xlsx")
    assert code == 2 and err.startswith(f"coherence: s.xlsx:_meta!B{row}: unknown pack '../../etc'")


def test_a_translated_pack_is_read_back_from_disk_and_never_stale(work):
    """Reading a catalog with Babel costs ~100 ms a process: translated packs are cached
    on disk like source packs, keyed by the catalog file too."""
    import coherence.translate as translate

    assert main(["--lang", "fr", "translate", "update", "mini"]) == 0
    fill("fr", {"GOV-01.question": FR_QUESTION})
    assert load_pack("mini", "fr").indicator("GOV-01").question == FR_QUESTION

    def no_catalog(*_args):
        raise AssertionError("the catalog was read again")

    translate._CACHE.clear()  # a new process: nothing in memory
    real = translate.load_entries
    translate.load_entries = no_catalog
    try:
        assert load_pack("mini", "fr").indicator("GOV-01").question == FR_QUESTION
    finally:
        translate.load_entries = real

    fill("fr", {"GOV-01.question": "Un comité interservices existe-t-il ?"})
    translate._CACHE.clear()
    assert load_pack("mini", "fr").indicator("GOV-01").question == "Un comité interservices existe-t-il ?"


def test_interface_catalogs_are_never_stale_and_parsed_once_per_content(tmp_path, monkeypatch):
    import babel.messages.pofile as pofile

    from coherence import i18n

    catalog = tmp_path / "fr" / "LC_MESSAGES" / "coherence.po"
    catalog.parent.mkdir(parents=True)

    def write(text: str) -> None:
        catalog.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Quit"\nmsgstr "{text}"\n', encoding="utf-8")

    monkeypatch.setenv("COHERENCE_LOCALES", str(tmp_path))
    write("Quitter")
    try:
        assert i18n.set_language("fr") == "fr" and i18n._("Quit") == "Quitter"
        real = pofile.read_po

        def no_babel(*_args, **_kw):
            raise AssertionError("the same catalog was parsed again")

        monkeypatch.setattr(pofile, "read_po", no_babel)
        i18n.set_language("fr")
        assert i18n._("Quit") == "Quitter"
        monkeypatch.setattr(pofile, "read_po", real)
        write("Sortir")  # same size and time would not matter: the key is the content
        i18n.set_language("fr")
        assert i18n._("Quit") == "Sortir" and i18n._("Not in the catalog") == "Not in the catalog"
    finally:
        i18n.set_language("en")


def test_plural_forms_follow_the_language(tmp_path, monkeypatch):
    from coherence import i18n

    catalog = tmp_path / "fr" / "LC_MESSAGES" / "coherence.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "{n} respondent"\nmsgid_plural "{n} respondents"\nmsgstr[0] "{n} répondant"\nmsgstr[1] "{n} répondants"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COHERENCE_LOCALES", str(tmp_path))
    try:
        i18n.set_language("fr")
        assert [i18n.ngettext("{n} respondent", "{n} respondents", n).format(n=n) for n in (0, 1, 2)] == [
            "0 répondant", "1 répondant", "2 répondants"
        ]
        i18n.set_language("en")
        assert i18n.ngettext("{n} respondent", "{n} respondents", 0).format(n=0) == "0 respondents"
    finally:
        i18n.set_language("en")


def test_a_writer_in_another_language_leaves_the_interface_language_alone():
    from coherence import i18n

    i18n.set_language("en")
    with i18n.override("fr"):
        assert i18n.current_language() == "fr" and i18n._("Quit") == "Quitter"
    assert i18n.current_language() == "en" and i18n._("Quit") == "Quit"


def test_every_interface_string_is_a_plain_literal_the_catalogs_can_hold():
    """`_()` takes a literal (an f-string inside it would never be found in a catalog),
    and no translated word is glued into an f-string (word order and the space before a
    French colon belong to the translation)."""
    import ast

    import coherence

    package = Path(coherence.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("_", "N_", "gettext", "ngettext"):
                literals = node.args[:2] if getattr(node.func, "id", getattr(node.func, "attr", None)) == "ngettext" else node.args[:1]
                # a literal, or a name holding an N_()-marked literal; never a string built at run time
                if any(isinstance(a, (ast.JoinedStr, ast.BinOp)) or (isinstance(a, ast.Call) and getattr(a.func, "attr", "") == "format") for a in literals):
                    found.append(f"{path.relative_to(package)}:{node.lineno}: _() of a string built at run time")
            if isinstance(node, ast.JoinedStr):
                for part in ast.walk(node):
                    if isinstance(part, ast.Call) and getattr(part.func, "id", None) in ("_", "gettext"):
                        found.append(f"{path.relative_to(package)}:{node.lineno}: a translated string glued into an f-string")
    assert found == []
