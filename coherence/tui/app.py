"""The terminal workshop session: ``coherence`` with no command opens it.

Setup (pack, language, authority, respondent, or a saved session) → sector overview →
indicator screens → results. Every change is saved to the session file at once by the
:class:`~coherence.tui.state.SessionController`, so `q` quits without asking; once the
terminal is given back, one line says where the session is and how to continue it.

Only what the setup screen draws is imported with this module: pydantic, the models
and the session code (over 100 ms in a fresh process) come when a session starts or a
saved one is read, after the first frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ..i18n import N_, _, current_language, set_language
from ..packs import DEFAULT_PACK
from ..sessions import default_session_dir
from .widgets import translate_bindings

if TYPE_CHECKING:
    from ..models import Pack
    from ..translate import PackSummary
    from .round_state import RoundController
    from .state import SessionController


class CoherenceApp(App[int]):
    """The workshop session. Loading problems raise UserError from the constructor."""

    # The first screen (setup, or the overview of a resumed session) is the app's
    # default screen, whose own CSS_PATH Textual does not read: its stylesheet is added
    # to the app's in __init__ (the other one is read when its screen is pushed).
    CSS_PATH = ["app.tcss"]
    TITLE = "coherence"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("question_mark", "help", N_("Keys"), key_display="?"),
        Binding("f1", "help", N_("Keys"), show=False),
        Binding("q", "quit", N_("Quit")),
    ]

    def __init__(
        self,
        pack: str | Path | None = None,
        lang: str | None = None,
        resume: str | Path | None = None,
        sessions_dir: str | Path | None = None,
        round_controller: RoundController | None = None,
        read_only: bool = False,
    ):
        super().__init__()
        from .bidi import BidiFilter, bidi_mode

        if bidi_mode() == "app":  # Arabic in visual order, shaped (see bidi.py)
            self._filters.append(BidiFilter())
        from . import notices

        # A session save that fails (disk full, read-only folder) is shown, never raised.
        notices.failure_hook = lambda line: self.notify(
            _("Not saved: {reason}. Your answers are kept here and saved again at the next change.").format(reason=line),
            severity="error", timeout=15,
        )
        self.pack_spec = str(pack) if pack else None
        self.sessions_dir = Path(sessions_dir) if sessions_dir else default_session_dir()
        self.controller: SessionController | None = None
        # Round mode: the open round (its dashboard is the first screen when given here).
        self.round: RoundController | None = round_controller
        self._quit_unsaved = False
        # A language given on the command line (or chosen on the setup screen) wins
        # over a resumed session's own language.
        self.lang_chosen = bool(lang)
        # The session's pack; on the setup screen, the pack it proposes.
        self.pack: Pack | PackSummary
        if round_controller is not None:
            self.pack = round_controller.pack
        elif resume:
            from .state import open_session

            self.controller = open_session(resume, self.pack_spec, lang, read_only=read_only)
            self.pack = self.controller.pack
        else:
            self.pack = self._proposed_pack(set_language(lang or current_language()))
        first = "dashboard.tcss" if self.round is not None else "overview.tcss" if self.controller is not None else "setup.tcss"
        self.css_path.append(Path(__file__).parent / "screens" / first)
        self.retranslate()

    def _proposed_pack(self, language: str) -> Pack | PackSummary:
        """The pack the setup screen proposes.

        A pack named on the command line is loaded (and validated) now, so its problems
        are printed before the terminal is taken over. The default pack is only named
        from its pack.yaml: it is loaded when the session starts, like any other pack
        the setup screen lists.
        """
        from ..translate import load_pack, pack_summary

        if self.pack_spec:
            return load_pack(self.pack_spec, language, fallback=True)
        return pack_summary(DEFAULT_PACK, language)

    @property
    def language(self) -> str:
        return current_language()

    def retranslate(self) -> None:
        """Interface words that depend on the language (after it was chosen or changed)."""
        translate_bindings(self)
        self.sub_title = self.pack.title

    def get_default_screen(self) -> Screen:
        """The first screen: a round's dashboard, the overview of a resumed session, else the setup screen.

        It is the app's first screen rather than one pushed over Textual's empty
        default screen: pushed, it was laid out and resized once more before its first
        frame (about 40 ms).
        """
        if self.round is not None:
            from .screens.dashboard import DashboardScreen

            return DashboardScreen()
        if self.controller is not None:
            from .screens.overview import OverviewScreen

            return OverviewScreen()
        from .screens.setup import SetupScreen

        return SetupScreen()

    # ------------------------------------------------------------------ session

    def start_session(self, controller: SessionController) -> None:
        """Make ``controller`` the session of this app and show its overview.

        The overview opens over the setup screen, which stays below it unseen (Textual
        cannot replace the first screen of the stack; nothing goes back to it).
        """
        from .screens.overview import OverviewScreen

        self.controller = controller
        self.pack = controller.pack
        self.retranslate()
        self.push_screen(OverviewScreen())

    def start_round(self, controller: RoundController) -> None:
        """Make ``controller`` the round of this app and show its dashboard (from the setup screen)."""
        from .screens.dashboard import DashboardScreen

        self.round = controller
        self.pack = controller.pack
        self.retranslate()
        self.push_screen(DashboardScreen())

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        keys = getattr(self.screen, "HELP_KEYS", ())
        self.push_screen(HelpScreen(keys, getattr(self.screen, "HELP_TITLE", "")))

    async def action_quit(self) -> None:
        """Quit: every answer is already in the session file, every change in the round file.

        A round whose last save failed is saved once more; if that fails too, the
        user is told, and a second q quits without those changes.
        """
        rnd = self.round
        if rnd is not None and rnd.dirty and not rnd.save() and not self._quit_unsaved:
            self._quit_unsaved = True
            message = _("Not saved: {reason}. Press q again to quit without the changes since the last save.").format(reason=rnd.save_error)
            from .widgets import RoundNotice

            for notice in self.screen.query(RoundNotice):
                notice.say(message)
            self.notify(message, severity="error", timeout=10)
            return
        self.exit(0)


def run_tui(
    pack: str | Path | None = None,
    lang: str | None = None,
    resume: str | Path | None = None,
    sessions_dir: str | Path | None = None,
    read_only: bool = False,
) -> int:
    """Run the workshop session; return the exit code.

    A bad pack or an unreadable session file raises UserError here, before the
    terminal is taken over, so the command line prints one line and exits 2.
    """
    app = CoherenceApp(pack=pack, lang=lang, resume=resume, sessions_dir=sessions_dir, read_only=read_only)
    try:
        app.run()
    finally:
        if app.round is not None:  # a round opened from the setup screen
            app.round.close()
        if app.controller is not None:  # a last try at a failed save, then the lock goes
            app.controller.close()
    if app.round is not None:
        print(round_farewell(app.round))
    elif app.controller is not None:
        print(session_farewell(app.controller))
    return app.return_code or 0


def run_round_tui(path: str | Path, lang: str | None = None, read_only: bool = False) -> int:
    """Run round mode on the round file ``path``; return the exit code.

    The round is locked and read, and its pack loaded, before the terminal is taken
    over: a round open in another coherence (LockedError), a bad file or a changed pack
    is a UserError the command line prints in one line (exit 2).
    """
    from .round_state import RoundController

    controller = RoundController.open(path, lang, read_only=read_only)
    try:
        app = CoherenceApp(round_controller=controller)
        app.run()
    finally:
        controller.close()
    print(round_farewell(controller))
    return app.return_code or 0


def session_farewell(controller: SessionController) -> str:
    """The line printed on leaving a session: where it is saved, how to continue it."""
    path = controller.path.resolve()
    return _("Session file: {path} — continue it with: {command}").format(
        path=path, command=f"coherence --resume {shell_word(str(path))}"
    )


def shell_word(text: str) -> str:
    """``text`` as one word of a command line the user can copy (quoted if need be)."""
    import os
    import shlex

    if os.name == "nt":
        return f'"{text}"' if any(c in text for c in ' \t&()^') else text
    return shlex.quote(text)


def round_farewell(controller: RoundController) -> str:
    """The line printed on leaving round mode: where the round is, how to open it again."""
    path = controller.path
    if controller.dirty and not controller.read_only:
        return _("Not saved: {reason}. The round file {path} holds the last save.").format(reason=controller.save_error, path=path)
    return _("Round file: {path} — open it again with: coherence round open {path}").format(path=path)


__all__ = ["CoherenceApp", "round_farewell", "run_round_tui", "run_tui", "session_farewell"]
