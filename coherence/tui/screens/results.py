"""Results: sector bars, vertical and horizontal coherence, lagging sectors, top gaps, export."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...errors import UserError
from ...i18n import N_, _, current_language
from ...models import CoherenceScore, Scores
from ..bars import KeyBar, TitleBar
from ..widgets import FileNameDialog, SessionScreen, choice_words, lead, score_bar, score_text, translate_bindings

TOP_GAPS = 10
TOP_DRIVERS = 10
BAR_WIDTH = 20


class GapsView(Widget):
    """The top gaps, laid out for the width the widget has (see ResultsScreen._gaps)."""

    DEFAULT_CSS = "GapsView { height: auto; }"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._scores: Scores | None = None

    def show(self, scores: Scores) -> None:
        self._scores = scores
        self.refresh(layout=True)

    def render(self) -> Group | Text:
        if self._scores is None:
            return Text("")
        return self.screen._gaps(self._scores, self.content_size.width or None)


class ResultsScreen(SessionScreen):
    """What the answers so far add up to, computed by the scoring engine."""

    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("e", "export", N_("Export to Excel")),
        Binding("s,escape", "sectors", N_("Sectors")),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]
    HELP_TITLE = N_("Results")
    HELP_KEYS = (
        ("e", N_("write the Excel report (you choose the file name)")),
        ("s / Esc", N_("back to the sector overview")),
        ("↑ / ↓", N_("scroll")),
    )


    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="results-body", can_focus=False):
            yield Static(id="overall")
            yield Static(_("Sectors"), classes="section-title")
            yield Static(id="sector-scores")
            yield Static(_("Horizontal coherence"), classes="section-title")
            yield Static(id="horizontal")
            yield Static(_("Vertical coherence"), classes="section-title")
            yield Static(id="vertical")
            yield Static(id="lagging")
            yield Static(_("Top gaps"), classes="section-title")
            yield GapsView(id="gaps")
        yield Static(_("Press e to write the Excel report."), id="export-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_scores()

    def on_screen_resume(self) -> None:
        self.show_scores()

    # ------------------------------------------------------------------ content

    def show_scores(self) -> None:
        ctl = self.controller
        scores = ctl.scores()
        counts = scores.counts
        self.query_one("#overall", Static).update(
            Group(
                Text.assemble(
                    (_("Overall score") + "  ", "bold"),
                    (score_text(scores.overall), "bold"),
                    "  ",
                    score_bar(scores.overall, BAR_WIDTH),
                ),
                Text(
                    _("{answered} answered, {dk} don't know, {na} not applicable, {missing} missing").format(
                        answered=counts.answered, dk=counts.dont_know, na=counts.not_applicable, missing=counts.missing
                    )
                    + " · "
                    + _("sectors assessed: {k} of {n}").format(k=scores.assessed[0], n=scores.assessed[1]),
                    style="dim",
                ),
            )
        )
        self.query_one("#sector-scores", Static).update(self._sector_table(scores))
        self.query_one("#horizontal", Static).update(self._coherence(scores.horizontal))
        self.query_one("#vertical", Static).update(self._coherence(scores.vertical))
        titles = [ctl.pack.sector(s).title for s in scores.balance.lagging]
        self.query_one("#lagging", Static).update(
            Text.assemble((lead(N_("Lagging sectors")), "bold"), ", ".join(titles) or _("none"))
        )
        self.query_one("#gaps", GapsView).show(scores)

    def _sector_table(self, scores: Scores) -> Table:
        pack = self.controller.pack
        table = Table.grid(padding=(0, 2))
        table.add_column()
        table.add_column(justify="right")
        table.add_column()
        lagging = set(scores.balance.lagging)
        for sector in pack.sectors:
            value = scores.sectors.get(sector.id)
            mark = Text(_("lagging"), style="red") if sector.id in lagging else ""
            table.add_row(sector.title, score_text(value), Text.assemble(score_bar(value, BAR_WIDTH), " ", mark))
        return table

    def _coherence(self, result: CoherenceScore) -> Group | Text:
        pack = self.controller.pack
        head = Text.assemble((score_text(result.score), "bold"), "  ", score_bar(result.score, BAR_WIDTH))
        if not result.drivers:
            return Group(head, Text(_("No indicator of the pack counts here."), style="dim"))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for indicator_id, value in result.drivers[:TOP_DRIVERS]:
            value100 = None if value is None else value * 100
            table.add_row(indicator_id, score_text(value100), pack.indicator(indicator_id).question)
        parts = [head, Text(_("Indicators behind it, weakest first:"), style="dim"), table]
        hidden = len(result.drivers) - TOP_DRIVERS
        if hidden > 0:
            parts.append(Text(_("… and {n} more").format(n=hidden), style="dim"))
        return Group(*parts)

    def _gaps(self, scores: Scores, width: int | None = None) -> Group | Text:
        """The top gaps: one row of numbers each, its question below it on the whole width.

        The sector and the level get the room the numbers leave (and wrap rather than
        being cut: a cut title loses its meaning); the headers of the number columns
        wrap at their words so they take no more room than their numbers.
        """
        ctl = self.controller
        pack = ctl.pack
        if not scores.gaps:
            return Text(_("No gaps: every indicator is at its target."))
        width = max(40, width or self.app.size.width - 4)  # the screen less the body's padding and scroll bar
        gaps = scores.gaps[:TOP_GAPS]
        rows = [
            (
                str(rank),
                gap.indicator,
                pack.sector(gap.sector).title,
                choice_words(pack, gap.indicator, ctl.choice_of(gap.indicator)),
                score_text(gap.gap * 100),
                score_text(gap.priority * 100),
            )
            for rank, gap in enumerate(gaps, start=1)
        ]
        headers = (_("Rank"), _("ID"), _("Sector"), _("Current level"), _("Gap (points)"), _("Priority"))

        def fitted(column: int) -> int:  # the widest value, or the longest word of the header
            return max([len(row[column]) for row in rows] + [len(word) for word in headers[column].split()])

        rank_w, id_w, gap_w, priority_w = fitted(0), fitted(1), fitted(4), fitted(5)
        room = max(20, width - (rank_w + id_w + gap_w + priority_w) - (len(headers) - 1))  # one space between columns
        sector_need, level_need = fitted(2), fitted(3)
        level_w = min(level_need, max(room // 2, room - sector_need))
        sector_w = room - level_w
        widths = (rank_w, id_w, sector_w, level_w, gap_w, priority_w)
        justify = ("right", "left", "left", "left", "right", "right")

        def grid() -> Table:
            table = Table.grid(padding=(0, 1))
            for column_width, side in zip(widths, justify):
                table.add_column(width=column_width, justify=side, overflow="fold")
            return table

        head = grid()
        head.add_row(*(Text(h, style="bold") for h in headers))
        parts: list = [head]
        indent = 1 + rank_w + 1  # under the ID
        for row, gap in zip(rows, gaps):
            numbers = grid()
            numbers.add_row(*row)
            question = Table.grid(padding=(0, 0))
            question.add_column(width=indent)
            question.add_column(ratio=1)
            question.add_row("", Text(pack.indicator(gap.indicator).question, style="italic"))
            parts += [numbers, question]
        return Group(*parts)

    # ------------------------------------------------------------------ keys

    def action_sectors(self) -> None:
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#results-body", VerticalScroll)
        if direction == "up":
            body.scroll_up()
        else:
            body.scroll_down()

    def action_export(self) -> None:
        default = f"{self.controller.path.stem}-report.xlsx"
        self.app.push_screen(ExportDialog(default), self.export_to)

    def export_to(self, name: str | None) -> None:
        """Write the report to ``name`` (relative to the working directory)."""
        if not name:
            return
        status = self.query_one("#export-status", Static)
        path = Path(name.strip()).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        from ...excel.report import write_report  # openpyxl only when exporting

        ctl = self.controller
        try:
            written = write_report(path, ctl.pack, [ctl.assessment], lang=current_language())
        except UserError as exc:
            status.update(Text(exc.line(), style="bold red"))
            self.notify(exc.line(), severity="error")
            return
        message = _("Report written: {path}").format(path=Path(written).resolve())
        status.update(Text(message, style="bold green"))
        self.notify(message)


def ExportDialog(default: str) -> FileNameDialog:  # noqa: N802 - reads as the dialog it is
    """Ask for the report's file name."""
    return FileNameDialog(
        _("Write the Excel report to:"), _("Enter writes the file, Esc cancels."), default=default, field_id="export-name"
    )
