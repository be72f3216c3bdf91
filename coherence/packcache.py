"""A cache of validated packs, so the workshop opens without re-reading every YAML file.

Validating the main pack (15 YAML files, 142 indicators, citation checks) takes about
130 ms in a fresh process; reading back the validated pack as JSON takes about 3 ms.
The cache key covers every file that validation reads (pack.yaml, the sector files,
the seed manifest and the seeds directory) by path, size and modification time, and
the code that defines the format, so any edit makes a new entry. Entries are JSON,
validated again by pydantic when read; a damaged entry is ignored and rewritten.
Set COHERENCE_CACHE=off to bypass it, or to a directory to move it.

The same folder holds small JSON entries (:func:`read_json`, :func:`write_json`), such
as a pack's header for the setup screen, which must not wait for pydantic.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

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
        st = path.stat()
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


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
    import tempfile  # only when writing: the setup screen reads entries before its first frame

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
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


def read_json(key: str) -> Any:
    """A small JSON entry, or None if there is none (or it is damaged)."""
    data = _read_bytes(key)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_json(key: str, value: Any) -> None:
    _write_bytes(key, json.dumps(value, ensure_ascii=False).encode("utf-8"))


T = TypeVar("T")


def remembered(key: str, compute: Callable[[], T | None], sound: Callable[[Any], bool]) -> T | None:
    """The JSON entry ``key`` when ``sound`` accepts it; else ``compute()``, stored under
    ``key`` for next time (a None result is not stored)."""
    cached = read_json(key)
    if cached is not None and sound(cached):
        return cached
    value = compute()
    if value is not None:
        write_json(key, value)
    return value
