"""Why a folder could not be opened or written, sorted as docs/data-file-safety.md says ("When something goes wrong").

Every ``FolderError`` is about the user's environment (the file or the disk) and carries a
message a user can act on. Anything else that escapes the store is our bug.

The sorting matters: only real damage (SQLITE_CORRUPT, SQLITE_NOTADB) may lead to a
restore. A full disk or an I/O error says nothing about the file and must never make the
program put a backup in its place.
"""

from __future__ import annotations

from typing import NoReturn


class FolderError(Exception):
    """The folder cannot be used; ``str(error)`` is one clear line for the user."""


class NotAFolderFile(FolderError):
    pass


class FolderDamaged(FolderError):
    """The data file is damaged (or missing beside its backups): a backup may be offered."""


class FolderTooNew(FolderError):
    pass


class FolderReadOnly(FolderError):
    pass


class FolderLocked(FolderError):
    pass


class FolderInUse(FolderError):
    """Another process has the folder open, so its file may not be replaced now."""


class FolderMissing(FolderError):
    """There is no folder where one was asked for (read-only commands never make one)."""


class DiskFull(FolderError):
    pass


class DiskProblem(FolderError):
    """The disk failed to read or write (an I/O error): not damage to the file."""


# SQLite's primary result codes (the low byte of an extended code).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

# Python 3.10's sqlite3 has no sqlite_errorcode: there the message tells the code.
_CODE_BY_MESSAGE = (
    ("database or disk is full", SQLITE_FULL),
    ("disk is full", SQLITE_FULL),
    ("disk i/o error", SQLITE_IOERR),
    ("malformed", SQLITE_CORRUPT),
    ("corrupt", SQLITE_CORRUPT),
    ("file is not a database", SQLITE_NOTADB),
    ("not a database", SQLITE_NOTADB),
    ("file is encrypted", SQLITE_NOTADB),
    ("locked", SQLITE_BUSY),
    ("busy", SQLITE_BUSY),
    ("readonly", SQLITE_READONLY),
    ("read-only", SQLITE_READONLY),
    ("attempt to write", SQLITE_READONLY),
    ("unable to open", SQLITE_CANTOPEN),
)


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code for an error (peewee's wrappers included), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
        text = str(exc).lower()
        for words, by_message in _CODE_BY_MESSAGE:
            if words in text:
                return by_message
        exc = getattr(exc, "orig", None) or exc.__cause__
    return None


def classify(exc: BaseException, path: object) -> FolderError | None:
    """Turn an SQLite error caused by the environment into a FolderError; None if it is a bug."""
    code = sqlite_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return FolderLocked(
            f"The folder {path} is in use by another program: close it there and try again."
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return FolderReadOnly(
            f"The folder {path} cannot be written to (it is read-only): "
            "check its permissions or copy it somewhere you can write."
        )
    if code == SQLITE_FULL:
        return DiskFull("The disk is full: nothing was saved. Make room and try again.")
    if code == SQLITE_IOERR:
        return DiskProblem(
            f"The disk could not read or write the folder {path} (disk I/O error): the disk may "
            "be full or failing. Nothing was changed; make room or check the drive, then try again."
        )
    if code == SQLITE_CORRUPT:
        return FolderDamaged(f"The data file {path} is damaged; it was left untouched.")
    if code == SQLITE_NOTADB:
        return FolderDamaged(
            f"The data file {path} is damaged (its header cannot be read); it was left untouched."
        )
    if code == SQLITE_CANTOPEN:
        return FolderReadOnly(
            f"The data file {path} cannot be opened: check that it exists and that you may write there."
        )
    return None


def raise_classified(exc: BaseException, path: object) -> NoReturn:
    """Raise an SQLite error as the FolderError it stands for, or as itself if it is a bug."""
    cause = classify(exc, path)
    if cause is None:
        raise exc
    raise cause from exc
