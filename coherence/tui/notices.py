"""Where the controllers tell the app that a save failed (no Textual, no pydantic here:
the app sets the hook at start-up without importing the session code)."""

from __future__ import annotations

from collections.abc import Callable

failure_hook: Callable[[str], None] | None = None  # shows "not saved: …" on the screen
