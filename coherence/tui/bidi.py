"""Right-to-left text (Arabic) on terminals that do not reorder it themselves.

Most terminals (xterm, the Linux console, Windows Terminal, tmux, the VS Code terminal)
draw characters in the order they are sent: Arabic then reads backwards, its letters
unjoined. GNOME Terminal and Konsole (VTE and Konsole's bidi mode) reorder by
themselves. ``--bidi app`` (the default, or ``$COHERENCE_BIDI=app``) lets coherence put
every run of right-to-left text in visual order and shape its letters
(arabic-reshaper, python-bidi) just before the line is sent to the terminal;
``--bidi terminal`` leaves it to a terminal that does it itself.

It works on each styled run of a line (a label, a cell, a line of a wrapped
paragraph), keeps the run's width in cells so nothing on the screen moves, and leaves
text without right-to-left letters untouched. It is a Textual line filter: the custom
piece earns its place because Textual has no bidi support of its own.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from textual.filter import LineFilter

# Hebrew, Arabic, Syriac, Thaana, NKo… and the Arabic presentation forms
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
MODES = ("app", "terminal")


def bidi_mode() -> str:
    """``app`` or ``terminal``, from ``$COHERENCE_BIDI`` (the command line sets it)."""
    mode = os.environ.get("COHERENCE_BIDI", "app").strip().lower()
    return mode if mode in MODES else "app"


@lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """``text`` shaped and in visual order, padded to keep its width in cells."""
    import arabic_reshaper
    from bidi import get_display

    shown = get_display(arabic_reshaper.reshape(text))
    missing = cell_len(text) - cell_len(shown)  # a lam-alef ligature is one cell for two
    return shown + " " * missing if missing > 0 else shown


class BidiFilter(LineFilter):
    """Shape and reorder each run of right-to-left text of a rendered line."""

    def apply(self, segments: list[Segment], background) -> list[Segment]:  # noqa: ARG002 - the filter API
        if not any(not s.control and _RTL.search(s.text) for s in segments):
            return segments
        return [s if s.control or not _RTL.search(s.text) else Segment(visual(s.text), s.style, s.control) for s in segments]
