"""Remote collection: the XLSForm for KoboToolbox / ODK, and reading their exports back.

What a user sees: the form deploys (pyxform converts it with no error and no warning),
and a submissions export, whichever way it was downloaded, scores exactly like the
same answers typed into the Excel questionnaire; a broken export is refused in one
line naming the row and the column.
"""

from __future__ import annotations

import csv
import os
import shutil

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.xls2xform import convert

from coherence.errors import UserError
from coherence.excel.cells import write_text
from coherence.excel.reader import read_questionnaire
from coherence.excel.template import write_template
from coherence.models import GovLevel, Special
from coherence.translate import load_pack
from coherence.scoring import score
from coherence.xlsform import build_xlsform, read_submissions, write_xlsform

from .conftest import MINI
from .excel_helpers import find_row, formula_cells

PACKS = ["mainstreaming-migration", "tvet-refugee-inclusion"]
LANGS = ["en", "fr", "es"]
PACK = "mainstreaming-migration"
COLUMNS = {"en": "English (en)", "fr": "Français (fr)", "es": "Español (es)"}
# Columns KoboToolbox adds to every export (``__version__`` is its deployment id).
KOBO_META = {
    "start": "2025-03-01T10:00:00.000+01:00", "end": "2025-03-01T10:40:00.000+01:00",
    "meta/instanceID": "uuid:1f0e", "_id": "40213", "_uuid": "1f0e", "_submission_time": "2025-03-01T09:41:02",
    "_validation_status": "", "_notes": "", "_status": "submitted_via_web", "_submitted_by": "", "__version__": "vQx3Ld8pZ",
    "_tags": "", "_index": "1",
}
ODK_META = {"SubmissionDate": "2025-03-01T09:41:02.000Z", "KEY": "uuid:1f0e", "SubmitterID": "5",
            "SubmitterName": "enumerator", "Status": "", "ReviewState": "", "DeviceID": "", "Edits": "0"}


# --------------------------------------------------------------------------- the form


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """The XLSForm of each bundled pack in en+fr+es, written once."""
    folder = tmp_path_factory.mktemp("forms")
    return {pack: write_xlsform(pack, LANGS, folder / f"{pack}.xlsx") for pack in PACKS}


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_form_converts_with_pyxform_without_error_or_warning(forms, pack_id):
    warnings: list[str] = []
    result = convert(str(forms[pack_id]), warnings=warnings, validate=False)
    assert warnings == []
    pack = load_pack(pack_id)
    first = pack.indicators()[0]
    name = first.id.replace("-", "_")
    assert f'<data id="{pack_id}" version="{pack.version}">' in result.xform
    assert f'<{name} coherence_id="{first.id}"/>' in result.xform  # the original id, kept in the XForm
    for column in COLUMNS.values():
        assert f'lang="{column}"' in result.xform


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_form_has_the_profile_first_then_one_group_per_sector(forms, pack_id):
    wb = load_workbook(forms[pack_id])
    assert wb.sheetnames == ["survey", "choices", "settings"]
    rows = _rows(wb["survey"])
    pack = load_pack(pack_id)
    groups = [r["name"] for r in rows if r["type"] == "begin_group"]
    assert groups == ["profile", *(s.id for s in pack.sectors)]
    profile = [(r["type"], r["name"]) for r in rows[rows.index(next(r for r in rows if r["name"] == "profile")) + 1:][:6]]
    assert profile == [("text", "authority_name"), ("text", "country"), ("select_one gov_level", "authority_level"),
                       ("text", "department"), ("text", "respondent_name"), ("select_one gov_level", "respondent_level")]
    selects = [r for r in rows if r["type"].startswith("select_one") and r["name"] not in ("authority_level", "respondent_level")]
    assert [r["instance::coherence_id"] for r in selects] == [i.id for i in pack.indicators()]
    assert all(r["name"] == r["instance::coherence_id"].replace("-", "_") for r in selects)
    for r in rows:
        if r["type"] == "text" and r["name"].endswith(("_notes", "_evidence")):
            assert r["name"].rsplit("_", 1)[0] in {s["name"] for s in selects}

    settings = {c.value: settings_value.value for c, settings_value in zip(*wb["settings"].iter_rows())}
    assert (settings["form_id"], settings["version"], settings["default_language"]) == (pack_id, pack.version, "English (en)")
    assert settings["form_title"] == pack.title
    assert formula_cells(wb) == []


def test_labels_hints_and_choices_in_every_language(forms):
    wb = load_workbook(forms[PACK])
    rows = {r["name"]: r for r in _rows(wb["survey"])}
    french = load_pack(PACK, "fr")
    indicator = french.indicators()[2]
    row = rows[indicator.id.replace("-", "_")]
    assert row["label::Français (fr)"] == f"{indicator.id} — {indicator.question}"
    assert row["hint::Français (fr)"] == indicator.guidance
    assert row["label::English (en)"] == f"{indicator.id} — {load_pack(PACK).indicator(indicator.id).question}"
    assert rows["governance"]["label::Español (es)"] == load_pack(PACK, "es").sector("governance").title
    assert rows["authority_level"]["label::Français (fr)"] == "Niveau de gouvernement"

    choices = _rows(wb["choices"])
    scale = [c for c in choices if c["list_name"] == "maturity4"]
    assert [c["name"] for c in scale] == ["0", "1", "2", "3", "dont_know", "not_applicable"]
    assert [c["label::Français (fr)"] for c in scale[-2:]] == ["Ne sait pas", "Sans objet"]
    assert scale[1]["label::Français (fr)"] == french.scales[0].levels[1].label
    assert [c["name"] for c in choices if c["list_name"] == "gov_level"] == ["local", "regional", "national"]


def test_pack_text_goes_in_as_text_never_a_formula(tmp_path):
    pack_dir = tmp_path / "mini"
    shutil.copytree(MINI, pack_dir)
    sector = pack_dir / "sectors" / "governance.yaml"
    sector.write_text(
        sector.read_text(encoding="utf-8").replace(
            "question: Is there a cross-departmental migration committee?", "question: '=HYPERLINK(\"x\") ${country}'"
        ),
        encoding="utf-8",
    )
    path = write_xlsform(pack_dir, ["en"], tmp_path / "form.xlsx")
    wb = load_workbook(path)
    assert formula_cells(wb) == []
    rows = {r["name"]: r for r in _rows(wb["survey"])}
    assert rows["GOV_01"]["label::English (en)"].startswith('GOV-01 — =HYPERLINK("x")')
    warnings: list[str] = []
    convert(str(path), warnings=warnings, validate=False)  # "${country}" is not read as a reference
    assert warnings == []


def test_a_language_without_a_catalog_is_refused(tmp_path):
    with pytest.raises(UserError, match=r"no Deutsch \(de\) translation of pack 'mainstreaming-migration' \(available: en, ar, es, fr\)"):
        build_xlsform(PACK, ["en", "de"])


# --------------------------------------------------------------------------- reading exports


def _rows(ws) -> list[dict[str, str]]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [{h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in values[1:]]


class Form:
    """The generated form as an export sees it: each field's path of groups, names and labels."""

    def __init__(self, path):
        wb = load_workbook(path)
        self.fields: dict[str, dict] = {}
        stack: list[dict] = []
        for row in _rows(wb["survey"]):
            if row["type"] == "begin_group":
                stack.append(row)
            elif row["type"] == "end_group":
                stack.pop()
            else:
                self.fields[row["instance::coherence_id"] or row["name"]] = {"row": row, "groups": list(stack)}
        self.choices = {(c["list_name"], c["name"]): c for c in _rows(wb["choices"])}

    def header(self, key: str, suffix: str = "", *, sep: str | None = "/", lang: str | None = None) -> str:
        field = self.fields[key] if not suffix else self._by_name(self.fields[key]["row"]["name"] + suffix)
        if sep is None:  # "Include groups in headers" off
            return field["row"]["name"]
        if lang is None:
            return sep.join([*(g["name"] for g in field["groups"]), field["row"]["name"]])
        column = f"label::{COLUMNS[lang]}"
        return sep.join([*(g[column] for g in field["groups"]), field["row"][column] or field["row"]["name"]])

    def _by_name(self, name: str) -> dict:
        return next(f for f in self.fields.values() if f["row"]["name"] == name)

    def value(self, key: str, choice: str, lang: str | None = None) -> str:
        if lang is None:
            return choice
        list_name = self.fields[key]["row"]["type"].split()[1]
        return self.choices[list_name, choice][f"label::{COLUMNS[lang]}"]


CYCLE = [2, 1, "dk", 3, 0, "na", None, 3, 2, 1, 0]
PROFILE = {"authority": "Villa Esperanza", "country": "Ecuador", "authority_level": "regional",
           "department": "Planning", "respondent": "Ana Pérez", "respondent_level": ""}
PROFILE_LABELS = {"authority": "Authority", "country": "Country", "authority_level": "Level of government",
                  "department": "Department or sector", "respondent": "Respondent name",
                  "respondent_level": "Your level of government (if different)"}
PROFILE_NAMES = {"authority": "authority_name", "country": "country", "authority_level": "authority_level",
                 "department": "department", "respondent": "respondent_name", "respondent_level": "respondent_level"}


def planned_answers(pack, shift: int = 0) -> dict[str, tuple]:
    """(choice, notes, evidence) per indicator: every level, both special answers, empties and texts."""
    plan = {}
    for n, ind in enumerate(pack.indicators()):
        choice = CYCLE[(n + shift) % len(CYCLE)]
        notes = "=SUM(A1) discussed at the workshop" if n % 7 == 3 else ""
        evidence = "Council minutes, 2024" if n % 5 == 1 else ""
        plan[ind.id] = (choice, notes, evidence)
    return plan


def choice_name(choice) -> str:
    return {"dk": "dont_know", "na": "not_applicable", None: ""}.get(choice, str(choice))


def fill_questionnaire(tmp_path, pack, plan) -> object:
    """The same answers typed into the Excel questionnaire, as a respondent would."""
    blank = write_template(PACK, "en", tmp_path / "blank.xlsx")
    wb = load_workbook(blank)
    ws = wb["Questionnaire"]
    first = find_row(ws, pack.indicators()[0].id)
    words = {"dk": "Don't know", "na": "Not applicable"}
    for offset, ind in enumerate(pack.indicators()):
        row = first + offset
        assert ws.cell(row, 1).value == ind.id
        choice, notes, evidence = plan[ind.id]
        if choice is not None:
            ws.cell(row, 5).value = words.get(choice) or pack.scale_for(ind).label_of(choice)
        write_text(ws, row, 6, notes)
        write_text(ws, row, 7, evidence)
    for key, value in PROFILE.items():
        shown = {"regional": "Regional"}.get(value, value)
        write_text(ws, find_row(ws, PROFILE_LABELS[key], col=2), 3, shown)
    wb.save(tmp_path / "filled.xlsx")
    return read_questionnaire(tmp_path / "filled.xlsx")


def export_table(form: Form, pack, plans, *, sep="/", lang=None, meta=KOBO_META, ids=True):
    """Header and rows of an export of ``plans`` (one per submission), as the platform writes it."""
    header = list(meta)
    if ids:
        header = ["coherence_pack", "coherence_version", *header]
    cells: list[tuple[str, object]] = []
    for key in PROFILE:
        cells.append((form.header(PROFILE_NAMES[key], sep=sep, lang=lang), ("profile", key)))
    for ind in pack.indicators():
        cells.append((form.header(ind.id, sep=sep, lang=lang), ("answer", ind.id)))
        cells.append((form.header(ind.id, "_notes", sep=sep, lang=lang), ("notes", ind.id)))
        cells.append((form.header(ind.id, "_evidence", sep=sep, lang=lang), ("evidence", ind.id)))
    header += [h for h, _ in cells]
    rows = []
    for plan in plans:
        row = [pack.id, pack.version] if ids else []
        row += list(meta.values())
        for _h, (kind, key) in cells:
            if kind == "profile":
                value = PROFILE[key]
                if value and key.endswith("_level") and lang:
                    value = form.value(PROFILE_NAMES[key], value, lang)
                row.append(value)
            elif kind == "answer":
                name = choice_name(plan[key][0])
                row.append(form.value(key, name, lang) if name else "")
            else:
                row.append(plan[key][1 if kind == "notes" else 2])
        rows.append(row)
    return header, rows


def write_xlsx(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Mainstreaming migration into l"  # KoboToolbox names the sheet after the form
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            write_text(ws, r, c, value, None)
    wb.save(path)
    return path


def write_csv(path, header, rows, *, delimiter=",", bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


@pytest.fixture(scope="module")
def form(forms):
    return Form(forms[PACK])


@pytest.fixture
def questionnaire(tmp_path, pack):
    plan = planned_answers(pack)
    return plan, fill_questionnaire(tmp_path, pack, plan)


def assert_same_as_questionnaire(pack, read, expected):
    assert read.answers == expected.answers
    assert (read.authority, read.respondent) == (expected.authority, expected.respondent)
    assert read.respondent.level == GovLevel.regional  # "if different" left empty: the authority's level
    (ours, theirs) = score(pack, read.answers), score(pack, expected.answers)
    assert ours == theirs
    assert ours.overall is not None and round(ours.overall, 1) == round(theirs.overall, 1)
    assert ours.sectors == theirs.sectors and ours.counts == theirs.counts


def test_kobo_xlsx_with_xml_names_scores_like_the_questionnaire(tmp_path, pack, form, questionnaire):
    plan, expected = questionnaire
    other = planned_answers(pack, shift=4)
    header, rows = export_table(form, pack, [plan, other])
    read = read_submissions(write_xlsx(tmp_path / "export.xlsx", header, rows))
    assert [a.source for a in read] == ["export.xlsx#2", "export.xlsx#3"]
    assert_same_as_questionnaire(pack, read[0], expected)
    assert read[1].answers != read[0].answers
    assert (read[0].pack_id, read[0].pack_version) == (pack.id, pack.version)
    some = next(i for i, (c, n, e) in plan.items() if c is None and n)  # notes without an answer are kept
    assert read[0].answers[some].choice is None and read[0].answers[some].notes.startswith("=SUM(A1)")
    assert any(a.choice == Special.not_applicable for a in read[0].answers.values())


def test_kobo_xlsx_with_french_labels_scores_like_the_questionnaire(tmp_path, pack, form, questionnaire):
    plan, expected = questionnaire
    header, rows = export_table(form, pack, [plan], lang="fr")
    first = pack.indicators()[0]
    french = load_pack(PACK, "fr")
    assert f"{french.sectors[0].title}/{first.id} — {french.indicator(first.id).question}" in header
    assert rows[0][header.index(form.header(pack.indicators()[2].id, lang="fr"))] == "Ne sait pas"
    read = read_submissions(write_xlsx(tmp_path / "étiquettes.xlsx", header, rows))
    assert_same_as_questionnaire(pack, read[0], expected)


def test_odk_central_csv_scores_like_the_questionnaire(tmp_path, pack, form, questionnaire):
    plan, expected = questionnaire
    header, rows = export_table(form, pack, [plan], sep="-", meta=ODK_META)
    header.append("FormVersion")
    rows[0].append(pack.version)
    read = read_submissions(write_csv(tmp_path / "submissions.csv", header, rows))
    assert [a.source for a in read] == ["submissions.csv#2"]
    assert_same_as_questionnaire(pack, read[0], expected)


def test_headers_without_group_names_are_read_too(tmp_path, pack, form, questionnaire):
    plan, expected = questionnaire
    header, rows = export_table(form, pack, [plan], sep=None)
    assert "GOV_01" in header and "GOV_01_notes" in header
    read = read_submissions(write_xlsx(tmp_path / "flat.xlsx", header, rows))
    assert_same_as_questionnaire(pack, read[0], expected)


def test_kobo_csv_without_form_columns_needs_the_form_named(tmp_path, pack, form, questionnaire):
    plan, expected = questionnaire
    header, rows = export_table(form, pack, [plan], ids=False)
    path = write_csv(tmp_path / "kobo.csv", header, rows, delimiter=";", bom=True)  # KoboToolbox's CSV: ';' and a BOM
    with pytest.raises(UserError, match="cannot tell which pack"):
        read_submissions(path)
    read = read_submissions(path, form=(PACK, pack.version))
    assert_same_as_questionnaire(pack, read[0], expected)
    with pytest.raises(UserError) as caught:
        read_submissions(path, form=(PACK, "0.9"))
    assert caught.value.line() == f"{path}: export of version 0.9 of pack '{PACK}'; the installed version is {pack.version}"


# --------------------------------------------------------------------------- refusals


@pytest.fixture
def export(pack, form):
    """A good export (two submissions) to break in one place."""
    header, rows = export_table(form, pack, [planned_answers(pack), planned_answers(pack, shift=2)])
    return header, rows


def refused(tmp_path, header, rows, kind="csv") -> str:
    path = tmp_path / f"export.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(path, header, rows)
    with pytest.raises(UserError) as caught:
        read_submissions(path)
    line = caught.value.line()
    assert "\n" not in line
    return line.replace(str(tmp_path) + os.sep, "")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_unknown_choice_names_row_and_column(tmp_path, export, kind):
    header, rows = export
    rows[1][header.index("governance/GOV_01")] = "maybe"
    line = refused(tmp_path, header, rows, kind)
    assert line.startswith(f"export.{kind}: row 3, column governance/GOV_01: 'maybe' is not an answer of the scale (expected one of: 0, 1, 2, 3, dont_know, not_applicable")


def test_a_level_outside_the_scale_names_row_and_column(tmp_path, export):
    header, rows = export
    rows[0][header.index("health/HEA_02")] = "7"
    assert refused(tmp_path, header, rows) == "export.csv: row 2, column health/HEA_02: '7' is outside the scale (levels 0–3)"


def test_a_missing_indicator_column_is_named(tmp_path, export):
    header, rows = export
    at = header.index("data/DAT_03")
    del header[at]
    for row in rows:
        del row[at]
    assert refused(tmp_path, header, rows) == "export.csv: row 1, column data/DAT_03: missing: no column for indicator DAT-03 in the export"


def test_a_submission_to_another_form_is_refused(tmp_path, export):
    header, rows = export
    rows[1][header.index("coherence_pack")] = "tvet-refugee-inclusion"
    assert refused(tmp_path, header, rows) == (
        "export.csv: row 3, column coherence_pack: a submission to the form 'tvet-refugee-inclusion', not 'mainstreaming-migration'")


def test_a_submission_to_another_form_version_is_refused(tmp_path, export, pack):
    header, rows = export
    rows[0][header.index("coherence_version")] = "0.9"
    assert refused(tmp_path, header, rows) == (
        f"export.csv: row 2, column coherence_version: a submission to version 0.9 of the form; "
        f"the installed pack 'mainstreaming-migration' is version {pack.version}")


def test_an_unknown_level_of_government_is_named(tmp_path, export):
    header, rows = export
    rows[0][header.index("profile/authority_level")] = "galactic"
    assert refused(tmp_path, header, rows).startswith(
        "export.csv: row 2, column profile/authority_level: unknown level of government 'galactic'")


def test_a_csv_that_is_not_utf8_or_not_a_file_is_refused(tmp_path, export):
    header, rows = export
    path = write_csv(tmp_path / "latin1.csv", header, rows)
    path.write_bytes(path.read_bytes().replace("Pérez".encode(), "Pérez".encode("latin-1")))
    with pytest.raises(UserError, match=r"not UTF-8 text \(at row 2\)"):
        read_submissions(path)
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(UserError, match="not a regular file"):
        read_submissions(tmp_path / "folder.csv")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")
        with pytest.raises(UserError, match="not a regular file"):
            read_submissions(tmp_path / "pipe.csv")  # refused at once, never waits for a writer
    with pytest.raises(UserError, match="expected an .xlsx or .csv file"):
        read_submissions(tmp_path / "export.json")


def test_an_xlsx_export_goes_through_the_safety_check(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UserError, match="not a valid .xlsx file|not an Excel workbook"):
        read_submissions(path)


def test_an_export_without_submissions_is_refused(tmp_path, export):
    header, _rows = export
    assert refused(tmp_path, header, []) == "export.csv: the export holds no submission (only a header row)"


def test_an_export_naming_a_pack_not_installed_is_refused(tmp_path, export):
    header, rows = export
    for row in rows:
        row[header.index("coherence_pack")] = "no-such-pack"
    assert refused(tmp_path, header, rows).startswith(
        "export.csv: row 2, column coherence_pack: unknown pack 'no-such-pack' (installed packs: ")


def test_coherence_score_takes_exports_beside_questionnaires(tmp_path, pack, form, questionnaire, capsys):
    """`coherence score` reads an export as one respondent per row, with the questionnaires."""
    import json

    from coherence.cli import main

    plan, expected = questionnaire
    header, rows = export_table(form, pack, [plan, planned_answers(pack, shift=4)])
    department = next(i for i, name in enumerate(header) if name.endswith("department"))
    rows[1][department] = "Health"  # another respondent
    xlsx = write_xlsx(tmp_path / "kobo.xlsx", header, rows)
    same_person = [list(rows[0])]
    csv = write_csv(tmp_path / "odk.csv", header, same_person)
    out = tmp_path / "round.json"
    assert main(["score", str(xlsx), str(csv), "--json", str(out)]) == 2  # odk.csv#2 is kobo.xlsx#2's respondent again
    assert "odk.csv#2: the same respondent (Planning (Ana Pérez)) as kobo.xlsx#2: counted once" in capsys.readouterr().err
    rows_other = [list(rows[0])]
    rows_other[0][department] = "Education"
    csv = write_csv(tmp_path / "odk.csv", header, rows_other)
    assert main(["score", str(xlsx), str(csv), "--json", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [r["source"] for r in doc["respondents"]] == ["kobo.xlsx#2", "kobo.xlsx#3", "odk.csv#2"]
    first = doc["respondents"][0]
    assert first["overall"] == round(score(pack, expected.answers).overall, 1)
    assert main(["template", PACK, "--format", "xlsform", "--languages", "en,fr", "-o", str(tmp_path / "f.xlsx")]) == 0
    assert "XLSForm written" in capsys.readouterr().out


def test_round_add_takes_an_export_one_respondent_per_row(tmp_path, pack, form, questionnaire, capsys, monkeypatch):
    from coherence.cli import main

    monkeypatch.chdir(tmp_path)
    plan, _expected = questionnaire
    header, rows = export_table(form, pack, [plan, planned_answers(pack, shift=4)])
    department = next(i for i, name in enumerate(header) if name.endswith("department"))
    rows[1][department] = "Health"
    xlsx = write_xlsx(tmp_path / "kobo.xlsx", header, rows)
    authority = next(i for i, name in enumerate(header) if name.endswith("authority_name"))
    assert main(["round", "create", "r.round.json", "--authority", rows[0][authority]]) == 0
    capsys.readouterr()
    assert main(["round", "add", "r.round.json", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert "kobo.xlsx#2: added — Planning (Ana Pérez)" in out and "kobo.xlsx#3: added — Health (Ana Pérez)" in out
    assert main(["round", "add", "r.round.json", str(xlsx)]) == 0
    assert "kobo.xlsx: skipped: already added" in capsys.readouterr().out
