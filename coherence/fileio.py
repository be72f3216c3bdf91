"""The one way coherence writes a file: atomically, durably, in one line if it fails.

Every output (sessions, rounds, workbooks, catalogs, packs, JSON) goes through
:func:`atomic_save`: the new bytes are written to a temporary file beside the target,
``fsync``ed, optionally the previous version is kept as ``<name>.bak`` (a hard link,
so the old bytes are never rewritten), and the temporary file is renamed over the
target. A process killed at any instant leaves the old or the new file, never a torn
one. A symbolic link is written through to its target, keeping the target's mode.
A failure (missing folder, a directory in the way, read-only or full disk) is one
:class:`UserError` line and leaves the old file as it was, with no temporary file.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import UserError


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (not possible, nor needed, on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` hold the current file, replacing the older backup atomically."""
    bak = backup_path(path)
    staged = path.with_name(f".{path.name}.bak.{secrets.token_hex(4)}.tmp")
    try:
        os.link(path, staged)
    except OSError:
        shutil.copy2(path, staged)
    os.replace(staged, bak)


def _failure(path: Path, exc: OSError) -> UserError:
    from .i18n import _

    reason = exc.strerror or str(exc)
    return UserError(_("cannot write: {reason}").format(reason=reason), file=path)


def atomic_save(path: str | Path, write: Callable[[Path], None], *, backup: bool = False, make_dirs: bool = False) -> Path:
    """Call ``write(tmp)`` to produce the new file, then put it in place of ``path``."""
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    folder = target.parent if str(target.parent) else Path(".")
    from .i18n import _

    if make_dirs:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _failure(shown, exc) from None
    if not folder.is_dir():
        raise UserError(_("cannot write: folder {folder} does not exist").format(folder=folder), file=shown)
    if target.is_dir():
        raise UserError(_("cannot write: it is a folder"), file=shown)
    tmp = folder / f".{target.name[:60]}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        except OSError:
            pass  # a new file keeps the usual permissions
        if backup and target.exists():
            _keep_backup(target)
        os.replace(tmp, target)
    except OSError as exc:
        raise _failure(shown, exc) from None
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
    _fsync_dir(folder)
    return shown


def atomic_write(path: str | Path, data: bytes, *, backup: bool = False, make_dirs: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_save`)."""

    def write(tmp: Path) -> None:
        with open(tmp, "xb") as fh:
            fh.write(data)

    return atomic_save(path, write, backup=backup, make_dirs=make_dirs)


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else a one-line UserError.

    A named pipe, a device or a folder named like a file is refused at once (opening
    a FIFO would block); the limit holds while reading, not only by ``stat`` (a file
    may grow, or lie about its size).
    """
    from .i18n import _

    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UserError(_("no such file"), file=path) from None
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=path) from None
    if not stat.S_ISREG(st.st_mode):
        raise UserError(_("not a regular file (a folder, a pipe or a device)"), file=path)
    too_big = UserError(_("refused: larger than {limit} MB").format(limit=limit // 1_000_000), file=path)
    if st.st_size > limit:
        raise too_big
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the check
                raise UserError(_("not a regular file (a folder, a pipe or a device)"), file=path)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise UserError(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=path) from None
    if len(data) > limit:
        raise too_big
    return data


def refuse_overwriting_inputs(inputs: list[str | Path], outputs: list[str | Path | None]) -> None:
    """Refuse, before any work, an output that is one of the command's inputs (the same
    file by another name or through a link included): no command writes over its input."""
    from .i18n import _

    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
        except OSError:
            return False

    for output in outputs:
        if output is None or str(output) == "-":
            continue
        for item in inputs:
            if same(Path(output), Path(item)):
                raise UserError(_("the output would overwrite the input {input}; choose another file name").format(input=item), file=output)


def refuse_standard_output(output: str | Path | None, what: str) -> None:
    """``-o -``: a workbook cannot be written to the terminal (``--json -`` and ``--csv -`` can)."""
    from .i18n import _

    if output is not None and str(output) == "-":
        raise UserError(_("{what} cannot be written to standard output; give a file name").format(what=what))
