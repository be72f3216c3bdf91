"""``coherence compare BASELINE FOLLOWUP``: score changes between two assessments."""

from __future__ import annotations

import argparse

from ..compare import changed_indicators, compare_scores
from ..i18n import _, current_language, format_number
from ..scoring import score


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    compare = sub.add_parser("compare", help=_("compare a baseline and a follow-up assessment"))
    compare.add_argument("baseline")
    compare.add_argument("followup")
    lang_option(compare)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..batch import read_assessment
    from ..errors import UserError
    from ..translate import load_installed_pack

    baseline = read_assessment(args.baseline)
    followup = read_assessment(args.followup)
    if baseline.pack_id != followup.pack_id:
        raise UserError(
            _("the two files use different packs ({a} and {b})").format(a=baseline.pack_id, b=followup.pack_id), file=args.followup
        )
    pack = load_installed_pack(baseline.pack_id, current_language())
    rows = compare_scores(pack, score(pack, baseline.answers), score(pack, followup.answers))
    table = Table(title=_("Baseline and follow-up"))
    for column in (_("Score"), _("Baseline"), _("Follow-up"), _("Change")):
        table.add_column(column, justify="right" if column != _("Score") else "left")
    for row in rows:
        delta = row.delta
        sign = "" if delta is None or delta <= 0 else "+"
        style = "green" if delta and delta > 0 else "red" if delta and delta < 0 else ""
        table.add_row(row.name, format_number(row.before), format_number(row.after), f"[{style}]{sign}{format_number(delta)}[/]" if style else f"{sign}{format_number(delta)}")
    console = Console()
    console.print(table)
    changes = changed_indicators(pack, baseline, followup)
    if changes:
        t2 = Table(title=_("Answers that changed"))
        for column in (_("Indicator"), _("Baseline"), _("Follow-up")):
            t2.add_column(column)
        for row in changes:
            t2.add_row(*row)
        console.print(t2)
    return 0
