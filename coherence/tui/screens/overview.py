"""Sector overview: progress and current score of every sector."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...i18n import N_, _
from ..bars import KeyBar, TitleBar
from ..widgets import SessionScreen, bar, gov_level_word, score_bar, score_text

BAR_WIDTH = 12


class OverviewScreen(SessionScreen):
    """Every sector with its answered count, a progress bar and its current score."""

    # Read with the app's stylesheet when this is the first screen (see CoherenceApp).
    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("enter", "open_sector", N_("Open sector"), show=False),
        Binding("r", "results", N_("Results")),
    ]
    HELP_TITLE = N_("Sector overview")
    HELP_KEYS = (
        ("↑ / ↓", N_("choose a sector")),
        ("Enter", N_("open the sector at its first unanswered indicator")),
        ("r", N_("results: scores, coherence and gaps")),
    )


    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="profile")
        yield Static(id="totals")
        yield DataTable(id="sectors", cursor_type="row", zebra_stripes=False)
        yield Static(_("Enter opens a sector; every answer is saved at once."), id="overview-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_sectors()
        table = self.query_one("#sectors", DataTable)
        # Start on the sector the user was last in (a resumed session included).
        current = self.controller.sector_of(self.controller.current_id).id
        table.move_cursor(row=[s.id for s in self.controller.pack.sectors].index(current))
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_sectors()

    def refresh_sectors(self) -> None:
        ctl = self.controller
        a = ctl.assessment
        who = ", ".join(part for part in (a.respondent.department, gov_level_word(a.respondent.level)) if part)
        place = f"{a.authority.name} ({a.authority.country})" if a.authority.country else a.authority.name
        self.query_one("#profile", Static).update(
            Text.assemble((place or "–", "bold"), f" · {who} · ", (_("session file {name}").format(name=ctl.path.name), "dim"))
        )
        scores = ctl.scores()
        total = ctl.total_progress()
        self.query_one("#totals", Static).update(
            Text.assemble(
                (_("Overall score") + " ", "bold"),
                (score_text(scores.overall), "bold"),
                "   ",
                _("{answered} of {total} indicators answered").format(answered=total.answered, total=total.total),
            )
        )
        table = self.query_one("#sectors", DataTable)
        row = table.cursor_row
        title_width = self._set_columns(table)
        for sector in ctl.pack.sectors:
            progress = ctl.sector_progress(sector.id)
            value = scores.sectors.get(sector.id)
            title = sector.title if len(sector.title) <= title_width else sector.title[: title_width - 1] + "…"
            table.add_row(
                title,
                Text(f"{progress.answered}/{progress.total}", justify="right"),
                bar(progress.fraction, BAR_WIDTH, "green" if progress.done else "blue"),
                Text(score_text(value), justify="right"),
                score_bar(value, BAR_WIDTH),
                key=sector.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _set_columns(self, table: DataTable) -> int:
        """(Re)make the columns so that every one fits the screen: long sector titles
        are cut with an ellipsis rather than pushing the scores out of sight."""
        headers = (_("Answered"), _("Progress"), _("Score"))
        answered_w = max(len(headers[0]), 7)
        score_w = max(len(headers[2]), 5)
        others = answered_w + BAR_WIDTH + score_w + BAR_WIDTH
        padding = 2 * 5  # one cell of padding either side of each of the five columns
        available = self.size.width - 2 - padding - others - 2  # screen margins, scroll bar
        title_width = max(16, min(max(len(s.title) for s in self.controller.pack.sectors), available))
        table.clear(columns=True)
        table.add_column(_("Sector"), key="sector", width=title_width)
        table.add_column(headers[0], key="answered", width=answered_w)
        table.add_column(headers[1], key="progress", width=BAR_WIDTH)
        table.add_column(headers[2], key="score", width=score_w)
        table.add_column("", key="bar", width=BAR_WIDTH)
        return title_width

    def on_resize(self) -> None:
        self.refresh_sectors()

    def _selected_sector(self) -> str | None:
        table = self.query_one("#sectors", DataTable)
        if not table.row_count:
            return None
        return self.controller.pack.sectors[table.cursor_row].id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_sector(str(event.row_key.value))

    def action_open_sector(self) -> None:
        sector_id = self._selected_sector()
        if sector_id:
            self.open_sector(sector_id)

    def open_sector(self, sector_id: str) -> None:
        from .indicator import IndicatorScreen

        self.controller.open_sector(sector_id)
        self.app.push_screen(IndicatorScreen())

    def action_results(self) -> None:
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen())
