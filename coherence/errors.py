"""User-facing errors: one line naming the file and the place, exit code 2."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A mistake in the user's input, reported in one line without a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | Path | None = None, place: str | None = None):
        self.file = str(file) if file is not None else None
        self.place = place
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        where = self.file or ""
        if self.place:
            where = f"{where}:{self.place}" if where else self.place
        from .terminal import safe

        text = " ".join(self.message.split())
        return safe(f"{where}: {text}" if where else text)


class PackError(UserError):
    """A pack failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problems in pack" if len(problems) != 1 else "1 problem in pack", file=None)

    def line(self) -> str:
        return self.problems[0] if len(self.problems) == 1 else f"{len(self.problems)} problems; first: {self.problems[0]}"
