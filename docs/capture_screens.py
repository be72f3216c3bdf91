"""Capture the screens quoted in docs/workshop*.md, as text, from the real program.

Nothing here is drawn by hand:

- the workshop screens (dashboard, its levels-of-government view, the to-discuss list,
  the discussion of the first indicator) are the Textual app run headless with
  Textual's Pilot on the example round ``examples/villa-esperanza-2026.round.json``,
  opened read-only (nothing is written to it), in a 100 × 30 terminal;
- the setup screen is a new session's (an empty sessions folder);
- the preparation commands (``round create``, ``round add``, ``round show``) are run as
  ``python -m coherence`` in a temporary folder on copies of the example files: the
  planning department's questionnaire as it is, the health and social inclusion
  sessions cut down to governance and their own sector, the ministry not returned yet;
- ``round import-plan`` is run on a copy of the example round after ``round report``
  wrote its workbook and one plan row got an owner, a due date and a status, and a new
  action was written below the table (as an owner does a month after the workshop).

Runs of empty terminal lines are squeezed to one, trailing spaces removed.
Run from the repository root (the venv of the project, the checkout on PYTHONPATH):

    PYTHONPATH=. .venv/bin/python docs/capture_screens.py                 # en, fr, es
    PYTHONPATH=. .venv/bin/python docs/capture_screens.py --lang fr       # one language
    PYTHONPATH=. .venv/bin/python docs/capture_screens.py -o /tmp/shots   # NAME.LANG.txt files

To refresh the captures inside the guides (each guide in its own language):

    PYTHONPATH=. .venv/bin/python docs/capture_screens.py --update docs/workshop*.md
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coherence.i18n import set_language  # noqa: E402
from coherence.tui.app import CoherenceApp  # noqa: E402
from coherence.tui.round_state import RoundController  # noqa: E402

EXAMPLES = ROOT / "examples"
ROUND = EXAMPLES / "villa-esperanza-2026.round.json"
SIZE = (100, 30)
LANGUAGES = ("en", "fr", "es")
# The sessions of the preparation example, cut down to the sectors each department answers.
OWN_SECTORS = {
    "health-local.json": ("governance", "health"),
    "social-services-local.json": ("governance", "social-protection"),
}

# The action the health directorate adds to the plan a month after the workshop.
NEW_ACTION = {
    "en": "Migrant targets in the health directorate's 2027 plan",
    "fr": "Cibles pour les migrants dans le plan 2027 de la direction de la santé",
    "es": "Metas para personas migrantes en el plan 2027 de la dirección de salud",
}


def squeeze(text: str) -> str:
    """Trailing spaces removed, runs of empty lines squeezed to one, no empty first/last line."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def screen_text(app) -> str:
    """The terminal as the user sees it now (the top screen), as in tests/test_tui_support.py."""
    return squeeze("\n".join(strip.text for strip in app.screen._compositor.render_strips()))


async def settle(pilot, app) -> str:
    """The screen once it has stopped changing (tables fill in after the first frame)."""
    text = screen_text(app)
    for _ in range(50):
        await pilot.pause(0.05)
        now = screen_text(app)
        if now == text:
            return now
        text = now
    return text


async def _press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def round_screens(lang: str) -> dict[str, str]:
    """Dashboard, levels of government × sectors, the to-discuss list, the first discussion."""
    shots: dict[str, str] = {}
    ctl = RoundController.open(ROUND, lang, read_only=True)
    try:
        app = CoherenceApp(round_controller=ctl)
        async with app.run_test(size=SIZE) as pilot:
            shots["dashboard"] = await settle(pilot, app)
            await _press(pilot, "v")
            shots["dashboard-levels"] = await settle(pilot, app)
            await _press(pilot, "v", "d")
            shots["to-discuss"] = await settle(pilot, app)
            await _press(pilot, "enter")
            shots["discussion"] = await settle(pilot, app)
    finally:
        ctl.close()
    return shots


async def setup_screen(lang: str) -> str:
    """The setup screen of a new session (no saved session: an empty folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        before = os.environ.get("COHERENCE_SESSIONS")
        os.environ["COHERENCE_SESSIONS"] = tmp
        try:
            set_language(lang)
            app = CoherenceApp(lang=lang, sessions_dir=tmp)
            async with app.run_test(size=SIZE) as pilot:
                return await settle(pilot, app)
        finally:
            if before is None:
                os.environ.pop("COHERENCE_SESSIONS", None)
            else:
                os.environ["COHERENCE_SESSIONS"] = before


def shell_line(argv: list[str], width: int = 88) -> str:
    """``$ command args``, quoted where needed, broken with backslashes to fit ``width``."""
    quoted = [a if " " not in a else f'"{a}"' for a in argv]
    words: list[str] = []
    for word in quoted:  # an option stays on the line of its value
        if words and words[-1].startswith("--") and " " not in words[-1] and not word.startswith("--"):
            words[-1] += " " + word
        else:
            words.append(word)
    lines, line = [], "$"
    for word in words:
        if len(line) + 1 + len(word) > width and line.strip() not in ("$", ""):
            lines.append(line + " \\")
            line = "   "
        line += " " + word
    return "\n".join([*lines, line])


def run(argv: list[str], cwd: Path) -> str:
    """``coherence ARGV`` in ``cwd`` as a 100-column terminal shows it (stderr in its place)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": str(SIZE[0]), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("COHERENCE_PACKS", None)  # the bundled packs
    done = subprocess.run([sys.executable, "-m", "coherence", *argv], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    return done.stdout.rstrip("\n")


def preparation(lang: str) -> str:
    """`round create`, two `round add` and `round show`, as a terminal shows them."""
    from coherence.packs import load_pack

    pack = load_pack("mainstreaming-migration")
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(EXAMPLES / "questionnaires" / "planning-local-en.xlsx", work)
        shutil.copy(EXAMPLES / "sessions" / "planning-local.json", work)
        for name, sectors in OWN_SECTORS.items():
            keep = {ind.id for sector in pack.sectors if sector.id in sectors for ind in sector.indicators}
            session = json.loads((EXAMPLES / "sessions" / name).read_text(encoding="utf-8"))
            session["answers"] = {k: v for k, v in session["answers"].items() if k in keep}
            (work / name).write_text(json.dumps(session, ensure_ascii=False, indent=1), encoding="utf-8")
        language = [] if lang == "en" else ["--lang", lang]
        commands = [
            ["round", "create", "villa-esperanza-2026.round.json", "--pack", "mainstreaming-migration",
             "--authority", "Villa Esperanza", "--country", "Ecuador", "--level", "local", "--cycle", "2026", *language],
            ["round", "add", "villa-esperanza-2026.round.json", "planning-local-en.xlsx", "health-local.json",
             "social-services-local.json", *language],
            ["round", "add", "villa-esperanza-2026.round.json", "health-local.json", "planning-local.json", *language],
            ["round", "show", "villa-esperanza-2026.round.json", *language],
        ]
        for argv in commands:
            out.append(shell_line(["coherence", *argv]))
            out.append(run(argv, work))
    return squeeze("\n".join(out))


def import_plan(lang: str) -> str:
    """A month later: the report's Action plan sheet edited by the owners, read back.

    On a copy of the example round: ``round report`` writes the workbook; one row is
    given an owner, a due date and a status, a new action is written below the table;
    ``round import-plan`` reads it back and says what changed.
    """
    from openpyxl import load_workbook

    from coherence.i18n import gettext_in

    language = [] if lang == "en" else ["--lang", lang]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROUND, work)
        name = ROUND.name
        run(["round", "report", name, "-o", "report.xlsx", *language], work)
        book = load_workbook(work / "report.xlsx")
        sheet = book[gettext_in(lang, "Action plan")]
        header = next(row for row in sheet.iter_rows() if row[0].value == gettext_in(lang, "Plan ID"))
        column = {cell.value: cell.column for cell in header}
        rows = [cell.row for cell in sheet[header[0].column_letter] if cell.row > header[0].row and cell.value]

        def put(row: int, heading: str, value) -> None:
            sheet.cell(row, column[gettext_in(lang, heading)]).value = value

        p100 = next(r for r in rows if sheet.cell(r, header[0].column).value == "P-100")
        put(p100, "Responsible", "Social inclusion and welfare")
        put(p100, "Due date", dt.datetime(2027, 3, 31))
        put(p100, "Status", gettext_in(lang, "In progress"))
        new = max(rows) + 1
        put(new, "Indicator", "GOV-06")
        put(new, "Action", NEW_ACTION[lang])
        put(new, "Responsible", "Municipal health directorate")
        book.save(work / "report-edited.xlsx")
        argv = ["round", "import-plan", name, "report-edited.xlsx", *language]
        return squeeze(shell_line(["coherence", *argv]) + "\n" + run(argv, work))


async def capture(lang: str) -> dict[str, str]:
    shots = {"preparation": preparation(lang), "import-plan": import_plan(lang)}
    shots.update(await round_screens(lang))
    shots["setup"] = await setup_screen(lang)
    set_language("en")
    return shots


# In a guide, a capture is a ```text block right after a marker naming it:
#   <!-- capture: dashboard -->            the whole capture
#   <!-- capture: dashboard-levels first=8 -->   its first 8 lines
#   <!-- capture: preparation upto=└ -->   up to the first line that starts with └
MARKER = re.compile(
    r"(?P<mark><!-- capture: (?P<name>[\w-]+)(?: first=(?P<first>\d+))?(?: upto=(?P<upto>\S+))? -->\n)```text\n.*?```",
    re.S,
)


def guide_language(path: Path) -> str:
    """workshop.fr.md → fr; workshop.md → en."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else "en"


def excerpt(text: str, first: str | None, upto: str | None) -> str:
    lines = text.splitlines()
    if first:
        lines = lines[: int(first)]
    if upto:
        end = next((i for i, line in enumerate(lines) if line.startswith(upto)), len(lines) - 1)
        lines = lines[: end + 1]
    return "\n".join(lines)


def update_guide(path: Path, shots: dict[str, str]) -> int:
    """Put the fresh captures into every marked block of ``path``; the number of blocks."""
    count = 0

    def fill(match: re.Match) -> str:
        nonlocal count
        count += 1
        body = excerpt(shots[match["name"]], match["first"], match["upto"])
        return f"{match['mark']}```text\n{body}\n```"

    text = MARKER.sub(fill, path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="a language (default: all three)")
    parser.add_argument("-o", "--output", type=Path, help="a folder: one NAME.LANG.txt per screen")
    parser.add_argument("--update", type=Path, nargs="+", metavar="GUIDE.md",
                        help="refresh the marked capture blocks of these guides (their language from the name)")
    args = parser.parse_args(argv)
    if args.update:
        for path in args.update:
            n = update_guide(path, asyncio.run(capture(guide_language(path))))
            print(f"{path}: {n} captures refreshed")
        return 0
    for lang in args.lang or LANGUAGES:
        shots = asyncio.run(capture(lang))
        for name, text in shots.items():
            if args.output:
                args.output.mkdir(parents=True, exist_ok=True)
                (args.output / f"{name}.{lang}.txt").write_text(text + "\n", encoding="utf-8")
            else:
                print(f"===== {name} ({lang}) =====")
                print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
