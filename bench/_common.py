"""Shared helpers for the benchmark scripts: timing and a machine description."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def best_of(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """(best, median) wall time in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def seeded_answers(pack, number: int, notes: str = "Discussed with the team.", notes_share: float = 0.1) -> dict:
    """A respondent's answers to every indicator, seeded by ``number``: mostly levels
    around a respondent-wide strength, some don't know and not applicable, a few notes."""
    import random

    from coherence.models import Answer, Special

    rng = random.Random(number)
    strength = rng.uniform(0.3, 2.7)
    answers = {}
    for ind in pack.indicators():
        roll = rng.random()
        if roll < 0.05:
            choice = Special.dont_know
        elif roll < 0.08:
            choice = Special.not_applicable
        else:
            choice = round(min(3, max(0, rng.gauss(strength, 0.9))))
        answers[ind.id] = Answer(choice=choice, notes=notes if rng.random() < notes_share else "")
    return answers
