"""``coherence score FILES… [-o REPORT.xlsx] [--json FILE|-] [--keep-going]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..batch import _without_cycle_collector, check_same_pack, expand_paths, read_many, unique_files
from ..errors import UserError
from ..i18n import _, current_language, ngettext
from ..terminal import safe
from ..scoring import score_round, unique_labels


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    score = sub.add_parser("score", help=_("score filled questionnaires and session files together"))
    score.add_argument("files", nargs="+")
    score.add_argument("-o", "--output", help=_("report workbook to write"))
    score.add_argument("--json", dest="json_out", metavar="FILE", help=_("write results as JSON ('-' for standard output)"))
    score.add_argument("--csv", dest="csv_out", metavar="FILE", help=_("write results in long format as CSV, for R, Stata or pandas ('-' for standard output)"))
    score.add_argument("--csv-locale", metavar="LANG", help=_("with --csv: numbers as LANG writes them (66,7 in fr) and ';' between columns where the decimal mark is a comma"))
    score.add_argument("--keep-going", action="store_true", help=_("exit 0 even if some files could not be read"))
    score.add_argument("--jobs", type=int, default=0, help=_("worker processes (default: all cores)"))
    lang_option(score)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not args.output and not args.json_out and not args.csv_out:
        raise UserError(_("give -o REPORT.xlsx, --json FILE, --csv FILE, or several"))
    from ..fileio import refuse_overwriting_inputs, refuse_standard_output

    refuse_standard_output(args.output, _("a report workbook"))
    paths, repeats = unique_files(expand_paths(args.files))
    refuse_overwriting_inputs(paths, [args.output, args.json_out, args.csv_out])
    err = Console(stderr=True)
    for line in repeats:
        err.print(line, highlight=False, markup=False)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=len(paths) < 2 or not err.is_terminal,
    ) as bar:
        task = bar.add_task(_("Reading"), total=len(paths))
        assessments, scores, errors = read_many(paths, args.jobs, lambda n: bar.advance(task, n), lenient=args.keep_going)
    notes: list[str] = []
    # Outputs are written in the language of the data (the questionnaires' and sessions'
    # when they share one) unless --lang says otherwise.
    languages = {a.language for a in assessments}
    out_lang = args.lang or (next(iter(languages)) if len(languages) == 1 else current_language())
    pack, kept, kept_scores = check_same_pack(assessments, scores, errors, notes, out_lang)
    for line in notes:
        err.print(line, highlight=False, markup=False)
    for a in kept:
        for notice in a.notices:  # e.g. an answer column that looks sorted on its own
            print(safe(f"coherence: {a.source}: {notice}"), file=sys.stderr)
    result = None
    if pack is not None and kept:
        labels = unique_labels(kept)
        precomputed = kept_scores if all(s is not None for s in kept_scores) else None
        with _without_cycle_collector():  # the round's tables are as large again
            result = score_round(pack, kept, labels, precomputed)
    if args.json_out:
        from ..results_json import results_document

        if pack is None:
            doc = {"pack": None, "respondents": [], "round": None, "errors": [{"source": s, "message": m} for s, m in errors]}
        else:
            doc = results_document(pack, kept, result, errors)
        # Indented for people reading a small round; a large one is written compact,
        # which lets the json module use its C encoder (ten times faster).
        indent = 1 if len(doc["respondents"]) <= 100 else None
        text = json.dumps(doc, ensure_ascii=False, indent=indent)
        if args.json_out == "-":
            sys.stdout.write(text + "\n")
        else:
            Path(args.json_out).write_text(text + "\n", encoding="utf-8")
    if args.csv_out and result is not None:
        from ..results_json import write_long_csv

        locale = None
        if args.csv_locale:
            from ..ids import check_language

            locale = check_language(args.csv_locale)
        write_long_csv(args.csv_out, pack, kept, result, locale=locale)
    if args.output and result is not None:
        from ..excel.report import write_report

        write_report(Path(args.output), pack, kept, labels=list(result.labels), lang=out_lang)
    for source, message in errors:
        # plain print: an error stays on one line, whatever the terminal width
        print(f"coherence: {message}" if source in message else f"coherence: {source}: {message}", file=sys.stderr)
    if result is not None and "-" not in (args.json_out, args.csv_out):
        err.print(
            ngettext("Scored {n} respondent; round overall {overall}", "Scored {n} respondents; round overall {overall}", len(kept)).format(
                n=len(kept), overall="–" if result.scores.overall is None else f"{result.scores.overall:.1f}"
            ),
            highlight=False,
        )
    if errors and not args.keep_going:
        return 2
    return 0 if result is not None or args.keep_going else 2
