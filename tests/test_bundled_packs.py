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


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("pack_dir", [MAIN, TVET], ids=["main", "tvet"])
def test_bundled_packs_are_shipped_complete_in_french_and_spanish(pack_dir, lang):
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


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("pack_id", ["mainstreaming-migration", "tvet-refugee-inclusion"])
def test_a_text_repeated_in_a_pack_is_translated_the_same_everywhere(pack_id, lang):
    from coherence.translate.catalogs import open_catalog

    _catalog, entries = open_catalog(pack_id, lang)
    seen: dict[str, tuple[str, str]] = {}
    for context, entry in entries.items():
        first = seen.setdefault(entry.msgid, (context, entry.msgstr))
        assert entry.msgstr == first[1], f"{context} and {first[0]} translate {entry.msgid!r} differently"
