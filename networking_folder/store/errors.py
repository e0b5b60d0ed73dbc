"""Why a folder could not be opened or written, sorted as DESIGN.md asks.

Every ``FolderError`` is about the user's environment (the file or the disk) and carries a
message a user can act on. Anything else that escapes the store is our bug.
"""

from __future__ import annotations

import sqlite3


class FolderError(Exception):
    """The folder cannot be used; ``str(error)`` is one clear line for the user."""


class NotAFolderFile(FolderError):
    pass


class FolderDamaged(FolderError):
    pass


class FolderTooNew(FolderError):
    pass


class FolderReadOnly(FolderError):
    pass


class FolderLocked(FolderError):
    pass


class DiskFull(FolderError):
    pass


def classify(exc: sqlite3.Error, path: object) -> FolderError | None:
    """Turn an SQLite error caused by the environment into a FolderError; None if it is a bug."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return FolderLocked(
            f"The folder {path} is in use by another program: close it there and try again."
        )
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return FolderReadOnly(
            f"The folder {path} cannot be written to (it is read-only): "
            "check its permissions or copy it somewhere you can write."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull("The disk is full: nothing was saved. Make room and try again.")
    if "malformed" in text or "corrupt" in text:
        return FolderDamaged(f"The data file {path} is damaged; it was left untouched.")
    if "not a database" in text or "file is encrypted" in text:
        return NotAFolderFile(
            f"{path} is not a Networking Folder data file; it was left untouched."
        )
    if "unable to open" in text:
        return FolderReadOnly(
            f"The data file {path} cannot be opened: check that it exists and that you may write there."
        )
    return None
