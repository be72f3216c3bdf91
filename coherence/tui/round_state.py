"""The workshop round behind round mode: pure Python, no Textual.

A :class:`RoundController` holds the round file, the round, its pack (in the interface
language), the lock that keeps a second writer out, and the current results. Every
change (an agreed answer, a target, a sector out of scope, an action) is scored again
and saved at once. A save that fails (disk full, a read-only folder) loses nothing:
the change stays in memory, the failure is kept as a one-line notice for the screens,
and the next change, or quitting, tries again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import rounds
from ..errors import UserError
from ..i18n import _, ngettext, set_language
from ..locks import FileLock
from ..models import GovLevel, Pack, PlanAction, Round, RoundResult, Scores, Sector, Special
from ..rounds import load_round, respondent_labels, round_pack, save_round, sector_code

_SPECIAL = {"dk": Special.dont_know, "na": Special.not_applicable}
_LEVEL_ORDER = {level: i for i, level in enumerate(GovLevel)}
PLAN_FIELDS = ("action", "owner", "partners", "due", "status", "notes")  # what the plan screen edits


class ReadOnlyError(UserError):
    """A change asked of a round opened read-only."""


@dataclass(frozen=True, slots=True)
class DiscussItem:
    """One indicator of the workshop's agenda and why it is on it."""

    indicator: str
    sector: str
    code: str
    spread: int
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HeatRow:
    """A row of the heatmap: a respondent (or a level of government) and its sector scores."""

    label: str
    level: GovLevel
    sectors: dict[str, float | None]
    done: tuple[int, int] = (0, 0)  # answered, indicators


class RoundController:
    """One round open in the workshop screen."""

    def __init__(self, path: str | Path, round_: Round, pack: Pack, *, read_only: bool = False, lock: FileLock | None = None):
        self.path = Path(path)
        self.round = round_
        self.pack = pack
        self.read_only = read_only
        self.lock = lock
        self.dirty = False  # changes not yet in the file
        self.save_error: str | None = None  # why the last save failed, one line
        self._order = {ind.id: i for i, ind in enumerate(pack.indicators())}
        self._sector_of = {ind.id: sector for sector in pack.sectors for ind in sector.indicators}
        # The respondents' own scores depend only on their answers and the scope, which
        # the workshop screen does not change often: kept between changes (an agreed
        # answer would otherwise score all 50 respondents again: 80% of its time).
        self._scored_scope: tuple | None = None
        self._assessments: list = []
        self._respondent_scores: list[Scores] = []
        self.result: RoundResult = self._score(round_)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, lang: str | None = None, *, read_only: bool = False) -> RoundController:
        """Lock (unless read-only) and read the round and its pack.

        Every problem — a round open in another process (:class:`LockedError`), a bad
        file, a pack that changed — is a one-line UserError raised here, before any
        screen is drawn. Sets the interface language: ``lang``, else the round's.
        """
        path = Path(path)
        lock = None if read_only else FileLock(path).acquire()
        try:
            round_ = load_round(path)
            language = set_language(lang or round_.language)
            pack = round_pack(round_, path, language, fallback=True)
            return cls(path, round_, pack, read_only=read_only, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        """Try a last save of unsaved changes, then let the file go."""
        if self.dirty:
            self.save()
        if self.lock is not None:
            self.lock.release()

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write the round now; on failure keep everything in memory and remember why."""
        if self.read_only:
            return False
        try:
            save_round(self.path, self.round)
        except UserError as exc:
            self.save_error = exc.line()
            self.dirty = True
            return False
        self.save_error = None
        self.dirty = False
        return True

    def ensure_plan(self) -> None:
        """Create the action plan from the ranked gaps when the round has none, and save
        it, so that a report exported now can be edited and imported back by plan id."""
        if not self.read_only and not self.round.plan:
            planned = rounds.ensure_plan(self.pack, self.round, self.result)
            if planned.plan:
                self._change(planned)

    def _change(self, updated: Round) -> bool:
        """Make ``updated`` the round, score it, save it. False if the save failed."""
        self.round = updated
        self.result = self._score(updated)
        self.dirty = True
        return self.save()

    def _score(self, round_: Round) -> RoundResult:
        """What :func:`~coherence.rounds.score_round_file` returns, reusing the respondents' scores."""
        from ..scoring import score, score_round

        scope = tuple(sorted(round_.scope.items()))
        if scope != self._scored_scope:
            self._assessments = rounds.assessments_of(round_)
            self._respondent_scores = [score(self.pack, a.answers, scope=round_.scope) for a in self._assessments]
            self._scored_scope = scope
        return score_round(
            self.pack,
            self._assessments,
            respondent_labels(round_),
            self._respondent_scores,
            consensus=rounds.consensus_answers(round_),
            scope=round_.scope,
            targets=round_.targets,
        )

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(_("opened read-only: nothing can be changed (close the other coherence, then open the round again)"))

    # ------------------------------------------------------------------ changes

    def agree(self, indicator: str, choice: int | str | Special) -> bool:
        """Record the workshop's agreed answer: a level, 'dk' or 'na'."""
        self._writable()
        value = self._parse_choice(indicator, choice)
        notes = self.round.consensus[indicator].notes if indicator in self.round.consensus else ""
        return self._change(rounds.agree(self.round, indicator, value, notes))

    def clear_agreement(self, indicator: str) -> bool:
        self._writable()
        self._check(indicator)
        if indicator not in self.round.consensus:
            return True
        return self._change(rounds.agree(self.round, indicator, None))

    def set_target(self, indicator: str, level: int | None) -> bool:
        self._writable()
        self._check(indicator)
        if level is not None and level not in self.levels(indicator):
            raise ValueError(f"level {level} is not on the scale of {indicator}")
        return self._change(rounds.set_target(self.round, indicator, level))

    def toggle_scope(self, sector: str, reason: str = "") -> bool:
        """Put a sector out of scope with a reason, or back in scope if it was out."""
        self._writable()
        self.pack.sector(sector)  # KeyError for an unknown sector
        if sector in self.round.scope:
            return self._change(rounds.set_scope(self.round, sector, None))
        reason = " ".join(reason.split())
        if not reason:
            raise ValueError("a sector is put out of scope with a reason")
        return self._change(rounds.set_scope(self.round, sector, reason[:200]))

    def add_action(self, indicator: str, action: str, owner: str = "", due: dt.date | str | None = None) -> bool:
        self._writable()
        self._check(indicator)
        if isinstance(due, str):
            due = parse_due(due)
        return self._change(rounds.add_action(self.round, indicator, action.strip(), owner=owner.strip(), due=due))

    def update_action(self, plan_id: str, **fields: object) -> bool:
        """Change one row of the action plan and save the round at once.

        ``fields`` are among :data:`PLAN_FIELDS`: texts (stripped), ``due`` a date, None
        or YYYY-MM-DD text (empty: none), ``status`` one of the four. The row's
        ``updated`` becomes now when a field changed; when none did, nothing is written
        (an unchanged row keeps its date, so the report's "last updated" stays true).
        KeyError for an unknown plan id; ValueError for an unknown field, a bad date or
        status, a text too long — and the round is then unchanged.
        """
        self._writable()
        plan = list(self.round.plan)
        index = next((i for i, row in enumerate(plan) if row.id == plan_id), None)
        if index is None:
            raise KeyError(plan_id)
        unknown = sorted(set(fields) - set(PLAN_FIELDS))
        if unknown:
            raise ValueError(f"not a field of a plan row: {', '.join(unknown)}")
        changes: dict[str, object] = {}
        for name, value in fields.items():
            if name == "due" and isinstance(value, str):
                value = parse_due(value)
            elif isinstance(value, str):
                value = value.strip()
            changes[name] = value
        current = plan[index]
        if all(getattr(current, name) == value for name, value in changes.items()):
            return not self.dirty or self.save()
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        plan[index] = PlanAction.model_validate({**current.model_dump(), **changes, "updated": now})
        return self._change(self.round.model_copy(update={"plan": plan}))

    def create_plan(self) -> int:
        """The plan screen's ``g``: :meth:`ensure_plan`, refused when read-only.

        Returns how many actions the ranked gaps gave (0 when the round already had a
        plan, or has no gap).
        """
        self._writable()
        if self.round.plan:
            return 0
        self.ensure_plan()
        return len(self.round.plan)

    def indicator_ids(self) -> list[str]:
        """The pack's indicators in pack order (for choosing one to plan an action for)."""
        return list(self._order)

    def _parse_choice(self, indicator: str, choice: int | str | Special) -> int | Special:
        self._check(indicator)
        if isinstance(choice, Special):
            return choice
        if isinstance(choice, str):
            if choice in _SPECIAL:
                return _SPECIAL[choice]
            if not choice.strip().isdigit():
                raise ValueError(f"unknown answer {choice!r}")
            choice = int(choice)
        if isinstance(choice, bool) or not isinstance(choice, int) or choice not in self.levels(indicator):
            raise ValueError(f"level {choice!r} is not on the scale of {indicator}")
        return choice

    def _check(self, indicator: str) -> None:
        if indicator not in self._order:
            raise KeyError(indicator)

    # ------------------------------------------------------------------ lookups

    def levels(self, indicator: str) -> list[int]:
        return self.pack.scale_for(self.pack.indicator(indicator)).numbers

    def sector_of(self, indicator: str) -> Sector:
        return self._sector_of[indicator]

    @property
    def scores(self) -> Scores:
        return self.result.scores

    def agreed_count(self) -> tuple[int, int]:
        """(agreed answers, indicators of the pack)."""
        return len(self.result.agreed), len(self._order)

    def labels(self) -> list[str]:
        return respondent_labels(self.round)

    def heat_rows(self) -> tuple[list[HeatRow], list[HeatRow]]:
        """Respondents at the authority's level, then those at other levels (by level)."""
        own = self.round.authority.level
        rows = []
        for label, respondent, scores in zip(self.labels(), self.round.respondents, self.result.respondents):
            done = rounds.completion(self.pack, respondent.answers)
            answered = sum(a for a, _t in done.values())
            total = sum(t for _a, t in done.values())
            rows.append(HeatRow(label, respondent.level, scores.sectors, (answered, total)))
        same = [r for r in rows if r.level == own]
        other = sorted((r for r in rows if r.level != own), key=lambda r: _LEVEL_ORDER[r.level])
        return same, other

    def level_rows(self) -> list[HeatRow]:
        """Per level of government: the mean of its respondents' sector scores (the vertical picture)."""
        by_level: dict[GovLevel, list[Scores]] = {}
        for respondent, scores in zip(self.round.respondents, self.result.respondents):
            by_level.setdefault(respondent.level, []).append(scores)
        own = self.round.authority.level
        order = sorted(by_level, key=lambda level: (level != own, _LEVEL_ORDER[level]))
        rows = []
        for level in order:
            means: dict[str, float | None] = {}
            for sector in self.pack.sectors:
                values = [s.sectors.get(sector.id) for s in by_level[level]]
                values = [v for v in values if v is not None]
                means[sector.id] = sum(values) / len(values) if values else None
            rows.append(HeatRow("", level, means, (len(by_level[level]), 0)))
        return rows

    # ------------------------------------------------------------------ the agenda

    def spread_of(self, indicator: str) -> int:
        """Levels between the lowest and the highest answer of the respondents."""
        levels = [a.choice for r in self.round.respondents if (a := r.answers.get(indicator)) is not None and type(a.choice) is int]
        return max(levels) - min(levels) if len(levels) > 1 else 0

    def to_discuss(self) -> list[DiscussItem]:
        """The indicators to discuss, most divergent first (then in pack order), each with why."""
        result = self.result
        divergent = {d.indicator for d in result.divergent}
        horizontal: dict[str, list[str]] = {}
        for ind_id, group, _spread in result.horizontal_agreement.flagged:
            horizontal.setdefault(ind_id, []).append(group)
        vertical = {ind_id for ind_id, _where, _spread in result.vertical_agreement.flagged}
        items = []
        for ind_id in result.to_discuss:
            spread = self.spread_of(ind_id)
            why = []
            if ind_id in divergent:
                why.append(ngettext("respondents {n} level apart", "respondents {n} levels apart", spread).format(n=spread))
            if ind_id in horizontal:
                why.append(_("departments disagree"))
            if ind_id in vertical:
                why.append(_("levels of government disagree"))
            sector = self._sector_of[ind_id]
            items.append(DiscussItem(ind_id, sector.id, sector_code(sector), spread, tuple(why)))
        items.sort(key=lambda item: (-item.spread, self._order[item.indicator]))
        return items

    def answers_of(self, indicator: str) -> list[tuple[str, GovLevel, object]]:
        """Each respondent's answer to ``indicator``: (label, level, Answer or None)."""
        return [(label, r.level, r.answers.get(indicator)) for label, r in zip(self.labels(), self.round.respondents)]

    def median_of(self, indicator: str) -> int | Special | None:
        """The respondents' median (ties round down), whatever was agreed."""
        from ..scoring import lower_median

        levels = [a.choice for r in self.round.respondents if (a := r.answers.get(indicator)) is not None and type(a.choice) is int]
        if levels:
            return lower_median(levels)
        specials = {a.choice for r in self.round.respondents if (a := r.answers.get(indicator)) is not None and isinstance(a.choice, Special)}
        if Special.dont_know in specials:
            return Special.dont_know
        return Special.not_applicable if specials else None

    def agreed_of(self, indicator: str) -> int | Special | None:
        agreed = self.round.consensus.get(indicator)
        return None if agreed is None else agreed.choice

    def target_of(self, indicator: str) -> tuple[int, bool]:
        """(target level, whether the round set it) — the top level by default."""
        if indicator in self.round.targets:
            return self.round.targets[indicator], True
        return max(self.levels(indicator)), False

    def next_action(self, indicator: str) -> str:
        """The pack's action for the level above the current one (agreed, else the median)."""
        actions = self.pack.indicator(indicator).actions
        if not actions:
            return ""
        current = self.agreed_of(indicator)
        if type(current) is not int:
            current = self.median_of(indicator)
        here = current if type(current) is int else -1
        above = [level for level in sorted(actions) if level > here]
        return actions[above[0] if above else max(actions)]

    def plan_count(self) -> tuple[int, int]:
        """(actions, actions not done or dropped)."""
        plan = self.round.plan
        return len(plan), sum(1 for a in plan if a.status in ("not_started", "in_progress"))


def parse_due(text: str) -> dt.date | None:
    """A due date typed as YYYY-MM-DD (empty: none); ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    return dt.date.fromisoformat(text)  # ValueError for 2026-02-30
