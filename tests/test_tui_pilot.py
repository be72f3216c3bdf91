"""The terminal workshop session driven by keys, as a user would (Textual pilot)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coherence.cli import main
from coherence.errors import UserError
from coherence.i18n import format_number
from coherence.models import Special
from coherence.scoring import score
from coherence.sessions import load_session
from coherence.tui.app import CoherenceApp, run_tui
from coherence.tui.screens.indicator import IndicatorScreen
from coherence.tui.screens.overview import OverviewScreen
from coherence.tui.screens.results import ResultsScreen

from .conftest import MINI
from .test_tui_support import line_with, make_session, screen_text, tui_env, widget_text  # noqa: F401

SIZE = (100, 30)


def resumed(path, **kw) -> CoherenceApp:
    return CoherenceApp(pack=MINI, resume=path, sessions_dir=path.parent, **kw)


async def test_setup_screen_creates_a_session_file(tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "Mini pack (mini)" in text
        assert "No saved sessions yet." in text
        await pilot.press("ctrl+s")  # no authority yet: refused, says why
        assert "Enter the name of the authority." in screen_text(app)
        assert list(tui_env.glob("*.json")) == []
        await pilot.click("#authority")
        await pilot.press(*"Springfield", "enter")  # Enter goes to the next field
        assert app.screen.focused.id == "country"
        await pilot.press(*"Utopia")
        await pilot.click("#department")
        await pilot.press(*"Health 2")
        await pilot.click("#name")
        await pilot.press(*"Ana", "enter")  # Enter in the last field starts
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        files = list(tui_env.glob("*.json"))
        assert len(files) == 1 and files[0].name.startswith("springfield-")
        saved = load_session(files[0])
        assert (saved.pack_id, saved.authority.name, saved.authority.country) == ("mini", "Springfield", "Utopia")
        assert saved.respondent.department == "Health 2"  # the digit was typed, not an answer
        assert saved.respondent.name == "Ana"
        assert saved.answers == {}
        assert "0/2" in line_with(app, "Governance")
        assert files[0].name in screen_text(app)


async def test_setup_screen_lists_saved_sessions_and_resumes_one(tui_env):
    make_session(tui_env, GOV_01=3)
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # saved sessions are read after the first frame
        assert "1 of 4 indicators answered" in line_with(app, "Springfield · Local · Planning")
        assert "springfield.json" in screen_text(app)
        await pilot.click("#sessions")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert "1/2" in line_with(app, "Governance")


async def test_an_unreadable_saved_session_says_why_and_cannot_be_chosen(tui_env):
    make_session(tui_env)
    (tui_env / "broken.json").write_text("{not json")  # the newest: listed first
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        assert "springfield.json" in screen_text(app)  # listed at once, by file name
        await pilot.pause()  # then read, after the first frame
        assert "cannot be read: corrupt session: invalid JSON" in line_with(app, "broken.json")
        assert "0 of 4 indicators answered" in line_with(app, "Springfield · Local · Planning")
        sessions = app.screen.query_one("#sessions")
        assert [sessions.get_option_at_index(i).disabled for i in range(2)] == [True, False]
        await pilot.click("#sessions")
        await pilot.press("enter")  # the highlight skips the unreadable file
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


FIRST_FRAME = """
import sys
from coherence.tui.app import CoherenceApp

async def first_frame(pilot):
    await pilot.pause()
    loaded = [name for name in ("pydantic", "coherence.models", "coherence.tui.state") if name in sys.modules]
    pilot.app.exit(f"{type(pilot.app.screen).__name__} {loaded}")

print(CoherenceApp(sessions_dir=sys.argv[1]).run(headless=True, size=(100, 30), auto_pilot=first_frame))
"""


def test_the_setup_screen_is_drawn_before_pydantic_is_imported(tmp_path):
    """The first frame waits for no model: pydantic comes when a session starts or is read."""
    env = {key: value for key, value in os.environ.items() if key != "COHERENCE_PACKS"}  # the bundled packs
    run = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(tmp_path)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "SetupScreen []"


async def test_setup_screen_proposes_the_default_pack_in_the_chosen_language(tui_env, monkeypatch):
    """The default pack is named from its header, and loaded in full when the session starts."""
    from .conftest import PROJECT_ROOT

    monkeypatch.setenv("COHERENCE_PACKS", str(PROJECT_ROOT / "indicators"))
    app = CoherenceApp(lang="fr", sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        assert "Intégration de la migration" in line_with(app, "Jeu d'indicateurs")
        await pilot.click("#authority")
        await pilot.press(*"Lyon", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.controller.pack.id == "mainstreaming-migration" and app.controller.pack.language == "fr"
        assert "Gouvernance" in screen_text(app)


async def test_complete_a_sector_by_keys(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        assert "0/2" in line_with(app, "Governance")
        await pilot.press("enter")
        assert isinstance(app.screen, IndicatorScreen)
        assert "Is there a cross-departmental migration committee?" in screen_text(app)
        assert "GOV-01 · indicator 1 of 2 · Governance" in screen_text(app)
        assert "3 " in line_with(app, "Fully in place and institutionalised")
        await pilot.press("3")
        assert "Is the local plan aligned with the national migration strategy?" in screen_text(app)
        assert "1/2 answered (1/4 in all)" in screen_text(app)
        assert load_session(path).answers["GOV-01"].choice == 3
        await pilot.press("0")
        await pilot.pause()
        # the sector is complete: back on the overview with its progress and score
        assert isinstance(app.screen, OverviewScreen)
        assert load_session(path).answers["GOV-02"].choice == 0
        governance = line_with(app, "Governance")
        assert "2/2" in governance and "66.7" in governance
        assert "0/2" in line_with(app, "Health")


async def test_special_answers_and_keys_beyond_the_scale(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # second sector
        assert "HEA-01" in screen_text(app)
        await pilot.press("7")  # not a level of this scale: nothing happens
        assert "HEA-01" in screen_text(app)
        assert load_session(path).answers == {}
        await pilot.press("d")
        assert "HEA-02" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        saved = load_session(path).answers
        assert saved["HEA-01"].choice == Special.dont_know
        assert saved["HEA-02"].choice == Special.not_applicable
        assert "2/2" in line_with(app, "Health")


async def test_go_back_and_change_an_answer(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")
        assert "GOV-02" in screen_text(app)
        await pilot.press("left")
        assert "GOV-01" in line_with(app, "indicator 1 of 2")
        assert "●" in line_with(app, "Partly in place")  # the answer given is marked
        assert "●" not in line_with(app, "Planned or ad hoc")
        await pilot.press("1")
        assert load_session(path).answers["GOV-01"].choice == 1
        await pilot.press("pageup")
        assert "●" in line_with(app, "Planned or ad hoc")
        await pilot.press("right")
        assert "GOV-02" in line_with(app, "indicator 2 of 2")
        await pilot.press("s")
        assert isinstance(app.screen, OverviewScreen)
        assert "1/2" in line_with(app, "Governance")


async def test_notes_and_evidence_are_typed_not_answered(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.click("#notes")
        await pilot.press(*"Met 3 times; next 0n", "enter", *"d=2")
        await pilot.click("#evidence")
        await pilot.press(*"Minutes 2023")
        await pilot.pause()
        saved = load_session(path).answers["GOV-01"]
        assert saved.notes == "Met 3 times; next 0n\nd=2"
        assert saved.evidence == "Minutes 2023"
        assert saved.choice is None  # no digit answered while typing
        assert "GOV-01" in line_with(app, "indicator 1 of 2")
        await pilot.press("escape", "2")  # leave the field, then answer
        assert load_session(path).answers["GOV-01"].choice == 2
        assert load_session(path).answers["GOV-01"].notes.startswith("Met 3 times")
        await pilot.press("left")
        assert "Met 3 times; next 0n" in screen_text(app)
        assert "Minutes 2023" in screen_text(app)


async def test_quit_and_resume_with_every_answer(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "3", "1")
        await pilot.press("down", "enter", "2")
        await pilot.click("#notes")
        await pilot.press(*"clinic")
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0
    again = resumed(path)
    async with again.run_test(size=SIZE) as pilot:
        assert isinstance(again.screen, OverviewScreen)
        assert "2/2" in line_with(again, "Governance")
        assert "1/2" in line_with(again, "Health")
        await pilot.press("down", "enter")
        assert "HEA-02" in screen_text(again)  # the first unanswered indicator
        assert "clinic" in screen_text(again)  # its notes
        await pilot.press("left")
        assert "●" in line_with(again, "Partly in place")
    saved = load_session(path).answers
    assert (saved["GOV-01"].choice, saved["GOV-02"].choice, saved["HEA-01"].choice) == (3, 1, 2)
    assert saved["HEA-02"].notes == "clinic"


async def test_results_show_the_numbers_of_the_scoring_engine(tui_env, mini):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "3", "0", "down", "enter", "2", "d")
        await pilot.press("r")
        assert isinstance(app.screen, ResultsScreen)
        expected = score(mini, load_session(path).answers)
        assert round(expected.overall, 1) == 59.3  # the README's worked example
        assert format_number(expected.overall) in line_with(app, "Overall score")
        assert format_number(expected.sectors["governance"]) in line_with(app, "Governance")
        assert "44.4" in widget_text(app, "#sector-scores").splitlines()[1]
        horizontal = widget_text(app, "#horizontal")
        assert horizontal.splitlines()[0].startswith(format_number(expected.horizontal.score))
        assert horizontal.splitlines()[0].startswith("88.9")
        vertical = widget_text(app, "#vertical")
        assert vertical.splitlines()[0].startswith("33.3")
        # the indicators behind each coherence score, weakest first
        assert [line.split()[0] for line in horizontal.splitlines()[2:4]] == ["HEA-01", "GOV-01"]
        assert [line.split()[0] for line in vertical.splitlines()[2:4]] == ["GOV-02", "HEA-01"]
        assert "none" in line_with(app, "Lagging sectors")
        # one row of numbers per gap, its question on the line below (scrolled into sight)
        app.screen.query_one("#results-body").scroll_end(animate=False)
        await pilot.pause()
        gaps = [line for line in widget_text(app, "#gaps").splitlines() if line.split()[0].isdigit()]
        assert [line.split()[1] for line in gaps[:3]] == ["GOV-02", "HEA-02", "HEA-01"]
        assert "100.0" in gaps[0] and "50.0" in gaps[1] and "33.3" in gaps[2]
        await pilot.press("s")
        assert isinstance(app.screen, OverviewScreen)
        assert "59.3" in line_with(app, "Overall score")


async def test_help_on_the_setup_screen_opens_with_f1(tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")  # typed into the focused field
        assert app.screen.query_one("#authority").value == "?"
        await pilot.press("f1")
        assert "start the new session" in screen_text(app)
        assert "show or hide this list of keys" in screen_text(app)
        await pilot.press("escape")
        assert "Saved sessions" in screen_text(app)


async def test_help_lists_the_keys_on_every_screen(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "open the sector at its first unanswered indicator" in text
        assert "results: scores, coherence and gaps" in text
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("enter", "question_mark")
        text = screen_text(app)
        assert "0–3" in text and "answer with that level" in text
        assert "don't know" in text and "not applicable" in text
        assert "previous indicator" in text and "next indicator" in text
        await pilot.press("question_mark")  # ? closes it again
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("s", "r", "question_mark")
        assert "write the Excel report" in screen_text(app)


async def test_export_writes_an_excel_report(tui_env, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    path = make_session(tui_env, GOV_01=3, GOV_02=0, HEA_01=2, HEA_02="dk")
    monkeypatch.chdir(tmp_path)  # a name without a folder is written in the working directory
    (tmp_path / "out").mkdir()
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "e")
        assert "Write the Excel report to:" in screen_text(app)
        assert "springfield-report.xlsx" in screen_text(app)  # the proposed name
        await pilot.press("ctrl+a", "ctrl+k", *"out/rep", "enter")
        await pilot.pause()
        written = tmp_path / "out" / "rep.xlsx"  # .xlsx added
        assert written.is_file()
        status = widget_text(app, "#export-status")
        assert "Report written:" in status and "rep.xlsx" in status
        wb = openpyxl.load_workbook(written)
        assert "Summary" in wb.sheetnames and "Gaps" in wb.sheetnames
        # a folder that does not exist: one line saying so, nothing written
        await pilot.press("e", "ctrl+a", "ctrl+k", *"no/r.xlsx", "enter")
        await pilot.pause()
        assert "does not exist" in widget_text(app, "#export-status")
        assert not (tmp_path / "no").exists()
        # Esc cancels: nothing written, the results stay
        await pilot.press("e", "escape")
        assert isinstance(app.screen, ResultsScreen)
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["rep.xlsx"]


async def test_french_interface_and_pack(tui_env):
    path = make_session(tui_env)
    app = resumed(path, lang="fr")
    async with app.run_test(size=SIZE) as pilot:
        assert "Score global" in screen_text(app)
        assert "Avancement" in line_with(app, "Secteur")
        await pilot.press("enter")
        assert "indicateur 1 sur 2" in screen_text(app)
        assert "Ne sait pas" in line_with(app, " d ")
        assert "Sans objet" in line_with(app, " n ")


def test_bad_resume_file_raises_before_the_terminal_is_used(tmp_path, tui_env):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(UserError, match="invalid JSON"):
        run_tui(pack=str(MINI), resume=str(broken), sessions_dir=str(tmp_path))
    assert main(["--pack", str(MINI), "--resume", str(broken)]) == 2


def test_bad_pack_raises_before_the_terminal_is_used(tmp_path, tui_env):
    with pytest.raises(UserError, match="no pack named"):
        run_tui(pack=str(tmp_path / "nope"), sessions_dir=str(tmp_path))


async def test_choosing_a_language_on_the_setup_screen_translates_it(tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#authority")
        await pilot.press(*"Lyon")
        await pilot.click("#language", offset=(1, 0))  # on "English": nothing changes yet
        await pilot.press("right", "right", "right")  # English → العربية → español → français (discovered, by code)
        await pilot.pause()
        text = screen_text(app)
        assert "Nouvelle session" in text and "Jeu d'indicateurs" in text
        assert app.screen.query_one("#authority").value == "Lyon"  # what was typed is kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert "Score global" in screen_text(app)
        saved = load_session(next(tui_env.glob("lyon-*.json")))
        assert saved.language == "fr"


async def test_saved_sessions_are_described_again_in_the_chosen_language(tui_env):
    make_session(tui_env, GOV_01=3)
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 of 4 indicators answered" in line_with(app, "Springfield · Local · Planning")
        await pilot.click("#language", offset=(1, 0))  # on "English": nothing changes yet
        await pilot.press("right", "right")  # English → العربية → español
        await pilot.pause()
        assert "1 de 4 indicadores respondidos" in line_with(app, "Springfield · Local · Planning")
        assert app.screen.focused.id == "language"  # so that → goes on to the next language
        await pilot.press("right")  # español → français
        await pilot.pause()
        assert "1 indicateurs sur 4 répondus" in line_with(app, "Springfield · Local · Planning")


async def test_the_mouse_answers_and_opens_sectors(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#sectors", offset=(3, 2))  # the Health row: highlighted
        assert isinstance(app.screen, OverviewScreen)
        await pilot.click("#sectors", offset=(3, 2))  # clicked again: opened
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert "HEA-01" in screen_text(app)
        option = next(o for o in app.screen.query("AnswerOption") if o.choice == 1)
        await pilot.click(option)
        await pilot.pause()
        assert load_session(path).answers["HEA-01"].choice == 1
        assert "HEA-02" in screen_text(app)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_long_sector_titles_never_push_the_scores_off_screen(tui_env, monkeypatch, size):
    """The bundled pack in Spanish has sector titles of 60+ characters."""
    from coherence.translate import load_pack

    from .conftest import PROJECT_ROOT
    from coherence.tui.state import SessionController

    monkeypatch.setenv("COHERENCE_PACKS", str(PROJECT_ROOT / "indicators"))
    pack = load_pack("mainstreaming-migration", "es")
    ctl = SessionController.create(
        pack, path=tui_env / "quito.json",
        authority={"name": "Quito", "country": "Ecuador", "level": "local"},
        respondent={"department": "Salud", "level": "local"},
    )
    ctl.answer("GOV-01", 3)
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang="es")
    try:
        async with app.run_test(size=size) as pilot:
            assert "Puntuación" in line_with(app, "Respondidas")
            governance = line_with(app, "Gobernanza")
            expected = format_number(score(app.controller.pack, app.controller.assessment.answers).sectors["governance"], 1)
            governance_size = len(app.controller.pack.sector("governance").indicators)
            assert expected in governance and f"1/{governance_size}" in governance
            climate = app.controller.pack.sector("climate-crisis")
            table = app.screen.query_one("#sectors")
            table.move_cursor(row=table.row_count - 1, animate=False)  # the last sector, in sight
            await pilot.pause()
            # a long title wraps (its second line ends with an ellipsis if still longer)
            row = line_with(app, f"0/{len(climate.indicators)}")
            assert row.strip().startswith(" ".join(climate.title.split()[:3]))
            assert all(len(line) <= size[0] for line in screen_text(app).splitlines())
    finally:
        from coherence.i18n import set_language

        set_language("en")


async def test_levels_of_government_are_chosen_in_place_by_key_and_by_click(tui_env):
    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        assert "Local   Regional   National" in line_with(app, "Level of government")
        await pilot.click("#authority")
        await pilot.press(*"Springfield", "tab", "tab")  # country, then the authority's level
        assert app.screen.focused.id == "authority-level"
        await pilot.press("left")  # wraps round from the first option to the last
        await pilot.press("enter")  # moves on, as in a text field, leaving the level as chosen
        assert app.screen.focused.id == "department"
        await pilot.click("#respondent-level", offset=(10, 0))  # on " Regional "
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = load_session(next(tui_env.glob("springfield-*.json")))
        assert (saved.authority.level.value, saved.respondent.level.value) == ("national", "regional")


async def test_a_choice_too_wide_for_its_line_shows_the_chosen_option_between_arrows(tui_env):
    from textual.app import App

    from coherence.tui.choice import Choice

    options = [(f"A rather long option number {n}", str(n)) for n in range(1, 4)]

    class Host(App):
        def compose(self):
            yield Choice(options, "2", id="choice")

    app = Host()
    async with app.run_test(size=(40, 3)) as pilot:
        choice = app.query_one(Choice)
        assert widget_text(app, "#choice") == "◂  A rather long option number 2  ▸  2/3"
        await pilot.click("#choice", offset=(0, 0))  # the left arrow
        assert choice.value == "1"
        await pilot.press("right", "right", "right")  # ... 2, 3, and round to 1
        assert choice.value == "1"
        await pilot.click("#choice", offset=(35, 0))  # the right arrow
        assert choice.value == "2"


async def test_the_key_bar_follows_the_focus_and_a_click_presses_its_key(tui_env):
    path = make_session(tui_env)
    app = resumed(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first sector's first indicator
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        bar = screen_text(app).splitlines()[-1]
        assert bar.startswith(" 0123 Answer  d Don't") and " s Sectors " in bar and " ? Keys  q Quit" in bar
        await pilot.press("tab")  # into the notes: the keys type text there, Esc leaves
        await pilot.pause()
        typing_bar = screen_text(app).splitlines()[-1]
        assert typing_bar.startswith(" Esc Leave field ") and "Answer" not in typing_bar and "Sectors" not in typing_bar
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen) and app.screen.focused is None
        await pilot.click("KeyBar", offset=(bar.index("Sectors"), 0))
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)

    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Quit" not in screen_text(app).splitlines()[-1]  # q types into the authority field
        await pilot.click("#language", offset=(1, 0))
        await pilot.pause()
        assert " q Quit " in screen_text(app).splitlines()[-1]


async def test_a_pasted_name_enter_country_fills_both_fields(tui_env):
    """Keys that arrive together (a paste, a fast typist) go where Enter sent the focus."""
    from textual import events

    app = CoherenceApp(pack=MINI, sessions_dir=tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.focused.id == "authority"
        for key in [*"Quito", "enter", *"Ecuador", "enter", "right", "enter", *"Salud"]:
            app.post_message(events.Key(key, None if key in ("enter", "right") else key))  # all queued at once
        await pilot.pause()
        values = app.screen.form_values()
        assert (values["authority"], values["country"], values["department"]) == ("Quito", "Ecuador", "Salud")
        assert values["authority_level"] == "regional"
