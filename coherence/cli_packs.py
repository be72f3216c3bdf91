"""``coherence packs list|show|validate|schema``, rendered with rich."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .errors import PackError
from .i18n import _, current_language
from .packs import available_packs, load_pack, pack_schema, resolve_pack_path, validate_pack_dir


def run(args: argparse.Namespace) -> int:
    console = Console()
    command = args.packs_command
    if command == "list":
        table = Table(title=_("Indicator packs"))
        for column in (_("id"), _("version"), _("title"), _("sectors"), _("indicators")):
            table.add_column(column)
        for path in available_packs():
            pack = load_pack(path, current_language())
            table.add_row(pack.id, pack.version, pack.title, str(len(pack.sectors)), str(len(pack.indicators())))
        console.print(table)
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
            _("{pack}: valid — {sectors} sectors, {indicators} indicators ({vertical} vertical, {horizontal} horizontal)").format(
                pack=pack.id, sectors=len(pack.sectors), indicators=len(pack.indicators()), vertical=vertical, horizontal=horizontal
            )
        )
        return 0
    if command == "schema":
        print(json.dumps(pack_schema(), indent=1))
        return 0
    raise AssertionError(command)
