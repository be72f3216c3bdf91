"""Help: the keys of the screen it was opened from, and the keys that work everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import N_, _
from ..widgets import translate_bindings

EVERYWHERE = (
    ("? / F1", N_("show or hide this list of keys")),
    ("q", N_("quit (every answer is already saved; coherence --resume FILE continues)")),
    ("Tab / Shift+Tab", N_("move between fields and lists")),
    (N_("mouse"), N_("click an answer, a sector, a field or a button")),
)


class HelpScreen(ModalScreen[None]):
    """A list of keys over the current screen; Esc or ? closes it."""

    CSS_PATH = "help.tcss"
    # A modal screen hides the app's keys: ?, F1 and q are bound here too.
    BINDINGS = [
        Binding("escape,question_mark,f1", "close", N_("Close")),
        Binding("q", "app.quit", N_("Quit")),
    ]
    HELP_TITLE = N_("Keys")
    HELP_KEYS = ()

    def __init__(self, keys: Sequence[tuple[str, str]] = (), title: str = ""):
        super().__init__()
        translate_bindings(self)
        self.keys = tuple(keys)
        self.title_text = title

    def compose(self) -> ComposeResult:
        box = VerticalScroll(id="help-box")
        box.border_title = _("Keys")
        # Key names as the key bar writes them ("Esc"), in every language.
        box.border_subtitle = _("{keys}: close").format(keys="Esc / ?")
        with box:
            if self.keys:
                yield Static(Text(_(self.title_text) if self.title_text else "", style="bold underline"), classes="help-section")
                yield Static(self._table(self.keys), id="help-screen-keys")
            yield Static(Text(_("Everywhere"), style="bold underline"), classes="help-section")
            yield Static(self._table(EVERYWHERE), id="help-global-keys")

    @staticmethod
    def _table(keys: Sequence[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description in keys:
            table.add_row(_(key) if key == "mouse" else key, _(description))
        return table

    def action_close(self) -> None:
        self.dismiss()
