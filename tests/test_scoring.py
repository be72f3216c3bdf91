"""Hand-computed scores for the mini pack (see tests/fixtures/packs/mini).

Mini pack: GOV-01 (institutional, horizontal, weight 2), GOV-02 (policy, vertical),
HEA-01 (policy, horizontal+vertical), HEA-02 (institutional, weight 0.5).
Level values: 0, 0.3333, 0.6667, 1.
"""

from __future__ import annotations

import pytest

from coherence.scoring import lower_median, score, score_round, sector_balance

from .conftest import answers, assessment


def test_all_fully_in_place_scores_100(mini):
    result = score(mini, answers(GOV_01=3, GOV_02=3, HEA_01=3, HEA_02=3))
    assert result.overall == pytest.approx(100.0)
    assert result.gaps == ()


def test_weights_enter_sector_and_overall(mini):
    result = score(mini, answers(GOV_01=3, GOV_02=0, HEA_01=2, HEA_02=0))
    # governance: (2*1 + 1*0) / 3
    assert result.sectors["governance"] == pytest.approx(66.6667, abs=1e-3)
    # health: (1*0.6667 + 0.5*0) / 1.5
    assert result.sectors["health"] == pytest.approx(44.4467, abs=1e-3)
    # overall: (2 + 0 + 0.6667 + 0) / 4.5
    assert result.overall == pytest.approx(59.2600, abs=1e-3)
    # categories: institutional = GOV-01 (w2, 1) + HEA-02 (w0.5, 0) -> 2/2.5
    assert result.categories["institutional"] == pytest.approx(80.0)
    assert result.categories["policy"] == pytest.approx(33.335, abs=1e-3)
    # horizontal = GOV-01 (w2, 1) + HEA-01 (w1, .6667) -> 2.6667/3
    assert result.horizontal.score == pytest.approx(88.89, abs=1e-2)
    # vertical = GOV-02 (0) + HEA-01 (.6667) -> /2
    assert result.vertical.score == pytest.approx(33.335, abs=1e-3)
    assert [d[0] for d in result.vertical.drivers] == ["GOV-02", "HEA-01"]


def test_not_applicable_leaves_denominators(mini):
    result = score(mini, answers(GOV_01=3, GOV_02="na", HEA_01="na", HEA_02="na"))
    assert result.sectors["governance"] == pytest.approx(100.0)
    assert result.sectors["health"] is None
    assert result.vertical.score is None
    assert result.overall == pytest.approx(100.0)
    assert result.counts.not_applicable == 3


def test_a_sector_with_no_answer_is_not_assessed_never_zero(mini):
    result = score(mini, answers(GOV_01=3, GOV_02="dk"))
    assert result.sectors["governance"] == pytest.approx(66.6667, abs=1e-3)
    assert result.sectors["health"] is None  # shown as "—", not 0
    assert result.not_assessed == ("health",) and result.assessed == (1, 2)
    assert result.overall == pytest.approx(66.6667, abs=1e-3)  # health left out of the overall
    assert result.vertical.score == pytest.approx(0.0) and [d for d, _v in result.vertical.drivers] == ["GOV-02"]
    assert result.balance.minimum == result.balance.maximum == pytest.approx(66.6667, abs=1e-3)
    assert result.dont_know == ("GOV-02",) and result.missing == ()
    assert [g.indicator for g in result.gaps] == ["GOV-02"]


def test_unanswered_in_a_started_sector_counts_zero_and_is_to_answer_not_a_gap(mini):
    result = score(mini, answers(GOV_01=3, HEA_01=2))
    assert result.sectors["governance"] == pytest.approx(66.6667, abs=1e-3)  # (2×1 + 1×0) / 3
    assert result.sectors["health"] == pytest.approx(44.4467, abs=1e-3)  # (1×0.6667 + 0.5×0) / 1.5
    assert result.missing == ("GOV-02", "HEA-02") and result.not_assessed == ()
    assert (result.counts.answered, result.counts.dont_know, result.counts.missing) == (2, 0, 2)
    assert [g.indicator for g in result.gaps] == ["HEA-01"]  # the unanswered are "to answer"


def test_a_sector_out_of_scope_is_not_applicable_throughout(mini):
    result = score(mini, answers(GOV_01=3, GOV_02=0, HEA_01=0, HEA_02=0), scope={"health": "no health mandate"})
    assert result.sectors["health"] is None and result.out_of_scope == ("health",)
    assert result.overall == pytest.approx(66.6667, abs=1e-3) and result.assessed == (1, 1)
    assert [g.indicator for g in result.gaps] == ["GOV-02"]


def test_round_targets_set_the_gap(mini):
    result = score(mini, answers(GOV_01=1, GOV_02=0, HEA_01=0, HEA_02=0), targets={"GOV-01": 2, "GOV-02": 1})
    gaps = {g.indicator: g for g in result.gaps}
    assert gaps["GOV-01"].target_level == 2 and gaps["GOV-01"].gap == pytest.approx(0.3333, abs=1e-4)
    assert gaps["GOV-02"].target_level == 1 and gaps["GOV-02"].next_level == 1


def test_gaps_ranked_by_priority_then_sector_order_then_id(mini):
    result = score(mini, answers(GOV_01=0, GOV_02=0, HEA_01=0, HEA_02=0))
    # GOV-01 has weight 2 -> priority 2; GOV-02 and HEA-01 priority 1 (sector order);
    # HEA-02 weight 0.5 last.
    assert [g.indicator for g in result.gaps] == ["GOV-01", "GOV-02", "HEA-01", "HEA-02"]
    assert result.gaps[0].priority == pytest.approx(2.0)
    assert result.gaps[0].next_level == 1


def test_target_level_lowers_the_gap(mini):
    data = answers(GOV_01=2, GOV_02=3, HEA_01=3, HEA_02=3)
    data["GOV-01"] = data["GOV-01"].model_copy(update={"target": 2})
    assert score(mini, data).gaps == ()


def test_lagging_sectors_are_15_points_below_the_mean():
    balance = sector_balance({"a": 90.0, "b": 80.0, "c": 40.0})
    assert balance.mean == pytest.approx(70.0)
    assert balance.lagging == ("c",)
    assert balance.minimum == 40.0 and balance.maximum == 90.0
    assert balance.std == pytest.approx(21.602, abs=1e-3)


@pytest.mark.parametrize("levels, expected", [([1, 3], 1), ([0, 2, 3], 2), ([3, 0, 1, 2], 1), ([2], 2)])
def test_median_ties_round_down(levels, expected):
    assert lower_median(levels) == expected


def test_round_of_three_respondents_at_two_levels(mini):
    planning = assessment("local", "Planning", GOV_01=3, GOV_02=1, HEA_01=2, HEA_02="na")
    health = assessment("local", "Health", GOV_01=1, GOV_02=1, HEA_01=3, HEA_02=2)
    ministry = assessment("national", "Interior", GOV_01=2, GOV_02=3, HEA_01="dk", HEA_02=0)
    result = score_round(mini, [planning, health, ministry])
    agg = result.aggregate
    assert agg["GOV-01"].choice == 2  # median of 3, 1, 2
    assert agg["GOV-02"].choice == 1  # median of 1, 1, 3
    assert agg["HEA-01"].choice == 2  # levels 2, 3 -> lower middle
    assert agg["HEA-02"].choice == 0  # levels 2, 0 -> lower middle
    # divergence: GOV-01 3-1=2, GOV-02 3-1=2 flagged; HEA-01 1, HEA-02 2 flagged
    assert {d.indicator: d.spread for d in result.divergent} == {"GOV-01": 2, "GOV-02": 2, "HEA-02": 2}
    # horizontal: the two local departments: GOV-01 (3 vs 1) flagged; GOV-02 0; HEA-01 1
    assert result.horizontal_agreement.compared == 3
    assert [f[0] for f in result.horizontal_agreement.flagged] == ["GOV-01"]
    assert result.horizontal_agreement.score == pytest.approx(66.667, abs=1e-3)
    # vertical: local mean vs national: GOV-01 2 vs 2, GOV-02 1 vs 3 flagged, HEA-02 2 vs 0 flagged
    assert result.vertical_agreement.compared == 3
    assert [f[0] for f in result.vertical_agreement.flagged] == ["GOV-02", "HEA-02"]
    assert result.to_discuss == ("GOV-01", "GOV-02", "HEA-02")
    # round scores come from the aggregate answers
    assert result.scores.sectors["governance"] == pytest.approx((2 * 0.6667 + 0.3333) / 3 * 100, abs=1e-3)


def test_scores_without_gaps_are_the_same_scores(mini):
    given = answers(GOV_01=2, GOV_02="dk", HEA_01=3, HEA_02="na")
    full = score(mini, given)
    quick = score(mini, given, with_gaps=False)
    assert full.gaps and quick.gaps == ()
    assert (quick.overall, quick.sectors, quick.vertical, quick.horizontal) == (full.overall, full.sectors, full.vertical, full.horizontal)
