"""Pack load and validation of the main pack, warm (target: under 100 ms).

Run: python bench/pack_load.py
"""

from __future__ import annotations

from _common import ROOT, best_of, machine

from coherence.packs import validate_pack_dir

PACK = ROOT / "indicators" / "mainstreaming-migration"


def main() -> None:
    pack, problems = validate_pack_dir(PACK)  # warm-up: imports, file cache
    assert not problems, problems[:3]
    best, median = best_of(lambda: validate_pack_dir(PACK), repeat=20)
    print(f"machine: {machine()}")
    print(f"pack: {pack.id} {pack.version}: {len(pack.sectors)} sectors, {len(pack.indicators())} indicators")
    print(f"load + validate (warm): best {best * 1000:.1f} ms, median {median * 1000:.1f} ms  (target < 100 ms)")


if __name__ == "__main__":
    main()
