"""The workshop's agenda: the indicators respondents disagree on, most divergent first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...i18n import N_, _, ngettext
from ...terminal import safe
from ..bars import KeyBar, TitleBar
from ..widgets import RoundNotice, RoundScreen


class ToDiscussScreen(RoundScreen):
    """One row per indicator to discuss: id, sector, spread, why; Enter discusses it."""

    CSS_PATH = "to_discuss.tcss"
    BINDINGS = [
        Binding("enter", "open", N_("Discuss"), show=False),
        Binding("escape", "back", N_("Dashboard"), key_display="Esc"),
    ]
    HELP_TITLE = N_("To discuss")
    HELP_KEYS = (
        ("↑ / ↓", N_("choose an indicator")),
        ("Enter", N_("discuss it: each respondent's answer, record the agreed one")),
        ("Esc", N_("back to the dashboard")),
    )

    def __init__(self) -> None:
        super().__init__()
        self.items: list = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="discuss-title")
        yield DataTable(id="discuss-list", cursor_type="row", zebra_stripes=False)
        yield Static(_("Nothing to discuss: the respondents agree, or the workshop agreed every answer."), id="nothing-to-discuss")
        yield Static(_("Enter discusses the indicator; agreed ones leave the list."), id="discuss-hint")
        yield RoundNotice()
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#discuss-list", DataTable)
        table.add_column(_("ID"), key="id")
        table.add_column(_("Sector"), key="sector")
        table.add_column(_("Spread"), key="spread")
        table.add_column(_("Why"), key="why")
        table.add_column(_("Question"), key="question")
        self.refresh_round()
        self.show_save_state()
        table.focus()

    def refresh_round(self) -> None:
        ctl = self.controller
        table = self.query_one("#discuss-list", DataTable)
        keep = self.items[table.cursor_row].indicator if self.items and 0 <= table.cursor_row < len(self.items) else None
        self.items = ctl.to_discuss()
        table.clear()
        for item in self.items:
            question = " ".join(ctl.pack.indicator(item.indicator).question.split())
            table.add_row(
                Text(item.indicator, style="bold"),
                item.code,
                Text(ngettext("{n} level", "{n} levels", item.spread).format(n=item.spread), justify="right"),
                "; ".join(item.why),
                question[:60] + ("…" if len(question) > 60 else ""),
                key=item.indicator,
            )
        n = len(self.items)
        self.query_one("#discuss-title", Static).update(
            Text(ngettext("{n} indicator to discuss, most divergent first", "{n} indicators to discuss, most divergent first", n).format(n=n), style="bold")
        )
        table.display = bool(self.items)
        self.query_one("#nothing-to-discuss", Static).display = not self.items
        ids = [item.indicator for item in self.items]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#discuss-list", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        if not self.items:
            self.app.bell()
            return
        from .discussion import DiscussionScreen

        self.app.push_screen(DiscussionScreen([item.indicator for item in self.items], row))

    def action_back(self) -> None:
        self.dismiss()
