"""Report export: 50 respondents x the main pack into one round workbook (target: under 3 s).

Times what `coherence score ... -o round.xlsx` spends after reading: scoring the round
and writing every sheet (Summary with its chart, Scores, Gaps, Action plan, Responses,
Agreement). Best and median of 3.

Run: python bench/report_export.py [RESPONDENTS]
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from _common import best_of, machine, seeded_answers

from coherence.excel.report import write_report
from coherence.models import Assessment, GovLevel
from coherence.packs import load_pack


def respondents(n: int) -> list[Assessment]:
    pack = load_pack("mainstreaming-migration")
    out = []
    for number in range(n):
        rng = random.Random(number + 100_000)  # the respondent's level, apart from the answers' seed
        answers = seeded_answers(pack, number, notes="=SUM(A1) typed by a respondent", notes_share=0.05)
        out.append(Assessment(
            pack_id=pack.id, pack_version=pack.version,
            authority={"name": "Villa Esperanza", "country": "Ecuador", "level": "local"},
            respondent={"department": f"Department {number}", "level": rng.choice(list(GovLevel)).value},
            answers=answers, source=f"respondent-{number:02d}.json",
        ))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    pack = load_pack("mainstreaming-migration")
    people = respondents(n)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "round.xlsx"
        best, median = best_of(lambda: write_report(out, pack, people, lang="en"), repeat=3)
        size = out.stat().st_size
    print(f"machine: {machine()}")
    print(f"report of {n} respondents x {len(pack.indicators())} indicators: "
          f"best {best:.2f} s, median {median:.2f} s, {size / 1024:.0f} KB  (target < 3 s)")


if __name__ == "__main__":
    main()
