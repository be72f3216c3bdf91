"""The plain enumerations of answers and profiles, importable without pydantic.

:mod:`coherence.models` validates them and re-exports them; the words and the
terminal UI's first screen use them before any model is needed, so keeping them
here lets that screen open without importing pydantic (about 100 ms).
"""

from __future__ import annotations

from enum import Enum


class GovLevel(str, Enum):
    local = "local"
    regional = "regional"
    national = "national"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class Special(str, Enum):
    dont_know = "dont_know"
    not_applicable = "not_applicable"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value
