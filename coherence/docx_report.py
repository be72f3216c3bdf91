"""The narrative Word report of a round (``coherence round report --docx``, DESIGN §9).

In the round's language (or ``--lang``): title, authority and cycle, headline figures,
a bar chart of sector scores and a radar of current against target (PNG images drawn
with matplotlib), the priorities, the agreement between respondents and the action
plan. python-docx and matplotlib are imported here only, when the report is written.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from .errors import UserError
from .i18n import _, format_day, format_number, override
from .models import Pack, Round, RoundResult


def write_docx_report(path: str | Path, pack: Pack, round_: Round, result: RoundResult, *, lang: str | None = None) -> Path:
    """Write the Word report atomically (temporary file, then rename)."""
    from .fileio import atomic_save
    from .rounds import ensure_plan

    if not round_.respondents:
        raise UserError(_("nothing to report: the round has no respondent yet"), file=path)
    round_ = ensure_plan(pack, round_, result)
    with override(lang):
        document = build_docx(pack, round_, result)
        return atomic_save(path, lambda tmp: document.save(str(tmp)))


def _percent(value: float | None) -> str:
    return "–" if value is None else format_number(value, 0) + " %"


def build_docx(pack: Pack, round_: Round, result: RoundResult):
    """The report as a python-docx Document, in the current interface language."""
    from docx import Document
    from docx.shared import Cm, Pt

    from .charts import bar_chart, radar_chart
    from .excel.labels import choice_label
    from .excel.report import weaker_coherence
    from .plan import planned_for, sector_targets, sort_for_sheet, status_label

    s = result.scores
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)

    doc.add_heading(_("Self-assessment report"), level=0)
    doc.add_paragraph(pack.title)
    who = " · ".join(x for x in (round_.authority.name, round_.authority.country, round_.cycle.label) if x)
    para = doc.add_paragraph()
    para.add_run(_clean(who)).bold = True
    doc.add_paragraph(_("Date of this report: {date}").format(date=format_day(date.today())))

    # Headline figures
    doc.add_heading(_("Headline figures"), level=1)
    k, n = s.assessed
    figures = [
        (_("Overall score"), format_number(s.overall)),
        (_("Vertical coherence"), format_number(s.vertical.score)),
        (_("Horizontal coherence"), format_number(s.horizontal.score)),
        (_("Sectors assessed"), _("{k} of {n}").format(k=k, n=n)),
        (_("Respondents"), str(len(round_.respondents))),
        (_("Agreed answers"), str(len(result.agreed))),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1"
    for label, value in figures:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    for sector_id, reason in round_.scope.items():
        title = next((x.title for x in pack.sectors if x.id == sector_id), sector_id)
        doc.add_paragraph(_("Out of scope: {sectors}").format(sectors=f"{title} — {reason}" if reason else title), style="List Bullet")

    # Charts
    titles = [x.title for x in pack.sectors]
    current = [s.sectors.get(x.id) for x in pack.sectors]
    goals = sector_targets(pack, s, result.aggregate, round_.targets)
    doc.add_heading(_("Sector scores"), level=1)
    doc.add_picture(io.BytesIO(bar_chart(titles, current, title=_("Sector scores"), axis=_("Score (0–100)"))), width=Cm(15))
    doc.add_picture(
        io.BytesIO(radar_chart(titles, [(_("Current score"), current), (_("Target score"), [goals.get(x.id) for x in pack.sectors])],
                               title=_("Sectors: current and target"))),
        width=Cm(13),
    )

    # Priorities
    doc.add_heading(_("Priorities"), level=1)
    doc.add_heading(_("The five largest gaps"), level=2)
    planned = planned_for(round_.plan)
    if s.gaps:
        gaps = doc.add_table(rows=1, cols=6)
        gaps.style = "Light Grid Accent 1"
        for cell, text in zip(gaps.rows[0].cells, (_("ID"), _("Question"), _("Current level"), _("Target level"), _("Responsible"), _("Due date"))):
            cell.text = text
        for gap in s.gaps[:5]:
            answer = result.aggregate.get(gap.indicator)
            action = planned.get(gap.indicator)
            cells = gaps.add_row().cells
            cells[0].text = gap.indicator
            cells[1].text = pack.indicator(gap.indicator).question
            cells[2].text = choice_label(pack, gap.indicator, answer.choice if answer else None)
            cells[3].text = choice_label(pack, gap.indicator, gap.target_level)
            cells[4].text = action.owner if action else _("not planned")
            cells[5].text = format_day(action.due) if action and action.due else ""
    else:
        doc.add_paragraph(_("No gap: every indicator is at its target."))
    doc.add_heading(_("Weaker coherence"), level=2)
    weaker, name = weaker_coherence(s)
    if weaker is None:
        doc.add_paragraph(_("No coherence score: no tagged indicator was answered."))
    else:
        doc.add_paragraph(f"{name}: {format_number(weaker.score)}")
        doc.add_paragraph(_("The indicators that hold it down (lowest first):"))
        for ind_id, value in weaker.drivers[:5]:
            doc.add_paragraph(f"{ind_id} ({format_number(None if value is None else value * 100)}) — {pack.indicator(ind_id).question}", style="List Bullet")

    # Agreement
    doc.add_heading(_("Agreement between respondents"), level=1)
    doc.add_paragraph(
        _("Agreement: horizontal {h}, vertical {v} · agreed answers: {agreed} · to discuss: {discuss}").format(
            h=_percent(result.horizontal_agreement.score), v=_percent(result.vertical_agreement.score),
            agreed=len(result.agreed), discuss=len(result.to_discuss),
        )
    )
    if result.to_discuss:
        doc.add_heading(_("Still to discuss"), level=2)
        for ind_id in result.to_discuss:
            doc.add_paragraph(f"{ind_id} — {pack.indicator(ind_id).question}", style="List Bullet")

    # Action plan
    doc.add_heading(_("Action plan"), level=1)
    if round_.plan:
        plan = doc.add_table(rows=1, cols=6)
        plan.style = "Light Grid Accent 1"
        for cell, text in zip(plan.rows[0].cells, (_("Plan ID"), _("Indicator"), _("Action"), _("Responsible"), _("Due date"), _("Status"))):
            cell.text = text
        for action in sort_for_sheet(pack, round_.plan):
            cells = plan.add_row().cells
            cells[0].text = action.id
            cells[1].text = action.indicator
            cells[2].text = _clean(action.action)
            cells[3].text = _clean(action.owner)
            cells[4].text = format_day(action.due) if action.due else ""
            cells[5].text = status_label(action.status)
    from .i18n import is_rtl

    if is_rtl():
        _right_to_left(doc)
    return doc


def _right_to_left(doc) -> None:
    """An Arabic report reads right to left: every paragraph, run and table is marked so
    (Word then aligns and orders them as an Arabic document)."""
    from docx.oxml import OxmlElement

    def mark(parent, tag: str) -> None:
        if parent.find(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}") is None:
            parent.append(OxmlElement(f"w:{tag}"))

    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        mark(table._tbl.tblPr, "bidiVisual")
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        mark(paragraph._p.get_or_add_pPr(), "bidi")
        for run in paragraph.runs:
            mark(run._r.get_or_add_rPr(), "rtl")


def _clean(text: str) -> str:
    """Text a user typed, without the control characters XML cannot hold."""
    from .excel.cells import safe_text

    return safe_text(text)
