"""Importing a folder archive (the JSON that ``export --format json`` writes): every record with
its UUID, so that an archive imported into an empty folder gives that folder back whole.

Into a folder that already holds records: a record whose UUID is already here is the same
record and stays as the folder has it (the differences are counted, not written); a new one
is added. A group named like one already here is that group (names are unique). Trash
batches keep their numbers unless this folder already uses them. The archive is read and
checked before any transaction; the records then go in, in short transactions, as one step to
undo, and nothing is half-imported when stopped or failed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from networking_folder.services.steps import ChunkedWrite, RecordedStep
from networking_folder.store import changelog
from networking_folder.store.changelog import CREATED, Operation

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

FORMAT = "networking-folder-archive"
CHUNK = 500  # records per transaction


class ArchiveProblem(ValueError):
    """An archive that cannot be imported at all, with the reason in plain words."""


@dataclass(slots=True)
class ArchivePlan:
    source: str
    new: dict[str, int] = field(default_factory=dict)  # by table
    same: dict[str, int] = field(default_factory=dict)  # already here, identical
    differ: dict[str, int] = field(default_factory=dict)  # already here, kept as the folder has it
    skipped: list[str] = field(default_factory=list)  # records left out, and why
    operations: list[Operation] = field(default_factory=list)

    @property
    def format(self) -> str:
        return "json"

    def changes_anything(self, take=()) -> bool:
        return bool(self.operations)

    def summary(self) -> str:
        def said(counts: dict[str, int]) -> str:
            parts = [f"{n} {t.replace('_', ' ')}" for t, n in counts.items() if n]
            return ", ".join(parts) or "none"

        lines = [
            f"{self.source}: a folder archive",
            f"  New records: {said(self.new)}",
            f"  Already in your folder: {said(self.same)}",
        ]
        if any(self.differ.values()):
            lines.append(f"  Already here but different (kept as your folder has them): {said(self.differ)}")
        lines.append(f"  Left out: {len(self.skipped)}")
        lines += [f"    {reason}" for reason in self.skipped]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {
            "file": self.source,
            "format": "json",
            "new": self.new,
            "same": self.same,
            "kept_yours": self.differ,
            "left_out": self.skipped,
        }


def looks_like_archive(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and FORMAT.encode() in data[:4096]


def plan_archive(folder: Folder, data: bytes, source: str = "") -> ArchivePlan:
    """What importing the archive would add; nothing is written. Raises ArchiveProblem."""
    from networking_folder.store.migrations import LATEST_VERSION

    try:
        archive = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ArchiveProblem(f"{source} is not a readable archive ({exc}).") from None
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveProblem(f"{source} is not a Networking Folder archive.")
    if archive.get("version") != 1 or not isinstance(archive.get("records"), dict):
        raise ArchiveProblem(f"{source} is an archive of a kind this program does not know.")
    schema = archive.get("schema")
    if not isinstance(schema, int) or schema > LATEST_VERSION:
        raise ArchiveProblem(
            f"{source} was made by a newer version of Networking Folder: update the program "
            "to import it."
        )
    if schema < 9:
        _fees_into_register(archive["records"])
    conn = folder.connection()
    result = ArchivePlan(source)
    known: dict[str, set[str]] = {}  # UUIDs that exist once the plan is applied, by table
    renamed: dict[str, str] = {}  # an archive's group UUID -> the same-named group here
    batches = _batch_map(folder, archive["records"])
    for table in changelog.IN_ORDER:
        rows = archive["records"].get(table, [])
        if not isinstance(rows, list):
            raise ArchiveProblem(f"{source}: “{table}” is not a list of records.")
        columns = changelog.columns(conn, table)
        here = {u for (u,) in conn.execute(f"SELECT uuid FROM {table}")}
        known[table] = set(here)
        for number, row in enumerate(rows, start=1):
            where = f"{table.replace('_', ' ')} {number}"
            if not isinstance(row, dict) or not isinstance(row.get("uuid"), str):
                result.skipped.append(f"{where}: it has no UUID.")
                continue
            uuid = row["uuid"]
            values = {c: row[c] for c in columns if c in row}
            values = {c: renamed.get(v, v) if (table, c) in changelog.REFERENCES else v
                      for c, v in values.items()}  # fmt: skip
            if "trash_batch" in values and values["trash_batch"] is not None:
                values["trash_batch"] = batches.get(values["trash_batch"], values["trash_batch"])
            if uuid in here:
                current = changelog.row_as_logged(conn, table, "uuid = ?", (uuid,))
                same = all(current.get(c) == v for c, v in values.items())
                bucket = result.same if same else result.differ
                bucket[table] = bucket.get(table, 0) + 1
                continue
            missing = _missing_reference(table, values, known)
            if missing:
                result.skipped.append(f"{where}: {missing}")
                continue
            clash = _clash(conn, table, values)
            if clash is not None:
                if table == "networking_group":
                    renamed[uuid] = clash  # the same group: what refers to it goes to ours
                    result.same[table] = result.same.get(table, 0) + 1
                else:
                    result.skipped.append(f"{where}: your folder already has it.")
                continue
            full = _with_defaults(folder, table, values)
            result.operations.append(Operation(table, uuid, CREATED, None, full))
            known[table].add(uuid)
            result.new[table] = result.new.get(table, 0) + 1
    return result


def _fees_into_register(records: dict) -> None:
    """An archive made before the promoter register (version 9): each received referral's fee
    or gift becomes a compensation item of its referrer, as migration 9 makes it in a file
    (the same UUID, so an archive of a folder since upgraded finds the item already there)."""
    from networking_folder.store.migrations import moved_fee

    referrals = records.get("referral")
    if not isinstance(referrals, list):
        return
    items = records.setdefault("compensation", [])
    if not isinstance(items, list):
        return
    for row in referrals:
        if not isinstance(row, dict) or row.get("direction") != "received":
            continue
        kind, words = row.get("fee_kind") or "none", row.get("fee_description") or ""
        if (kind == "none" and not words) or not isinstance(row.get("uuid"), str):
            continue
        if not isinstance(words, str) or not isinstance(row.get("referrer_id"), str):
            continue
        item, values = moved_fee(
            row["uuid"], row["referrer_id"], row.get("date"), kind, words,
            row.get("updated_at"), row.get("deleted_at"), row.get("trash_batch"),
        )  # fmt: skip
        items.append({"uuid": item, **values})
        row["fee_kind"], row["fee_description"] = "none", ""


def _batch_map(folder: Folder, records: dict) -> dict[int, int]:
    """The archive's trash batches that this folder already uses, each to a number of its own."""
    from networking_folder.store.records import TRASHABLE

    used = set()
    for record in TRASHABLE:
        used |= {b for (b,) in folder.query(
            f"SELECT DISTINCT trash_batch FROM {record._meta.table_name} WHERE trash_batch IS NOT NULL")}  # fmt: skip
    theirs = set()
    for rows in records.values():
        if isinstance(rows, list):
            theirs |= {r.get("trash_batch") for r in rows if isinstance(r, dict)}
    clashing = sorted(b for b in theirs if isinstance(b, int) and b in used)
    if not clashing:
        return {}
    top = max(used | {b for b in theirs if isinstance(b, int)})
    return {b: top + i for i, b in enumerate(clashing, start=1)}


def _missing_reference(table: str, values: dict, known: dict[str, set[str]]) -> str:
    for (child, column), target in changelog.REFERENCES.items():
        if child != table:
            continue
        value = values.get(column)
        if value is not None and value not in known.get(target, set()):
            return f"it refers to a {target.replace('_', ' ')} that is in neither the archive nor your folder."
    return ""


def _clash(conn, table: str, values: dict) -> str | None:
    """The UUID of a record here that a unique column says is the same one."""
    if table == "networking_group" and values.get("name"):
        row = conn.execute("SELECT uuid FROM networking_group WHERE name = ?", (values["name"],)).fetchone()
        return row[0] if row else None
    if table == "setting" and values.get("key") is not None:
        row = conn.execute("SELECT uuid FROM setting WHERE key = ?", (values["key"],)).fetchone()
        return row[0] if row else None
    if table == "membership":
        contact, group = values.get("contact_id"), values.get("group_id")
        row = conn.execute(
            "SELECT m.uuid FROM membership m JOIN contact c ON c.id = m.contact_id"
            " JOIN networking_group g ON g.id = m.group_id WHERE c.uuid = ? AND g.uuid = ?",
            (contact, group),
        ).fetchone()
        return row[0] if row else None
    return None


def _with_defaults(folder: Folder, table: str, values: dict) -> dict:
    """Every column of the table: an older archive's record gets today's defaults for the
    columns it did not have."""
    from networking_folder.services.writes import Writes, stored
    from networking_folder.store import records

    model = next(r for r in records.ALL_RECORDS if r._meta.table_name == table)
    full = {}
    for column in changelog.columns(folder.connection(), table):
        if column in values:
            full[column] = values[column]
            continue
        model_field = Writes._field(model, column)
        default = model_field.default() if callable(model_field.default) else model_field.default
        full[column] = stored(model_field, default) if default is not None else None
    return full


def writing_archive(folder: Folder, the_plan: ArchivePlan, chunk: int = CHUNK) -> ChunkedWrite:
    from networking_folder.services.folder import Change

    def write(op: Operation) -> None:
        folder.apply([_local_rule_key(folder.connection(), op)])

    return ChunkedWrite(folder, the_plan.operations, write, list(Change), chunk)


_RULE_KEY = re.compile(r"^(R\d+:(?:[a-z_]+:)?)(\d+)(.*)$")


def _local_rule_key(conn, op: Operation) -> Operation:
    """A follow-up's rule key names its referral (or contact) by this file's row number
    ("R1:referral:3"), which the archive's folder gave and this one does not: the number is
    made this folder's own, from the record the follow-up refers to."""
    key = op.new.get("rule_key") if op.table == "follow_up" else None
    match = _RULE_KEY.match(key or "")
    if not match:
        return op
    by_contact = key.startswith(("R1:contact:", "R7:"))
    table, column = ("contact", "contact_id") if by_contact else ("referral", "referral_id")
    uuid = op.new.get(column)
    row = conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone() if uuid else None
    if row is None:
        return op
    local = f"{match.group(1)}{row[0]}{match.group(3)}"
    return op._replace(new={**op.new, "rule_key": local})


def apply_archive(
    folder: Folder,
    the_plan: ArchivePlan,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
    chunk: int = CHUNK,
) -> RecordedStep | None:
    return writing_archive(folder, the_plan, chunk).run(progress, stop)
