"""A session file in the workshop screen: locked against a second writer, a failed
save shown and kept, an answer outside the scale refused, an older pack migrated."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from coherence.errors import UserError
from coherence.locks import LockedError, lock_path
from coherence.sessions import load_session
from coherence.tui.app import CoherenceApp
from coherence.tui.state import open_session

from .test_tui_support import make_session, tui_env  # noqa: F401

SIZE = (100, 30)


def test_a_session_open_in_another_process_is_refused_with_its_holder_and_read_only_works(tui_env):
    path = make_session(tui_env, GOV_01=3)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)  # the maker's lock (this process)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from coherence.locks import FileLock
            FileLock({str(path)!r}).acquire(); print("locked", flush=True); time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as info:
            open_session(path)
        assert f"process {holder.pid}" in info.value.line() and "open it read-only" in info.value.line()
        ctl = open_session(path, read_only=True)
        ctl.answer("GOV-02", 1)  # kept on screen, never written over the other's file
        assert load_session(path).answers.keys() == {"GOV-01"}
    finally:
        holder.kill()
        holder.wait()
    ctl = open_session(path)  # the holder died: its lock is taken over
    assert lock_path(path).exists()
    ctl.close()
    assert not lock_path(path).exists()


async def test_a_failed_save_is_shown_kept_and_saved_at_the_next_change(tui_env, monkeypatch):
    import coherence.tui.state as state

    path = make_session(tui_env, GOV_01=3)
    real = state.save_session
    app = CoherenceApp(resume=path, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first sector's first unanswered indicator: GOV-02
        await pilot.pause()

        def full_disk(*_args, **_kw):
            raise UserError("cannot write: No space left on device", file=path)

        monkeypatch.setattr(state, "save_session", full_disk)
        await pilot.press("1")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("Not saved" in m and "No space left on device" in m for m in shown), shown
        assert app.controller.assessment.answers["GOV-02"].choice == 1  # kept in memory
        assert "GOV-02" not in load_session(path).answers
        monkeypatch.setattr(state, "save_session", real)
        await pilot.press("enter")  # governance is done: the overview opens the next sector
        await pilot.pause()
        await pilot.press("2")  # the next change saves everything
        await pilot.pause()
    saved = load_session(path).answers
    assert saved["GOV-02"].choice == 1 and app.controller.save_error is None


def test_a_session_with_an_answer_outside_the_scale_is_refused_on_resume(tui_env):
    path = make_session(tui_env, GOV_01=3)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"]["GOV-01"]["choice"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError, match=r"GOV-01: level 7 is outside the scale \(0–3\)"):
        open_session(path)


async def test_one_key_puts_a_sector_out_of_scope_and_back(tui_env):
    from coherence.tui.screens.overview import OverviewScreen

    path = make_session(tui_env, GOV_01=3, GOV_02=0, HEA_01=0, HEA_02=0)
    app = CoherenceApp(resume=path, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("down", "o")  # health
        await pilot.pause()
        await pilot.press(*"no health mandate", "enter")
        await pilot.pause()
        assert load_session(path).scope == {"health": "no health mandate"}
        assert app.controller.scores().sectors["health"] is None
        assert app.controller.scores().overall == pytest.approx(66.6667, abs=1e-3)  # governance only
        await pilot.press("o")  # back in scope
        await pilot.pause()
        assert load_session(path).scope == {}


async def test_t_then_a_level_sets_the_target_and_the_gaps_use_it(tui_env):
    path = make_session(tui_env, GOV_01=1)
    app = CoherenceApp(resume=path, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # GOV-02, the first unanswered
        await pilot.pause()
        await pilot.press("left")  # back to GOV-01
        await pilot.pause()
        await pilot.press("t", "2")
        await pilot.pause()
        assert app.controller.current_id == "GOV-01"  # setting a target does not move on
        assert load_session(path).answers["GOV-01"].target == 2 and load_session(path).answers["GOV-01"].choice == 1
        gap = next(g for g in app.controller.scores().gaps if g.indicator == "GOV-01")
        assert gap.target_level == 2
        await pilot.press("t", "escape", "3")  # t then Esc: no target; 3 answers
        await pilot.pause()
    saved = load_session(path).answers["GOV-01"]
    assert saved.choice == 3 and saved.target == 2


async def test_a_sector_not_started_shows_a_dash_and_the_count_of_sectors_assessed(tui_env):
    from .test_tui_support import line_with

    path = make_session(tui_env, GOV_01=3, GOV_02=1)
    app = CoherenceApp(resume=path, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "sectors assessed: 1 of 2" in line_with(app, "Overall score")
        health = line_with(app, "Health")
        assert "—" in health and " 0.0" not in health
        await pilot.press("r")
        await pilot.pause()
        assert "sectors assessed: 1 of 2" in line_with(app, "answered,")


def test_a_1_0_0_session_is_migrated_on_resume(tmp_path, monkeypatch):
    import shutil

    from .conftest import FIXTURES, PROJECT_ROOT

    monkeypatch.setenv("COHERENCE_PACKS", str(PROJECT_ROOT / "indicators"))
    copy = tmp_path / "planning-local.json"
    shutil.copy(FIXTURES / "v1" / "planning-local.json", copy)
    old = load_session(copy)
    ctl = open_session(copy)
    try:
        assert old.pack_version == "1.0.0" and ctl.assessment.pack_version == ctl.pack.version == "2.0.0"
        assert ctl.assessment.answers["GOV-13"].choice == old.answers["HOU-06"].choice  # renamed
        assert "CLI-06" not in ctl.assessment.answers  # removed in 2.0.0
    finally:
        ctl.close()
