"""The machine-readable results of DESIGN.md §7, for scripts that score many files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .models import Assessment, Pack, RoundResult, Scores


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _scores(s: Scores) -> dict[str, Any]:
    return {
        "overall": _r(s.overall),
        "sectors": {k: _r(v) for k, v in s.sectors.items()},
        "categories": {k: _r(v) for k, v in s.categories.items()},
        "vertical": _r(s.vertical.score),
        "horizontal": _r(s.horizontal.score),
    }


def results_document(
    pack: Pack,
    assessments: Sequence[Assessment],
    result: RoundResult | None,
    errors: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """Build the JSON document: respondents, round, errors (scores 0–100, one decimal)."""
    respondents = []
    if result is not None:
        for label, a, s in zip(result.labels, assessments, result.respondents):
            respondents.append(
                {
                    "source": label,
                    "authority": a.authority.name,
                    "department": a.respondent.department,
                    "level": a.respondent.level.value,
                    "language": a.language,
                    **_scores(s),
                    "counts": {
                        "answered": s.counts.answered,
                        "dont_know": s.counts.dont_know,
                        "not_applicable": s.counts.not_applicable,
                        "missing": s.counts.missing,
                    },
                }
            )
    round_doc: dict[str, Any] | None = None
    if result is not None:
        s = result.scores
        round_doc = {
            **_scores(s),
            "lagging_sectors": list(s.balance.lagging),
            "divergent": [{"indicator": d.indicator, "spread": d.spread, "levels": dict(d.levels)} for d in result.divergent],
            "gaps": [
                {
                    "indicator": g.indicator,
                    "sector": g.sector,
                    "current": round(g.current, 4),
                    "target": round(g.target, 4),
                    "gap": round(g.gap, 4),
                    "priority": round(g.priority, 4),
                }
                for g in s.gaps
            ],
        }
    return {
        "pack": {"id": pack.id, "version": pack.version},
        "respondents": respondents,
        "round": round_doc,
        "errors": [{"source": source, "message": message} for source, message in errors],
    }
