"""The top and bottom lines of every screen: the title, and the keys that work here.

Textual's Header and Footer build several widgets each; these are one widget each,
which the first frame of the program feels (see the classes).
"""

from __future__ import annotations

from itertools import groupby

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget


class TitleBar(Widget, can_focus=False):
    """The app's title and subtitle (the pack), centred, as Textual's Header draws them.

    The Header adds an icon for the command palette (not used here) and a clock space:
    four widgets, 6 ms of the setup screen's first frame.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)

    def _retitle(self, _value: str) -> None:
        self.refresh()

    def render(self) -> Text:
        text = Text(self.app.title, no_wrap=True, overflow="ellipsis", justify="center")
        if self.app.sub_title:
            text.append(" — ", style="dim")
            text.append(self.app.sub_title, style="dim")
        return text


class KeyBar(Widget, can_focus=False):
    """The keys that work here, and what they do; a click on a key presses it.

    It shows what Textual's Footer shows (the shown bindings of the focused widget, its
    screen and the app, updated as focus moves) as one line of text. The Footer builds
    a widget per key and builds them again once the first frame is drawn: 45 ms of the
    setup screen's first frame.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeyBar > .keybar--description { color: $footer-description-foreground; background: $footer-description-background; }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        shown: set[str] = set()
        entries = []  # (binding, enabled): one per action, as the Footer
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown.add(binding.action)
                entries.append((binding, enabled))
        # Bindings of one group (e.g. ← and → for previous / next) share one entry.
        items = []  # (keys, description, enabled, members)
        for _group, members in groupby(entries, key=lambda entry: entry[0].group or id(entry)):
            members = list(members)
            first, enabled = members[0]
            if len(members) > 1:
                keys = "".join(self.app.get_key_display(binding) for binding, _enabled in members)
                description = first.group.description
            else:
                keys, description = self.app.get_key_display(first), first.description
            items.append((keys, description, enabled, members))
        # On a narrow terminal every key stays in sight: the longest descriptions are
        # shortened first (to one budget, ending in "…") rather than the last keys cut off.
        width = self.size.width or 80
        keys_width = sum(len(k) + 3 for k, _d, _e, _m in items)
        if keys_width + sum(len(d) for _k, d, _e, _m in items) > width and items:
            budget = max((len(d) for _k, d, _e, _m in items), default=0)
            while budget > 3 and keys_width + sum(min(len(d), budget) for _k, d, _e, _m in items) > width:
                budget -= 1
            items = [(k, d if len(d) <= budget else d[: budget - 1] + "…", e, m) for k, d, e, m in items]
        for keys, description, enabled, members in items:
            dim = Style() if enabled else Style(dim=True)
            start = len(text)
            text.append(f" {keys} ", style=key_style + dim)
            text.append(f"{description} ", style=description_style + dim)
            for binding, member_enabled in members:  # a click on a group presses its first key
                self._spans.append((start, len(text), binding.key, member_enabled))
                break
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key.split(",")[0].strip())
                else:
                    self.app.bell()
                return
