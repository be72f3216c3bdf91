"""The ``coherence`` command: one entry point, thin over the library.

Exit codes: 0 success, 2 user error (one line naming file and place), 1 a bug.
Heavy modules (Textual, openpyxl) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import PackError, UserError
from .i18n import SHIPPED_LANGUAGES, _, set_language


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coherence",
        description=_("Assess how well an authority has mainstreamed migration into local development planning."),
    )
    p.add_argument("--lang", choices=SHIPPED_LANGUAGES, help=_("interface and pack language"))
    p.add_argument("--pack", default=None, help=_("indicator pack id or directory (default: the bundled pack)"))
    p.add_argument("--resume", metavar="FILE", help=_("continue a saved session"))
    p.add_argument("--sessions-dir", metavar="DIR", help=_("where new sessions are saved"))
    sub = p.add_subparsers(dest="command")

    packs = sub.add_parser("packs", help=_("list, show, validate indicator packs"))
    psub = packs.add_subparsers(dest="packs_command", required=True)
    psub.add_parser("list", help=_("list the available packs"))
    show = psub.add_parser("show", help=_("show a pack's sectors and indicators"))
    show.add_argument("pack")
    validate = psub.add_parser("validate", help=_("check a pack and report every problem"))
    validate.add_argument("path")
    psub.add_parser("schema", help=_("print the JSON Schema of the pack format"))

    template = sub.add_parser("template", help=_("write a blank questionnaire workbook"))
    template.add_argument("pack")
    template.add_argument("-o", "--output", required=True)

    score = sub.add_parser("score", help=_("score filled questionnaires and session files together"))
    score.add_argument("files", nargs="+")
    score.add_argument("-o", "--output", help=_("report workbook to write"))
    score.add_argument("--json", dest="json_out", metavar="FILE", help=_("write results as JSON ('-' for standard output)"))
    score.add_argument("--keep-going", action="store_true", help=_("exit 0 even if some files could not be read"))
    score.add_argument("--jobs", type=int, default=0, help=_("worker processes (default: all cores)"))

    report = sub.add_parser("report", help=_("write the report workbook of one session"))
    report.add_argument("session")
    report.add_argument("-o", "--output", required=True)

    compare = sub.add_parser("compare", help=_("compare a baseline and a follow-up assessment"))
    compare.add_argument("baseline")
    compare.add_argument("followup")

    tr = sub.add_parser("translate", help=_("translate indicator packs"))
    tsub = tr.add_subparsers(dest="translate_command", required=True)
    ex = tsub.add_parser("extract", help=_("write the POT template of a pack"))
    ex.add_argument("pack")
    ex.add_argument("-o", "--output")
    up = tsub.add_parser("update", help=_("merge the pack's texts into a language's PO catalog"))
    up.add_argument("pack")
    st = tsub.add_parser("status", help=_("translated, fuzzy, missing and stale counts"))
    st.add_argument("pack", nargs="?")
    st.add_argument("--verbose", action="store_true", help=_("name every stale entry"))
    tx = tsub.add_parser("export", help=_("write a translation spreadsheet"))
    tx.add_argument("pack")
    tx.add_argument("-o", "--output", required=True)
    ti = tsub.add_parser("import", help=_("read a translation spreadsheet into the PO catalog"))
    ti.add_argument("sheet")
    # `template PACK --lang fr` works as well as `--lang fr template PACK`, on every
    # command (SUPPRESS: when not given there, the global --lang is kept).
    for sp in (up, st, tx):
        sp.add_argument("--lang", choices=SHIPPED_LANGUAGES, default=argparse.SUPPRESS, help=_("language of the translation"))
    for sp in (show, validate, template, score, report, compare, ex, ti):
        sp.add_argument("--lang", choices=SHIPPED_LANGUAGES, default=argparse.SUPPRESS, help=_("interface and pack language"))
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The language must be known before help texts are built.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    set_language(known.lang)
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args) or 0
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"coherence: {exc.line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from .tui.app import run_tui

        return run_tui(pack=args.pack, lang=args.lang, resume=args.resume, sessions_dir=args.sessions_dir)
    if args.command == "packs":
        from . import cli_packs

        return cli_packs.run(args)
    if args.command == "template":
        from .excel.template import write_template

        path = write_template(args.pack, args.lang or "en", Path(args.output))
        print(_("Questionnaire written: {path}").format(path=path))
        return 0
    if args.command == "score":
        from .batch import run_score_command

        return run_score_command(args)
    if args.command == "report":
        from .batch import run_report_command

        return run_report_command(args)
    if args.command == "compare":
        from .compare import run_compare_command

        return run_compare_command(args)
    if args.command == "translate":
        from .translate.cli import run_translate_command

        return run_translate_command(args)
    raise AssertionError(args.command)


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
