"""The round's living action plan (DESIGN §9): created once from the gaps, then edited
in the exported workbook and read back with ``coherence round import-plan``.

The report's *Action plan* sheet of a round is written from ``round.plan``; a very
hidden ``_plan`` sheet records whose plan it is (authority, cycle, pack, version) and,
per plan id, a hash of the row's editable fields at export. Reading the workbook back,
a row whose hash differs from the recorded one was edited in the workbook; a round row
whose hash differs was changed in the round since the export; both is a conflict.

The table is found by its header row, in any shipped language (the headers are the
report's translated words), never by fixed positions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from .errors import UserError
from .i18n import N_, _, gettext_in, interface_languages
from .models import Pack, PlanAction, Round, RoundResult

PLAN_META_SHEET = "_plan"
PLAN_FORMAT = "coherence-plan"
STATUS_KEYS = ("not_started", "in_progress", "done", "dropped")
# The four statuses as the reports show them (the same words as the session report's drop-down).
STATUS_LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
INDENT = "    "  # the lines of a conflict under its heading
EDITABLE = ("indicator", "action", "owner", "partners", "due", "status", "notes")

# The columns of the round's Action plan sheet: (key, header). Keys in EDITABLE are read
# back; the others are context, written for people and ignored on import.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", N_("Plan ID")),
    ("indicator", N_("Indicator")),
    ("question", N_("Question")),
    ("action", N_("Action")),
    ("owner", N_("Responsible")),
    ("partners", N_("Partners")),
    ("due", N_("Due date")),
    ("status", N_("Status")),
    ("notes", N_("Progress notes")),
    ("updated", N_("Last updated")),
    ("step", N_("Step")),
    ("sdg", N_("SDG targets")),
    ("gcm", N_("GCM objectives")),
    ("resources", N_("Resources")),
)
FIELD_NAMES = {
    "indicator": N_("indicator"),
    "action": N_("action"),
    "owner": N_("owner"),
    "partners": N_("partners"),
    "due": N_("due date"),
    "status": N_("status"),
    "notes": N_("notes"),
}


# --------------------------------------------------------------------------- creating


def plan_from_gaps(pack: Pack, round_: Round, result: RoundResult) -> list[PlanAction]:
    """One row per gap above zero, in the engine's ranking: the pack's action for the
    next level, the indicator's first actor as owner, not started."""
    rows = []
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for number, gap in enumerate(result.scores.gaps, start=1):
        ind = pack.indicator(gap.indicator)
        next_level = gap.next_level if gap.next_level is not None else gap.target_level
        rows.append(
            PlanAction(
                id=f"P-{number:03d}",
                indicator=gap.indicator,
                action=ind.actions.get(next_level, ""),
                owner=ind.actors[0] if ind.actors else "",
                partners="; ".join(ind.actors[1:])[:200],
                updated=stamp,
            )
        )
    return rows


# --------------------------------------------------------------------------- digests


def _norm(value: object) -> str:
    from .excel.cells import safe_text

    if isinstance(value, (date, datetime)):
        value = value.isoformat()[:10]
    return safe_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def fields_of(action: PlanAction) -> dict[str, str]:
    """The editable fields of a row as comparable text."""
    return {name: _norm(getattr(action, name)) for name in EDITABLE}


def row_digest(fields: dict[str, str]) -> str:
    data = json.dumps([fields[name] for name in EDITABLE], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]


def plan_digest(round_: Round) -> dict[str, str]:
    """Per plan id, a hash of its editable fields."""
    return {action.id: row_digest(fields_of(action)) for action in round_.plan}


def plan_meta(round_: Round, sheet: str) -> dict[str, object]:
    """What the hidden ``_plan`` sheet records: whose plan, and its digest at export."""
    meta: dict[str, object] = {
        "format": PLAN_FORMAT,
        "authority": round_.authority.name,
        "cycle": round_.cycle.label,
        "pack": round_.pack.id,
        "version": round_.pack.version,
        "language": round_.language,
        "sheet": sheet,
    }
    meta.update(plan_digest(round_))
    return meta


# --------------------------------------------------------------------------- reading


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], dict[str, str]]:
    """Header words and status words of every shipped language, normalized → key."""
    from .excel.labels import normalize

    headers: dict[str, str] = {}
    statuses: dict[str, str] = {}
    for lang in interface_languages():
        for key, header in COLUMNS:
            headers.setdefault(normalize(gettext_in(lang, header)), key)
        for key, label in STATUS_LABELS.items():
            statuses.setdefault(normalize(gettext_in(lang, label)), key)
    for key in STATUS_KEYS:
        statuses.setdefault(normalize(key), key)
        statuses.setdefault(normalize(key.replace("_", " ")), key)
    return headers, statuses


def action_plan_sheet_names() -> set[str]:
    from .excel.cells import sheet_title

    return {sheet_title(gettext_in(lang, "Action plan")) for lang in interface_languages()}


@dataclass
class SheetRow:
    """One row of the edited table: its number, the cells by key, and their addresses."""

    number: int
    values: dict[str, object]


@dataclass
class PlanWorkbook:
    path: Path
    sheet: str
    meta: dict[str, str]
    meta_rows: dict[str, int]
    digest: dict[str, str]
    columns: dict[str, int]  # key -> 1-based column
    rows: list[SheetRow] = field(default_factory=list)

    def cell(self, key: str, row: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.sheet}!{get_column_letter(self.columns[key])}{row}"


def read_plan_workbook(path: str | Path) -> PlanWorkbook:
    """The edited Action plan table of a round report (checked by :mod:`excel.safety`)."""
    from .excel.labels import normalize
    from .excel.safety import open_workbook
    from .excel.values import cell_text

    path = Path(path)
    wb = open_workbook(path)
    names = wb.sheet_names

    def rows_of(name: str) -> list[list[object]]:
        try:
            return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for bad sheets
            from .excel.values import shorten

            raise UserError(_("cannot read the sheet '{sheet}': {reason}").format(sheet=name, reason=shorten(exc)), file=path) from None

    if PLAN_META_SHEET not in names:
        raise UserError(_("not the report of a round (no '{sheet}' sheet); write one with coherence round report").format(sheet=PLAN_META_SHEET), file=path)
    meta: dict[str, str] = {}
    meta_rows: dict[str, int] = {}
    digest: dict[str, str] = {}
    for number, row in enumerate(rows_of(PLAN_META_SHEET), start=1):
        key = cell_text(row[0]).strip() if row else ""
        value = cell_text(row[1]).strip() if len(row) > 1 else ""
        if not key or key in meta_rows:
            continue
        meta_rows[key] = number
        if key.startswith("P-"):
            digest[key] = value
        else:
            meta[key] = value
    if meta.get("format") != PLAN_FORMAT:
        raise UserError(_("not the report of a round (format marker missing)"), file=path, place=f"{PLAN_META_SHEET}!A1")
    sheet = meta.get("sheet", "")
    if sheet not in names:
        sheet = next((n for n in names if n in action_plan_sheet_names()), "")
    if not sheet:
        raise UserError(_("the workbook has no Action plan sheet"), file=path)
    headers, _statuses = _words()
    grid = rows_of(sheet)
    columns: dict[str, int] = {}
    header_row = 0
    for number, row in enumerate(grid[:30], start=1):
        found = {}
        for col, value in enumerate(row, start=1):
            key = headers.get(normalize(cell_text(value)))
            if key and key not in found:
                found[key] = col
        if "id" in found and "indicator" in found:
            columns, header_row = found, number
            break
    if not header_row:
        raise UserError(_("no header row with '{plan_id}' and '{indicator}' in the sheet '{sheet}'").format(
            plan_id=_("Plan ID"), indicator=_("Indicator"), sheet=sheet), file=path)
    result = PlanWorkbook(path, sheet, meta, meta_rows, digest, columns)
    for number, row in enumerate(grid[header_row:], start=header_row + 1):
        values = {key: (row[col - 1] if col - 1 < len(row) else None) for key, col in columns.items()}
        if all(cell_text(values.get(key)).strip() == "" for key in ("id", *EDITABLE) if key in columns and key != "status"):
            continue  # an empty row (a status drop-down may still show its blank)
        result.rows.append(SheetRow(number, values))
    return result


# --------------------------------------------------------------------------- importing


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)  # every change, one line each
    conflicts: list[str] = field(default_factory=list)
    unresolved: int = 0
    changed: int = 0
    added: int = 0


def _status(value: object, where: str, path: Path) -> str:
    from .excel.labels import normalize
    from .excel.values import cell_text

    text = cell_text(value).strip()
    if not text:
        return "not_started"
    key = _words()[1].get(normalize(text))
    if key is None:
        shown = ", ".join(_(label) for label in STATUS_LABELS.values())
        raise UserError(_("'{value}' is not a status ({statuses})").format(value=text, statuses=shown), file=path, place=where)
    return key


def _due(value: object, where: str, path: Path) -> str:
    from .excel.values import cell_text

    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UserError(_("'{value}' is not a date (write it as a date, e.g. 2027-03-31)").format(value=text[:40]), file=path, place=where) from None


def _shown(value: str) -> str:
    return "'" + value.replace("\n", " / ") + "'"


def import_plan(round_: Round, pack: Pack, workbook: PlanWorkbook, take: str | None = None) -> tuple[Round, ImportReport]:
    """The round with the workbook's edits; every change, conflict and deletion reported.

    ``take`` decides conflicts (a row changed both in the round and in the workbook since
    the export): None keeps the round's and shows both, "round" keeps the round's,
    "workbook" takes the workbook's. Raises UserError (naming ``sheet!cell``) for a
    workbook of another round, an unknown or duplicated plan id, a date that is not a
    date, a status not among the four.
    """
    from pydantic import ValidationError

    from .excel.values import cell_text

    path = workbook.path
    for key, expected in (("authority", round_.authority.name), ("cycle", round_.cycle.label), ("pack", round_.pack.id), ("version", round_.pack.version)):
        found = workbook.meta.get(key, "")
        if found != _norm(expected):
            raise UserError(
                _("the workbook is the report of another round ({key} '{found}'; the round's is '{expected}')").format(key=key, found=found, expected=expected),
                file=path, place=f"{PLAN_META_SHEET}!B{workbook.meta_rows.get(key, 1)}",
            )
    indicators = {ind.id for ind in pack.indicators()}
    by_id = {action.id: action for action in round_.plan}
    report = ImportReport()
    seen: dict[str, int] = {}
    incoming: list[tuple[SheetRow, str, dict[str, str]]] = []  # (row, plan id or "", fields)
    for row in workbook.rows:
        plan_id = cell_text(row.values.get("id")).strip()
        where_id = workbook.cell("id", row.number)
        if plan_id:
            if plan_id in seen:
                raise UserError(_("plan id {id} appears twice (rows {first} and {second})").format(id=plan_id, first=seen[plan_id], second=row.number), file=path, place=where_id)
            if plan_id not in by_id:
                raise UserError(_("plan id {id} is not in the round's plan (plan ids cannot be edited; leave it empty for a new action)").format(id=plan_id), file=path, place=where_id)
            seen[plan_id] = row.number
        fields: dict[str, str] = {}
        for name in EDITABLE:
            if name not in workbook.columns:
                fields[name] = fields_of(by_id[plan_id])[name] if plan_id else ""
                continue
            value = row.values.get(name)
            where = workbook.cell(name, row.number)
            if name == "status":
                fields[name] = _status(value, where, path)
            elif name == "due":
                fields[name] = _due(value, where, path)
            else:
                fields[name] = _norm(cell_text(value))
        if fields["indicator"] not in indicators:
            raise UserError(
                _("'{value}' is not an indicator of pack {pack} {version}").format(value=fields["indicator"], pack=pack.id, version=pack.version),
                file=path, place=workbook.cell("indicator", row.number),
            )
        incoming.append((row, plan_id, fields))

    now = datetime.now(timezone.utc).replace(microsecond=0)

    def build(base: PlanAction | None, plan_id: str, fields: dict[str, str], row: SheetRow) -> PlanAction:
        data = {name: fields[name] for name in EDITABLE}
        data["due"] = date.fromisoformat(fields["due"]) if fields["due"] else None
        try:
            return PlanAction(id=plan_id, updated=now, **data)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else "id"
            place = workbook.cell(name, row.number) if name in workbook.columns else workbook.cell("id", row.number)
            raise UserError(_("invalid {field}: {reason}").format(field=name, reason=first["msg"]), file=path, place=place) from None

    plan = list(round_.plan)
    index = {action.id: n for n, action in enumerate(plan)}
    exported_new = [a for a in round_.plan if a.id not in workbook.digest]
    next_number = max((int(a.id[2:]) for a in round_.plan), default=0)
    for row, plan_id, fields in incoming:
        if not plan_id:
            twin = next((a for a in exported_new if a.indicator == fields["indicator"] and _norm(a.action) == fields["action"]), None)
            if twin is not None:
                report.lines.append(_("row {row}: already added as {id}").format(row=row.number, id=twin.id))
                continue
            next_number += 1
            new_id = f"P-{next_number:03d}"
            action = build(None, new_id, fields, row)
            plan.append(action)
            exported_new.append(action)
            report.added += 1
            report.lines.append(_("{id}: new action for {indicator} (row {row}): {action}").format(
                id=new_id, indicator=fields["indicator"], row=row.number, action=_shown(fields["action"])))
            continue
        current = by_id[plan_id]
        mine = fields_of(current)
        exported = workbook.digest.get(plan_id, "")
        in_workbook = row_digest(fields) != exported
        in_round = row_digest(mine) != exported
        if not in_workbook or fields == mine:
            continue
        if in_round:
            differ = [name for name in EDITABLE if fields[name] != mine[name]]
            label = ", ".join(_(FIELD_NAMES[name]) for name in differ)
            block = [_("{id}: changed in the round and in the workbook since the export ({fields}):").format(id=plan_id, fields=label)]
            for name in differ:
                block.append(INDENT + _("{field}: round {round_value} | workbook {workbook_value}").format(
                    field=_(FIELD_NAMES[name]), round_value=_shown(_display(name, mine[name])), workbook_value=_shown(_display(name, fields[name]))))
            if take == "workbook":
                block.append(INDENT + _("took the workbook's version (--take workbook)"))
            elif take == "round":
                block.append(INDENT + _("kept the round's version (--take round)"))
            else:
                block.append(INDENT + _("kept the round's version; give --take workbook to take the workbook's"))
                report.unresolved += 1
            report.conflicts.append("\n".join(block))
            if take != "workbook":
                continue
        for name in EDITABLE:
            if fields[name] != mine[name]:
                report.lines.append(_("{id}: {field} {before} → {after}").format(
                    id=plan_id, field=_(FIELD_NAMES[name]), before=_shown(_display(name, mine[name])), after=_shown(_display(name, fields[name]))))
        plan[index[plan_id]] = build(current, plan_id, fields, row)
        report.changed += 1
    for plan_id in workbook.digest:
        if plan_id in by_id and plan_id not in seen:
            report.lines.append(_("{id}: not in the workbook (deleted there?); kept in the round — plan rows are never deleted by an import; set its status to dropped instead").format(id=plan_id))
    return round_.model_copy(update={"plan": plan}), report


def _display(name: str, value: str) -> str:
    if name == "status" and value in STATUS_LABELS:
        return _(STATUS_LABELS[value])
    return value


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def status_labels() -> list[str]:
    return [_(STATUS_LABELS[key]) for key in STATUS_KEYS]


def sort_for_sheet(pack: Pack, plan: Sequence[PlanAction]) -> list[PlanAction]:
    """The plan in the order the process runs (its steps), then by id."""
    order = {step.id: n for n, step in enumerate(pack.steps)}

    def key(action: PlanAction) -> tuple[int, int]:
        try:
            step = pack.indicator(action.indicator).step
        except KeyError:
            step = None
        return (order.get(step, len(order)), int(action.id[2:]))

    return sorted(plan, key=key)


def sector_targets(pack: Pack, scores, answers, targets) -> dict[str, float | None]:
    """Per sector, the score the targets would give: each counted indicator's target
    level value × 100, weighted like the scores (None for a sector not scored)."""
    out: dict[str, float | None] = {}
    for sector in pack.sectors:
        total = weights = 0.0
        for ind in sector.indicators:
            if scores.values.get(ind.id) is None:
                continue
            scale = pack.scale_for(ind)
            values = {lv.level: lv.value for lv in scale.levels}
            answer = answers.get(ind.id)
            level = scale.top.level
            if ind.id in targets and targets[ind.id] in values:
                level = targets[ind.id]
            elif answer is not None and answer.target is not None and answer.target in values:
                level = answer.target
            total += ind.weight * values[level]
            weights += ind.weight
        out[sector.id] = 100.0 * total / weights if weights else None
    return out


def planned_for(plan: Sequence[PlanAction]) -> dict[str, PlanAction]:
    """Per indicator, its first plan row that is not dropped."""
    found: dict[str, PlanAction] = {}
    for action in plan:
        if action.status != "dropped":
            found.setdefault(action.indicator, action)
    return found
