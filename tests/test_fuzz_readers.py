"""Hostile input for the readers of files that arrive by e-mail: filled questionnaires,
pack PO catalogs and translation spreadsheets.

Each reader gets 1,000 generated cases: valid files mutated the way people and broken
tools mutate them (wrong types, huge strings, unknown and duplicated ids, merged cells,
formulas in answer cells, deleted or renamed sheets), truncated and empty files, and
files that are not what their name says. Every case ends in a result or a one-line
error naming the file, and the command exits 0 or 2, never with a traceback.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from coherence.cli import main
from coherence.errors import UserError
from coherence.excel.reader import read_questionnaire
from coherence.excel.template import write_template
from coherence.i18n import set_language
from coherence.models import Assessment
from coherence.packs import load_pack
from coherence.translate.catalogs import catalog_entries, read_catalog, update
from coherence.translate.sheets import export_sheet, import_sheet

from .conftest import MINI

ONE_LINE = re.compile(r"^[^\n]+$")

CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.text(max_size=40),
    st.integers(1, 40_000).map(lambda n: "x" * n),  # up to past Excel's 32,767 characters
    st.sampled_from([
        "=1+1", "=HYPERLINK(\"http://x\")", "+cmd", "-2", "@SUM(A1)", "3", "2.0", "-1", "99", "1e3",
        "Don't know", "NO SÉ", "sans objet", "Fully in place and institutionalised", "Partly in place",
        "GOV-01", "GOV-02", "HEA-01", "HEA-02", "XXX-99", "national", "Régional", "local", "mini",
        "mainstreaming-migration", "../../etc/passwd", "coherence-questionnaire", "1", "en", "fr", "xx",
        "Questionnaire", "_meta", "\x00", "\u202e", " ",
    ]),
)

# (operation, sheet index, row, column, value, extent)
OPERATIONS = st.tuples(
    st.sampled_from(["set", "set", "set", "formula", "merge", "duplicate", "delete_rows", "delete_sheet", "rename_sheet"]),
    st.integers(0, 3),
    st.integers(1, 24),
    st.integers(1, 9),
    CELL_VALUES,
    st.integers(1, 3),
)


def _set(ws, row: int, col: int, value: object) -> None:
    """Set a cell as a spreadsheet program would; what openpyxl refuses, Excel would not save either."""
    try:
        ws.cell(row, col).value = value
    except (ValueError, TypeError, AttributeError, IllegalCharacterError):  # merged cells are read-only
        pass


def _mutate_workbook(blank: bytes, operations: list[tuple]) -> bytes:
    """Apply the operations with openpyxl, as Excel or LibreOffice would save them."""
    wb = load_workbook(io.BytesIO(blank))
    for op, sheet_index, row, col, value, extent in operations:
        sheets = wb.worksheets
        if not sheets:
            break
        ws = sheets[sheet_index % len(sheets)]
        if op == "set":
            _set(ws, row, col, value)
        elif op == "formula":
            _set(ws, row, col, f"=SUM({extent},{row})")
        elif op == "merge":
            ws.merge_cells(start_row=row, start_column=col, end_row=row + extent, end_column=col + extent)
        elif op == "duplicate":
            for c in range(1, 10):
                _set(ws, row + extent, c, ws.cell(row, c).value)
        elif op == "delete_rows":
            ws.delete_rows(row, extent)
        elif op == "delete_sheet" and len(sheets) > 1:
            wb.remove(ws)
        elif op == "rename_sheet":
            ws.title = (str(value) or "S")[:31].replace("/", "_").replace("\\", "_").replace("*", "_").replace("?", "_") \
                .replace(":", "_").replace("[", "_").replace("]", "_").replace("'", "_") or "S"
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not visible:  # Excel cannot save a workbook without a visible sheet either
        wb.worksheets[0].sheet_state = "visible"
    wb.active = wb.worksheets.index(next(ws for ws in wb.worksheets if ws.sheet_state == "visible"))
    out = io.BytesIO()
    try:
        wb.save(out)
    except Exception:  # openpyxl cannot write every state it accepts; that is not the reader's case
        return blank
    return out.getvalue()


def _broken_file(kind: int, blank: bytes, cut: int, noise: bytes) -> bytes:
    """Files that are not a sane workbook, whatever their name says."""
    if kind == 0:
        return b""
    if kind == 1:
        return blank[: cut % max(1, len(blank))]  # truncated in transfer
    if kind == 2:
        return noise  # random bytes
    if kind == 3:
        return b"id,answer\nGOV-01,3\n"  # a CSV renamed .xlsx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # a zip, but not a workbook
        zf.writestr("[Content_Types].xml", noise)
        zf.writestr("xl/workbook.xml", b"<workbook>" + noise + b"</workbook>")
    return out.getvalue()


def workbook_bytes(blank: bytes):
    mutated = st.lists(OPERATIONS, min_size=1, max_size=6).map(lambda ops: _mutate_workbook(blank, ops))
    broken = st.builds(_broken_file, st.integers(0, 4), st.just(blank), st.integers(0, 10**6), st.binary(max_size=300))
    return st.one_of(mutated, mutated, mutated, broken)


def _assert_command_fails_in_one_line(args: list[str]) -> None:
    """The command a user would run on the same file: exit 2 and one line, no traceback."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    message = err.getvalue()
    assert code == 2 and ONE_LINE.match(message.strip()) and "Traceback" not in message, message


def _check_error(exc: UserError, path: Path) -> None:
    line = exc.line()
    assert ONE_LINE.match(line), line
    assert path.name in line, line


# --------------------------------------------------------------------------- questionnaires

MINI_ROOT = MINI.parent


@pytest.fixture(scope="module")
def questionnaire_blank(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COHERENCE_PACKS", str(MINI_ROOT))
        path = write_template("mini", "en", tmp_path_factory.mktemp("blank") / "blank.xlsx")
    return path.read_bytes()


@pytest.fixture
def packs_env(monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(MINI_ROOT))


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@given(data=st.data())
def test_fuzzed_questionnaires_score_or_fail_in_one_line(questionnaire_blank, packs_env, fuzz_dir, data):
    path = fuzz_dir / "filled by health.xlsx"
    path.write_bytes(data.draw(workbook_bytes(questionnaire_blank)))
    try:
        result = read_questionnaire(path)
    except UserError as exc:
        _check_error(exc, path)
        _assert_command_fails_in_one_line(["score", str(path), "--json", str(fuzz_dir / "out.json")])
    else:
        assert isinstance(result, Assessment) and result.pack_id == "mini"
        for answer in result.answers.values():  # typed text stays text
            assert isinstance(answer.notes, str) and isinstance(answer.evidence, str)


# --------------------------------------------------------------------------- pack PO catalogs


@pytest.fixture(scope="module")
def translation_work(tmp_path_factory):
    """A copy of the mini pack, its French catalog, and a blank translation sheet."""
    root = tmp_path_factory.mktemp("translate")
    shutil.copytree(MINI, root / "packs" / "mini")
    (root / "locales").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COHERENCE_PACKS", str(root / "packs"))
        mp.setenv("COHERENCE_LOCALES", str(root / "locales"))
        pack = load_pack(root / "packs" / "mini")
        update(pack, "fr")
        po = next((root / "locales").rglob("mini.po"))
        sheet, _ = export_sheet(pack, "fr", root / "sheet.xlsx")
        set_language("en")
    return root, po.read_text(encoding="utf-8"), sheet.read_bytes()


PO_NOISE = st.sampled_from([
    'msgid "a"\nmsgstr "b"\n',  # no msgctxt
    'msgctxt "GOV-01.question"\nmsgid "x {a}"\nmsgstr "y"\n',  # placeholder lost
    'msgctxt "GOV-01.question"\nmsgid "a"\nmsgstr "b"\nmsgctxt "GOV-01.question"\nmsgid "a"\nmsgstr "c"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n',
    '"Language: zz-ZZ-invalid\\n"\n', 'msgid "\\', "msgstr", "#~ msgid", "\x00\xff", 'msgid "' + "é" * 5000 + '"\n',
])


@st.composite
def mutated_po(draw, text: str):
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 4))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, draw(st.one_of(PO_NOISE, st.text(max_size=60))))
        elif op == 2:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == 3:
            lines.insert(i, lines[i])  # a duplicated line
        else:
            lines[i] = lines[i].replace('"', draw(st.sampled_from(['', '\\"', '{x}', '%s', '\n'])), 1)
    return "\n".join(lines)


@given(data=st.data())
def test_fuzzed_po_catalogs_read_or_fail_in_one_line(translation_work, fuzz_dir, data):
    _root, po_text, _sheet = translation_work
    text = data.draw(st.one_of(mutated_po(po_text), mutated_po(po_text), PO_NOISE, st.text(max_size=400)))
    path = fuzz_dir / "mini.fr.po"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        entries = catalog_entries(read_catalog(path), path)
    except UserError as exc:
        _check_error(exc, path)
    else:
        assert all(key and entry.msgid for key, entry in entries.items())


# --------------------------------------------------------------------------- translation spreadsheets


@given(data=st.data())
def test_fuzzed_translation_sheets_import_or_fail_in_one_line(translation_work, fuzz_dir, monkeypatch, data):
    root, _po, sheet = translation_work
    monkeypatch.setenv("COHERENCE_PACKS", str(root / "packs"))
    monkeypatch.setenv("COHERENCE_LOCALES", str(root / "locales"))
    path = fuzz_dir / "translation from the translator.xlsx"
    path.write_bytes(data.draw(workbook_bytes(sheet)))
    try:
        result = import_sheet(path)
    except UserError as exc:
        _check_error(exc, path)
        _assert_command_fails_in_one_line(["translate", "import", str(path)])
    else:
        assert result is not None
    finally:
        set_language("en")
    # whatever happened, the pack's catalog is still a readable catalog
    po = next((root / "locales").rglob("mini.po"))
    catalog_entries(read_catalog(po), po)
