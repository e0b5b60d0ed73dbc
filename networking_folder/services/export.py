"""Exports: the contacts as vCards, every table as CSV (a folder of files, or a .zip), and the
whole folder as one JSON archive, which an import reads back.

Exports only read: they work on a snapshot (``Folder.snapshot``) and never write the data file.
Each is written whole or not at all (a private temporary file beside the target, renamed into
place) and is private to the user (0600, whatever the umask). A target inside the folder is
refused: it could replace the data file or a backup.

The CSV files and the vCards hold what is in use, not the trash; the archive holds everything,
the trash included (each record's ``deleted_at`` and ``trash_batch`` say whether it is there).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from networking_folder.services.folder import outside_folder
from networking_folder.store.errors import DiskFull, FolderError, raise_classified

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

ARCHIVE_FORMAT = "networking-folder-archive"
ARCHIVE_VERSION = 1

# The CSV files, by name, and the table each holds.
CSV_FILES = {
    "contacts": "contact",
    "groups": "networking_group",
    "memberships": "membership",
    "referrals": "referral",
    "status_changes": "status_change",
    "follow_ups": "follow_up",
    "notes": "note",
    "compensation": "compensation",
}
_CSV_ORDER = {
    "contact": "t.name COLLATE NOCASE, t.id",
    "networking_group": "t.name COLLATE NOCASE, t.id",
    "referral": "t.date, t.id",
    "status_change": "t.at, t.id",
    "follow_up": "t.due, t.id",
    "note": "t.at, t.id",
    "compensation": "t.given_on, t.id",
}
_LISTS = {("contact", "phones"), ("contact", "emails"), ("contact", "tags"), ("contact", "sources")}
_YES_NO = {("contact", "is_partner"), ("referral", "is_lead"), ("networking_group", "meets_on_holidays"),
           ("compensation", "cash")}  # fmt: skip
_WEEKDAYS = {("networking_group", "meeting_weekday")}
_TRASH = ("deleted_at", "trash_batch")

_CONTACTS_SQL = """
    SELECT uuid, name, company, profession, phones, emails, address, website, linkedin, notes,
           tags, updated_at
    FROM contact WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"""


def export_vcard(folder: Folder, target: Path | str, version: str = "4.0") -> int:
    """The contacts in use (not the trash), by name, as one .vcf file of vCards ``version``
    4.0 or 3.0 (for older programs such as Outlook). Returns how many were written."""
    from networking_folder.domain.model import Contact
    from networking_folder.interop.vcard_write import CardSource, write_cards
    from networking_folder.store.values import as_datetime

    target = _target(folder, target)
    cards = [
        CardSource(
            uuid,
            Contact(
                name, company=company, profession=profession, phones=json.loads(phones),
                emails=json.loads(emails), address=address, website=website,
                linkedin=linkedin, notes=notes, tags=json.loads(tags),
            ),
            as_datetime(updated_at),
        )
        for uuid, name, company, profession, phones, emails, address, website, linkedin, notes,
        tags, updated_at in folder.query(_CONTACTS_SQL)
    ]  # fmt: skip
    data = write_cards(cards, version).encode("utf-8")
    _write_whole({target: lambda out: out.write(data)})
    return len(cards)


def export_csv(folder: Folder, target: Path | str) -> dict[str, int]:
    """One CSV file per table (``CSV_FILES``) into the folder ``target`` (made if missing), or
    into a .zip when ``target`` ends in .zip. UTF-8 with a byte order mark, so Excel reads it
    as such. Returns the number of rows of each file.

    Columns: ``uuid`` first, then the table's own, with each reference to another record as
    its UUID and, where that helps, a readable column beside it (``referrer_uuid`` and
    ``referrer_name``; a referral is named by its prospect: ``referral_prospect``). Lists are
    joined by "; ", dates and times as ISO text, money in cents, yes and no for flags."""
    target = _target(folder, target)
    with _one_read(folder):
        tables = {name: _csv_table(folder, table) for name, table in CSV_FILES.items()}
    if target.suffix.lower() == ".zip":
        _write_whole({target: lambda out: _write_zip(out, tables)})
    else:
        _make_directory(target)
        _write_whole({
            target / f"{name}.csv": (lambda out, rows=rows: _write_csv(out, rows))
            for name, rows in tables.items()
        })  # fmt: skip
    return {name: len(rows) - 1 for name, rows in tables.items()}


def export_json(folder: Folder, target: Path | str) -> dict[str, int]:
    """The whole folder as one JSON archive: every record of every table, the trash included,
    and the settings but the bookkeeping ones. Returns the number of records of each table.

    ``{"format": "networking-folder-archive", "version": 1, "schema": <user_version>,
    "exported_at": <ISO time>, "app_version": ..., "records": {<table>: [{"uuid": ...,
    <column>: <value>, ...}, ...], ...}}``: tables in ``changelog.IN_ORDER`` (each reference
    points to a table before it), rows by UUID, values as the change log writes them
    (references as the other record's UUID, dates as the ISO text SQLite holds). Two exports
    of the same data differ only in ``exported_at``."""
    import networking_folder
    from networking_folder.store import changelog

    target = _target(folder, target)
    records: dict[str, list[dict]] = {table: [] for table in changelog.IN_ORDER}
    with _one_read(folder):
        try:
            # The records as the change log's baseline sees them: the values an import
            # applies back through changelog.apply.
            for operation in changelog.baseline(folder.connection()):
                records[operation.table].append({"uuid": operation.record, **operation.new})
        except sqlite3.Error as exc:
            raise_classified(exc, folder.path)
        schema = folder.query("PRAGMA user_version")[0][0]
    archive = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "schema": schema,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "app_version": networking_folder.__version__,
        "records": records,
    }
    _write_whole({target: lambda out: _write_json(out, archive)})
    return {table: len(rows) for table, rows in records.items()}


@contextlib.contextmanager
def _one_read(folder: Folder) -> Iterator[None]:
    """Several queries that see the folder as it is at one moment: another program's change
    in between would leave a reference to a record that is not in the export."""
    conn = folder.connection()
    if conn.in_transaction:
        yield  # (already inside one)
        return
    conn.execute("BEGIN")  # deferred, and reading only: writers are not held back (WAL)
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")  # (nothing was written)


# -- CSV ---------------------------------------------------------------------------------------
def _csv_table(folder: Folder, table: str) -> list[list[str]]:
    """A table as CSV rows, its header first: what is in use, not the trash. A record without
    a trash of its own (a membership, a status change) goes with the records it belongs to."""
    from networking_folder.store.changelog import REFERENCES, columns

    conn = folder.connection()
    own = columns(conn, table)
    header, select, joins, where, formats = ["uuid"], ["t.uuid"], [], [], [_as_is]
    if "deleted_at" in own:
        where.append("t.deleted_at IS NULL")
    for number, name in enumerate(c for c in own if c not in _TRASH):
        target = REFERENCES.get((table, name))
        if target is None:
            header.append(name)
            select.append(f"t.{name}")
            formats.append(_format_of(table, name))
            continue
        alias, base = f"r{number}", name.removesuffix("_id")
        joins.append(f"LEFT JOIN {target} {alias} ON {alias}.id = t.{name}")
        header.append(f"{base}_uuid")
        select.append(f"{alias}.uuid")
        if target in ("contact", "networking_group"):
            header.append(f"{base}_name")
            select.append(f"{alias}.name")
        elif target == "referral":
            header.append(f"{base}_prospect")
            select.append(f"(SELECT name FROM contact WHERE id = {alias}.prospect_id)")
        formats += [_as_is] * (len(header) - len(formats))
        if "deleted_at" not in own and "deleted_at" in columns(conn, target):
            where.append(f"(t.{name} IS NULL OR {alias}.deleted_at IS NULL)")
    sql = f"SELECT {', '.join(select)} FROM {table} t {' '.join(joins)}"
    if where:
        sql += f" WHERE {' AND '.join(where)}"
    sql += f" ORDER BY {_CSV_ORDER.get(table, 't.id')}"
    rows = folder.query(sql)
    return [header] + [[f(v) for f, v in zip(formats, row, strict=True)] for row in rows]


def _format_of(table: str, column: str) -> Callable[[object], str]:
    if (table, column) in _LISTS:
        return _joined
    if (table, column) in _YES_NO:
        return lambda value: "" if value is None else ("yes" if value else "no")
    if (table, column) in _WEEKDAYS:
        from networking_folder.domain.model import WEEKDAYS

        return lambda value: "" if value is None else WEEKDAYS[int(value)]
    return _as_is


def _as_is(value: object) -> str:
    return "" if value is None else str(value)


def _joined(value: object) -> str:
    """A JSON list as "a; b" (a pair, such as an import's source and key, as "source:key")."""
    items = json.loads(value) if isinstance(value, str) and value else []
    return "; ".join(":".join(map(str, i)) if isinstance(i, list) else str(i) for i in items)


def _write_csv(out: BinaryIO, rows: Iterable[list[str]]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    csv.writer(text).writerows(rows)  # (the excel dialect: CRLF, quotes where needed)
    text.flush()
    text.detach()  # (the file stays open for the caller)


def _write_zip(out: BinaryIO, tables: dict[str, list[list[str]]]) -> None:
    when = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        for name, rows in tables.items():
            entry = zipfile.ZipInfo(f"{name}.csv", date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100600 << 16  # unpacked private, too
            with archive.open(entry, "w") as member:
                _write_csv(member, rows)


def _make_directory(directory: Path) -> None:
    if directory.suffix.lower() == ".csv":
        raise FolderError(
            f"A CSV export is one file per table: give a folder, or a name ending in .zip, "
            f"not {directory.name}."
        )
    if directory.exists() and not directory.is_dir():
        raise FolderError(f"{directory} is a file: give a folder for the CSV files, or a .zip.")
    try:
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o700)  # (mkdir's mode passes through the umask)
    except FileExistsError:
        pass  # (a folder of the user's own: its permissions are theirs)
    except OSError as exc:
        raise _plain(exc, directory) from exc


# -- JSON --------------------------------------------------------------------------------------
def _write_json(out: BinaryIO, archive: dict) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    json.dump(archive, text, ensure_ascii=False, indent=1)
    text.write("\n")
    text.flush()
    text.detach()


# -- writing whole -----------------------------------------------------------------------------
def _target(folder: Folder, target: Path | str) -> Path:
    return outside_folder(folder.directory, Path(target).expanduser().absolute())


def _write_whole(files: dict[Path, Callable[[BinaryIO], object]]) -> None:
    """Write each file to a private temporary file beside it, then rename them all into
    place: an export is never seen half-written, and a failure leaves no temporary file."""
    pending: list[tuple[str, Path]] = []
    target = next(iter(files))
    try:
        try:
            for target, write in files.items():
                handle, temporary = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".part", dir=target.parent
                )
                pending.append((temporary, target))
                with os.fdopen(handle, "wb") as out:
                    if hasattr(os, "fchmod"):
                        os.fchmod(out.fileno(), 0o600)  # (mkstemp's 0600 passes the umask)
                    write(out)
                    out.flush()
                    os.fsync(out.fileno())
            while pending:
                temporary, target = pending[0]
                os.replace(temporary, target)
                pending.pop(0)
        finally:
            for temporary, _ in pending:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
    except OSError as exc:
        raise _plain(exc, target) from exc


def _plain(exc: OSError, target: Path) -> FolderError:
    """An error of the disk or of permissions, said plainly."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(f"The disk is full: {target} was not written. Make room and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FolderError(
            f"Cannot write {target}: you may not write there. Choose another place."
        )
    if exc.errno == errno.ENOENT:
        return FolderError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    return FolderError(f"Cannot write {target}: {exc.strerror or exc}.")
