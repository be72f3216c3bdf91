"""The interface's own strings through a spreadsheet, for translators without PO tools.

``coherence translate ui export --lang pt -o ui-pt.xlsx`` writes one row per interface
string (one per plural form for the strings that have them, as many as the
language's plural rule needs): the kind, the English text, the translation and its
status. ``coherence translate ui import ui-pt.xlsx`` reads the filled copy into
``locales/<lang>/LC_MESSAGES/coherence.po`` (created if needed), with the checks of
pack sheets: placeholders kept, formulas taken as text, an unknown sheet refused.
A string left untranslated falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..excel.values import cell_at, cell_text, shorten
from ..i18n import _, is_rtl
from .catalogs import FUZZY, MISSING, STATE_LABELS, TRANSLATED, check_language, placeholder_problem, read_catalog, shown_path
from .sheets import COL_CONTEXT, COL_SOURCE, COL_STATUS, COL_TRANSLATION, FIRST_ROW, HEADER_ROW, META_SHEET, _formula_cells, _place, _read_meta, _sheet_rows

FORMAT = "coherence-ui-translation"
SINGLE = "text"  # the kind of a row holding a string without plural forms


def _kind(form: int) -> str:
    return f"plural {form}"


def _catalog(lang: str):
    """The language's interface catalog (a new one from the template if it has none)."""
    from babel.messages import Catalog

    from .. import __version__
    from .ui import DOMAIN, _HEADER, extract_ui, po_file

    template = extract_ui()
    path = po_file(lang)
    if path.is_file():
        catalog = read_catalog(path)
        catalog.update(template, update_header_comment=False)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="coherence", version=__version__, header_comment=_HEADER, fuzzy=False)
        for message in template:
            if message.id:
                catalog.add(message.id, "", message.locations, context=message.context)
    return catalog, path


def export_ui_sheet(lang: str, output: Path) -> tuple[Path, dict[str, int]]:
    """Write the interface-translation spreadsheet of ``lang``; return (path, counts by state)."""
    from openpyxl import Workbook

    from ..excel.cells import finish_sheet, header_row, save_workbook, set_widths, sheet_title, write_meta_sheet, write_text

    check_language(lang)
    if lang == "en":
        raise UserError(_("'{lang}' is the source language of the interface: nothing to translate").format(lang=lang))
    catalog, _path = _catalog(lang)
    forms = catalog.num_plurals
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_("Translations"))
    header_row(ws, HEADER_ROW, [_("Kind"), _("Source text"), _("Translation ({lang})").format(lang=lang), _("Status")])
    counts = {state: 0 for state in STATE_LABELS}
    row = FIRST_ROW
    for message in catalog:
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else [message.id[0]] + [message.id[1]] * (forms - 1)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for form, source in enumerate(sources):
            text = strings[form] if form < len(strings) else ""
            state = MISSING if not text else FUZZY if message.fuzzy else TRANSLATED
            counts[state] += 1
            write_text(ws, row, COL_CONTEXT, SINGLE if isinstance(message.id, str) else _kind(form), "locked")
            write_text(ws, row, COL_SOURCE, source, "locked")
            write_text(ws, row, COL_TRANSLATION, text, "input")
            write_text(ws, row, COL_STATUS, _(STATE_LABELS[state]), "input")
            row += 1
    set_widths(ws, [12, 60, 60, 14])
    finish_sheet(ws, header=HEADER_ROW, rtl=is_rtl(lang))
    values = {"format": FORMAT, "format_version": 1, "pack": "_interface", "version": "", "language": lang, "sheet": ws.title, "first_row": FIRST_ROW}
    write_meta_sheet(wb, META_SHEET, values)
    return save_workbook(wb, output), counts


@dataclass(frozen=True)
class UiImportResult:
    path: Path
    lang: str
    translated: int
    unchanged: int
    skipped: int  # rows of strings the interface no longer has


def import_ui_sheet(sheet_path: Path) -> UiImportResult:
    """Read a filled interface-translation spreadsheet into the language's catalog."""
    from ..excel.safety import open_workbook
    from .ui import _write

    sheet_path = Path(sheet_path)
    shown = shown_path(sheet_path)
    wb = open_workbook(sheet_path)
    meta = _read_meta(wb, shown, FORMAT)
    lang, place = meta["language"]
    check_language(lang, file=shown, place=place)
    sheet, place = meta["sheet"]
    if sheet not in wb.sheet_names:
        raise UserError(_("the sheet '{sheet}' is missing").format(sheet=shorten(sheet)), file=shown, place=place)
    rows = _sheet_rows(wb, sheet, shown)
    formulas = _formula_cells(sheet_path, sheet)
    catalog, path = _catalog(lang)
    forms = catalog.num_plurals
    by_source = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    plural_sources = {m.id[1]: m for m in catalog if m.id and not isinstance(m.id, str)}
    translated = unchanged = skipped = listed = 0
    for row in range(FIRST_ROW, len(rows) + 1):
        kind = cell_text(cell_at(rows, row, COL_CONTEXT)).strip()
        source = cell_text(cell_at(rows, row, COL_SOURCE))
        if not kind and not source:
            continue
        listed += 1
        form = 0
        if kind.startswith("plural "):
            number = kind.split(" ", 1)[1]
            if not number.isdigit() or int(number) >= forms:
                raise UserError(_("unknown kind '{kind}'").format(kind=shorten(kind)), file=shown, place=_place(sheet, row, COL_CONTEXT))
            form = int(number)
        message = by_source.get(source) or plural_sources.get(source)
        if message is None:
            skipped += 1
            continue
        if f"C{row}" in formulas:
            raise UserError(
                _("this cell holds a formula; type the translation as text (start it with ' if it begins with =)"),
                file=shown, place=_place(sheet, row, COL_TRANSLATION),
            )
        text = cell_text(cell_at(rows, row, COL_TRANSLATION)).strip()
        if not text:
            unchanged += 1
            continue
        problem = placeholder_problem(source, text)
        if problem:
            raise UserError(f"{shorten(source)}: {problem}", file=shown, place=_place(sheet, row, COL_TRANSLATION))
        if isinstance(message.id, str):
            before = message.string
            message.string = text
        else:
            strings = list(message.string) if isinstance(message.string, tuple) else [""] * forms
            strings += [""] * (forms - len(strings))
            before = strings[form]
            strings[form] = text
            message.string = tuple(strings)
        message.flags.discard("fuzzy")
        if before == text:
            unchanged += 1
        else:
            translated += 1
    if listed and skipped * 2 > listed:
        raise UserError(_("most rows are not strings of this program's interface: is this the right spreadsheet?"), file=shown)
    if translated:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(catalog, path)
    return UiImportResult(path, lang, translated, unchanged, skipped)
