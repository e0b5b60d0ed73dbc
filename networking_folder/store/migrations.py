"""The schema's history. ``PRAGMA user_version`` says which of these a file has had.

Each migration is registered by the version it produces; its docstring is the changelog.
It runs in its own transaction together with its version bump, so a file is always at a
whole version. The DDL is written out here, frozen, instead of derived from the records:
the records change, a migration must not. Every migration has a test that upgrades a file
of the previous version (tests/unit/test_migrations.py checks that none is missing).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {}

# Written in the file's header so that another program's SQLite file is recognised as such.
APPLICATION_ID = 0x4E464F4C  # "NFOL"


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(func: Migration) -> Migration:
        assert version not in MIGRATIONS, f"two migrations to version {version}"
        MIGRATIONS[version] = func
        return func

    return register


@migration(1)
def create_folder(conn: sqlite3.Connection) -> None:
    """Version 1: contacts, networking groups and memberships, referrals with their status
    history, follow-ups, notes and interactions, settings. Rows are deleted softly: a
    ``deleted_at`` time and a ``trash_batch`` that restores everything deleted together."""
    _run_script(
        conn,
        """
        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            company TEXT NOT NULL DEFAULT '',
            profession TEXT NOT NULL DEFAULT '',
            phones TEXT NOT NULL DEFAULT '[]',
            emails TEXT NOT NULL DEFAULT '[]',
            address TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            linkedin TEXT NOT NULL DEFAULT '',
            is_partner INTEGER NOT NULL DEFAULT 0,
            how_met TEXT NOT NULL DEFAULT '',
            met_on DATE,
            rapport INTEGER CHECK (rapport BETWEEN 1 AND 5),
            ideal_referral TEXT NOT NULL DEFAULT '',
            cadence_days INTEGER CHECK (cadence_days > 0),
            tags TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER
        );
        CREATE INDEX contact_live_name ON contact (deleted_at, name);

        CREATE TABLE networking_group (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            meeting_weekday INTEGER CHECK (meeting_weekday BETWEEN 0 AND 6),
            meeting_time TEXT,
            location TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER
        );

        CREATE TABLE membership (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL REFERENCES networking_group (id) ON DELETE CASCADE,
            UNIQUE (contact_id, group_id)
        );
        CREATE INDEX membership_group ON membership (group_id);

        CREATE TABLE referral (
            id INTEGER PRIMARY KEY,
            date DATE NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('given', 'received')),
            -- NULL stands for the user: the referrer of a given referral, the recipient of a received one.
            referrer_id INTEGER REFERENCES contact (id),
            recipient_id INTEGER REFERENCES contact (id),
            prospect_id INTEGER NOT NULL REFERENCES contact (id),
            group_id INTEGER REFERENCES networking_group (id) ON DELETE SET NULL,
            need TEXT NOT NULL DEFAULT '',
            is_lead INTEGER NOT NULL DEFAULT 0,
            warmth INTEGER NOT NULL DEFAULT 3 CHECK (warmth BETWEEN 1 AND 5),
            best_time_to_call TEXT NOT NULL DEFAULT '',
            budget TEXT NOT NULL DEFAULT '',
            urgency TEXT NOT NULL DEFAULT '',
            learned TEXT NOT NULL DEFAULT '',
            also_given_to TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            value_cents INTEGER CHECK (value_cents >= 0),
            fee_kind TEXT NOT NULL DEFAULT 'none' CHECK (fee_kind IN ('none', 'fee', 'gift')),
            fee_description TEXT NOT NULL DEFAULT '',
            fee_disclosed_on DATE,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER,
            CHECK ((direction = 'given' AND referrer_id IS NULL AND recipient_id IS NOT NULL)
                OR (direction = 'received' AND recipient_id IS NULL AND referrer_id IS NOT NULL))
        );
        CREATE INDEX referral_live ON referral (deleted_at, direction, date);
        CREATE INDEX referral_prospect ON referral (prospect_id);
        CREATE INDEX referral_referrer ON referral (referrer_id);
        CREATE INDEX referral_recipient ON referral (recipient_id);

        CREATE TABLE status_change (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
            at DATETIME NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            by TEXT NOT NULL DEFAULT 'you',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX status_change_referral ON status_change (referral_id, at);

        CREATE TABLE follow_up (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            due DATE NOT NULL,
            contact_id INTEGER REFERENCES contact (id) ON DELETE CASCADE,
            referral_id INTEGER REFERENCES referral (id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
            outcome TEXT NOT NULL DEFAULT '',
            completed_at DATETIME,
            rule TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER
        );
        CREATE INDEX follow_up_live ON follow_up (deleted_at, state, due);
        CREATE INDEX follow_up_contact ON follow_up (contact_id);
        CREATE INDEX follow_up_referral ON follow_up (referral_id);

        CREATE TABLE note (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'note',
            at DATETIME NOT NULL,
            contact_id INTEGER REFERENCES contact (id) ON DELETE CASCADE,
            referral_id INTEGER REFERENCES referral (id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER
        );
        CREATE INDEX note_contact ON note (contact_id, at);
        CREATE INDEX note_referral ON note (referral_id);

        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


@migration(2)
def follow_up_rule_links(conn: sqlite3.Connection) -> None:
    """Version 2: a follow-up made by a rule carries the rule's key (so a rule never makes
    the same one twice), the status change that made it, and the one that closed it (so
    undoing that change withdraws or reopens it)."""
    _run_script(
        conn,
        """
        ALTER TABLE follow_up ADD COLUMN rule_key TEXT;
        ALTER TABLE follow_up ADD COLUMN made_by_change_id INTEGER REFERENCES status_change (id) ON DELETE SET NULL;
        ALTER TABLE follow_up ADD COLUMN closed_by_change_id INTEGER REFERENCES status_change (id) ON DELETE SET NULL;
        CREATE INDEX follow_up_rule_key ON follow_up (rule_key) WHERE rule_key IS NOT NULL;
        """,
    )


# The search index: an FTS5 table for each kind (contacts, notes, referral needs), so that a
# search of one kind never walks the matches of another; rowid is the record's id. The text
# is folded by nf_fold (domain.text.fold, registered on every connection) so that "zoe"
# finds "Zoë" and "zolc" finds "Żółć", letters SQLite's own folding leaves alone.
SEARCH_TABLES = {
    "contact": (
        "search_contact",
        "nf_fold({r}.name), nf_fold({r}.company || ' ' || {r}.profession || ' ' || {r}.ideal_referral || ' ' "
        "|| {r}.how_met || ' ' || {r}.notes || ' ' || {r}.tags || ' ' || {r}.emails)",
    ),
    "note": ("search_note", "'', nf_fold({r}.body)"),
    "referral": (
        "search_referral",
        "'', nf_fold({r}.need || ' ' || {r}.learned || ' ' || {r}.also_given_to)",
    ),
}


def _search_index(table: str, index: str, text: str) -> str:
    new = text.format(r="new")
    return f"""
        CREATE VIRTUAL TABLE {index} USING fts5(
            title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
        );
        CREATE TRIGGER {index}_insert AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN
            INSERT INTO {index} (rowid, title, body) VALUES (new.id, {new});
        END;
        CREATE TRIGGER {index}_update AFTER UPDATE ON {table} BEGIN
            DELETE FROM {index} WHERE rowid = old.id;
            INSERT INTO {index} (rowid, title, body) SELECT new.id, {new} WHERE new.deleted_at IS NULL;
        END;
        CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN
            DELETE FROM {index} WHERE rowid = old.id;
        END;
        INSERT INTO {index} (rowid, title, body) SELECT new.id, {new} FROM {table} AS new WHERE new.deleted_at IS NULL;
    """


@migration(3)
def search_and_drafts(conn: sqlite3.Connection) -> None:
    """Version 3: full-text search over contacts, notes and referral needs (a table for each,
    kept in step by triggers); and drafts, where a note being written is kept until it is
    saved."""
    script = """
        CREATE TABLE draft (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
            contact_name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'note',
            at DATETIME,
            body TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            next_due DATE,
            updated_at DATETIME NOT NULL
        );
    """
    for table, (index, text) in SEARCH_TABLES.items():
        script += _search_index(table, index, text)
    _run_script(conn, script)


@migration(4)
def group_meets_on_holidays(conn: sqlite3.Connection) -> None:
    """Version 4: a networking group says whether it meets on public holidays (most do not,
    so existing groups say no): the thank-you "at the next meeting" and the meeting the
    tracking sheet announces skip a holiday unless it does."""
    _run_script(
        conn,
        """
        ALTER TABLE networking_group ADD COLUMN meets_on_holidays INTEGER NOT NULL DEFAULT 0
            CHECK (meets_on_holidays IN (0, 1));
        """,
    )


# The tables whose rows were records at version 5, with the column that says when each was
# made (None: the table keeps no time; its rows are taken in the order of their row numbers).
# Frozen for migration 5; RECORD_TABLES below holds every record table of today.
V5_RECORD_TABLES = {
    "contact": "created_at",
    "networking_group": "created_at",
    "membership": None,
    "referral": "created_at",
    "status_change": "at",
    "follow_up": "created_at",
    "note": "created_at",
    "setting": None,
}


@migration(5)
def record_uuids_and_change_log(conn: sqlite3.Connection) -> None:
    """Version 5: every record has a UUID (version 7, time-ordered), the same in every copy
    of the folder; existing rows get theirs in the order they were made, every other byte of
    them kept. And the change log: each change made through the services, as operations
    (record, field, old and new value) stamped with a hybrid logical clock and chained per
    device by hashes, so that an edit, an insertion or a removal in the log shows."""
    from networking_folder.store.identity import milliseconds, uuid7_at

    # The search index's update triggers rewrote a row's entry on any change (a UUID given,
    # a status moved); from now on only a change to the text it indexes, or a delete, does.
    # (Dropped first, so the UUIDs below are not 200,000 rewrites of the index.)
    searched = {
        "contact": "name, company, profession, ideal_referral, how_met, notes, tags, emails",
        "note": "body",
        "referral": "need, learned, also_given_to",
    }
    for table in searched:
        conn.execute(f"DROP TRIGGER {SEARCH_TABLES[table][0]}_update")
    for table, made_at in V5_RECORD_TABLES.items():
        conn.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        key = "rowid"
        order = f"{made_at}, {key}" if made_at else key
        when = made_at or "NULL"
        rows = conn.execute(f"SELECT {key}, {when} FROM {table} ORDER BY {order}").fetchall()
        fallback = milliseconds(conn.execute("SELECT datetime('now', 'localtime')").fetchone()[0])
        last_ms, counter = -1, 0
        for rowid, made in rows:
            ms = max(milliseconds(made) or fallback, last_ms)  # never earlier than the last
            counter = counter + 1 if ms == last_ms else 0
            if counter > 0xFFF:
                ms, counter = ms + 1, 0
            last_ms = ms
            conn.execute(
                f"UPDATE {table} SET uuid = ? WHERE {key} = ?", (uuid7_at(ms, counter), rowid)
            )
        conn.execute(f"CREATE UNIQUE INDEX {table}_uuid ON {table} (uuid)")
    for table, columns in searched.items():
        index, text = SEARCH_TABLES[table]
        _run_script(
            conn,
            f"""
            CREATE TRIGGER {index}_update AFTER UPDATE OF {columns}, deleted_at ON {table} BEGIN
                DELETE FROM {index} WHERE rowid = old.id;
                INSERT INTO {index} (rowid, title, body) SELECT new.id, {text.format(r="new")} WHERE new.deleted_at IS NULL;
            END;
            """,
        )
    _run_script(
        conn,
        """
        CREATE TABLE change_log (
            device TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq >= 1),
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            record TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (device, seq)
        ) WITHOUT ROWID;
        CREATE INDEX change_log_record ON change_log (record, hlc);
        CREATE INDEX change_log_hlc ON change_log (hlc);
        CREATE INDEX change_log_table ON change_log (tbl);
        """,
    )


@migration(6)
def partner_ask(conn: sqlite3.Connection) -> None:
    """Version 6: a partner's current ask (what they want introductions to now), and the day
    it was set: on their page and the one-to-one sheet."""
    _run_script(
        conn,
        """
        ALTER TABLE contact ADD COLUMN ask TEXT NOT NULL DEFAULT '';
        ALTER TABLE contact ADD COLUMN ask_set_on DATE;
        """,
    )


@migration(7)
def follow_up_place(conn: sqlite3.Connection) -> None:
    """Version 7: a follow-up can say where it happens (a recon meeting at the partner's
    place of work, seed 002)."""
    _run_script(conn, "ALTER TABLE follow_up ADD COLUMN place TEXT NOT NULL DEFAULT '';\n")


@migration(8)
def contact_sources(conn: sqlite3.Connection) -> None:
    """Version 8: where each contact came from: the files they were imported from, as
    [source, key] pairs (a vCard's UID, a LinkedIn profile's address, a row's own id), so that
    importing the same file again finds them even without an email."""
    _run_script(conn, "ALTER TABLE contact ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';\n")


# The namespace of the UUIDs of fees moved into the register (migration 9, old archives).
_MOVED_FEES = "6f1c0b6e-2c2a-4b7e-9a51-3b1d8f0e9a09"  # (a UUID namespace)


@migration(9)
def promoter_register(conn: sqlite3.Connection) -> None:
    """Version 9: the promoter register (R11). A person who refers prospects to you is your
    client or not, and may have a written agreement on file (its day, and where it is kept);
    compensation items are what they were given, cash or not, each dated and valued, for a
    referral or not; a referral says how its disclosure was given (its day was already kept).
    The fee or gift a received referral held becomes a compensation item of its referrer,
    dated the referral's day and valued at the amount its words name ("Gift card, $50"; none
    named: value not recorded), in the trash if the referral is; fees on referrals you gave
    are your income and stay where they are. The move is logged like any change."""
    _run_script(
        conn,
        """
        ALTER TABLE contact ADD COLUMN is_client INTEGER CHECK (is_client IN (0, 1));
        ALTER TABLE contact ADD COLUMN agreement_on DATE;
        ALTER TABLE contact ADD COLUMN agreement_kept_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE referral ADD COLUMN disclosed_how TEXT NOT NULL DEFAULT '';
        CREATE TABLE compensation (
            id INTEGER PRIMARY KEY,
            promoter_id INTEGER NOT NULL REFERENCES contact (id),
            referral_id INTEGER REFERENCES referral (id),
            given_on DATE NOT NULL,
            value_cents INTEGER CHECK (value_cents >= 0),
            cash INTEGER NOT NULL DEFAULT 0 CHECK (cash IN (0, 1)),
            description TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            deleted_at DATETIME,
            trash_batch INTEGER,
            uuid TEXT
        );
        CREATE UNIQUE INDEX compensation_uuid ON compensation (uuid);
        CREATE INDEX compensation_promoter ON compensation (promoter_id, given_on);
        CREATE INDEX compensation_referral ON compensation (referral_id);
        """,
    )
    from networking_folder.store import changelog

    moved = conn.execute(
        "SELECT r.uuid, p.uuid, r.date, r.fee_kind, r.fee_description, r.updated_at,"
        " r.deleted_at, r.trash_batch FROM referral AS r JOIN contact AS p ON p.id = r.referrer_id"
        " WHERE r.direction = 'received' AND (r.fee_kind <> 'none' OR r.fee_description <> '')"
        " ORDER BY r.id"
    ).fetchall()
    operations = []
    for referral, promoter, day, kind, words, changed, deleted, batch in moved:
        item, values = moved_fee(referral, promoter, day, kind, words, changed, deleted, batch)
        operations.append(changelog.Operation("compensation", item, changelog.CREATED, None, values))
        if kind != "none":
            operations.append(changelog.Operation("referral", referral, "fee_kind", kind, "none"))
        if words:
            operations.append(changelog.Operation("referral", referral, "fee_description", words, ""))
    changelog.apply(conn, operations)
    # A folder whose log has begun logs the move; one from before the log is logged whole,
    # as it stands, when it first opens (Folder._log_baseline). A copy read into memory for a
    # command that only reads logs nothing (and never needs this device's identity).
    in_memory = conn.execute("PRAGMA database_list").fetchone()[2] == ""
    if operations and not in_memory and not changelog.needs_baseline(conn):
        from networking_folder.store.identity import device_id

        changelog.append(conn, device_id(), operations)


def moved_fee(
    referral: str, promoter: str, day: str, kind: str, words: str, changed: str,
    deleted: str | None = None, batch: int | None = None,
) -> tuple[str, dict]:  # fmt: skip
    """A received referral's fee or gift (of version 8) as a compensation item of its referrer
    (references as UUIDs): its UUID, made from the referral's, so that the same fee always
    becomes the same item (a copy read twice, an old archive imported into an upgraded
    folder), and its values."""
    import uuid  # (here: opening a folder need not load it, nor the platform module it loads)

    words = (words or "").strip()
    return str(uuid.uuid5(uuid.UUID(_MOVED_FEES), referral)), {
        "promoter_id": promoter,
        "referral_id": referral,
        "given_on": day,
        "value_cents": dollars_named(words),
        "cash": int(kind == "fee"),
        "description": words or ("Referral fee" if kind == "fee" else "Gift"),
        "created_at": changed,
        "updated_at": changed,
        "deleted_at": deleted,
        "trash_batch": batch,
    }


def dollars_named(words: str) -> int | None:
    """The amount in cents that words such as "Gift card, $50" or "$1,250.50 fee" name (None
    when they name none, or one past what the program keeps: 100 billion)."""
    import re

    found = re.search(r"\$\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?!\d)", words)
    if not found:
        return None
    cents = (found.group(2) or "0").ljust(2, "0")
    value = int(found.group(1).replace(",", "")) * 100 + int(cents)
    return value if value <= 10**13 else None


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would COMMIT the open transaction first."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete statement in migration: {statement!r}")


# Every table whose rows are records today, with the column that says when each was made.
RECORD_TABLES = {**V5_RECORD_TABLES, "compensation": "created_at"}

LATEST_VERSION = max(MIGRATIONS)


def pending(current: int) -> list[int]:
    return [v for v in sorted(MIGRATIONS) if v > current]


def apply(conn: sqlite3.Connection, version: int) -> None:
    """Run one migration and its version bump as one transaction (``conn`` in autocommit)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {int(version)}")
        if version == 1:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        # SQLite may have rolled back by itself (a full disk): then the error is the news.
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
