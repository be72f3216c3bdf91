"""Shared by the TUI tests (no tests here): what the user sees on the terminal, sessions on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from coherence.i18n import set_language
from coherence.tui.state import SessionController

from .conftest import MINI


def screen_text(app) -> str:
    """The text of the terminal as the user sees it now (the top screen)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def line_with(app, needle: str) -> str:
    """The first screen line that contains ``needle``."""
    for line in screen_text(app).splitlines():
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} is not on the screen:\n{screen_text(app)}")


def widget_text(app, selector: str) -> str:
    """The text of one widget as it is drawn on the screen."""
    widget = app.screen.query_one(selector)
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return "\n".join(line[region.x : region.x + region.width].rstrip() for line in lines)


def make_session(directory: Path, name: str = "springfield.json", **answers) -> Path:
    """A saved session of the mini pack with a fixed file name and profile."""
    from coherence.packs import load_pack

    ctl = SessionController.create(
        load_pack(MINI),
        path=directory / name,
        authority={"name": "Springfield", "country": "Utopia", "level": "local"},
        respondent={"department": "Planning", "level": "local"},
    )
    for key, choice in answers.items():
        ctl.answer(key.replace("_", "-"), choice)
    ctl.go(ctl.indicator_ids[0])
    return ctl.path


@pytest.fixture
def tui_env(tmp_path, monkeypatch):
    """Sessions in tmp_path, only the test packs installed, English afterwards."""
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    monkeypatch.setenv("COHERENCE_SESSIONS", str(sessions))
    monkeypatch.setenv("COHERENCE_PACKS", str(MINI.parent))
    set_language("en")
    yield sessions
    set_language("en")
