"""Shared fixtures: the mini pack with hand-checkable numbers, and answer helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.models import Answer, Assessment, Special
from coherence.packs import load_pack

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "packs" / "mini"


@pytest.fixture(scope="session", autouse=True)
def pack_cache(tmp_path_factory):
    """Validated packs are cached on disk; keep the tests' entries out of the user's cache."""
    import os

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
