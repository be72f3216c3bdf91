"""``coherence packs list|show|validate|schema``, rendered with rich."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..errors import PackError, UserError
from ..i18n import _, current_language, ngettext
from ..packs import available_packs, pack_schema, resolve_pack_path, validate_pack_dir
from ..resources import packs_dir
from ..translate import load_pack, pack_languages


def register(sub: argparse._SubParsersAction, lang_option) -> None:
    packs = sub.add_parser("packs", help=_("list, show, validate indicator packs"))
    psub = packs.add_subparsers(dest="packs_command", required=True)
    psub.add_parser("list", help=_("list the available packs"))
    show = psub.add_parser("show", help=_("show a pack's sectors and indicators"))
    show.add_argument("pack")
    validate = psub.add_parser("validate", help=_("check a pack and report every problem"))
    validate.add_argument("path")
    psub.add_parser("schema", help=_("print the JSON Schema of the pack format"))
    new = psub.add_parser("new", help=_("write a small valid pack to start from"))
    new.add_argument("pack_id", metavar="ID")
    new.add_argument("-o", "--output", metavar="DIR", help=_("folder to create (default: ./ID)"))
    for sp in (show, validate):
        lang_option(sp)


def run(args: argparse.Namespace) -> int:
    console = Console()
    command = args.packs_command
    if command == "list":
        found = available_packs()
        if not found:
            raise UserError(
                _("no indicator packs in {folder} (give --packs DIR or set COHERENCE_PACKS to a folder of packs)").format(folder=packs_dir())
            )
        table = Table(title=_("Indicator packs"))
        table.add_column(_("id"), no_wrap=True)  # users type it: never cut
        table.add_column(_("version"), no_wrap=True)
        table.add_column(_("title"), ratio=1, min_width=12)  # the title wraps; ids never do
        table.add_column(_("languages"))
        table.add_column(_("indicators"))
        for path in found:
            source = load_pack(path)
            languages = pack_languages(source.id, source.source_language)
            pack = load_pack(path, current_language()) if current_language() in languages else source
            size = ngettext("{n} in {sectors} sector", "{n} in {sectors} sectors", len(pack.sectors)).format(
                n=len(pack.indicators()), sectors=len(pack.sectors)
            )
            table.add_row(pack.id, pack.version, pack.title, ", ".join(languages), size)
        console.print(table)
        return 0
    if command == "new":
        from ..scaffold import write_new_pack

        folder = write_new_pack(args.pack_id, Path(args.output) if args.output else Path(args.pack_id))
        console.print(
            _("New pack written: {folder}. Edit its YAML files, then check them with: coherence packs validate {folder}").format(folder=folder),
            highlight=False,
        )
        return 0
    if command == "show":
        pack = load_pack(args.pack, current_language())
        console.print(f"[bold]{pack.title}[/bold] ({pack.id} {pack.version})")
        if pack.description:
            console.print(pack.description)
        table = Table(show_lines=False)
        for column in (_("id"), _("sector"), _("category"), _("coherence"), _("question")):
            table.add_column(column, overflow="fold")
        for sector in pack.sectors:
            for ind in sector.indicators:
                table.add_row(ind.id, sector.title, ind.category, ", ".join(ind.coherence), ind.question)
        console.print(table)
        return 0
    if command == "validate":
        pack_dir = resolve_pack_path(Path(args.path))
        pack, problems = validate_pack_dir(pack_dir)
        if problems:
            raise PackError(problems)
        vertical = sum(1 for i in pack.indicators() if i.is_vertical)
        horizontal = sum(1 for i in pack.indicators() if i.is_horizontal)
        console.print(
            _("{pack}: valid — sectors: {sectors}, indicators: {indicators} ({vertical} vertical, {horizontal} horizontal)").format(
                pack=pack.id, sectors=len(pack.sectors), indicators=len(pack.indicators()), vertical=vertical, horizontal=horizontal
            )
        )
        return 0
    if command == "schema":
        print(json.dumps(pack_schema(), indent=1))
        return 0
    raise AssertionError(command)
