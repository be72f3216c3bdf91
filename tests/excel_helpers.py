"""Helpers for the workbook tests (tests/test_excel_*.py): drop-down lists, formulas, translations."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils.cell import range_boundaries

from coherence.excel import reader
from coherence.packs import available_packs, load_pack

from .conftest import MINI

# Interface strings the tests translate (a tiny catalog, written per test).
CATALOGS = {
    "fr": {
        "Questionnaire": "Questionnaire",
        "Answer": "Réponse",
        "Summary": "Synthèse",
        "Action plan": "Plan d'action",
        "Don't know": "Je ne sais pas",
        "Not applicable": "Sans objet",
        "Not started": "Pas commencé",
        "In progress": "En cours",
        "Done": "Fait",
        "Dropped": "Abandonné",
        "Local": "Local",
        "Regional": "Régional",
        "National": "National",
    },
    "es": {
        "Don't know": "No sé",
        "Not applicable": "No aplica",
        "Regional": "Regional",
    },
}
# Scale labels of the mini pack in other languages (what pack translations would give).
SCALE_LABELS = {
    "fr": ["Inexistant", "Prévu ou ponctuel", "Partiellement en place", "Pleinement en place et institutionnalisé"],
    "es": ["No existe", "Previsto o puntual", "Parcialmente en marcha", "Plenamente en marcha e institucionalizado"],
}


def _po(entries: dict[str, str], contexts: dict[str, str] | None = None) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    body = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for source, target in entries.items():
        if contexts:
            body.append(f"msgctxt {q(contexts[source])}")
        body += [f"msgid {q(source)}", f"msgstr {q(target)}", ""]
    return "\n".join(body)


def _clear() -> None:
    reader.clear_caches()


def install_translations(monkeypatch, root: Path) -> None:
    """Interface catalogs for fr/es, and fr/es scale labels for every pack, for one test."""
    for lang, entries in CATALOGS.items():
        folder = root / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "coherence.po").write_text(_po(entries), encoding="utf-8")
    monkeypatch.setenv("COHERENCE_LOCALES", str(root))
    # Pack catalogs with the scale labels only, for every installed pack.
    for lang, labels in SCALE_LABELS.items():
        for pack_dir in {*available_packs(), MINI}:
            pack = load_pack(pack_dir)
            entries, contexts = {}, {}
            for scale in pack.scales:
                for level in scale.levels:
                    if level.level < len(labels):
                        entries[level.label] = labels[level.level]
                        contexts[level.label] = f"_scale.{scale.id}.{level.level}.label"
            folder = root / lang / "packs"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{pack.id}.po").write_text(_po(entries, contexts), encoding="utf-8")
    _clear()


@pytest.fixture
def translations(monkeypatch, tmp_path):
    """fr/es interface words and scale labels installed for one test, forgotten after it."""
    install_translations(monkeypatch, tmp_path / "locales")
    yield
    forget_translations()


def forget_translations() -> None:
    _clear()


def dropdown(ws, coordinate: str) -> list[str] | None:
    """The options of the list drop-down covering a cell, resolving ranges on other sheets."""
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list" or coordinate not in dv.sqref:
            continue
        formula = dv.formula1
        if formula.startswith('"'):
            return formula.strip('"').split(",")
        sheet, _sep, ref = formula.rpartition("!")
        source = ws.parent[sheet.strip("'")]
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        return [
            cell.value
            for row in source.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
            for cell in row
        ]
    return None


def formula_cells(wb) -> list[str]:
    return [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def xml_formulas(path: Path) -> list[str]:
    """Sheet parts holding an <f> element (a formula), straight from the zip."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if re.search(rb"<(\w+:)?f[ >]", zf.read(name)):
                    found.append(name)
    return found


def find_row(ws, label: str, col: int = 1) -> int:
    """The first row whose cell in ``col`` reads ``label``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == label:
            return row
    raise AssertionError(f"{label!r} not found in {ws.title}")
