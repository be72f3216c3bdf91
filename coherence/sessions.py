"""Session files: one assessment as JSON, written atomically after every change.

A save goes through :func:`coherence.fileio.atomic_write` and keeps the previous good
version as ``<name>.bak``: a process killed at any instant leaves either the old or
the new file in place, never a torn one.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UserError
from .fileio import atomic_write, backup_path

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .models import Answer, Assessment, Pack

MAX_SESSION_BYTES = 50_000_000


def save_session(path: str | Path, assessment: Assessment) -> None:
    """Write ``assessment`` to ``path`` atomically, keeping a backup; returns once it is durable."""
    stamped = assessment.model_copy(update={"updated": datetime.now(timezone.utc).replace(microsecond=0)})
    atomic_write(path, stamped.model_dump_json(indent=1).encode("utf-8"), backup=True, make_dirs=True)


def load_session(path: str | Path) -> Assessment:
    """Load a session file, or raise a one-line UserError saying what is wrong with it.

    Pydantic and the models are imported here, not with the module: the terminal UI
    finds session files (:func:`list_sessions`) before it needs to read one.
    """
    from pydantic import ValidationError

    from .models import Assessment

    path = Path(path)
    hint = ""
    if backup_path(path).is_file():
        hint = f"; a backup of the previous save exists: coherence --resume {backup_path(path)}"
    from .fileio import read_bounded

    if not path.exists():
        raise UserError("no such session file", file=path)
    raw = read_bounded(path, MAX_SESSION_BYTES)  # a regular file only, bounded while reading
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"not a coherence session (not UTF-8 text){hint}", file=path) from None
    if not text.strip():
        raise UserError(f"session file is empty (corrupt){hint}", file=path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"corrupt session: invalid JSON ({exc.msg}){hint}", file=path, place=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise UserError(f"corrupt session: nesting too deep{hint}", file=path) from None
    if not isinstance(data, dict) or data.get("format") != "coherence-session":
        raise UserError("not a coherence session file (no \"format\": \"coherence-session\")", file=path)
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise UserError(f"invalid session: {where}: {first['msg']}{more}{hint}", file=path) from None


def default_session_dir() -> Path:
    """Where the TUI keeps sessions unless told otherwise (per-user data directory)."""
    env = os.environ.get("COHERENCE_SESSIONS")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("coherence", appauthor=False)) / "sessions"


def new_session_path(authority: str, directory: Path | None = None) -> Path:
    """A fresh, safe file name for a new session: ``<authority>-<timestamp>.json``."""
    directory = directory or default_session_dir()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", authority).strip("-").lower()[:40] or "session"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = directory / f"{slug}-{stamp}.json"
    n = 2
    while candidate.exists():
        candidate = directory / f"{slug}-{stamp}-{n}.json"
        n += 1
    return candidate


def list_sessions(directory: Path | None = None) -> list[Path]:
    """Saved sessions, newest first."""
    directory = directory or default_session_dir()
    if not directory.is_dir():
        return []
    files = [p for p in directory.glob("*.json") if not p.name.startswith(".")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def check_answers(pack: Pack, answers: Mapping[str, Answer], *, file: str | Path, where: str = "") -> None:
    """What the questionnaire reader checks, for answers read from any other file: an
    indicator the pack does not have, a level or a target outside its scale. One line
    naming the file and the indicator."""
    from .i18n import _

    known = {ind.id: ind for ind in pack.indicators()}
    prefix = f"{where}: " if where else ""
    for ind_id, answer in answers.items():
        indicator = known.get(ind_id)
        if indicator is None:
            raise UserError(prefix + _("unknown indicator '{id}' (not in pack {pack} {version})").format(id=ind_id, pack=pack.id, version=pack.version), file=file)
        levels = pack.scale_for(indicator).numbers
        if answer.is_level and answer.choice not in levels:
            raise UserError(
                prefix + _("{id}: level {level} is outside the scale ({low}–{high})").format(id=ind_id, level=answer.choice, low=levels[0], high=levels[-1]),
                file=file,
            )
        if answer.target is not None and answer.target not in levels:
            raise UserError(
                prefix + _("{id}: target {level} is outside the scale ({low}–{high})").format(id=ind_id, level=answer.target, low=levels[0], high=levels[-1]),
                file=file,
            )
