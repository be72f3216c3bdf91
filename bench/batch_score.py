"""Batch scoring of 1,000 filled questionnaires against merely reading them with calamine.

Generates (once, cached under bench/out/) 1,000 questionnaires of the main pack filled
with varied answers in English, French and Spanish, then, in one run:

- the floor: open each workbook with python-calamine and read its questionnaire and
  _meta sheets, nothing else (one process, as a plain script would);
- `coherence score FILES --json OUT` as a user runs it (a fresh process: start-up,
  safety checks, reading, validation, scoring of every respondent and of the round).

Prints both times and their ratio (target: scoring <= 1.5x the bare read).

Run: python bench/batch_score.py [N]
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import ROOT, machine

PACK = "mainstreaming-migration"
LANGUAGES = ("en", "fr", "es")
OUT = ROOT / "bench" / "out" / "questionnaires"


def _templates() -> dict[str, bytes]:
    from coherence.excel.template import write_template

    OUT.parent.mkdir(parents=True, exist_ok=True)
    blanks = {}
    for lang in LANGUAGES:
        path = OUT.parent / f"blank-{lang}.xlsx"
        write_template(PACK, lang, path)
        blanks[lang] = path.read_bytes()
    return blanks


def _fill(job: tuple[int, str, bytes]) -> None:
    """Fill one questionnaire with seeded answers, as a department would in Excel."""
    from openpyxl import load_workbook

    from coherence.excel import layout as L
    from coherence.words import SPECIAL_LABELS, gov_level_label
    from coherence.i18n import _, set_language
    from coherence.models import GovLevel, Special
    from coherence.translate import load_pack

    number, lang, blank = job
    set_language(lang)
    pack = load_pack(PACK, lang)
    rng = random.Random(number)
    wb = load_workbook(io.BytesIO(blank))
    meta = {row[0].value: row[1].value for row in wb[L.META_SHEET].iter_rows(max_col=2)}
    ws = wb[meta["sheet"]]
    level = rng.choice(list(GovLevel))
    profile = {
        "authority": "Villa Esperanza",
        "country": "Ecuador",
        "authority_level": gov_level_label(GovLevel.local),
        "department": f"Department {number % 37}",
        "respondent": f"Respondent {number}",
        "respondent_level": gov_level_label(level),
    }
    for key, value in profile.items():
        ws.cell(L.PROFILE_ROWS[key], L.PROFILE_VALUE_COL).value = value
    strength = rng.uniform(0.3, 2.7)
    row = int(meta["first_row"])
    while (indicator_id := ws.cell(row, L.COL_ID).value) is not None:
        roll = rng.random()
        if roll < 0.05:
            shown = _(SPECIAL_LABELS[Special.dont_know])
        elif roll < 0.08:
            shown = _(SPECIAL_LABELS[Special.not_applicable])
        elif roll < 0.12:
            shown = None  # left empty
        else:
            choice = round(min(3, max(0, rng.gauss(strength, 0.9))))
            scale = pack.scale_for(pack.indicator(indicator_id))
            shown = choice if rng.random() < 0.3 else scale.label_of(choice)  # numbers or labels
        ws.cell(row, L.COL_ANSWER).value = shown
        if rng.random() < 0.1:
            ws.cell(row, L.COL_NOTES).value = "Discussed at the workshop; follow up with the department."
        row += 1
    wb.save(OUT / f"q{number:04d}-{lang}.xlsx")


def generate(n: int) -> list[Path]:
    stamp = OUT / "stamp.json"
    from coherence.translate import load_pack

    want = {"n": n, "pack": PACK, "version": load_pack(PACK).version}
    files = sorted(OUT.glob("q*.xlsx"))
    if stamp.exists() and json.loads(stamp.read_text()) == want and len(files) == n:
        return files
    OUT.mkdir(parents=True, exist_ok=True)
    for old in files:
        old.unlink()
    blanks = _templates()
    jobs = [(i, LANGUAGES[i % len(LANGUAGES)], blanks[LANGUAGES[i % len(LANGUAGES)]]) for i in range(n)]
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_fill, jobs, chunksize=20))
    print(f"generated {n} questionnaires in {time.perf_counter() - start:.1f} s (cached in {OUT.relative_to(ROOT)})")
    stamp.write_text(json.dumps(want))
    return sorted(OUT.glob("q*.xlsx"))


def bare_read(files: list[Path]) -> int:
    """Open every workbook with calamine and read the cells coherence reads: the _meta
    sheet and the questionnaire sheet it names (its name is in the workbook's language)."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in files:
        wb = CalamineWorkbook.from_path(str(path))
        meta = wb.get_sheet_by_name("_meta").to_python()
        sheet = next(str(row[1]) for row in meta if row and row[0] == "sheet")
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in meta) + sum(len(r) for r in rows)
    return cells


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    files = generate(n)
    bare_read(files[:20])  # warm the page cache and the import

    start = time.perf_counter()
    cells = bare_read(files)
    bare = time.perf_counter() - start

    out = ROOT / "bench" / "out" / "round.json"
    command = [sys.executable, "-m", "coherence.cli", "score", *map(str, files), "--json", str(out)]
    env = dict(os.environ, COLUMNS="120")
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    scoring = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"coherence score failed ({done.returncode}): {done.stderr.strip()[:500]}")
    result = json.loads(out.read_text())

    print(f"machine: {machine()}")
    print(f"files: {len(files)} questionnaires of {PACK} ({', '.join(LANGUAGES)}), {cells:,} cells read")
    print(f"bare calamine read:  {bare:6.2f} s  ({bare / len(files) * 1000:.2f} ms per file)")
    print(f"coherence score:     {scoring:6.2f} s  ({scoring / len(files) * 1000:.2f} ms per file, "
          f"{len(result['respondents'])} respondents, round overall {result['round']['overall']})")
    print(f"ratio score / read:  {scoring / bare:6.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
