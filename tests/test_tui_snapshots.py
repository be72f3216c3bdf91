"""Snapshots of every screen of the terminal UI at two terminal sizes.

Deterministic: the mini pack, a session file with a fixed name, no dates or paths on
screen. Regenerate after an intended change of the screens with
``python -m pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from coherence.tui.app import CoherenceApp

from .conftest import MINI
from .test_tui_support import make_session, tui_env  # noqa: F401

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
WORKED_EXAMPLE = {"GOV_01": 3, "GOV_02": 0, "HEA_01": 2, "HEA_02": "dk"}


def _resumed(sessions, **answers) -> CoherenceApp:
    path = make_session(sessions, **answers)
    return CoherenceApp(pack=MINI, resume=path, sessions_dir=sessions)


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC during the test (dates and times on screen)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES)
def test_setup_screen(snap_compare, tui_env, size, utc):
    import json

    path = make_session(tui_env, GOV_01=3)
    # The saved session's last change is on screen: a fixed one, in a fixed time zone.
    data = json.loads(path.read_text())
    data["updated"] = "2024-05-03T12:30:00Z"
    path.write_text(json.dumps(data))
    app = CoherenceApp(pack=MINI, lang="en", sessions_dir=tui_env)
    assert snap_compare(app, terminal_size=size, press=["ctrl+r"])


@pytest.mark.parametrize("size", SIZES)
def test_overview_screen(snap_compare, tui_env, size):
    app = _resumed(tui_env, GOV_01=3, GOV_02=0, HEA_01=2)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_indicator_screen(snap_compare, tui_env, size):
    app = _resumed(tui_env, GOV_01=2)
    assert snap_compare(app, press=["enter", "left"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_results_screen(snap_compare, tui_env, size):
    app = _resumed(tui_env, **WORKED_EXAMPLE)
    assert snap_compare(app, press=["r"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, tui_env, size):
    app = _resumed(tui_env)
    assert snap_compare(app, press=["enter", "question_mark"], terminal_size=size)
