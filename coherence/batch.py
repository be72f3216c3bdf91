"""Read many questionnaires and sessions and score them together (``coherence score``).

Files are read in parallel worker processes when there are enough of them to pay for
the start-up; a file that cannot be read becomes an error entry and the others are
still scored.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from .errors import UserError
from .i18n import _, current_language
from .models import Assessment, Pack, Scores, identity_key
from .packs import load_installed_pack
from .translate import load_installed_pack as localized_installed_pack
from .scoring import score, score_round, unique_labels
from .sessions import check_answers, load_session

PARALLEL_THRESHOLD = 40  # below this, worker start-up costs more than it saves
CHUNK = 16  # files a worker takes at a time: about 70 ms of work


def read_assessment(path: str | Path, load: Callable[[str], Pack] = load_installed_pack) -> Assessment:
    """Read one respondent's file: a session (.json) or a filled questionnaire (.xlsx)."""
    found = read_file(path, load)
    if len(found) != 1:
        raise UserError(_("holds {n} respondents; give one respondent's session or questionnaire").format(n=len(found)), file=path)
    return found[0]


def read_file(path: str | Path, load: Callable[[str], Pack] = load_installed_pack, *, lenient: bool = False) -> list[Assessment]:
    """The respondents of a file: a session (.json), a filled questionnaire (.xlsx with
    its ``_meta`` sheet), or a KoboToolbox / ODK submissions export (.xlsx or .csv, one
    respondent per row)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        session = load_session(path)
        pack = load(session.pack_id)
        if session.pack_version == pack.version:  # another version is refused, by name, later
            check_answers(pack, session.answers, file=path)
        found = [session]
    elif suffix in (".xlsx", ".xlsm"):
        from .excel import layout
        from .excel.reader import read_opened
        from .excel.safety import open_workbook

        wb = open_workbook(path)  # once: the sheets say which kind of workbook it is
        try:
            if layout.META_SHEET in wb.sheet_names:
                found = [read_opened(wb, path, load, lenient=lenient)]
            else:
                from .xlsform import submissions_from_rows, workbook_rows

                found = submissions_from_rows(workbook_rows(wb, path), path, load)
        finally:
            wb.close()
    elif suffix == ".csv":
        from .xlsform import read_submissions

        found = read_submissions(path, load)
    else:
        raise UserError(_("not a session (.json), questionnaire (.xlsx) or submissions export (.csv) file"), file=path)
    return [a if a.source else a.model_copy(update={"source": path.name}) for a in found]


Read = tuple[str, list[tuple[Assessment, Scores | None]], str | None]


_BATCH_PACKS: dict[str, Pack] = {}


def _batch_pack(pack_id: str) -> Pack:
    """An installed pack, loaded once per batch (and per worker) rather than once per file:
    checking that the pack's files have not changed costs ~0.2 ms a time."""
    pack = _BATCH_PACKS.get(pack_id)
    if pack is None:
        pack = _BATCH_PACKS[pack_id] = load_installed_pack(pack_id)
    return pack


def _read_one(path: str, lenient: bool = False) -> Read:
    """Read and score one file (in a worker process when batches are large)."""
    try:
        assessments = read_file(path, _batch_pack, lenient=lenient)
    except UserError as exc:
        return path, [], exc.line()
    found = []
    for assessment in assessments:
        try:
            scores = summary(score(_batch_pack(assessment.pack_id), assessment.answers, with_gaps=False))
        except UserError:
            scores = None  # reported once, for the round, by check_same_pack
        found.append((assessment, scores))
    return path, found, None


def _read_one_to_send(path: str, lenient: bool = False) -> tuple[str, list[tuple[str, Scores | None]], str | None]:
    """_read_one in a worker: assessments travel back as JSON, which pydantic writes
    and reads several times faster than pickle handles a tree of models."""
    path, found, error = _read_one(path, lenient)
    return path, [(a.model_dump_json(), s) for a, s in found], error


def summary(scores: Scores) -> Scores:
    """A respondent's scores without the per-indicator detail.

    A round shows each respondent's overall, sector, category and coherence scores and
    counts; the gaps and drivers come from the round's aggregate. Dropping the detail
    halves what worker processes send back, which the main process must unpickle alone.
    """
    return replace(
        scores,
        gaps=(),
        values={},
        sector_categories={},
        vertical=replace(scores.vertical, drivers=()),
        horizontal=replace(scores.horizontal, drivers=()),
        dont_know=(),
        missing=(),
    )


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while a batch builds its models.

    A thousand assessments are 150,000 objects that live to the end; each automatic
    collection walks all of them again, which made rebuilding them 2.5 times slower
    (0.38 ms instead of 0.15 ms a file). The models hold no reference cycles, so
    nothing is left for the collector to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_many(
    paths: Sequence[str],
    jobs: int = 0,
    progress: Callable[[int], None] | None = None,
    *,
    lenient: bool = False,
) -> tuple[list[Assessment], list[Scores | None], list[tuple[str, str]]]:
    """Read and score every file; return (assessments, their scores, errors as (file, message)).

    ``lenient`` (``score --keep-going``): an answer cell that cannot be read counts as
    unanswered and is listed in the errors, instead of making the whole file an error.
    """
    with _without_cycle_collector():
        assessments, scores, errors = _read_many(paths, jobs, progress, lenient)
    for a in assessments:
        errors.extend((a.source, problem) for problem in a.unread_cells)
    return assessments, scores, errors


def _read_many(
    paths: Sequence[str], jobs: int, progress: Callable[[int], None] | None, lenient: bool = False
) -> tuple[list[Assessment], list[Scores | None], list[tuple[str, str]]]:
    _BATCH_PACKS.clear()  # a new batch sees the packs as they are now
    workers = jobs or os.cpu_count() or 1
    results: list[Read]
    if workers > 1 and len(paths) >= PARALLEL_THRESHOLD:
        # Small chunks keep the workers busy to the end (a worker left with a long last
        # chunk is time the other core sits idle); the bar moves once a chunk, not once
        # a file, since this process shares the cores with the workers.
        chunk = max(1, min(CHUNK, len(paths) // (workers * 4)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = []
            for path, sent, error in pool.map(_read_one_to_send, paths, [lenient] * len(paths), chunksize=chunk):
                results.append((path, [(Assessment.model_validate_json(a), s) for a, s in sent], error))
                if progress and len(results) % chunk == 0:
                    progress(chunk)
            if progress and len(results) % chunk:
                progress(len(results) % chunk)
    else:
        results = []
        for path in paths:
            results.append(_read_one(path, lenient))
            if progress:
                progress(1)
    assessments = [a for _p, found, _e in results for a, _s in found]
    scores = [s for _p, found, _e in results for _a, s in found]
    errors = [(Path(p).name, e) for p, _found, e in results if e is not None]
    return assessments, scores, errors


def check_same_pack(
    assessments: list[Assessment],
    scores: list[Scores | None],
    errors: list[tuple[str, str]],
    notes: list[str] | None = None,
    lang: str | None = None,
) -> tuple[Pack | None, list[Assessment], list[Scores | None]]:
    """Keep the assessments of the first file's pack; others become errors.

    Answers to an earlier version of the pack are migrated through the pack's
    ``migrations`` (one line in ``notes`` per file, and the changes once per version);
    a version the pack cannot migrate is an error naming the file.
    """
    from .migrations import migrate_answers

    if not assessments:
        return None, [], []
    first = assessments[0]
    try:
        pack = localized_installed_pack(first.pack_id, lang or current_language())
    except UserError as exc:
        errors.append((first.source, exc.line()))
        return None, [], []
    kept = []
    kept_scores = []
    explained: set[str] = set()
    identities: dict[tuple, str] = {}
    for a, s in zip(assessments, scores):
        r = a.respondent
        if r.department.strip() or r.name.strip():  # anonymous respondents cannot be told apart
            key = identity_key(a.authority.name, r.department, r.level, r.name)
            if key in identities:
                errors.append(
                    (a.source, _("the same respondent ({respondent}) as {other}: counted once").format(respondent=a.label(), other=identities[key]))
                )
                continue
            identities[key] = a.source
        if a.pack_id != pack.id:
            errors.append((a.source, _("pack '{found}' differs from the round's pack '{pack}'").format(found=a.pack_id, pack=pack.id)))
            continue
        if a.pack_version != pack.version:
            try:
                migrated = migrate_answers(pack, a.pack_version, a.answers)
            except UserError as exc:
                errors.append((a.source, exc.message))
                continue
            if notes is not None:
                notes.append(
                    _("{file}: answers to version {found} migrated to version {version}").format(file=a.source, found=a.pack_version, version=pack.version)
                )
                if a.pack_version not in explained:
                    explained.add(a.pack_version)
                    notes.extend(f"  {line}" for line in migrated.changes)
            a = a.model_copy(update={"answers": migrated.answers, "pack_version": pack.version})
            s = None  # scored again, on the migrated answers
        kept.append(a)
        kept_scores.append(s)
    return pack, kept, kept_scores


def unique_files(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files once each: the same file by two paths (``./f`` and ``/abs/f``, a link)
    or two files with the same bytes count once; returns (files, one note per repeat).

    Only files of the same size are hashed (two files with the same bytes have the same
    size): a batch of 1,000 questionnaires hashes a handful, not all of them."""
    import hashlib

    notes: list[str] = []
    seen_paths: dict[Path, str] = {}
    candidates: list[tuple[str, int | None]] = []
    for item in paths:
        path = Path(item)
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path
        if resolved in seen_paths:
            notes.append(_("{file}: skipped: given twice ({other})").format(file=item, other=seen_paths[resolved]))
            continue
        seen_paths[resolved] = item
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None  # reading it again reports the problem
        candidates.append((item, size))
    sizes: dict[int, int] = {}
    for _item, size in candidates:
        if size is not None:
            sizes[size] = sizes.get(size, 0) + 1
    kept: list[str] = []
    seen_bytes: dict[str, str] = {}
    for item, size in candidates:
        if size is not None and sizes[size] > 1:
            try:
                digest = hashlib.sha256(Path(item).read_bytes()).hexdigest()
            except OSError:
                digest = None
            if digest is not None and digest in seen_bytes:
                notes.append(_("{file}: skipped: the same bytes as {other}").format(file=item, other=seen_bytes[digest]))
                continue
            if digest is not None:
                seen_bytes[digest] = item
        kept.append(item)
    return kept, notes


def expand_paths(items: Sequence[str]) -> list[str]:
    """Files as given; a directory stands for the .xlsx and .json files inside it."""
    paths: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            paths.extend(str(f) for f in sorted(p.iterdir()) if f.suffix.lower() in (".xlsx", ".json", ".csv") and not f.name.startswith((".", "~$")))
        else:
            paths.append(item)
    if not paths:
        raise UserError(_("no questionnaire or session files given"))
    return paths
