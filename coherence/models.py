"""Every data model of coherence in one place: packs, answers, assessments, rounds.

Models validate the *shape* of data. Cross-references (an indicator naming an unknown
scale, duplicate ids...) are checked by :mod:`coherence.packs` so that every problem can
be reported at once with its YAML line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .enums import GovLevel, Special  # defined apart, importable without pydantic; re-exported
from .resources import ID_PATTERN, LANG_PATTERN

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Language = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
CoherenceTag = Literal["horizontal", "vertical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- packs


class Level(_Strict):
    """One step of an answer scale."""

    level: int = Field(ge=0, le=20)
    label: Text
    value: float = Field(ge=0.0, le=1.0)


class Scale(_Strict):
    """Ordered answer levels; `don't know` and `not applicable` exist on every scale."""

    id: Ident
    title: Text | None = None
    levels: list[Level] = Field(min_length=2, max_length=21)

    def value_of(self, level: int) -> float:
        for item in self.levels:
            if item.level == level:
                return item.value
        raise KeyError(level)

    @property
    def top(self) -> Level:
        return self.levels[-1]

    @property
    def numbers(self) -> list[int]:
        return [item.level for item in self.levels]

    def label_of(self, level: int) -> str:
        for item in self.levels:
            if item.level == level:
                return item.label
        raise KeyError(level)


class Subcategory(_Strict):
    id: Ident
    title: Text


class Category(_Strict):
    id: Ident
    title: Text
    subcategories: list[Subcategory] = Field(default_factory=list)


class Step(_Strict):
    id: Ident
    title: Text


class Source(_Strict):
    """One passage an indicator's wording or examples come from (DESIGN §1).

    ``file`` names the document (a seed file name for the bundled packs, any title or
    address for a pack someone else writes); ``lines`` or ``pages`` say where in it.
    """

    file: Text
    lines: tuple[int, int] | None = None
    pages: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    section: Text | None = None

    @field_validator("lines")
    @classmethod
    def _ordered(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is None:
            return value
        first, last = value
        if first < 1 or last < first:
            raise ValueError("lines must be [first, last] with 1 <= first <= last")
        return value


class Indicator(_Strict):
    id: Ident
    sector: Ident | None = None
    category: Ident
    subcategory: Ident | None = None
    coherence: list[CoherenceTag] = Field(default_factory=list)
    question: Text
    guidance: Text
    evidence: list[Text] = Field(default_factory=list)
    scale: Ident | None = None
    weight: float = Field(default=1.0, gt=0.0, le=100.0)
    actions: dict[int, Text] = Field(default_factory=dict)
    actors: list[Text] = Field(default_factory=list)
    resources: list[Text] = Field(default_factory=list)
    sdg: list[Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}$")]] = Field(default_factory=list)
    gcm: list[Annotated[int, Field(ge=1, le=23)]] = Field(default_factory=list)
    step: Ident | None = None
    sources: list[Source] = Field(default_factory=list)

    @property
    def is_vertical(self) -> bool:
        return "vertical" in self.coherence

    @property
    def is_horizontal(self) -> bool:
        return "horizontal" in self.coherence


class Sector(_Strict):
    id: Ident
    title: Text
    description: Text | None = None
    indicators: list[Indicator] = Field(min_length=1)


class Migration(_Strict):
    """How the indicators of an earlier version map onto this one (DESIGN §10).

    Ids not named are kept. ``renamed``: old id → new id. ``merged``: new id → the old
    ids folded into it (the lower level wins, notes are joined). ``split``: old id →
    the new ids that each take its answer. ``removed``: old ids with no successor.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(alias="from")
    renamed: dict[Ident, Ident] = Field(default_factory=dict)
    merged: dict[Ident, list[Ident]] = Field(default_factory=dict)
    split: dict[Ident, list[Ident]] = Field(default_factory=dict)
    removed: list[Ident] = Field(default_factory=list)


class PackHeader(_Strict):
    """The contents of ``pack.yaml``."""

    id: Ident
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    title: Text
    description: Text | None = None
    source_language: Language = "en"
    default_scale: Ident | None = None
    scales: list[Scale] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    steps: list[Step] = Field(default_factory=list)
    sectors: list[Ident] = Field(min_length=1)
    migrations: list[Migration] = Field(default_factory=list)


class Pack(_Strict):
    """A loaded, validated indicator pack (header plus its sectors, in order)."""

    id: Ident
    version: str
    title: Text
    description: Text | None = None
    source_language: str = "en"
    language: str = "en"
    default_scale: Ident | None = None
    scales: list[Scale]
    categories: list[Category]
    steps: list[Step] = Field(default_factory=list)
    sectors: list[Sector]
    migrations: list[Migration] = Field(default_factory=list)
    path: Path | None = None

    def indicators(self) -> list[Indicator]:
        """Every indicator in sector order (cached: scoring asks for it often)."""
        return _indicator_index(self.sectors)[0]

    def indicator(self, indicator_id: str) -> Indicator:
        return _indicator_index(self.sectors)[1][indicator_id]

    def scale_for(self, indicator: Indicator) -> Scale:
        wanted = indicator.scale or self.default_scale or self.scales[0].id
        for scale in self.scales:
            if scale.id == wanted:
                return scale
        raise KeyError(wanted)

    def sector(self, sector_id: str) -> Sector:
        for sector in self.sectors:
            if sector.id == sector_id:
                return sector
        raise KeyError(sector_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def step(self, step_id: str | None) -> Step | None:
        for step in self.steps:
            if step.id == step_id:
                return step
        return None


_INDEX: dict[int, tuple[list, list[Indicator], dict[str, Indicator]]] = {}


def _indicator_index(sectors: list[Sector]) -> tuple[list[Indicator], dict[str, Indicator]]:
    """Indicators of a sector list, keyed on the list's identity.

    Packs are frozen, and a translated copy gets a new sector list, so the identity
    of the list is a safe cache key (the list is kept alive with its entry).
    """
    entry = _INDEX.get(id(sectors))
    if entry is None or entry[0] is not sectors:
        flat = [ind for sector in sectors for ind in sector.indicators]
        entry = (sectors, flat, {ind.id: ind for ind in flat})
        if len(_INDEX) > 64:
            _INDEX.clear()
        _INDEX[id(sectors)] = entry
    return entry[1], entry[2]


# --------------------------------------------------------------------------- answers


ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


class Answer(BaseModel):
    """One respondent's answer to one indicator."""

    model_config = ConfigDict(extra="forbid")

    choice: int | Special | None = None
    notes: LongText = ""
    evidence: LongText = ""
    target: int | None = None

    @property
    def is_level(self) -> bool:
        return isinstance(self.choice, int) and not isinstance(self.choice, bool)


class Authority(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = ""
    country: ShortText = ""
    level: GovLevel = GovLevel.local


class Respondent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = ""
    department: ShortText = ""
    level: GovLevel = GovLevel.local


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


SESSION_FORMAT = "coherence-session"


class Assessment(BaseModel):
    """One respondent's answers to one pack: what a session file holds."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["coherence-session"] = SESSION_FORMAT
    format_version: Literal[1] = 1
    pack_id: Ident
    pack_version: ShortText
    language: Language = "en"
    authority: Authority = Field(default_factory=Authority)
    respondent: Respondent = Field(default_factory=Respondent)
    created: datetime = Field(default_factory=_now)
    updated: datetime = Field(default_factory=_now)
    answers: dict[Ident, Answer] = Field(default_factory=dict)
    # Where the user was, so a resumed session opens at the same indicator.
    position: Ident | None = None
    source: ShortText = ""
    # Sectors put out of scope, with the reason: every indicator of them is not applicable.
    scope: dict[Ident, ShortText] = Field(default_factory=dict)
    # What a reader noticed and the user must hear (e.g. an answer column that looks sorted).
    notices: list[LongText] = Field(default_factory=list)
    # Answer cells a lenient read (score --keep-going) counted as unanswered, one line each.
    unread_cells: list[LongText] = Field(default_factory=list)

    def label(self) -> str:
        """How screens and reports name this respondent: by department (and name), never
        by file name unless the file says nothing else."""
        return respondent_label(self.respondent.department, self.respondent.name) or self.source or "respondent"


def fold(text: str) -> str:
    """Text compared as people mean it: no case, no accents, straight quotes, single
    spaces (the one rule for answer labels, identities and typed words)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def identity_key(authority: str, department: str, level: GovLevel | str, name: str) -> str:
    """The stable key of a respondent's identity (DESIGN §1)."""
    level_value = level.value if isinstance(level, GovLevel) else str(level)
    return "|".join(fold(part) for part in (authority, department, level_value, name))


def respondent_label(department: str, name: str) -> str:
    """'Health directorate (Ana Pérez)', 'Health directorate' or 'Ana Pérez'."""
    department, name = " ".join(department.split()), " ".join(name.split())
    if department and name:
        return f"{department} ({name})"
    return department or name


# --------------------------------------------------------------------------- rounds

ROUND_FORMAT = "coherence-round"
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
PlanId = Annotated[str, StringConstraints(pattern=r"^P-[0-9]{3,6}$")]
PlanStatus = Literal["not_started", "in_progress", "done", "dropped"]


class PackRef(BaseModel):
    """The pack a round was made with: its id, version, and a digest of what scores."""

    model_config = ConfigDict(extra="forbid")

    id: Ident
    version: ShortText
    digest: Digest


class SourceFile(BaseModel):
    """Where a respondent's answers came from: the file's name and a hash of its bytes."""

    model_config = ConfigDict(extra="forbid")

    file: ShortText
    sha256: Digest
    added: datetime = Field(default_factory=_now)


class RoundRespondent(BaseModel):
    """One respondent of a round, keyed by identity (authority, department, level, name)."""

    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, StringConstraints(min_length=1, max_length=400)]
    department: ShortText = ""
    name: ShortText = ""
    level: GovLevel = GovLevel.local
    language: Language = "en"
    source: SourceFile
    answers: dict[Ident, Answer] = Field(default_factory=dict)

    def label(self) -> str:
        return respondent_label(self.department, self.name) or self.source.file


class Agreed(BaseModel):
    """The answer the workshop agreed on for one indicator."""

    model_config = ConfigDict(extra="forbid")

    choice: int | Special
    notes: LongText = ""
    agreed: datetime = Field(default_factory=_now)


class PlanAction(BaseModel):
    """One row of the round's action plan (DESIGN §9)."""

    model_config = ConfigDict(extra="forbid")

    id: PlanId
    indicator: Ident
    action: LongText = ""
    owner: ShortText = ""
    partners: ShortText = ""
    due: dt.date | None = None
    status: PlanStatus = "not_started"
    notes: LongText = ""
    updated: datetime = Field(default_factory=_now)


class PreviousRound(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: ShortText
    digest: Digest


class Cycle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: ShortText = ""
    date: dt.date | None = None
    previous: PreviousRound | None = None


class Round(BaseModel):
    """One authority's assessment in one planning cycle: what a round file holds (DESIGN §8)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["coherence-round"] = ROUND_FORMAT
    format_version: Literal[1] = 1
    pack: PackRef
    language: Language = "en"
    authority: Authority = Field(default_factory=Authority)
    cycle: Cycle = Field(default_factory=Cycle)
    respondents: list[RoundRespondent] = Field(default_factory=list)
    scope: dict[Ident, ShortText] = Field(default_factory=dict)
    consensus: dict[Ident, Agreed] = Field(default_factory=dict)
    targets: dict[Ident, int] = Field(default_factory=dict)
    plan: list[PlanAction] = Field(default_factory=list)
    created: datetime = Field(default_factory=_now)
    updated: datetime = Field(default_factory=_now)


# --------------------------------------------------------------------------- results
# Plain frozen dataclasses: scoring builds many of them when batches are large, and
# they need no validation because the engine makes them from validated inputs.

from dataclasses import dataclass, field  # noqa: E402


@dataclass(frozen=True, slots=True)
class Counts:
    answered: int = 0
    dont_know: int = 0
    not_applicable: int = 0
    missing: int = 0


@dataclass(frozen=True, slots=True)
class CoherenceScore:
    """A coherence score and the indicators behind it, weakest first."""

    score: float | None
    drivers: tuple[tuple[str, float | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Balance:
    """Spread of sector scores: a horizontal view of how even mainstreaming is."""

    mean: float | None
    minimum: float | None
    maximum: float | None
    std: float | None
    lagging: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    indicator: str
    sector: str
    current: float
    target: float
    gap: float
    priority: float
    next_level: int | None
    target_level: int
    step: str | None


@dataclass(frozen=True, slots=True)
class Scores:
    overall: float | None
    sectors: dict[str, float | None]
    categories: dict[str, float | None]
    subcategories: dict[str, float | None]
    sector_categories: dict[tuple[str, str], float | None]
    vertical: CoherenceScore
    horizontal: CoherenceScore
    balance: Balance
    counts: Counts
    gaps: tuple[Gap, ...]
    values: dict[str, float | None]
    dont_know: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # unanswered in a started sector: "to answer", never a gap
    not_assessed: tuple[str, ...] = ()  # sectors with no answer at all: "—", left out of every figure
    out_of_scope: tuple[str, ...] = ()  # sectors put out of scope: every indicator not applicable

    @property
    def assessed(self) -> tuple[int, int]:
        """(k, n): k of the n sectors in scope were assessed."""
        in_scope = len(self.sectors) - len(self.out_of_scope)
        return in_scope - len(self.not_assessed), in_scope


@dataclass(frozen=True, slots=True)
class Divergence:
    """Respondents who answered an indicator disagree by ``spread`` levels."""

    indicator: str
    spread: int
    levels: dict[str, int]


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far respondents agree: share of compared indicators not flagged, and the flags."""

    score: float | None
    compared: int
    flagged: tuple[tuple[str, str, float], ...]  # (indicator, where, spread)


@dataclass(frozen=True, slots=True)
class RoundResult:
    labels: tuple[str, ...]
    respondents: tuple[Scores, ...]
    aggregate: dict[str, Answer]
    scores: Scores
    divergent: tuple[Divergence, ...]
    horizontal_agreement: Agreement
    vertical_agreement: Agreement
    to_discuss: tuple[str, ...] = field(default=())
    agreed: tuple[str, ...] = field(default=())  # indicators whose answer the workshop agreed
