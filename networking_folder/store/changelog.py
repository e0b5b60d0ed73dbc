"""The change log: every change to the folder's records, as operations chained per device.

An operation names a record by its UUID and says what happened to one of its fields (old and
new value), or that the record was made (``CREATED``: the new value holds all its fields) or
deleted for good (``PURGED``: the old value holds them). Moving to the trash and back are
changes of ``deleted_at``: tombstones, not deletions. References to other records are written
as their UUIDs, never as this file's row numbers, so an operation means the same thing in any
copy of the folder.

``apply`` is the one way an operation reaches the tables: the services make every change
through it, and a change that one day comes from another device will go through it too, so the
search index (kept by triggers) and everything else behave the same either way.

Each logged operation carries a hybrid logical clock time (wall-clock milliseconds and a
counter, never behind any time the log has seen), the device that made it, that device's
sequence number, the hash of that device's previous entry and its own hash. Each device's
entries form a chain of their own: two devices writing while offline cannot share one. A chain
kept in the same file is tamper-evident, not tamper-proof: someone who rewrites it and
recomputes every hash, or cuts its tail, is caught only against a head recorded elsewhere (a
backup, a printed report), which is what ``verify(against=...)`` checks.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple  # (not dataclasses: three cost the window's start 4 ms)

CREATED = "+created"
EXISTING = "+existing"  # a record already in the folder when its change log began (version 5)
PURGED = "-purged"
GENESIS = "0" * 64  # the "previous hash" of a device's first entry
FOLDER = "folder"  # the "table" of events of the folder as a whole
RESTORED = "restored"  # a backup was put in place (old: the heads it replaced)

# Columns that name another record: (table, column) -> the table they point into.
REFERENCES: dict[tuple[str, str], str] = {
    ("membership", "contact_id"): "contact",
    ("membership", "group_id"): "networking_group",
    ("referral", "referrer_id"): "contact",
    ("referral", "recipient_id"): "contact",
    ("referral", "prospect_id"): "contact",
    ("referral", "group_id"): "networking_group",
    ("status_change", "referral_id"): "referral",
    ("follow_up", "contact_id"): "contact",
    ("follow_up", "referral_id"): "referral",
    ("follow_up", "made_by_change_id"): "status_change",
    ("follow_up", "closed_by_change_id"): "status_change",
    ("note", "contact_id"): "contact",
    ("note", "referral_id"): "referral",
    ("compensation", "promoter_id"): "contact",
    ("compensation", "referral_id"): "referral",
}
# Settings that are bookkeeping, not the user's data: counters and the backups' marks.
UNLOGGED_SETTINGS = frozenset({"meta.changes", "backup.at_change", "trash_batch_seq"})


class BrokenLog(Exception):
    """An operation that cannot be applied: its record is missing, or already there."""


class Operation(NamedTuple):
    table: str
    record: str  # the record's UUID
    field: str  # a column, CREATED or PURGED
    old: Any = None  # JSON-able values; a row's columns (a dict) for CREATED and PURGED
    new: Any = None


class Entry(NamedTuple):
    """An operation as the log keeps it: values as canonical JSON text."""

    device: str
    seq: int
    hlc: str
    table: str
    record: str
    field: str
    old: str
    new: str
    prev_hash: str
    hash: str

    @property
    def operation(self) -> Operation:
        return Operation(self.table, self.record, self.field, json.loads(self.old), json.loads(self.new))


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    device: str, seq: int, hlc: str, table: str, record: str, field: str, old: str, new: str,
    prev_hash: str,
) -> str:  # fmt: skip
    import hashlib  # (here: the window's start does not wait for it)

    text = canonical([device, seq, hlc, table, record, field, old, new, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def next_hlc(last: str | None, now_ms: int | None = None) -> str:
    """A hybrid logical clock time later than ``last``: the wall clock when it is ahead, else
    the last time with its counter one up (a clock set back never makes the log go back)."""
    now_ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    if last:
        last_ms, _, last_counter = last.partition("-")
        if int(last_ms) >= now_ms:
            if int(last_counter) < 99_999:
                return f"{int(last_ms):013d}-{int(last_counter) + 1:05d}"
            return f"{int(last_ms) + 1:013d}-{0:05d}"  # (the counter's five digits are full)
    return f"{now_ms:013d}-{0:05d}"


# -- the tables ----------------------------------------------------------------------------
_columns_cache: dict[str, list[str]] = {}  # every open folder is at the latest version


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """A table's columns but its row number and UUID (the log's own names for a row)."""
    if table not in _columns_cache:
        names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        _columns_cache[table] = [n for n in names if n not in ("id", "uuid")]
    return _columns_cache[table]


def _uuid_of(conn: sqlite3.Connection, table: str, row_id: int | None) -> str | None:
    if row_id is None:
        return None
    row = conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        raise BrokenLog(f"{table} {row_id} is not in the folder")
    return row[0]


def _id_of(conn: sqlite3.Connection, table: str, uuid: str | None) -> int | None:
    if uuid is None:
        return None
    row = conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        raise BrokenLog(f"{table} {uuid} is not in the folder")
    return row[0]


def to_logged(conn: sqlite3.Connection, table: str, column: str, value: Any) -> Any:
    """A stored value as the log writes it: references become UUIDs."""
    target = REFERENCES.get((table, column))
    return _uuid_of(conn, target, value) if target else value


def to_stored(conn: sqlite3.Connection, table: str, column: str, value: Any) -> Any:
    target = REFERENCES.get((table, column))
    return _id_of(conn, target, value) if target else value


def row_as_logged(conn: sqlite3.Connection, table: str, where: str, params: Sequence) -> dict:
    names = columns(conn, table)
    row = conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE {where}", params).fetchone()
    if row is None:
        raise BrokenLog(f"no {table} where {where} {tuple(params)}")
    return {name: to_logged(conn, table, name, value) for name, value in zip(names, row, strict=True)}


def apply(conn: sqlite3.Connection, operations: Iterable[Operation]) -> list[int]:
    """Make these operations' changes to the tables (inside the caller's transaction). Returns
    the row ids of the records they made, in order."""
    made = []
    for op in operations:
        if op.table == FOLDER:
            continue  # an event of the folder itself (a restore): nothing in the tables
        if op.field in (CREATED, EXISTING):
            names = list(op.new)
            values = [to_stored(conn, op.table, n, op.new[n]) for n in names]
            marks = ", ".join("?" * (len(names) + 1))
            cursor = conn.execute(
                f"INSERT INTO {op.table} (uuid, {', '.join(names)}) VALUES ({marks})",
                [op.record, *values],
            )
            made.append(cursor.lastrowid)
        elif op.field == PURGED:
            cursor = conn.execute(f"DELETE FROM {op.table} WHERE uuid = ?", (op.record,))
            if cursor.rowcount != 1:
                raise BrokenLog(f"{op.table} {op.record} is not in the folder")
        else:
            value = to_stored(conn, op.table, op.field, op.new)
            cursor = conn.execute(
                f"UPDATE {op.table} SET {op.field} = ? WHERE uuid = ?", (value, op.record)
            )
            if cursor.rowcount != 1:
                raise BrokenLog(f"{op.table} {op.record} is not in the folder")
    return made


# Record tables in an order where every reference points to a record already listed.
IN_ORDER = ("networking_group", "contact", "membership", "referral", "status_change",
            "follow_up", "note", "compensation", "setting")  # fmt: skip


def needs_baseline(conn: sqlite3.Connection) -> bool:
    """A folder that had records before its change log began, and whose log is still empty."""
    if conn.execute(
        "SELECT EXISTS (SELECT 1 FROM change_log WHERE tbl <> ?)", (FOLDER,)
    ).fetchone()[0]:
        return False
    unlogged = ", ".join("?" * len(UNLOGGED_SETTINGS))
    for table in IN_ORDER:
        where = f" WHERE key NOT IN ({unlogged})" if table == "setting" else ""
        params = sorted(UNLOGGED_SETTINGS) if table == "setting" else []
        if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table}{where})", params).fetchone()[0]:
            return True
    return False


def baseline(conn: sqlite3.Connection) -> list[Operation]:
    """Every record as it stands, as operations (``EXISTING``): logged once, when a folder
    made before the change log first opens, so that its log holds all of it."""
    operations = []
    # Each referenced table's UUIDs read once (a query per reference took seconds on 200,000).
    uuids = {
        target: dict(conn.execute(f"SELECT id, uuid FROM {target}"))
        for target in set(REFERENCES.values())
    }
    for table in IN_ORDER:
        names = columns(conn, table)
        targets = {n: REFERENCES.get((table, n)) for n in names}
        for row in conn.execute(f"SELECT uuid, {', '.join(names)} FROM {table} ORDER BY uuid"):
            values = {
                n: (uuids[targets[n]].get(v) if targets[n] and v is not None else v)
                for n, v in zip(names, row[1:], strict=True)
            }
            if table == "setting" and values["key"] in UNLOGGED_SETTINGS:
                continue
            operations.append(Operation(table, row[0], EXISTING, None, values))
    return operations


# -- the log -------------------------------------------------------------------------------
def head(conn: sqlite3.Connection, device: str) -> tuple[int, str]:
    """A device's last sequence number and hash (0 and GENESIS before its first entry)."""
    row = conn.execute(
        "SELECT seq, hash FROM change_log WHERE device = ? ORDER BY seq DESC LIMIT 1", (device,)
    ).fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def heads(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """Every device's chain head: its last sequence number and hash."""
    rows = conn.execute(
        "SELECT device, max(seq) FROM change_log GROUP BY device ORDER BY device"
    ).fetchall()
    return {
        device: (seq, conn.execute(
            "SELECT hash FROM change_log WHERE device = ? AND seq = ?", (device, seq)
        ).fetchone()[0])
        for device, seq in rows
    }  # fmt: skip


def append(conn: sqlite3.Connection, device: str, operations: Sequence[Operation]) -> None:
    """Log operations made on this device, in the caller's (IMMEDIATE) transaction: the
    sequence numbers are taken inside it, so two programs on one machine never share one."""
    if not operations:
        return
    seq, prev = head(conn, device)
    last = conn.execute("SELECT max(hlc) FROM change_log").fetchone()[0]
    rows = []
    for op in operations:
        seq += 1
        last = next_hlc(last)
        old, new = canonical(op.old), canonical(op.new)
        digest = entry_hash(device, seq, last, op.table, op.record, op.field, old, new, prev)
        rows.append((device, seq, last, op.table, op.record, op.field, old, new, prev, digest))
        prev = digest
    conn.executemany(
        "INSERT INTO change_log (device, seq, hlc, tbl, record, field, old, new, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def receive(conn: sqlite3.Connection, logged: Iterable[Entry]) -> int:
    """Take in entries another copy of the folder logged (one day: another device's): each is
    applied through ``apply``, like a change made here, and kept as it was written. Entries
    already held are skipped. Returns how many were taken in."""
    taken = 0
    for entry in logged:
        held = conn.execute(
            "SELECT hash FROM change_log WHERE device = ? AND seq = ?", (entry.device, entry.seq)
        ).fetchone()
        if held is not None:
            if held[0] != entry.hash:
                raise BrokenLog(f"device {entry.device}, entry {entry.seq} differs from ours")
            continue
        apply(conn, [entry.operation])
        conn.execute(
            "INSERT INTO change_log (device, seq, hlc, tbl, record, field, old, new, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.device, entry.seq, entry.hlc, entry.table, entry.record, entry.field,
             entry.old, entry.new, entry.prev_hash, entry.hash),
        )  # fmt: skip
        taken += 1
    return taken


def entries(conn: sqlite3.Connection, where: str = "", params: Sequence = ()) -> list[Entry]:
    sql = "SELECT device, seq, hlc, tbl, record, field, old, new, prev_hash, hash FROM change_log"
    if where:
        sql += f" WHERE {where}"
    return [Entry(*row) for row in conn.execute(sql + " ORDER BY hlc, device, seq", params)]


class Problem(NamedTuple):
    device: str
    seq: int  # the first entry that does not hold (or the first missing one)
    what: str

    def __str__(self) -> str:
        return f"device {self.device}, entry {self.seq}: {self.what}"


def verify(
    conn: sqlite3.Connection, against: dict[str, tuple[int, str]] | None = None
) -> list[Problem]:
    """Walk every device's chain; the first broken entry of each, if any. ``against``: heads
    recorded elsewhere (a backup's, a printed report's), which the log must still hold."""
    problems = verify_chains(conn)
    broken = {p.device for p in problems}
    if against:
        problems += [p for p in check_heads(conn, against) if p.device not in broken]
    return problems


def verify_chains(conn: sqlite3.Connection) -> list[Problem]:
    problems: list[Problem] = []
    rows = conn.execute(
        "SELECT device, seq, hlc, tbl, record, field, old, new, prev_hash, hash FROM change_log "
        "ORDER BY device, seq"
    )
    current, expected_seq, prev = None, 0, GENESIS
    broken: set[str] = set()
    for row in rows:
        entry = Entry(*row)
        if entry.device != current:
            current, expected_seq, prev = entry.device, 1, GENESIS
        if entry.device in broken:
            continue
        problem = None
        if entry.seq != expected_seq:
            problem = Problem(entry.device, expected_seq, "is missing (removed from the log)")
        elif entry.prev_hash != prev:
            problem = Problem(
                entry.device,
                entry.seq,
                f"does not follow entry {entry.seq - 1} (one of the two was changed)"
                if entry.seq > 1
                else "does not begin the chain",
            )
        elif entry.hash != entry_hash(
            entry.device, entry.seq, entry.hlc, entry.table, entry.record, entry.field,
            entry.old, entry.new, entry.prev_hash,
        ):  # fmt: skip
            problem = Problem(entry.device, entry.seq, "was changed after it was written")
        if problem:
            problems.append(problem)
            broken.add(entry.device)
            continue
        expected_seq, prev = entry.seq + 1, entry.hash
    return problems


def excused_heads(conn: sqlite3.Connection) -> dict[tuple[str, int, str], str]:
    """Heads a logged restore replaced, exactly (device, seq, hash), and the restore's words:
    a backup taken before a restore of an older one holds entries the log no longer has."""
    excused = {}
    for hlc, old, new in conn.execute(
        "SELECT hlc, old, new FROM change_log WHERE tbl = ? AND field = ?", (FOLDER, RESTORED)
    ):
        said = f"replaced by the restore of {json.loads(new).get('backup')} (log time {hlc})"
        for device, seq, digest in (json.loads(old) or {}).get("replaced", []):
            excused[(device, seq, digest)] = said
    return excused


def check_heads(
    conn: sqlite3.Connection, heads_elsewhere: dict[str, tuple[int, str]]
) -> list[Problem]:
    """The log must still hold each head recorded elsewhere, unchanged: a log rewritten (and
    its hashes recomputed) or cut short shows here. Only a head a logged restore names exactly
    (device, number and hash) is no longer expected."""
    excused = excused_heads(conn)
    problems = []
    for device, (seq, digest) in sorted(heads_elsewhere.items()):
        row = conn.execute(
            "SELECT hash FROM change_log WHERE device = ? AND seq = ?", (device, seq)
        ).fetchone()
        if row is not None and row[0] == digest:
            continue
        if (device, seq, digest) in excused:
            continue
        what = "is missing: the log was cut short" if row is None else "differs from the recorded head"
        problems.append(Problem(device, seq, what))
    return problems


def read_heads(path) -> dict[str, tuple[int, str]]:
    """The chain heads a folder file (a backup) holds; {} for a file without a log."""
    from networking_folder.store.backup import read_only

    try:
        conn = read_only(path)
    except sqlite3.Error:
        return {}
    try:
        return heads(conn)
    except sqlite3.Error:  # no change_log table: a file from before version 5, or not ours
        return {}
    finally:
        conn.close()
