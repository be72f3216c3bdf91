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
                    "source": a.source,
                    "label": label,
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


LONG_COLUMNS = ("respondent", "department", "level", "kind", "id", "score", "answer")


def long_rows(pack: Pack, assessments: Sequence[Assessment], result: RoundResult) -> list[tuple]:
    """The results in long format for R, Stata or pandas: one row per respondent and
    figure — overall, vertical, horizontal, each sector and category (``score``, 0–100)
    and each indicator (``answer``: the level, ``dont_know``, ``not_applicable`` or empty
    when unanswered). The round's figures come last, as respondent ``round``."""
    rows: list[tuple] = []

    def figures(who: str, department: str, level: str, s: Scores) -> None:
        rows.append((who, department, level, "overall", "", _r(s.overall), ""))
        rows.append((who, department, level, "coherence", "vertical", _r(s.vertical.score), ""))
        rows.append((who, department, level, "coherence", "horizontal", _r(s.horizontal.score), ""))
        rows.extend((who, department, level, "sector", k, _r(v), "") for k, v in s.sectors.items())
        rows.extend((who, department, level, "category", k, _r(v), "") for k, v in s.categories.items())

    for label, a, s in zip(result.labels, assessments, result.respondents):
        department, level = a.respondent.department, a.respondent.level.value
        figures(label, department, level, s)
        for ind in pack.indicators():
            answer = a.answers.get(ind.id)
            choice = "" if answer is None or answer.choice is None else str(getattr(answer.choice, "value", answer.choice))
            rows.append((label, department, level, "indicator", ind.id, "", choice))
    figures("round", "", "", result.scores)
    return rows


def write_long_csv(path: str, pack: Pack, assessments: Sequence[Assessment], result: RoundResult, *, locale: str | None = None) -> None:
    """:func:`long_rows` as a UTF-8 CSV file (written atomically); ``-`` for standard output.

    By default numbers are written as 66.7, for R, Stata and pandas. With ``locale``
    (e.g. ``fr``) they are written as that locale writes them (66,7) and, where the
    decimal mark is a comma, the columns are separated by semicolons — what a
    spreadsheet opened in that locale expects.
    """
    import csv
    import io
    import sys

    delimiter, number = ",", str
    if locale:
        from babel.numbers import format_decimal, get_decimal_symbol

        if get_decimal_symbol(locale) == ",":
            delimiter = ";"

        def number(value: object) -> str:
            return format_decimal(value, format="#,##0.0", locale=locale) if isinstance(value, float) else str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", delimiter=delimiter)
    writer.writerow(LONG_COLUMNS)
    # Text from files is written as text: a leading = + - @ would be a formula in a spreadsheet.
    writer.writerows(
        tuple(number(cell) if isinstance(cell, float) else _plain(cell) for cell in row) for row in long_rows(pack, assessments, result)
    )
    if path == "-":
        sys.stdout.write(buffer.getvalue())
        return
    from .fileio import atomic_write

    atomic_write(path, buffer.getvalue().encode("utf-8"))


def _plain(cell: object) -> object:
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return "" if cell is None else cell
