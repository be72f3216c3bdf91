"""A field whose value is one of a few options, all shown on one line.

The setup screen has four such fields (pack, language, two levels of government).
Textual's Select builds six widgets for each and a drop-down list to open; this is one
widget, drawn as a row of options with the chosen one highlighted, and is changed in
place: ← and → (or Space) step through the options, a click picks one; Enter moves on
to the next field, as in a text field. When the
options do not fit on the line, only the chosen one is shown, between arrows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

PREVIOUS, NEXT = "◂", "▸"


def _plain(text: str) -> str:
    """``text`` without case, accents or surrounding spaces (how a pasted name is matched)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


class Choice(Widget, can_focus=True):
    """One option of a few, chosen in place (see the module docstring)."""

    DEFAULT_CSS = """
    Choice {
        width: 1fr;
        height: 1;
        background: $surface;
        color: $foreground 60%;
        pointer: pointer;
        &:focus { background-tint: $foreground 5%; }
    }
    Choice > .choice--chosen { color: $foreground; background: $primary-muted; text-style: bold; }
    Choice:focus > .choice--chosen { color: $block-cursor-foreground; background: $block-cursor-background; }
    Choice > .choice--arrow { color: $foreground 50%; }
    """
    COMPONENT_CLASSES = {"choice--chosen", "choice--arrow"}
    # Priority bindings run as the app reads each key, before the next one is routed:
    # keys that arrive together (a paste, a fast typist) act on the field they were
    # typed into. Enter moves on, as in the text fields around it: typing
    # "name ⏎ country ⏎ ⏎" must not change a level on the way.
    BINDINGS = [
        Binding("left", "step(-1)", show=False, priority=True),
        Binding("right,space", "step(1)", show=False, priority=True),
        Binding("enter", "next_field", show=False, priority=True),
    ]

    class Changed(Message):
        """The chosen option changed (by key or click)."""

        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Sequence[tuple[str, str]], value: str | None = None, *, id: str | None = None) -> None:
        """``options`` are (label, value) pairs; ``value`` is the one chosen first."""
        super().__init__(id=id)
        if not options:
            raise ValueError("a Choice needs at least one option")
        self._options = list(options)
        values = [v for _label, v in self._options]
        self._index = values.index(value) if value in values else 0
        self._spans: list[tuple[int, int, int]] = []  # (start, end, option index) as drawn

    @property
    def value(self) -> str:
        return self._options[self._index][1]

    @property
    def label(self) -> str:
        return self._options[self._index][0]

    def choose(self, index: int) -> None:
        """Choose the option at ``index`` (wrapping round); say so if it changed."""
        index %= len(self._options)
        if index == self._index:
            return
        self._index = index
        self.refresh()
        self.post_message(self.Changed(self, self.value))

    def pick(self, text: str) -> bool:
        """Choose the option named ``text`` (its label or value, in any case, with or without accents).

        False, and nothing chosen, when no option has that name.
        """
        wanted = _plain(text)
        for index, (label, value) in enumerate(self._options):
            if wanted and wanted in (_plain(label), _plain(value)):
                self.choose(index)
                return True
        return False

    def action_step(self, delta: int) -> None:
        self.choose(self._index + delta)

    def action_next_field(self) -> None:
        self.screen.focus_next()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, index in self._spans:
            if start <= offset.x < end:
                if index >= 0:
                    self.choose(index)
                else:  # an arrow of the one-option view
                    self.action_step(-1 if index == -1 else 1)
                return

    def render(self) -> Text:
        chosen = self.get_component_rich_style("choice--chosen")
        labels = [f" {label} " for label, _value in self._options]
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        if sum(map(len, labels)) + len(labels) - 1 <= self.content_size.width:
            for index, label in enumerate(labels):
                if index:
                    text.append(" ")
                start = len(text)
                text.append(label, style=chosen if index == self._index else "")
                self._spans.append((start, len(text), index))
            return text
        arrow = self.get_component_rich_style("choice--arrow")
        count = f"  {self._index + 1}/{len(self._options)}"
        room = max(3, self.content_size.width - len(count) - 4)
        label = Text(labels[self._index], style=chosen)
        label.truncate(room, overflow="ellipsis")
        text.append(f"{PREVIOUS} ", style=arrow)
        self._spans.append((0, 2, -1))
        text.append_text(label)
        self._spans.append((2, len(text), self._index))
        text.append(f" {NEXT}", style=arrow)
        self._spans.append((len(text) - 2, len(text) + 1, -2))
        text.append(count, style=arrow)
        return text
