"""Small pieces shared by the screens: text bars, score words, translated key bindings."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from ..enums import GovLevel, Special
from ..i18n import N_, _, format_number
from ..words import gov_level_label, special_label

if TYPE_CHECKING:
    from ..models import Pack

FULL = "█"
EMPTY = "░"

def bar(fraction: float | None, width: int = 20, style: str = "") -> Text:
    """A text bar ``████░░░░`` filled to ``fraction`` (0–1); all empty for no value."""
    filled = 0 if fraction is None else max(0, min(width, round(fraction * width)))
    text = Text(FULL * filled, style=style or "")
    text.append(EMPTY * (width - filled), style="dim")
    return text


def score_style(value: float | None) -> str:
    """Colour of a score: red below 34, yellow below 67, green above."""
    if value is None:
        return "dim"
    if value < 100 / 3:
        return "red"
    if value < 200 / 3:
        return "yellow"
    return "green"


def score_bar(value: float | None, width: int = 20) -> Text:
    """A bar for a score on 0–100, coloured by level."""
    return bar(None if value is None else value / 100, width, score_style(value))


def lead(label: str) -> str:
    """A label that introduces a text, punctuated for the language ('Guidance: ', 'Explications : ')."""
    return _("{label}: ").format(label=_(label))


def score_text(value: float | None) -> str:
    """A score as the user reads it: 66.7 (66,7 in French); '—' where nothing was
    assessed (a sector not started, out of scope, or all not applicable): never 0."""
    return "—" if value is None else format_number(value, 1)


def gov_level_word(level: GovLevel) -> str:
    return gov_level_label(level)


def choice_words(pack: Pack, indicator_id: str, choice: int | Special | None) -> str:
    """An answer in words: '2 Partly in place', 'Don't know', '–' when unanswered."""
    if choice is None:
        return "–"
    if isinstance(choice, Special):
        return special_label(choice)
    indicator = pack.indicator(indicator_id)
    try:
        return f"{choice} {pack.scale_for(indicator).label_of(choice)}"
    except KeyError:
        return str(choice)


def translate_bindings(node) -> None:
    """Translate the descriptions of a node's key bindings into the interface language.

    Class-level ``BINDINGS`` are built when the module is imported, before the user
    chose a language; their descriptions are marked with ``N_`` and translated here,
    for each screen or app instance (again after a change of language).
    """
    source = type(node)._merged_bindings or node._bindings
    keys: dict[str, list[Binding]] = {}
    for key, bindings in source.key_to_bindings.items():
        keys[key] = [
            replace(
                b,
                description=_(b.description) if b.description else "",
                group=replace(b.group, description=_(b.group.description)) if b.group else None,
            )
            for b in bindings
        ]
    node._bindings = BindingsMap.from_keys(keys)


class SessionScreen(Screen):
    """A screen of a running session: key descriptions in the chosen language, the app's controller."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def controller(self):
        return self.app.controller


class RoundNotice(Static):
    """One line above the keys: why the last save failed, or why a change was refused."""

    DEFAULT_CSS = """
    RoundNotice {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-error;
        background: $error-muted;
        display: none;
    }
    """

    def say(self, message: str | None) -> None:
        self.display = bool(message)
        self.update(Text(message or "", no_wrap=False))


class RoundScreen(Screen):
    """A screen of round mode: key descriptions in the chosen language, the app's round."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def controller(self):
        return self.app.round

    def on_screen_resume(self) -> None:
        self.show_save_state()
        self.refresh_round()

    def refresh_round(self) -> None:
        """Show the round as it is now (after a change, or coming back to this screen)."""

    def after_change(self) -> None:
        """Show what a change made here changed (by default: everything)."""
        self.refresh_round()

    def change(self, method, *args) -> bool:
        """Call a change of the controller; say on screen why it was refused or not saved.

        True when the change was made (saved or kept in memory), False when refused.
        """
        from .round_state import ReadOnlyError

        try:
            method(*args)
        except ReadOnlyError as exc:
            self.query_one(RoundNotice).say(exc.message)
            self.app.bell()
            return False
        except (ValueError, KeyError):
            self.app.bell()
            return False
        self.show_save_state()
        self.after_change()
        return True

    def show_save_state(self) -> None:
        ctl = self.controller
        notice = self.query_one(RoundNotice)
        if ctl.save_error:
            notice.say(
                _("Not saved: {reason}. Your changes are kept here and saved again at the next change or when you quit.").format(
                    reason=ctl.save_error
                )
            )
        else:
            notice.say(None)


class FileNameDialog(ModalScreen[str | None]):
    """Ask for a file name: the report to write, the round to open. One small form
    (a prompt, a field, a hint) shared by the screens that need one."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    DEFAULT_CSS = """
    FileNameDialog { align: center middle; }
    FileNameDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    FileNameDialog Input { margin-top: 1; }
    FileNameDialog .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, prompt: str, hint: str, *, default: str = "", placeholder: str = "", field_id: str = "file-name"):
        super().__init__()
        translate_bindings(self)
        self.prompt, self.hint, self.default, self.placeholder, self.field_id = prompt, hint, default, placeholder, field_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt)
            yield Input(self.default, id=self.field_id, placeholder=self.placeholder)
            yield Label(self.hint, classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
