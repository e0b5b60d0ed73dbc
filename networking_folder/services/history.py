"""A record's history, in words, from the change log: what was recorded when, and what changed
("Mon 23 Nov 2026, 14:05 · status: received → contacted")."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from networking_folder.domain.model import STATUS_LABELS, Status
from networking_folder.domain.text import day_words
from networking_folder.store import changelog
from networking_folder.store.changelog import CREATED, PURGED
from networking_folder.store.migrations import RECORD_TABLES

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

# Fields the history leaves out: bookkeeping that changes with every other change.
# (created_at changes only when a record's past is filled in, as the demo does.)
QUIET = frozenset({"updated_at", "created_at", "trash_batch", "rule_key", "made_by_change_id",
                   "closed_by_change_id"})  # fmt: skip
WORDS = {
    "met_on": "met on",
    "how_met": "how you met",
    "is_partner": "partner",
    "ideal_referral": "ideal referral",
    "ask": "current ask",
    "ask_set_on": "day of their ask",
    "cadence_days": "keep in touch every (days)",
    "meeting_weekday": "meeting day",
    "meeting_time": "meeting time",
    "meets_on_holidays": "meets on holidays",
    "is_lead": "lead",
    "best_time_to_call": "best time to call",
    "also_given_to": "also given to",
    "value_cents": "value",
    "fee_kind": "fee or gift",
    "fee_description": "fee details",
    "fee_disclosed_on": "disclosed on",
    "disclosed_how": "how it was disclosed",
    "is_client": "your client",
    "agreement_on": "agreement signed on",
    "agreement_kept_at": "agreement kept at",
    "promoter_id": "given to",
    "given_on": "given on",
    "cash": "cash",
    "completed_at": "done at",
    "group_id": "group",
    "referrer_id": "referred by",
    "recipient_id": "given to",
    "prospect_id": "prospect",
    "contact_id": "contact",
    "referral_id": "referral",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: dt.datetime  # when it was logged (the hybrid clock's wall time, local)
    words: str  # "status: received → contacted"
    entry: changelog.Entry

    @property
    def text(self) -> str:
        return f"{day_words(self.at.date())}, {self.at:%H:%M} · {self.words}"


def logged_at(hlc: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(hlc.partition("-")[0]) / 1000).replace(microsecond=0)


class HistoryService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def find(self, target: str) -> tuple[str, str]:
        """The (table, UUID) a user names: a UUID, "contact:12" (any record table's name), or a
        bare number, which must name one contact or one referral. ValueError says why not."""
        target = target.strip()
        if re.fullmatch(r"[0-9a-fA-F-]{36}", target):
            for table in RECORD_TABLES:
                if self.folder.query(f"SELECT 1 FROM {table} WHERE uuid = ?", (target.lower(),)):
                    return table, target.lower()
            if self.folder.query("SELECT 1 FROM change_log WHERE record = ?", (target.lower(),)):
                return "", target.lower()  # purged: only the log remembers it
            raise ValueError(f"No record has the UUID {target}.")
        kind, _, number = target.rpartition(":")
        if not number.isdigit():
            raise ValueError(f"“{target}” is not a UUID or a record's number.")
        tables = [kind] if kind else ["contact", "referral"]
        if kind and kind not in RECORD_TABLES:
            raise ValueError(f"“{kind}” is not a kind of record: {', '.join(RECORD_TABLES)}.")
        found = [(t, u) for t in tables for u in self.folder.uuids(t, [int(number)]).values()]
        if not found:
            raise ValueError(f"There is no {' or '.join(tables)} {number}.")
        if len(found) > 1:
            raise ValueError(
                f"{number} is both contact:{number} and referral:{number}; say which, or give "
                "the UUID."
            )
        return found[0]

    def of(self, record: str) -> list[HistoryLine]:
        """Everything the log says about one record, oldest first: its own changes and, for a
        contact, the groups it joined and left."""
        conn = self.folder.connection()
        entries = changelog.entries(conn, "record = ?", (record,))
        entries += [
            e
            for e in changelog.entries(conn, "tbl = 'membership' AND (old LIKE ? OR new LIKE ?)",
                                       (f'%"{record}"%', f'%"{record}"%'))  # fmt: skip
            if record in (e.operation.old or {}).values() or record in (e.operation.new or {}).values()
        ]
        entries.sort(key=lambda e: (e.hlc, e.device, e.seq))
        lines = []
        for entry in entries:
            words = self._words(conn, entry)
            if words:
                lines.append(HistoryLine(logged_at(entry.hlc), words, entry))
        return lines

    # -- words ------------------------------------------------------------------------------
    def _words(self, conn, entry: changelog.Entry) -> str:
        op = entry.operation
        if entry.table == "membership":
            group = self._name(conn, "networking_group", (op.new or op.old or {}).get("group_id"))
            if op.field == changelog.EXISTING:
                return f"member of {group} when the change log began"
            return f"joined {group}" if op.field == CREATED else f"left {group}"
        if op.field == CREATED:
            return "recorded" if entry.table != "status_change" else ""
        if op.field == changelog.EXISTING:
            return "in the folder when its change log began" if entry.table != "status_change" else ""
        if op.field == PURGED:
            return "deleted for good (emptying the trash)"
        if op.field in QUIET:
            return ""
        if op.field == "deleted_at":
            return "moved to the trash" if op.new else "brought back from the trash"
        label = WORDS.get(op.field, op.field.replace("_", " "))
        old, new = self._value(conn, op.field, op.old), self._value(conn, op.field, op.new)
        return f"{label}: {old} → {new}"

    def title(self, table: str, record: str) -> str:
        """What a person calls a record: a contact's or group's name, "the referral of …";
        "" for other kinds."""
        if table not in ("contact", "networking_group", "referral"):
            return ""
        return self._name(self.folder.connection(), table, record)

    def _name(self, conn, table: str, record: str | None) -> str:
        if not record:
            return "—"
        if table == "referral":  # known by its prospect
            row = conn.execute(
                "SELECT 'the referral of ' || c.name FROM referral r"
                " JOIN contact c ON c.id = r.prospect_id WHERE r.uuid = ?",
                (record,),
            ).fetchone()
        else:
            row = conn.execute(f"SELECT name FROM {table} WHERE uuid = ?", (record,)).fetchone()
        return row[0] if row else "one since deleted for good"

    def _value(self, conn, field: str, value: Any) -> str:
        if value is None or value == "":
            return "(none)"
        if field == "status":
            try:
                return STATUS_LABELS[Status(value)].lower()
            except ValueError:
                return str(value)
        if field.endswith("_id"):
            table = {"group_id": "networking_group", "referral_id": "referral"}.get(field, "contact")
            return self._name(conn, table, value)
        if field == "value_cents" and isinstance(value, int):
            return f"${value / 100:,.2f}"
        if field == "meeting_weekday" and isinstance(value, int) and 0 <= value <= 6:
            return WEEKDAYS[value]
        if field.startswith("is_") or field == "meets_on_holidays":
            return "yes" if value else "no"
        if isinstance(value, str):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return day_words(dt.date.fromisoformat(value))
            if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", value):
                moment = dt.datetime.fromisoformat(value)
                return f"{day_words(moment.date())}, {moment:%H:%M}"
            if value.startswith("["):
                try:
                    return ", ".join(json.loads(value)) or "(none)"
                except (ValueError, TypeError):
                    pass
            text = " ".join(value.split())
            return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"
        return str(value)
