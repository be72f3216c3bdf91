"""Answers given to an earlier version of a pack, carried to the installed version.

A pack lists in ``pack.yaml`` how each earlier version's indicators map onto its own
(:class:`coherence.models.Migration`). Sessions, questionnaires and rounds made with
the earlier version are migrated before they are scored or compared, and every change
is said in one line: a wrong number shown as right is worse than a refusal, so a
version the pack does not describe is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import UserError
from .i18n import _
from .models import Answer, Migration, Pack, Special


@dataclass(frozen=True)
class Migrated:
    answers: dict[str, Answer]
    changes: tuple[str, ...]  # one line per indicator renamed, merged, split, removed or added


def migration_from(pack: Pack, version: str) -> Migration | None:
    """The pack's map from ``version`` (None when ``version`` is the pack's own)."""
    if version == pack.version:
        return None
    for migration in pack.migrations:
        if migration.from_version == version:
            return migration
    known = ", ".join(m.from_version for m in pack.migrations) or _("none")
    raise UserError(
        _("answers to version {found} of pack '{pack}', which the installed version {version} cannot migrate (it migrates: {known})").format(
            found=version, pack=pack.id, version=pack.version, known=known
        )
    )


def sources_of(pack: Pack, migration: Migration) -> dict[str, list[str]]:
    """For each indicator of the installed version, the old ids its answer comes from."""
    new_ids = [ind.id for ind in pack.indicators()]
    moved_away = set(migration.removed) | set(migration.renamed)
    for old, news in migration.split.items():
        if old not in news:
            moved_away.add(old)
    # The target of a rename is new in this version (it cannot have had that id before).
    # A split's other ids are kept as their own source too: if they existed before (as
    # SOC-08 did), dropping their answers would be a wrong number; if not, nothing is there.
    new_here = set(migration.renamed.values())
    sources: dict[str, list[str]] = {}
    for new_id in new_ids:
        found = [] if new_id in moved_away or new_id in new_here else [new_id]
        found += [old for old, new in migration.renamed.items() if new == new_id]
        found += list(migration.merged.get(new_id, []))
        found += [old for old, news in migration.split.items() if new_id in news and old != new_id]
        sources[new_id] = list(dict.fromkeys(found))
    return sources


def _combine(answers: list[tuple[str, Answer]]) -> Answer:
    """Several old answers into one: the lower level wins; else don't know; else not applicable."""
    if len(answers) == 1:
        return answers[0][1]
    levels = [a.choice for _id, a in answers if a.is_level]
    specials = {a.choice for _id, a in answers if isinstance(a.choice, Special)}
    if levels:
        choice: int | Special | None = min(levels)  # type: ignore[type-var]
    elif Special.dont_know in specials:
        choice = Special.dont_know
    elif specials:
        choice = Special.not_applicable
    else:
        choice = None
    notes = "; ".join(f"{old}: {a.notes}" for old, a in answers if a.notes)
    evidence = "; ".join(f"{old}: {a.evidence}" for old, a in answers if a.evidence)
    targets = [a.target for _id, a in answers if a.target is not None]
    return Answer(choice=choice, notes=notes, evidence=evidence, target=min(targets) if targets else None)


def migrate_answers(pack: Pack, version: str, answers: Mapping[str, Answer]) -> Migrated:
    """``answers`` (given to ``version`` of the pack) as answers to the installed version."""
    migration = migration_from(pack, version)
    if migration is None:
        return Migrated(dict(answers), ())
    result: dict[str, Answer] = {}
    changes: list[str] = []
    split_new = {new for old, news in migration.split.items() for new in news if new != old}
    for new_id, olds in sources_of(pack, migration).items():
        given = [(old, answers[old]) for old in olds if old in answers]
        if given:
            result[new_id] = _combine(given)
        shown = [old for old in olds if not (old == new_id and new_id in split_new and new_id not in migration.merged)]
        if not olds:
            changes.append(_("{id}: new in version {version}, unanswered").format(id=new_id, version=pack.version))
        elif shown != [new_id]:
            changes.append(_("{id}: from {olds}").format(id=new_id, olds=", ".join(shown)))
    for old in migration.removed:
        if old in answers:
            changes.append(_("{id}: removed in version {version}; its answer is not scored").format(id=old, version=pack.version))
    return Migrated(result, tuple(changes))
