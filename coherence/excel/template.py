"""``coherence template``: a blank questionnaire workbook in one language.

Sheets: Instructions; Questionnaire (profile cells, then one row per indicator with an
answer drop-down, notes and evidence); a very hidden ``_meta`` sheet naming the pack,
its version and the language, which :mod:`coherence.excel.reader` checks when the
filled copy comes back; a hidden ``_lists`` sheet holding the drop-down lists.
The sheets are protected: only the tinted cells (profile, answers, notes, evidence)
can be edited.

Decisions: the profile has a sixth, optional cell "Your level of government (if
different)" so that, say, a ministry answering about a city is counted at the national
level in the round's vertical agreement (empty = the authority's level). The drop-down
lists live on the hidden ``_lists`` sheet rather than inline, so labels may contain
commas and be longer than Excel's 255-character inline limit. The layout is fixed by
:mod:`coherence.excel.layout` (format version 1).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from ..errors import UserError
from ..i18n import _, format_day, language_name, override
from ..models import GovLevel, Pack, Scale
from ..packs import load_pack
from . import layout as L
from .cells import (
    finish_sheet,
    header_row,
    list_validation,
    save_workbook,
    set_widths,
    sheet_title,
    write_meta_sheet,
    write_number,
    write_text,
)
from ..words import DONT_KNOW, NOT_APPLICABLE, gov_level_label
from .labels import localized_pack


def answer_options(scale: Scale) -> list[str]:
    """The drop-down of an answer cell: the scale's labels, then don't know / not applicable."""
    return [level.label for level in scale.levels] + [_(DONT_KNOW), _(NOT_APPLICABLE)]


def write_template(pack_spec: str | Path, lang: str, path: str | Path) -> Path:
    """Write a blank questionnaire for ``pack_spec`` (pack id or path) in ``lang``."""
    pack = localized_pack(pack_spec, lang)
    with override(lang):
        wb = build_template(pack, lang)
        return save_workbook(wb, path)


def build_template(pack: Pack, lang: str) -> Workbook:
    wb = Workbook()
    instructions = wb.active
    instructions.title = sheet_title(_("Instructions"))
    questionnaire = wb.create_sheet(sheet_title(_("Questionnaire")))
    _write_instructions(instructions, pack, lang, questionnaire.title)
    _write_questionnaire(wb, questionnaire, pack)
    _write_meta(wb, pack, lang, questionnaire.title)
    wb.active = 1  # open on the questionnaire
    instructions.sheet_view.tabSelected = False
    questionnaire.sheet_view.tabSelected = True
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def _scales_used(pack: Pack) -> list[Scale]:
    used: dict[str, Scale] = {}
    for ind in pack.indicators():
        scale = pack.scale_for(ind)
        used.setdefault(scale.id, scale)
    return list(used.values())


def _write_instructions(ws, pack: Pack, lang: str, sheet: str) -> None:
    write_text(ws, 1, 1, _("Self-assessment questionnaire"), "title")
    write_text(ws, 2, 1, _("{title} — version {version}").format(title=pack.title, version=pack.version), "subtitle")
    write_text(ws, 3, 1, _("Language: {language} · {date}").format(language=language_name(lang), date=format_day(date.today())), "note")
    if pack.description:
        write_text(ws, 4, 1, pack.description, "text")
        ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
    row = 6
    write_text(ws, row, 1, _("How to fill in"), "subtitle")
    steps = [
        _("Fill in your profile at the top of the sheet '{sheet}': the authority, its country and level of government, "
          "your department or sector, your name and, if different, your own level of government.").format(sheet=sheet),
        _("For each indicator, read the question and the guidance, then choose an answer in the column '{column}' "
          "from the drop-down list.").format(column=_("Answer")),
        _("If you do not know, choose '{dk}': it counts as 0 and is reported as a data gap.").format(dk=_(DONT_KNOW)),
        _("If an indicator does not concern your authority, choose '{na}': it is left out of every score.").format(
            na=_(NOT_APPLICABLE)
        ),
        _("An indicator left empty is reported as missing and counts as '{dk}'.").format(dk=_(DONT_KNOW)),
        _("Use '{notes}' to explain your answer and '{evidence}' to name the documents that show it "
          "(plan, decree, minutes, budget line...).").format(notes=_("Notes"), evidence=_("Evidence")),
        _("Only the tinted cells can be edited. Keep the sheets and the indicator ids as they are, "
          "save the file as .xlsx and send it back: answers are scored with 'coherence score'."),
    ]
    for number, text in enumerate(steps, start=1):
        row += 1
        write_number(ws, row, 1, number, digits=0)
        write_text(ws, row, 2, text, "text")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    for scale in _scales_used(pack):
        row += 2
        title = scale.title or scale.id
        write_text(ws, row, 1, _("Answer scale: {title}").format(title=title), "subtitle")
        row += 1
        header_row(ws, row, [_("Level"), _("Answer"), _("Meaning")])
        for level in scale.levels:
            row += 1
            write_number(ws, row, 1, level.level, digits=0)
            write_text(ws, row, 2, level.label, "label")
            write_text(
                ws, row, 3,
                _("counts {points} points out of 100").format(points=f"{level.value * 100:.0f}"),
            )
        for label, meaning in (
            (_(DONT_KNOW), _("counts 0 and is reported as a data gap")),
            (_(NOT_APPLICABLE), _("left out of every score")),
        ):
            row += 1
            write_text(ws, row, 2, label, "label")
            write_text(ws, row, 3, meaning)
    set_widths(ws, [10, 45, 70])
    finish_sheet(ws, landscape=False)
    ws.protection.sheet = True


def _write_questionnaire(wb: Workbook, ws, pack: Pack) -> None:
    write_text(ws, 1, 1, _("{title} — version {version}").format(title=pack.title, version=pack.version), "title")
    write_text(ws, 2, 1, _("Answer in the tinted cells; see the sheet '{sheet}' first.").format(sheet=_("Instructions")), "note")

    levels = [gov_level_label(level) for level in GovLevel]
    level_list = list_validation(wb, levels, error=_("Choose a level of government from the list."))
    ws.add_data_validation(level_list)
    profile = {
        "authority": _("Authority"),
        "country": _("Country"),
        "authority_level": _("Level of government"),
        "department": _("Department or sector"),
        "respondent": _("Respondent name"),
        "respondent_level": _("Your level of government (if different)"),
    }
    for key, row in L.PROFILE_ROWS.items():
        write_text(ws, row, L.PROFILE_LABEL_COL, profile[key], "label")
        cell = write_text(ws, row, L.PROFILE_VALUE_COL, "", "input")
        if key.endswith("_level"):
            level_list.add(cell.coordinate)

    headers = {
        L.COL_ID: _("ID"),
        L.COL_SECTOR: _("Sector"),
        L.COL_QUESTION: _("Question"),
        L.COL_GUIDANCE: _("Guidance"),
        L.COL_ANSWER: _("Answer"),
        L.COL_NOTES: _("Notes"),
        L.COL_EVIDENCE: _("Evidence"),
        L.COL_TARGET: _("Target"),
    }
    header_row(ws, L.HEADER_ROW, [headers[c] for c in sorted(headers)])

    validations = {}
    targets = {}
    for scale in _scales_used(pack):
        dv = list_validation(
            wb, answer_options(scale),
            error=_("Choose an answer from the list (or '{dk}' / '{na}').").format(dk=_(DONT_KNOW), na=_(NOT_APPLICABLE)),
        )
        ws.add_data_validation(dv)
        validations[scale.id] = dv
        aim = list_validation(
            wb, [level.label for level in scale.levels],
            prompt=_("The level to reach; leave it empty for the top level."),
            error=_("Choose a level from the list."),
        )
        ws.add_data_validation(aim)
        targets[scale.id] = aim

    row = L.FIRST_ROW
    evidence_word = _("Evidence")
    for sector in pack.sectors:
        for ind in sector.indicators:
            write_text(ws, row, L.COL_ID, ind.id, "locked")
            write_text(ws, row, L.COL_SECTOR, sector.title)
            write_text(ws, row, L.COL_QUESTION, ind.question)
            guidance = ind.guidance
            if ind.evidence:
                guidance = f"{guidance}\n{evidence_word}: {'; '.join(ind.evidence)}"
            write_text(ws, row, L.COL_GUIDANCE, guidance)
            answer = write_text(ws, row, L.COL_ANSWER, "", "input")
            validations[pack.scale_for(ind).id].add(answer.coordinate)
            write_text(ws, row, L.COL_NOTES, "", "input")
            write_text(ws, row, L.COL_EVIDENCE, "", "input")
            target = write_text(ws, row, L.COL_TARGET, "", "input")
            targets[pack.scale_for(ind).id].add(target.coordinate)
            row += 1

    set_widths(ws, {L.COL_ID: 11, L.COL_SECTOR: 20, L.COL_QUESTION: 50, L.COL_GUIDANCE: 50,
                    L.COL_ANSWER: 28, L.COL_NOTES: 40, L.COL_EVIDENCE: 36, L.COL_TARGET: 24})
    finish_sheet(ws, header=L.HEADER_ROW, freeze=f"B{L.FIRST_ROW}")
    ws.protection.sheet = True
    # Let people resize rows and columns to read long questions.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _write_meta(wb: Workbook, pack: Pack, lang: str, sheet: str) -> None:
    values = {
        "format": L.FORMAT,
        "format_version": L.FORMAT_VERSION,
        "pack": pack.id,
        "version": pack.version,
        "language": lang,
        "sheet": sheet,
        "first_row": L.FIRST_ROW,
    }
    write_meta_sheet(wb, L.META_SHEET, {key: values[key] for key in L.META_KEYS})
