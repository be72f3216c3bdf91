"""Pack translations through a spreadsheet, for translators without PO tools.

``export_sheet`` writes one row per translatable field: context, source text,
translation, status (translated / fuzzy / missing / stale), plus a very hidden
``_meta`` sheet naming the pack and the language. ``import_sheet`` reads a filled
copy back into ``locales/<lang>/packs/<pack-id>.po``:

- an empty translation cell changes nothing;
- a translation whose source text is still the pack's current text becomes a
  translated entry, unless its status cell still reads *fuzzy* or *stale* and the
  translation was left as it was (clear the status cell to confirm it unchanged);
- a translation made for a source text that has changed since the export is kept,
  marked fuzzy, with the exported source as previous msgid;
- rows of fields that no longer exist are skipped and counted.

Cells are written only through :func:`coherence.excel.cells.write_text` (text stays
text, never a formula) and read with python-calamine after
:func:`coherence.excel.safety.open_workbook`; a translation that looks like a formula
(``=...``) is taken as literal text. Errors name ``file:sheet!cell``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..i18n import _, gettext_in, interface_languages, is_rtl
from ..ids import is_id
from ..excel.layout import cell_name, column_letter
from ..excel.values import cell_at, cell_text, shorten
from ..models import Pack
from .catalogs import (
    FUZZY,
    MISSING,
    STALE,
    STATE_LABELS,
    TRANSLATED,
    check_language,
    entry_error,
    load_entries,
    merge,
    open_catalog,
    placeholder_problem,
    po_path,
    save_catalog,
    shown_path,
    state_of,
)
from .fields import pack_entries

FORMAT = "coherence-translation"
FORMAT_VERSION = 1
META_SHEET = "_meta"
META_KEYS = ("format", "format_version", "pack", "version", "language", "sheet", "first_row")
HEADER_ROW = 1
FIRST_ROW = 2
COL_CONTEXT, COL_SOURCE, COL_TRANSLATION, COL_STATUS = 1, 2, 3, 4



def _place(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{cell_name(row, col)}"


# --------------------------------------------------------------------------- export


def export_sheet(pack: Pack, lang: str, output: Path) -> tuple[Path, dict[str, int]]:
    """Write the translation spreadsheet of ``pack`` in ``lang``; return (path, counts by state)."""
    from openpyxl import Workbook

    from ..excel.cells import (
        finish_sheet,
        header_row,
        list_validation,
        save_workbook,
        set_widths,
        sheet_title,
        write_meta_sheet,
        write_text,
    )

    check_language(lang)
    if lang == pack.source_language:
        raise UserError(
            _("'{lang}' is the source language of the pack: nothing to translate").format(lang=lang), file=pack.path or pack.id
        )
    entries = load_entries(pack.id, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_("Translations"))
    header_row(ws, HEADER_ROW, [_("Context"), _("Source text"), _("Translation ({lang})").format(lang=lang), _("Status")])
    counts = {state: 0 for state in STATE_LABELS}
    row = FIRST_ROW
    for context, source in pack_entries(pack):
        entry = entries.get(context)
        state = state_of(entry, source)
        counts[state] += 1
        write_text(ws, row, COL_CONTEXT, context, "locked")
        write_text(ws, row, COL_SOURCE, source)
        write_text(ws, row, COL_TRANSLATION, entry.msgstr if entry and state != MISSING else "", "input")
        write_text(ws, row, COL_STATUS, _(STATE_LABELS[state]), "input")
        row += 1
    if row > FIRST_ROW:
        choices = list_validation(
            wb,
            [_(STATE_LABELS[state]) for state in STATE_LABELS],
            prompt=_("Leave '{fuzzy}' to keep a translation for review; clear it or choose '{translated}' to confirm it.").format(
                fuzzy=_(STATE_LABELS[FUZZY]), translated=_(STATE_LABELS[TRANSLATED])
            ),
        )
        choices.errorStyle = "warning"
        ws.add_data_validation(choices)
        choices.add(f"{column_letter(COL_STATUS)}{FIRST_ROW}:{column_letter(COL_STATUS)}{row - 1}")
    set_widths(ws, [26, 60, 60, 14])
    finish_sheet(ws, header=HEADER_ROW, rtl=is_rtl(lang))

    values = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pack": pack.id,
        "version": pack.version,
        "language": lang,
        "sheet": ws.title,
        "first_row": FIRST_ROW,
    }
    write_meta_sheet(wb, META_SHEET, {key: values[key] for key in META_KEYS})
    return save_workbook(wb, output), counts


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    path: Path  # the PO file written
    pack_id: str
    lang: str
    translated: int  # rows imported as translated entries
    fuzzy: int  # rows imported as fuzzy entries
    unchanged: int  # rows with an empty translation, or the same text and state as before
    skipped: int  # rows of fields that are no longer in the pack


def _normal(text: str) -> str:
    from ..excel.labels import normalize

    return normalize(text)


def _review_labels() -> set[str]:
    """'fuzzy' and 'stale' in every interface language, normalised."""
    return {_normal(gettext_in(lang, STATE_LABELS[state])) for lang in interface_languages() for state in (FUZZY, STALE)}


def _sheet_rows(wb, name: str, path: str) -> list[list[object]]:
    try:
        return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for bad sheets
        raise UserError(_("cannot read the sheet '{sheet}': {reason}").format(sheet=name, reason=shorten(str(exc), 80)), file=path) from None


def _read_meta(wb, path: str, fmt: str = FORMAT) -> dict[str, tuple[str, str]]:
    if META_SHEET not in wb.sheet_names:
        raise UserError(
            _("not a coherence translation spreadsheet (no '{sheet}' sheet); write one with 'coherence translate export'").format(
                sheet=META_SHEET
            ),
            file=path,
        )
    found: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(_sheet_rows(wb, META_SHEET, path), start=1):
        key = cell_text(row[0]).strip() if row else ""
        if key and key not in found:
            found[key] = (cell_text(row[1]).strip() if len(row) > 1 else "", f"{META_SHEET}!B{number}")
    for key in META_KEYS:
        found.setdefault(key, ("", META_SHEET))
    if found["format"][0] != fmt:
        raise UserError(_("not a coherence translation spreadsheet (format marker missing)"), file=path, place=found["format"][1])
    if found["format_version"][0] != str(FORMAT_VERSION):
        raise UserError(
            _("translation spreadsheet format version '{found}' is not supported (this program reads version {known})").format(
                found=shorten(found["format_version"][0]), known=FORMAT_VERSION
            ),
            file=path,
            place=found["format_version"][1],
        )
    return found


def _formula_cells(path: Path, sheet: str) -> set[str]:
    """References of the cells of ``sheet`` that hold a formula (calamine only sees their values)."""
    from defusedxml.ElementTree import fromstring

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    try:
        with zipfile.ZipFile(path) as zf:
            workbook = fromstring(zf.read("xl/workbook.xml"))
            rid = None
            for element in workbook.iter():
                if local(element.tag) == "sheet" and element.get("name") == sheet:
                    rid = next((v for k, v in element.attrib.items() if local(k) == "id"), None)
            if rid is None:
                return set()
            rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            target = next((r.get("Target") for r in rels.iter() if r.get("Id") == rid), None)
            if not target:
                return set()
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            root = fromstring(zf.read(part))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, SyntaxError):
        return set()
    found = set()
    for cell in root.iter():
        if local(cell.tag) == "c" and any(local(child.tag) == "f" for child in cell):
            found.add(cell.get("r", ""))
    return found


def import_sheet(sheet_path: Path) -> ImportResult:
    """Read a filled translation spreadsheet into the pack's PO catalog."""
    from ..excel.safety import open_workbook
    from .source import fresh_installed_pack

    sheet_path = Path(sheet_path)
    shown = shown_path(sheet_path)
    wb = open_workbook(sheet_path)
    meta = _read_meta(wb, shown)
    pack_id, place = meta["pack"]
    if not is_id(pack_id):
        raise UserError(_("unknown pack '{pack}'").format(pack=shorten(pack_id)), file=shown, place=place)
    lang, place = meta["language"]
    check_language(lang, file=shown, place=place)
    pack = fresh_installed_pack(pack_id, file=shown, place=meta["pack"][1])
    if lang == pack.source_language:
        raise UserError(_("'{lang}' is the source language of the pack: nothing to translate").format(lang=lang), file=shown, place=place)
    sheet, place = meta["sheet"]
    if sheet not in wb.sheet_names:
        raise UserError(_("the sheet '{sheet}' is missing").format(sheet=shorten(sheet)), file=shown, place=place)
    first, place = meta["first_row"]
    if not first.isdigit() or not 1 <= int(first) <= 1_000_000:
        raise UserError(_("invalid first row '{row}'").format(row=shorten(first)), file=shown, place=place)
    rows = _sheet_rows(wb, sheet, shown)
    formulas = _formula_cells(sheet_path, sheet)

    old, old_entries = open_catalog(pack.id, lang)
    catalog, _merged = merge(pack, lang, old, old_entries)
    sources = dict(pack_entries(pack))
    review = _review_labels()
    seen: dict[str, int] = {}
    translated = fuzzy = unchanged = skipped = 0
    for row in range(int(first), len(rows) + 1):
        context = cell_text(cell_at(rows, row, COL_CONTEXT)).strip()
        if not context:
            continue
        if context in seen:
            raise UserError(
                _("msgctxt '{context}' listed twice (also in row {row})").format(context=shorten(context), row=seen[context]),
                file=shown,
                place=_place(sheet, row, COL_CONTEXT),
            )
        seen[context] = row
        if context not in sources:
            skipped += 1
            continue
        ref = f"{column_letter(COL_TRANSLATION)}{row}"
        if ref in formulas:
            raise UserError(
                _("this cell holds a formula; type the translation as text (start it with ' if it begins with =)"),
                file=shown,
                place=_place(sheet, row, COL_TRANSLATION),
            )
        text = cell_text(cell_at(rows, row, COL_TRANSLATION)).strip()
        if not text:
            unchanged += 1
            continue
        current = sources[context]
        exported = cell_text(cell_at(rows, row, COL_SOURCE)).strip() or current
        problem = placeholder_problem(exported, text)
        if problem:
            raise entry_error(context, problem, file=shown, place=_place(sheet, row, COL_TRANSLATION))
        message = catalog.get(current, context=context)
        before = old_entries.get(context)
        if exported != current:
            is_fuzzy, previous = True, exported
        elif text == message.string and _normal(cell_text(cell_at(rows, row, COL_STATUS))) in review:
            is_fuzzy, previous = True, (message.previous_id[0] if message.previous_id else None)
        else:
            is_fuzzy, previous = False, None
        if before is not None and before.msgid == current and before.msgstr == text and before.fuzzy == is_fuzzy:
            unchanged += 1
        elif is_fuzzy:
            fuzzy += 1
        else:
            translated += 1
        message.string = text
        if is_fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        message.previous_id = [previous] if is_fuzzy and previous else []
    if seen and skipped * 2 > len(seen):
        first_unknown = next(context for context in seen if context not in sources)
        raise UserError(
            _("most rows do not belong to pack '{pack}' (e.g. '{context}'): is this the sheet of another pack?").format(
                pack=pack.id, context=shorten(first_unknown)
            ),
            file=shown, place=_place(sheet, seen[first_unknown], COL_CONTEXT),
        )
    _check_labels(pack, catalog, seen, shown, sheet)
    path = po_path(pack.id, lang)
    if translated or fuzzy or _merged.written:
        save_catalog(catalog, path)
    return ImportResult(path, pack.id, lang, translated, fuzzy, unchanged, skipped)


def _check_labels(pack: Pack, catalog, seen: dict[str, int], shown: str, sheet: str) -> None:
    """Translated answer labels must stay unambiguous (see :func:`coherence.packs.label_problems`)."""
    from ..packs import label_problems

    for scale in pack.scales:
        contexts = [f"_scale.{scale.id}.{level.level}.label" for level in scale.levels]
        labels = []
        for context, level in zip(contexts, scale.levels):
            message = catalog.get(level.label, context=context)
            labels.append(message.string if message is not None and message.string and not message.fuzzy else level.label)
        problems = label_problems(labels)
        if problems:
            row = next((seen[c] for c in contexts if c in seen), FIRST_ROW)
            raise UserError(
                _("scale '{scale}': {problem}").format(scale=scale.id, problem=problems[0]), file=shown, place=_place(sheet, row, COL_TRANSLATION)
            )


__all__ = ["export_sheet", "import_sheet", "ImportResult"]
