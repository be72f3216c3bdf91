"""Round mode: open a 50-respondent round to its dashboard, and record an agreed answer.

A round of the main pack with 50 respondents (sessions with seeded random answers,
three levels of government, added with ``round add``'s library call) is written to a
temporary folder, then:

1. Open: from choosing the file (``RoundController.open``: lock, read, check against
   the pack, score) until the dashboard's first frame is drawn (``call_after_refresh``
   from the dashboard's mount), in-process, as when the setup screen opens a round.
   Median of 9 apps. Target: <= 300 ms. The same from a fresh process (``coherence
   round open`` minus the terminal check; Python's start and imports included) is
   printed too.
2. Agree: on the discussion screen, from the moment the app handles a level key (the
   round scored again and saved atomically with fsync) until the next frame is drawn.
   Median over 40 agreed answers. Target: <= 50 ms.

Run: python bench/round_tui.py
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine, seeded_answers

RESPONDENTS = 50
OPENS = 9
AGREES = 40

PROCESS = """
import sys, time
start = time.perf_counter()
from coherence.tui.app import CoherenceApp
from coherence.tui.round_state import RoundController

ctl = RoundController.open(sys.argv[1])
app = CoherenceApp(round_controller=ctl)

async def first_frame(pilot):
    await pilot.pause()
    assert type(app.screen).__name__ == "DashboardScreen", app.screen
    app.exit()

app.run(headless=True, size=(100, 30), auto_pilot=first_frame)
ctl.close()
"""


def make_round(folder: Path, n: int = RESPONDENTS) -> Path:
    from coherence.models import Assessment, Authority, GovLevel, Respondent
    from coherence.packs import load_pack
    from coherence.rounds import add_files, new_round, save_round
    from coherence.sessions import save_session

    pack = load_pack("mainstreaming-migration")
    files = []
    levels = [GovLevel.local] * 6 + [GovLevel.regional] * 2 + [GovLevel.national] * 2
    for number in range(n):
        answers = seeded_answers(pack, number)
        assessment = Assessment(
            pack_id=pack.id,
            pack_version=pack.version,
            authority=Authority(name="Villa Esperanza", country="Ecuador", level=GovLevel.local),
            respondent=Respondent(department=f"Department {number + 1:02d}", level=levels[number % len(levels)]),
            answers=answers,
        )
        path = folder / f"respondent-{number + 1:02d}.json"
        save_session(path, assessment)
        files.append(path)
    round_, reports = add_files(new_round(pack, authority="Villa Esperanza", cycle="2026"), pack, files)
    assert all(r.status == "added" for r in reports), reports
    target = folder / "bench.round.json"
    save_round(target, round_)
    return target


async def _open_times(path: Path, runs: int = OPENS) -> list[float]:
    from coherence.tui.app import CoherenceApp
    from coherence.tui.round_state import RoundController
    from coherence.tui.screens import dashboard

    times: list[float] = []
    original = dashboard.DashboardScreen.on_mount
    start = 0.0

    def mounted(screen):
        original(screen)
        screen.call_after_refresh(lambda: times.append(time.perf_counter() - start))

    dashboard.DashboardScreen.on_mount = mounted
    try:
        for _ in range(runs + 1):  # the first one imports the screens: not counted
            start = time.perf_counter()
            ctl = RoundController.open(path)
            app = CoherenceApp(round_controller=ctl)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
            ctl.close()
    finally:
        dashboard.DashboardScreen.on_mount = original
    return times[1:]


async def _agree_times(path: Path, answers: int = AGREES) -> dict[str, list[float]]:
    from coherence.rounds import load_round
    from coherence.tui.app import CoherenceApp
    from coherence.tui.round_state import RoundController
    from coherence.tui.screens import discussion

    frames: list[float] = []
    handler: list[float] = []
    original = discussion.DiscussionScreen.answer

    def timed(screen, choice):
        start = time.perf_counter()
        original(screen, choice)
        handler.append(time.perf_counter() - start)
        screen.app.call_after_refresh(lambda: frames.append(time.perf_counter() - start))

    discussion.DiscussionScreen.answer = timed
    ctl = RoundController.open(path)
    try:
        app = CoherenceApp(round_controller=ctl)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("d", "enter")
            await pilot.pause()
            for i in range(answers):
                await pilot.press(str(i % 4))
                await pilot.pause()
                await pilot.press("right")
                await pilot.pause()
    finally:
        discussion.DiscussionScreen.answer = original
        ctl.close()
    agreed = len(load_round(path).consensus)
    assert agreed == answers, f"{agreed} agreed answers on disk, {answers} given"
    return {"frame": frames, "handler": handler}


def _process_open(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", PROCESS, str(path)], check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_round(folder)
        size = path.stat().st_size
        opens = asyncio.run(_open_times(path))
        process = _process_open(path)
        agree = asyncio.run(_agree_times(path))
    print(f"machine: {machine()}")
    print(f"round: {RESPONDENTS} respondents x the main pack (142 indicators), {size / 1e6:.1f} MB")
    print(f"open the round -> dashboard drawn (in-process, {OPENS} apps): median {statistics.median(opens) * 1000:.0f} ms, "
          f"best {min(opens) * 1000:.0f} ms  (target <= 300 ms)")
    print(f"  from a fresh process (Python start and imports included): median {process * 1000:.0f} ms")
    print(f"record an agreed answer -> next frame drawn ({len(agree['frame'])} answers): median "
          f"{statistics.median(agree['frame']) * 1000:.1f} ms, worst {max(agree['frame']) * 1000:.1f} ms  (target <= 50 ms)")
    print(f"  of which the handler (score the round again, atomic save with fsync): median "
          f"{statistics.median(agree['handler']) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
