"""Discuss one indicator: each respondent's answer side by side, the median, the agreed answer.

Keys record what the workshop agrees: a level (0–3), don't know or not applicable;
``t`` then a level sets the target; ``a`` adds an action to the plan. The round's
scores shown at the bottom change as soon as an answer is agreed.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...i18n import N_, _, format_number
from ...models import Special
from ...terminal import safe
from ..bars import KeyBar, TitleBar
from ..round_state import parse_due, sector_code
from ..widgets import RoundNotice, RoundScreen, choice_words, gov_level_word, lead, score_text, translate_bindings
from .indicator import AnswerOption

AGREE = Binding.Group(N_("Agree"), compact=True)
MOVE = Binding.Group(N_("Previous/next"), compact=True)
MAX_DIGIT = 9


class DiscussionScreen(RoundScreen):
    """One indicator of the agenda; ← → move along the agenda as it was when opened."""

    CSS_PATH = "discussion.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        *[Binding(str(n), f"digit({n})", N_("Agree"), group=AGREE) for n in range(MAX_DIGIT + 1)],
        Binding("d", "agree('dk')", N_("Don't know")),
        Binding("n", "agree('na')", N_("Not applicable")),
        Binding("t", "target", N_("Target")),
        Binding("a", "action", N_("Action")),
        Binding("x", "clear", N_("Clear"), show=False),
        Binding("g", "guidance", N_("Guidance")),
        Binding("left,pageup", "move(-1)", N_("Previous"), key_display="←", group=MOVE),
        Binding("right,pagedown", "move(1)", N_("Next"), key_display="→", group=MOVE),
        Binding("escape", "back", N_("Back"), key_display="Esc"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]
    HELP_TITLE = N_("Discussion")
    HELP_KEYS = (
        ("0–3", N_("record that level as the agreed answer")),
        ("d / n", N_("agreed: don't know / not applicable")),
        ("x", N_("clear the agreed answer")),
        ("t 0–3", N_("set the target level")),
        ("a", N_("add an action to the plan (text, owner, due date)")),
        ("g", N_("show or fold the guidance")),
        ("← / →", N_("previous / next indicator to discuss")),
        ("Esc", N_("back to the list (t: cancel the target)")),
        ("↑ / ↓", N_("scroll the answers")),
    )

    def __init__(self, indicators: list[str], index: int = 0):
        super().__init__()
        self.indicators = list(indicators)
        self.index = max(0, min(index, len(self.indicators) - 1))
        self.target_mode = False
        self.full_guidance = False
        self._scale: str | None = None
        self._options: list[AnswerOption] = []

    @property
    def current(self) -> str:
        return self.indicators[self.index]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="where")
        with VerticalScroll(id="discussion-body", can_focus=False):
            yield Static(id="question")
            yield Static(id="guidance")
            yield Static(id="answers-table")
        with Vertical(id="agree-box"):
            yield Static(id="median-line")
            yield Grid(id="agree-options")
            yield Static(id="score-line")
        yield RoundNotice()
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_round()
        self.show_save_state()

    # ------------------------------------------------------------------ showing

    def refresh_round(self) -> None:
        ctl = self.controller
        pack = ctl.pack
        ind_id = self.current
        ind = pack.indicator(ind_id)
        sector = ctl.sector_of(ind_id)
        self.query_one("#where", Static).update(
            Text.assemble(
                (ind_id, "bold"),
                " · ",
                _("{number} of {count} to discuss").format(number=self.index + 1, count=len(self.indicators)),
                " · ",
                (f"{sector_code(sector)} {sector.title}", "bold"),
            )
        )
        self.query_one("#question", Static).update(Text(ind.question, style="bold"))
        guidance = self.query_one("#guidance", Static)
        guidance.set_class(not self.full_guidance, "-folded")
        guidance.update(Text.assemble((lead(N_("Guidance")), "italic"), " ".join(ind.guidance.split())))
        self.query_one("#answers-table", Static).update(self._answers_table(ind_id))
        self._show_options(ind_id)
        self._show_lines(ind_id)
        self.refresh_bindings()

    def after_change(self) -> None:
        """An agreed answer, a target or an action changes the options and the lines under them only."""
        self._show_options(self.current)
        self._show_lines(self.current)

    def _answers_table(self, ind_id: str) -> Table:
        ctl = self.controller
        table = Table(box=None, padding=(0, 1), expand=True, header_style="bold", show_edge=False)
        table.add_column(_("Respondent"), ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(_("Level"), no_wrap=True)
        table.add_column(_("Answer"), ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(_("Notes"), ratio=3, overflow="fold")
        table.add_column(_("Evidence"), ratio=2, overflow="fold")
        for label, level, answer in ctl.answers_of(ind_id):
            choice = None if answer is None else answer.choice
            words = choice_words(ctl.pack, ind_id, choice)
            style = "dim" if choice is None else ("bold" if type(choice) is int else "")
            table.add_row(
                safe(label),
                gov_level_word(level),
                Text(words, style=style),
                safe(answer.notes) if answer else "",
                safe(answer.evidence) if answer else "",
            )
        return table

    def _show_options(self, ind_id: str) -> None:
        ctl = self.controller
        scale = ctl.pack.scale_for(ctl.pack.indicator(ind_id))
        if scale.id != self._scale:
            box = self.query_one("#agree-options", Grid)
            options = [AnswerOption(str(lv.level), lv.level, lv.label) for lv in scale.levels]
            options.append(AnswerOption("d", "dk", _("Don't know")))
            options.append(AnswerOption("n", "na", _("Not applicable")))
            box.remove_children()
            box.mount_all(options)
            self._scale, self._options = scale.id, options
        agreed = ctl.agreed_of(ind_id)
        special = {"dk": Special.dont_know, "na": Special.not_applicable}
        for option in self._options:
            option.show(special.get(option.choice, option.choice) == agreed)

    def _show_lines(self, ind_id: str) -> None:
        ctl = self.controller
        pack = ctl.pack
        agreed = ctl.agreed_of(ind_id)
        target, set_here = ctl.target_of(ind_id)
        line = Text.assemble(
            (lead(N_("Median")), "bold"),
            choice_words(pack, ind_id, ctl.median_of(ind_id)),
            "   ",
            (lead(N_("Agreed")), "bold"),
            (choice_words(pack, ind_id, agreed), "bold green" if agreed is not None else "dim"),
            "   ",
            (lead(N_("Target")), "bold"),
            str(target) if set_here else _("{level} (default)").format(level=target),
        )
        if self.target_mode:
            line = Text(_("Target: press a level (0–3); Esc cancels."), style="bold reverse")
        self.query_one("#median-line", Static).update(line)
        scores = ctl.scores
        sector = ctl.sector_of(ind_id)
        value = scores.sectors.get(sector.id)
        actions = [a.id for a in ctl.round.plan if a.indicator == ind_id]
        score_line = Text.assemble(
            (lead(N_("Round score")), "bold"),
            score_text(scores.overall),
            " · ",
            f"{sector_code(sector)} ",
            "—" if value is None else format_number(value, 1),
            " · ",
            _("{k} of {n} agreed").format(k=ctl.agreed_count()[0], n=ctl.agreed_count()[1]),
        )
        if actions:
            score_line.append(" · " + _("plan: {ids}").format(ids=", ".join(actions)))
        self.query_one("#score-line", Static).update(score_line)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "digit" and parameters and isinstance(parameters[0], int):
            return parameters[0] in self.controller.levels(self.current)
        return True

    def action_digit(self, level: int) -> None:
        if self.target_mode:
            self.target_mode = False
            if not self.change(self.controller.set_target, self.current, level):
                self._show_lines(self.current)
            return
        self.answer(level)

    def action_agree(self, choice: str) -> None:
        if self.target_mode:
            self.app.bell()
            return
        self.answer(choice)

    def answer(self, choice: int | str) -> None:
        """Record the agreed answer (AnswerOption calls it on a click)."""
        self.change(self.controller.agree, self.current, choice)

    def action_clear(self) -> None:
        self.change(self.controller.clear_agreement, self.current)

    def action_target(self) -> None:
        if self.controller.read_only:
            self.change(self.controller.set_target, self.current, None)  # says why not
            return
        self.target_mode = True
        self._show_lines(self.current)

    def action_guidance(self) -> None:
        self.full_guidance = not self.full_guidance
        self.query_one("#guidance", Static).set_class(not self.full_guidance, "-folded")

    def action_move(self, step: int) -> None:
        index = self.index + step
        if not 0 <= index < len(self.indicators):
            self.app.bell()
            return
        self.index = index
        self.target_mode = False
        self.refresh_round()
        self.query_one("#discussion-body", VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        if self.target_mode:
            self.target_mode = False
            self._show_lines(self.current)
            return
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#discussion-body", VerticalScroll)
        if direction == "up":
            body.scroll_up()
        else:
            body.scroll_down()

    def action_action(self) -> None:
        ctl = self.controller
        if ctl.read_only:
            self.change(ctl.add_action, self.current, "")  # says why not
            return
        self.app.push_screen(ActionDialog(self.current, ctl.next_action(self.current)), self.action_added)

    def action_added(self, row: tuple[str, str, str] | None) -> None:
        if row is None:
            return
        text, owner, due = row
        if self.change(self.controller.add_action, self.current, text, owner, parse_due(due)):
            self.notify(_("Action {id} added to the plan.").format(id=self.controller.round.plan[-1].id))


class ActionDialog(ModalScreen[tuple[str, str, str] | None]):
    """A new plan row: the action (the pack's next-level action to start from), owner, due date."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Add")),
    ]
    DEFAULT_CSS = """
    ActionDialog { align: center middle; }
    ActionDialog > Vertical {
        width: 76; max-width: 95%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ActionDialog Label { margin-top: 1; }
    ActionDialog #action-error { color: $text-error; }
    ActionDialog .hint { color: $text-muted; }
    """

    def __init__(self, indicator: str, action: str):
        super().__init__()
        translate_bindings(self)
        self.indicator = indicator
        self.action_text = action

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("New action for {id}").format(id=self.indicator)
            yield Label(_("Action"))
            yield Input(" ".join(self.action_text.split()), id="action-text")
            yield Label(_("Owner"))
            yield Input(id="action-owner", placeholder=_("who leads it"))
            yield Label(_("Due date"))
            yield Input(id="action-due", placeholder="YYYY-MM-DD")
            yield Static("", id="action-error")
            yield Label(_("Enter: next field (in the last: add) · Ctrl+S adds · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "action-due":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        owner = self.query_one("#action-owner", Input).value.strip()
        due = self.query_one("#action-due", Input).value.strip()
        error = self.query_one("#action-error", Static)
        if not text:
            error.update(_("Describe the action."))
            self.query_one("#action-text", Input).focus()
            return
        try:
            parse_due(due)
        except ValueError:
            error.update(_("The due date is a date written YYYY-MM-DD, e.g. 2027-03-31."))
            self.query_one("#action-due", Input).focus()
            return
        self.dismiss((text, owner, due))

    def action_cancel(self) -> None:
        self.dismiss(None)
