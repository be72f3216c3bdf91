"""``coherence template PACK [--lang L] -o FILE``: a blank questionnaire workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _, current_language


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    template = sub.add_parser("template", help=_("write a blank questionnaire workbook"))
    template.add_argument("pack")
    template.add_argument("-o", "--output", required=True)
    lang_option(template)


def run(args: argparse.Namespace) -> int:
    from ..excel.template import write_template

    path = write_template(args.pack, args.lang or current_language(), Path(args.output))
    print(_("Questionnaire written: {path}").format(path=path))
    return 0
