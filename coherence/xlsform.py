"""Remote collection: the questionnaire as an XLSForm, and reading its submissions back.

:func:`build_xlsform` / :func:`write_xlsform` turn a pack into an XLSForm (sheets
``survey``, ``choices``, ``settings``) that KoboToolbox and ODK Central deploy as is:

- the profile first (group ``profile``): authority, country, level of government,
  department, respondent name and the respondent's own level (if different);
- one group per sector (name = the sector id, label = its title), in which each
  indicator is one ``select_one`` (name = the indicator id made an XML name, ``GOV-01``
  → ``GOV_01``; the label starts with the original id, and the survey's
  ``instance::coherence_id`` column keeps it in the XForm) followed by two optional
  ``text`` questions, ``<name>_notes`` and ``<name>_evidence``;
- one choice list per scale used: its levels (choice names ``0``, ``1``…) then
  ``dont_know`` and ``not_applicable``;
- two ``calculate`` fields, ``coherence_pack`` and ``coherence_version``, so that every
  export names the pack and version it answers (KoboToolbox's own ``__version__``
  column is its deployment id, not the form's ``version`` setting, and ODK Central's
  CSV names no form id at all).

Labels and hints are written in every requested language as ``label::Français (fr)``.

:func:`read_submissions` reads a KoboToolbox or ODK Central export of that form (.xlsx,
checked by :mod:`coherence.excel.safety` first, or .csv) into one
:class:`~coherence.models.Assessment` per submission, with exactly the answers the same
choices typed into the Excel questionnaire give. Column names may carry group prefixes
with any separator (``governance/GOV_01``, ``governance-GOV_01``) or be the questions'
labels; values may be choice names, level numbers or labels in any shipped language.
Every problem is one :class:`~coherence.errors.UserError` line naming file, row and column.

The field names are a pure function of the pack (:func:`form_names`), so the reader
needs only the pack, never the form file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UserError
from .excel.values import cell_text, shorten
from .i18n import _, gettext_in
from .ids import check_language
from .models import Answer, Assessment, Authority, GovLevel, Pack, Respondent, Special
from .packs import load_installed_pack, load_pack
from .words import DONT_KNOW, GOV_LEVEL_LABELS, NOT_APPLICABLE

if TYPE_CHECKING:
    from openpyxl import Workbook

PACK_FIELD = "coherence_pack"
VERSION_FIELD = "coherence_version"
PROFILE_GROUP = "profile"
GOV_LEVEL_LIST = "gov_level"
ID_COLUMN = "instance::coherence_id"

# Profile keys (as in coherence.excel.layout.PROFILE_ROWS) and their field names.
PROFILE_FIELDS = {
    "authority": "authority_name",
    "country": "country",
    "authority_level": "authority_level",
    "department": "department",
    "respondent": "respondent_name",
    "respondent_level": "respondent_level",
}
PROFILE_LABELS = {
    "authority": "Authority",
    "country": "Country",
    "authority_level": "Level of government",
    "department": "Department or sector",
    "respondent": "Respondent name",
    "respondent_level": "Your level of government (if different)",
}
# Names the form must not use: the XForm's own meta block and the metadata fields
# KoboToolbox and ODK add to every export.
RESERVED = frozenset({
    "meta", "formhub", "instanceID", "instanceName", "deprecatedID", "rootUuid", "start", "end", "today",
    "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit", "version", "__version__",
})
# Export columns that are the platform's, never the form's (KoboToolbox, then ODK Central).
METADATA_COLUMNS = frozenset({
    "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit",
    "_id", "_uuid", "_submission_time", "_index", "_parent_index", "_parent_table_name", "_status",
    "__version__", "_version_", "_validation_status", "_notes", "_tags", "_submitted_by", "_geolocation",
    "_attachments", "_xform_id_string", "formhub/uuid", "meta/instanceID", "meta/instanceName",
    "meta/rootUuid", "meta/deprecatedID", "meta/audit",
    "SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
    "Status", "ReviewState", "DeviceID", "Edits", "meta-instanceID", "meta-instanceName", "instanceID",
})
VERSION_COLUMNS = (VERSION_FIELD, "FormVersion")  # ODK Central's CSV names the form's version setting

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_CELLS = 2_000_000
MAX_PROFILE_CHARS = 200
MAX_TEXT_CHARS = 20_000
SPECIAL_NAMES = {"dont_know": Special.dont_know, "not_applicable": Special.not_applicable}


# --------------------------------------------------------------------------- names

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def xml_name(text: str) -> str:
    """A safe XLSForm name for a pack id: letters, digits and '_' (``HEA-03`` → ``HEA_03``)."""
    name = _NOT_NAME.sub("_", text)
    if not name or not (name[0].isalpha() or name[0] == "_") or name.lower().startswith("xml"):
        name = "i_" + name
    return name


@dataclass(frozen=True)
class FormNames:
    """Every name of the form of one pack; the writer and the reader both use it."""

    groups: dict[str, str]  # sector id -> group name
    indicators: dict[str, str]  # indicator id -> select_one name
    notes: dict[str, str]
    evidence: dict[str, str]
    lists: dict[str, str]  # scale id -> choice list name


def _unique(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted_2``…: unique among ``taken`` (casefolded names) whatever the case,
    so that no two columns of an export differ only by case."""
    name, n = wanted, 1
    while name.casefold() in taken:
        n += 1
        name = f"{wanted}_{n}"
    taken.add(name.casefold())
    return name


@lru_cache(maxsize=16)
def _form_names(key: tuple) -> FormNames:
    sectors, scales = key
    taken = {n.casefold() for n in (*RESERVED, PACK_FIELD, VERSION_FIELD, PROFILE_GROUP, *PROFILE_FIELDS.values())}
    groups: dict[str, str] = {}
    for sector_id, _ids in sectors:
        wanted = sector_id if _XML_NAME.match(sector_id) and not sector_id.lower().startswith("xml") else xml_name(sector_id)
        groups[sector_id] = _unique(wanted, taken)
    indicators: dict[str, str] = {}
    for _sector, ids in sectors:
        for ind_id in ids:
            indicators[ind_id] = _unique(xml_name(ind_id), taken)
    notes = {ind: _unique(f"{name}_notes", taken) for ind, name in indicators.items()}
    evidence = {ind: _unique(f"{name}_evidence", taken) for ind, name in indicators.items()}
    list_names: set[str] = {GOV_LEVEL_LIST}
    lists = {scale_id: _unique(xml_name(scale_id), list_names) for scale_id in scales}
    return FormNames(groups, indicators, notes, evidence, lists)


def form_names(pack: Pack) -> FormNames:
    """The names of the form of ``pack`` (a function of its sector, indicator and scale ids)."""
    sectors = tuple((s.id, tuple(ind.id for ind in s.indicators)) for s in pack.sectors)
    return _form_names((sectors, tuple(s.id for s in pack.scales)))


def language_column(lang: str) -> str:
    """``Français (fr)``: the language's own name, capitalised, and its code."""
    from babel import Locale

    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except Exception:  # babel raises several types for unknown codes
        name = lang
    return f"{name[:1].upper()}{name[1:]} ({lang})"


# --------------------------------------------------------------------------- writing


def _form_text(text: str) -> str:
    """Pack text as an XLSForm label: ``${x}`` would be read as a reference to a field."""
    return text.replace("${", "$ {")


def _scales_used(pack: Pack):
    used = {}
    for ind in pack.indicators():
        scale = pack.scale_for(ind)
        used.setdefault(scale.id, scale)
    return list(used.values())


def build_xlsform(pack_id_or_path: str | Path | Pack, languages: Sequence[str] | None = None) -> Workbook:
    """The XLSForm of a pack (id, path or loaded pack) with labels in ``languages``
    (default: every shipped language; the first is the form's default language)."""
    from openpyxl import Workbook

    from .excel.cells import write_text
    from .excel.labels import localized_pack
    from .translate import pack_languages

    source = pack_id_or_path if isinstance(pack_id_or_path, Pack) else load_pack(pack_id_or_path)
    spec = source.path if source.path is not None else pack_id_or_path
    langs = list(dict.fromkeys(languages or pack_languages(source.id, source.source_language)))
    # A language the pack has no catalog for is refused by localized_pack, naming the pack.
    packs = {lang: (source if lang == source.source_language else localized_pack(spec, lang)) for lang in langs}
    columns = {lang: language_column(lang) for lang in langs}
    names = form_names(source)

    def words(message: str) -> dict[str, str]:
        return {lang: gettext_in(lang, message) for lang in langs}

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    choices = wb.create_sheet("choices")
    settings = wb.create_sheet("settings")

    label_cols = [f"label::{columns[lang]}" for lang in langs]
    hint_cols = [f"hint::{columns[lang]}" for lang in langs]
    survey_header = ["type", "name", *label_cols, *hint_cols, "calculation", ID_COLUMN]
    for col, text in enumerate(survey_header, start=1):
        write_text(survey, 1, col, text, None)
    row = 1

    def question(kind: str, name: str, labels: dict[str, str] | None = None, hints: dict[str, str] | None = None,
                 calculation: str = "", original: str = "") -> None:
        nonlocal row
        row += 1
        values = [kind, name]
        values += [_form_text(labels[lang]) if labels else "" for lang in langs]
        values += [_form_text(hints[lang]) if hints and hints[lang] else "" for lang in langs]
        values += [calculation, original]
        for col, value in enumerate(values, start=1):
            write_text(survey, row, col, value, None)

    question("calculate", PACK_FIELD, calculation=f"'{source.id}'")
    question("calculate", VERSION_FIELD, calculation=f"'{source.version}'")

    authority, respondent = words("Authority"), words("Respondent")
    question("begin_group", PROFILE_GROUP, {lang: f"{authority[lang]} · {respondent[lang]}" for lang in langs})
    for key, name in PROFILE_FIELDS.items():
        kind = f"select_one {GOV_LEVEL_LIST}" if key.endswith("_level") else "text"
        question(kind, name, words(PROFILE_LABELS[key]))
    question("end_group", "")

    notes_word, evidence_word = words("Notes"), words("Evidence")
    for index, sector in enumerate(source.sectors):
        group = names.groups[sector.id]
        question("begin_group", group, {lang: packs[lang].sectors[index].title for lang in langs})
        for position, ind in enumerate(sector.indicators):
            local = {lang: packs[lang].sectors[index].indicators[position] for lang in langs}
            name = names.indicators[ind.id]
            scale_list = names.lists[source.scale_for(ind).id]
            question(
                f"select_one {scale_list}", name,
                {lang: f"{ind.id} — {local[lang].question}" for lang in langs},
                {lang: local[lang].guidance for lang in langs},
                original=ind.id,
            )
            question("text", names.notes[ind.id], {lang: f"{ind.id} — {notes_word[lang]}" for lang in langs})
            question(
                "text", names.evidence[ind.id], {lang: f"{ind.id} — {evidence_word[lang]}" for lang in langs},
                {lang: "; ".join(local[lang].evidence) for lang in langs},
            )
        question("end_group", "")

    for col, text in enumerate(["list_name", "name", *label_cols], start=1):
        write_text(choices, 1, col, text, None)
    crow = 1

    def choice(list_name: str, name: str, labels: dict[str, str]) -> None:
        nonlocal crow
        crow += 1
        for col, value in enumerate([list_name, name, *(_form_text(labels[lang]) for lang in langs)], start=1):
            write_text(choices, crow, col, value, None)

    for level, message in GOV_LEVEL_LABELS.items():
        choice(GOV_LEVEL_LIST, level.value, words(message))
    dont_know, not_applicable = words(DONT_KNOW), words(NOT_APPLICABLE)
    for scale in _scales_used(source):
        local_scales = {lang: next(s for s in packs[lang].scales if s.id == scale.id) for lang in langs}
        for position, level in enumerate(scale.levels):
            choice(names.lists[scale.id], str(level.level), {lang: local_scales[lang].levels[position].label for lang in langs})
        choice(names.lists[scale.id], Special.dont_know.value, dont_know)
        choice(names.lists[scale.id], Special.not_applicable.value, not_applicable)

    first = langs[0]
    values = {
        "form_title": packs[first].title,
        "form_id": source.id,
        "version": source.version,
        "default_language": columns[first],
        "style": "pages",
    }
    for col, (key, value) in enumerate(values.items(), start=1):
        write_text(settings, 1, col, key, None)
        write_text(settings, 2, col, value, None)

    for ws, widths in ((survey, [22, 24] + [60] * (2 * len(langs)) + [28, 16]), (choices, [16, 16] + [40] * len(langs))):
        from openpyxl.utils import get_column_letter

        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
    return wb


def write_xlsform(pack: str | Path | Pack, languages: Sequence[str] | None, path: str | Path) -> Path:
    """Write the XLSForm of ``pack`` to ``path`` (atomically; UserError if it cannot)."""
    from .excel.cells import save_workbook

    return save_workbook(build_xlsform(pack, languages), path)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Field:
    kind: str  # "answer", "notes", "evidence", "profile", "pack", "version"
    key: str  # indicator id, profile key, or the field name


@dataclass(frozen=True)
class _Lookup:
    names: dict[str, _Field]
    labels: dict[str, _Field]  # normalized label (any shipped language) -> field


@lru_cache(maxsize=8)
def _lookup(pack_dir: str, pack_id: str, version: str) -> _Lookup:
    """Field names, and the questions' labels in every shipped language (for exports
    whose headers are labels rather than names)."""
    from .excel.labels import localized_pack, normalize
    from .translate import pack_languages

    source = load_pack(pack_dir)
    names = form_names(source)
    by_name: dict[str, _Field] = {PACK_FIELD: _Field("pack", PACK_FIELD)}
    for column in VERSION_COLUMNS:
        by_name[column] = _Field("version", column)
    for key, name in PROFILE_FIELDS.items():
        by_name[name] = _Field("profile", key)
    for ind_id, name in names.indicators.items():
        by_name[name] = _Field("answer", ind_id)
        by_name[names.notes[ind_id]] = _Field("notes", ind_id)
        by_name[names.evidence[ind_id]] = _Field("evidence", ind_id)
    labels: dict[str, _Field] = {}
    for lang in pack_languages(source.id, source.source_language):
        try:
            pack = source if lang == source.source_language else localized_pack(pack_dir, lang)
        except UserError:
            continue
        for key in PROFILE_FIELDS:
            labels.setdefault(normalize(gettext_in(lang, PROFILE_LABELS[key])), _Field("profile", key))
        notes, evidence = gettext_in(lang, "Notes"), gettext_in(lang, "Evidence")
        for ind in pack.indicators():
            labels.setdefault(normalize(_form_text(f"{ind.id} — {ind.question}")), _Field("answer", ind.id))
            labels.setdefault(normalize(f"{ind.id} — {notes}"), _Field("notes", ind.id))
            labels.setdefault(normalize(f"{ind.id} — {evidence}"), _Field("evidence", ind.id))
    return _Lookup(by_name, labels)


_TAIL = re.compile(r"[A-Za-z0-9_]+$")
_SEPARATORS = "/-:.|>\\"


def _field_for(header: str, lookup: _Lookup) -> _Field | None:
    """The form field a column holds: by name, with or without a group prefix, or by label."""
    from .excel.labels import normalize

    found = lookup.names.get(header)
    if found is not None:
        return found
    text = normalize(header)
    found = lookup.labels.get(text)
    if found is not None:
        return found
    for at, char in enumerate(text):  # "Gouvernance/GOV-01 — Existe-t-il …": a label after a group's
        if char in _SEPARATORS:
            found = lookup.labels.get(text[at + 1 :].strip())
            if found is not None:
                return found
    tail = _TAIL.search(header)  # "governance/GOV_01", "governance-GOV_01": a name after its groups
    if tail is not None and header[tail.start() - 1] in _SEPARATORS:
        return lookup.names.get(tail.group())
    return None


def clear_caches() -> None:
    """Forget the labels matched in export headers and the answer words (after translations change)."""
    from .excel import reader

    _lookup.cache_clear()
    reader.clear_caches()


def _cell(value: object) -> str:
    if type(value) is str:
        return value.strip()
    return cell_text(value).strip()


def _read_csv(path: Path) -> list[list[object]]:
    """The rows of a UTF-8 CSV file (BOM or not; ',', ';' or tab separated), bounded."""
    from .fileio import read_bounded

    data = read_bounded(path, MAX_CSV_BYTES)  # a regular file only, bounded while reading
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise UserError(
            _("not UTF-8 text (at row {row}); export the data again as CSV in UTF-8").format(row=row), file=path
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    cells = 0
    try:
        for values in reader:
            cells += len(values)
            if cells > MAX_CELLS:
                raise UserError(_("refused: more than {n} cells").format(n=f"{MAX_CELLS:,}"), file=path)
            rows.append(values)
    except csv.Error as exc:
        raise UserError(_("not a valid CSV file (row {row}: {reason})").format(row=reader.line_num, reason=exc), file=path) from None
    return rows


def _read_xlsx(path: Path) -> list[list[object]]:
    from .excel.safety import open_workbook

    wb = open_workbook(path)
    try:
        return workbook_rows(wb, path)
    finally:
        wb.close()


def workbook_rows(wb, path: Path) -> list[list[object]]:
    """The rows of an opened export's first sheet (where Kobo and ODK put submissions)."""
    names = wb.sheet_names
    if not names:
        raise UserError(_("the workbook has no sheet"), file=path)
    try:
        return wb.get_sheet_by_name(names[0]).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's own error types
        raise UserError(_("cannot read the sheet '{sheet}': {reason}").format(sheet=names[0], reason=shorten(exc)), file=path) from None


def _rows(path: Path) -> list[list[object]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise UserError(_("not a submissions export: expected an .xlsx or .csv file"), file=path)


def _error(path: Path, row: int, column: str, message: str) -> UserError:

    return UserError(_("row {row}, column {column}: {message}").format(row=row, column=shorten(column), message=message), file=path)


def read_submissions(
    path: str | Path,
    load: Callable[[str], Pack] = load_installed_pack,
    *,
    form: tuple[str, str] | None = None,
    language: str | None = None,
) -> list[Assessment]:
    """One Assessment per submission of a KoboToolbox or ODK export (.xlsx or .csv).

    The pack and version come from the export's ``coherence_pack`` and
    ``coherence_version`` (or ODK Central's ``FormVersion``) columns, else from
    ``form=(pack_id, version)``; ``load`` finds the installed pack by id. Rows are
    numbered as a spreadsheet shows them (the header is row 1): ``Assessment.source``
    is ``<file name>#<row>``. ``language`` is recorded on each Assessment (default: the
    pack's source language; an export does not say which language a respondent used).
    """
    path = Path(path)
    return submissions_from_rows(_rows(path), path, load, form=form, language=language)


def submissions_from_rows(
    rows: list[list[object]],
    path: Path,
    load: Callable[[str], Pack] = load_installed_pack,
    *,
    form: tuple[str, str] | None = None,
    language: str | None = None,
) -> list[Assessment]:
    """:func:`read_submissions` on rows already read (a workbook opened once)."""
    from .excel import reader as R
    from .excel.labels import normalize

    if language is not None:
        check_language(language, file=path)
    while rows and not any(_cell(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise UserError(_("the export is empty (no header row)"), file=path)
    if len(rows) == 1:  # empty rows at the end were dropped above
        raise UserError(_("the export holds no submission (only a header row)"), file=path)
    header = [_cell(v) for v in rows[0]]

    # Which pack: the export says so, or the caller does.
    pack_col = header.index(PACK_FIELD) if PACK_FIELD in header else None
    named, named_row = (form[0] if form else None), 0
    if named is None and pack_col is not None:
        named, named_row = next(
            ((_cell(r[pack_col]), n) for n, r in enumerate(rows[1:], start=2) if pack_col < len(r) and _cell(r[pack_col])),
            (None, 0),
        )
    if not named:
        raise UserError(
            _("cannot tell which pack this export answers (no '{column}' column); name the pack and its version").format(column=PACK_FIELD),
            file=path,
        )
    try:
        pack = load(named)
    except UserError as exc:
        if pack_col is not None and not form:
            raise _error(path, named_row, PACK_FIELD, exc.message) from None
        raise UserError(exc.message, file=path) from None
    if form and form[1] != pack.version:
        raise UserError(
            _("export of version {found} of pack '{pack}'; the installed version is {version}").format(
                found=shorten(form[1]), pack=pack.id, version=pack.version
            ),
            file=path,
        )
    lookup = _lookup(str(pack.path), pack.id, pack.version)

    # Which column holds which field.
    answer_cols: list[tuple[int, str]] = []
    notes_cols: dict[str, int] = {}
    evidence_cols: dict[str, int] = {}
    profile_cols: dict[str, int] = {}
    version_cols: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for col, name in enumerate(header):
        if not name or name in METADATA_COLUMNS:
            continue
        field = _field_for(name, lookup)
        if field is None:
            continue  # another platform column (KoboToolbox adds some per project)
        if field.kind in ("answer", "notes", "evidence", "profile"):
            if (field.kind, field.key) in seen:
                raise _error(path, 1, name, _("the same question as column {other}").format(other=header[seen[field.kind, field.key]]))
            seen[field.kind, field.key] = col
        if field.kind == "answer":
            answer_cols.append((col, field.key))
        elif field.kind == "notes":
            notes_cols[field.key] = col
        elif field.kind == "evidence":
            evidence_cols[field.key] = col
        elif field.kind == "profile":
            profile_cols[field.key] = col
        elif field.kind == "version":
            version_cols.append((col, name))
    names = form_names(pack)
    for sector in pack.sectors:
        for ind in sector.indicators:
            if ("answer", ind.id) not in seen:
                raise _error(
                    path, 1, f"{names.groups[sector.id]}/{names.indicators[ind.id]}",
                    _("missing: no column for indicator {id} in the export").format(id=ind.id),
                )

    words = R._words(str(pack.path), pack.version, language or pack.source_language)
    gov_words = R._gov_words()
    scales: dict[str, tuple[str, list[int]]] = {}
    for ind in pack.indicators():
        scale = pack.scale_for(ind)
        scales[ind.id] = (scale.id, scale.numbers)

    memo: dict[tuple[str, type, object], Answer] = {}  # a few answers repeat thousands of times

    def answer_of(value: object, ind_id: str, row: int, column: str) -> int | Special | None:
        scale_id, numbers = scales[ind_id]
        if type(value) in (str, int, float):
            key = (scale_id, type(value), value)
            found = memo.get(key)
            if found is None:
                found = memo[key] = parse(value, scale_id, numbers, row, column)
            return found
        return parse(value, scale_id, numbers, row, column)

    def parse(value: object, scale_id: str, numbers: list[int], row: int, column: str) -> int | Special:
        if type(value) is str:
            value = value.strip()
            special = SPECIAL_NAMES.get(value)
            if special is not None:
                return special
        try:
            return R._choice(value, scale_id, numbers, words)
        except R._Unknown as unknown:
            text = str(unknown)
            if R._NUMBER.match(text) or re.match(r"^-?\d+(\.\d+)?$", text):
                message = _("'{value}' is outside the scale (levels {low}–{high})").format(
                    value=shorten(text), low=numbers[0], high=numbers[-1])
            else:
                expected = ", ".join([*(str(n) for n in numbers), "dont_know", "not_applicable", *words.shown.get(scale_id, [])])
                message = _("'{value}' is not an answer of the scale (expected one of: {expected})").format(
                    value=shorten(text), expected=expected)
            raise _error(path, row, column, message) from None

    def text_of(values: list[object], col: int | None, limit: int, row: int) -> str:
        if col is None or col >= len(values):
            return ""
        value = values[col]
        if value is None or value == "":
            return ""
        text = _cell(value)
        if len(text) > limit:
            raise _error(path, row, header[col], _("text too long ({n} characters; at most {limit})").format(n=len(text), limit=limit))
        return text

    def level_of(values: list[object], key: str, row: int) -> GovLevel | None:
        col = profile_cols.get(key)
        text = text_of(values, col, MAX_PROFILE_CHARS, row)
        if not text:
            return None
        level = gov_words.get(normalize(text))
        if level is None:
            expected = ", ".join(level.value for level in GovLevel)
            raise _error(path, row, header[col], _("unknown level of government '{value}' (expected one of: {expected})").format(
                value=shorten(text), expected=expected))
        return level

    width = len(header)
    results: list[Assessment] = []
    lang = language or pack.source_language
    for row, values in enumerate(rows[1:], start=2):
        if len(values) < width:
            values = [*values, *[""] * (width - len(values))]
        if not any(v is not None and v != "" for v in values):
            continue
        if pack_col is not None:
            found = _cell(values[pack_col])
            if found and found != pack.id:
                raise _error(path, row, PACK_FIELD, _("a submission to the form '{found}', not '{pack}'").format(
                    found=shorten(found), pack=pack.id))
        for col, column in version_cols:
            found = _cell(values[col])
            if found and found != pack.version:
                raise _error(path, row, column, _("a submission to version {found} of the form; the installed pack '{pack}' is version {version}").format(
                    found=shorten(found), pack=pack.id, version=pack.version))
        answers: dict[str, Answer] = {}
        for col, ind_id in answer_cols:
            raw = values[col]
            choice = None if raw is None or raw == "" else answer_of(raw, ind_id, row, header[col])
            notes = text_of(values, notes_cols.get(ind_id), MAX_TEXT_CHARS, row)
            evidence = text_of(values, evidence_cols.get(ind_id), MAX_TEXT_CHARS, row)
            if notes or evidence:
                answers[ind_id] = Answer(choice=choice, notes=notes, evidence=evidence)
            elif choice is not None:
                answers[ind_id] = Answer(choice=choice)
        authority_level = level_of(values, "authority_level", row)
        respondent_level = level_of(values, "respondent_level", row)
        results.append(Assessment(
            pack_id=pack.id,
            pack_version=pack.version,
            language=lang,
            authority=Authority(
                name=text_of(values, profile_cols.get("authority"), MAX_PROFILE_CHARS, row),
                country=text_of(values, profile_cols.get("country"), MAX_PROFILE_CHARS, row),
                level=authority_level or GovLevel.local,
            ),
            respondent=Respondent(
                name=text_of(values, profile_cols.get("respondent"), MAX_PROFILE_CHARS, row),
                department=text_of(values, profile_cols.get("department"), MAX_PROFILE_CHARS, row),
                level=respondent_level or authority_level or GovLevel.local,
            ),
            answers=answers,
            source=f"{path.name[:190]}#{row}",
        ))
    return results
