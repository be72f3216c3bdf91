"""The session controller behind the TUI: answers, saving at once, navigation, progress."""

from __future__ import annotations

import pytest

from coherence.models import Special
from coherence.scoring import score
from coherence.sessions import load_session
from coherence.tui.state import SessionController


@pytest.fixture
def ctl(mini, tmp_path):
    return SessionController.create(
        mini,
        path=tmp_path / "s.json",
        language="en",
        authority={"name": "Springfield", "country": "Utopia", "level": "regional"},
        respondent={"department": "Planning", "level": "local"},
    )


def test_create_writes_the_session_file(ctl, tmp_path):
    saved = load_session(tmp_path / "s.json")
    assert saved.pack_id == "mini"
    assert saved.pack_version == "0.1"
    assert saved.authority.name == "Springfield"
    assert saved.authority.level.value == "regional"
    assert saved.respondent.department == "Planning"
    assert saved.answers == {}


def test_create_names_the_file_after_the_authority(mini, tmp_path):
    ctl = SessionController.create(mini, directory=tmp_path, authority={"name": "Saint-Denis Ville"})
    assert ctl.path.parent == tmp_path
    assert ctl.path.name.startswith("saint-denis-ville-")
    assert ctl.path.is_file()


def test_every_answer_is_saved_at_once(ctl):
    ctl.answer("GOV-01", 3)
    assert load_session(ctl.path).answers["GOV-01"].choice == 3
    ctl.answer("GOV-02", "dk")
    assert load_session(ctl.path).answers["GOV-02"].choice == Special.dont_know
    ctl.answer("HEA-01", "na")
    assert load_session(ctl.path).answers["HEA-01"].choice == Special.not_applicable
    ctl.answer("GOV-01", 1)  # change an answer
    saved = load_session(ctl.path)
    assert saved.answers["GOV-01"].choice == 1
    assert saved.position == "GOV-01"
    ctl.answer("GOV-01", None)  # clear it
    assert "GOV-01" not in load_session(ctl.path).answers


def test_notes_and_evidence_are_saved_and_survive_a_new_answer(ctl):
    ctl.set_notes("HEA-02", "Only in two clinics")
    ctl.set_evidence("HEA-02", "Service records 2023")
    saved = load_session(ctl.path).answers["HEA-02"]
    assert (saved.choice, saved.notes, saved.evidence) == (None, "Only in two clinics", "Service records 2023")
    ctl.answer("HEA-02", 2)
    saved = load_session(ctl.path).answers["HEA-02"]
    assert (saved.choice, saved.notes, saved.evidence) == (2, "Only in two clinics", "Service records 2023")
    # notes alone do not count as an answer
    assert ctl.sector_progress("health").answered == 1


def test_invalid_answers_are_refused_and_nothing_is_saved(ctl):
    with pytest.raises(ValueError):
        ctl.answer("GOV-01", 4)
    with pytest.raises(ValueError):
        ctl.answer("GOV-01", "maybe")
    with pytest.raises(KeyError):
        ctl.answer("XYZ-01", 1)
    assert load_session(ctl.path).answers == {}


def test_navigation_moves_in_pack_order_and_records_the_position(ctl):
    assert ctl.current_id == "GOV-01"
    assert ctl.previous() is None
    assert ctl.next().id == "GOV-02"
    assert ctl.next().id == "HEA-01"  # crosses into the next sector
    assert load_session(ctl.path).position == "HEA-01"
    assert ctl.position_in_sector() == (1, 2)
    assert ctl.next().id == "HEA-02"
    assert ctl.next() is None
    assert ctl.current_id == "HEA-02"
    assert ctl.previous().id == "HEA-01"
    ctl.go("GOV-02")
    assert ctl.next_in_sector() is None
    assert ctl.current_id == "GOV-02"
    assert load_session(ctl.path).position == "GOV-02"


def test_open_sector_goes_to_its_first_unanswered_indicator(ctl):
    assert ctl.open_sector("health").id == "HEA-01"
    ctl.answer("HEA-01", 2)
    assert ctl.open_sector("health").id == "HEA-02"
    ctl.answer("HEA-02", 0)
    assert ctl.open_sector("health").id == "HEA-01"  # all answered: the first one


def test_progress_counts_levels_and_special_answers(ctl):
    assert [(p.answered, p.total) for p in ctl.progress().values()] == [(0, 2), (0, 2)]
    ctl.answer("GOV-01", 0)
    ctl.answer("HEA-01", "dk")
    ctl.answer("HEA-02", "na")
    progress = ctl.progress()
    assert list(progress) == ["governance", "health"]
    assert (progress["governance"].answered, progress["governance"].total) == (1, 2)
    assert progress["health"].done
    assert not progress["governance"].done
    total = ctl.total_progress()
    assert (total.answered, total.total) == (3, 4)


def test_scores_are_those_of_the_scoring_engine(ctl, mini):
    ctl.answer("GOV-01", 3)
    ctl.answer("GOV-02", 0)
    ctl.answer("HEA-01", 2)
    ctl.answer("HEA-02", "dk")
    got = ctl.scores()
    expected = score(mini, load_session(ctl.path).answers)
    assert got == expected
    assert round(got.overall, 1) == 59.3  # the README's worked example
    assert round(got.sectors["governance"], 1) == 66.7
    assert round(got.horizontal.score, 1) == 88.9
    assert round(got.vertical.score, 1) == 33.3
    assert ctl.results() == expected


def test_resume_continues_where_the_user_was(ctl, mini):
    ctl.answer("GOV-01", 3)
    ctl.go("HEA-01")
    again = SessionController.resume(ctl.path, mini)
    assert again.current_id == "HEA-01"
    assert again.choice_of("GOV-01") == 3
    again.answer("HEA-01", 1)
    assert load_session(ctl.path).answers.keys() == {"GOV-01", "HEA-01"}


def test_resume_refuses_a_session_of_another_pack(ctl, mini, tmp_path):
    import json

    data = json.loads(ctl.path.read_text())
    data["pack_id"] = "other"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    from coherence.errors import UserError

    with pytest.raises(UserError, match="other"):
        SessionController.resume(other, mini)
