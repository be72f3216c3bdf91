"""TUI: process start to first usable frame (against a bare Textual app), and answer latency.

1. Start-up: a fresh Python process that opens the workshop session on the bundled pack
   (setup screen) headless and exits once its first frame is drawn, against a process
   that does the same with a bare Textual app showing one label. Median of 15 runs
   each, run in turn; coherence in French too (translated pack title and interface).
   Target: first frame <= 500 ms on the 2-core machine (the bare app is printed to
   show what Textual itself costs).
2. Answer latency: driven by Textual's Pilot on the bundled pack's indicator screen,
   from the moment the app handles a level key (answer saved to disk atomically) until
   the next indicator's frame has been drawn (``call_after_refresh``). Median over 60
   answers. Target: under 50 ms. Pilot's own press-and-pause round trip is printed too:
   it waits for idle even for a key bound to nothing, so it measures the harness.

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

CoherenceApp(sessions_dir=sys.argv[1], lang=sys.argv[2]).run(headless=True, size=(100, 30), auto_pilot=first_frame)
"""


RUNS = 15


def _once(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def _startups(sessions: str, runs: int = RUNS) -> tuple[float, float, float]:
    """Median start-up of the bare app and of coherence in English and in French, run in
    turn so that the machine's own slow moments fall on all (single runs vary by 20 ms
    and more)."""
    _once(BARE), _once(COHERENCE, sessions, "en"), _once(COHERENCE, sessions, "fr")  # warm the caches
    bare, english, french = [], [], []
    for _ in range(runs):
        bare.append(_once(BARE))
        english.append(_once(COHERENCE, sessions, "en"))
        french.append(_once(COHERENCE, sessions, "fr"))
    return statistics.median(bare), statistics.median(english), statistics.median(french)


async def _answer_latency(sessions: Path, answers: int = 60) -> dict[str, list[float]]:
    """Per answer: key handled -> next frame drawn; inside the handler; Pilot's round trips."""
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
    times, idle, handler, frames = [], [], [], []
    original = indicator.IndicatorScreen.answer

    def timed(screen, choice):
        start = time.perf_counter()
        original(screen, choice)
        handler.append(time.perf_counter() - start)
        # the next frame: after every message is processed and the screen redrawn
        screen.app.call_after_refresh(lambda: frames.append(time.perf_counter() - start))

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
    return {"frame": frames, "handler": handler, "pilot": times, "pilot_idle": idle}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare, ours, french = _startups(tmp)
        lat = asyncio.run(_answer_latency(Path(tmp)))
    print(f"machine: {machine()}")
    print(f"start-up to first frame, bare Textual app:   {bare * 1000:6.0f} ms (median of {RUNS} processes each, run in turn)")
    print(f"start-up to first frame, coherence (setup):  {ours * 1000:6.0f} ms  (target <= 500 ms)")
    print(f"ratio coherence / bare:                      {ours / bare:6.2f}x")
    print(f"the same in French (--lang fr):              {french * 1000:6.0f} ms, {french / bare:.2f}x")
    ms = {key: statistics.median(values) * 1000 for key, values in lat.items()}
    print(f"answer a question and show the next (bundled pack, {len(lat['frame'])} answers): key handled -> next frame "
          f"drawn: median {ms['frame']:.1f} ms, worst {max(lat['frame']) * 1000:.1f} ms  (target < 50 ms)")
    print(f"  of which the answer handler (atomic save with fsync, next indicator's texts): median {ms['handler']:.1f} ms")
    print(f"  (Pilot's press-and-pause round trip: {ms['pilot']:.0f} ms, of which {ms['pilot_idle']:.0f} ms for a key "
          f"bound to nothing: test-harness waiting, not the app)")

if __name__ == "__main__":
    main()
