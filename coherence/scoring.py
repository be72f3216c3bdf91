"""The scoring engine: pure functions from a pack and answers to numbers.

Rules (DESIGN.md §2, documented with a worked example in the README):
- indicator value = the level's value; *not applicable* is left out of every
  denominator; *don't know* and unanswered count 0 (reported separately);
- sector, sub-category, category, overall = weighted mean of values × 100;
- vertical / horizontal coherence = the same over indicators tagged so;
- lagging sectors score more than 15 points below the mean of sector scores;
- a round aggregates each indicator as the median level (ties round down);
- divergence = max − min level among respondents; flagged at 2 or more;
- gap = target value − current value; priority = gap × weight; unanswered indicators
  are "to answer", never gaps;
- a sector with no answer at all is *not assessed* (left out of every figure); a
  sector put *out of scope* counts every indicator as not applicable;
- a round's agreed answers (consensus) replace the median of its respondents.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from collections.abc import Iterable, Mapping, Sequence

from .models import (
    Agreement,
    Answer,
    Assessment,
    Balance,
    CoherenceScore,
    Counts,
    Divergence,
    Gap,
    Indicator,
    Pack,
    RoundResult,
    Scores,
    Special,
)

LAGGING_MARGIN = 15.0
DIVERGENCE_THRESHOLD = 2
_NA = None  # value of a not-applicable indicator: excluded from denominators


@dataclass(frozen=True, slots=True)
class _Item:
    """What scoring needs of one indicator, looked up once per pack."""

    id: str
    sector: str
    sector_index: int
    category: str
    subcategory: str | None
    weight: float
    values: dict[int, float]
    levels: tuple[int, ...]
    top: int
    step: str | None
    vertical: bool
    horizontal: bool
    groups: tuple[object, ...]  # the score groups this indicator counts in (overall, sector, ...)


_PLANS: dict[int, tuple[list, list[_Item]]] = {}


def _plan(pack: Pack) -> list[_Item]:
    """The pack's indicators flattened for scoring; cached on the sector list's identity."""
    entry = _PLANS.get(id(pack.sectors))
    if entry is not None and entry[0] is pack.sectors:
        return entry[1]
    items = []
    for index, sector in enumerate(pack.sectors):
        for ind in sector.indicators:
            scale = pack.scale_for(ind)
            groups = ("overall", ("s", sector.id), ("c", ind.category), ("sc", sector.id, ind.category))
            if ind.subcategory is not None:
                groups += (("u", ind.subcategory),)
            items.append(
                _Item(
                    ind.id, sector.id, index, ind.category, ind.subcategory, ind.weight,
                    {lv.level: lv.value for lv in scale.levels}, tuple(scale.numbers), scale.top.level,
                    ind.step, ind.is_vertical, ind.is_horizontal, groups,
                )
            )
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(pack.sectors)] = (pack.sectors, items)
    return items


def _value(item: _Item, answer: Answer | None) -> float | None:
    if answer is None:
        return 0.0
    choice = answer.choice
    if choice is None or choice is Special.dont_know:
        return 0.0
    if choice is Special.not_applicable:
        return _NA
    return item.values.get(choice, 0.0)


def weighted_score(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Weighted mean × 100 of (weight, value) pairs, skipping None; None if nothing counts."""
    total = 0.0
    weights = 0.0
    for weight, value in pairs:
        if value is None:
            continue
        total += weight * value
        weights += weight
    if weights == 0:
        return None
    return 100.0 * total / weights


def sector_balance(sector_scores: Mapping[str, float | None]) -> Balance:
    """Spread of sector scores, and the sectors more than 15 points below the mean."""
    scored = {k: v for k, v in sector_scores.items() if v is not None}
    if not scored:
        return Balance(None, None, None, None, ())
    values = list(scored.values())
    mean = statistics.fmean(values)
    # population standard deviation in floats (statistics.pstdev works in exact
    # fractions: a tenth of the time of scoring a respondent, for no visible digit)
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
    lagging = tuple(k for k, v in scored.items() if v < mean - LAGGING_MARGIN)
    return Balance(mean, min(values), max(values), std, lagging)


def _coherence(items: list[_Item], values: Mapping[str, float | None], vertical: bool) -> CoherenceScore:
    tagged = [i for i in items if (i.vertical if vertical else i.horizontal)]
    score_value = weighted_score((i.weight, values[i.id]) for i in tagged)
    order = {i.id: n for n, i in enumerate(tagged)}
    drivers = sorted(
        ((i.id, values[i.id]) for i in tagged if values[i.id] is not None),
        key=lambda pair: (pair[1], order[pair[0]]),
    )
    return CoherenceScore(score_value, tuple(drivers))


def _gaps(
    items: list[_Item], answers: Mapping[str, Answer], values: Mapping[str, float | None], targets: Mapping[str, int]
) -> tuple[Gap, ...]:
    gaps = []
    for item in items:
        current = values[item.id]
        if current is None:
            continue
        answer = answers.get(item.id)
        if answer is None or answer.choice is None:
            continue  # unanswered: a data gap ("to answer"), not an action gap
        target_level = item.top
        if item.id in targets and targets[item.id] in item.values:
            target_level = targets[item.id]
        elif answer.target is not None and answer.target in item.values:
            target_level = answer.target
        target = item.values[target_level]
        gap = target - current
        if gap <= 1e-9:
            continue
        now = answer.choice if answer is not None and answer.is_level else None
        next_level = item.levels[item.levels.index(now) + 1] if now in item.values and now != item.levels[-1] else item.levels[1]
        next_level = min(next_level, target_level)
        found = Gap(item.id, item.sector, current, target, gap, gap * item.weight, next_level, target_level, item.step)
        gaps.append(((-round(found.priority, 9), item.sector_index, item.id), found))
    gaps.sort(key=lambda pair: pair[0])
    return tuple(g for _key, g in gaps)


def started_sectors(pack: Pack, answers: Mapping[str, Answer]) -> set[str]:
    """The sectors in which at least one indicator has an answer (a level or a special one)."""
    return {item.sector for item in _plan(pack) if (a := answers.get(item.id)) is not None and a.choice is not None}


def score(
    pack: Pack,
    answers: Mapping[str, Answer],
    *,
    with_gaps: bool = True,
    scope: Mapping[str, str] | None = None,
    targets: Mapping[str, int] | None = None,
) -> Scores:
    """Score one set of answers against a pack.

    ``scope`` maps the sectors put out of scope to the reason (every indicator of them
    is then not applicable); ``targets`` sets target levels by indicator (else the
    answer's own target, else the top level). ``with_gaps=False`` skips ranking the
    gaps, for callers that only need the scores (batch workers scoring each respondent
    of a round whose gaps come from the aggregate).
    """
    items = _plan(pack)
    out = scope or {}
    started = started_sectors(pack, answers)
    values: dict[str, float | None] = {}
    answered = not_applicable = 0
    dk_ids: list[str] = []
    missing_ids: list[str] = []
    # accumulate weighted sums per group in one pass (inlined: this loop runs for every
    # indicator of every respondent of a batch)
    sums: dict[object, list[float]] = {}
    for item in items:
        if item.sector in out or item.sector not in started:
            values[item.id] = _NA  # out of scope, or a sector not assessed: left out
            continue
        answer = answers.get(item.id)
        choice = None if answer is None else answer.choice
        if choice is None:
            missing_ids.append(item.id)
        elif choice is Special.dont_know:
            dk_ids.append(item.id)
        elif choice is Special.not_applicable:
            not_applicable += 1
        else:
            answered += 1
        value = values[item.id] = _value(item, answer)
        if value is None:
            continue
        w = item.weight
        wv = w * value
        for key in item.groups:
            acc = sums.get(key)
            if acc is None:
                sums[key] = [wv, w]
            else:
                acc[0] += wv
                acc[1] += w

    def result(key: object) -> float | None:
        acc = sums.get(key)
        return None if acc is None or acc[1] == 0 else 100.0 * acc[0] / acc[1]

    sectors = {s.id: result(("s", s.id)) for s in pack.sectors}
    return Scores(
        overall=result("overall"),
        sectors=sectors,
        categories={c.id: result(("c", c.id)) for c in pack.categories},
        subcategories={sub.id: result(("u", sub.id)) for c in pack.categories for sub in c.subcategories},
        sector_categories={(s.id, c.id): result(("sc", s.id, c.id)) for s in pack.sectors for c in pack.categories},
        vertical=_coherence(items, values, True),
        horizontal=_coherence(items, values, False),
        balance=sector_balance(sectors),
        counts=Counts(answered, len(dk_ids), not_applicable, len(missing_ids)),
        gaps=_gaps(items, answers, values, targets or {}) if with_gaps else (),
        values=values,
        dont_know=tuple(dk_ids),
        missing=tuple(missing_ids),
        not_assessed=tuple(s.id for s in pack.sectors if s.id not in started and s.id not in out),
        out_of_scope=tuple(s.id for s in pack.sectors if s.id in out),
    )


def lower_median(levels: Sequence[int]) -> int:
    """Median level; with an even count, the lower of the two middle levels."""
    ordered = sorted(levels)
    return ordered[(len(ordered) - 1) // 2]


@dataclass
class _Columns:
    """A round read once, indicator by indicator (one pass over every answer).

    levels: indicator id -> [(respondent index, level)] for answers that are levels;
    specials: indicator id -> the special answers given; targets: indicator id -> the
    targets set beside any answer.
    """

    levels: dict[str, list[tuple[int, int]]]
    specials: dict[str, set[Special]]
    targets: dict[str, list[int]]


def _columns(assessments: Sequence[Assessment]) -> _Columns:
    levels: dict[str, list[tuple[int, int]]] = {}
    specials: dict[str, set[Special]] = {}
    targets: dict[str, list[int]] = {}
    for index, a in enumerate(assessments):
        for ind_id, answer in a.answers.items():
            choice = answer.choice
            if choice is None:
                continue
            if type(choice) is int:
                levels.setdefault(ind_id, []).append((index, choice))
            else:
                specials.setdefault(ind_id, set()).add(choice)
            if answer.target is not None:
                targets.setdefault(ind_id, []).append(answer.target)
    return _Columns(levels, specials, targets)


def _aggregate(pack: Pack, columns: _Columns) -> dict[str, Answer]:
    result: dict[str, Answer] = {}
    for ind in pack.indicators():
        ind_id = ind.id
        levels = columns.levels.get(ind_id)
        targets = columns.targets.get(ind_id)
        target = lower_median(targets) if targets else None
        if levels:
            result[ind_id] = Answer(choice=lower_median([level for _i, level in levels]), target=target)
        elif Special.dont_know in columns.specials.get(ind_id, ()):
            result[ind_id] = Answer(choice=Special.dont_know, target=target)
        elif ind_id in columns.specials:
            result[ind_id] = Answer(choice=Special.not_applicable)
    return result


def _divergences(pack: Pack, columns: _Columns, labels: Sequence[str]) -> tuple[Divergence, ...]:
    found = []
    order = {}
    for position, ind in enumerate(pack.indicators()):
        order[ind.id] = position
        column = columns.levels.get(ind.id)
        if not column or len(column) < 2:
            continue
        levels = {labels[index]: level for index, level in column}
        spread = max(levels.values()) - min(levels.values())
        if spread >= DIVERGENCE_THRESHOLD:
            found.append(Divergence(ind.id, spread, levels))
    found.sort(key=lambda d: (-d.spread, order[d.indicator]))
    return tuple(found)


def _levels_by_group(
    pack: Pack, assessments: Sequence[Assessment], columns: _Columns | None = None
) -> dict[str, dict[str, list[int]]]:
    """indicator id -> government level -> levels answered by respondents at that level."""
    if columns is None:
        columns = _columns(assessments)
    group_of = [a.respondent.level.value for a in assessments]
    groups: dict[str, dict[str, list[int]]] = {}
    for ind in pack.indicators():
        by_group: dict[str, list[int]] = {}
        for index, level in columns.levels.get(ind.id, ()):
            by_group.setdefault(group_of[index], []).append(level)
        groups[ind.id] = by_group
    return groups


def horizontal_agreement(
    pack: Pack, assessments: Sequence[Assessment], groups: dict[str, dict[str, list[int]]] | None = None
) -> Agreement:
    """Do departments at the same level of government agree? Compared within each level."""
    compared = 0
    flagged = []
    for ind_id, by_group in (groups or _levels_by_group(pack, assessments)).items():
        for group, levels in by_group.items():
            if len(levels) < 2:
                continue
            compared += 1
            spread = max(levels) - min(levels)
            if spread >= DIVERGENCE_THRESHOLD:
                flagged.append((ind_id, group, float(spread)))
    return _agreement(compared, flagged)


def vertical_agreement(
    pack: Pack, assessments: Sequence[Assessment], groups: dict[str, dict[str, list[int]]] | None = None
) -> Agreement:
    """Do levels of government agree? Compares the mean level of each group."""
    compared = 0
    flagged = []
    for ind_id, by_group in (groups or _levels_by_group(pack, assessments)).items():
        if len(by_group) < 2:
            continue
        compared += 1
        means = {group: statistics.fmean(levels) for group, levels in by_group.items()}
        spread = max(means.values()) - min(means.values())
        if spread >= DIVERGENCE_THRESHOLD:
            hi = max(means, key=means.get)
            lo = min(means, key=means.get)
            flagged.append((ind_id, f"{hi}/{lo}", spread))
    return _agreement(compared, flagged)


def _agreement(compared: int, flagged: list[tuple[str, str, float]]) -> Agreement:
    score_value = None if compared == 0 else 100.0 * (compared - len(flagged)) / compared
    return Agreement(score_value, compared, tuple(flagged))


def score_round(
    pack: Pack,
    assessments: Sequence[Assessment],
    labels: Sequence[str] | None = None,
    respondent_scores: Sequence[Scores] | None = None,
    *,
    consensus: Mapping[str, Answer] | None = None,
    scope: Mapping[str, str] | None = None,
    targets: Mapping[str, int] | None = None,
) -> RoundResult:
    """Score each respondent and the round; find where they disagree.

    ``consensus`` holds the answers the workshop agreed on: each replaces the median of
    the respondents for its indicator. ``scope`` and ``targets`` are the round's (see
    :func:`score`). ``respondent_scores`` lets a caller that already scored each
    respondent (batch workers do, in parallel) skip doing it again.
    """
    if labels is None:
        labels = unique_labels(assessments)
    if respondent_scores is None:
        respondent_scores = [score(pack, a.answers, scope=scope) for a in assessments]
    respondents = tuple(respondent_scores)
    columns = _columns(assessments)
    aggregate = _aggregate(pack, columns)
    agreed = tuple(ind.id for ind in pack.indicators() if consensus and ind.id in consensus)
    for ind_id in agreed:
        aggregate[ind_id] = consensus[ind_id]  # type: ignore[index]
    divergent = _divergences(pack, columns, labels)
    groups = _levels_by_group(pack, assessments, columns)
    h_agree = horizontal_agreement(pack, assessments, groups)
    v_agree = vertical_agreement(pack, assessments, groups)
    flagged = {d.indicator for d in divergent} | {f[0] for f in h_agree.flagged} | {f[0] for f in v_agree.flagged}
    to_discuss = tuple(ind.id for ind in pack.indicators() if ind.id in flagged)
    return RoundResult(
        labels=tuple(labels),
        respondents=respondents,
        aggregate=aggregate,
        scores=score(pack, aggregate, scope=scope, targets=targets),
        divergent=divergent,
        horizontal_agreement=h_agree,
        vertical_agreement=v_agree,
        to_discuss=tuple(i for i in to_discuss if i not in agreed),
        agreed=agreed,
    )


def unique_labels(assessments: Sequence[Assessment]) -> list[str]:
    """Respondent labels, made unique with a counter where two would read the same."""
    labels: list[str] = []
    seen: dict[str, int] = {}
    for a in assessments:
        base = a.label()
        seen[base] = seen.get(base, 0) + 1
        labels.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return labels
