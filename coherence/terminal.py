"""Text from files, made safe to show: nothing read from a file reaches the terminal raw.

A name, a note or a cell can hold control characters and escape sequences (``ESC [``
…) that would move the cursor, recolour or clear a facilitator's terminal, or change
its title. :func:`safe` shows them escaped (``\\x1b``); :func:`shown` also escapes Rich
markup, for text printed through Rich (``[red]`` in a department's name stays text).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# that can reorder what a line appears to say.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with control characters and escape sequences shown escaped."""
    return _UNSAFE.sub(_escape, str(text))


def shown(text: object) -> str:
    """:func:`safe`, and Rich markup escaped: for text printed through Rich."""
    from rich.markup import escape

    return escape(safe(text))
