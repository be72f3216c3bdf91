"""The round: one authority's assessment in one planning cycle, in one file (DESIGN §8).

A round file (``NAME.round.json``) holds the respondents' answers (each keyed by the
respondent's identity, with the file it came from and a hash of its bytes), the
sectors out of scope, the answers the workshop agreed on, the targets and the action
plan. It is written like sessions (atomically, with a backup) and locked while a
process has it open for writing (:mod:`coherence.locks`).

Identity and integrity rules of ``round add``:
- a file whose bytes were already added is skipped and reported;
- a second file for the same respondent identity (authority, department, level of
  government, name — compared without case and extra spaces) is refused unless
  ``replace``;
- a file of another pack, or of another version of the pack, is refused naming it;
- every answer is checked as a questionnaire cell is (an unknown indicator, a level
  or a target outside the scale).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import UserError
from .fileio import atomic_write, backup_path, read_bounded
from .i18n import _
from .models import (
    fold,
    identity_key,
    Agreed,
    Answer,
    Assessment,
    Authority,
    Cycle,
    GovLevel,
    Pack,
    PackRef,
    PreviousRound,
    Respondent,
    Round,
    RoundRespondent,
    RoundResult,
    SourceFile,
    Special,
)
from .scoring import score_round
from .migrations import migrate_answers
from .sessions import check_answers

MAX_ROUND_BYTES = 50_000_000
ROUND_SUFFIX = ".round.json"


# --------------------------------------------------------------------------- identity


def pack_digest(pack: Pack) -> str:
    """A hash of every scoring-relevant field of a pack: ids, scales, weights, tags, sectors.

    Two packs with the same digest score the same answers the same way; a pack that
    changed its scoring without a new version is caught by it.
    """
    shape = {
        "scales": [[s.id, [[lv.level, lv.value] for lv in s.levels]] for s in pack.scales],
        "sectors": [
            [sector.id, [[i.id, i.category, i.subcategory, sorted(i.coherence), i.weight, i.scale or pack.default_scale] for i in sector.indicators]]
            for sector in pack.sectors
        ],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode("utf-8")).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- files


def new_round(
    pack: Pack,
    *,
    authority: str,
    country: str = "",
    level: GovLevel = GovLevel.local,
    cycle: str = "",
    language: str | None = None,
    previous: tuple[Path, Round] | None = None,
) -> Round:
    """A round with no respondent yet; a follow-up carries the previous scope, targets and plan."""
    round_ = Round(
        pack=PackRef(id=pack.id, version=pack.version, digest=pack_digest(pack)),
        language=language or pack.source_language,
        authority=Authority(name=authority, country=country, level=level),
        cycle=Cycle(label=cycle),
    )
    if previous is not None:
        path, before = previous
        round_ = round_.model_copy(
            update={
                "cycle": Cycle(label=cycle, previous=PreviousRound(file=path.name, digest=file_digest(path.read_bytes()))),
                "scope": dict(before.scope),
                "targets": dict(before.targets),
                "plan": [action.model_copy() for action in before.plan],
            }
        )
    return round_


def migrate_round(pack: Pack, round_: Round) -> tuple[Round, list[str]]:
    """A round made with an earlier version of ``pack``, carried to the installed
    version through the pack's migrations: every respondent's answers, the agreed
    answers, the targets and the plan's indicators. Returns it with one line per change
    (an action whose indicator has no successor is named and left out)."""
    from .migrations import migrate_answers, migration_from, sources_of

    version = round_.pack.version
    migration = migration_from(pack, version)
    if migration is None:
        return round_, []
    # The map's changes are the same for every respondent: said once, for the pack.
    changes = list(migrate_answers(pack, version, {old: Answer() for olds in sources_of(pack, migration).values() for old in olds}).changes)
    respondents = [r.model_copy(update={"answers": migrate_answers(pack, version, r.answers).answers}) for r in round_.respondents]
    agreed_old = {i: Answer(choice=a.choice, notes=a.notes) for i, a in round_.consensus.items()}
    consensus = {
        i: Agreed(choice=a.choice, notes=a.notes)
        for i, a in migrate_answers(pack, version, agreed_old).answers.items()
        if a.choice is not None
    }
    targets_old = {i: Answer(target=level) for i, level in round_.targets.items()}
    targets = {i: a.target for i, a in migrate_answers(pack, version, targets_old).answers.items() if a.target is not None}
    successor: dict[str, str] = {}
    for new_id, olds in sources_of(pack, migration).items():
        for old in olds:
            successor.setdefault(old, new_id)
    plan = []
    for action in round_.plan:
        new_id = successor.get(action.indicator)
        if new_id is None:
            changes.append(_("{plan}: its indicator {id} has no successor in version {version}; the action is left out").format(
                plan=action.id, id=action.indicator, version=pack.version))
            continue
        plan.append(action.model_copy(update={"indicator": new_id}))
    sectors = {s.id for s in pack.sectors}
    scope = {sector: reason for sector, reason in round_.scope.items() if sector in sectors}
    migrated = round_.model_copy(
        update={
            "pack": PackRef(id=pack.id, version=pack.version, digest=pack_digest(pack)),
            "respondents": respondents, "consensus": consensus, "targets": targets, "plan": plan, "scope": scope,
        }
    )
    return migrated, changes


def update_round(path: str | Path, change: Callable[[Round], Round], *, wait: float = 10.0) -> Round:
    """Load, change and save a round under its lock, so that two processes changing one
    round one after the other never lose each other's change."""
    from .locks import FileLock

    lock = FileLock(path).acquire(wait=wait)
    try:
        changed = change(load_round(path))
        save_round(path, changed)
        return changed
    finally:
        lock.release()


def save_round(path: str | Path, round_: Round) -> None:
    """Write the round atomically, keeping the previous version as ``.bak``."""
    stamped = round_.model_copy(update={"updated": datetime.now(timezone.utc).replace(microsecond=0)})
    atomic_write(path, stamped.model_dump_json(indent=1).encode("utf-8"), backup=True)


def load_round(path: str | Path) -> Round:
    """A round file's contents, or one line saying what is wrong with it."""
    from pydantic import ValidationError

    path = Path(path)
    hint = ""
    if backup_path(path).is_file():
        hint = _("; a backup of the previous save exists: {backup}").format(backup=backup_path(path))
    data = read_bounded(path, MAX_ROUND_BYTES)
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(_("not a coherence round (not UTF-8 text)") + hint, file=path) from None
    except json.JSONDecodeError as exc:
        raise UserError(_("corrupt round: invalid JSON ({reason})").format(reason=exc.msg) + hint, file=path, place=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise UserError(_("corrupt round: nesting too deep") + hint, file=path) from None
    if not isinstance(raw, dict) or raw.get("format") != "coherence-round":
        raise UserError(_('not a coherence round file (no "format": "coherence-round")'), file=path)
    try:
        return Round.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise UserError(_("invalid round: {where}: {reason}").format(where=where, reason=first["msg"]) + hint, file=path) from None


def round_pack(round_: Round, path: str | Path, lang: str | None = None, *, fallback: bool = False) -> Pack:
    """The installed pack of a round, checked: same version, same scoring (digest).

    Every answer of the round is checked against it too, so a round file edited by hand
    cannot bring a level outside the scale into the scores.
    """
    from .packs import load_installed_pack
    from .translate import load_pack

    source = load_installed_pack(round_.pack.id)
    if source.version != round_.pack.version:
        migratable = any(m.from_version == round_.pack.version for m in source.migrations)
        message = _("the round uses version {found} of pack '{pack}'; the installed version is {version}").format(
            found=round_.pack.version, pack=round_.pack.id, version=source.version
        )
        if migratable:
            message += " — " + _("carry it over with: coherence round migrate {path} (the old file is kept as .bak)").format(path=path)
        raise UserError(message, file=path)
    if pack_digest(source) != round_.pack.digest:
        raise UserError(_("the pack '{pack}' changed without a new version (its digest differs)").format(pack=source.id), file=path)
    check_round(source, round_, path)
    return load_pack(source.path, lang, fallback=fallback) if lang else source


def check_round(pack: Pack, round_: Round, path: str | Path) -> None:
    """Every answer, agreed answer, target and scope of the round belongs to the pack."""
    for respondent in round_.respondents:
        check_answers(pack, respondent.answers, file=path, where=respondent.label())
    agreed = {ind_id: Answer(choice=a.choice) for ind_id, a in round_.consensus.items()}
    check_answers(pack, agreed, file=path, where=_("agreed answers"))
    check_answers(pack, {ind_id: Answer(target=level) for ind_id, level in round_.targets.items()}, file=path, where=_("targets"))
    sectors = {s.id for s in pack.sectors}
    for sector in round_.scope:
        if sector not in sectors:
            raise UserError(_("scope: unknown sector '{sector}'").format(sector=sector), file=path)


# --------------------------------------------------------------------------- adding files


@dataclass(frozen=True)
class AddReport:
    """What ``round add`` did with one file (or one row of an export)."""

    file: str
    status: str  # added, replaced, skipped, refused
    message: str
    respondent: str = ""
    notices: tuple[str, ...] = ()  # what the reader noticed (e.g. an answer column that looks sorted)


def _respondent(assessment: Assessment, source: SourceFile, authority: str) -> RoundRespondent:
    r = assessment.respondent
    return RoundRespondent(
        key=identity_key(authority, r.department, r.level, r.name),
        department=assessment.respondent.department,
        name=assessment.respondent.name,
        level=assessment.respondent.level,
        language=assessment.language,
        source=source,
        answers=dict(assessment.answers),
    )


def add_files(
    round_: Round,
    pack: Pack,
    paths: Sequence[str | Path],
    *,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[Round, list[AddReport]]:
    """Add questionnaires, sessions and exports to a round; report each file in one line.

    Nothing is half-added: a file with any problem is refused as a whole.
    """
    from .batch import read_file

    respondents = list(round_.respondents)
    reports: list[AddReport] = []
    seen_paths: set[Path] = set()

    def load(pack_id: str) -> Pack:
        if pack_id != pack.id:
            raise UserError(_("a file of pack '{found}'; the round uses pack '{pack}'").format(found=pack_id, pack=pack.id))
        return pack

    read = _read_in_parallel(paths, load)
    for item in paths:
        path = Path(item)
        shown = path.name
        try:
            resolved = path.resolve()
            if resolved in seen_paths:
                continue  # the same file named twice: reported once, for its first mention
            seen_paths.add(resolved)
            digest = file_digest(read_bounded(path, MAX_ROUND_BYTES))
            already = next((r for r in respondents if r.source.sha256 == digest), None)
            if already is not None:
                reports.append(AddReport(shown, "skipped", _("already added (the same bytes as {file})").format(file=already.source.file), already.label()))
                continue
            found = read[str(item)]()
            incoming = []
            migrated_from = ""
            for assessment in found:
                where = assessment.source if assessment.source != shown else ""
                if assessment.pack_version != pack.version:
                    migrated = migrate_answers(pack, assessment.pack_version, assessment.answers)
                    migrated_from = assessment.pack_version
                    assessment = assessment.model_copy(update={"answers": migrated.answers, "pack_version": pack.version})
                check_answers(pack, assessment.answers, file=shown, where=where)
                if assessment.authority.name and round_.authority.name and fold(assessment.authority.name) != fold(round_.authority.name):
                    raise UserError(
                        _("answers for the authority '{found}'; the round is of '{authority}'").format(
                            found=assessment.authority.name, authority=round_.authority.name
                        )
                    )
                source = SourceFile(file=assessment.source or shown, sha256=digest)  # an export's rows share it
                incoming.append(_respondent(assessment, source, round_.authority.name))
            notices_of = {identity_key(round_.authority.name, a.respondent.department, a.respondent.level, a.respondent.name): tuple(a.notices) for a in found}
            keys = [r.key for r in incoming]
            if len(set(keys)) != len(keys):
                raise UserError(_("two rows for the same respondent (department, level and name)"))
            for respondent in incoming:
                existing = next((i for i, r in enumerate(respondents) if r.key == respondent.key), None)
                if existing is None:
                    respondents.append(respondent)
                    said = _("added") if not migrated_from else _("added (answers to version {found} migrated to {version})").format(found=migrated_from, version=pack.version)
                    reports.append(AddReport(respondent.source.file, "added", said, respondent.label(), notices_of.get(respondent.key, ())))
                elif replace:
                    old = respondents[existing]
                    respondents[existing] = respondent
                    reports.append(
                        AddReport(respondent.source.file, "replaced", _("replaced the answers from {file}").format(file=old.source.file), respondent.label())
                    )
                else:
                    old = respondents[existing]
                    reports.append(
                        AddReport(
                            respondent.source.file,
                            "refused",
                            _("{respondent} is already in the round (from {file}); give --replace to replace those answers").format(
                                respondent=old.label() or _("this respondent"), file=old.source.file
                            ),
                            respondent.label(),
                        )
                    )
        except UserError as exc:
            reports.append(AddReport(shown, "refused", exc.message if exc.file in (None, str(path), shown) else exc.line()))
        finally:
            if progress:
                progress(1)
    return round_.model_copy(update={"respondents": respondents}), reports


def _read_in_parallel(paths: Sequence[str | Path], load: Callable[[str], Pack]) -> dict[str, Callable[[], list[Assessment]]]:
    """Read the files on two threads while the main loop applies the round's rules in
    order. Unpacking and parsing a workbook (zlib, calamine) release the interpreter
    lock, so a second thread takes ``round add`` of 50 questionnaires from about 2.1 to
    about 1.4 times a bare calamine read (bench/round_add.py). Each entry returns the
    file's assessments or raises its UserError, as :func:`coherence.batch.read_file` does."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from .batch import read_file

    unique = list(dict.fromkeys(str(p) for p in paths))
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futures = {item: pool.submit(read_file, item, load) for item in unique}
        return {item: future.result for item, future in futures.items()}


# --------------------------------------------------------------------------- scoring


def assessments_of(round_: Round) -> list[Assessment]:
    """The round's respondents as assessments, for the scoring engine and the reports."""
    return [
        Assessment(
            pack_id=round_.pack.id,
            pack_version=round_.pack.version,
            language=r.language,
            authority=round_.authority,
            respondent=Respondent(name=r.name, department=r.department, level=r.level),
            answers=r.answers,
            source=r.source.file,
            scope=round_.scope,
        )
        for r in round_.respondents
    ]


def respondent_labels(round_: Round) -> list[str]:
    """Respondents named by department (and name), with the level where two read the same."""
    labels = [r.label() for r in round_.respondents]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return [
        f"{label} ({r.level.value})" if counts[label] > 1 else label
        for label, r in zip(labels, round_.respondents)
    ]


def consensus_answers(round_: Round) -> dict[str, Answer]:
    return {ind_id: Answer(choice=a.choice, notes=a.notes) for ind_id, a in round_.consensus.items()}


def score_round_file(pack: Pack, round_: Round) -> RoundResult:
    """Score a round: its respondents, the round (agreed answers over medians), agreement."""
    return score_round(
        pack,
        assessments_of(round_),
        respondent_labels(round_),
        consensus=consensus_answers(round_),
        scope=round_.scope,
        targets=round_.targets,
    )


def sector_code(sector) -> str:
    """A sector's short name in tables: its indicators' id prefix (GOV, HEA…)."""
    first = sector.indicators[0].id
    return first.split("-")[0] if "-" in first else sector.id[:3].upper()


def completion(pack: Pack, answers: dict[str, Answer]) -> dict[str, tuple[int, int]]:
    """Per sector: (answered, indicators) for one respondent."""
    return {
        sector.id: (sum(1 for i in sector.indicators if (a := answers.get(i.id)) is not None and a.choice is not None), len(sector.indicators))
        for sector in pack.sectors
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _choice(choice: object) -> object:
    return choice.value if isinstance(choice, Special) else choice


def round_document(pack: Pack, round_: Round, result: RoundResult) -> dict[str, Any]:
    """``round show --json``: DESIGN §7's document, extended with what a round knows."""
    from .results_json import results_document

    doc = results_document(pack, assessments_of(round_), result, [])
    for entry, respondent, scores in zip(doc["respondents"], round_.respondents, result.respondents):
        entry["name"] = respondent.name
        entry["key"] = respondent.key
        entry["sectors_assessed"] = list(scores.assessed)
        entry["not_assessed"] = list(scores.not_assessed)
        entry["completion"] = {sector: list(done) for sector, done in completion(pack, respondent.answers).items()}
    assert doc["round"] is not None
    doc["round"].update(
        {
            "authority": round_.authority.model_dump(mode="json"),
            "cycle": round_.cycle.model_dump(mode="json"),
            "language": round_.language,
            "sectors_assessed": list(result.scores.assessed),
            "out_of_scope": dict(round_.scope),
            "agreed": {ind_id: {"choice": _choice(a.choice), "notes": a.notes} for ind_id, a in round_.consensus.items()},
            "agreed_count": len(result.agreed),
            "to_discuss": list(result.to_discuss),
            "to_answer": list(result.scores.missing),
            "horizontal_agreement": _r(result.horizontal_agreement.score),
            "vertical_agreement": _r(result.vertical_agreement.score),
            "targets": dict(round_.targets),
        }
    )
    return doc


def _with(round_: Round, field: str, key: str, value: object) -> Round:
    """The round with ``field[key]`` set to ``value`` (removed when ``value`` is None)."""
    mapping = dict(getattr(round_, field))
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value
    return round_.model_copy(update={field: mapping})


def agree(round_: Round, indicator: str, choice: int | Special | None, notes: str = "") -> Round:
    """Record the workshop's agreed answer for one indicator (None clears it)."""
    return _with(round_, "consensus", indicator, None if choice is None else Agreed(choice=choice, notes=notes))


def set_scope(round_: Round, sector: str, reason: str | None) -> Round:
    """Put a sector out of scope (with a reason), or back in (``reason`` None)."""
    return _with(round_, "scope", sector, reason)


def set_target(round_: Round, indicator: str, level: int | None) -> Round:
    """Set an indicator's target level (None: back to the default, the top level)."""
    return _with(round_, "targets", indicator, level)


def round_files(items: Iterable[str]) -> list[str]:
    """Files as given; a folder stands for the files inside it that a round can take."""
    from .batch import expand_paths

    return expand_paths(list(items))


def next_plan_id(round_: Round) -> str:
    """The next free plan id (P-001, P-002…): ids are never reused, so a workbook row
    exported earlier can always be matched."""
    numbers = [int(action.id[2:]) for action in round_.plan]
    return f"P-{max(numbers, default=0) + 1:03d}"


def add_action(round_: Round, indicator: str, action: str, *, owner: str = "", partners: str = "", due=None) -> Round:
    """A new action plan row for ``indicator`` (status: not started)."""
    from .models import PlanAction

    row = PlanAction(id=next_plan_id(round_), indicator=indicator, action=action, owner=owner, partners=partners, due=due)
    return round_.model_copy(update={"plan": [*round_.plan, row]})


def ensure_plan(pack: Pack, round_: Round, result: RoundResult | None = None) -> Round:
    """The round with an action plan: when it has none, one row per gap above zero (the
    pack's action for the next level, the indicator's first actor as owner, not
    started). A round that has a plan keeps it as it is: exports never regenerate it."""
    if round_.plan:
        return round_
    from .plan import plan_from_gaps

    if result is None:
        result = score_round_file(pack, round_)
    plan = plan_from_gaps(pack, round_, result)
    return round_.model_copy(update={"plan": plan}) if plan else round_


def import_plan_file(round_path: str | Path, workbook_path: str | Path, take: str | None = None):
    """``round import-plan``: read the edited Action plan sheet (through the safety
    checks), then apply it to the round under the round's lock. Returns the
    :class:`coherence.plan.ImportReport` (every change, conflict and deletion)."""
    from .plan import import_plan, read_plan_workbook

    workbook = read_plan_workbook(workbook_path)
    pack = round_pack(load_round(round_path), round_path)
    holder = {}

    def change(round_: Round) -> Round:
        changed, report = import_plan(round_, pack, workbook, take)
        holder["report"] = report
        return changed

    update_round(round_path, change)
    return holder["report"]
