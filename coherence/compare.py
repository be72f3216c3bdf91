"""What changed between two assessments (``coherence compare``)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UserError
from .i18n import _, current_language, format_number
from .models import Assessment, Pack, Scores
from .scoring import score


@dataclass(frozen=True)
class Change:
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare_scores(pack: Pack, before: Scores, after: Scores) -> list[Change]:
    """Overall, each sector, and both coherence scores, before and after."""
    rows = [Change(_("Overall"), before.overall, after.overall)]
    rows += [Change(s.title, before.sectors[s.id], after.sectors[s.id]) for s in pack.sectors]
    rows.append(Change(_("Vertical coherence"), before.vertical.score, after.vertical.score))
    rows.append(Change(_("Horizontal coherence"), before.horizontal.score, after.horizontal.score))
    return rows


def changed_indicators(pack: Pack, baseline: Assessment, followup: Assessment) -> list[tuple[str, str, str]]:
    """(indicator id, answer before, answer after) for every indicator whose answer changed."""
    out = []
    for ind in pack.indicators():
        a = baseline.answers.get(ind.id)
        b = followup.answers.get(ind.id)
        ca = a.choice if a else None
        cb = b.choice if b else None
        if ca != cb:
            out.append((ind.id, _answer_text(pack, ind.id, ca), _answer_text(pack, ind.id, cb)))
    return out


def _answer_text(pack: Pack, indicator_id: str, choice) -> str:
    from .models import Special

    if choice is None:
        return _("Missing")
    if choice == Special.dont_know:
        return _("Don't know")
    if choice == Special.not_applicable:
        return _("Not applicable")
    try:
        return pack.scale_for(pack.indicator(indicator_id)).label_of(int(choice))
    except KeyError:
        return str(choice)


# --------------------------------------------------------------------------- many files


from dataclasses import field  # noqa: E402
from pathlib import Path  # noqa: E402

from .models import Answer, PlanAction, Round  # noqa: E402

ROUND_SUFFIX = ".round.json"


@dataclass
class Compared:
    """One file of a comparison: a round, a session or a questionnaire, scored."""

    path: Path
    label: str
    is_round: bool
    authority: str
    pack_id: str
    pack_version: str
    scores: Scores
    answers: dict[str, Answer]  # the answers the scores describe (a round's agreed or median)
    respondents: dict[str, str] = field(default_factory=dict)  # identity key -> label (rounds)
    plan: list[PlanAction] = field(default_factory=list)


@dataclass
class Progress:
    """What ``coherence compare`` shows: scores per file, the change first → last."""

    files: list[Compared]
    rows: list[tuple[str, list[float | None]]]  # (name, one value per file)
    improved: list[tuple[str, str, str, float]]  # (indicator, first answer, last answer, points)
    worsened: list[tuple[str, str, str, float]]
    done_not_moved: list[tuple[PlanAction, str, str]]  # (action, first answer, last answer)
    benchmark: bool
    respondent_changes: list[tuple[str, list[str], list[str]]]  # (file label, added, missing)
    migrated_from: list[str]  # pack versions compared through the migrations

    @staticmethod
    def delta(values: list[float | None]) -> float | None:
        if not values or values[0] is None or values[-1] is None:
            return None
        return values[-1] - values[0]


def _migrate_round(pack: Pack, round_: Round, path: Path) -> Round:
    """A round of an earlier pack version, its answers carried through the pack's migrations."""
    from .migrations import migrate_answers, migration_from
    from .models import Agreed

    version = round_.pack.version
    migration = migration_from(pack, version)
    respondents = [r.model_copy(update={"answers": migrate_answers(pack, version, r.answers).answers}) for r in round_.respondents]
    agreed = migrate_answers(pack, version, {k: Answer(choice=a.choice, notes=a.notes) for k, a in round_.consensus.items()}).answers
    consensus = {k: Agreed(choice=a.choice, notes=a.notes) for k, a in agreed.items() if a.choice is not None}
    targets = migrate_answers(pack, version, {k: Answer(target=level) for k, level in round_.targets.items()}).answers
    renamed = dict(migration.renamed) if migration else {}
    plan = [a.model_copy(update={"indicator": renamed.get(a.indicator, a.indicator)}) for a in round_.plan]
    known = {ind.id for ind in pack.indicators()}
    plan = [a for a in plan if a.indicator in known]
    return round_.model_copy(
        update={
            "respondents": respondents,
            "consensus": consensus,
            "targets": {k: a.target for k, a in targets.items() if a.target is not None},
            "plan": plan,
            "pack": round_.pack.model_copy(update={"version": pack.version}),
        }
    )


def load_compared(path: str | Path, pack: Pack) -> Compared:
    """Read and score one file against ``pack`` (the installed version; an earlier
    version's answers go through the pack's migrations)."""
    from .batch import read_assessment
    from .migrations import migrate_answers
    from .rounds import check_round, load_round, respondent_labels, score_round_file

    path = Path(path)
    if path.name.endswith(ROUND_SUFFIX):
        round_ = load_round(path)
        if round_.pack.id != pack.id:
            raise UserError(_("a round of pack '{found}'; the first file uses pack '{pack}'").format(found=round_.pack.id, pack=pack.id), file=path)
        version = round_.pack.version
        if version != pack.version:
            round_ = _migrate_round(pack, round_, path)
        check_round(pack, round_, path)
        result = score_round_file(pack, round_)
        return Compared(
            path, round_.cycle.label or path.name, True, round_.authority.name, round_.pack.id, version, result.scores,
            dict(result.aggregate), dict(zip((r.key for r in round_.respondents), respondent_labels(round_))), list(round_.plan),
        )
    a = read_assessment(path)
    if a.pack_id != pack.id:
        raise UserError(_("a file of pack '{found}'; the first file uses pack '{pack}'").format(found=a.pack_id, pack=pack.id), file=path)
    answers = dict(a.answers)
    if a.pack_version != pack.version:
        answers = migrate_answers(pack, a.pack_version, answers).answers
    from .sessions import check_answers

    check_answers(pack, answers, file=path)
    return Compared(path, path.name, False, a.authority.name, a.pack_id, a.pack_version, score(pack, answers, scope=a.scope), answers)


def pack_of(path: str | Path) -> str:
    """The pack id a round, session or questionnaire names."""
    from .batch import read_assessment
    from .rounds import load_round

    path = Path(path)
    if path.name.endswith(ROUND_SUFFIX):
        return load_round(path).pack.id
    return read_assessment(path).pack_id


def progress(pack: Pack, files: list[Compared]) -> Progress:
    """Scores per file (overall, sectors, categories, vertical, horizontal), indicators
    improved and worsened first → last, plan actions done whose indicator did not move."""
    from .models import fold

    rows: list[tuple[str, list[float | None]]] = [(_("Overall"), [f.scores.overall for f in files])]
    rows += [(s.title, [f.scores.sectors.get(s.id) for f in files]) for s in pack.sectors]
    rows += [(c.title, [f.scores.categories.get(c.id) for f in files]) for c in pack.categories]
    rows.append((_("Vertical coherence"), [f.scores.vertical.score for f in files]))
    rows.append((_("Horizontal coherence"), [f.scores.horizontal.score for f in files]))
    first, last = files[0], files[-1]
    improved, worsened = [], []
    for ind in pack.indicators():
        a, b = first.scores.values.get(ind.id), last.scores.values.get(ind.id)
        if a is None or b is None or abs(a - b) < 1e-9:
            continue
        entry = (ind.id, _answer_text(pack, ind.id, _choice_of(first.answers, ind.id)), _answer_text(pack, ind.id, _choice_of(last.answers, ind.id)), (b - a) * 100)
        (improved if b > a else worsened).append(entry)
    improved.sort(key=lambda e: -e[3])
    worsened.sort(key=lambda e: e[3])
    actions: dict[str, PlanAction] = {}
    for f in files:
        for action in f.plan:
            actions[action.id] = action  # a later round's status wins
    done = []
    for action in actions.values():
        if action.status != "done":
            continue
        a, b = first.scores.values.get(action.indicator), last.scores.values.get(action.indicator)
        if a is not None and b is not None and b <= a + 1e-9:
            done.append((action, _answer_text(pack, action.indicator, _choice_of(first.answers, action.indicator)),
                         _answer_text(pack, action.indicator, _choice_of(last.answers, action.indicator))))
    names = {fold(f.authority) for f in files if f.authority}
    changes = []
    rounds = [f for f in files if f.is_round]
    for before, after in zip(rounds, rounds[1:]):
        added = [label for key, label in after.respondents.items() if key not in before.respondents]
        missing = [label for key, label in before.respondents.items() if key not in after.respondents]
        if added or missing:
            changes.append((after.label, added, missing))
    migrated = sorted({f.pack_version for f in files if f.pack_version != pack.version})
    return Progress(files, rows, improved, worsened, done, len(names) > 1, changes, migrated)


def _choice_of(answers: dict[str, Answer], indicator_id: str):
    answer = answers.get(indicator_id)
    return answer.choice if answer is not None else None


def write_progress_workbook(path: str | Path, pack: Pack, found: Progress) -> Path:
    """*Progress* (the table and a line chart over the files), *Indicators* (improved and
    worsened), *Plan* (actions done whose indicator did not move)."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference

    from .excel.cells import finish_sheet, header_row, save_workbook, score_colours, set_widths, sheet_title, write_number, write_text

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(_("Progress"))
    labels = [f.label for f in found.files]
    header_row(ws, 1, [_("Score"), *labels, _("Change")])
    for row, (name, values) in enumerate(found.rows, start=2):
        write_text(ws, row, 1, name, "label")
        for col, value in enumerate(values, start=2):
            write_number(ws, row, col, value, empty="—")
        write_number(ws, row, len(values) + 2, found.delta(values))
    last_row = len(found.rows) + 1
    score_colours(ws, f"B2:{_col(len(labels) + 1)}{last_row}")
    notes = []
    if found.benchmark:
        notes.append(_("Benchmark: these files are of different authorities; they compare places, not one authority's progress."))
    if found.migrated_from:
        notes.append(_("Compared through the migrations of pack {pack} from {versions}.").format(pack=pack.id, versions=", ".join(found.migrated_from)))
    for label, added, missing in found.respondent_changes:
        notes.append(_respondents_line(label, added, missing))
    for offset, note in enumerate(notes):
        write_text(ws, last_row + 2 + offset, 1, note, "note")
    chart = LineChart()
    chart.title = _("Scores over the files compared")
    chart.y_axis.title = _("Score (0–100)")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(ws, min_col=1, max_col=len(labels) + 1, min_row=2, max_row=last_row), from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=len(labels) + 1, min_row=1, max_row=1))
    chart.width = 20
    chart.height = 10
    ws.add_chart(chart, f"{_col(len(labels) + 4)}2")
    set_widths(ws, [34] + [14] * (len(labels) + 1))
    finish_sheet(ws, header=1, freeze="B2")

    ind = wb.create_sheet(sheet_title(_("Indicators")))
    header_row(ind, 1, [_("ID"), _("Question"), labels[0], labels[-1], _("Change (points)")])
    row = 1
    for title, entries in ((_("Improved"), found.improved), (_("Worsened"), found.worsened)):
        row += 1
        write_text(ind, row, 1, title, "subtitle")
        for ind_id, before, after, points in entries:
            row += 1
            write_text(ind, row, 1, ind_id, "label")
            write_text(ind, row, 2, pack.indicator(ind_id).question)
            write_text(ind, row, 3, before)
            write_text(ind, row, 4, after)
            write_number(ind, row, 5, points)
    set_widths(ind, [11, 55, 24, 24, 12])
    finish_sheet(ind, header=1)

    plan = wb.create_sheet(sheet_title(_("Plan")))
    write_text(plan, 1, 1, _("Actions marked done whose indicator did not move"), "subtitle")
    header_row(plan, 2, [_("Plan ID"), _("Indicator"), _("Action"), _("Responsible"), labels[0], labels[-1]])
    for row, (action, before, after) in enumerate(found.done_not_moved, start=3):
        write_text(plan, row, 1, action.id, "label")
        write_text(plan, row, 2, action.indicator)
        write_text(plan, row, 3, action.action)
        write_text(plan, row, 4, action.owner)
        write_text(plan, row, 5, before)
        write_text(plan, row, 6, after)
    set_widths(plan, [10, 11, 45, 22, 24, 24])
    finish_sheet(plan, header=2)
    return save_workbook(wb, path)


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _respondents_line(label: str, added: list[str], missing: list[str]) -> str:
    parts = []
    if added:
        parts.append(_("added: {names}").format(names=", ".join(added)))
    if missing:
        parts.append(_("missing: {names}").format(names=", ".join(missing)))
    return _("Respondents in {file} differ from the round before ({changes}).").format(file=label, changes="; ".join(parts))
