"""`round add` of 50 filled questionnaires, and the round report of 50 respondents.

Uses the questionnaires bench/batch_score.py generates (cached under bench/out/). In one
process, in turn (medians of 5 runs):

- the floor: python-calamine merely reading the cells coherence reads (the _meta sheet
  and the questionnaire sheet it names) of the 50 files;
- `coherence.rounds.add_files`: what `coherence round add ROUND FILES…` does after the
  interpreter has started: the safety check of each workbook, reading and checking
  every answer, identities, the hash of each file — into a new round;
- the round report workbook of those 50 respondents (`write_round_report`).

Targets: round add <= 1.5x the bare read; the report <= 3 s.

Run: python bench/round_add.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine

from batch_score import PACK, bare_read, generate

RUNS = 5


def main() -> None:
    from coherence.excel.report import write_round_report
    from coherence.packs import load_pack
    from coherence.rounds import add_files, new_round, score_round_file

    files = generate(1000)[:50]
    pack = load_pack(PACK)
    bare_read(files)  # warm the page cache and the imports
    add_files(new_round(pack, authority="Villa Esperanza"), pack, files[:2])
    bare, adding = [], []
    for _run in range(RUNS):
        start = time.perf_counter()
        bare_read(files)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        round_, reports = add_files(new_round(pack, authority="Villa Esperanza"), pack, files)
        adding.append(time.perf_counter() - start)
        assert all(r.status == "added" for r in reports), [r for r in reports if r.status != "added"][:3]
    result = score_round_file(pack, round_)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_round_report(Path(tmp) / "report.xlsx", pack, round_, result)
        report = time.perf_counter() - start
    b, a = statistics.median(bare), statistics.median(adding)
    print(f"machine: {machine()}")
    print(f"bare calamine read of 50 questionnaires:  {b * 1000:7.0f} ms (median of {RUNS})")
    print(f"round add of the same 50 (in-process):    {a * 1000:7.0f} ms  ratio {a / b:.2f}x  (target <= 1.5x)")
    print(f"round report, {len(round_.respondents)} respondents:            {report:7.2f} s  (target <= 3 s)")


if __name__ == "__main__":
    sys.exit(main())
