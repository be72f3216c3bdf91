"""Reading and scoring a KoboToolbox / ODK submissions export of 1,000 rows.

Generates (once, cached under bench/out/kobo/) the XLSForm of the main pack and an
export of 1,000 submissions to it, as KoboToolbox writes one with "XML values and
headers" and the group separator '/': its metadata columns, the profile and every
indicator's answer, notes and evidence, answers as choice names (levels,
dont_know, not_applicable) with some left empty. The same rows are written as .xlsx
and as .csv (';' separated, with a BOM, as KoboToolbox's CSV). Then, for each file:

- read: :func:`coherence.xlsform.read_submissions` (safety check, parsing, one
  validated Assessment per row);
- read + score: the same, then :func:`coherence.scoring.score` for every respondent.

Prints the best and median of 5 runs (target: read + score <= 2 s).

Run: python bench/kobo_read.py [N]
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

from _common import ROOT, best_of, machine

PACK = "mainstreaming-migration"
OUT = ROOT / "bench" / "out" / "kobo"
KOBO_META = ["start", "end", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index", "meta/instanceID"]


def _table(n: int) -> tuple[list[str], list[list[object]]]:
    from openpyxl import load_workbook

    from coherence.xlsform import write_xlsform

    form = write_xlsform(PACK, ["en", "fr", "es"], OUT / "form.xlsx")
    survey = list(load_workbook(form)["survey"].iter_rows(values_only=True))
    columns = survey[0]
    type_at, name_at = columns.index("type"), columns.index("name")
    header = ["coherence_pack", "coherence_version", *KOBO_META[:2]]
    kinds: list[str] = []
    groups: list[str] = []
    for row in survey[1:]:
        kind, name = row[type_at], row[name_at]
        if kind == "begin_group":
            groups.append(name)
        elif kind == "end_group":
            groups.pop()
        elif kind != "calculate":
            header.append("/".join([*groups, name]))
            kinds.append(kind)
    header += KOBO_META[2:]

    from coherence.packs import load_pack

    version = load_pack(PACK).version
    rows = []
    for number in range(n):
        rng = random.Random(number)
        strength = rng.uniform(0.3, 2.7)
        row: list[object] = [PACK, version, "2025-03-01T10:00:00.000+01:00", "2025-03-01T10:40:00.000+01:00"]
        for column, kind in zip(header[4:], kinds):
            if kind.startswith("select_one gov_level"):
                row.append(rng.choice(["local", "regional", "national"]) if column.endswith("authority_level") else "")
            elif kind.startswith("select_one"):
                roll = rng.random()
                if roll < 0.05:
                    row.append("dont_know")
                elif roll < 0.08:
                    row.append("not_applicable")
                elif roll < 0.12:
                    row.append("")
                else:
                    row.append(str(round(min(3, max(0, rng.gauss(strength, 0.9))))))
            elif column.endswith("_notes"):
                row.append("Discussed at the workshop; follow up with the department." if rng.random() < 0.1 else "")
            elif column.endswith("_evidence"):
                row.append("Council minutes" if rng.random() < 0.05 else "")
            elif column.endswith("respondent_name"):
                row.append(f"Respondent {number}")
            elif column.endswith("department"):
                row.append(f"Department {number % 37}")
            else:
                row.append("Villa Esperanza" if column.endswith("authority_name") else "Ecuador")
        row += [str(40000 + number), f"uuid-{number}", "2025-03-01T09:41:02", "", "", "submitted_via_web", "",
                "vQx3Ld8pZ", "", str(number + 1), f"uuid:{number}"]
        rows.append(row)
    return header, rows


def generate(n: int) -> tuple[Path, Path]:
    from coherence.excel.cells import write_text
    from coherence.packs import load_pack

    xlsx, csv_path, stamp = OUT / "export.xlsx", OUT / "export.csv", OUT / "stamp.json"
    want = {"n": n, "pack": PACK, "version": load_pack(PACK).version}
    if stamp.exists() and json.loads(stamp.read_text()) == want and xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    OUT.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    header, rows = _table(n)
    from openpyxl import Workbook

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "Mainstreaming migration into l"
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            if value != "":
                write_text(ws, r, c, value, None)
    wb.save(xlsx)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    stamp.write_text(json.dumps(want))
    print(f"generated a {n}-row export ({len(header)} columns) in {time.perf_counter() - start:.1f} s "
          f"(cached in {OUT.relative_to(ROOT)})")
    return xlsx, csv_path


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    files = generate(n)

    from coherence.packs import load_pack
    from coherence.scoring import score
    from coherence.xlsform import read_submissions

    pack = load_pack(PACK)
    read_submissions(files[1])  # warm: imports, pack translations, answer words

    print(f"machine: {machine()}")
    for path in files:
        def read() -> list:
            return read_submissions(path)

        def read_and_score() -> list:
            return [score(pack, a.answers) for a in read_submissions(path)]

        respondents = len(read())
        best, median = best_of(read)
        best_all, median_all = best_of(read_and_score)
        size = path.stat().st_size / 1048576
        print(f"{path.suffix[1:]:>4} ({size:.1f} MB, {respondents} rows): read {best:5.2f} s (median {median:.2f}); "
              f"read + score {best_all:5.2f} s (median {median_all:.2f})  target <= 2 s")


if __name__ == "__main__":
    main()
