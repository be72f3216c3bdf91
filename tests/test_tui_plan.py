"""The action plan screen (dashboard p) driven by keys: edit an action, add one, create the plan.

The round is test_tui_round's (the mini pack, four respondents). Its ranked gaps give a
plan of four actions: P-001 GOV-01 "Convene it" (Mayor's office), P-002 GOV-02, P-003
HEA-02, P-004 HEA-01, all not started, with no due date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coherence.errors import UserError
from coherence.rounds import ensure_plan, load_round
from coherence.tui import round_state
from coherence.tui.app import CoherenceApp
from coherence.tui.choice import Choice
from coherence.tui.round_state import ReadOnlyError, RoundController
from coherence.tui.screens.discussion import ActionDialog
from coherence.tui.screens.plan import IndicatorPicker, PlanActionDialog, PlanScreen

from .test_tui_round import SIZE, SMALL, _open, round_file  # noqa: F401
from .test_tui_support import line_with, screen_text, tui_env  # noqa: F401

SIZES = [pytest.param(SIZE, id="100x30"), pytest.param(SMALL, id="80x24")]
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
REAL_SAVE = round_state.save_round


def with_plan(path) -> None:
    """Give the round file its plan from the gaps, every row last updated in 2020."""
    ctl = RoundController.open(path)
    ctl.ensure_plan()
    plan = [row.model_copy(update={"updated": LONG_AGO}) for row in ctl.round.plan]
    ctl.round = ctl.round.model_copy(update={"plan": plan})
    assert ctl.save()
    ctl.close()


def row_of(path, plan_id: str):
    return next(row for row in load_round(path).plan if row.id == plan_id)


async def type_into(pilot, app, selector: str, text: str) -> None:
    """Empty a field of the open dialog, then type ``text`` into it (the field keeps focus)."""
    field = app.screen.query_one(selector)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


# --------------------------------------------------------------------------- editing


@pytest.mark.parametrize("size", SIZES)
async def test_owner_due_date_and_status_are_edited_and_saved(round_file, size):
    with_plan(round_file)
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, "p")
        assert isinstance(app.screen, PlanScreen)
        assert "not started" in line_with(app, "P-001")
        await _open(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, PlanActionDialog) and dialog.action_row.id == "P-001"
        assert dialog.focused.id == "edit-owner"  # the owner first: the field edited most
        await type_into(pilot, app, "#edit-owner", "Mayor")
        await _open(pilot, "enter", "enter")  # to partners, to the due date
        assert app.screen.focused.id == "edit-due"
        await pilot.press(*"2027-03-31")
        await _open(pilot, "enter")  # to the status
        assert isinstance(app.screen.focused, Choice)
        await _open(pilot, "right", "enter")  # in progress; on to the notes
        await pilot.press(*"Committee convened once")
        await _open(pilot, "enter")  # Enter in the last field saves
        assert isinstance(app.screen, PlanScreen)
        saved = row_of(round_file, "P-001")
        assert (saved.owner, saved.due, saved.status, saved.notes) == ("Mayor", dt.date(2027, 3, 31), "in_progress", "Committee convened once")
        assert saved.action == "Convene it" and saved.updated > LONG_AGO
        assert row_of(round_file, "P-002").updated == LONG_AGO  # the others untouched
        row = line_with(app, "P-001")
        assert "Mayor" in row and "2027-03-31" in row and "in progress" in row
        assert app.screen.query_one("#plan-rows").cursor_row == 0
    ctl.close()


async def test_the_action_text_is_cut_at_80_columns_and_kept_whole(round_file):
    with_plan(round_file)
    long_text = "Convene the cross-departmental migration committee every quarter with the district"
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SMALL) as pilot:
        await _open(pilot, "p", "down", "enter")
        await type_into(pilot, app, "#edit-action", long_text)
        await _open(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanScreen)
        assert row_of(round_file, "P-002").action == long_text
        row = line_with(app, "P-002")
        assert "…" in row and "Convene the" in row and "district" not in row
        assert len(row.rstrip()) <= 80 and "not started" in row  # the status still shows
        await _open(pilot, "enter")  # the form shows it whole
        assert app.screen.query_one("#edit-action").value == long_text
    ctl.close()


async def test_an_invalid_due_date_is_refused_and_nothing_saved(round_file):
    with_plan(round_file)
    before = round_file.read_bytes()
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "p", "enter")
        await type_into(pilot, app, "#edit-owner", "Ana Lopez")
        await type_into(pilot, app, "#edit-due", "31/03/2027")
        await _open(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanActionDialog)  # still open, says why
        assert "YYYY-MM-DD, e.g. 2027-03-31" in screen_text(app)
        assert app.screen.focused.id == "edit-due"
        await type_into(pilot, app, "#edit-due", "2027-02-30")  # the right shape, not a date
        await _open(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanActionDialog)
        assert round_file.read_bytes() == before
        await _open(pilot, "escape")  # cancels: nothing changes
        assert isinstance(app.screen, PlanScreen)
        assert "Ana Lopez" not in line_with(app, "P-001")
    assert round_file.read_bytes() == before
    ctl.close()


async def test_an_empty_due_date_clears_it(round_file):
    with_plan(round_file)
    ctl = RoundController.open(round_file)
    ctl.update_action("P-003", due="2027-01-31")
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "p", "down", "down", "enter")
        assert app.screen.query_one("#edit-due").value == "2027-01-31"
        await type_into(pilot, app, "#edit-due", "")
        await _open(pilot, "ctrl+s")
        assert row_of(round_file, "P-003").due is None
    ctl.close()


async def test_read_only_refuses_every_change_of_the_plan(round_file):
    with_plan(round_file)
    before = round_file.read_bytes()
    ctl = RoundController.open(round_file, read_only=True)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "p", "enter")
        assert isinstance(app.screen, PlanScreen)  # no form opens
        assert "opened read-only" in screen_text(app)
        await _open(pilot, "n")
        assert isinstance(app.screen, PlanScreen)
    ctl.close()
    assert round_file.read_bytes() == before
    with pytest.raises(ReadOnlyError):
        ctl.update_action("P-001", owner="Mayor")


async def test_read_only_does_not_create_a_plan(round_file):
    before = round_file.read_bytes()
    ctl = RoundController.open(round_file, read_only=True)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "p", "g")
        assert "opened read-only" in screen_text(app)
        assert "Action plan: 0 actions" in screen_text(app)
    ctl.close()
    assert round_file.read_bytes() == before


# --------------------------------------------------------------------------- creating and adding


@pytest.mark.parametrize("size", SIZES)
async def test_g_creates_the_plan_from_the_ranked_gaps(round_file, size):
    ctl = RoundController.open(round_file)
    expected = ensure_plan(ctl.pack, ctl.round, ctl.result).plan
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, "p")
        text = screen_text(app)
        assert "Action plan: 0 actions" in text and "g creates the plan" in text
        assert "Plan from gaps" in text  # offered in the key bar
        await _open(pilot, "g")
        saved = load_round(round_file).plan
        assert [(a.id, a.indicator, a.action, a.owner, a.status) for a in saved] == [
            (a.id, a.indicator, a.action, a.owner, a.status) for a in expected
        ]
        assert [a.id for a in saved] == ["P-001", "P-002", "P-003", "P-004"]
        text = screen_text(app)
        assert "Action plan: 4 actions" in text and "Plan from gaps" not in text
        assert "Convene it" in line_with(app, "P-001")
        await _open(pilot, "g")  # a plan is never made again
        assert load_round(round_file).plan == saved
        await _open(pilot, "escape")
        assert "Plan: 4 actions (p)" in screen_text(app)
    ctl.close()


async def test_n_adds_an_action_for_an_indicator_typed_or_chosen(round_file):
    with_plan(round_file)
    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SMALL) as pilot:
        await _open(pilot, "p", "n")
        assert isinstance(app.screen, IndicatorPicker)
        await pilot.press(*"XYZ-99", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorPicker)
        assert "No indicator of this pack" in screen_text(app)
        await type_into(pilot, app, "#pick-id", "hea-01")  # typed in any case
        await _open(pilot, "enter")
        assert isinstance(app.screen, ActionDialog) and app.screen.indicator == "HEA-01"
        await _open(pilot, "enter")  # the pack's next action as proposed; to the owner
        await pilot.press(*"Health", "enter", *"2027-06-30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        new = load_round(round_file).plan[-1]
        assert (new.id, new.indicator, new.owner, new.due, new.status) == ("P-005", "HEA-01", "Health", dt.date(2027, 6, 30), "not_started")
        assert app.screen.query_one("#plan-rows").cursor_row == 4  # on the new row
        await _open(pilot, "n")  # from the list this time: ↓ to it, Enter on the second
        await pilot.press(*"health")
        await _open(pilot, "down", "down", "enter")
        assert isinstance(app.screen, ActionDialog) and app.screen.indicator == "HEA-02"
        await _open(pilot, "escape")
        assert isinstance(app.screen, PlanScreen) and len(load_round(round_file).plan) == 5
    ctl.close()


# --------------------------------------------------------------------------- language and saving


async def test_statuses_are_shown_in_french(round_file):
    with_plan(round_file)
    ctl = RoundController.open(round_file, lang="fr")
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SMALL) as pilot:
        await _open(pilot, "p")
        assert "pas commencé" in line_with(app, "P-001")
        assert "Indicateur" in line_with(app, "Statut")
        await _open(pilot, "enter")
        status = app.screen.query_one("#edit-status", Choice)
        assert [label for label, _value in status._options] == ["pas commencé", "en cours", "fait", "abandonné"]
        assert "Responsable" in screen_text(app) and "Échéance" in screen_text(app)
        status.focus()
        await _open(pilot, "right", "right", "ctrl+s")  # done
        assert row_of(round_file, "P-001").status == "done"
        assert "fait" in line_with(app, "P-001")
    ctl.close()


async def test_a_failed_save_of_an_edit_is_shown_and_kept(round_file, monkeypatch):
    with_plan(round_file)

    def full(*_a, **_k):
        raise UserError("cannot write: No space left on device", file=round_file)

    ctl = RoundController.open(round_file)
    app = CoherenceApp(round_controller=ctl)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "p", "enter")
        monkeypatch.setattr(round_state, "save_round", full)
        await type_into(pilot, app, "#edit-owner", "Mayor")
        await _open(pilot, "ctrl+s")
        text = screen_text(app)
        assert "Not saved" in text and "No space left on device" in text
        assert "Mayor" in line_with(app, "P-001")  # kept in memory, shown
        assert row_of(round_file, "P-001").owner != "Mayor"
        monkeypatch.setattr(round_state, "save_round", REAL_SAVE)
        await _open(pilot, "down", "enter", "ctrl+s")  # saving an unchanged row retries the save
        assert "Not saved" not in screen_text(app)
        assert row_of(round_file, "P-001").owner == "Mayor"
    ctl.close()


def test_update_action_checks_what_it_is_given(round_file):
    with_plan(round_file)
    ctl = RoundController.open(round_file)
    with pytest.raises(KeyError):
        ctl.update_action("P-099", owner="Mayor")
    with pytest.raises(ValueError):
        ctl.update_action("P-001", status="finished")
    with pytest.raises(ValueError):
        ctl.update_action("P-001", due="31/03/2027")
    with pytest.raises(ValueError):
        ctl.update_action("P-001", id="P-007")  # the id is not a field one edits
    with pytest.raises(ValueError):
        ctl.update_action("P-001", owner="x" * 201)
    assert row_of(round_file, "P-001").updated == LONG_AGO  # nothing was saved
    assert ctl.update_action("P-001", owner=ctl.round.plan[0].owner)  # no change: not written
    assert row_of(round_file, "P-001").updated == LONG_AGO
    assert ctl.update_action("P-001", owner="  Mayor ", due=dt.date(2027, 1, 1), status="dropped")
    saved = row_of(round_file, "P-001")
    assert (saved.owner, saved.due, saved.status) == ("Mayor", dt.date(2027, 1, 1), "dropped")
    assert ctl.plan_count() == (4, 3)
    ctl.close()
