"""``coherence report SESSION -o REPORT.xlsx``: the report of one session."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..batch import read_assessment
from ..i18n import _, current_language
from ..translate import load_installed_pack as localized_installed_pack


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    report = sub.add_parser("report", help=_("write the report workbook of one session"))
    report.add_argument("session")
    report.add_argument("-o", "--output", required=True)
    lang_option(report)


def run(args: argparse.Namespace) -> int:
    from ..fileio import refuse_overwriting_inputs, refuse_standard_output

    refuse_standard_output(args.output, _("a report workbook"))
    refuse_overwriting_inputs([args.session], [args.output])
    assessment = read_assessment(args.session)
    from ..excel.report import write_report

    lang = args.lang or assessment.language  # the language of the data unless --lang says otherwise
    pack = localized_installed_pack(assessment.pack_id, lang)
    path = write_report(Path(args.output), pack, [assessment], lang=lang)
    print(_("Report written: {path}").format(path=path))
    return 0
