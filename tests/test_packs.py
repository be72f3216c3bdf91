"""Pack loading and validation: every problem at once, each as file:line: message."""

from __future__ import annotations

import json
import shutil

import pytest

from coherence.cli import main
from coherence.errors import PackError
from coherence.packs import validate_pack_dir
from coherence.translate import load_pack, pack_summary

from .conftest import PROJECT_ROOT

from .conftest import MINI


@pytest.fixture
def pack_copy(tmp_path):
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_mini_pack_is_valid():
    pack, problems = validate_pack_dir(MINI)
    assert problems == []
    assert [i.id for i in pack.indicators()] == ["GOV-01", "GOV-02", "HEA-01", "HEA-02"]
    assert pack.indicator("HEA-01").sector == "health"


def test_every_problem_is_reported_with_its_line(pack_copy, capsys):
    gov = pack_copy / "sectors" / "governance.yaml"
    hea = pack_copy / "sectors" / "health.yaml"
    _edit(gov, "id: GOV-02", "id: GOV-01")  # duplicate id, line 19
    _edit(gov, "coherence: [vertical]", "coherence: [diagonal]")  # unknown tag, line 22
    _edit(hea, "    weight: 0.5\n", "    weight: 0.5\n    scale: stars\n")  # unknown scale, line 26
    _edit(hea, "category: policy", "category: politics")  # unknown category, line 5
    code = main(["packs", "validate", str(pack_copy)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert f"{gov}:22: indicators.1.coherence.0: Input should be 'horizontal' or 'vertical'" in err
    # the sector with a shape error is reported; the other file's problems too
    assert f"{hea}:5: HEA-01: unknown category 'politics'" in err
    assert f"{hea}:26: HEA-02: unknown scale 'stars'" in err


def test_duplicate_ids_and_values_outside_range(pack_copy):
    gov = pack_copy / "sectors" / "governance.yaml"
    _edit(gov, "id: GOV-02", "id: GOV-01")
    pack, problems = validate_pack_dir(pack_copy)
    assert pack is None
    assert any(p.startswith(f"{gov}:19: duplicate indicator id 'GOV-01'") for p in problems)
    header = pack_copy / "pack.yaml"
    _edit(header, "label: Fully in place and institutionalised, value: 1.0", "label: Fully in place and institutionalised, value: 1.5")
    _, problems = validate_pack_dir(pack_copy)
    assert f"{header}:15: scales.0.levels.3.value: Input should be less than or equal to 1" in problems


def test_unordered_levels_and_missing_text(pack_copy):
    header = pack_copy / "pack.yaml"
    _edit(header, "{level: 1, label: Planned or ad hoc, value: 0.3333}", "{level: 1, label: Planned or ad hoc, value: 0.8}")
    _, problems = validate_pack_dir(pack_copy)
    assert any(p.startswith(f"{header}:11:") and "level values must increase" in p for p in problems)
    _edit(header, "value: 0.8}", "value: 0.3333}")
    hea = pack_copy / "sectors" / "health.yaml"
    _edit(hea, "    guidance: Services are open regardless of status.\n", "")
    _, problems = validate_pack_dir(pack_copy)
    assert problems == [f"{hea}:4: indicators.0.guidance: required field is missing"]


def test_missing_actions_and_bad_source_lines(pack_copy):
    hea = pack_copy / "sectors" / "health.yaml"
    _edit(hea, "actions: {1: Map barriers, 2: Open some services, 3: Open all services}", "actions: {1: Map barriers, 3: Open all}")
    _, problems = validate_pack_dir(pack_copy)
    assert any(":11: HEA-01: actions must name each level above the lowest ([1, 2, 3])" in p for p in problems)
    _edit(hea, "lines: [352, 400]", "lines: [400, 352]")
    _, problems = validate_pack_dir(pack_copy)
    assert any(":17: indicators.0.sources.0.lines: Value error, lines must be [first, last]" in p for p in problems), problems


def test_a_pack_may_cite_any_document_or_none(pack_copy):
    hea = pack_copy / "sectors" / "health.yaml"
    _edit(hea, "sources: [{file: 003_91f4e6809e9704e2.txt, lines: [352, 400]}]", "sources: [{file: Our city's 2024 migration strategy, pages: 12-14}]")
    _edit(hea, "sources: [{file: 003_91f4e6809e9704e2.txt, lines: [352, 360]}]", "sources: []")
    pack, problems = validate_pack_dir(pack_copy)
    assert problems == []
    assert pack.indicator("HEA-01").sources[0].pages == "12-14" and pack.indicator("HEA-02").sources == []


def test_yaml_syntax_error_and_aliases_are_one_line_errors(pack_copy, capsys):
    hea = pack_copy / "sectors" / "health.yaml"
    hea.write_text("id: health\ntitle: [unclosed\n")
    assert main(["packs", "validate", str(pack_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{hea}:3: invalid YAML")
    hea.write_text("a: &x [1, 2]\nb: [*x, *x]\n")
    assert main(["packs", "validate", str(pack_copy)]) == 2
    assert f"{hea}:1: invalid YAML: anchors and aliases are not allowed" in capsys.readouterr().err


def test_schema_is_json_schema_of_both_file_kinds(capsys):
    assert main(["packs", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"PackHeader", "Sector", "Indicator", "Scale"} <= set(schema["$defs"])
    assert schema["$defs"]["Indicator"]["properties"]["coherence"]["items"]["enum"] == ["horizontal", "vertical"]


def test_packs_show_renders_questions(capsys):
    assert main(["packs", "show", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "GOV-01" in out and "Mini pack" in out


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_pack_summary_names_the_pack_as_load_pack_does(lang):
    """The setup screen names the pack from pack.yaml alone: same id, title and folder."""
    main_pack = PROJECT_ROOT / "indicators" / "mainstreaming-migration"
    pack = load_pack(main_pack, lang)
    summary = pack_summary("mainstreaming-migration" if lang == "en" else main_pack, lang)
    assert (summary.id, summary.title, summary.path) == (pack.id, pack.title, pack.path)
    if lang != "en":
        assert summary.title != load_pack(main_pack).title  # translated


def test_pack_summary_leaves_a_header_it_cannot_use_to_load_pack(pack_copy):
    _edit(pack_copy / "pack.yaml", "title: Mini pack", "title: [not, a, text]")
    with pytest.raises(PackError, match="title"):
        pack_summary(pack_copy)
