"""``coherence template PACK [--lang L] [--format xlsx|xlsform] -o FILE``.

``xlsx`` (the default) is the questionnaire sent by e-mail; ``xlsform`` the same
questions as an XLSForm for KoboToolbox and ODK, in every language of the pack
(``--lang`` may be given several times to choose).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UserError
from ..i18n import _, current_language


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    template = sub.add_parser("template", help=_("write a blank questionnaire workbook"))
    template.add_argument("pack")
    template.add_argument("-o", "--output", required=True)
    template.add_argument("--force", action="store_true", help=_("replace an existing file"))
    template.add_argument("--format", choices=("xlsx", "xlsform"), default="xlsx", help=_("questionnaire workbook, or XLSForm for KoboToolbox and ODK"))
    template.add_argument("--languages", metavar="L,L", help=_("XLSForm: the languages of the form, comma-separated (default: every language of the pack)"))
    lang_option(template)


def run(args: argparse.Namespace) -> int:
    from ..fileio import refuse_standard_output

    refuse_standard_output(args.output, _("a questionnaire workbook"))
    if Path(args.output).exists() and not args.force:
        raise UserError(_("exists already (it may be a filled questionnaire); give --force to replace it"), file=args.output)
    if args.format == "xlsform":
        from ..ids import check_language
        from ..xlsform import write_xlsform

        languages = [check_language(code.strip()) for code in args.languages.split(",")] if args.languages else None
        path = write_xlsform(args.pack, languages, Path(args.output))
        print(_("XLSForm written: {path} (upload it to KoboToolbox or ODK Central)").format(path=path))
        return 0
    from ..excel.template import write_template

    path = write_template(args.pack, args.lang or current_language(), Path(args.output))
    print(_("Questionnaire written: {path}").format(path=path))
    return 0
