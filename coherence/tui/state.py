"""The workshop session behind the terminal UI: pure Python, no Textual.

A :class:`SessionController` holds the pack, the assessment and the session file.
Every change (an answer, notes, evidence, moving to another indicator) is saved to the
session file at once, so quitting or killing the program never loses anything. The
screens only call these methods and show what they return; no scoring happens here
beyond calling :func:`coherence.scoring.score`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..i18n import set_language
from ..models import Answer, Assessment, Authority, Indicator, Pack, Respondent, Scores, Sector, Special
from ..scoring import score
from ..sessions import load_session, new_session_path, save_session

Choice = int | str | Special | None

_SPECIAL = {
    "dk": Special.dont_know,
    "dont_know": Special.dont_know,
    "na": Special.not_applicable,
    "not_applicable": Special.not_applicable,
}


@dataclass(frozen=True, slots=True)
class Progress:
    """How many indicators of a sector (or of the pack) have an answer."""

    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.answered >= self.total

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0


class SessionController:
    """One respondent's session: answers, navigation, progress and scores.

    The session file is locked while the controller has it (a second ``coherence`` on
    the same file is told who holds it), unless it is opened read-only. A save that
    fails (disk full, read-only folder) keeps everything in memory, is reported through
    :mod:`coherence.tui.notices` (the app shows it) and is tried again at the next
    change and when the session is closed: nothing is lost and nothing raises into the
    screens.
    """

    def __init__(self, pack: Pack, assessment: Assessment, path: str | Path, *, read_only: bool = False, lock=None):
        self.pack = pack
        self.assessment = assessment
        self.path = Path(path)
        self.read_only = read_only
        self.lock = lock
        self.save_error: str | None = None
        self._order = [ind.id for ind in pack.indicators()]
        self._sector_of = {ind.id: sector.id for sector in pack.sectors for ind in sector.indicators}
        position = assessment.position
        self._index = self._order.index(position) if position in self._sector_of else 0

    # ------------------------------------------------------------------ creation

    @classmethod
    def create(
        cls,
        pack: Pack,
        *,
        directory: Path | None = None,
        path: str | Path | None = None,
        language: str = "en",
        authority: Authority | dict | None = None,
        respondent: Respondent | dict | None = None,
    ) -> SessionController:
        """Start a new session and write its file (named after the authority)."""
        authority = Authority.model_validate(authority or {})
        respondent = Respondent.model_validate(respondent or {})
        assessment = Assessment(
            pack_id=pack.id,
            pack_version=pack.version,
            language=language,
            authority=authority,
            respondent=respondent,
        )
        target = Path(path) if path is not None else new_session_path(authority.name, directory)
        controller = cls(pack, assessment, target)
        controller.save()
        return controller

    @classmethod
    def resume(cls, path: str | Path, pack: Pack, assessment: Assessment | None = None) -> SessionController:
        """Continue the session saved in ``path`` (raises UserError for a bad file)."""
        assessment = assessment or load_session(path)
        if assessment.pack_id != pack.id:
            raise UserError(f"this session answers pack '{assessment.pack_id}', not '{pack.id}'", file=path)
        return cls(pack, assessment, path)

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write the session file now (atomic; the previous save is kept as .bak).

        False when it could not be written (read-only, or the write failed: the answers
        stay in memory and the next save writes them)."""
        if self.read_only:
            return False
        if self.lock is None:
            from ..locks import FileLock

            self.lock = FileLock(self.path).acquire()  # a new session: locked from its first save
        try:
            save_session(self.path, self.assessment)
        except UserError as exc:
            self.save_error = exc.line()
            from . import notices

            if notices.failure_hook is not None:
                notices.failure_hook(self.save_error)
            return False
        self.save_error = None
        return True

    def close(self) -> None:
        """Save what a failed save left in memory, then let the file go."""
        if self.save_error is not None:
            self.save()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # ------------------------------------------------------------------ lookups

    @property
    def indicator_ids(self) -> list[str]:
        return list(self._order)

    @property
    def current(self) -> Indicator:
        return self.pack.indicator(self._order[self._index])

    @property
    def current_id(self) -> str:
        return self._order[self._index]

    def sector_of(self, indicator_id: str) -> Sector:
        return self.pack.sector(self._sector_of[indicator_id])

    def sector_indicators(self, sector_id: str) -> list[str]:
        return [ind.id for ind in self.pack.sector(sector_id).indicators]

    def position_in_sector(self, indicator_id: str | None = None) -> tuple[int, int]:
        """(1-based number of the indicator in its sector, indicators in that sector)."""
        indicator_id = indicator_id or self.current_id
        ids = self.sector_indicators(self._sector_of[indicator_id])
        return ids.index(indicator_id) + 1, len(ids)

    def answer_of(self, indicator_id: str) -> Answer:
        """The indicator's answer (an empty one if it has none yet; not stored)."""
        self._check(indicator_id)
        return self.assessment.answers.get(indicator_id) or Answer()

    def choice_of(self, indicator_id: str) -> int | Special | None:
        return self.answer_of(indicator_id).choice

    def is_answered(self, indicator_id: str) -> bool:
        return self.choice_of(indicator_id) is not None

    def levels(self, indicator_id: str) -> list[int]:
        return self.pack.scale_for(self.pack.indicator(indicator_id)).numbers

    # ------------------------------------------------------------------ changes

    def answer(self, indicator_id: str, choice: Choice) -> Answer:
        """Record an answer: a level number, "dk", "na", or None to clear it."""
        self._check(indicator_id)
        value = self._parse_choice(indicator_id, choice)
        current = self.assessment.answers.get(indicator_id) or Answer()
        updated = current.model_copy(update={"choice": value})
        self._store(indicator_id, updated)
        self.assessment.position = indicator_id
        self.save()
        return updated

    def set_notes(self, indicator_id: str, text: str) -> None:
        self._set_text(indicator_id, "notes", text)

    def set_evidence(self, indicator_id: str, text: str) -> None:
        self._set_text(indicator_id, "evidence", text)

    def _set_text(self, indicator_id: str, field: str, text: str) -> None:
        self._check(indicator_id)
        current = self.assessment.answers.get(indicator_id) or Answer()
        if getattr(current, field) == text:
            return
        updated = Answer.model_validate({**current.model_dump(), field: text})
        self._store(indicator_id, updated)
        self.save()

    def _store(self, indicator_id: str, answer: Answer) -> None:
        if answer.choice is None and not answer.notes and not answer.evidence and answer.target is None:
            self.assessment.answers.pop(indicator_id, None)
        else:
            self.assessment.answers[indicator_id] = answer

    def _parse_choice(self, indicator_id: str, choice: Choice) -> int | Special | None:
        if choice is None or isinstance(choice, Special):
            return choice
        if isinstance(choice, str):
            if choice in _SPECIAL:
                return _SPECIAL[choice]
            if choice.strip().isdigit():
                choice = int(choice)
            else:
                raise ValueError(f"unknown answer {choice!r} (a level, 'dk', 'na' or None)")
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise ValueError(f"unknown answer {choice!r}")
        if choice not in self.levels(indicator_id):
            raise ValueError(f"level {choice} is not on the scale of {indicator_id}")
        return choice

    def _check(self, indicator_id: str) -> None:
        if indicator_id not in self._sector_of:
            raise KeyError(indicator_id)

    # ------------------------------------------------------------------ navigation

    def go(self, indicator_id: str) -> Indicator:
        """Make ``indicator_id`` the current indicator (and remember it in the file)."""
        self._check(indicator_id)
        self._index = self._order.index(indicator_id)
        if self.assessment.position != indicator_id:
            self.assessment.position = indicator_id
            self.save()
        return self.current

    def next(self) -> Indicator | None:
        """Move to the next indicator in pack order; None (and no move) at the last one."""
        if self._index + 1 >= len(self._order):
            return None
        return self.go(self._order[self._index + 1])

    def previous(self) -> Indicator | None:
        """Move to the previous indicator; None (and no move) at the first one."""
        if self._index == 0:
            return None
        return self.go(self._order[self._index - 1])

    def next_in_sector(self) -> Indicator | None:
        """Move to the next indicator of the current sector; None at its last one."""
        ids = self.sector_indicators(self._sector_of[self.current_id])
        here = ids.index(self.current_id)
        if here + 1 >= len(ids):
            return None
        return self.go(ids[here + 1])

    def first_unanswered(self, sector_id: str) -> str:
        """The sector's first indicator without an answer (its first one if all are answered)."""
        ids = self.sector_indicators(sector_id)
        for indicator_id in ids:
            if not self.is_answered(indicator_id):
                return indicator_id
        return ids[0]

    def open_sector(self, sector_id: str) -> Indicator:
        return self.go(self.first_unanswered(sector_id))

    # ------------------------------------------------------------------ progress and scores

    def sector_progress(self, sector_id: str) -> Progress:
        ids = self.sector_indicators(sector_id)
        return Progress(sum(1 for i in ids if self.is_answered(i)), len(ids))

    def progress(self) -> dict[str, Progress]:
        """Progress of every sector, in pack order."""
        return {sector.id: self.sector_progress(sector.id) for sector in self.pack.sectors}

    def total_progress(self) -> Progress:
        return Progress(sum(1 for i in self._order if self.is_answered(i)), len(self._order))

    def scores(self) -> Scores:
        """The current scores of these answers (scoring.score, nothing else)."""
        return score(self.pack, self.assessment.answers, scope=self.assessment.scope)

    def toggle_scope(self, sector_id: str, reason: str) -> None:
        """Put a sector out of scope with ``reason`` (every indicator not applicable), or
        back in scope when it is out; saved at once."""
        self.pack.sector(sector_id)  # KeyError for an unknown sector
        scope = dict(self.assessment.scope)
        if sector_id in scope:
            del scope[sector_id]
        elif reason.strip():
            scope[sector_id] = reason.strip()[:200]
        else:
            raise ValueError("a sector is put out of scope with a reason")
        self.assessment = self.assessment.model_copy(update={"scope": scope})
        self.save()

    def set_target(self, indicator_id: str, level: int | None) -> None:
        """The level this indicator should reach (None: the top level); saved at once."""
        if level is not None and level not in self.levels(indicator_id):
            raise ValueError(f"{indicator_id}: {level} is not a level of the scale")
        answers = dict(self.assessment.answers)
        answer = answers.get(indicator_id) or Answer()
        answers[indicator_id] = answer.model_copy(update={"target": level})
        self.assessment = self.assessment.model_copy(update={"answers": answers})
        self.save()

    results = scores


def open_session(
    path: str | Path, pack_spec: str | Path | None = None, lang: str | None = None, *, read_only: bool = False
) -> SessionController:
    """Load a saved session and its pack, in ``lang`` or else the session's language.

    The pack is ``pack_spec`` when given (it must be the session's pack), otherwise the
    installed pack the session names. Sets the interface language. Every problem is a
    one-line UserError, raised before any screen opens.
    """
    from ..locks import FileLock
    from ..sessions import check_answers
    from ..translate import load_installed_pack, load_pack

    assessment = load_session(path)
    lock = None if read_only else FileLock(path).acquire()  # LockedError: one line, before any screen
    try:
        language = set_language(lang or assessment.language)
        if pack_spec:
            pack = load_pack(pack_spec, language, fallback=True)
        else:
            pack = load_installed_pack(assessment.pack_id, language, fallback=True)
        if assessment.pack_version != pack.version:  # the same rule as score and round add
            from ..migrations import migrate_answers

            migrated = migrate_answers(pack, assessment.pack_version, assessment.answers)
            assessment = assessment.model_copy(update={"answers": migrated.answers, "pack_version": pack.version})
        check_answers(pack, assessment.answers, file=path)  # a level outside the scale is refused, not scored
        controller = SessionController.resume(path, pack, assessment)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    controller.lock, controller.read_only = lock, read_only
    return controller
