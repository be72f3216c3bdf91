"""Reading a filled questionnaire back into an :class:`~coherence.models.Assessment`.

Read with python-calamine (fast; openpyxl is not imported on this path), after
:func:`coherence.excel.safety.open_workbook` has refused anything that is not a sane
.xlsx file. Answers are accepted in any shipped language (labels of the scale and
of *don't know* / *not applicable*; case, accents and surrounding spaces do not
matter) and as level numbers. Every problem is a one-line UserError naming the
file, the sheet and the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..errors import UserError
from ..i18n import N_, _, gettext_in, interface_languages
from ..ids import LANG_RE
from ..models import Answer, Assessment, Authority, GovLevel, Indicator, Pack, Respondent, Special
from ..models import _indicator_index as indicator_index
from ..packs import load_installed_pack
from . import layout as L
from ..words import DONT_KNOW, GOV_LEVEL_LABELS, NOT_APPLICABLE
from .labels import localized_pack, normalize
from .layout import MAX_PROFILE_CHARS, MAX_TEXT_CHARS
from .safety import open_workbook
from .values import cell_at, cell_text, shorten

_NUMBER = re.compile(r"^\d{1,2}(\.0*)?$")
Choice = int | Special


@dataclass(frozen=True)
class _Meta:
    pack: str
    version: str
    language: str
    sheet: str
    first_row: int


def _text(value: object) -> str:
    """A cell's content as text, without surrounding spaces."""
    return cell_text(value).strip()


def _sheet_rows(wb: CalamineWorkbook, name: str, path: Path) -> list[list[object]]:
    try:
        return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for bad sheets
        raise UserError(_("cannot read the sheet '{sheet}': {reason}").format(sheet=name, reason=shorten(exc)), file=path) from None


def _read_meta(wb: CalamineWorkbook, path: Path) -> _Meta:
    names = wb.sheet_names
    if L.META_SHEET not in names:
        raise UserError(
            _("not a coherence questionnaire (no '{sheet}' sheet); write one with 'coherence template'").format(sheet=L.META_SHEET),
            file=path,
        )
    rows = _sheet_rows(wb, L.META_SHEET, path)
    found: dict[str, tuple[object, int]] = {}
    for number, row in enumerate(rows, start=1):
        key = _text(row[0]) if row else ""
        if key and key not in found:
            found[key] = (row[1] if len(row) > 1 else "", number)

    def value(key: str) -> tuple[str, str]:
        raw, number = found.get(key, ("", 0))
        return _text(raw), f"{L.META_SHEET}!B{number}" if number else L.META_SHEET

    fmt, place = value("format")
    if fmt != L.FORMAT:
        raise UserError(_("not a coherence questionnaire (format marker missing)"), file=path, place=place)
    version, place = value("format_version")
    if version != str(L.FORMAT_VERSION):
        raise UserError(
            _("questionnaire format version '{found}' is not supported (this program reads version {known})").format(
                found=shorten(version), known=L.FORMAT_VERSION
            ),
            file=path, place=place,
        )
    pack_id, _place = value("pack")
    pack_version, _place = value("version")
    language, place = value("language")
    if not LANG_RE.match(language):
        raise UserError(_("unknown language '{lang}'").format(lang=shorten(language)), file=path, place=place)
    sheet, place = value("sheet")
    if sheet not in names:
        raise UserError(_("the sheet '{sheet}' is missing").format(sheet=shorten(sheet)), file=path, place=place)
    first, place = value("first_row")
    if not first.isdigit() or not 1 <= int(first) <= 10_000:
        raise UserError(_("invalid first row '{row}'").format(row=shorten(first)), file=path, place=place)
    return _Meta(pack_id, pack_version, language, sheet, int(first))


def _load_pack(meta: _Meta, path: Path, load: Callable[[str], Pack]) -> Pack:
    try:
        pack = load(meta.pack)
    except UserError as exc:
        raise UserError(exc.message, file=path, place=f"{L.META_SHEET}!B3") from None
    if pack.version != meta.version and not any(m.from_version == meta.version for m in pack.migrations):
        raise UserError(
            _("questionnaire for version {found} of pack '{pack}'; the installed version is {version}").format(
                found=shorten(meta.version), pack=pack.id, version=pack.version
            ),
            file=path, place=f"{L.META_SHEET}!B4",
        )
    return pack


# --------------------------------------------------------------------------- answer words


@dataclass(frozen=True)
class _Words:
    """Per scale id: normalized word -> choice; and the labels to show in errors."""

    choices: dict[str, dict[str, Choice]]
    shown: dict[str, list[str]]
    memo: dict[tuple, Choice | None] = field(default_factory=dict, compare=False, hash=False)  # see _choice


@lru_cache(maxsize=32)
def _words(pack_dir: str, version: str, language: str) -> _Words:
    from ..translate.catalogs import translated_languages

    source = localized_pack(Path(pack_dir), None)
    languages = list(dict.fromkeys([language, source.source_language, *translated_languages(source.id)]))
    choices: dict[str, dict[str, Choice]] = {}
    shown: dict[str, list[str]] = {}
    for lang in languages:
        try:
            pack = localized_pack(Path(pack_dir), lang)
        except UserError:
            continue  # a broken translation must not stop reading answers in other languages
        specials = {
            normalize(gettext_in(lang, DONT_KNOW)): Special.dont_know,
            normalize(gettext_in(lang, NOT_APPLICABLE)): Special.not_applicable,
        }
        for scale in pack.scales:
            table = choices.setdefault(scale.id, {})
            for level in scale.levels:
                table.setdefault(normalize(level.label), level.level)
            for word, special in specials.items():
                table.setdefault(word, special)
            table.setdefault("n/a", Special.not_applicable)
            if scale.id not in shown:
                shown[scale.id] = [lv.label for lv in scale.levels] + [gettext_in(lang, DONT_KNOW), gettext_in(lang, NOT_APPLICABLE)]
    return _Words(choices, shown)


@lru_cache(maxsize=1)
def _gov_words() -> dict[str, GovLevel]:
    words: dict[str, GovLevel] = {}
    for level, label in GOV_LEVEL_LABELS.items():
        words.setdefault(normalize(level.value), level)
        for lang in interface_languages():
            words.setdefault(normalize(gettext_in(lang, label)), level)
    return words


def clear_caches() -> None:
    """Forget answer words (after translations change)."""
    _words.cache_clear()
    _gov_words.cache_clear()
    _layout_words.cache_clear()
    _question_owners_cached.cache_clear()


class _Unknown(Exception):
    """A cell holds something that is not an answer (the text is shown to the user)."""


def _parse_choice(value: object, scale_id: str, levels: Sequence[int], words: _Words) -> Choice | None:
    """The answer in a cell: a level, a special answer, or None (empty); _Unknown otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or isinstance(value, (datetime, date, time, timedelta)):
        raise _Unknown(_text(value))
    if isinstance(value, (int, float)):
        if float(value).is_integer() and int(value) in levels:
            return int(value)
        raise _Unknown(_text(value))
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        number = int(float(text))
        if number in levels:
            return number
        raise _Unknown(text)
    found = words.choices.get(scale_id, {}).get(normalize(text))
    if found is None:
        raise _Unknown(text)
    return found


_MEMO_SIZE = 4096


def _choice(value: object, scale_id: str, levels: Sequence[int], words: _Words) -> Choice | None:
    """:func:`_parse_choice`, remembered: a batch meets the same few labels and numbers
    thousands of times, and parsing one (normalizing accents and case) is the slow part."""
    if type(value) not in (str, int, float):  # bools equal 1 and 0 as keys: never remembered
        return _parse_choice(value, scale_id, levels, words)
    key = (scale_id, type(value), value)
    found = words.memo.get(key, _MISSING)
    if found is _MISSING:
        found = _parse_choice(value, scale_id, levels, words)  # _Unknown is not remembered
        if len(words.memo) < _MEMO_SIZE:
            words.memo[key] = found
    return found  # type: ignore[return-value]


_MISSING = object()


# --------------------------------------------------------------------------- reading


def _profile_text(rows, where: tuple[int, int], sheet: str, path: Path) -> str:
    row, col = where
    text = _text(cell_at(rows, row, col))
    if len(text) > MAX_PROFILE_CHARS:
        raise UserError(
            _("text too long ({n} characters; at most {limit})").format(n=len(text), limit=MAX_PROFILE_CHARS),
            file=path, place=f"{sheet}!{L.cell_name(row, col)}",
        )
    return text


def _profile_level(rows, where: tuple[int, int], sheet: str, path: Path) -> GovLevel | None:
    row, col = where
    text = _text(cell_at(rows, row, col))
    if not text:
        return None
    level = _gov_words().get(normalize(text))
    if level is None:
        expected = ", ".join(_(label) for label in GOV_LEVEL_LABELS.values())
        raise UserError(
            _("unknown level of government '{value}' (expected one of: {expected})").format(value=shorten(text), expected=expected),
            file=path, place=f"{sheet}!{L.cell_name(row, col)}",
        )
    return level


# The words of the questionnaire's table headers and profile labels, as the template
# writes them (N_: translated when the template is written, in its language).
HEADER_WORDS = {
    "id": N_("ID"), "question": N_("Question"), "answer": N_("Answer"), "notes": N_("Notes"), "evidence": N_("Evidence"), "target": N_("Target"),
}
PROFILE_WORDS = {
    "authority": N_("Authority"),
    "country": N_("Country"),
    "authority_level": N_("Level of government"),
    "department": N_("Department or sector"),
    "respondent": N_("Respondent name"),
    "respondent_level": N_("Your level of government (if different)"),
}
SEARCH_ROWS = 60  # how far down a moved table is looked for


@lru_cache(maxsize=1)
def _layout_words() -> tuple[dict[str, str], dict[str, str]]:
    """Normalised header and profile words in every interface language -> their key."""
    headers: dict[str, str] = {}
    profile: dict[str, str] = {}
    for lang in interface_languages():
        for key, word in HEADER_WORDS.items():
            headers.setdefault(normalize(gettext_in(lang, word)), key)
        for key, word in PROFILE_WORDS.items():
            profile.setdefault(normalize(gettext_in(lang, word)), key)
    return headers, profile


@dataclass(frozen=True)
class _Layout:
    header_row: int
    columns: dict[str, int]  # id, question, answer, notes, evidence -> column (1-based)
    profile: dict[str, tuple[int, int]]  # key -> (row, col) of the value cell


def _locate(rows, meta: _Meta, sheet: str, path: Path) -> _Layout:
    """Find the indicator table by its header row and the profile by its labels, in
    any shipped language, wherever a user moved them (a column or row inserted,
    moved or deleted) — or refuse naming the cell where the table should start."""
    headers, profile_words = _layout_words()

    def header_at(row: int) -> dict[str, int] | None:
        found: dict[str, int] = {}
        for col, value in enumerate(rows[row - 1] if row - 1 < len(rows) else [], start=1):
            key = headers.get(normalize(_text(value))) if isinstance(value, str) else None
            if key is not None and key not in found:
                found[key] = col
        return found if {"id", "question", "answer"} <= set(found) else None

    expected = meta.first_row - 1
    candidates = [expected, *range(1, min(len(rows), SEARCH_ROWS) + 1)]
    header_row, columns = 0, None
    for row in candidates:
        if row >= 1 and (columns := header_at(row)) is not None:
            header_row = row
            break
    if columns is None:
        raise UserError(
            _("the questionnaire table was not found: no header row with the columns ID, Question and Answer"),
            file=path, place=f"{sheet}!{L.cell_name(max(expected, 1), L.COL_ID)}",
        )
    profile: dict[str, tuple[int, int]] = {}
    for row in range(1, header_row):
        values = rows[row - 1] if row - 1 < len(rows) else []
        for col, value in enumerate(values, start=1):
            key = profile_words.get(normalize(_text(value))) if isinstance(value, str) else None
            if key is not None and key not in profile:
                profile[key] = (row, col + 1)
    for key, row in L.PROFILE_ROWS.items():  # a label deleted: its usual place
        profile.setdefault(key, (row, L.PROFILE_VALUE_COL))
    return _Layout(header_row, columns, profile)


def _sorted_column_notice(levels: list[tuple[int, int]], sheet: str, column: int) -> str | None:
    """Answers in sorted order down the whole table while the ids keep the pack's order
    cannot be told from real answers for sure: say so, by name."""
    values = [level for _row, level in levels]
    if len(values) < 8 or len(set(values)) < 2:
        return None
    rising = all(a <= b for a, b in zip(values, values[1:]))
    falling = all(a >= b for a, b in zip(values, values[1:]))
    if not (rising or falling):
        return None
    first, last = levels[0][0], levels[-1][0]
    return _(
        "the answers in {sheet}!{first}:{last} are in sorted order from top to bottom: was the answer column sorted on its own? "
        "Check the answers against the questions before trusting these scores"
    ).format(sheet=sheet, first=L.cell_name(first, column), last=L.cell_name(last, column))


def read_questionnaire(path: str | Path, load: Callable[[str], Pack] = load_installed_pack) -> Assessment:
    """Read a filled questionnaire; UserError naming file, sheet and cell on any problem.

    ``load`` finds the installed pack a questionnaire names (a batch passes one that
    remembers packs for the length of the batch).
    """
    path = Path(path)
    wb = open_workbook(path)
    try:
        return read_opened(wb, path, load)
    finally:
        wb.close()


class _Place:
    """A cell's place, spelt out only when an error needs it."""

    __slots__ = ("sheet", "row", "col")

    def __init__(self, sheet: str, row: int, col: int) -> None:
        self.sheet, self.row, self.col = sheet, row, col

    def __str__(self) -> str:
        return f"{self.sheet}!{L.cell_name(self.row, self.col)}"


def _indicator_index(pack: Pack) -> dict[str, Indicator]:
    """The pack's own id index (built once per pack, not once per file)."""
    return indicator_index(pack.sectors)[1]


def read_opened(wb: CalamineWorkbook, path: Path, load: Callable[[str], Pack] = load_installed_pack, *, lenient: bool = False) -> Assessment:
    """A questionnaire from a workbook opened (after the safety check) by the caller.

    ``lenient``: an answer cell that cannot be read counts as unanswered and is named in
    ``Assessment.unread_cells`` (``score --keep-going``), instead of refusing the file.
    """
    return _read(wb, path, load, lenient)


def _read(wb: CalamineWorkbook, path: Path, load: Callable[[str], Pack] = load_installed_pack, lenient: bool = False) -> Assessment:
    meta = _read_meta(wb, path)
    pack = _load_pack(meta, path, load)
    sheet = meta.sheet
    rows = _sheet_rows(wb, sheet, path)
    words = _words(str(pack.path), pack.version, meta.language)

    layout = _locate(rows, meta, sheet, path)
    where = layout.profile
    authority_level = _profile_level(rows, where["authority_level"], sheet, path)
    respondent_level = _profile_level(rows, where["respondent_level"], sheet, path)
    authority = Authority(
        name=_profile_text(rows, where["authority"], sheet, path),
        country=_profile_text(rows, where["country"], sheet, path),
        level=authority_level or GovLevel.local,
    )
    respondent = Respondent(
        name=_profile_text(rows, where["respondent"], sheet, path),
        department=_profile_text(rows, where["department"], sheet, path),
        level=respondent_level or authority_level or GovLevel.local,
    )

    indicators = _indicator_index(pack)
    old_ids: set[str] = set()
    if meta.version != pack.version:  # an earlier version the pack migrates: its ids are read too
        from ..migrations import migration_from, sources_of

        old_ids = {old for olds in sources_of(pack, migration_from(pack, meta.version)).values() for old in olds}  # type: ignore[arg-type]
        old_ids |= set(migration_from(pack, meta.version).removed)  # type: ignore[union-attr]
    levels_of: dict[str, list[int]] = {}  # per scale id, looked up once per file
    default_scale = pack.default_scale or pack.scales[0].id
    seen: dict[str, int] = {}
    answers: dict[str, Answer] = {}
    cols = layout.columns
    col_id, col_question, col_answer = cols["id"], cols["question"], cols["answer"]
    col_notes, col_evidence, col_target = cols.get("notes", 0), cols.get("evidence", 0), cols.get("target", 0)
    width = max(cols.values())
    questions = _question_owners(pack, meta.language)
    levels_down: list[tuple[int, int]] = []
    unread: list[str] = []
    first_row = layout.header_row + 1
    for row, values in enumerate(rows[first_row - 1 :], start=first_row):
        if len(values) < width:
            values = [*values, *[""] * (width - len(values))]
        raw_id = values[col_id - 1]
        raw_answer = values[col_answer - 1]
        raw_notes = values[col_notes - 1] if col_notes else ""
        raw_evidence = values[col_evidence - 1] if col_evidence else ""
        raw_target = values[col_target - 1] if col_target else ""
        notes = "" if raw_notes is None or raw_notes == "" else _text(raw_notes)
        evidence = "" if raw_evidence is None or raw_evidence == "" else _text(raw_evidence)
        ind_id = raw_id.strip() if type(raw_id) is str else _text(raw_id)
        if not ind_id:
            if _text(raw_answer) or notes or evidence:
                raise UserError(_("an answer without an indicator id"), file=path, place=str(_Place(sheet, row, col_id)))
            continue  # an empty row, or a comment someone added beside the table
        indicator = indicators.get(ind_id)
        if indicator is None and ind_id in old_ids:
            indicator = pack.indicators()[0].model_copy(update={"id": ind_id, "scale": default_scale})  # an earlier version's id
        if indicator is None:
            raise UserError(
                _("unknown indicator '{id}' (not in pack '{pack}' {version})").format(id=shorten(ind_id), pack=pack.id, version=pack.version),
                file=path, place=str(_Place(sheet, row, col_id)),
            )
        if ind_id in seen:
            raise UserError(
                _("indicator '{id}' appears twice (also in row {row})").format(id=ind_id, row=seen[ind_id]),
                file=path, place=str(_Place(sheet, row, col_id)),
            )
        seen[ind_id] = row
        owner = questions.get(normalize(_text(values[col_question - 1])))
        if owner is not None and owner != ind_id and ind_id in questions.values():
            raise UserError(
                _("the id {id} stands beside the question of {other}: were the ids edited or rows moved? Put each id back beside its question").format(
                    id=shorten(ind_id), other=owner
                ),
                file=path, place=str(_Place(sheet, row, col_id)),
            )
        scale_id = indicator.scale or default_scale
        numbers = levels_of.get(scale_id)
        if numbers is None:
            numbers = levels_of[scale_id] = pack.scale_for(indicator).numbers
        try:
            choice = _choice(raw_answer, scale_id, numbers, words)
        except _Unknown as unknown:
            expected = ", ".join(words.shown.get(scale_id, []))
            problem = UserError(
                _("unknown answer '{value}' (expected one of: {expected}; or a level number {low}–{high})").format(
                    value=shorten(unknown), expected=expected, low=numbers[0], high=numbers[-1]
                ),
                file=path, place=str(_Place(sheet, row, col_answer)),
            )
            if not lenient:
                raise problem from None
            unread.append(problem.line() + " " + _("(counted as unanswered)"))
            choice = None
        if isinstance(choice, int):
            levels_down.append((row, choice))
        target = None
        if raw_target not in (None, ""):
            try:
                target = _choice(raw_target, scale_id, numbers, words)
            except _Unknown:
                target = "?"
            if not isinstance(target, int):
                problem = UserError(
                    _("a target must be a level of the scale ({low}–{high}), not '{value}'").format(
                        low=numbers[0], high=numbers[-1], value=shorten(_text(raw_target))
                    ),
                    file=path, place=str(_Place(sheet, row, col_target)),
                )
                if not lenient:
                    raise problem
                unread.append(problem.line())
                target = None
        if notes or evidence:
            for text, col in ((notes, col_notes), (evidence, col_evidence)):
                if len(text) > MAX_TEXT_CHARS:
                    raise UserError(
                        _("text too long ({n} characters; at most {limit})").format(n=len(text), limit=MAX_TEXT_CHARS),
                        file=path, place=str(_Place(sheet, row, col)),
                    )
            answers[ind_id] = Answer(choice=choice, notes=notes, evidence=evidence, target=target)
        elif choice is not None or target is not None:
            answers[ind_id] = Answer(choice=choice, target=target)

    return Assessment(
        pack_id=pack.id,
        pack_version=meta.version,  # an earlier version's answers are migrated by the caller
        language=meta.language,
        authority=authority,
        respondent=respondent,
        answers=answers,
        source=path.name[:200],
        notices=[n for n in [_sorted_column_notice(levels_down, sheet, col_answer)] if n],
        unread_cells=unread,
    )


@lru_cache(maxsize=32)
def _question_owners_cached(pack_dir: str, version: str, language: str) -> dict[str, str]:
    owners: dict[str, str] = {}
    from ..translate.catalogs import translated_languages

    source = localized_pack(Path(pack_dir), None)
    for lang in dict.fromkeys([language, source.source_language, *translated_languages(source.id)]):
        try:
            pack = localized_pack(Path(pack_dir), lang)
        except UserError:
            continue
        for ind in pack.indicators():
            owners.setdefault(normalize(ind.question), ind.id)
    return owners


def _question_owners(pack: Pack, language: str) -> dict[str, str]:
    """Normalised question text (in every language of the pack) -> its indicator id."""
    return _question_owners_cached(str(pack.path), pack.version, language)
