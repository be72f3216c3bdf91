"""``coherence compare BASELINE FOLLOWUP``: what changed between two assessments."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from .i18n import _, current_language, format_number
from .models import Assessment, Pack, Scores
from .scoring import score


@dataclass(frozen=True)
class Change:
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare_scores(pack: Pack, before: Scores, after: Scores) -> list[Change]:
    """Overall, each sector, and both coherence scores, before and after."""
    rows = [Change(_("Overall"), before.overall, after.overall)]
    rows += [Change(s.title, before.sectors[s.id], after.sectors[s.id]) for s in pack.sectors]
    rows.append(Change(_("Vertical coherence"), before.vertical.score, after.vertical.score))
    rows.append(Change(_("Horizontal coherence"), before.horizontal.score, after.horizontal.score))
    return rows


def changed_indicators(pack: Pack, baseline: Assessment, followup: Assessment) -> list[tuple[str, str, str]]:
    """(indicator id, answer before, answer after) for every indicator whose answer changed."""
    out = []
    for ind in pack.indicators():
        a = baseline.answers.get(ind.id)
        b = followup.answers.get(ind.id)
        ca = a.choice if a else None
        cb = b.choice if b else None
        if ca != cb:
            out.append((ind.id, _answer_text(pack, ind.id, ca), _answer_text(pack, ind.id, cb)))
    return out


def _answer_text(pack: Pack, indicator_id: str, choice) -> str:
    from .models import Special

    if choice is None:
        return _("Missing")
    if choice == Special.dont_know:
        return _("Don't know")
    if choice == Special.not_applicable:
        return _("Not applicable")
    try:
        return pack.scale_for(pack.indicator(indicator_id)).label_of(int(choice))
    except KeyError:
        return str(choice)


def run_compare_command(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .batch import read_assessment
    from .errors import UserError
    from .packs import load_installed_pack

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
