"""TUI: process start to first usable frame (against a bare Textual app), and answer latency.

1. Start-up: a fresh Python process that opens the workshop session on the bundled pack
   (setup screen) headless and exits once its first frame is drawn, against a process
   that does the same with a bare Textual app showing one label. Median of 7 runs each.
   Target: coherence <= 1.5x the bare app.
2. Answer latency: with Textual's Pilot, on the bundled pack's indicator screen, press a
   level key and wait until the next indicator is on the screen (answer saved to disk
   atomically, screen refreshed). Median over 60 answers. Target: under 50 ms. Printed
   beside it: what Pilot's press-and-wait costs for a key bound to nothing, and the time
   spent in the app's own answer handler.

Run: python bench/tui.py
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine

BARE = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(100, 30), auto_pilot=first_frame)
"""

COHERENCE = """
import sys
from coherence.tui.app import CoherenceApp

async def first_frame(pilot):
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "SetupScreen", pilot.app.screen
    pilot.app.exit()

CoherenceApp(sessions_dir=sys.argv[1]).run(headless=True, size=(100, 30), auto_pilot=first_frame)
"""


def _startup(code: str, *args: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def _answer_latency(sessions: Path, answers: int = 60) -> tuple[list[float], list[float], list[float]]:
    """(press-to-next-shown times, no-op key times, time inside the app's answer handler)."""
    from coherence.packs import load_pack
    from coherence.tui.screens import indicator
    from coherence.sessions import load_session
    from coherence.tui.app import CoherenceApp
    from coherence.tui.state import SessionController

    pack = load_pack("mainstreaming-migration")
    ctl = SessionController.create(
        pack, path=sessions / "bench.json",
        authority={"name": "Villa Esperanza", "country": "Ecuador", "level": "local"},
        respondent={"department": "Planning", "level": "local"},
    )
    ctl.go(ctl.indicator_ids[0])
    app = CoherenceApp(resume=ctl.path, sessions_dir=sessions)
    times, idle, handler = [], [], []
    original = indicator.IndicatorScreen.answer

    def timed(screen, choice):
        start = time.perf_counter()
        original(screen, choice)
        handler.append(time.perf_counter() - start)

    indicator.IndicatorScreen.answer = timed
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # overview -> first indicator of the first sector
        await pilot.pause()
        for i in range(answers):
            start = time.perf_counter()
            await pilot.press("z")  # a key bound to nothing: what Pilot itself costs
            await pilot.pause()
            idle.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press(str(i % 4))
            await pilot.pause()
            times.append(time.perf_counter() - start)
            if type(app.screen).__name__ != "IndicatorScreen":
                await pilot.press("down", "enter")  # a sector finished: open the next one
                await pilot.pause()
    indicator.IndicatorScreen.answer = original
    saved = len(load_session(ctl.path).answers)
    assert saved == answers, f"{saved} answers on disk, {answers} given"
    return times, idle, handler


def main() -> None:
    bare = _startup(BARE)
    with tempfile.TemporaryDirectory() as tmp:
        ours = _startup(COHERENCE, tmp)
        times, idle, handler = asyncio.run(_answer_latency(Path(tmp)))
    print(f"machine: {machine()}")
    print(f"start-up to first frame, bare Textual app:   {bare * 1000:6.0f} ms (median of 7 processes)")
    print(f"start-up to first frame, coherence (setup):  {ours * 1000:6.0f} ms")
    print(f"ratio coherence / bare:                      {ours / bare:6.2f}x  (target <= 1.5x)")
    print(f"answer a question and show the next (Pilot, bundled pack, {len(times)} answers): "
          f"median {statistics.median(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms  (target < 50 ms)")
    print(f"  of which Pilot's own press-and-wait (a key bound to nothing): median {statistics.median(idle) * 1000:.1f} ms")
    print(f"  of which the app's answer handler (save to disk, next indicator's widgets updated): "
          f"median {statistics.median(handler) * 1000:.1f} ms; the rest is Textual's layout and render")


if __name__ == "__main__":
    main()
