"""The planning cycle: import-plan of a 150-row plan (target ≤ 1 s), the Word report of a
50-respondent round (≤ 3 s), compare of five rounds (≤ 1 s). Best and median of 3.

Run: python bench/cycle.py
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path

from _common import best_of, machine
from report_export import respondents

from coherence.models import PlanAction, RoundRespondent, SourceFile, identity_key
from coherence.packs import load_pack
from coherence.rounds import new_round, save_round, score_round_file


def make_round(pack, n: int, cycle: str, shift: int = 0):
    round_ = new_round(pack, authority="Villa Esperanza", country="Ecuador", cycle=cycle)
    people = []
    for number, a in enumerate(respondents(n)):
        answers = {k: (v.model_copy(update={"choice": min(3, v.choice + shift)}) if v.is_level else v) for k, v in a.answers.items()}
        key = identity_key("Villa Esperanza", a.respondent.department, a.respondent.level, "")
        people.append(RoundRespondent(
            key=key, department=a.respondent.department, level=a.respondent.level, answers=answers,
            source=SourceFile(file=f"{cycle}-{number}.json", sha256=hashlib.sha256(f"{cycle}{number}".encode()).hexdigest()),
        ))
    return round_.model_copy(update={"respondents": people})


def main() -> None:
    from openpyxl import load_workbook

    from coherence.compare import load_compared, progress
    from coherence.docx_report import write_docx_report
    from coherence.excel.report import write_round_report
    from coherence.rounds import import_plan_file

    pack = load_pack("mainstreaming-migration")
    ids = [ind.id for ind in pack.indicators()]
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # import-plan: a 150-row plan, every row edited in the workbook
        round_ = make_round(pack, 10, "2026")
        plan = [PlanAction(id=f"P-{n:03d}", indicator=ids[(n - 1) % len(ids)], action=f"Action {n}") for n in range(1, 151)]
        round_ = round_.model_copy(update={"plan": plan})
        path = tmp / "plan.round.json"
        save_round(path, round_)
        report = write_round_report(tmp / "plan.xlsx", pack, round_, score_round_file(pack, round_))
        wb = load_workbook(report)
        ws = wb["Action plan"]
        header = {c.value: c.column for c in ws[1]}
        for row in range(2, 152):
            ws.cell(row, header["Responsible"]).value = f"Officer {row}"
            ws.cell(row, header["Due date"]).value = date(2027, 1 + row % 12, 1)
        wb.save(tmp / "edited.xlsx")

        def import_once():
            save_round(path, round_)  # the same starting point every run
            report = import_plan_file(path, tmp / "edited.xlsx")
            assert report.changed == 150, report.changed

        best, median = best_of(import_once, repeat=3)
        print(f"import-plan of a 150-row plan (150 rows changed): best {best:.2f} s, median {median:.2f} s  (target ≤ 1 s)")

        big = make_round(pack, 50, "2026")
        result = score_round_file(pack, big)
        best, median = best_of(lambda: write_docx_report(tmp / "r.docx", pack, big, result, lang="en"), repeat=3)
        print(f"Word report of a 50-respondent round (charts included): best {best:.2f} s, median {median:.2f} s, "
              f"{(tmp / 'r.docx').stat().st_size / 1024:.0f} KB  (target ≤ 3 s)")

        paths = []
        for year in range(5):
            p = tmp / f"{2026 + year}.round.json"
            save_round(p, make_round(pack, 20, str(2026 + year), shift=year % 2))
            paths.append(p)
        best, median = best_of(lambda: progress(pack, [load_compared(p, pack) for p in paths]), repeat=3)
        print(f"compare of five rounds (20 respondents each): best {best:.2f} s, median {median:.2f} s  (target ≤ 1 s)")


if __name__ == "__main__":
    main()
