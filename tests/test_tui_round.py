"""Round mode driven by keys (Textual pilot): the dashboard, the agenda, the discussion.

The round: the mini pack, authority Springfield (local), four respondents whose numbers
can be checked by hand —

    respondent             level     GOV-01 GOV-02 HEA-01 HEA-02
    Planning               local        3      0      2      1
    Health                 local        0      1      2     dk
    Social inclusion       local        1      1      –      –    (health not started)
    Foreign Affairs        national     2      3      0      0
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

import pytest

from coherence.errors import UserError
from coherence.locks import LockedError, lock_path
from coherence.models import Special
from coherence.packs import load_pack
from coherence.rounds import add_files, load_round, new_round, save_round, score_round_file
from coherence.tui import round_state
from coherence.tui.app import CoherenceApp, round_farewell, run_round_tui
from coherence.tui.round_state import RoundController
from coherence.tui.screens.dashboard import DashboardScreen
from coherence.tui.screens.discussion import ActionDialog, DiscussionScreen
from coherence.tui.screens.plan import PlanScreen
from coherence.tui.screens.to_discuss import ToDiscussScreen
from coherence.tui.state import SessionController

from .conftest import MINI
from .test_tui_support import line_with, screen_text, tui_env  # noqa: F401

SIZE = (100, 30)
SMALL = (80, 24)

PEOPLE = [
    ("Planning", "local", {"GOV-01": 3, "GOV-02": 0, "HEA-01": 2, "HEA-02": 1}),
    ("Health", "local", {"GOV-01": 0, "GOV-02": 1, "HEA-01": 2, "HEA-02": "dk"}),
    ("Social inclusion", "local", {"GOV-01": 1, "GOV-02": 1}),
    ("Foreign Affairs", "national", {"GOV-01": 2, "GOV-02": 3, "HEA-01": 0, "HEA-02": 0}),
]


def make_round(directory: Path, name: str = "springfield.round.json") -> Path:
    """The round above, saved in ``directory`` (sessions made with the mini pack, then added)."""
    pack = load_pack(MINI)
    files = []
    for department, level, answers in PEOPLE:
        ctl = SessionController.create(
            pack,
            path=directory / f"{department.lower().replace(' ', '-')}.json",
            authority={"name": "Springfield", "country": "Utopia", "level": "local"},
            respondent={"department": department, "level": level},
        )
        for ind_id, choice in answers.items():
            ctl.answer(ind_id, choice)
        if department == "Planning":
            ctl.set_notes("GOV-01", "The committee met four times in 2025.")
            ctl.set_evidence("GOV-01", "Minutes 2025")
        files.append(ctl.path)
    round_, reports = add_files(new_round(pack, authority="Springfield", cycle="2026"), pack, files)
    assert [r.status for r in reports] == ["added"] * 4
    path = directory / name
    save_round(path, round_)
    return path


@pytest.fixture
def round_file(tui_env):
    return make_round(tui_env.parent)


def lock_by_another(path: Path) -> None:
    """The round locked by another coherence on this host (our parent process: alive)."""
    holder = {"host": socket.gethostname(), "pid": os.getppid(), "user": "ana", "since": "2026-12-01 10:00"}
    lock_path(path).write_text(json.dumps(holder), encoding="utf-8")


def cells(line: str) -> list[str]:
    """The two sector values of a heatmap row (after its label, before its completion %)."""
    return [word for word in line.split() if not word.endswith("%")][-2:]


async def _open(pilot, *keys):
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


# --------------------------------------------------------------------------- the dashboard


async def test_dashboard_shows_the_heatmap_of_the_round(round_file):
    ctl = RoundController.open(round_file)
    result = score_round_file(ctl.pack, ctl.round)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(app)
        assert "Springfield · cycle 2026 · 4 respondents · 0 of 4 agreed" in text
        assert "GOV HEA" in text
        # By hand (GOV-01 and HEA-01 weigh 2): Planning GOV = (2×1 + 0)/3 = 66.7 → 67,
        # HEA = (2×2/3 + 1/3)/3 = 55.6 → 56; Health GOV = (0 + 1/3)/3 = 11.1 → 11,
        # HEA = (2×2/3 + 0)/3 = 44.4 → 44 (don't know counts 0).
        planning = result.respondents[0].sectors
        assert (round(planning["governance"]), round(planning["health"])) == (67, 56)
        assert cells(line_with(app, "Planning")) == ["67", "56"]
        health = result.respondents[1].sectors
        assert (round(health["governance"]), round(health["health"])) == (11, 44)
        assert cells(line_with(app, " Health ")) == ["11", "44"]
        assert cells(line_with(app, "Social inclusion")) == ["33", "—"]  # health not started: not assessed
        assert cells(line_with(app, "Foreign Affairs (National)")) == ["78", "0"]
        assert cells(line_with(app, "Round")) == ["33", str(round(result.scores.sectors["health"]))]
        lines = text.splitlines()
        order = [next(i for i, line in enumerate(lines) if needle in line) for needle in (
            "Planning", "Social inclusion", "horizontal agreement 67%", "Foreign Affairs", "vertical agreement 50%", " Round ")]
        assert order == sorted(order)  # the authority's level, the rule, the other levels, the rule, the round
        assert "To discuss: 3 (d)" in text and "Plan: 0 actions (p)" in text
        assert "Vertical " in line_with(app, "To discuss")
        await pilot.press("v")  # the vertical picture: levels of government × sectors
        await pilot.pause()
        local = [r for r in ctl.level_rows() if r.level.value == "local"][0]
        assert round(local.sectors["governance"]) == round((66.6667 + 11.11 + 33.33) / 3)
        assert cells(line_with(app, "Local (3 respondents)")) == [str(round(local.sectors["governance"])), str(round(local.sectors["health"]))]
        assert cells(line_with(app, "National (1 respondent)")) == ["78", "0"]
        assert "Planning" not in screen_text(app)
    ctl.close()


async def test_to_discuss_lists_the_most_divergent_first_and_says_why(round_file):
    ctl = RoundController.open(round_file)
    items = ctl.to_discuss()
    # GOV-01: 0…3 (3 levels), departments disagree; GOV-02: 0…3, local mean 0.67 vs
    # national 3; HEA-01: 0…2, local 2 vs national 0.
    assert [(i.indicator, i.spread) for i in items] == [("GOV-01", 3), ("GOV-02", 3), ("HEA-01", 2)]
    assert items[0].why == ("respondents 3 levels apart", "departments disagree")
    assert items[1].why == ("respondents 3 levels apart", "levels of government disagree")
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "d")
        assert isinstance(app.screen, ToDiscussScreen)
        lines = screen_text(app).splitlines()
        rows = [i for i, line in enumerate(lines) if any(f" {x} " in line for x in ("GOV-01", "GOV-02", "HEA-01"))]
        assert [lines[i].split()[0] for i in rows] == ["GOV-01", "GOV-02", "HEA-01"]
        assert "levels of government disagree" in line_with(app, "HEA-01")
        await _open(pilot, "down", "enter")
        assert isinstance(app.screen, DiscussionScreen) and app.screen.current == "GOV-02"
        await _open(pilot, "right")
        assert app.screen.current == "HEA-01"
        await _open(pilot, "escape", "escape")
        assert isinstance(app.screen, DashboardScreen)
    ctl.close()


# --------------------------------------------------------------------------- the discussion


async def test_agreeing_an_answer_changes_the_round_score_and_is_saved(round_file):
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "d", "enter")
        screen = app.screen
        assert isinstance(screen, DiscussionScreen) and screen.current == "GOV-01"
        text = screen_text(app)
        for who in ("Planning", "Health", "Social inclusion", "Foreign Affairs"):
            assert who in text
        assert "3 Fully in place" in line_with(app, "Planning")
        assert "Minutes 2025" in line_with(app, "Planning")
        assert "Median: 1 Planned or ad hoc" in text  # 0 1 2 3: ties round down
        assert "GOV 33.3" in line_with(app, "Round score")
        await _open(pilot, "3")
        # GOV = (2×1 + 1/3)/3 = 77.8 with GOV-01 agreed at 3 (GOV-02: median 1)
        assert "GOV 77.8" in line_with(app, "Round score")
        assert "Agreed: 3 Fully in place" in screen_text(app)
        assert load_round(round_file).consensus["GOV-01"].choice == 3
        await _open(pilot, "escape", "escape")
        assert cells(line_with(app, " Round "))[0] == "78"
        assert "1 of 4 agreed" in screen_text(app)
        assert "To discuss: 2 (d)" in screen_text(app)
        await _open(pilot, "d", "enter", "x")  # cleared again: GOV-02 is first now, GOV-01 not on the list
        assert app.screen.current == "GOV-02"
    ctl.close()


async def test_a_target_and_an_action_are_saved(round_file):
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "d", "enter")
        assert "Target: 3 (default)" in screen_text(app)
        await _open(pilot, "t", "2")
        assert load_round(round_file).targets == {"GOV-01": 2}
        assert "Target: 2 " in screen_text(app)
        await _open(pilot, "a")
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        # The median is 1: the pack's action for level 2 is proposed.
        assert dialog.query_one("#action-text").value == "Convene it"
        await _open(pilot, "enter")  # to the owner
        await pilot.press(*"Mayor", "enter")
        await pilot.press(*"31/03/2027", "enter")  # not YYYY-MM-DD: refused, says why
        await pilot.pause()
        assert isinstance(app.screen, ActionDialog)
        assert "YYYY-MM-DD" in screen_text(app)
        due = app.screen.query_one("#action-due")
        due.value = "2027-03-31"
        await _open(pilot, "enter")
        assert isinstance(app.screen, DiscussionScreen)
        plan = load_round(round_file).plan
        assert [(a.id, a.indicator, a.action, a.owner, a.due) for a in plan] == [("P-001", "GOV-01", "Convene it", "Mayor", dt.date(2027, 3, 31))]
        assert "plan: P-001" in screen_text(app)
        await _open(pilot, "escape", "escape", "p")
        assert isinstance(app.screen, PlanScreen)
        row = line_with(app, "P-001")
        assert "GOV-01" in row and "Convene it" in row and "Mayor" in row and "2027-03-31" in row and "not started" in row
        await _open(pilot, "escape")
        assert "Plan: 1 action (p)" in screen_text(app)
    ctl.close()


async def test_a_sector_goes_out_of_scope_with_a_reason_and_back(round_file):
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "s", "down", "enter")
        await pilot.press(*"no health mandate", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert load_round(round_file).scope == {"health": "no health mandate"}
        assert cells(line_with(app, "Planning")) == ["67", "×"]
        assert "Out of scope: HEA Health — no health mandate" in screen_text(app)
        await _open(pilot, "s", "down", "enter")  # out of scope: Enter puts it back
        assert load_round(round_file).scope == {}
        assert "Out of scope" not in screen_text(app)
    ctl.close()


async def test_export_writes_the_round_report_beside_never_over_the_round(round_file, monkeypatch):
    monkeypatch.chdir(round_file.parent)
    before = round_file.read_bytes()
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "e")
        assert app.screen.query_one("#export-name").value == "springfield-report.xlsx"
        await _open(pilot, "enter")
        await pilot.pause()
        assert (round_file.parent / "springfield-report.xlsx").stat().st_size > 0
        assert isinstance(app.screen, DashboardScreen)
    ctl.close()
    from coherence.rounds import load_round
    from openpyxl import load_workbook

    # the round keeps its answers; it gains the action plan whose ids the workbook carries
    saved, earlier = load_round(round_file), __import__("coherence.models", fromlist=["Round"]).Round.model_validate_json(before)
    assert saved.respondents == earlier.respondents and saved.consensus == earlier.consensus
    assert saved.plan and not earlier.plan
    sheet = load_workbook(round_file.parent / "springfield-report.xlsx")["Action plan"]
    ids = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("P-")}
    assert ids == {a.id for a in saved.plan}


# --------------------------------------------------------------------------- locks and read-only


async def test_read_only_mode_refuses_a_change(round_file):
    before = round_file.read_bytes()
    ctl = RoundController.open(round_file, read_only=True)
    assert not lock_path(round_file).exists()
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "read-only" in line_with(app, "Springfield")
        await _open(pilot, "d", "enter", "3")
        assert "opened read-only" in screen_text(app)
        assert "Agreed: –" in screen_text(app)
        await _open(pilot, "t")
        assert "Target: press" not in screen_text(app)
    ctl.close()
    assert round_file.read_bytes() == before
    with pytest.raises(UserError):
        ctl.agree("GOV-01", 3)


def test_a_second_opener_gets_the_locked_error_before_the_app_runs(round_file, monkeypatch):
    def never(*_a, **_k):  # pragma: no cover - the point is that it is not reached
        raise AssertionError("the terminal was taken over")

    monkeypatch.setattr(CoherenceApp, "run", never)
    lock_by_another(round_file)
    with pytest.raises(LockedError) as caught:
        run_round_tui(round_file)
    assert "open in another coherence (ana on" in caught.value.line()
    assert str(round_file) in caught.value.line()
    assert lock_path(round_file).exists()  # still the other one's
    # --read-only lets the user look anyway; it takes no lock.
    ctl = RoundController.open(round_file, read_only=True)
    assert ctl.read_only and ctl.lock is None
    ctl.close()
    assert lock_path(round_file).exists()


def test_the_controller_holds_the_lock_until_closed(round_file):
    ctl = RoundController.open(round_file)
    assert lock_path(round_file).exists()
    ctl.close()
    assert not lock_path(round_file).exists()
    assert "coherence round open" in round_farewell(ctl)


# --------------------------------------------------------------------------- a failed save


async def test_a_failed_save_is_shown_kept_and_saved_once_saving_works(round_file, monkeypatch):
    real = round_state.save_round

    def full(*_a, **_k):
        raise UserError("cannot write: No space left on device", file=round_file)

    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "d", "enter")
        monkeypatch.setattr(round_state, "save_round", full)
        await _open(pilot, "3")
        text = screen_text(app)
        assert "Not saved" in text and "No space left on device" in text
        assert "Agreed: 3 Fully in place" in text  # kept in memory, shown
        assert "GOV 77.8" in line_with(app, "Round score")
        assert "GOV-01" not in load_round(round_file).consensus
        await _open(pilot, "q")  # quitting tries again, fails, says so and stays
        assert app.is_running
        assert "Press q again" in screen_text(app)
        monkeypatch.setattr(round_state, "save_round", real)
        await _open(pilot, "right", "0")  # the next change saves both
        assert "Not saved" not in screen_text(app)
        saved = load_round(round_file)
        assert saved.consensus["GOV-01"].choice == 3 and saved.consensus["GOV-02"].choice == 0
    ctl.close()


async def test_quitting_retries_a_failed_save(round_file, monkeypatch):
    calls = []
    real = round_state.save_round

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise UserError("cannot write: Read-only file system", file=round_file)
        return real(*args, **kwargs)

    monkeypatch.setattr(round_state, "save_round", flaky)
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "d", "enter", "n")
        assert "Read-only file system" in screen_text(app)
        await _open(pilot, "q")
    assert not app.is_running
    assert load_round(round_file).consensus["GOV-01"].choice == Special.not_applicable
    ctl.close()


# --------------------------------------------------------------------------- small screens and setup


async def test_answer_options_stay_visible_at_80x24(round_file):
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert cells(line_with(app, "Planning")) == ["67", "56"]
        await _open(pilot, "d", "enter")
        text = screen_text(app)
        for words in ("0    Not in place", "1    Planned or ad hoc", "d    Don't know", "n    Not applicable", "Round score"):
            assert words in text
        await _open(pilot, "g")  # the guidance in full
        assert "The committee meets regularly with all departments." in screen_text(app)
    ctl.close()


async def test_the_setup_screen_opens_a_round(round_file, tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+o")
        await pilot.press(*str(round_file), "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "Springfield · cycle 2026" in screen_text(app)
        assert lock_path(round_file).exists()
    app.round.close()


async def test_the_setup_screen_opens_a_locked_round_read_only(round_file, tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    lock_by_another(round_file)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+o")
        await pilot.press(*str(round_file), "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.round.read_only
        assert "read-only" in line_with(app, "Springfield")


async def test_the_setup_screen_says_why_a_round_cannot_be_created(tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+o")
        await pilot.press(*str(tui_env / "nowhere.round.json"), "enter")
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "To create a round, first enter the name of the authority above." in said
        assert app.round is None and not (tui_env / "nowhere.round.json").exists()


async def test_the_setup_screen_creates_a_round_for_the_authority_above(tui_env):
    from coherence.rounds import load_round

    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Lyon")  # the authority field has the focus
        await _open(pilot, "ctrl+o")
        await pilot.press(*str(tui_env / "lyon-2027.round.json"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    app.round.close()
    created = load_round(tui_env / "lyon-2027.round.json")
    assert created.authority.name == "Lyon" and created.pack.id == "mini" and created.respondents == []


# --------------------------------------------------------------------------- snapshots

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_snapshot(snap_compare, round_file, size):
    ctl = RoundController.open(round_file)
    try:
        assert snap_compare(CoherenceApp(round_controller=ctl), terminal_size=size)
    finally:
        ctl.close()


@pytest.mark.parametrize("size", SIZES)
def test_discussion_snapshot(snap_compare, round_file, size):
    """GOV-01 after the workshop agreed on level 2: the median, the agreed answer, the score."""
    ctl = RoundController.open(round_file)
    try:
        assert snap_compare(CoherenceApp(round_controller=ctl), press=["d", "enter", "2"], terminal_size=size)
    finally:
        ctl.close()


def test_the_controller_scores_as_the_round_file_is_scored(round_file):
    """Its kept respondent scores never drift from score_round_file, the scope changing included."""
    ctl = RoundController.open(round_file)
    assert ctl.result == score_round_file(ctl.pack, ctl.round)
    for change in (
        lambda: ctl.agree("GOV-01", 3),
        lambda: ctl.set_target("GOV-02", 2),
        lambda: ctl.toggle_scope("health", "no mandate"),
        lambda: ctl.agree("GOV-02", "dk"),
        lambda: ctl.toggle_scope("health"),
        lambda: ctl.clear_agreement("GOV-01"),
        lambda: ctl.add_action("HEA-01", "Train staff", "Health", "2027-01-31"),
    ):
        change()
        assert ctl.result == score_round_file(ctl.pack, ctl.round)
        assert ctl.result == score_round_file(ctl.pack, load_round(round_file))
    with pytest.raises(ValueError):
        ctl.add_action("HEA-01", "Train staff", "Health", "31/01/2027")
    with pytest.raises(ValueError):
        ctl.agree("GOV-01", 7)
    ctl.close()
