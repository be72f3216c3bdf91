"""The action plan: one row per action, with its indicator, owner, due date and status.

Enter edits the chosen action (text, owner, partners, due date, status, progress
notes); ``n`` adds an action for an indicator chosen from a list or typed; a round
without a plan gets one from its ranked gaps with ``g``. Every change goes through the
round controller, which saves the round at once (and refuses when it is read-only).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...models import PlanAction
from ...terminal import safe
from ..bars import KeyBar, TitleBar
from ..choice import Choice
from ..round_state import parse_due
from ..widgets import RoundNotice, RoundScreen, translate_bindings

STATUS = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
STATUS_STYLE = {"not_started": "", "in_progress": "yellow", "done": "green", "dropped": "dim"}
ELLIPSIS = "…"


def cut(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + ELLIPSIS


def status_word(status: str) -> str:
    """A plan status in the interface language ('not started', 'pas commencé')."""
    return _(STATUS[status])


class PlanTable(DataTable):
    """The plan's table, whose Enter (edit the action) shows in the key bar."""

    BINDINGS = [Binding("enter", "select_cursor", N_("Edit"))]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)


class PlanScreen(RoundScreen):
    """The round's action plan: Enter edits an action, n adds one, g creates the plan from the gaps."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("n", "new", N_("New action")),
        Binding("g", "from_gaps", N_("Plan from gaps")),
        Binding("escape,p", "back", N_("Dashboard"), key_display="Esc"),
    ]
    HELP_TITLE = N_("Action plan")
    HELP_KEYS = (
        ("↑ / ↓", N_("move along the plan")),
        ("Enter", N_("edit the action: text, owner, partners, due date, status, progress notes")),
        ("n", N_("add an action for an indicator")),
        ("g", N_("no plan yet: create it from the ranked gaps")),
        ("Esc / p", N_("back to the dashboard")),
    )

    def __init__(self) -> None:
        super().__init__()
        self._width = 0  # the table's columns are sized for this screen width

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="plan-title")
        yield PlanTable(id="plan-rows", cursor_type="row", zebra_stripes=False)
        yield Static(
            _("No action yet: g creates the plan from the ranked gaps (one action per gap), n adds one action."),
            id="no-actions",
        )
        yield RoundNotice()
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_round()
        self.show_save_state()
        self.query_one("#plan-rows", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self.refresh_round()

    # ------------------------------------------------------------------ showing

    def refresh_round(self, select: str | None = None) -> None:
        """Show the plan; keep the cursor on the row it was on (or on ``select``)."""
        plan = self.controller.round.plan
        table = self.query_one("#plan-rows", DataTable)
        keep = select or self._cursor_id()
        self._width = self.size.width or 80
        widths = self._widths(plan, self._width)
        table.clear(columns=True)
        labels = (_("ID"), _("Indicator"), _("Action"), _("Owner"), _("Due"), _("Status"))
        for key, label, width in zip(("id", "indicator", "action", "owner", "due", "status"), labels, widths):
            table.add_column(cut(label, width), width=width, key=key)
        for action in plan:
            table.add_row(
                Text(action.id, style="bold"),
                action.indicator,
                safe(cut(action.action, widths[2])),
                safe(cut(action.owner, widths[3])),
                action.due.isoformat() if action.due else "–",
                Text(cut(status_word(action.status), widths[5]), style=STATUS_STYLE[action.status]),
                key=action.id,
            )
        n = len(plan)
        self.query_one("#plan-title", Static).update(Text(ngettext("Action plan: {n} action", "Action plan: {n} actions", n).format(n=n), style="bold"))
        table.display = bool(plan)
        self.query_one("#no-actions", Static).display = not plan
        ids = [action.id for action in plan]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.refresh_bindings()

    @staticmethod
    def _widths(plan: list[PlanAction], screen_width: int) -> list[int]:
        """Column widths: the action takes what is left of the screen (80 columns too)."""
        statuses = [status_word(s) for s in STATUS]
        id_w = max([len(_("ID")), 5, *(len(a.id) for a in plan)])
        ind_w = max([len(_("Indicator")), *(len(a.indicator) for a in plan)])
        owner_w = min(max([len(_("Owner")), *(len(" ".join(a.owner.split())) for a in plan)]), max(8, screen_width // 6))
        due_w = max(len(_("Due")), 10)
        status_w = min(max([len(_("Status")), *map(len, statuses)]), 14)
        # Each column has one space either side; two more for the scroll bar.
        rest = screen_width - (id_w + ind_w + owner_w + due_w + status_w) - 6 * 2 - 2
        return [id_w, ind_w, max(10, rest), owner_w, due_w, status_w]

    def _cursor_id(self) -> str | None:
        plan = self.controller.round.plan
        table = self.query_one("#plan-rows", DataTable)
        row = table.cursor_row
        return plan[row].id if plan and 0 <= row < len(plan) else None

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan = self.controller.round.plan
        if action == "from_gaps":
            return not plan  # only for a round without a plan
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_row(event.cursor_row)

    def edit_row(self, row: int) -> None:
        ctl = self.controller
        plan = ctl.round.plan
        if not 0 <= row < len(plan):
            self.app.bell()
            return
        action = plan[row]
        if ctl.read_only:
            self.change(ctl.update_action, action.id)  # says why not
            return
        question = ctl.pack.indicator(action.indicator).question if action.indicator in ctl.indicator_ids() else ""
        self.app.push_screen(PlanActionDialog(action, question), lambda fields: self.edited(action.id, fields))

    def edited(self, plan_id: str, fields: dict[str, str] | None) -> None:
        if fields is None:
            return
        ctl = self.controller
        if self.change(lambda: ctl.update_action(plan_id, **fields)) and not ctl.save_error:
            self.notify(_("Action {id} saved.").format(id=plan_id))

    def action_new(self) -> None:
        ctl = self.controller
        if ctl.read_only:
            self.change(ctl.add_action, "", "")  # says why not
            return
        self.app.push_screen(IndicatorPicker(ctl), self.indicator_chosen)

    def indicator_chosen(self, indicator: str | None) -> None:
        if indicator is None:
            return
        from .discussion import ActionDialog

        ctl = self.controller
        self.app.push_screen(ActionDialog(indicator, ctl.next_action(indicator)), lambda row: self.action_added(indicator, row))

    def action_added(self, indicator: str, row: tuple[str, str, str] | None) -> None:
        if row is None:
            return
        text, owner, due = row
        ctl = self.controller
        if self.change(ctl.add_action, indicator, text, owner, parse_due(due)):
            new_id = ctl.round.plan[-1].id
            self.refresh_round(select=new_id)
            self.notify(_("Action {id} added to the plan.").format(id=new_id))

    def action_from_gaps(self) -> None:
        ctl = self.controller
        if ctl.round.plan:
            self.app.bell()
            return
        made = []
        if self.change(lambda: made.append(ctl.create_plan())):
            if made and made[0]:
                n = made[0]
                self.notify(ngettext("Plan created from the ranked gaps: {n} action.", "Plan created from the ranked gaps: {n} actions.", n).format(n=n))
            else:
                self.notify(_("No gaps: every indicator is at its target."))

    def action_back(self) -> None:
        self.dismiss()


class PlanActionDialog(ModalScreen[dict[str, str] | None]):
    """Edit one action of the plan; returns the fields as typed (the due date as text)."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]
    DEFAULT_CSS = """
    PlanActionDialog { align: center middle; }
    PlanActionDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PlanActionDialog #edit-question {
        color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; margin-bottom: 1;
    }
    PlanActionDialog #edit-fields {
        grid-size: 2; grid-columns: auto 1fr; grid-rows: 1; grid-gutter: 1 1; height: auto;
    }
    PlanActionDialog #edit-fields Label { color: $text-muted; }
    PlanActionDialog Input { border: none; height: 1; padding: 0 1; background: $boost; }
    PlanActionDialog Input:focus { border: none; background-tint: $foreground 10%; }
    PlanActionDialog #edit-error { color: $text-error; height: auto; margin-top: 1; }
    PlanActionDialog .hint { color: $text-muted; }
    """

    def __init__(self, action: PlanAction, question: str = ""):
        super().__init__()
        translate_bindings(self)
        self.action_row = action
        self.question = question

    def compose(self) -> ComposeResult:
        row = self.action_row
        with Vertical() as box:
            box.border_title = _("Action {id} · {indicator}").format(id=row.id, indicator=row.indicator)
            yield Static(safe(" ".join(self.question.split())), id="edit-question")
            with Grid(id="edit-fields"):
                yield Label(_("Action"))
                yield Input(" ".join(row.action.split()), id="edit-action", max_length=20_000)
                yield Label(_("Owner"))
                yield Input(row.owner, id="edit-owner", placeholder=_("who leads it"), max_length=200)
                yield Label(_("Partners"))
                yield Input(row.partners, id="edit-partners", max_length=200)
                yield Label(_("Due date"))
                yield Input(row.due.isoformat() if row.due else "", id="edit-due", placeholder="YYYY-MM-DD", max_length=10)
                yield Label(_("Status"))
                yield Choice([(status_word(s), s) for s in STATUS], row.status, id="edit-status")
                yield Label(_("Progress notes"))
                yield Input(" ".join(row.notes.split()), id="edit-notes", max_length=20_000)
            yield Static("", id="edit-error")
            yield Label(_("Enter: next field (in the last: save) · Ctrl+S saves · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#edit-owner", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "edit-notes":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#edit-{name}", Input).value.strip()

        error = self.query_one("#edit-error", Static)
        if not value("action"):
            error.update(_("Describe the action."))
            self.query_one("#edit-action", Input).focus()
            return
        try:
            parse_due(value("due"))
        except ValueError:
            error.update(_("The due date is a date written YYYY-MM-DD, e.g. 2027-03-31."))
            self.query_one("#edit-due", Input).focus()
            return
        fields = {name: value(name) for name in ("action", "owner", "partners", "due", "notes")}
        fields["status"] = self.query_one("#edit-status", Choice).value
        self.dismiss(fields)

    def action_cancel(self) -> None:
        self.dismiss(None)


class IndicatorPicker(ModalScreen[str | None]):
    """Choose the indicator of a new action: type its id (or words of its question) or pick it from the list."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("down", "to_list", show=False),
    ]
    DEFAULT_CSS = """
    IndicatorPicker { align: center middle; }
    IndicatorPicker > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    IndicatorPicker #pick-list { height: auto; max-height: 12; margin-top: 1; }
    IndicatorPicker #pick-error { color: $text-error; height: auto; }
    IndicatorPicker .hint { color: $text-muted; }
    """

    def __init__(self, controller) -> None:
        super().__init__()
        translate_bindings(self)
        pack = controller.pack
        self.indicators = [(ind_id, " ".join(pack.indicator(ind_id).question.split())) for ind_id in controller.indicator_ids()]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("New action: for which indicator?")
            example = self.indicators[0][0] if self.indicators else ""
            yield Input(id="pick-id", placeholder=_("indicator id (e.g. {id}) or words of its question").format(id=example))
            yield OptionList(*self._options(""), id="pick-list")
            yield Static("", id="pick-error")
            yield Label(_("Type to narrow the list; ↓ goes to it; Enter chooses; Esc cancels."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#pick-id", Input).focus()

    def _matches(self, typed: str) -> list[tuple[str, str]]:
        words = typed.casefold().split()
        return [(i, q) for i, q in self.indicators if all(w in f"{i} {q}".casefold() for w in words)]

    def _options(self, typed: str) -> list[Option]:
        return [Option(Text.assemble((i, "bold"), "  ", safe(cut(q, 70))), id=i) for i, q in self._matches(typed)]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        self.query_one("#pick-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        by_id = {i.casefold(): i for i, _q in self.indicators}
        if typed.casefold() in by_id:
            self.dismiss(by_id[typed.casefold()])
            return
        matches = self._matches(typed)
        if len(matches) == 1:
            self.dismiss(matches[0][0])
            return
        error = self.query_one("#pick-error", Static)
        if not matches:
            error.update(_("No indicator of this pack has the id or the words '{text}'.").format(text=safe(typed)))
        else:
            error.update(_("Several indicators match: choose one from the list (↓)."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)
