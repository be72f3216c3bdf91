"""``coherence translate extract|update|status|export|import``: thin over the library.

- ``extract PACK [-o FILE]``: the POT of a pack (default ``locales/packs/<id>.pot``);
- ``--lang L update PACK``: merge the pack's texts into ``locales/L/packs/<id>.po``
  (without ``--lang``: every shipped language but the pack's source language);
- ``[--lang L] status [PACK] [--verbose]``: translated, fuzzy, missing and stale counts
  per pack and language, naming stale entries (``--verbose``: all of them, and the
  fuzzy and missing ones too);
- ``--lang L export PACK -o FILE.xlsx`` / ``import FILE.xlsx``: the same through a
  spreadsheet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..errors import PackError, UserError
from ..i18n import _
from ..packs import available_packs
from ..translate.catalogs import (
    FUZZY,
    MISSING,
    STALE,
    STATE_LABELS,
    TRANSLATED,
    extract,
    shown_path,
    status,
    target_languages,
    translated_languages,
    update,
)
from ..translate.source import fresh_pack

SHOWN_STALE = 10


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    tr = sub.add_parser("translate", help=_("translate indicator packs"))
    tsub = tr.add_subparsers(dest="translate_command", required=True)
    ex = tsub.add_parser("extract", help=_("write the POT template of a pack"))
    ex.add_argument("pack")
    ex.add_argument("-o", "--output")
    init = tsub.add_parser("init", help=_("start a new language: write the pack's PO catalog for it"))
    init.add_argument("pack")
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
    ui = tsub.add_parser("ui", help=_("translate the program's own interface through a spreadsheet"))
    usub = ui.add_subparsers(dest="ui_command", required=True)
    ux = usub.add_parser("export", help=_("write the interface's translation spreadsheet for a language"))
    ux.add_argument("-o", "--output", required=True)
    lang_option(ux, _("language of the translation"))
    ui_import = usub.add_parser("import", help=_("read an interface translation spreadsheet into its catalog"))
    ui_import.add_argument("sheet")
    for sp in (init, up, st, tx):
        lang_option(sp, _("language of the translation"))
    for sp in (ex, ti):
        lang_option(sp)


def run(args: argparse.Namespace) -> int:
    command = args.translate_command
    if command == "extract":
        return _extract(args)
    if command == "init":
        return _init(args)
    if command == "ui":
        return _ui(args)
    if command == "update":
        return _update(args)
    if command == "status":
        return _status(args)
    if command == "export":
        return _export(args)
    if command == "import":
        return _import(args)
    raise AssertionError(command)


def _need_lang(args: argparse.Namespace, example: str) -> str:
    if not args.lang:
        raise UserError(_("choose the language with --lang, e.g. {example}").format(example=example))
    return args.lang


def _extract(args: argparse.Namespace) -> int:
    pack = fresh_pack(args.pack)
    path, count = extract(pack, Path(args.output) if args.output else None)
    _console().print(_("Template written: {path} ({count} entries)").format(path=shown_path(path), count=count))
    return 0


def _ui(args: argparse.Namespace) -> int:
    from ..translate.ui_sheets import export_ui_sheet, import_ui_sheet

    if args.ui_command == "export":
        from ..fileio import refuse_standard_output

        refuse_standard_output(args.output, _("a translation spreadsheet"))
        lang = _need_lang(args, f"coherence translate ui export --lang pt -o {args.output}")
        path, counts = export_ui_sheet(lang, Path(args.output))
        _console().print(
            _("Interface translation spreadsheet written: {path} ({translated} translated, {missing} to translate)").format(
                path=shown_path(path), translated=counts[TRANSLATED], missing=counts[MISSING] + counts[FUZZY]
            )
        )
        return 0
    result = import_ui_sheet(Path(args.sheet))
    _console().print(
        _("{path}: {translated} translations imported, {unchanged} unchanged, {skipped} rows skipped").format(
            path=shown_path(result.path), translated=result.translated, unchanged=result.unchanged, skipped=result.skipped
        )
    )
    return 0


def _init(args: argparse.Namespace) -> int:
    from ..ids import check_language
    from ..i18n import language_name
    from ..translate.catalogs import po_path

    lang = check_language(_need_lang(args, f"coherence translate init {args.pack} --lang pt"))
    pack = fresh_pack(args.pack)
    path = po_path(pack.id, lang)
    if path.exists():
        raise UserError(_("{lang} is started already; bring it up to date with: coherence translate update {pack} --lang {lang}").format(lang=lang, pack=pack.id), file=shown_path(path))
    result = update(pack, lang)
    _console().print(
        _("{path}: created for {language} ({lang}), {total} entries to translate; next: coherence translate export {pack} --lang {lang} -o {pack}-{lang}.xlsx").format(
            path=shown_path(result.path), language=language_name(lang), lang=lang, total=result.total, pack=pack.id
        )
    )
    return 0


def _update(args: argparse.Namespace) -> int:
    pack = fresh_pack(args.pack)
    console = _console()
    for lang in [args.lang] if args.lang else target_languages(pack):
        result = update(pack, lang)
        if result.created:
            verb = _("created")
        elif result.written:
            verb = _("updated")
        else:
            verb = _("already up to date")
        console.print(
            _("{path}: {verb}: {total} entries, {added} new, {fuzzy} marked fuzzy, {obsolete} obsolete").format(
                path=shown_path(result.path),
                verb=verb,
                total=result.total,
                added=result.added,
                fuzzy=result.fuzzy,
                obsolete=result.obsolete,
            )
        )
    return 0


def _status(args: argparse.Namespace) -> int:
    console = _console()
    failed = False
    packs = []
    if args.pack:
        packs.append(fresh_pack(args.pack))
    else:
        for directory in available_packs():
            try:
                packs.append(fresh_pack(directory))
            except PackError as exc:
                failed = True
                console.print(_("{pack}: cannot be loaded: {problem}").format(pack=directory.name, problem=exc.line()))
    table = Table(title=_("Translation status"))
    table.add_column(_("Pack"))
    table.add_column(_("Language"))
    for state in (TRANSLATED, FUZZY, MISSING, STALE):
        table.add_column(_(STATE_LABELS[state]), justify="right")
    table.add_column(_("total"), justify="right")
    notes: list[str] = []
    for pack in packs:
        if args.lang:
            languages = [args.lang]
        else:
            languages = sorted((set(target_languages(pack)) | set(translated_languages(pack.id))) - {pack.source_language})
        for lang in languages:
            st = status(pack, lang)
            table.add_row(
                pack.id, lang,
                *(str(st.count(state)) for state in (TRANSLATED, FUZZY, MISSING, STALE)),
                str(st.total),
            )
            where = shown_path(st.path)
            if not st.exists:
                notes.append(_("{path}: no catalog yet (run: coherence --lang {lang} translate update {pack})").format(
                    path=where, lang=lang, pack=pack.id))
            stale = st.contexts[STALE]
            if stale:
                shown = stale if args.verbose else stale[:SHOWN_STALE]
                more = len(stale) - len(shown)
                line = _("{path}: stale (source text changed, the source is shown): {names}").format(
                    path=where, names=", ".join(shown))
                if more:
                    line += " " + _("… and {n} more (--verbose lists all)").format(n=more)
                notes.append(line)
            if args.verbose:
                for state in (FUZZY, MISSING):
                    if st.contexts[state]:
                        notes.append(
                            _("{where}: {state}: {entries}").format(where=where, state=_(STATE_LABELS[state]), entries=", ".join(st.contexts[state]))
                        )
    if packs:
        console.print(table)
    for line in notes:
        console.print(line)
    return 2 if failed else 0


def _export(args: argparse.Namespace) -> int:
    from ..translate.sheets import export_sheet

    lang = _need_lang(args, f"coherence --lang fr translate export {args.pack} -o {args.output}")
    pack = fresh_pack(args.pack)
    from ..fileio import refuse_overwriting_inputs, refuse_standard_output
    from ..translate.catalogs import po_path

    refuse_standard_output(args.output, _("a translation spreadsheet"))
    refuse_overwriting_inputs([po_path(pack.id, lang)], [args.output])
    path, counts = export_sheet(pack, lang, Path(args.output))
    _console().print(
        _("Spreadsheet written: {path} ({translated} translated, {fuzzy} fuzzy, {missing} missing, {stale} stale)").format(
            path=shown_path(path), **counts
        )
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..translate.sheets import import_sheet

    result = import_sheet(Path(args.sheet))
    _console().print(
        _("{path}: {translated} translated, {fuzzy} fuzzy, {unchanged} unchanged, {skipped} skipped (no longer in the pack)").format(
            path=shown_path(result.path),
            translated=result.translated,
            fuzzy=result.fuzzy,
            unchanged=result.unchanged,
            skipped=result.skipped,
        )
    )
    return 0
