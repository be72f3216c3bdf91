"""What changed between two assessments (``coherence compare``)."""

from __future__ import annotations

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
