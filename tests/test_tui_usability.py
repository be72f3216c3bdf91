"""Workshop usability at the projector's sizes (80×24 and 100×30), in English and French.

The issue "Workshop usability": what a facilitator needs is on screen without
scrolling, saved sessions are found and resumed, the text is grouped, translated and
not cut where there is room.
"""

from __future__ import annotations

import os

import pytest

from coherence.i18n import set_language
from coherence.tui.app import CoherenceApp
from coherence.tui.screens.indicator import GuidanceScreen, IndicatorScreen
from coherence.tui.state import SessionController

from .conftest import PROJECT_ROOT
from .test_tui_support import line_with, screen_text, tui_env  # noqa: F401

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((100, 30), id="100x30")]
LANGS = ["en", "fr"]
BUNDLED = "mainstreaming-migration"


@pytest.fixture
def bundled(tui_env, monkeypatch):
    """The bundled packs installed (complete fr catalogs); returns a session maker."""
    monkeypatch.setenv("COHERENCE_PACKS", str(PROJECT_ROOT / "indicators"))

    def make(lang: str = "en", name: str = "quito.json", **answers) -> SessionController:
        from coherence.translate import load_pack

        ctl = SessionController.create(
            load_pack(BUNDLED, lang),
            path=tui_env / name,
            language=lang,
            authority={"name": "Quito", "country": "Ecuador", "level": "local"},
            respondent={"department": "Salud", "level": "regional"},
        )
        for key, choice in answers.items():
            ctl.answer(key.replace("_", "-"), choice)
        ctl.go(ctl.indicator_ids[0])
        set_language("en")
        return ctl

    return make


def fits(app, size) -> None:
    assert all(len(line) <= size[0] for line in screen_text(app).splitlines())


# --------------------------------------------------------------------------- 1. answers in sight


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_every_answer_option_and_the_question_are_on_screen(bundled, tui_env, size, lang):
    ctl = bundled(lang)
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        pack = app.controller.pack
        for number, ind in enumerate(pack.sector("governance").indicators[:3]):
            text = screen_text(app)
            words = " ".join(text.split())
            assert " ".join(ind.question.split()) in words  # the whole question
            for level in pack.scale_for(ind).levels:
                assert f"{level.level}    {level.label}" in line_with(app, level.label)
            dont_know, not_applicable = ("Ne sait pas", "Sans objet") if lang == "fr" else ("Don't know", "Not applicable")
            assert " d " in line_with(app, dont_know) and " n " in line_with(app, not_applicable)
            # the guidance is folded to one line that ends with the key showing it in full
            guidance = line_with(app, "Explications" if lang == "fr" else "Guidance")
            assert guidance.rstrip().endswith(" g ".strip()) and "…" in guidance
            fits(app, size)
            await pilot.press("right")


@pytest.mark.parametrize("size", SIZES)
async def test_g_shows_the_guidance_and_examples_in_full(bundled, tui_env, size):
    ctl = bundled("fr")
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang="fr")
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "g")
        await pilot.pause()
        assert isinstance(app.screen, GuidanceScreen)
        ind = app.controller.current
        shown = app.screen.query_one("#full-guidance").render()
        assert " ".join(ind.guidance.split()) in " ".join(str(shown).split())
        examples = str(app.screen.query_one("#full-examples").render())
        assert all(example in examples for example in ind.evidence)
        first_words = " ".join(ind.guidance.split()[:4])
        assert first_words in screen_text(app)
        assert "Esc / g" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("g", "g")  # g closes it too
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.click("#guidance")  # so does a click on the folded line
        await pilot.pause()
        assert isinstance(app.screen, GuidanceScreen)
        await pilot.press("escape")
        await pilot.press("2")  # the keys answer again
        assert app.controller.choice_of(ind.id) == 2


@pytest.mark.parametrize("size", SIZES)
async def test_notes_and_evidence_are_reachable_below_the_options(bundled, tui_env, size):
    ctl = bundled("en")
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "tab")
        await pilot.press(*"minutes g")  # g types text in a field
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused.id == "evidence"
        await pilot.press(*"Decree 12")
        await pilot.pause()
        assert "Decree 12" in screen_text(app)  # scrolled into sight
        assert "Fully in place and institutionalised" in screen_text(app)  # the options stay
        answer = app.controller.answer_of(app.controller.current_id)
        assert (answer.notes, answer.evidence) == ("minutes g", "Decree 12")


# --------------------------------------------------------------------------- 2. saved sessions


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_r_goes_to_the_saved_sessions_each_described(bundled, tui_env, size, lang):
    from coherence.i18n import format_day
    from coherence.sessions import load_session

    bundled(lang, "lyon.json", GOV_01=3)
    quito = bundled(lang, "quito.json", GOV_01=3, GOV_02="dk")  # the newest: listed first
    total = len(quito.indicator_ids)
    app = CoherenceApp(lang=lang, sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()  # the sessions are described after the first frame
        bar = screen_text(app).splitlines()[-1]
        assert ("^r Sessions enregistrées" if lang == "fr" else "^r Saved sessions") in bar
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen.focused.id == "sessions"
        first = line_with(app, "Quito · Local · Salud")  # authority, its level of government, department
        done = f"2 indicateurs sur {total} répondus" if lang == "fr" else f"2 of {total} indicators answered"
        assert done in first
        changed = load_session(quito.path).updated.astimezone()
        set_language(lang)
        day = format_day(changed)
        second = line_with(app, "quito.json")
        assert ("Dernière mise à jour : " if lang == "fr" else "Last updated: ") + f"{day} {changed:%H:%M}" in second
        fits(app, size)
        await pilot.press("enter")  # the highlighted one: the newest
        await pilot.pause()
        assert app.controller is not None and app.controller.path == quito.path


async def test_ctrl_r_without_saved_sessions_shows_that_there_are_none(bundled, tui_env):
    app = CoherenceApp(sessions_dir=tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert "No saved sessions yet." in screen_text(app)
        assert app.screen.focused.id == "authority"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("keys", [pytest.param(["enter", "2", "q"], id="indicator"), pytest.param(["r", "q"], id="results"), pytest.param(["q"], id="overview")])
def test_q_quits_a_session_and_prints_how_to_resume_it(bundled, tui_env, monkeypatch, capsys, keys, lang):
    import shlex

    from coherence.tui.app import run_tui

    ctl = bundled(lang, "my sessions.json")  # a space: the command quotes the path
    original = CoherenceApp.run

    async def press(pilot):
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        if pilot.app.is_running:  # q did not quit: fail, not hang
            pilot.app.exit(5)

    monkeypatch.setattr(CoherenceApp, "run", lambda self, **kw: original(self, headless=True, size=(80, 24), auto_pilot=press))
    assert run_tui(resume=ctl.path, sessions_dir=tui_env, lang=lang) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].endswith(f"coherence --resume {shlex.quote(str(ctl.path.resolve()))}")
    assert str(ctl.path.resolve()) in out[0]


def test_q_on_the_setup_screen_prints_nothing(bundled, tui_env, monkeypatch, capsys):
    from coherence.tui.app import run_tui

    original = CoherenceApp.run

    async def press(pilot):
        await pilot.pause()
        await pilot.click("#language")
        await pilot.press("q")
        await pilot.pause()
        if pilot.app.is_running:  # q did not quit: fail, not hang
            pilot.app.exit(5)

    monkeypatch.setattr(CoherenceApp, "run", lambda self, **kw: original(self, headless=True, size=(80, 24), auto_pilot=press))
    assert run_tui(sessions_dir=tui_env) == 0
    assert capsys.readouterr().out == ""


# --------------------------------------------------------------------------- 4. grouped, translated text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_setup_groups_the_authority_and_the_respondent_under_headings(bundled, tui_env, size, lang):
    app = CoherenceApp(lang=lang, sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        y = {name: screen.query_one(f"#{name}").region.y for name in (
            "authority-heading", "authority", "country", "authority-level",
            "respondent-heading", "department", "respondent-level", "name",
        )}
        assert list(y) == sorted(y, key=y.get)  # each heading above its own fields
        headings = ("Collectivité", "Répondant") if lang == "fr" else ("Authority", "Respondent")
        assert line_with(app, headings[0]).strip() == headings[0]
        assert line_with(app, headings[1]).strip() == headings[1]
        fits(app, size)


@pytest.mark.parametrize("size", SIZES)
async def test_the_second_pack_is_named_by_its_translated_title_and_heads_the_screen(bundled, tui_env, size):
    app = CoherenceApp(lang="fr", sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Intégration de la migration" in screen_text(app).splitlines()[0]
        app.screen.query_one("#pack").focus()
        await pilot.press("right")  # the second installed pack
        await pilot.pause()
        chosen = line_with(app, "Jeu d'indicateurs")
        assert "Inclusion des réfugiés" in chosen
        assert "Inclusion des réfugiés" in screen_text(app).splitlines()[0]  # the title bar follows
        assert not chosen.split("Jeu d'indicateurs")[1].strip().startswith("◂  tvet-refugee-inclusion")
        await pilot.click("#authority")
        await pilot.press(*"Lyon", "ctrl+s")
        await pilot.pause()
        assert app.controller.pack.id == "tvet-refugee-inclusion"
        assert "Inclusion des réfugiés" in screen_text(app).splitlines()[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_help_names_escape_as_the_key_bar_does(bundled, tui_env, size, lang):
    ctl = bundled(lang)
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "tab")
        assert screen_text(app).splitlines()[-1].startswith(" Esc ")  # the key bar
        await pilot.press("escape", "question_mark")
        text = screen_text(app)
        assert "Esc / ?" in text and "Esc " in line_with(app, "Esc / ?")
        assert "Échap" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, IndicatorScreen)


# --------------------------------------------------------------------------- 5. text not cut


@pytest.mark.parametrize("size", SIZES)
async def test_french_sector_titles_use_the_width_and_wrap_rather_than_lose_meaning(bundled, tui_env, size):
    ctl = bundled("fr", GOV_01=3)
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang="fr")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        pack = app.controller.pack
        text = screen_text(app)
        fits(app, size)
        assert "Score" in line_with(app, "Secteur")
        table = app.screen.query_one("#sectors")
        title_width = list(table.columns.values())[0].width + 2  # the Sector column, with its padding
        lines = [line[table.region.x : table.region.x + title_width] for line in text.splitlines()]
        words = " ".join(" ".join(lines).split())  # the Sector column, line after line
        seen = 0
        for sector in pack.sectors:
            start = " ".join(sector.title.split()[:2])
            if start not in text:  # below the fold
                break
            seen += 1
            if size[0] >= 100 and len(sector.title) <= 56:
                assert sector.title in line_with(app, sector.title)  # whole, on one line
            assert "/" in line_with(app, start)  # its progress on its first line
            assert " ".join(sector.title.split()) in words  # the whole title, if on two lines
        assert seen >= 10
        if size[0] >= 100:
            assert "Données migratoires et cartographie du contexte local" in line_with(app, "Données migratoires")
            assert "…" not in words
        governance = line_with(app, "Gouvernance")
        assert "1/" in governance and any(ch.isdigit() for ch in governance.split("1/")[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_gaps_show_the_whole_sector_and_question(bundled, tui_env, size, lang):
    ctl = bundled(lang, GOV_01=0, RIG_01=0, EMP_01=1)
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("r")
        app.screen.query_one("#gaps").scroll_visible(top=True, animate=False)
        await pilot.pause()
        from rich.console import Console

        pack = app.controller.pack
        gaps = app.screen.query_one("#gaps")
        width = gaps.content_size.width
        assert width >= size[0] - 4  # the whole width of the screen, less padding and scroll bar
        console = Console(width=width, record=True, file=open(os.devnull, "w"))
        console.print(app.screen._gaps(app.controller.scores(), width))
        lines = console.export_text().splitlines()  # the whole list, as drawn at this width
        shown = screen_text(app).splitlines()[gaps.region.y :][:5]
        assert [line[gaps.region.x :].rstrip() for line in shown] == [line.rstrip() for line in lines[:5]]
        words = " ".join(" ".join(lines).split())
        for indicator in ("GOV-01", "RIG-01"):
            ind = pack.indicator(indicator)
            sector = pack.sector(app.controller.sector_of(indicator).id).title
            assert " ".join(ind.question.split()) in words  # the whole question, wrapped
            row = next(line for line in lines if f" {indicator} " in line)
            assert sector.split()[0] in row
            assert all(word in words for word in sector.split())  # the whole sector title
        assert "…" not in words
        fits(app, size)


# --------------------------------------------------------------------------- 6. small things


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
async def test_after_a_sector_the_cursor_is_on_the_next_unfinished_one_and_the_notice_leaves_the_keys(bundled, tui_env, size, lang):
    from coherence.tui.screens.overview import OverviewScreen

    ctl = bundled(lang, DAT_01=0)  # the second sector started, not finished
    pack = ctl.pack
    ids = [s.id for s in pack.sectors]
    third = ids[2]
    for indicator in ctl.sector_indicators(third):  # the third finished already
        ctl.answer(indicator, 1)
    ctl.go(ctl.indicator_ids[0])
    app = CoherenceApp(resume=ctl.path, sessions_dir=tui_env, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        for _indicator in ctl.sector_indicators(ids[0]):
            await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("#sectors")
        assert ids[table.cursor_row] == ids[1]  # the next unfinished sector, not the one finished
        lines = screen_text(app).splitlines()
        complete = "Secteur terminé" if lang == "fr" else "Sector complete"
        notice = app.screen.query_one("#overview-notice")
        assert notice.display and complete in lines[notice.region.y]
        assert pack.sector(ids[0]).title in lines[notice.region.y]
        keys = ("r Résultats", "q Quitter") if lang == "fr" else ("r Results", "q Quit")
        assert all(key in lines[-1] for key in keys)  # the key bar, whole, below it
        assert notice.region.y < len(lines) - 1
        # a sector finished while the next ones are: the cursor skips them (round to the first unfinished)
        table.move_cursor(row=1)
        await pilot.press("enter")
        for _indicator in ctl.sector_indicators(ids[1])[1:]:
            await pilot.press("2")
        await pilot.pause()
        assert ids[table.cursor_row] == ids[3]  # the third is finished: skipped
        await pilot.press("enter")  # opening a sector clears the notice
        await pilot.press("s")
        assert not app.screen.query_one("#overview-notice").display


@pytest.mark.parametrize("size", SIZES)
async def test_a_pasted_row_with_tabs_fills_the_fields_in_order(bundled, tui_env, size):
    from textual import events

    app = CoherenceApp(lang="fr", sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        form = app.screen
        assert form.focused.id == "authority"
        form.focused.post_message(events.Paste("Quito\tEcuador"))
        await pilot.pause()
        values = form.form_values()
        assert (values["authority"], values["country"]) == ("Quito", "Ecuador")
        assert form.focused.id == "country"
        # a whole spreadsheet row: the level named (in any case, without accents), then the department
        for name in ("authority", "country"):
            form.query_one(f"#{name}").value = ""
        form.query_one("#authority").focus()
        await pilot.pause()
        form.focused.post_message(events.Paste("Quito\tEcuador\tregional\tSalud\tnational\tAna\textra\n"))
        await pilot.pause()
        values = form.form_values()
        assert values == {**values, "authority": "Quito", "country": "Ecuador", "authority_level": "regional",
                          "department": "Salud", "respondent_level": "national", "name": "Ana"}
        # no level in the row: the cell after the country is the department
        form.query_one("#department").value = ""
        form.query_one("#country").focus()
        await pilot.pause()
        form.focused.post_message(events.Paste("\tPlanificación"))
        await pilot.pause()
        assert form.form_values()["department"] == "Planificación"
        assert form.form_values()["country"] == "Ecuador"  # the first cell empty: pasted nothing
        # text without a tab is pasted as before
        form.query_one("#name").value = ""
        form.query_one("#name").focus()
        await pilot.pause()
        form.focused.post_message(events.Paste("Ana María"))
        await pilot.pause()
        assert form.form_values()["name"] == "Ana María"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_key_bar_keeps_every_key_in_sight_on_a_narrow_screen(tui_env, size):
    from .test_tui_support import make_session

    path = make_session(tui_env, GOV_01=3)
    app = CoherenceApp(resume=path, sessions_dir=tui_env)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        for key in (" 0123 ", " d ", " n ", " ←→ ", " s ", " g ", " t ", " ? ", " q "):
            assert key in bar, (key, bar)
