"""Shared fixtures: the mini pack with hand-checkable numbers, and answer helpers."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import HealthCheck, settings

from coherence.models import Answer, Assessment, Special
from coherence.packs import load_pack

# Hypothesis profiles: `ci` (the default, what .ci/run uses) runs every property with
# 1,000 examples; `dev` is quick for local runs: HYPOTHESIS_PROFILE=dev python -m pytest
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the checkout: bundled packs, examples, locales
FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "packs" / "mini"


@pytest.fixture(scope="session", autouse=True)
def pack_cache(tmp_path_factory):
    """Validated packs are cached on disk; keep the tests' entries out of the user's cache."""
    old = os.environ.get("COHERENCE_CACHE")
    os.environ["COHERENCE_CACHE"] = str(tmp_path_factory.mktemp("pack-cache"))
    yield
    if old is None:
        os.environ.pop("COHERENCE_CACHE", None)
    else:
        os.environ["COHERENCE_CACHE"] = old


@pytest.fixture
def mini():
    return load_pack(MINI)


def answers(**choices) -> dict[str, Answer]:
    """answers(GOV_01=2, HEA_01="dk") -> {"GOV-01": Answer(choice=2), ...}."""
    special = {"dk": Special.dont_know, "na": Special.not_applicable}
    return {key.replace("_", "-"): Answer(choice=special.get(value, value)) for key, value in choices.items()}


def assessment(level: str = "local", department: str = "Planning", **choices) -> Assessment:
    return Assessment(
        pack_id="mini",
        pack_version="0.1",
        respondent={"department": department, "level": level},
        answers=answers(**choices),
    )
