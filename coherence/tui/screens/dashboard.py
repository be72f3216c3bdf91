"""Round mode's first screen: who answered, the department × sector heatmap, agreement.

The horizontal picture (respondents at the authority's level of government, one row
per department) comes first, then the respondents at other levels, then the round's
own scores; ``v`` shows the vertical picture instead (one row per level of
government: the mean of its respondents' sector scores).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

from ...errors import UserError
from ...i18n import N_, _, current_language, ngettext
from ...terminal import safe
from ..bars import KeyBar, TitleBar
from ..round_state import HeatRow, sector_code
from ..widgets import RoundNotice, RoundScreen, gov_level_word, score_style, score_text, translate_bindings

CELL = 4  # " 100"
MAX_LABEL = 30


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters (with …), padded to it."""
    text = safe(" ".join(text.split()))
    if len(text) > width:
        text = text[: max(0, width - 1)] + "…"
    return text.ljust(width)


class Heatmap(Widget, can_focus=False):
    """Rows of sector scores (0–100, coloured by band; — not assessed; × out of scope)."""

    DEFAULT_CSS = """
    Heatmap { height: auto; width: 100%; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.by_level = False

    def render(self) -> Text:
        ctl = self.screen.controller
        pack = ctl.pack
        result = ctl.result
        sectors = pack.sectors
        out = set(ctl.round.scope)
        width = max(self.size.width, 40)
        cells = CELL * len(sectors)
        show_done = not self.by_level and width - cells - 1 >= 24 + 6
        label_width = max(8, min(MAX_LABEL, width - cells - 1 - (6 if show_done else 0)))
        full = 1 + label_width + cells + (6 if show_done else 0)
        text = Text(no_wrap=True, overflow="crop")

        def cell(value: float | None, sector: str, bold: bool = False) -> None:
            if sector in out:
                text.append(f"{'×':>{CELL}}", style="dim")
            elif value is None:
                text.append(f"{'—':>{CELL}}", style="dim")
            else:
                text.append(f"{round(value):>{CELL}}", style=score_style(value) + (" bold" if bold else ""))

        def row(label: str, heat: HeatRow, bold: bool = False) -> None:
            text.append(" " + fit(label, label_width), style="bold" if bold else "")
            for sector in sectors:
                cell(heat.sectors.get(sector.id), sector.id, bold)
            if show_done and heat.done[1]:
                text.append(f"{round(100 * heat.done[0] / heat.done[1]):>5}%", style="dim")
            text.append("\n")

        def rule(words: str) -> None:
            head = f" ── {words} "
            text.append(head + "─" * max(3, full - len(head)) + "\n", style="dim")

        text.append(" " + " " * label_width, style="bold")
        for sector in sectors:
            text.append(f"{sector_code(sector):>{CELL}}", style="dim strike" if sector.id in out else "bold")
        if show_done:
            text.append(_("done").rjust(6), style="dim")
        text.append("\n")
        if self.by_level:
            for level_row in ctl.level_rows():
                n = level_row.done[0]
                label = ngettext("{level} ({n} respondent)", "{level} ({n} respondents)", n).format(level=gov_level_word(level_row.level), n=n)
                row(label, level_row)
            rule(_("vertical agreement {percent}").format(percent=percent(result.vertical_agreement.score)))
        else:
            same, other = ctl.heat_rows()
            for heat in same:
                row(heat.label, heat)
            rule(_("horizontal agreement {percent}").format(percent=percent(result.horizontal_agreement.score)))
            for heat in other:
                row(f"{heat.label} ({gov_level_word(heat.level)})", heat)
            rule(_("vertical agreement {percent}").format(percent=percent(result.vertical_agreement.score)))
        row(_("Round"), HeatRow("", ctl.round.authority.level, result.scores.sectors), bold=True)
        text.rstrip()
        return text


class DashboardScreen(RoundScreen):
    """The round at a glance; the way to the agenda, the plan and the report."""

    # Read with the app's stylesheet when this is the first screen (see CoherenceApp).
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("d", "discuss", N_("To discuss")),
        Binding("p", "plan", N_("Plan")),
        Binding("v", "toggle_view", N_("Levels/departments")),
        Binding("s", "scope", N_("Scope")),
        Binding("e", "export", N_("Export")),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]
    HELP_TITLE = N_("Round dashboard")
    HELP_KEYS = (
        ("d", N_("the indicators to discuss, most divergent first")),
        ("p", N_("the action plan")),
        ("v", N_("levels of government × sectors, or departments × sectors")),
        ("s", N_("put a sector out of scope (with a reason), or back in scope")),
        ("e", N_("write the round's Excel report (you choose the file name)")),
        ("q", N_("quit (every change is already saved in the round file)")),
    )

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="round-title")
        with VerticalScroll(id="dashboard-body", can_focus=False):
            yield Heatmap(id="heatmap")
            yield Static(id="scope-lines")
            yield Static(id="legend")
        yield Static(id="totals")
        yield RoundNotice()
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_round()
        self.show_save_state()
        if self.controller.read_only:
            self.query_one(RoundNotice).say(_("Opened read-only: you can look, but nothing can be changed."))

    def refresh_round(self) -> None:
        ctl = self.controller
        rnd = ctl.round
        agreed, total = ctl.agreed_count()
        n = len(rnd.respondents)
        parts = [rnd.authority.name or "–"]
        if rnd.cycle.label:
            parts.append(_("cycle {label}").format(label=rnd.cycle.label))
        parts.append(ngettext("{n} respondent", "{n} respondents", n).format(n=n))
        parts.append(_("{k} of {n} agreed").format(k=agreed, n=total))
        title = Text(safe(" · ".join(parts)), style="bold")
        if ctl.read_only:
            title.append(" · " + _("read-only"), style="bold red")
        self.query_one("#round-title", Static).update(title)
        self.query_one("#heatmap", Heatmap).refresh(layout=True)
        scores = ctl.scores
        actions, _open = ctl.plan_count()
        discuss = len(ctl.result.to_discuss)
        self.query_one("#totals", Static).update(
            Text.assemble(
                (_("Vertical {score}").format(score=score_text(scores.vertical.score)), "bold"),
                "   ",
                (_("Horizontal {score}").format(score=score_text(scores.horizontal.score)), "bold"),
                "   ",
                _("To discuss: {n} (d)").format(n=discuss),
                "   ",
                ngettext("Plan: {n} action (p)", "Plan: {n} actions (p)", actions).format(n=actions),
            )
        )
        pack = ctl.pack
        scope = Text()
        for sector_id, reason in rnd.scope.items():
            sector = pack.sector(sector_id)
            scope.append(_("Out of scope: {sector} — {reason}").format(sector=f"{sector_code(sector)} {sector.title}", reason=safe(reason)) + "\n")
        scope.rstrip()
        lines = self.query_one("#scope-lines", Static)
        lines.display = bool(rnd.scope)
        lines.update(scope)
        legend = " · ".join(f"{sector_code(s)} {s.title}" for s in pack.sectors)
        self.query_one("#legend", Static).update(Text(_("— not assessed · × out of scope") + "\n" + legend, style="dim"))

    # ------------------------------------------------------------------ keys

    def action_discuss(self) -> None:
        from .to_discuss import ToDiscussScreen

        self.app.push_screen(ToDiscussScreen())

    def action_plan(self) -> None:
        from .plan import PlanScreen

        self.app.push_screen(PlanScreen())

    def action_toggle_view(self) -> None:
        heatmap = self.query_one("#heatmap", Heatmap)
        heatmap.by_level = not heatmap.by_level
        heatmap.refresh(layout=True)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#dashboard-body", VerticalScroll)
        if direction == "up":
            body.scroll_up()
        else:
            body.scroll_down()

    def action_scope(self) -> None:
        if self.controller.read_only:
            self.change(self.controller.toggle_scope, "", "")  # says why it is refused
            return
        self.app.push_screen(ScopeDialog(), self.scope_chosen)

    def scope_chosen(self, chosen: tuple[str, str] | None) -> None:
        if chosen is not None:
            self.change(self.controller.toggle_scope, *chosen)

    def action_export(self) -> None:
        from .results import ExportDialog

        name = self.controller.path.name
        stem = name[: -len(".round.json")] if name.endswith(".round.json") else Path(name).stem
        self.app.push_screen(ExportDialog(f"{stem}-report.xlsx"), self.export_to)

    def export_to(self, name: str | None) -> None:
        """Write the round's report to ``name`` — never over the round file itself."""
        if not name:
            return
        from ...excel.report import write_round_report  # openpyxl only when exporting

        ctl = self.controller
        notice = self.query_one(RoundNotice)
        path = Path(name.strip()).expanduser()
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            from ...fileio import refuse_overwriting_inputs

            refuse_overwriting_inputs([ctl.path], [path])
            ctl.ensure_plan()  # the plan ids the workbook carries must be the round's
            written = write_round_report(path, ctl.pack, ctl.round, ctl.result, lang=current_language())
        except UserError as exc:
            notice.say(exc.line())
            self.notify(exc.line(), severity="error")
            return
        message = _("Report written: {path}").format(path=Path(written).resolve())
        self.show_save_state()
        self.notify(message)


class ScopeDialog(ModalScreen[tuple[str, str] | None]):
    """Choose a sector; one in scope is put out of scope with a reason, one out is put back."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    DEFAULT_CSS = """
    ScopeDialog { align: center middle; }
    ScopeDialog > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ScopeDialog OptionList { height: auto; max-height: 16; }
    ScopeDialog Input { margin-top: 1; }
    ScopeDialog .hint { color: $text-muted; }
    """

    def __init__(self, pack=None, scope: dict[str, str] | None = None, sector: str | None = None) -> None:
        """``pack`` and ``scope`` (default: the open round's); ``sector``: ask only for its reason."""
        super().__init__()
        translate_bindings(self)
        self.pack = pack
        self.scope = scope
        self.sector: str | None = sector

    def compose(self) -> ComposeResult:
        if self.pack is None:
            self.pack, self.scope = self.app.round.pack, self.app.round.round.scope
        options = []
        from textual.widgets.option_list import Option

        for sector in self.pack.sectors:
            label = f"{sector_code(sector)}  {sector.title}"
            if sector.id in self.scope:
                label += "  " + _("(out of scope: {reason})").format(reason=safe(self.scope[sector.id]))
            options.append(Option(label, id=sector.id))
        with Vertical():
            yield Label(_("Which sector? Enter puts it out of scope, or back in scope."))
            yield OptionList(*options, id="scope-sectors")
            yield Input(id="scope-reason", placeholder=_("why it is out of scope"))
            yield Label(_("Enter confirms, Esc cancels."), classes="hint")

    def on_mount(self) -> None:
        if self.sector is not None:  # the sector is chosen already: only its reason
            self.query_one("#scope-sectors", OptionList).display = False
            self.query_one("#scope-reason", Input).focus()
            return
        self.query_one("#scope-reason", Input).display = False
        self.query_one("#scope-sectors", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        sector = str(event.option.id)
        if sector in self.scope:
            self.dismiss((sector, ""))
            return
        self.sector = sector
        reason = self.query_one("#scope-reason", Input)
        reason.display = True
        reason.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.sector is None or not event.value.strip():
            self.app.bell()
            return
        self.dismiss((self.sector, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
