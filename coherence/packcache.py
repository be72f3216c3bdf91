"""A cache of validated packs, so the workshop opens without re-reading every YAML file.

Validating the main pack (15 YAML files, 142 indicators) takes about 130 ms in a
fresh process; reading back the validated pack as JSON takes about 3 ms
(``bench/pack_load.py``). The cache key is a hash of the *contents* of every file the
entry depends on (pack.yaml, the sector files, a catalog for a translated pack) and of
the code that defines the format, so any edit makes a new entry, even one that keeps a
file's size and time. Entries are JSON, validated again by pydantic when read; a
damaged entry is ignored and rewritten. Set COHERENCE_CACHE=off to bypass it, or to a
directory to move it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is imported when a pack is read, not with this module
    from .models import Pack

_CODE = (Path(__file__).with_name("models.py"), Path(__file__).with_name("packs.py"))


def cache_dir() -> Path | None:
    setting = os.environ.get("COHERENCE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("coherence", appauthor=False)) / "packs"


def _stamp(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return f"{path}:-"
    return f"{path}:{hashlib.sha256(data).hexdigest()}"


def cache_key(pack_dir: Path, extra: tuple[Path, ...] = ()) -> str:
    pack_dir = pack_dir.resolve()
    return files_key([pack_dir / "pack.yaml", *sorted((pack_dir / "sectors").glob("*.yaml")), *extra])


def files_key(files: list[Path], salt: str = "") -> str:
    """A key that changes whenever one of ``files`` (or the code of the pack format) does,
    or ``salt`` (what else the entry depends on) differs."""
    text = "\n".join([*(_stamp(f) for f in [*files, *_CODE]), salt])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _read_bytes(key: str) -> bytes | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / f"{key}.json").read_bytes()
    except OSError:
        return None


def _write_bytes(key: str, data: bytes) -> None:
    """Store an entry atomically; never fails the caller (a cache is optional)."""
    folder = cache_dir()
    if folder is None:
        return
    from .errors import UserError
    from .fileio import atomic_write

    try:
        atomic_write(folder / f"{key}.json", data, make_dirs=True)
    except UserError:
        pass


def read(key: str) -> Pack | None:
    data = _read_bytes(key)
    if data is None:
        return None
    from pydantic import ValidationError

    from .models import Pack

    try:
        return Pack.model_validate_json(data)
    except (ValueError, ValidationError):
        return None


def write(key: str, pack: Pack) -> None:
    """Store a validated pack; never fails the caller (a cache is optional)."""
    _write_bytes(key, pack.model_dump_json().encode("utf-8"))
