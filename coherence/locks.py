"""A session or round file open in one process is locked against a second writer.

The lock is a file beside the data file, ``<name>.lock``, created with ``O_EXCL`` (an
atomic create on every system, Windows included) and holding who took it: host,
process id, user and since when. A second opener is told who holds it and may open
the file read-only. A lock left by a process that no longer runs on this host is
taken over; one from another host (a shared folder) is never guessed about.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import UserError
from .i18n import _


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    user: str
    since: str

    def describe(self) -> str:
        return _("{user} on {host}, process {pid}, since {since}").format(user=self.user, host=self.host, pid=self.pid, since=self.since)


class LockedError(UserError):
    """The file is open for writing in another process."""

    def __init__(self, path: Path, holder: Holder):
        self.holder = holder
        super().__init__(
            _("open in another coherence ({holder}); open it read-only, or close the other one first").format(holder=holder.describe()),
            file=path,
        )


def _me() -> Holder:
    try:
        user = os.getlogin()
    except OSError:
        user = os.environ.get("USER") or os.environ.get("USERNAME") or "?"
    since = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
    return Holder(socket.gethostname(), os.getpid(), user, since)


def _pid_alive(pid: int) -> bool:
    """Whether a process runs on this host (never signals it: on Windows os.kill would end it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(path: Path) -> Holder | None:
    """Who holds the lock of ``path`` (None if nobody, or the lock file is unreadable)."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        return Holder(str(data["host"])[:100], int(data["pid"]), str(data["user"])[:100], str(data["since"])[:40])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FileLock:
    """Hold the lock of ``path`` until :meth:`release` (or the end of a ``with`` block)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.held = False

    def acquire(self, wait: float = 0.0) -> FileLock:
        """Take the lock; if another process holds it, try again for ``wait`` seconds
        (a command that changes the file for a moment waits; a screen that keeps it open
        does not)."""
        import time

        deadline = time.monotonic() + wait
        while True:
            try:
                return self._acquire_once()
            except LockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _acquire_once(self) -> FileLock:
        lock = lock_path(self.path)
        me = _me()
        for _attempt in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_holder(self.path)
                if holder is not None and holder.host == me.host and (holder.pid == me.pid or not _pid_alive(holder.pid)):
                    lock.unlink(missing_ok=True)  # left by a process that has ended: take it over
                    continue
                if holder is None:
                    holder = Holder("?", 0, "?", "?")
                raise LockedError(self.path, holder) from None
            except OSError as exc:
                raise UserError(_("cannot lock: {reason}").format(reason=exc.strerror or exc), file=self.path) from None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"host": me.host, "pid": me.pid, "user": me.user, "since": me.since}, fh)
            self.held = True
            return self
        raise LockedError(self.path, read_holder(self.path) or Holder("?", 0, "?", "?"))

    def release(self) -> None:
        if self.held:
            holder = read_holder(self.path)
            if holder is None or (holder.pid == os.getpid() and holder.host == socket.gethostname()):
                lock_path(self.path).unlink(missing_ok=True)
            self.held = False

    def __enter__(self) -> FileLock:
        return self if self.held else self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
