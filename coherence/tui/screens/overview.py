"""Sector overview: progress and current score of every sector."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...i18n import N_, _
from ..bars import KeyBar, TitleBar
from ...terminal import safe
from ..widgets import SessionScreen, bar, gov_level_word, score_bar, score_text

BAR_WIDTH = 12
BAR_WIDTHS = (12, 10, 8)  # narrower bars before a sector title wraps
TITLE_LINES = 2  # a longer title is cut at the end of its second line


class OverviewScreen(SessionScreen):
    """Every sector with its answered count, a progress bar and its current score."""

    # Read with the app's stylesheet when this is the first screen (see CoherenceApp).
    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("enter", "open_sector", N_("Open sector"), show=False),
        Binding("r", "results", N_("Results")),
        Binding("o", "scope", N_("Out of scope")),
    ]
    HELP_TITLE = N_("Sector overview")
    HELP_KEYS = (
        ("↑ / ↓", N_("choose a sector")),
        ("Enter", N_("open the sector at its first unanswered indicator")),
        ("r", N_("results: scores, coherence and gaps")),
        ("o", N_("put the sector out of scope (with a reason), or back in scope")),
    )


    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="profile")
        yield Static(id="totals")
        yield DataTable(id="sectors", cursor_type="row", zebra_stripes=False)
        yield Static(_("Enter opens a sector; every answer is saved at once."), id="overview-hint")
        yield Static(id="overview-notice")  # e.g. a sector just completed; above the key bar, never over it
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
                " · ",
                _("sectors assessed: {k} of {n}").format(k=scores.assessed[0], n=scores.assessed[1]),
            )
        )
        table = self.query_one("#sectors", DataTable)
        row = table.cursor_row
        title_width, bar_width = self._set_columns(table)
        for sector in ctl.pack.sectors:
            progress = ctl.sector_progress(sector.id)
            value = scores.sectors.get(sector.id)
            title = sector.title
            if sector.id in ctl.assessment.scope:
                title += " " + _("(out of scope: {reason})").format(reason=safe(ctl.assessment.scope[sector.id]))
            lines = title_lines(title, title_width)
            table.add_row(
                Text("\n".join(lines)),
                Text(f"{progress.answered}/{progress.total}", justify="right"),
                bar(progress.fraction, bar_width, "green" if progress.done else "blue"),
                Text(score_text(value), justify="right"),
                score_bar(value, bar_width),
                key=sector.id,
                height=len(lines),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _set_columns(self, table: DataTable) -> tuple[int, int]:
        """(Re)make the columns so that every one fits the screen; return the title and bar widths.

        The sector titles get the width the numbers leave: the bars narrow first, then
        a longer title wraps onto a second line (cut with an ellipsis only beyond it),
        rather than pushing the scores out of sight.
        """
        headers = (_("Answered"), _("Progress"), _("Score"))
        answered_w = max(len(headers[0]), 5)
        score_w = max(len(headers[2]), 5)
        padding = 2 * 5  # one cell of padding either side of each of the five columns
        longest = max(len(s.title) for s in self.controller.pack.sectors)
        for bar_width in BAR_WIDTHS:
            others = answered_w + max(bar_width, len(headers[1])) + score_w + bar_width
            available = self.size.width - 2 - padding - others - 2  # screen margins, scroll bar
            if longest <= available:
                break
        title_width = max(16, min(longest, available))
        table.clear(columns=True)
        table.add_column(_("Sector"), key="sector", width=title_width)
        table.add_column(headers[0], key="answered", width=answered_w)
        table.add_column(headers[1], key="progress", width=max(bar_width, len(headers[1])))
        table.add_column(headers[2], key="score", width=score_w)
        table.add_column("", key="bar", width=bar_width)
        return title_width, bar_width

    def on_resize(self) -> None:
        self.refresh_sectors()

    def action_scope(self) -> None:
        """One key: the chosen sector out of scope (its reason asked), or back in scope."""
        sector = self._selected_sector()
        if sector is None:
            return
        ctl = self.controller
        if sector in ctl.assessment.scope:
            ctl.toggle_scope(sector, "")
            self.refresh_sectors()
            return
        from .dashboard import ScopeDialog

        self.app.push_screen(ScopeDialog(ctl.pack, ctl.assessment.scope, sector), self._scope_chosen)

    def _scope_chosen(self, chosen: tuple[str, str] | None) -> None:
        if chosen is not None:
            self.controller.toggle_scope(*chosen)
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

        self.say(None)
        self.controller.open_sector(sector_id)
        self.app.push_screen(IndicatorScreen(), self.after_sector)

    def after_sector(self, completed: str | None) -> None:
        """Back from a sector: if it was just completed, say so and go to the next unfinished one."""
        if not completed:
            return
        ctl = self.controller
        self.say(_("Sector complete: {sector}").format(sector=ctl.pack.sector(completed).title))
        ids = [s.id for s in ctl.pack.sectors]
        here = ids.index(completed)
        following = ids[here + 1 :] + ids[:here]  # after it, then round from the first
        unfinished = [sector_id for sector_id in following if not ctl.sector_progress(sector_id).done]
        target = unfinished[0] if unfinished else completed
        self.query_one("#sectors", DataTable).move_cursor(row=ids.index(target))

    def say(self, message: str | None) -> None:
        """A line above the key bar (a sector just completed); None hides it."""
        notice = self.query_one("#overview-notice", Static)
        notice.display = bool(message)
        notice.update(message or "")

    def action_results(self) -> None:
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen())


def title_lines(title: str, width: int, lines: int = TITLE_LINES) -> list[str]:
    """``title`` on at most ``lines`` lines of ``width``, the last cut with an ellipsis if need be."""
    if len(title) <= width:
        return [title]
    wrapped = textwrap.wrap(title, width, break_long_words=True) or [title[:width]]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = wrapped[: lines - 1] + [rest[: width - 1].rstrip() + "…"]
    return wrapped
