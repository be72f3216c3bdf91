"""One indicator: question, guidance, evidence examples, answer options, notes.

The question and every answer option stay on screen, at 80×24 too: the guidance and
the evidence examples are folded to one line each (g shows them in full), and the
notes and evidence fields scroll below the options.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from ...i18n import N_, _
from ...models import Special
from ..bars import KeyBar, TitleBar
from ..widgets import SessionScreen, bar, lead, translate_bindings

ANSWER = Binding.Group(N_("Answer"), compact=True)
MOVE = Binding.Group(N_("Previous/next"), compact=True)
MAX_DIGIT = 9


class AnswerOption(Static):
    """One answer the user can give; a click answers like its key."""

    def __init__(self, key: str, choice: int | str, label: str):
        super().__init__(classes="answer-option")
        self.key = key
        self.choice = choice
        self.label = label

    def show(self, chosen: bool) -> None:
        self.set_class(chosen, "-chosen")
        marker = "●" if chosen else " "
        self.update(Text.assemble((f" {self.key} ", "bold reverse"), f" {marker} ", self.label))

    def on_click(self) -> None:
        self.screen.answer(self.choice)


class FoldedText(Widget):
    """A text shown on one line; when cut, it ends with the key (g) that shows it in full.

    A click opens the full text, like the key.
    """

    DEFAULT_CSS = """
    FoldedText { height: 1; color: $text-muted; }
    """
    KEY = "g"

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._lead = ""
        self._body = ""

    def show(self, lead_text: str, body: str) -> None:
        self._lead, self._body = lead_text, " ".join(body.split())
        self.refresh()

    @property
    def folded(self) -> bool:
        """Whether the text is cut on its line."""
        return Text.assemble(self._lead, self._body).cell_len > self.content_size.width

    def render(self) -> Text:
        text = Text.assemble((self._lead, "italic"), self._body, no_wrap=True, overflow="ellipsis")
        width = self.content_size.width
        if text.cell_len > width:
            tag = Text.assemble(" ", (f" {self.KEY} ", "bold reverse"))
            text.truncate(max(1, width - tag.cell_len), overflow="ellipsis")
            text.append_text(tag)
        return text

    def on_click(self) -> None:
        self.screen.action_guidance()


class GuidanceScreen(ModalScreen[None]):
    """The indicator's question, its guidance and evidence examples in full; Esc or g closes."""

    BINDINGS = [
        Binding("escape,g", "close", N_("Close"), key_display="Esc"),
        Binding("q", "app.quit", N_("Quit")),
    ]
    DEFAULT_CSS = """
    GuidanceScreen { align: center middle; }
    GuidanceScreen > VerticalScroll {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 2;
        border-subtitle-color: $text-muted;
    }
    GuidanceScreen .guidance-part { margin-top: 1; }
    """

    def __init__(self, question: str, guidance: str, examples: list[str]) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.guidance = guidance
        self.examples = list(examples)

    def compose(self) -> ComposeResult:
        box = VerticalScroll(id="guidance-box")
        box.border_title = _("Guidance")
        box.border_subtitle = _("{keys}: close").format(keys="Esc / g")
        with box:
            yield Static(Text(self.question, style="bold"), classes="guidance-part", id="full-question")
            if self.guidance:
                yield Static(Text.assemble((lead(N_("Guidance")), "italic"), self.guidance), classes="guidance-part", id="full-guidance")
            if self.examples:
                lines = Text(lead(N_("Evidence examples")), style="italic")
                for example in self.examples:
                    lines.append(f"\n• {example}", style="")
                yield Static(lines, classes="guidance-part", id="full-examples")
            yield Static("", classes="guidance-part")

    def action_close(self) -> None:
        self.dismiss()


class IndicatorScreen(SessionScreen):
    """Answer the current indicator of the session and move on."""

    CSS_PATH = "indicator.tcss"
    AUTO_FOCUS = ""  # no field focused: digit keys answer until the user tabs into a field
    BINDINGS = [
        *[
            Binding(str(n), f"answer({n})", N_("Answer"), group=ANSWER)
            for n in range(MAX_DIGIT + 1)
        ],
        Binding("d", "answer('dk')", N_("Don't know")),
        Binding("n", "answer('na')", N_("Not applicable")),
        Binding("left,pageup", "previous", N_("Previous"), key_display="←", group=MOVE),
        Binding("right,pagedown", "next", N_("Next"), key_display="→", group=MOVE),
        Binding("s", "sectors", N_("Sectors")),
        Binding("g", "guidance", N_("Guidance")),
        Binding("t", "target", N_("Target")),
        Binding("escape", "cancel_target", show=False),  # t then Esc: no target set
        Binding("escape", "leave_field", N_("Leave field"), key_display="Esc"),  # shown while a field has focus
        Binding("escape", "back", show=False),  # otherwise Esc goes back to the sectors
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
    ]
    HELP_TITLE = N_("Indicator")
    HELP_KEYS = (
        ("0–3", N_("answer with that level and go to the next indicator")),
        ("d", N_("don't know")),
        ("n", N_("not applicable")),
        ("← / PgUp", N_("previous indicator")),
        ("→ / PgDn", N_("next indicator")),
        ("s", N_("back to the sector overview")),
        ("g", N_("the guidance and evidence examples in full")),
        ("t 0–3", N_("set the level this indicator should reach (the target; default: the top level)")),
        ("Tab", N_("write notes and evidence (keys type text there)")),
        ("Esc", N_("leave the text field")),
        ("↑ / ↓", N_("scroll")),
    )

    def __init__(self) -> None:
        super().__init__()
        self._shown: str | None = None
        self._scale: str | None = None
        self._target_mode = False  # t was pressed: the next level key sets the target
        self._options: list[AnswerOption] = []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="where"):
            yield Static(id="where-indicator")
            yield Static(id="where-progress")
        # The question and the answer options never scroll out of sight; the notes and
        # evidence fields scroll in the room left below them.
        with Vertical(id="indicator-top"):
            yield Static(id="question")
            yield FoldedText(id="guidance")
            yield FoldedText(id="evidence-examples")
            yield Static(id="answers-title", classes="field-title")
            yield Vertical(id="answers")
        with VerticalScroll(id="indicator-body", can_focus=False):
            yield Label(_("Notes"), classes="field-title")
            yield TextArea(id="notes", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
            yield Label(_("Evidence"), classes="field-title")
            yield Input(id="evidence", placeholder=_("documents that support the answer"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_indicator()

    # ------------------------------------------------------------------ showing

    def show_indicator(self) -> None:
        """Fill the screen with the controller's current indicator."""
        ctl = self.controller
        ind = ctl.current
        sector = ctl.sector_of(ind.id)
        number, count = ctl.position_in_sector(ind.id)
        progress = ctl.sector_progress(sector.id)
        total = ctl.total_progress()
        self.query_one("#where-indicator", Static).update(
            Text.assemble(  # id first: on a narrow screen the sector title is what gets cut
                (ind.id, "bold"),
                " · ",
                _("indicator {number} of {count}").format(number=number, count=count),
                " · ",
                (sector.title, "bold"),
            )
        )
        self.query_one("#where-progress", Static).update(
            Text.assemble(
                bar(progress.fraction, 8, "green" if progress.done else "blue"),
                " ",
                _("{answered}/{total} answered ({all_answered}/{all_total} in all)").format(
                    answered=progress.answered, total=progress.total, all_answered=total.answered, all_total=total.total
                ),
            )
        )
        self.query_one("#question", Static).update(Text(ind.question, style="bold"))
        guidance = self.query_one("#guidance", FoldedText)
        guidance.display = bool(ind.guidance)
        guidance.show(lead(N_("Guidance")), ind.guidance)
        examples = self.query_one("#evidence-examples", FoldedText)
        examples.display = bool(ind.evidence)
        examples.show(lead(N_("Evidence examples")), "; ".join(ind.evidence))
        self._target_mode = False
        self._show_target()
        self._show_options(ind.id)
        answer = ctl.answer_of(ind.id)
        notes = self.query_one("#notes", TextArea)
        evidence = self.query_one("#evidence", Input)
        with self.prevent(TextArea.Changed, Input.Changed):
            if notes.text != answer.notes:
                notes.load_text(answer.notes)
            if evidence.value != answer.evidence:
                evidence.value = answer.evidence
        self._shown = ind.id
        self.query_one("#indicator-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _show_options(self, indicator_id: str) -> None:
        ctl = self.controller
        scale = ctl.pack.scale_for(ctl.pack.indicator(indicator_id))
        chosen = ctl.choice_of(indicator_id)
        if scale.id != self._scale:
            box = self.query_one("#answers", Vertical)
            options = [AnswerOption(str(lv.level), lv.level, lv.label) for lv in scale.levels]
            options.append(AnswerOption("d", "dk", _("Don't know")))
            options.append(AnswerOption("n", "na", _("Not applicable")))
            box.remove_children()
            box.mount_all(options)
            self._scale, self._options = scale.id, options
        special = {"dk": Special.dont_know, "na": Special.not_applicable}
        for option in self._options:
            option.show(special.get(option.choice, option.choice) == chosen)

    # ------------------------------------------------------------------ keys

    # Keys that type text (or move the cursor) while a notes or evidence field has focus;
    # the key bar hides them there and shows Esc, which leaves the field.
    _TYPING_KEYS = frozenset({"answer", "previous", "next", "sectors", "guidance", "target"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, (Input, TextArea))
        if action == "cancel_target":
            return self._target_mode
        if action == "leave_field":
            return typing
        if action == "back":
            return not typing
        if typing and action in self._TYPING_KEYS:
            return False
        if action == "answer" and parameters and isinstance(parameters[0], int):
            ctl = self.controller
            return parameters[0] in ctl.levels(ctl.current_id)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def answer(self, choice: int | str) -> None:
        """Record the answer, then go to the next indicator of the sector.

        After the sector's last indicator: its first unanswered one, or the overview
        when every indicator of the sector has an answer.
        """
        ctl = self.controller
        try:
            ctl.answer(ctl.current_id, choice)
        except ValueError:
            self.app.bell()
            return
        sector = ctl.sector_of(ctl.current_id).id
        if ctl.next_in_sector() is not None:
            self.show_indicator()
        elif not ctl.sector_progress(sector).done:
            ctl.go(ctl.first_unanswered(sector))
            self.show_indicator()
        else:  # the overview says so, on a line above its key bar
            self.dismiss(sector)

    def action_answer(self, choice: int | str) -> None:
        if self._target_mode:  # t then a level: the target, not the answer
            self._target_mode = False
            if isinstance(choice, int):
                self.controller.set_target(self.controller.current_id, choice)
                self._show_target()
            else:
                self.app.bell()
            self.refresh_bindings()
            return
        self.answer(choice)

    def action_target(self) -> None:
        self._target_mode = True
        levels = self.controller.levels(self.controller.current_id)
        self.query_one("#answers-title", Static).update(
            _("Target: press the level this indicator should reach ({low}–{high}); Esc cancels.").format(low=levels[0], high=levels[-1])
        )
        self.refresh_bindings()

    def action_cancel_target(self) -> None:
        self._target_mode = False
        self._show_target()
        self.refresh_bindings()

    def _show_target(self) -> None:
        """The answers' title says the target when one is set (else the top level counts)."""
        ctl = self.controller
        answer = ctl.answer_of(ctl.current_id)
        title = _("Answer")
        if answer.target is not None:
            scale = ctl.pack.scale_for(ctl.pack.indicator(ctl.current_id))
            title = _("Answer · target: {level}").format(level=scale.label_of(answer.target))
        self.query_one("#answers-title", Static).update(title)

    def action_previous(self) -> None:
        if self.controller.previous() is None:
            self.app.bell()
            return
        self.show_indicator()

    def action_next(self) -> None:
        if self.controller.next() is None:
            self.app.bell()
            return
        self.show_indicator()

    def action_sectors(self) -> None:
        self.dismiss()

    def action_guidance(self) -> None:
        ind = self.controller.current
        self.app.push_screen(GuidanceScreen(ind.question, ind.guidance, ind.evidence))

    def action_leave_field(self) -> None:
        self.set_focus(None)

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#indicator-body", VerticalScroll)
        if direction == "up":
            body.scroll_up()
        else:
            body.scroll_down()

    # ------------------------------------------------------------------ text fields

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._shown and event.text_area.id == "notes":
            self._save_text("notes", event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._shown and event.input.id == "evidence":
            self._save_text("evidence", event.value)

    def _save_text(self, field: str, text: str) -> None:
        ctl = self.controller
        try:
            if field == "notes":
                ctl.set_notes(self._shown, text)
            else:
                ctl.set_evidence(self._shown, text)
        except ValueError:  # longer than a session allows
            self.notify(_("This text is too long to be saved."), severity="error")
