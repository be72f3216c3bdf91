"""The ``coherence`` entry point: global options, then one command of ``coherence.commands``.

Exit codes: 0 success, 2 user error (one line naming file and place), 1 a bug.
Heavy modules (Textual, openpyxl) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .commands import COMMANDS
from .errors import PackError, UserError
from .i18n import _, set_language


def _lang_option(parser: argparse.ArgumentParser, text: str | None = None) -> None:
    # `template PACK --lang fr` works as well as `--lang fr template PACK`
    # (SUPPRESS: when not given there, the global --lang is kept).
    parser.add_argument("--lang", default=argparse.SUPPRESS, metavar="LANG", help=text or _("interface and pack language"))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coherence",
        description=_("Assess how well an authority has mainstreamed migration into local development planning."),
    )
    p.add_argument("--lang", metavar="LANG", help=_("interface and pack language (e.g. fr, es)"))
    p.add_argument("--pack", default=None, help=_("indicator pack id or directory (default: the bundled pack)"))
    p.add_argument("--packs", metavar="DIR", help=_("folder of indicator packs (default: the bundled packs)"))
    p.add_argument("--resume", metavar="FILE", help=_("continue a saved session"))
    p.add_argument("--read-only", action="store_true", help=_("with --resume: look at a session another coherence has open, without saving"))
    p.add_argument(
        "--bidi", choices=("app", "terminal"),
        help=_("who shows right-to-left text (Arabic) in order: app (default) or a terminal that does it itself"),
    )
    p.add_argument("--sessions-dir", metavar="DIR", help=_("where new sessions are saved"))
    sub = p.add_subparsers(dest="command")
    for name in COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).register(sub, _lang_option)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The language must be known before help texts are built.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    try:
        if known.lang:
            from .ids import check_language

            check_language(known.lang)
        set_language(known.lang)
        args = _parser().parse_args(argv)
        if args.bidi:
            os.environ["COHERENCE_BIDI"] = args.bidi  # read by the screens; this process only
        with _packs_folder(args.packs):
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


@contextmanager
def _packs_folder(folder: str | None) -> Iterator[None]:
    """``--packs DIR`` for this command: set as ``$COHERENCE_PACKS`` so the batch's worker
    processes see it too, and put back afterwards (``main`` may be called again)."""
    if not folder:
        yield
        return
    before = os.environ.get("COHERENCE_PACKS")
    os.environ["COHERENCE_PACKS"] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("COHERENCE_PACKS", None)
        else:
            os.environ["COHERENCE_PACKS"] = before


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UserError(
                _("the workshop screen needs a terminal; without one use the batch commands, e.g. coherence score FILES --json -  (see coherence --help)")
            )
        from .tui.app import run_tui

        return run_tui(pack=args.pack, lang=args.lang, resume=args.resume, sessions_dir=args.sessions_dir, read_only=args.read_only)
    return importlib.import_module(f".commands.{args.command}", __package__).run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
