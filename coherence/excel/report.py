"""The report workbook of one session or of a round (DESIGN.md §3).

Sheets: Summary (with a bar chart of sector and coherence scores), Scores, Gaps,
Action plan, Responses and, for rounds, Agreement. Every number comes from
:mod:`coherence.scoring` (rounded to one decimal and stored as a number with a number
format); every text a user typed is written with :func:`cells.write_text`, so it can
never become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from ..errors import UserError
from ..i18n import N_, _, current_language, format_day, language_name, override
from ..models import Answer, Assessment, Pack, Round, RoundResult, Scores
from ..scoring import score, score_round, unique_labels
from .cells import (
    finish_sheet,
    header_row,
    join_text,
    list_validation,
    save_workbook,
    score_colours,
    set_widths,
    sheet_title,
    style_cell,
    write_meta_sheet,
    write_number,
    write_text,
)
from ..words import DONT_KNOW, MISSING, NOT_APPLICABLE, gov_level_label
from .labels import choice_label

STATUSES = (N_("Not started"), N_("In progress"), N_("Done"), N_("Dropped"))
NOT_ASSESSED = "—"  # a score with nothing behind it (sector not assessed), never 0


def write_report(
    path: str | Path,
    pack: Pack,
    assessments: Sequence[Assessment],
    *,
    labels: Sequence[str] | None = None,
    lang: str | None = None,
) -> Path:
    """Write the report of one assessment (or of a round of several) to ``path``."""
    if not assessments:
        raise UserError(_("nothing to report: no assessment given"), file=path)
    with override(lang):
        wb = build_report(pack, assessments, labels=labels)
        return save_workbook(wb, path)


def write_round_report(path: str | Path, pack: Pack, round_: Round, result: RoundResult, *, lang: str | None = None) -> Path:
    """Write a round's report: respondents named by department, the agreed answers beside
    the median and each respondent's, a heatmap, and the sectors out of scope."""
    from ..rounds import assessments_of, respondent_labels

    from ..rounds import ensure_plan

    if not round_.respondents:
        raise UserError(_("nothing to report: the round has no respondent yet"), file=path)
    round_ = ensure_plan(pack, round_, result)  # the caller saves it into the round (round report does)
    with override(lang):
        wb = build_report(pack, assessments_of(round_), labels=respondent_labels(round_), round_=round_, result=result)
        return save_workbook(wb, path)


@dataclass
class _Context:
    pack: Pack
    assessments: list[Assessment]
    labels: list[str]
    scores: Scores
    respondents: tuple[Scores, ...]
    answers: dict[str, Answer]  # the answers the scores describe (the round's median for rounds)
    result: RoundResult | None
    sector_titles: dict[str, str]
    round: Round | None = None


def build_report(
    pack: Pack,
    assessments: Sequence[Assessment],
    *,
    labels: Sequence[str] | None = None,
    round_: Round | None = None,
    result: RoundResult | None = None,
) -> Workbook:
    """The report workbook, in the current interface language."""
    assessments = list(assessments)
    labels = list(labels) if labels is not None else unique_labels(assessments)
    if result is not None:
        ctx = _Context(pack, assessments, labels, result.scores, result.respondents, dict(result.aggregate), result, {}, round_)
    elif len(assessments) == 1:
        only = score(pack, assessments[0].answers, scope=assessments[0].scope)
        ctx = _Context(pack, assessments, labels, only, (only,), dict(assessments[0].answers), None, {})
    else:
        result = score_round(pack, assessments, labels)
        ctx = _Context(pack, assessments, labels, result.scores, result.respondents, dict(result.aggregate), result, {})
    ctx.sector_titles = {s.id: s.title for s in pack.sectors}

    wb = Workbook()
    summary = wb.active
    summary.title = sheet_title(_("Summary"))
    _summary(summary, ctx)
    if ctx.round is not None and ctx.result is not None:
        _priorities(wb.create_sheet(sheet_title(_("Priorities"))), ctx)
    _scores(wb.create_sheet(sheet_title(_("Scores"))), ctx)
    _gaps(wb.create_sheet(sheet_title(_("Gaps"))), ctx)
    if ctx.round is not None:
        _round_plan(wb, wb.create_sheet(sheet_title(_("Action plan"))), ctx)
    else:
        _action_plan(wb, wb.create_sheet(sheet_title(_("Action plan"))), ctx)
    _responses(wb.create_sheet(sheet_title(_("Responses"))), ctx)
    if ctx.result is not None:
        _agreement(wb.create_sheet(sheet_title(_("Agreement"))), ctx)
        _side_by_side(wb.create_sheet(sheet_title(_("Answers side by side"))), ctx)
        _heatmap(wb.create_sheet(sheet_title(_("Heatmap"))), ctx)
    if ctx.round is not None:
        from ..plan import PLAN_META_SHEET, plan_meta

        write_meta_sheet(wb, PLAN_META_SHEET, plan_meta(ctx.round, sheet_title(_("Action plan"))))
    for hidden in ("_lists", "_plan"):
        if hidden in wb.sheetnames:
            index = wb.sheetnames.index(hidden)
            wb.move_sheet(hidden, offset=len(wb.sheetnames) - 1 - index)  # hidden sheets go last
    return wb


def _unique(values: Sequence[str]) -> str:
    return join_text(dict.fromkeys(v for v in values if v))


# --------------------------------------------------------------------------- Summary


def _summary(ws, ctx: _Context) -> None:
    pack, s = ctx.pack, ctx.scores
    write_text(ws, 1, 1, _("Self-assessment report"), "title")
    write_text(ws, 2, 1, pack.title, "subtitle")
    row = 4

    def line(label: str, value: object, *, number: bool = False, digits: int = 1) -> int:
        nonlocal row
        write_text(ws, row, 1, label, "label")
        if number:
            write_number(ws, row, 2, value, digits=digits)  # type: ignore[arg-type]
        else:
            write_text(ws, row, 2, value)
        row += 1
        return row - 1

    people = ctx.assessments
    line(_("Authority"), _unique([a.authority.name for a in people]))
    line(_("Country"), _unique([a.authority.country for a in people]))
    line(_("Level of government"), _unique([gov_level_label(a.authority.level) for a in people]))
    line(_("Indicator pack"), _("{title} ({id}, version {version})").format(title=pack.title, id=pack.id, version=pack.version))
    if ctx.round is not None and ctx.round.cycle.label:
        line(_("Planning cycle"), ctx.round.cycle.label)
    assessed = max((a.updated for a in people), default=None)
    if ctx.round is not None:
        assessed = ctx.round.updated
    if assessed is not None:
        line(_("Date of the assessment"), format_day(assessed))
    line(_("Date of this report"), format_day(date.today()))
    line(_("Language"), language_name(current_language()))
    line(_("Respondents"), len(people), number=True, digits=0)
    if len(people) == 1:
        line(_("Department or sector"), people[0].respondent.department)
        line(_("Respondent"), people[0].respondent.name)
    k, n = s.assessed
    line(_("Sectors assessed"), _("{k} of {n}").format(k=k, n=n))
    for sector_id in s.out_of_scope:
        reason = (ctx.round.scope if ctx.round is not None else people[0].scope).get(sector_id, "")
        line(_("Out of scope"), f"{ctx.sector_titles.get(sector_id, sector_id)} — {reason}" if reason else ctx.sector_titles.get(sector_id, sector_id))
    if s.not_assessed:
        line(_("Not assessed (no answer)"), join_text(ctx.sector_titles.get(x, x) for x in s.not_assessed))
    if ctx.result is not None:
        line(_("Agreed answers"), len(ctx.result.agreed), number=True, digits=0)
    row += 1
    first_score = row
    line(_("Overall score"), s.overall, number=True)
    line(_("Vertical coherence"), s.vertical.score, number=True)
    line(_("Horizontal coherence"), s.horizontal.score, number=True)
    score_colours(ws, f"B{first_score}:B{row - 1}")

    row += 1
    write_text(ws, row, 1, _("Sector balance"), "subtitle")
    row += 1
    balance = s.balance
    line(_("Lowest sector score"), balance.minimum, number=True)
    line(_("Highest sector score"), balance.maximum, number=True)
    line(_("Mean of sector scores"), balance.mean, number=True)
    line(_("Standard deviation"), balance.std, number=True)
    lagging = [ctx.sector_titles.get(sid, sid) for sid in balance.lagging]
    line(_("Lagging sectors"), join_text(lagging) or _("none"))

    row += 1
    write_text(ws, row, 1, _("Answers"), "subtitle")
    row += 1
    counts = s.counts
    line(_("Answered"), counts.answered, number=True, digits=0)
    line(_(DONT_KNOW), counts.dont_know, number=True, digits=0)
    line(_(NOT_APPLICABLE), counts.not_applicable, number=True, digits=0)
    line(_(MISSING), counts.missing, number=True, digits=0)

    # The chart's data: sector scores, then the two coherence scores.
    row += 1
    header = row
    header_row(ws, header, [_("Sector"), _("Score")])
    row += 1
    for sector in ctx.pack.sectors:
        line(sector.title, s.sectors.get(sector.id), number=True)
    line(_("Vertical coherence"), s.vertical.score, number=True)
    line(_("Horizontal coherence"), s.horizontal.score, number=True)
    last = row - 1
    score_colours(ws, f"B{header + 1}:B{last}")

    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = _("Sector and coherence scores")
    chart.y_axis.title = _("Score (0–100)")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 20
    chart.x_axis.scaling.orientation = "maxMin"  # first sector on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    chart.width = 18
    chart.height = max(7.5, 1.0 + 0.8 * (last - header))
    ws.add_chart(chart, "D4")

    set_widths(ws, [34, 44])
    finish_sheet(ws, freeze="A3")


# --------------------------------------------------------------------------- Scores


def _scores(ws, ctx: _Context) -> None:
    pack, s = ctx.pack, ctx.scores
    cats = pack.categories
    header_row(ws, 1, [_("Sector"), *[c.title for c in cats], _("Sector score")])
    row = 2
    for sector in pack.sectors:
        write_text(ws, row, 1, sector.title, "label")
        for col, cat in enumerate(cats, start=2):
            write_number(ws, row, col, s.sector_categories.get((sector.id, cat.id)))
        write_number(ws, row, len(cats) + 2, s.sectors.get(sector.id))
        row += 1
    write_text(ws, row, 1, _("All sectors"), "label")
    for col, cat in enumerate(cats, start=2):
        write_number(ws, row, col, s.categories.get(cat.id))
    write_number(ws, row, len(cats) + 2, s.overall)
    score_colours(ws, f"B2:{get_column_letter(len(cats) + 2)}{row}")

    row += 2
    write_text(ws, row, 1, _("Sub-categories"), "subtitle")
    row += 1
    header_row(ws, row, [_("Category"), _("Sub-category"), _("Score")])
    first = row + 1
    for cat in cats:
        for sub in cat.subcategories:
            row += 1
            write_text(ws, row, 1, cat.title)
            write_text(ws, row, 2, sub.title)
            write_number(ws, row, 3, s.subcategories.get(sub.id))
    if row >= first:
        score_colours(ws, f"C{first}:C{row}")

    row += 2
    write_text(ws, row, 1, _("Respondents"), "subtitle")
    row += 1
    sectors = pack.sectors
    header_row(
        ws, row,
        [_("Respondent"), _("Department or sector"), _("Level of government"), _("Overall score"),
         *[sec.title for sec in sectors], _("Vertical coherence"), _("Horizontal coherence"),
         _("Answered"), _(DONT_KNOW), _(NOT_APPLICABLE), _(MISSING)],
    )
    first = row + 1
    for label, a, rs in zip(ctx.labels, ctx.assessments, ctx.respondents):
        row += 1
        write_text(ws, row, 1, label)
        write_text(ws, row, 2, a.respondent.department)
        write_text(ws, row, 3, gov_level_label(a.respondent.level))
        col = 4
        for value in (rs.overall, *[rs.sectors.get(sec.id) for sec in sectors], rs.vertical.score, rs.horizontal.score):
            write_number(ws, row, col, value, empty=NOT_ASSESSED)
            col += 1
        for count in (rs.counts.answered, rs.counts.dont_know, rs.counts.not_applicable, rs.counts.missing):
            write_number(ws, row, col, count, digits=0)
            col += 1
    score_colours(ws, f"D{first}:{get_column_letter(len(sectors) + 6)}{row}")

    set_widths(ws, [30] + [16] * max(len(cats) + 1, len(sectors) + 9))
    ws.column_dimensions["B"].width = 24
    finish_sheet(ws, header=1, freeze="B2")


# --------------------------------------------------------------------------- Gaps


def _level_label(ctx: _Context, indicator_id: str, level: int | None) -> str:
    if level is None:
        return ""
    return choice_label(ctx.pack, indicator_id, level)


def _gaps(ws, ctx: _Context) -> None:
    pack = ctx.pack
    header_row(ws, 1, [_("Rank"), _("ID"), _("Sector"), _("Question"), _("Current level"), _("Target level"),
                       _("Gap (points)"), _("Priority"), _("Step")])
    row = 1
    for rank, gap in enumerate(ctx.scores.gaps, start=1):
        row += 1
        ind = pack.indicator(gap.indicator)
        answer = ctx.answers.get(gap.indicator)
        step = pack.step(gap.step)
        write_number(ws, row, 1, rank, digits=0)
        write_text(ws, row, 2, gap.indicator, "label")
        write_text(ws, row, 3, ctx.sector_titles.get(gap.sector, gap.sector))
        write_text(ws, row, 4, ind.question)
        write_text(ws, row, 5, choice_label(pack, gap.indicator, answer.choice if answer else None))
        write_text(ws, row, 6, _level_label(ctx, gap.indicator, gap.target_level))
        write_number(ws, row, 7, gap.gap * 100)
        write_number(ws, row, 8, gap.priority * 100)
        write_text(ws, row, 9, step.title if step else "")
    set_widths(ws, [7, 11, 20, 55, 24, 24, 10, 10, 22])
    if row > 1:
        ws.auto_filter.ref = f"A1:I{row}"
    finish_sheet(ws, header=1, freeze="C2")


# --------------------------------------------------------------------------- Action plan


def _action_plan(wb: Workbook, ws, ctx: _Context) -> None:
    pack = ctx.pack
    step_order = {step.id: n for n, step in enumerate(pack.steps)}
    # The engine ranks gaps by priority; the plan reads in the order the process runs.
    gaps = sorted(ctx.scores.gaps, key=lambda g: step_order.get(g.step, len(step_order)))
    header_row(ws, 1, [_("Step"), _("ID"), _("Sector"), _("Action for the next level"), _("Responsible"), _("Partners"),
                       _("Timeline"), _("Resources"), _("Success indicator"), _("SDG targets"), _("GCM objectives"),
                       _("Priority"), _("Status")])
    statuses = [_(s) for s in STATUSES]
    status_list = list_validation(wb, statuses, error=_("Choose a status from the list."))
    ws.add_data_validation(status_list)
    row = 1
    for gap in gaps:
        row += 1
        ind = pack.indicator(gap.indicator)
        step = pack.step(gap.step)
        next_level = gap.next_level if gap.next_level is not None else gap.target_level
        write_text(ws, row, 1, step.title if step else "")
        write_text(ws, row, 2, gap.indicator, "label")
        write_text(ws, row, 3, ctx.sector_titles.get(gap.sector, gap.sector))
        write_text(ws, row, 4, ind.actions.get(next_level, ""))
        write_text(ws, row, 5, ind.actors[0] if ind.actors else "")
        write_text(ws, row, 6, join_text(ind.actors[1:]))
        write_text(ws, row, 7, "", "input")
        write_text(ws, row, 8, join_text(ind.resources, "\n"))
        write_text(
            ws, row, 9,
            _("{id} reaches '{level}'").format(id=gap.indicator, level=_level_label(ctx, gap.indicator, next_level)),
        )
        write_text(ws, row, 10, join_text(ind.sdg, ", "))
        write_text(ws, row, 11, join_text(ind.gcm, ", "))
        write_number(ws, row, 12, gap.priority * 100)
        status = write_text(ws, row, 13, statuses[0], "input")
        status_list.add(status.coordinate)
    set_widths(ws, [18, 11, 18, 45, 22, 26, 14, 30, 30, 12, 12, 9, 14])
    if row > 1:
        ws.auto_filter.ref = f"A1:M{row}"
    finish_sheet(ws, header=1, freeze="C2")


def _round_plan(wb: Workbook, ws, ctx: _Context) -> None:
    """The round's living plan, written from ``round.plan`` (never regenerated): plan id,
    editable columns (action, owner, partners, due date, status, progress notes) and
    read-only context. ``coherence round import-plan`` reads it back by its headers."""
    from datetime import datetime

    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..plan import COLUMNS, sort_for_sheet, status_label, status_labels

    assert ctx.round is not None
    pack = ctx.pack
    keys = [key for key, _header in COLUMNS]
    col = {key: n for n, key in enumerate(keys, start=1)}
    header_row(ws, 1, [_(header) for _key, header in COLUMNS])
    status_list = list_validation(wb, status_labels(), error=_("Choose a status from the list."))
    ws.add_data_validation(status_list)
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # after 2000-01-01
    dates.showErrorMessage = True
    dates.errorStyle = "stop"
    dates.error = _("Write a date, e.g. 2027-03-31.")
    ws.add_data_validation(dates)
    grey = PatternFill("solid", start_color="E7E6E6")
    row = 1
    for action in sort_for_sheet(pack, ctx.round.plan):
        row += 1
        try:
            ind = pack.indicator(action.indicator)
        except KeyError:
            ind = None
        cell = write_text(ws, row, col["id"], action.id, "locked")
        cell.fill = grey
        write_text(ws, row, col["indicator"], action.indicator, "input")
        write_text(ws, row, col["question"], ind.question if ind else "")
        write_text(ws, row, col["action"], action.action, "input")
        write_text(ws, row, col["owner"], action.owner, "input")
        write_text(ws, row, col["partners"], action.partners, "input")
        due = ws.cell(row=row, column=col["due"])
        style_cell(ws, due, "input")
        due.value = action.due
        due.number_format = "yyyy-mm-dd"
        write_text(ws, row, col["status"], status_label(action.status), "input")
        write_text(ws, row, col["notes"], action.notes, "input")
        updated = ws.cell(row=row, column=col["updated"], value=action.updated.replace(tzinfo=None) if isinstance(action.updated, datetime) else action.updated)
        updated.number_format = "yyyy-mm-dd hh:mm"
        step = pack.step(ind.step) if ind else None
        write_text(ws, row, col["step"], step.title if step else "", "note")
        write_text(ws, row, col["sdg"], join_text(ind.sdg, ", ") if ind else "", "note")
        write_text(ws, row, col["gcm"], join_text(ind.gcm, ", ") if ind else "", "note")
        write_text(ws, row, col["resources"], join_text(ind.resources, "\n") if ind else "", "note")
    # room for new actions: rows below take a status and a date the same way
    last = row + 50
    status_list.add(f"{get_column_letter(col['status'])}2:{get_column_letter(col['status'])}{last}")
    dates.add(f"{get_column_letter(col['due'])}2:{get_column_letter(col['due'])}{last}")
    for extra in range(row + 1, last + 1):
        ws.cell(row=extra, column=col["due"]).number_format = "yyyy-mm-dd"
    set_widths(ws, [9, 11, 40, 45, 22, 24, 12, 14, 40, 16, 18, 10, 12, 30])
    if row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{row}"
    finish_sheet(ws, header=1, freeze="C2")


# --------------------------------------------------------------------------- Priorities


def _priorities(ws, ctx: _Context) -> None:
    """One page for the planning director: the top five gaps with who does what by when,
    the weaker coherence score and the indicators behind it, what is left to discuss,
    and a radar of the sectors, current against target."""
    from openpyxl.chart import RadarChart

    from ..plan import planned_for, sector_targets

    assert ctx.round is not None and ctx.result is not None
    pack, s, round_ = ctx.pack, ctx.scores, ctx.round
    write_text(ws, 1, 1, _("Priorities"), "title")
    write_text(ws, 2, 1, f"{round_.authority.name} · {round_.cycle.label}".strip(" ·"), "subtitle")
    row = 4
    write_text(ws, row, 1, _("The five largest gaps"), "subtitle")
    row += 1
    header_row(ws, row, [_("Rank"), _("ID"), _("Question"), _("Current level"), _("Target level"), _("Responsible"), _("Due date")])
    planned = planned_for(round_.plan)
    for rank, gap in enumerate(s.gaps[:5], start=1):
        row += 1
        answer = ctx.answers.get(gap.indicator)
        action = planned.get(gap.indicator)
        write_number(ws, row, 1, rank, digits=0)
        write_text(ws, row, 2, gap.indicator, "label")
        write_text(ws, row, 3, pack.indicator(gap.indicator).question)
        write_text(ws, row, 4, choice_label(pack, gap.indicator, answer.choice if answer else None))
        write_text(ws, row, 5, _level_label(ctx, gap.indicator, gap.target_level))
        write_text(ws, row, 6, action.owner if action else _("not planned"))
        if action is not None and action.due is not None:
            due = ws.cell(row=row, column=7, value=action.due)
            due.number_format = "yyyy-mm-dd"
    if not s.gaps:
        row += 1
        write_text(ws, row, 1, _("No gap: every indicator is at its target."), "note")

    row += 2
    weaker, name = weaker_coherence(s)
    write_text(ws, row, 1, _("Weaker coherence"), "subtitle")
    row += 1
    if weaker is None:
        write_text(ws, row, 1, _("No coherence score: no tagged indicator was answered."), "note")
    else:
        write_text(ws, row, 1, name, "label")
        write_number(ws, row, 2, weaker.score)
        score_colours(ws, f"B{row}")
        row += 1
        write_text(ws, row, 1, _("The indicators that hold it down (lowest first):"), "note")
        for ind_id, value in weaker.drivers[:5]:
            row += 1
            write_text(ws, row, 2, ind_id, "label")
            write_text(ws, row, 3, pack.indicator(ind_id).question)
            write_number(ws, row, 4, None if value is None else value * 100)

    row += 2
    write_text(ws, row, 1, _("Still to discuss"), "subtitle")
    row += 1
    if not ctx.result.to_discuss:
        write_text(ws, row, 1, _("Nothing: the respondents agree, or the workshop agreed an answer."), "note")
    for ind_id in ctx.result.to_discuss:
        write_text(ws, row, 2, ind_id, "label")
        write_text(ws, row, 3, pack.indicator(ind_id).question)
        row += 1

    # The radar's data block: each sector's score and the score its targets would give.
    row += 2
    header = row
    header_row(ws, row, [_("Sector"), _("Current score"), _("Target score")])
    goals = sector_targets(pack, s, ctx.answers, round_.targets)
    for sector in pack.sectors:
        row += 1
        write_text(ws, row, 1, sector.title)
        write_number(ws, row, 2, s.sectors.get(sector.id) or 0.0)
        write_number(ws, row, 3, goals.get(sector.id) or 0.0)
    radar = RadarChart()
    radar.type = "marker"
    radar.style = 26
    radar.title = _("Sectors: current and target")
    radar.y_axis.scaling.min = 0
    radar.y_axis.scaling.max = 100
    radar.y_axis.delete = False
    radar.add_data(Reference(ws, min_col=2, max_col=3, min_row=header, max_row=row), titles_from_data=True)
    radar.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=row))
    radar.width = 16
    radar.height = 11
    ws.add_chart(radar, f"I{4}")
    set_widths(ws, [24, 11, 50, 22, 22, 22, 12])
    finish_sheet(ws, freeze="A3")


def weaker_coherence(s: Scores):
    """(score, name) of the weaker of the two coherence scores (None when neither is scored)."""
    pairs = [(s.vertical, _("Vertical coherence")), (s.horizontal, _("Horizontal coherence"))]
    scored = [(c, n) for c, n in pairs if c.score is not None]
    if not scored:
        return None, ""
    return min(scored, key=lambda pair: pair[0].score)


# --------------------------------------------------------------------------- Responses


def _responses(ws, ctx: _Context) -> None:
    pack = ctx.pack
    header_row(ws, 1, [_("Respondent"), _("Department or sector"), _("Level of government"), _("ID"), _("Sector"),
                       _("Question"), _("Answer"), _("Level"), _("Notes"), _("Evidence")])
    indicators = [(sector.title, ind, pack.scale_for(ind)) for sector in pack.sectors for ind in sector.indicators]
    specials = {None: _(MISSING)}
    row = 1
    for label, a in zip(ctx.labels, ctx.assessments):
        department = a.respondent.department
        level = gov_level_label(a.respondent.level)
        for sector_title, ind, scale in indicators:
            row += 1
            answer = a.answers.get(ind.id)
            choice = answer.choice if answer is not None else None
            write_text(ws, row, 1, label)
            write_text(ws, row, 2, department)
            write_text(ws, row, 3, level)
            write_text(ws, row, 4, ind.id, "label")
            write_text(ws, row, 5, sector_title)
            write_text(ws, row, 6, ind.question)
            if answer is not None and answer.is_level:
                try:
                    text = scale.label_of(int(choice))
                except KeyError:
                    text = str(choice)
                write_text(ws, row, 7, text)
                write_number(ws, row, 8, int(choice), digits=0)
            else:
                text = specials.get(choice)
                if text is None:
                    text = specials[choice] = choice_label(pack, ind.id, choice)
                write_text(ws, row, 7, text)
            if answer is not None:
                write_text(ws, row, 9, answer.notes)
                write_text(ws, row, 10, answer.evidence)
    set_widths(ws, [22, 20, 12, 11, 18, 50, 24, 7, 40, 36])
    if row > 1:
        ws.auto_filter.ref = f"A1:J{row}"
    finish_sheet(ws, header=1, freeze="A2")


# --------------------------------------------------------------------------- Agreement


def _agreement(ws, ctx: _Context) -> None:
    assert ctx.result is not None
    pack, result = ctx.pack, ctx.result
    write_text(ws, 1, 1, _("Agreement between respondents"), "title")
    row = 3
    for label, agreement, meaning in (
        (_("Horizontal agreement"), result.horizontal_agreement,
         _("share of compared indicators on which departments at the same level of government agree ({n} compared)")),
        (_("Vertical agreement"), result.vertical_agreement,
         _("share of compared indicators on which levels of government agree ({n} compared)")),
    ):
        write_text(ws, row, 1, label, "label")
        write_number(ws, row, 2, agreement.score)
        write_text(ws, row, 3, meaning.format(n=agreement.compared), "note")
        row += 1
    score_colours(ws, f"B3:B{row - 1}")

    # To discuss: the workshop's agenda.
    divergent = {d.indicator: d for d in result.divergent}
    horizontal: dict[str, list[str]] = {}
    for ind_id, group, _spread in result.horizontal_agreement.flagged:
        horizontal.setdefault(ind_id, []).append(_level_word(group))
    vertical: dict[str, list[str]] = {}
    for ind_id, groups, _spread in result.vertical_agreement.flagged:
        vertical.setdefault(ind_id, []).append(_levels_words(groups))

    row += 1
    write_text(ws, row, 1, _("To discuss"), "subtitle")
    row += 1
    header_row(ws, row, [_("ID"), _("Sector"), _("Question"), _("Why")])
    for ind_id in result.to_discuss:
        row += 1
        ind = pack.indicator(ind_id)
        reasons = []
        if ind_id in divergent:
            reasons.append(_("answers {n} levels apart").format(n=divergent[ind_id].spread))
        if ind_id in horizontal:
            reasons.append(_("departments disagree ({levels})").format(levels=join_text(horizontal[ind_id], ", ")))
        if ind_id in vertical:
            reasons.append(_("levels of government disagree ({levels})").format(levels=join_text(vertical[ind_id], ", ")))
        write_text(ws, row, 1, ind_id, "label")
        write_text(ws, row, 2, ctx.sector_titles.get(ind.sector or "", ind.sector or ""))
        write_text(ws, row, 3, ind.question)
        write_text(ws, row, 4, join_text(reasons))

    row += 2
    write_text(ws, row, 1, _("Divergent indicators"), "subtitle")
    row += 1
    header_row(ws, row, [_("ID"), _("Question"), _("Spread (levels)"), *ctx.labels])
    for d in result.divergent:
        row += 1
        write_text(ws, row, 1, d.indicator, "label")
        write_text(ws, row, 2, pack.indicator(d.indicator).question)
        write_number(ws, row, 3, d.spread, digits=0)
        for col, label in enumerate(ctx.labels, start=4):
            write_number(ws, row, col, d.levels.get(label), digits=0)

    for title, agreement, where_header, digits in (
        (_("Horizontal agreement: flagged indicators"), result.horizontal_agreement, _("Level of government"), 0),
        (_("Vertical agreement: flagged indicators"), result.vertical_agreement, _("Levels of government"), 1),
    ):
        row += 2
        write_text(ws, row, 1, title, "subtitle")
        row += 1
        header_row(ws, row, [_("ID"), _("Question"), where_header, _("Spread (levels)")])
        for ind_id, where, spread in agreement.flagged:
            row += 1
            write_text(ws, row, 1, ind_id, "label")
            write_text(ws, row, 2, pack.indicator(ind_id).question)
            write_text(ws, row, 3, _level_word(where) if digits == 0 else _levels_words(where))
            write_number(ws, row, 4, spread, digits=digits)

    set_widths(ws, [26, 50, 22, 30] + [14] * len(ctx.labels))
    finish_sheet(ws, freeze="A2")


def _level_word(group: str) -> str:
    from ..models import GovLevel

    try:
        return gov_level_label(GovLevel(group))
    except ValueError:
        return group


def _levels_words(groups: str) -> str:
    return " / ".join(_level_word(part) for part in groups.split("/"))


# --------------------------------------------------------------------------- rounds


def _side_by_side(ws, ctx: _Context) -> None:
    """Every indicator: the agreed answer, the median, and each respondent's answer."""
    assert ctx.result is not None
    pack, result = ctx.pack, ctx.result
    agreed = set(result.agreed)
    header_row(ws, 1, [_("ID"), _("Sector"), _("Question"), _("Agreed answer"), _("Median of respondents"), *ctx.labels])
    from ..scoring import lower_median

    row = 1
    for sector in pack.sectors:
        for ind in sector.indicators:
            row += 1
            write_text(ws, row, 1, ind.id, "label")
            write_text(ws, row, 2, sector.title)
            write_text(ws, row, 3, ind.question)
            if ind.id in agreed:
                write_text(ws, row, 4, choice_label(pack, ind.id, ctx.answers[ind.id].choice))
            levels = [a.answers[ind.id].choice for a in ctx.assessments if ind.id in a.answers and a.answers[ind.id].is_level]
            if levels:
                write_text(ws, row, 5, choice_label(pack, ind.id, lower_median(levels)))
            for col, a in enumerate(ctx.assessments, start=6):
                answer = a.answers.get(ind.id)
                if answer is not None and answer.choice is not None:
                    write_text(ws, row, col, choice_label(pack, ind.id, answer.choice))
    set_widths(ws, [11, 20, 50, 22, 22] + [20] * len(ctx.labels))
    if row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(5 + len(ctx.labels))}{row}"
    finish_sheet(ws, header=1, freeze="D2")


def _heatmap(ws, ctx: _Context) -> None:
    """Respondent × sector (the horizontal picture) and level of government × sector
    (the vertical picture), coloured by score; "—" where a sector was not assessed."""
    from statistics import fmean

    from ..models import GovLevel

    pack = ctx.pack
    sectors = pack.sectors
    write_text(ws, 1, 1, _("Heatmap: sector scores by respondent and by level of government"), "title")
    header_row(ws, 3, [_("Respondent"), _("Level of government"), *[s.title for s in sectors], _("Overall score")])
    row = 3
    for label, a, rs in zip(ctx.labels, ctx.assessments, ctx.respondents):
        row += 1
        write_text(ws, row, 1, label)
        write_text(ws, row, 2, gov_level_label(a.respondent.level))
        for col, sector in enumerate(sectors, start=3):
            write_number(ws, row, col, rs.sectors.get(sector.id), empty=NOT_ASSESSED)
        write_number(ws, row, len(sectors) + 3, rs.overall)
    row += 1
    write_text(ws, row, 1, _("Round"), "label")
    for col, sector in enumerate(sectors, start=3):
        write_number(ws, row, col, ctx.scores.sectors.get(sector.id), empty=NOT_ASSESSED)
    write_number(ws, row, len(sectors) + 3, ctx.scores.overall)
    last_col = get_column_letter(len(sectors) + 3)
    score_colours(ws, f"C4:{last_col}{row}")

    row += 2
    header_row(ws, row, [_("Level of government"), _("Respondents"), *[s.title for s in sectors], _("Overall score")])
    first = row + 1
    for level in GovLevel:
        members = [rs for a, rs in zip(ctx.assessments, ctx.respondents) if a.respondent.level == level]
        if not members:
            continue
        row += 1
        write_text(ws, row, 1, gov_level_label(level))
        write_number(ws, row, 2, len(members), digits=0)
        for col, sector in enumerate(sectors, start=3):
            values = [m.sectors.get(sector.id) for m in members if m.sectors.get(sector.id) is not None]
            write_number(ws, row, col, fmean(values) if values else None, empty=NOT_ASSESSED)
        overall = [m.overall for m in members if m.overall is not None]
        write_number(ws, row, len(sectors) + 3, fmean(overall) if overall else None)
    if row >= first:
        score_colours(ws, f"C{first}:{last_col}{row}")
    if ctx.scores.out_of_scope:
        row += 2
        write_text(ws, row, 1, _("Out of scope: {sectors}").format(sectors=join_text(ctx.sector_titles[x] for x in ctx.scores.out_of_scope)), "note")
    set_widths(ws, [30, 16] + [12] * (len(sectors) + 1))
    finish_sheet(ws, header=3, freeze="C4")
