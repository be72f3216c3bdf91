"""Workshop usability at the projector's sizes (80×24 and 100×30), in English and French.

The issue "Workshop usability": what a facilitator needs is on screen without
scrolling, saved sessions are found and resumed, the text is grouped, translated and
not cut where there is room.
"""

from __future__ import annotations

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
