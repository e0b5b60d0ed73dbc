"""Who has the folder open: a real lock beside the data file, as git and KeePassXC keep one.

Every process that opens the folder holds a *shared* lock on ``networking-folder.lock``;
whatever replaces the data file (a restore, a recovery) needs it *exclusive*, so it can
never pull the file from under a process that is still writing. The window also holds
``networking-folder.window.lock`` exclusively, which is how a refusal can say "the folder
is open in the window". Locks are ``flock``-style (through portalocker, which also covers
Windows): the system drops them when a process ends, so a crash never leaves one stuck.
On POSIX the standard library's ``fcntl.flock`` is the tool itself; portalocker (whose
import costs ~50 ms, too much for the start-up path) is loaded only on Windows.
They live in files of their own: locks on the database file would clash with SQLite's own.
The lock files are never deleted (deleting a lock file others may hold is a race).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from networking_folder.store.errors import FolderInUse

LOCK_NAME = "networking-folder.lock"
WINDOW_LOCK_NAME = "networking-folder.window.lock"

_SHARED, _EXCLUSIVE = "shared", "exclusive"


def _open_lock_file(path: Path) -> IO[bytes] | None:
    """The lock file, private to the user; None where it cannot be made (a read-only folder:
    nothing can replace the file there either)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
    return os.fdopen(fd, "rb")


def _try_lock(handle: IO[bytes], how: str, *, wait: bool = False) -> bool:
    """Take (or convert to) the lock; without ``wait``, False at once if another process
    holds it. Where the system has no locks (some network drives) the folder is used
    unlocked rather than not at all."""
    if os.name == "posix":
        import errno
        import fcntl

        flags = fcntl.LOCK_SH if how == _SHARED else fcntl.LOCK_EX
        try:
            fcntl.flock(handle.fileno(), flags if wait else flags | fcntl.LOCK_NB)
        except OSError as exc:
            return exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
        return True
    try:
        import portalocker
    except ImportError:
        return True
    # Windows cannot convert a lock held on the same handle: let go of it first.
    _unlock(handle)
    flags = portalocker.LockFlags.SHARED if how == _SHARED else portalocker.LockFlags.EXCLUSIVE
    try:
        portalocker.lock(handle, flags if wait else flags | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.exceptions.LockException:
        return False
    except (ImportError, OSError):  # no pywin32, or no locks on this drive
        return True
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(Exception):
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        else:
            import portalocker

            portalocker.unlock(handle)


def window_is_open(directory: Path) -> bool:
    """True when a window holds the folder in ``directory`` (this process's included)."""
    handle = _open_lock_file(Path(directory) / WINDOW_LOCK_NAME)
    if handle is None:
        return False
    with handle:
        free = _try_lock(handle, _SHARED)
        if free:
            _unlock(handle)
        return not free


def in_use_message(directory: Path, *, we_are_the_window: bool = False) -> str:
    if not we_are_the_window and window_is_open(directory):
        return (
            f"The folder {directory} is open in the Networking Folder window; close it first, "
            "then try again."
        )
    return (
        f"The folder {directory} is in use by another Networking Folder command; "
        "try again when it has finished."
    )


class FolderLock:
    """The lock one open folder holds. ``share()`` when opening, ``exclusive()`` around
    replacing the file (then back to ``share()``), ``release()`` when closing."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._handle: IO[bytes] | None = None
        self._window: IO[bytes] | None = None
        self.mode: str | None = None

    def _file(self) -> IO[bytes] | None:
        if self._handle is None:
            self._handle = _open_lock_file(self.directory / LOCK_NAME)
        return self._handle

    def share(self, *, wait: bool = False) -> None:
        """Hold the folder open; raises FolderInUse while something is replacing its file
        (with ``wait``, waits until it is done instead)."""
        handle = self._file()
        if handle is None or self.mode == _SHARED:
            return
        if not _try_lock(handle, _SHARED, wait=wait):
            raise FolderInUse(
                f"The folder {self.directory} is being restored by another Networking Folder; "
                "try again in a moment."
            )
        self.mode = _SHARED

    def exclusive(self) -> None:
        """Only this process may have the folder open; raises FolderInUse naming who has it.

        flock converts a shared lock by letting go of it first, so another process may slip
        in between: then this one waits to hold the folder again before it says no (and the
        caller must reopen the file, which may have been replaced meanwhile)."""
        handle = self._file()
        if handle is None or self.mode == _EXCLUSIVE:
            return
        if not _try_lock(handle, _EXCLUSIVE):
            if self.mode == _SHARED:
                _try_lock(handle, _SHARED, wait=True)
            raise FolderInUse(
                in_use_message(self.directory, we_are_the_window=self._window is not None)
            )
        self.mode = _EXCLUSIVE

    def hold_window(self) -> bool:
        """Mark the folder as open in a window; False if another window already has it."""
        if self._window is not None:
            return True
        handle = _open_lock_file(self.directory / WINDOW_LOCK_NAME)
        if handle is None:
            return True
        if not _try_lock(handle, _EXCLUSIVE):
            handle.close()
            return False
        self._window = handle
        return True

    def release(self) -> None:
        for handle in (self._handle, self._window):
            if handle is not None:
                _unlock(handle)
                handle.close()
        self._handle = self._window = None
        self.mode = None


def tidy_after_reading(data_file: Path) -> None:
    """Remove the empty -wal and the -shm a read-only connection leaves beside the data
    file (SQLite's last writer removes them, a reader cannot), but only when no other
    Networking Folder has the folder open: then they hold nothing and belong to no one."""
    data_file = Path(data_file)
    wal, shm = Path(f"{data_file}-wal"), Path(f"{data_file}-shm")
    if not shm.exists() and not wal.exists():
        return
    lock = FolderLock(data_file.parent)
    try:
        lock.exclusive()
    except FolderInUse:
        return
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            for side in (wal, shm):
                with contextlib.suppress(OSError):
                    side.unlink()
    finally:
        lock.release()
