"""The bundled packs: valid, as large as promised, and every citation real."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

import os
from pathlib import Path

from coherence.packs import validate_pack_dir
from coherence.translate import load_pack

from .conftest import PROJECT_ROOT

MANIFEST = json.loads((PROJECT_ROOT / "indicators" / "seeds.json").read_text())["seeds"]
MAIN = PROJECT_ROOT / "indicators" / "mainstreaming-migration"
TVET = PROJECT_ROOT / "indicators" / "tvet-refugee-inclusion"
# Every language shipped with a catalog (discovered, as the program does): fr, es, ar.
SHIPPED = sorted(p.name for p in (PROJECT_ROOT / "locales").iterdir() if (p / "packs").is_dir())
REQUIRED_SECTORS = {
    "governance", "data", "employment", "education", "health", "social-protection", "housing",
    "diaspora", "remittances", "rights", "return", "partnerships",
}


@pytest.mark.parametrize("pack_dir", [MAIN, TVET], ids=["main", "tvet"])
def test_bundled_pack_validates(pack_dir):
    pack, problems = validate_pack_dir(pack_dir)
    assert problems == []
    for sector in pack.sectors:
        assert {i.category for i in sector.indicators} == {c.id for c in pack.categories}, sector.id


def test_main_pack_size_and_coherence_tags():
    pack = load_pack(MAIN)
    indicators = pack.indicators()
    assert len(pack.sectors) >= 12
    assert REQUIRED_SECTORS <= {s.id for s in pack.sectors}
    assert len(indicators) >= 120
    tags = Counter(tag for i in indicators for tag in i.coherence)
    assert tags["vertical"] >= 25 and tags["horizontal"] >= 25
    for ind in indicators:
        assert ind.evidence and ind.actors and ind.resources and ind.sdg and ind.gcm and ind.step, ind.id
        assert ind.sources and all(src.section for src in ind.sources), ind.id


def test_tvet_pack_has_a_different_shape():
    pack = load_pack(TVET)
    assert 15 <= len(pack.indicators()) <= 30
    assert [s.id for s in pack.sectors] == ["availability", "accessibility", "acceptability", "adaptability"]
    assert len(pack.scales[0].levels) != 4 and not pack.steps


@pytest.mark.parametrize("pack_dir", [MAIN, TVET], ids=["main", "tvet"])
def test_every_source_cites_lines_that_exist_in_a_seed(pack_dir):
    pack = load_pack(pack_dir)
    for ind in pack.indicators():
        assert ind.sources, f"{ind.id}: no sources"
        for src in ind.sources:
            seed = MANIFEST.get(src.file)
            assert seed is not None, f"{ind.id}: unknown seed {src.file}"
            assert src.lines is not None, f"{ind.id}: {src.file} cited without lines"
            first, last = src.lines
            assert 1 <= first <= last <= seed["lines"], f"{ind.id}: lines {first}-{last} outside {src.file}"


def test_seed_manifest_matches_the_seeds_when_present():
    seeds = Path(os.environ.get("COHERENCE_SEEDS", PROJECT_ROOT.parent / "shared" / "seeds"))
    if not seeds.is_dir():
        pytest.skip("the seed documents are not beside this checkout; the manifest stands for them")
    for name, entry in MANIFEST.items():
        data = (seeds / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert data.count(b"\n") + (0 if data.endswith(b"\n") else 1) == entry["lines"], name


def test_arabic_french_and_spanish_ship():
    assert {"ar", "es", "fr"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("pack_dir", [MAIN, TVET], ids=["main", "tvet"])
def test_bundled_packs_are_shipped_complete_in_every_language(pack_dir, lang):
    from coherence.translate.catalogs import status
    from coherence.translate.source import fresh_pack

    source = fresh_pack(pack_dir)
    state = status(source, lang)
    assert state.exists and state.total > 300
    untranslated = {name: items[:3] for name, items in state.contexts.items() if name != "translated" and items}
    assert state.complete, untranslated
    translated = load_pack(pack_dir, lang)
    assert translated.sectors[0].title != source.sectors[0].title
    first = translated.indicators()[0]
    assert first.question != source.indicators()[0].question and first.actions


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("pack_id", ["mainstreaming-migration", "tvet-refugee-inclusion"])
def test_a_text_repeated_in_a_pack_is_translated_the_same_everywhere(pack_id, lang):
    from coherence.translate.catalogs import open_catalog

    _catalog, entries = open_catalog(pack_id, lang)
    seen: dict[str, tuple[str, str]] = {}
    for context, entry in entries.items():
        first = seen.setdefault(entry.msgid, (context, entry.msgstr))
        assert entry.msgstr == first[1], f"{context} and {first[0]} translate {entry.msgid!r} differently"


@pytest.mark.parametrize("pack_dir", [MAIN], ids=["main"])
def test_every_question_asks_one_thing_with_one_question_mark(pack_dir):
    pack = load_pack(pack_dir)
    for ind in pack.indicators():
        assert ind.question.count("?") == 1 and ind.question.rstrip().endswith("?"), ind.id


def test_sdg_and_gcm_lists_are_sorted():
    for pack_dir in (MAIN, TVET):
        for ind in load_pack(pack_dir).indicators():
            assert ind.gcm == sorted(ind.gcm), ind.id
            # "8.8" before "10.7" before "10.c": goal by number, then target (numbers before letters)
            assert ind.sdg == sorted(ind.sdg, key=lambda t: (int(t.split(".")[0]), t.split(".")[1].zfill(3))), ind.id


def test_the_migrations_account_for_every_1_0_0_indicator():
    from .conftest import FIXTURES

    pack = load_pack(MAIN)
    assert pack.version == "2.0.0" and [m.from_version for m in pack.migrations] == ["1.0.0"]
    migration = pack.migrations[0]
    old = set(json.loads((FIXTURES / "v1" / "planning-local.json").read_text())["answers"])
    assert len(old) == 142
    new = {i.id for i in pack.indicators()}
    fates = new | set(migration.renamed) | {o for olds in migration.merged.values() for o in olds} | set(migration.split) | set(migration.removed)
    assert old <= fates


def test_1_0_0_files_score_under_2_0_0_through_the_migrations(tmp_path, capsys):
    from coherence.cli import main
    from coherence.migrations import migrate_answers
    from coherence.sessions import load_session

    from .conftest import FIXTURES

    files = sorted(str(p) for p in (FIXTURES / "v1").glob("*.json"))
    assert main(["score", *files, "--json", str(tmp_path / "s.json")]) == 0
    err = capsys.readouterr().err
    assert "planning-local.json: answers to version 1.0.0 migrated to version 2.0.0" in err
    assert "GOV-06: from GOV-06, SOC-03, HEA-08" in err and "CLI-06: removed in version 2.0.0; its answer is not scored" in err
    assert err.count("GOV-06: from") == 1  # the changes are listed once, not once per file
    questionnaires = sorted(str(p) for p in (FIXTURES / "v1").glob("*.xlsx"))
    assert main(["score", *questionnaires, "--json", str(tmp_path / "q.json")]) == 0
    from_sessions = json.loads((tmp_path / "s.json").read_text())["round"]
    from_questionnaires = json.loads((tmp_path / "q.json").read_text())["round"]
    assert from_sessions["sectors"] == from_questionnaires["sectors"] and from_sessions["overall"] is not None
    # a merge keeps the lower answer; a split gives each new indicator the old answer
    old = load_session(FIXTURES / "v1" / "planning-local.json").answers
    pack = load_pack(MAIN)
    migrated = migrate_answers(pack, "1.0.0", old).answers
    merged = [old[i].choice for i in ("GOV-06", "SOC-03", "HEA-08") if old[i].is_level]
    if merged:
        assert migrated["GOV-06"].choice == min(merged)
    assert migrated["EDU-11"].choice == old["EDU-03"].choice and migrated["GOV-13"].choice == old["HOU-06"].choice
    assert "CLI-06" not in migrated
