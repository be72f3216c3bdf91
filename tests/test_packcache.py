"""The on-disk cache of validated packs: used when nothing changed, never stale."""

from __future__ import annotations

import shutil

import pytest

from coherence import packcache, packs
from coherence.errors import PackError

from .conftest import MINI


@pytest.fixture
def work(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "mini")
    monkeypatch.setenv("COHERENCE_CACHE", str(tmp_path / "cache"))
    packs._load_keyed.cache_clear()
    yield tmp_path / "mini"
    packs._load_keyed.cache_clear()


def test_a_validated_pack_is_read_back_from_the_cache(work, monkeypatch):
    first = packs.load_pack(work)
    assert len(list((work.parent / "cache").glob("*.json"))) == 1
    packs._load_keyed.cache_clear()

    def no_yaml(_dir):
        raise AssertionError("the YAML files were read again")

    monkeypatch.setattr(packs, "validate_pack_dir", no_yaml)
    again = packs.load_pack(work)
    assert again == first and again.indicator("GOV-01").question == first.indicator("GOV-01").question


def test_an_edited_sector_is_never_served_stale(work):
    assert "committee" in packs.load_pack(work).indicator("GOV-01").question
    sector = work / "sectors" / "governance.yaml"
    sector.write_text(sector.read_text().replace("cross-departmental migration committee", "migration task force"))
    assert "task force" in packs.load_pack(work).indicator("GOV-01").question


def test_an_edit_keeping_size_and_time_still_gives_the_new_weight(work):
    import os

    assert packs.load_pack(work).indicator("GOV-01").weight == 2
    sector = work / "sectors" / "governance.yaml"
    stat = sector.stat()
    text = sector.read_text()
    assert "    weight: 2\n" in text
    sector.write_text(text.replace("    weight: 2\n", "    weight: 3\n"))  # same size
    os.utime(sector, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time
    assert sector.stat().st_size == stat.st_size and sector.stat().st_mtime_ns == stat.st_mtime_ns
    packs._load_keyed.cache_clear()  # a new process: only the disk cache remains
    assert packs.load_pack(work).indicator("GOV-01").weight == 3


def test_a_broken_pack_is_not_cached_and_still_reported(work):
    sector = work / "sectors" / "health.yaml"
    sector.write_text(sector.read_text().replace("category: policy", "category: nonsense", 1))
    with pytest.raises(PackError):
        packs.load_pack(work)
    assert not list((work.parent / "cache").glob("*.json"))


def test_a_damaged_cache_entry_is_ignored(work):
    packs.load_pack(work)
    entry = next((work.parent / "cache").glob("*.json"))
    entry.write_text("{not json")
    packs._load_keyed.cache_clear()
    assert packs.load_pack(work).indicator("HEA-01").id == "HEA-01"


def test_the_cache_can_be_switched_off(work, monkeypatch):
    monkeypatch.setenv("COHERENCE_CACHE", "off")
    assert packcache.cache_dir() is None
    packs.load_pack(work)
    assert not (work.parent / "cache").exists()
