"""``coherence round create|add|show|open|report``: a workshop's whole assessment in one file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import UserError
from ..i18n import _, current_language, format_number, ngettext


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    rnd = sub.add_parser("round", help=_("a workshop round: several respondents of one authority in one file"))
    rsub = rnd.add_subparsers(dest="round_command", required=True)
    create = rsub.add_parser("create", help=_("start a round file"))
    create.add_argument("round", metavar="ROUND.round.json")
    create.add_argument("--pack", dest="round_pack", default="mainstreaming-migration", help=_("indicator pack id"))
    create.add_argument("--authority", help=_("the authority assessed (with --follow-up: the previous round's)"))
    create.add_argument("--country", help=_("the authority's country (with --follow-up: the previous round's)"))
    create.add_argument("--level", choices=("local", "regional", "national"), help=_("the authority's level of government (default: local, or the previous round's)"))
    create.add_argument("--cycle", default="", help=_("the planning cycle, e.g. 2026"))
    create.add_argument("--follow-up", metavar="PREVIOUS.round.json", help=_("carry scope, targets and plan over from the previous cycle's round"))
    lang_option(create, _("language of the round's reports"))
    add = rsub.add_parser("add", help=_("add questionnaires, sessions and exports to a round"))
    add.add_argument("round", metavar="ROUND.round.json")
    add.add_argument("files", nargs="+")
    add.add_argument("--replace", action="store_true", help=_("replace the answers of a respondent already in the round"))
    lang_option(add)
    show = rsub.add_parser("show", help=_("respondents, completion, scores and agreement of a round"))
    show.add_argument("round", metavar="ROUND.round.json")
    show.add_argument("--json", dest="json_out", metavar="FILE", help=_("write the round's results as JSON ('-' for standard output)"))
    lang_option(show)
    report = rsub.add_parser("report", help=_("write the round's report workbook"))
    report.add_argument("round", metavar="ROUND.round.json")
    report.add_argument("-o", "--output", help=_("the report workbook"))
    report.add_argument("--docx", metavar="REPORT.docx", help=_("also (or only) write a narrative Word report"))
    lang_option(report)
    imported = rsub.add_parser("import-plan", help=_("read the edited Action plan sheet of a round report back into the round"))
    imported.add_argument("round", metavar="ROUND.round.json")
    imported.add_argument("workbook", metavar="REPORT.xlsx")
    imported.add_argument(
        "--take", choices=("workbook", "round"),
        help=_("for a row changed both in the round and in the workbook since the export: take the workbook's version, or keep the round's"),
    )
    lang_option(imported)
    agree = rsub.add_parser("agree", help=_("record the answer the workshop agreed on for an indicator"))
    agree.add_argument("round", metavar="ROUND.round.json")
    agree.add_argument("indicator")
    agree.add_argument("answer", help=_("a level number, dk (don't know), na (not applicable), or clear"))
    agree.add_argument("--notes", default="", help=_("what the workshop said"))
    scope = rsub.add_parser("scope", help=_("put a sector out of scope, or back in"))
    scope.add_argument("round", metavar="ROUND.round.json")
    scope.add_argument("sector")
    scope.add_argument("--reason", help=_("why the sector is out of scope (without it, the sector is back in scope)"))
    target = rsub.add_parser("target", help=_("set the target level of an indicator"))
    target.add_argument("round", metavar="ROUND.round.json")
    target.add_argument("indicator")
    target.add_argument("level", help=_("a level number, or clear"))
    migrate = rsub.add_parser("migrate", help=_("carry a round made with an earlier version of its pack over to the installed version"))
    migrate.add_argument("round", metavar="ROUND.round.json")
    opened = rsub.add_parser("open", help=_("open the round in the workshop screen"))
    opened.add_argument("round", metavar="ROUND.round.json")
    opened.add_argument("--read-only", action="store_true", help=_("look without changing anything (when another coherence has it open)"))
    lang_option(opened)


def run(args: argparse.Namespace) -> int:
    commands = {
        "create": _create, "add": _add, "show": _show, "report": _report, "open": _open, "agree": _agree, "scope": _scope,
        "target": _target, "import-plan": _import_plan, "migrate": _migrate,
    }
    return commands[args.round_command](args)


def _level(pack, indicator: str, text: str) -> int:
    levels = pack.scale_for(pack.indicator(indicator)).numbers
    if not text.isdigit() or int(text) not in levels:
        raise UserError(_("{id}: '{value}' is not a level of the scale ({low}–{high})").format(id=indicator, value=text, low=levels[0], high=levels[-1]))
    return int(text)


def _indicator(pack, indicator: str) -> str:
    if indicator not in {i.id for i in pack.indicators()}:
        raise UserError(_("unknown indicator '{id}' (not in pack {pack} {version})").format(id=indicator, pack=pack.id, version=pack.version))
    return indicator


def _agree(args: argparse.Namespace) -> int:
    from ..models import Special
    from ..rounds import agree, load_round, round_pack, update_round

    path = _round_path(args.round)
    pack = round_pack(load_round(path), path)
    ind = _indicator(pack, args.indicator)
    word = args.answer.strip().lower()

    def change(round_):
        if word == "clear":
            return agree(round_, ind, None)
        special = {"dk": Special.dont_know, "na": Special.not_applicable}.get(word)
        return agree(round_, ind, special if special is not None else _level(pack, ind, word), args.notes)

    update_round(path, change)
    print(_("{id}: agreed answer recorded").format(id=ind) if word != "clear" else _("{id}: agreed answer cleared").format(id=ind))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from ..packs import load_installed_pack
    from ..rounds import check_round, load_round, migrate_round, update_round
    from ..terminal import safe

    path = _round_path(args.round)
    before = load_round(path)
    pack = load_installed_pack(before.pack.id)
    if before.pack.version == pack.version:
        print(_("{path}: already of version {version}; nothing to do").format(path=path, version=pack.version))
        return 0
    said: list[str] = []

    def change(round_):
        migrated, changes = migrate_round(pack, round_)
        check_round(pack, migrated, path)
        said.extend(changes)
        return migrated

    update_round(path, change)  # the previous file is kept as .bak
    print(_("{path}: migrated from version {found} to {version}").format(path=path, found=before.pack.version, version=pack.version))
    for line in said:
        print("  " + safe(line))
    return 0


def _scope(args: argparse.Namespace) -> int:
    from ..rounds import load_round, round_pack, set_scope, update_round

    path = _round_path(args.round)
    pack = round_pack(load_round(path), path)
    if args.sector not in {s.id for s in pack.sectors}:
        raise UserError(_("unknown sector '{sector}' (sectors: {known})").format(sector=args.sector, known=", ".join(s.id for s in pack.sectors)))
    reason = args.reason.strip() if args.reason else None
    update_round(path, lambda round_: set_scope(round_, args.sector, reason or None))
    print(_("{sector}: out of scope — {reason}").format(sector=args.sector, reason=reason) if reason else _("{sector}: in scope").format(sector=args.sector))
    return 0


def _target(args: argparse.Namespace) -> int:
    from ..rounds import load_round, round_pack, set_target, update_round

    path = _round_path(args.round)
    pack = round_pack(load_round(path), path)
    ind = _indicator(pack, args.indicator)
    level = None if args.level.strip().lower() == "clear" else _level(pack, ind, args.level.strip())
    update_round(path, lambda round_: set_target(round_, ind, level))
    print(_("{id}: target set").format(id=ind))
    return 0


def _round_path(text: str) -> Path:
    path = Path(text)
    if not path.name.endswith(".json"):
        raise UserError(_("a round file ends in .round.json"), file=path)
    return path


def _create(args: argparse.Namespace) -> int:
    from ..models import GovLevel
    from ..packs import load_pack
    from ..rounds import load_round, new_round, save_round

    path = _round_path(args.round)
    if path.exists():
        raise UserError(_("exists already: a round is created once (add files to it with coherence round add)"), file=path)
    pack = load_pack(args.round_pack)
    previous = None
    before = None
    if args.follow_up:
        before_path = Path(args.follow_up)
        before = load_round(before_path)
        if before.pack.id != pack.id:
            raise UserError(_("the previous round uses pack '{pack}'").format(pack=before.pack.id), file=before_path)
        previous = (before_path, before)
    # A follow-up is of the same authority, in the same language, unless said otherwise.
    authority = args.authority or (before.authority.name if before else "")
    if not authority:
        raise UserError(_("name the authority with --authority"))
    country = args.country if args.country is not None else (before.authority.country if before else "")
    level = GovLevel(args.level) if args.level else (before.authority.level if before else GovLevel.local)
    language = args.lang or (before.language if before else current_language())
    if language != pack.source_language:
        from ..translate import load_pack as localized

        localized(pack.path, language)  # refuses a language the pack has no catalog for
    round_ = new_round(pack, authority=authority, country=country, level=level, cycle=args.cycle, language=language, previous=previous)
    save_round(path, round_)
    print(_("Round created: {path} ({pack} {version}); add answers with: coherence round add {path} FILES").format(path=path, pack=pack.id, version=pack.version))
    return 0


def _add(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..locks import FileLock
    from ..rounds import add_files, load_round, round_files, round_pack, save_round
    from ..terminal import safe

    path = _round_path(args.round)
    files = round_files(args.files)
    resolved = path.resolve()
    for item in files:
        if Path(item).resolve() == resolved:
            raise UserError(_("the round itself is among the files to add"), file=item)
    with FileLock(path).acquire(wait=10):
        round_ = load_round(path)
        pack = round_pack(round_, path)
        err = Console(stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True, disable=len(files) < 2 or not err.is_terminal) as bar:
            task = bar.add_task(_("Reading"), total=len(files))
            updated, reports = add_files(round_, pack, files, replace=args.replace, progress=lambda n: bar.advance(task, n))
        if updated.respondents != round_.respondents:
            save_round(path, updated)
    words = {"added": _("added"), "replaced": _("replaced"), "skipped": _("skipped"), "refused": _("refused")}
    for report in reports:
        who = f" — {report.respondent}" if report.respondent and report.status in ("added", "replaced") else ""
        detail = "" if report.message == words.get(report.status) else f": {report.message}"
        line = f"{report.file}: {words[report.status]}{who}{detail}"
        print(safe(line), file=sys.stderr if report.status == "refused" else sys.stdout)
        for notice in report.notices:
            print(safe(f"{report.file}: {notice}"), file=sys.stderr)
    count = len(updated.respondents)
    print(ngettext("The round has {n} respondent.", "The round has {n} respondents.", count).format(n=count))
    return 2 if any(r.status == "refused" for r in reports) else 0


def _open_round(path: Path):
    from ..rounds import load_round, round_pack

    round_ = load_round(path)
    pack = round_pack(round_, path, current_language())
    return round_, pack


def _show(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..rounds import completion, respondent_labels, round_document, score_round_file, sector_code
    from ..terminal import shown as safe  # printed through Rich: markup escaped too
    from ..words import gov_level_label

    path = _round_path(args.round)
    round_, pack = _open_round(path)
    result = score_round_file(pack, round_)
    if args.json_out:
        text = json.dumps(round_document(pack, round_, result), ensure_ascii=False, indent=1) + "\n"
        if args.json_out == "-":
            sys.stdout.write(text)
            return 0
        out = Path(args.json_out)
        from ..fileio import atomic_write, refuse_overwriting_inputs

        refuse_overwriting_inputs([path], [out])

        atomic_write(out, text.encode("utf-8"))
    console = Console(highlight=False)
    title = f"{round_.authority.name} · {round_.cycle.label}".strip(" ·")
    console.print(f"[bold]{safe(title)}[/bold] — {safe(pack.title)} ({pack.id} {pack.version})")
    scores = result.scores
    k, n = scores.assessed
    console.print(
        _("Round overall {overall} · vertical {vertical} · horizontal {horizontal} · sectors assessed: {k} of {n}").format(
            overall=format_number(scores.overall), vertical=format_number(scores.vertical.score),
            horizontal=format_number(scores.horizontal.score), k=k, n=n,
        )
    )
    console.print(
        _("Agreement: horizontal {h}, vertical {v} · agreed answers: {agreed} · to discuss: {discuss}").format(
            h=_percent(result.horizontal_agreement.score), v=_percent(result.vertical_agreement.score),
            agreed=len(result.agreed), discuss=len(result.to_discuss),
        )
    )
    for sector, reason in round_.scope.items():
        console.print(_("Out of scope: {sector} — {reason}").format(sector=safe(pack.sector(sector).title), reason=safe(reason)))
    table = Table(title=_("Respondents"))
    table.add_column(_("respondent"))
    table.add_column(_("level"), no_wrap=True)
    table.add_column(_("answered"), justify="right", no_wrap=True)
    table.add_column(_("overall"), justify="right", no_wrap=True)
    for label, respondent, s in zip(respondent_labels(round_), round_.respondents, result.respondents):
        done = completion(pack, respondent.answers)
        answered = sum(a for a, _t in done.values())
        total = sum(t for _a, t in done.values())
        ka, na = s.assessed
        table.add_row(
            safe(label), gov_level_label(respondent.level), f"{answered}/{total} · " + _("{k} of {n} sectors").format(k=ka, n=na),
            format_number(s.overall),
        )
    console.print(table)
    # The horizontal picture: respondents down, sectors across (by their indicators'
    # prefix); on a terminal too narrow for that, sectors down and respondents across
    # (numbered, with a legend), so that no name is squeezed to nothing.
    codes = [sector_code(sector) for sector in pack.sectors]
    labels = respondent_labels(round_)

    def cell(value: float | None) -> str:
        return "—" if value is None else format_number(value, 0)

    if console.width >= 24 + 6 * len(codes):
        sectors = Table(title=_("Sector scores (— not assessed)"))
        sectors.add_column("", min_width=16)
        for code in codes:
            sectors.add_column(code, justify="right", no_wrap=True)
        for label, s in zip(labels, result.respondents):
            sectors.add_row(safe(label), *[cell(s.sectors[x.id]) for x in pack.sectors])
        sectors.add_row("[bold]" + _("Round") + "[/bold]", *[cell(scores.sectors[x.id]) for x in pack.sectors])
        console.print(sectors)
        console.print("  ".join(f"{code} {safe(sector.title)}" for code, sector in zip(codes, pack.sectors)), style="dim")
        return 0
    sectors = Table(title=_("Sector scores (— not assessed)"))
    sectors.add_column("", min_width=12)
    for number in range(1, len(labels) + 1):
        sectors.add_column(str(number), justify="right", no_wrap=True)
    sectors.add_column(_("Round"), justify="right", no_wrap=True)
    for sector in pack.sectors:
        sectors.add_row(safe(sector.title), *[cell(s.sectors[sector.id]) for s in result.respondents], cell(scores.sectors[sector.id]))
    console.print(sectors)
    console.print("  ".join(f"{n} {safe(label)}" for n, label in enumerate(labels, start=1)), style="dim")
    return 0


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _report(args: argparse.Namespace) -> int:
    from ..rounds import ensure_plan, load_round, round_pack, score_round_file, update_round

    path = _round_path(args.round)
    if not args.output and not args.docx:
        raise UserError(_("give -o REPORT.xlsx, --docx REPORT.docx or both"))
    outputs = [Path(p) for p in (args.output, args.docx) if p]
    from ..fileio import refuse_overwriting_inputs

    refuse_overwriting_inputs([path], outputs)
    if len(outputs) == 2 and outputs[0].resolve() == outputs[1].resolve():
        raise UserError(_("the workbook and the Word report would be the same file"), file=outputs[1])
    round_ = load_round(path)
    lang = args.lang or round_.language
    pack = round_pack(round_, path, lang)
    if not round_.respondents:
        raise UserError(_("nothing to report: the round has no respondent yet"), file=path)
    if not round_.plan:
        # The plan is made once, when first exported, and kept in the round: the workbook's
        # plan ids are then the round's, and the edited sheet can be imported back.
        from ..i18n import override

        with override(lang):
            round_ = update_round(path, lambda current: ensure_plan(pack, current, score_round_file(pack, current)))
        if round_.plan:
            print(ngettext("Action plan created in the round: {n} action.", "Action plan created in the round: {n} actions.", len(round_.plan)).format(n=len(round_.plan)))
    result = score_round_file(pack, round_)
    if args.output:
        from ..excel.report import write_round_report

        written = write_round_report(Path(args.output), pack, round_, result, lang=lang)
        print(_("Report written: {path}").format(path=written))
    if args.docx:
        from ..docx_report import write_docx_report

        written = write_docx_report(Path(args.docx), pack, round_, result, lang=lang)
        print(_("Word report written: {path}").format(path=written))
    return 0


def _import_plan(args: argparse.Namespace) -> int:
    from ..rounds import import_plan_file
    from ..terminal import safe

    path = _round_path(args.round)
    workbook = Path(args.workbook)
    if workbook.resolve() == path.resolve():
        raise UserError(_("the workbook is the round itself"), file=workbook)
    report = import_plan_file(path, workbook, args.take)
    for line in report.lines:
        print(safe(line))
    for block in report.conflicts:
        print("\n".join(safe(line) for line in block.splitlines()))
    if not report.lines and not report.conflicts:
        print(_("No change: the round's plan and the workbook agree."))
    print(
        _("Plan imported: {changed} changed, {added} added, {conflicts} in conflict.").format(
            changed=report.changed, added=report.added, conflicts=len(report.conflicts)
        )
    )
    return 0


def _open(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(_("the workshop screen needs a terminal; use coherence round show to see the round"))
    from ..tui.app import run_round_tui

    return run_round_tui(_round_path(args.round), lang=args.lang, read_only=args.read_only)
