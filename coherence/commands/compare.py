"""``coherence compare A B [C…] [-o PROGRESS.xlsx]``: scores over sessions or rounds, oldest first."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _, current_language, format_number


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    compare = sub.add_parser("compare", help=_("compare assessments over time: two or more sessions, questionnaires or rounds, oldest first"))
    compare.add_argument("files", nargs="+", metavar="FILE", help=_("sessions (.json), questionnaires (.xlsx) or rounds (.round.json), oldest first"))
    compare.add_argument("-o", "--output", metavar="PROGRESS.xlsx", help=_("also write a workbook: the table with a line chart, indicators, plan"))
    lang_option(compare)


def _signed(value: float | None) -> str:
    value = None if value is None else round(value, 1) + 0.0  # no "+0.0" from a rounding residue, no "-0.0"
    sign = "+" if value is not None and value > 0 else ""
    return f"{sign}{format_number(value)}"


def _styled(value: float | None) -> str:
    text = _signed(value)
    value = None if value is None else round(value, 1)
    style = "green" if value and value > 0 else "red" if value and value < 0 else ""
    return f"[{style}]{text}[/]" if style else text


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..compare import load_compared, pack_of, progress, write_progress_workbook, _respondents_line
    from ..errors import UserError
    from ..terminal import shown
    from ..translate import load_installed_pack

    files = [Path(f) for f in args.files]
    if len(files) < 2:
        raise UserError(_("give two or more files to compare, oldest first"))
    if args.output:
        out = Path(args.output)
        from ..fileio import refuse_overwriting_inputs

        refuse_overwriting_inputs(files, [out])
        if not out.name.lower().endswith(".xlsx"):
            raise UserError(_("the output is a workbook: name it .xlsx"), file=out)
    pack = load_installed_pack(pack_of(files[0]), current_language())
    compared = [load_compared(f, pack) for f in files]
    labels = [c.label for c in compared]
    if len(set(labels)) != len(labels):
        for c in compared:
            c.label = c.path.name
    found = progress(pack, compared)
    console = Console(highlight=False)
    if found.benchmark:
        names = ", ".join(dict.fromkeys(c.authority for c in compared if c.authority))
        console.print(_("Benchmark: these files are of different authorities ({names}); they compare places, not one authority's progress.").format(names=shown(names)))
    if found.migrated_from:
        console.print(_("Compared through the migrations of pack {pack} from {versions}.").format(pack=pack.id, versions=", ".join(found.migrated_from)))
    for label, added, missing in found.respondent_changes:
        console.print(shown(_respondents_line(label, added, missing)))
    two_files = len(compared) == 2 and not any(c.is_round for c in compared)
    table = Table(title=_("Baseline and follow-up") if two_files else _("Scores over time"))
    table.add_column(_("Score"))
    for label in ([_("Baseline"), _("Follow-up")] if two_files else [c.label for c in compared]):
        table.add_column(shown(label), justify="right")
    table.add_column(_("Change"), justify="right")
    rows = found.rows if not two_files else [found.rows[0], *found.rows[1:1 + len(pack.sectors)], *found.rows[-2:]]
    for name, values in rows:
        table.add_row(shown(name), *[format_number(v) for v in values], _styled(found.delta(values)))
    console.print(table)
    if two_files:
        from ..compare import changed_indicators
        from ..batch import read_assessment

        changes = changed_indicators(pack, read_assessment(files[0]), read_assessment(files[1])) if not found.migrated_from else []
        if changes:
            t2 = Table(title=_("Answers that changed"))
            for column in (_("Indicator"), _("Baseline"), _("Follow-up")):
                t2.add_column(column)
            for row in changes:
                t2.add_row(*[shown(x) for x in row])
            console.print(t2)
    else:
        for title, entries in ((_("Indicators improved"), found.improved), (_("Indicators worsened"), found.worsened)):
            if entries:
                t = Table(title=f"{title} ({shown(compared[0].label)} → {shown(compared[-1].label)})")
                for column in (_("Indicator"), shown(compared[0].label), shown(compared[-1].label), _("Change")):
                    t.add_column(column)
                for ind_id, before, after, points in entries:
                    t.add_row(ind_id, shown(before), shown(after), _styled(points))
                console.print(t)
    if found.done_not_moved:
        t = Table(title=_("Actions marked done whose indicator did not move"))
        for column in (_("Plan ID"), _("Indicator"), _("Action"), shown(compared[0].label), shown(compared[-1].label)):
            t.add_column(column)
        for action, before, after in found.done_not_moved:
            t.add_row(action.id, action.indicator, shown(action.action), shown(before), shown(after))
        console.print(t)
    if args.output:
        written = write_progress_workbook(Path(args.output), pack, found)
        console.print(_("Workbook written: {path}").format(path=shown(str(written))))
    return 0
