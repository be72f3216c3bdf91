"""The action plan: one row per action, with its indicator, owner, due date and status."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...i18n import N_, _, ngettext
from ...terminal import safe
from ..bars import KeyBar, TitleBar
from ..widgets import RoundNotice, RoundScreen

STATUS = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}


class PlanScreen(RoundScreen):
    """The round's action plan (added from the discussion screen with a)."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [Binding("escape,p", "back", N_("Dashboard"), key_display="Esc")]
    HELP_TITLE = N_("Action plan")
    HELP_KEYS = (
        ("↑ / ↓", N_("move along the plan")),
        ("Esc / p", N_("back to the dashboard")),
    )

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="plan-title")
        yield DataTable(id="plan-rows", cursor_type="row", zebra_stripes=False)
        yield Static(_("No action yet: add one from the discussion of an indicator (a)."), id="no-actions")
        yield RoundNotice()
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#plan-rows", DataTable)
        for label in (_("ID"), _("Indicator"), _("Action"), _("Owner"), _("Due"), _("Status")):
            table.add_column(label)
        self.refresh_round()
        self.show_save_state()
        table.focus()

    def refresh_round(self) -> None:
        plan = self.controller.round.plan
        table = self.query_one("#plan-rows", DataTable)
        table.clear()
        for action in plan:
            text = " ".join(action.action.split())
            table.add_row(
                Text(action.id, style="bold"),
                action.indicator,
                safe(text[:50] + ("…" if len(text) > 50 else "")),
                safe(action.owner),
                action.due.isoformat() if action.due else "–",
                _(STATUS[action.status]),
                key=action.id,
            )
        n = len(plan)
        self.query_one("#plan-title", Static).update(Text(ngettext("Action plan: {n} action", "Action plan: {n} actions", n).format(n=n), style="bold"))
        table.display = bool(plan)
        self.query_one("#no-actions", Static).display = not plan

    def action_back(self) -> None:
        self.dismiss()
