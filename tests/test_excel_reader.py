"""Reading filled questionnaires: round trip to the engine's numbers, and every refusal."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from coherence.cli import main
from coherence.errors import UserError
from coherence.excel.cells import write_text
from coherence.excel.reader import read_questionnaire
from coherence.excel.safety import check_xlsx
from coherence.excel.template import write_template
from coherence.models import GovLevel, Special
from coherence.packs import load_pack
from coherence.scoring import score

from .conftest import FIXTURES, MINI, answers
from .excel_helpers import find_row, translations  # noqa: F401  (a fixture)

EXPECTED = "expected one of: Not in place, Planned or ad hoc, Partly in place, Fully in place and institutionalised, Don't know, Not applicable; or a level number 0–3"


@pytest.fixture(autouse=True)
def installed_packs(monkeypatch):
    monkeypatch.setenv("COHERENCE_PACKS", str(FIXTURES / "packs"))


@pytest.fixture
def blank(tmp_path):
    return write_template("mini", "en", tmp_path / "blank.xlsx")


def fill(blank, path, answers=None, *, notes=None, evidence=None, profile=None, ids=None, extra=None):
    """Fill a copy of the blank questionnaire as a respondent would, with openpyxl."""
    wb = load_workbook(blank)
    ws = wb["Questionnaire"]
    first = find_row(ws, "GOV-01")
    rows = {ws.cell(r, 1).value: r for r in range(first, first + 4)}
    for ind, value in (answers or {}).items():
        ws.cell(rows[ind], 5).value = value
    for ind, text in (notes or {}).items():
        write_text(ws, rows[ind], 6, text)  # typed as text, e.g. '=cmd() in Excel
    for ind, text in (evidence or {}).items():
        write_text(ws, rows[ind], 7, text)
    for label, value in (profile or {}).items():
        write_text(ws, find_row(ws, label, col=2), 3, value)
    for ind, new_id in (ids or {}).items():
        ws.cell(rows[ind], 1).value = new_id
    for coordinate, value in (extra or {}).items():
        ws[coordinate] = value
    wb.save(path)
    return path


def test_round_trip_gives_the_engines_numbers(blank, tmp_path, translations):
    path = fill(
        blank, tmp_path / "planning.xlsx",
        {"GOV-01": "  partiellement EN PLACE ", "GOV-02": 1, "HEA-01": "No sé", "HEA-02": "3"},
        notes={"GOV-01": "=cmd()"},
        evidence={"HEA-01": "@SUM(A1)"},
        profile={"Authority": "=Ville", "Country": "Sénégal", "Level of government": "régional",
                 "Department or sector": "Planning", "Respondent name": "-5 Ana"},
    )
    a = read_questionnaire(path)
    assert {k: v.choice for k, v in a.answers.items()} == {"GOV-01": 2, "GOV-02": 1, "HEA-01": Special.dont_know, "HEA-02": 3}
    assert a.answers["GOV-01"].notes == "=cmd()" and a.answers["HEA-01"].evidence == "@SUM(A1)"
    assert (a.authority.name, a.authority.country, a.authority.level) == ("=Ville", "Sénégal", GovLevel.regional)
    assert (a.respondent.department, a.respondent.name, a.respondent.level) == ("Planning", "-5 Ana", GovLevel.regional)
    assert (a.pack_id, a.pack_version, a.language, a.source) == ("mini", "0.1", "en", "planning.xlsx")

    pack = load_pack(MINI)
    read = score(pack, a.answers)
    assert read == score(pack, answers(GOV_01=2, GOV_02=1, HEA_01="dk", HEA_02=3))
    # By hand: governance (2 x .6667 + .3333) / 3 = 55.6; health (0 + .5 x 1) / 1.5 = 33.3
    assert round(read.sectors["governance"], 1) == 55.6 and round(read.sectors["health"], 1) == 33.3


def test_levels_as_numbers_and_labels_in_any_language(blank, tmp_path, translations):
    path = fill(blank, tmp_path / "q.xlsx", {"GOV-01": 2.0, "GOV-02": "Prevu ou ponctuel", "HEA-01": "PLENAMENTE en marcha e institucionalizado", "HEA-02": "sans objet"})
    a = read_questionnaire(path)
    assert {k: v.choice for k, v in a.answers.items()} == {"GOV-01": 2, "GOV-02": 1, "HEA-01": 3, "HEA-02": Special.not_applicable}


def test_empty_answers_are_missing_and_the_profile_defaults(blank):
    a = read_questionnaire(blank)
    assert a.answers == {}
    assert a.authority.level == GovLevel.local and a.respondent.level == GovLevel.local
    result = score(load_pack(MINI), a.answers)
    assert result.not_assessed == ("governance", "health") and result.overall is None  # nothing answered: no 0


def test_respondent_level_can_differ_from_the_authoritys(blank, tmp_path):
    path = fill(blank, tmp_path / "q.xlsx", profile={"Level of government": "Local", "Your level of government (if different)": "national"})
    a = read_questionnaire(path)
    assert (a.authority.level, a.respondent.level) == (GovLevel.local, GovLevel.national)


def test_score_command_reads_questionnaires(blank, tmp_path, capsys):
    path = fill(blank, tmp_path / "health.xlsx", {"GOV-01": "Fully in place and institutionalised", "GOV-02": 1, "HEA-01": 2, "HEA-02": "Not applicable"})
    assert main(["score", str(path), "--json", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["respondents"][0]["source"] == "health.xlsx"
    assert doc["respondents"][0]["sectors"] == {"governance": 77.8, "health": 66.7}


@pytest.mark.parametrize("value, shown", [("Mostly", "Mostly"), ("7", "7"), (2.5, "2.5"), (True, "TRUE")])
def test_unknown_answer_names_file_sheet_and_cell(blank, tmp_path, value, shown):
    path = fill(blank, tmp_path / "planning.xlsx", {"GOV-01": 1, "HEA-01": value})
    with pytest.raises(UserError) as err:
        read_questionnaire(path)
    row = find_row(load_workbook(path)["Questionnaire"], "HEA-01")
    assert str(err.value) == f"{path}:Questionnaire!E{row}: unknown answer '{shown}' ({EXPECTED})"


def test_unknown_and_duplicated_indicator_rows_are_refused(blank, tmp_path):
    ws = load_workbook(blank)["Questionnaire"]
    first = find_row(ws, "GOV-01")
    path = fill(blank, tmp_path / "a.xlsx", ids={"GOV-02": "GOV-99"})
    with pytest.raises(UserError, match=rf"Questionnaire!A{first + 1}: unknown indicator 'GOV-99'"):
        read_questionnaire(path)
    path = fill(blank, tmp_path / "b.xlsx", ids={"HEA-02": "GOV-01"})
    with pytest.raises(UserError, match=rf"Questionnaire!A{first + 3}: indicator 'GOV-01' appears twice \(also in row {first}\)"):
        read_questionnaire(path)
    path = fill(blank, tmp_path / "c.xlsx", extra={f"E{first + 4}": "Partly in place"})
    with pytest.raises(UserError, match=rf"Questionnaire!A{first + 4}: an answer without an indicator id"):
        read_questionnaire(path)


def test_unknown_level_of_government_names_the_cell(blank, tmp_path):
    path = fill(blank, tmp_path / "q.xlsx", profile={"Level of government": "county"})
    row = find_row(load_workbook(path)["Questionnaire"], "Level of government", col=2)
    with pytest.raises(UserError, match=rf"Questionnaire!C{row}: unknown level of government 'county' \(expected one of: Local, Regional, National\)"):
        read_questionnaire(path)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Authority,Answer\nX,2\n")
    with pytest.raises(UserError, match="fake.xlsx: not an Excel workbook .* not a zip archive"):
        read_questionnaire(fake)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(UserError, match="no workbook inside"):
        read_questionnaire(other)
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    with pytest.raises(UserError, match="plain.xlsx: not a coherence questionnaire"):
        read_questionnaire(plain)


def _with_meta(blank, path, key, value):
    wb = load_workbook(blank)
    meta = wb["_meta"]
    write_text(meta, find_row(meta, key), 2, value)
    wb.save(path)
    return path


def test_meta_must_name_an_installed_pack_and_version(blank, tmp_path):
    with pytest.raises(UserError, match=r"_meta!B4: questionnaire for version 0.0 of pack 'mini'; the installed version is 0.1"):
        read_questionnaire(_with_meta(blank, tmp_path / "v.xlsx", "version", "0.0"))
    with pytest.raises(UserError, match=r"_meta!B3: unknown pack 'other'"):
        read_questionnaire(_with_meta(blank, tmp_path / "p.xlsx", "pack", "other"))
    with pytest.raises(UserError, match=r"_meta!B3: unknown pack '../mini'"):
        read_questionnaire(_with_meta(blank, tmp_path / "t.xlsx", "pack", "../mini"))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def test_entity_expansion_workbook_is_refused(blank, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = BILLION_LAUGHS.encode()
            dst.writestr(info, data)
    with pytest.raises(UserError, match=r"bomb.xlsx: refused: XML DTDForbidden in xl/worksheets/sheet2.xml"):
        read_questionnaire(bomb)


def test_size_limits(blank, tmp_path):
    check_xlsx(blank)
    with pytest.raises(UserError, match=r"blank.xlsx: refused: the file is \d+ KB, more than the 1 KB allowed"):
        check_xlsx(blank, max_bytes=1024)
    with pytest.raises(UserError, match=r"blank.xlsx: refused: the workbook unpacks to \d+ KB, more than the 10 KB allowed"):
        check_xlsx(blank, max_unpacked=10 * 1024)


def test_a_cell_far_away_is_refused_before_a_grid_is_built(blank, tmp_path):
    path = fill(blank, tmp_path / "far.xlsx", extra={"XFD1048576": "x"})
    with pytest.raises(UserError, match="spans 1048576 rows and 16384 columns"):
        read_questionnaire(path)


def test_a_far_cell_in_a_worksheet_moved_out_of_xl_worksheets_is_refused(blank, tmp_path):
    """The workbook's relationships may put a worksheet anywhere; calamine follows them
    and would abort the process building a grid of 17 billion cells."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name, data = info.filename, src.read(info)
            if name == "xl/worksheets/sheet2.xml":
                name, data = "xl/elsewhere/s.xml", data.replace(b"</sheetData>", far)
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet2.xml", b"elsewhere/s.xml")
            dst.writestr(name, data)
    with pytest.raises(UserError, match=r"moved.xlsx: refused: xl/elsewhere/s.xml spans 1048576 rows and 16384 columns"):
        read_questionnaire(moved)


def test_a_workbook_with_two_parts_of_one_name_is_refused(blank, tmp_path):
    """A zip may hold two parts of one name; the check and a reader could each take a
    different one."""
    doubled = tmp_path / "doubled.xlsx"
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(doubled, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            dst.writestr("xl/worksheets/sheet2.xml", b"<worksheet/>")
    with pytest.raises(UserError, match=r"doubled.xlsx: refused: the archive holds two parts named xl/worksheets/sheet2.xml"):
        read_questionnaire(doubled)


def test_a_workbook_too_large_to_hold_in_memory_is_read_from_its_file(blank, tmp_path, monkeypatch):
    from coherence.excel import safety

    path = fill(blank, tmp_path / "filled.xlsx", answers={"GOV-01": 3})
    in_memory = read_questionnaire(path)
    monkeypatch.setattr(safety, "IN_MEMORY", 1024)  # every workbook is larger than this
    from_file = read_questionnaire(path)
    assert from_file.answers == in_memory.answers and from_file.answers["GOV-01"].choice == 3


def test_the_target_column_sets_each_indicators_target_and_the_gaps_use_it(blank, tmp_path):
    wb = load_workbook(blank)
    ws = wb["Questionnaire"]
    header = [c.value for c in ws[find_row(ws, "GOV-01") - 1]]
    assert header[7] == "Target"
    wb.close()
    path = fill(blank, tmp_path / "targets.xlsx", {"GOV-01": 1, "GOV-02": 0}, extra={"H12": "Partly in place", "H13": 1})
    a = read_questionnaire(path)
    assert (a.answers["GOV-01"].target, a.answers["GOV-02"].target) == (2, 1)
    gaps = {g.indicator: g for g in score(load_pack(MINI), a.answers).gaps}
    assert gaps["GOV-01"].target_level == 2 and gaps["GOV-02"].target_level == 1
    bad = fill(blank, tmp_path / "bad-target.xlsx", {"GOV-01": 1}, extra={"H12": "Don't know"})
    with pytest.raises(UserError, match=r"Questionnaire!H12: a target must be a level of the scale \(0–3\), not 'Don't know'"):
        read_questionnaire(bad)
