"""Sector overview: progress and current score of every sector."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ...i18n import N_, _
from ..widgets import SessionScreen, bar, gov_level_word, score_bar, score_text

BAR_WIDTH = 12


class OverviewScreen(SessionScreen):
    """Every sector with its answered count, a progress bar and its current score."""

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
        yield Header()
        yield Static(id="profile")
        yield Static(id="totals")
        table: DataTable = DataTable(id="sectors", cursor_type="row", zebra_stripes=False)
        table.add_column(_("Sector"), key="sector")
        table.add_column(_("Answered"), key="answered")
        table.add_column(_("Progress"), key="progress", width=BAR_WIDTH)
        table.add_column(_("Score"), key="score")
        table.add_column("", key="bar", width=BAR_WIDTH)
        yield table
        yield Static(_("Enter opens a sector; every answer is saved at once."), id="overview-hint")
        yield Footer()

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
        table.clear()
        for sector in ctl.pack.sectors:
            progress = ctl.sector_progress(sector.id)
            value = scores.sectors.get(sector.id)
            table.add_row(
                sector.title,
                Text(f"{progress.answered}/{progress.total}", justify="right"),
                bar(progress.fraction, BAR_WIDTH, "green" if progress.done else "blue"),
                Text(score_text(value), justify="right"),
                score_bar(value, BAR_WIDTH),
                key=sector.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

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
