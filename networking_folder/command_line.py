"""The command line's commands and their parser (networking_folder.cli.main hands over here
when the command line is more than opening the window). No sub-command opens the window;
the others work headless."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sqlite3
import sys
from pathlib import Path

from networking_folder import __version__, paths
from networking_folder.cli import open_window
from networking_folder.store.errors import FolderError

PROG = "networking-folder"


def _one_line(text: str) -> str:
    """``text`` as one line: line breaks and other control characters (from a path or a name
    the user typed) shown escaped, "\\r" as backslash-r; bidirectional overrides too."""
    import unicodedata

    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
        or "\u202a" <= ch <= "\u202e"
        or "\u2066" <= ch <= "\u2069"
        else ch
        for ch in text
    )


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {_one_line(message)}", file=sys.stderr)
    return code


class _Parser(argparse.ArgumentParser):
    """Errors in one line, not usage + error. A command whose words may start with "-" (they
    look like options) gives ``dash_hint``, what the words are for, and its errors about such
    a word say to put -- before it."""

    def __init__(self, *args, dash_hint: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dash_hint = dash_hint
        self._args: list[str] = []

    def parse_known_args(self, args=None, namespace=None):
        self._args = list(sys.argv[1:] if args is None else args)
        namespace, extras = super().parse_known_args(args, namespace)
        if self.dash_hint and extras:  # said here, with the hint, rather than by the top level
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def _hint(self, message: str) -> str:
        if not self.dash_hint or not message.startswith(
            ("unrecognized arguments", "the following arguments are required")
        ):
            return ""
        words = self._args[: self._args.index("--")] if "--" in self._args else self._args
        for word in words:
            option = word.split("=", 1)[0]
            if word.startswith("-") and not any(
                known.startswith(option) for known in self._option_string_actions
            ):
                return (
                    f'; {self.dash_hint} that starts with "-", put -- before it '
                    f"(after any options): {self.prog} -- {word}"
                )
        return ""

    def error(self, message: str) -> None:  # one line, not usage + error
        line = f"{self.prog}: {message}{self._hint(message)} (see --help)"
        self.exit(2, _one_line(line) + "\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"use the folder in DIR instead of your own (the window and demo make it if missing); also ${paths.ENV_DATA_DIR}",
    )
    parser = _Parser(
        prog=PROG,
        parents=[common],
        description="Networking Folder: your contacts, referrals given and received, and follow-ups. "
        "With no command, opens the window on your folder.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="fill a sample folder with realistic data and open it",
        description="Fill a sample folder (its own place, never your real folder; or DIR with "
        "--data-dir, which must not hold data yet) and open it.",
    )
    demo.add_argument(
        "--no-open", action="store_true", help="create the demo folder without opening a window"
    )
    due = commands.add_parser(
        "due",
        parents=[common],
        help="list the follow-ups due by a date (default today), overdue first",
        description="List the open follow-ups due on or before DATE (default today), overdue first.",
    )
    due.add_argument(
        "--on", metavar="DATE", type=_iso_date, help="a date as YYYY-MM-DD (default: today)"
    )
    due.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    search = commands.add_parser(
        "search",
        parents=[common],
        help="find contacts, notes and referrals by any words in them",
        description="Find contacts, notes and referral needs; accents and case do not matter, and "
        'each word matches as a prefix ("mul" finds "Müller"). Put -- before text that starts '
        'with "-": networking-folder search -- -word',
        dash_hint="to search for text",
    )
    search.add_argument("text", metavar="TEXT", nargs="+", help="the words to find")
    search.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="write a checked backup of the folder and print its path",
        description="Write a backup of the folder (checked after writing) and print its path.",
    )
    backup.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it (default: the folder's backups/)"
    )
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="put a backup in place of the folder (the current one is backed up first)",
        description="Replace the folder's data by the backup FILE. The current data is backed up first.",
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="yes, replace the folder's data")
    commands.add_parser(
        "check",
        parents=[common],
        help="check the folder for damage and count what it holds",
        description="Check the folder's data file; exit 0 when sound, 1 when damaged.",
    )
    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="show the change log's chains; --verify checks they are whole",
        description="The change log records every change, chained per device by hashes, so "
        "that an edited, inserted or removed entry shows (tamper-evident: someone who rewrites "
        "the whole chain is caught only against a head recorded elsewhere). With --verify: "
        "exit 0 when every chain is whole and holds the heads recorded in the folder's backups "
        "(and in --against FILE / --head), 1 naming the first broken entry.",
    )
    audit.add_argument("--verify", action="store_true", help="check every chain; exit 1 if broken")
    audit.add_argument(
        "--against",
        metavar="FILE",
        action="append",
        default=[],
        help="also a backup kept elsewhere: the log must still hold its heads",
    )
    audit.add_argument(
        "--head",
        metavar="DEVICE:SEQ:HASH",
        action="append",
        default=[],
        type=_head,
        help="also a head printed earlier (by check, or on a report)",
    )
    partners = commands.add_parser(
        "partners",
        parents=[common],
        help="the partners' scorecards for a quarter: who sends business, who is owed",
        description="Each partner's scorecard for the quarter (default: this one): referrals "
        "each way, closed business each way, conversion, median days to first contact, "
        "one-to-ones, last touch, and whether they are following up. Counts go by the "
        "referral's date, closed value by the day the business closed.",
    )
    partners.add_argument("--quarter", metavar="YYYY-Qn", type=_quarter, help="e.g. 2026-Q4")
    partners.add_argument(
        "--sort",
        choices=("most", "owe", "quiet"),
        default="most",
        help="most: sends me the most (default); owe: I owe them; quiet: going quiet",
    )
    partners.add_argument("--json", action="store_true", help="print a JSON list instead")
    history = commands.add_parser(
        "history",
        parents=[common],
        help="what was recorded about a contact or referral, and when, from the change log",
        description="Print a record's history from the change log, oldest first. RECORD is a "
        "UUID, KIND:ID (contact:12, referral:7, follow_up:3, note:5, networking_group:1) or a "
        "bare ID that names one contact or one referral.",
    )
    history.add_argument("record", metavar="RECORD", help="a UUID, KIND:ID or ID")
    history.add_argument("--json", action="store_true", help="print a JSON document instead")
    sheet = commands.add_parser(
        "sheet",
        parents=[common],
        help="write the weekly tracking sheet as a PDF",
        description="Write the weekly tracking sheet as a PDF and print its path. The week defaults to "
        "that of the group's next meeting; the group to the one that meets next.",
    )
    when = sheet.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W48")
    when.add_argument(
        "--date", metavar="DATE", type=_iso_date, help="any day of the week, as YYYY-MM-DD"
    )
    sheet.add_argument("--group", metavar="NAME", help="the networking group (its name)")
    report = commands.add_parser(
        "report",
        parents=[common],
        help="write a report as a PDF: the quarter's review, or a one-to-one sheet",
        description="Write a report as a PDF and print its path.",
    )
    kinds = report.add_subparsers(dest="report", metavar="KIND", required=True)
    quarter = kinds.add_parser(
        "quarter",
        help="the quarter's scorecards, totals and charts, for your own review",
        description="The quarter's totals against the quarter before, the last 12 months and "
        "each partner's give and take as charts, and every partner's scorecard.",
    )
    quarter.add_argument("--quarter", metavar="YYYY-Qn", type=_quarter, help="default: this one")
    quarter.add_argument("-o", "--output", metavar="FILE",
                         help="where to write it (default: quarter-report-YYYY-Qn.pdf)")  # fmt: skip
    meeting = kinds.add_parser(
        "one-to-one",
        help="one page to take to a one-to-one with NAME",
        description="Their profile and ideal referral, their current ask, the referrals "
        "between you both ways with values, open items, your last notes, good questions. "
        "NAME is a contact's whole name (or part of it, when only one matches) or contact:ID.",
    )
    meeting.add_argument("name", metavar="NAME")
    meeting.add_argument("-o", "--output", metavar="FILE",
                         help="where to write it (default: one-to-one-NAME-DATE.pdf)")  # fmt: skip
    sheet.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the PDF (default: tracking-sheet-YYYY-Www.pdf)",
    )
    register = commands.add_parser(
        "register",
        parents=[common],
        help="the promoter register (SEC Marketing Rule): print it, or write it as PDF, CSV or JSON",
        description="The promoter register, for your records or an examination: everyone who "
        "refers prospects to you, whether they are your client, what they were given (cash "
        "or not) and the twelve-month total against your threshold, their written agreement, "
        "the disclosure of each referral, the warnings, and the change log's chain heads. A "
        "record of facts, not legal advice. Without --year: as of today, every item recorded; "
        "with --year: the items given that year, totals and warnings as of its last day. "
        "Without -o it is printed; -o FILE writes a .pdf, .csv or .json (by its suffix).",
    )
    register.add_argument("--year", metavar="YYYY", type=_year, help="a calendar year, e.g. 2025")
    register.add_argument("--json", action="store_true", help="print a JSON document instead of text")
    register.add_argument(
        "-o", "--output", metavar="FILE", help="write it to FILE: .pdf, .csv or .json"
    )
    importing = commands.add_parser(
        "import",
        parents=[common],
        help="bring people in from a vCard, a CSV export or a folder archive",
        description="Bring people in from a vCard file (.vcf), a CSV export of Google Contacts, "
        "Outlook or LinkedIn (Connections.csv), any other CSV, or a folder archive (JSON). "
        "The format is found by itself. People already in your folder are found again (by "
        "where they came from, LinkedIn profile, email or phone): only their empty fields are "
        "filled; a field that differs is listed and left as it is (decide in the window).",
    )
    importing.add_argument("file", metavar="FILE", help="the file to import")
    importing.add_argument(
        "--format", choices=("vcard", "google", "outlook", "linkedin", "csv", "json"),
        help="the file's format, when it is not found by itself",
    )  # fmt: skip
    importing.add_argument(
        "--map", metavar="FIELD=COLUMN", action="append", default=[],
        help="for any other CSV: the column that holds a field (name, first_name, last_name, "
        "company, profession, phones, emails, address, website, linkedin, notes, tags, key); "
        "may be given again; remembered for files with the same columns",
    )  # fmt: skip
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would change, and change nothing"
    )
    importing.add_argument("--json", action="store_true", help="print a JSON document instead of text")
    exporting = commands.add_parser(
        "export",
        parents=[common],
        help="write your contacts or the whole folder to vCard, CSV, JSON or a calendar",
        description="Write your contacts as vCards (4.0; --vcard-version 3.0 for older "
        "Outlook), every table as CSV (into the folder PATH, or a .zip), the whole folder "
        "as one JSON archive (which import takes back whole), or the follow-ups, one-to-ones "
        "and group meetings as a calendar (.ics). Files are private to you.",
    )
    exporting.add_argument(
        "--format", required=True, choices=("vcard", "csv", "json", "ics"), help="what to write"
    )
    exporting.add_argument("-o", "--output", metavar="PATH", required=True, help="where to write it")
    exporting.add_argument(
        "--vcard-version", choices=("4.0", "3.0"), default="4.0",
        help="vCard version (default 4.0; 3.0 for older Outlook)",
    )  # fmt: skip
    return parser


def _quarter(text: str):
    from networking_folder.services.scorecards import Quarter

    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"“{text}” is not a year: write it as YYYY, e.g. 2025")
    return int(text)


def _head(text: str) -> tuple[str, int, str]:
    device, _, rest = text.partition(":")
    seq, _, digest = rest.partition(":")
    if not (device and seq.isdigit() and re.fullmatch(r"[0-9a-f]{64}", digest)):
        raise argparse.ArgumentTypeError(f"“{text}” is not a head: write DEVICE:SEQ:HASH")
    return device, int(seq), digest


def _iso_date(text: str) -> dt.date:
    from networking_folder.domain.validation import MAX_DATE, MIN_DATE

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date: write it as YYYY-MM-DD"
        ) from None
    if not MIN_DATE <= day <= MAX_DATE:  # 9999-12-31 would overflow date arithmetic later
        raise argparse.ArgumentTypeError(
            f"“{text}” is out of range: dates must be between 1900 and 2199"
        )
    return day


def run(argv: list[str] | None = None) -> int:
    """The command line ``argv`` (sys.argv's by default): parsed, then run."""
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    try:
        if args.command == "demo":
            return _demo(data_dir, then_open=not args.no_open)
        if args.command == "backup":
            return _backup(paths.chosen_folder_dir(data_dir), args.output)
        if args.command == "restore":
            return _restore(
                paths.chosen_folder_dir(data_dir), paths.user_path(args.file), args.yes
            )
        if args.command == "check":
            return _check(paths.chosen_folder_dir(data_dir))
        if args.command == "search":
            return _search(paths.chosen_folder_dir(data_dir), " ".join(args.text), args.json)
        if args.command == "partners":
            return _partners(paths.chosen_folder_dir(data_dir), args)
        if args.command == "history":
            return _history(paths.chosen_folder_dir(data_dir), args.record, args.json)
        if args.command == "audit":
            return _audit(paths.chosen_folder_dir(data_dir), args)
        if args.command == "sheet":
            return _sheet(paths.chosen_folder_dir(data_dir), args)
        if args.command == "report":
            return _report(paths.chosen_folder_dir(data_dir), args)
        if args.command == "register":
            return _register(paths.chosen_folder_dir(data_dir), args)
        if args.command == "import":
            return _import(paths.chosen_folder_dir(data_dir), args)
        if args.command == "export":
            return _export(paths.chosen_folder_dir(data_dir), args)
        if args.command == "due":
            return _due(paths.chosen_folder_dir(data_dir), args.on, args.json)
        return open_window(paths.chosen_folder_dir(data_dir))
    except FolderError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _due(directory: Path, on: dt.date | None, as_json: bool) -> int:
    from networking_folder.services import Folder

    today = dt.date.today()
    day = on or today
    # A copy in memory: the daily rules' reconnects show, and the file is never written.
    with Folder.snapshot(directory) as folder:
        folder.apply_daily_rules(today)
        rows = folder.follow_ups.due_by(day)
        if as_json:
            uuids = folder.uuids("follow_up", (r.id for r in rows))
            contacts = folder.uuids("contact", (r.contact_id for r in rows))
            referrals = folder.uuids("referral", (r.referral_id for r in rows))
    if as_json:
        items = [
            {
                "id": r.id,
                "uuid": uuids[r.id],
                "kind": r.kind.value,
                "title": r.title,
                "due": r.due.isoformat(),
                "overdue": r.due < day,
                "contact": r.contact or None,
                "contact_id": r.contact_id,
                "contact_uuid": contacts.get(r.contact_id),
                "referral": r.referral_id,
                "referral_uuid": referrals.get(r.referral_id),
                "rule": r.rule or None,
                "reason": r.reason,
                "place": r.place,
                "state": r.state.value,
            }
            for r in rows
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    from networking_folder.domain.rules import plain_reason
    from networking_folder.domain.text import day_words

    if not rows:
        print(f"Nothing due by {day_words(day)}.")
        return 0
    for heading, group in (
        ("Overdue", [r for r in rows if r.due < day]),
        (
            f"Due {'today' if day == today else 'on ' + day_words(day)}",
            [r for r in rows if r.due == day],
        ),
    ):
        if group:
            print(f"{heading} ({len(group)})")
            for r in group:
                # The rule's plain reason, never its key ("R3" is for --json).
                made_by = f"  ({plain_reason(r.rule)})" if r.rule else ""
                who = f" — {r.contact}" if r.contact and r.contact not in r.title else ""
                where = f" — at {r.place}" if r.place else ""
                print(f"  {day_words(r.due)}  {r.title}{who}{where}{made_by}")
    return 0


def _backup(directory: Path, output: str | None) -> int:
    """Only reads the data file; writes only under backups/ (or to FILE)."""
    import datetime as dt_

    from networking_folder.services.backups import take_backup
    from networking_folder.services.folder import DATA_FILE_NAME, existing_data_file, outside_folder
    from networking_folder.store.backup import unique_path
    from networking_folder.store.lock import FolderLock, tidy_after_reading

    path = existing_data_file(directory)
    stamp = dt_.datetime.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"networking-folder-{stamp}.sqlite3"
    if output:
        target = paths.user_path(output).absolute()
        if target.is_dir():
            target = unique_path(target / default_name)
        outside_folder(directory, target)
        if not target.parent.is_dir():
            return _fail(f"cannot write {target}: the folder {target.parent} does not exist.")
    else:
        target = unique_path(directory / "backups" / default_name)
    lock = FolderLock(directory)
    lock.share()
    try:
        thin_today = None if output else dt_.date.today()
        take_backup(directory / DATA_FILE_NAME, target, thin_today=thin_today)
    finally:
        lock.release()
        tidy_after_reading(path)
    print(target)
    return 0


def _restore(directory: Path, backup: Path, yes: bool) -> int:
    from networking_folder.services.backups import restore
    from networking_folder.services.folder import DATA_FILE_NAME
    from networking_folder.store.lock import FolderLock

    if not backup.is_file():
        return _fail(f"{backup} does not exist.")
    if not yes:
        return _fail(
            f"restoring replaces the data in {directory} by {backup}; run again with --yes to do it."
        )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = FolderLock(directory)
    lock.exclusive()  # refuses while the window or another command has the folder open
    try:
        restored = restore(directory / DATA_FILE_NAME, backup)
    finally:
        lock.release()
    print(f"Restored {backup} into {directory}.")
    if restored.safety is not None:
        print(f"What was there before is kept in {restored.safety}.")
    if restored.aside is not None:
        print(f"The damaged file was kept aside, untouched, as {restored.aside}.")
    if restored.unlogged:
        print(restored.unlogged, file=sys.stderr)
    return 0


def _check(directory: Path) -> int:
    from networking_folder.services.backups import newest_good_backup, restore_command
    from networking_folder.services.folder import existing_data_file
    from networking_folder.store import changelog
    from networking_folder.store.backup import check_file, counts_in
    from networking_folder.store.db import probe
    from networking_folder.store.errors import FolderDamaged, raise_classified
    from networking_folder.store.lock import FolderLock, tidy_after_reading

    path = existing_data_file(directory)
    lock = FolderLock(directory)
    lock.share()  # no restore swaps the file while it is read
    try:
        if probe(path, quick_check=False) == 0:
            problems = ["the file holds no folder (its making was cut short)"]
        else:
            problems = check_file(path, full=True)
        counts = {} if problems else counts_in(path)
        heads = {} if problems else changelog.read_heads(path)
    except FolderDamaged as exc:
        problems = [str(exc)]
    except sqlite3.Error as exc:  # a full disk, an I/O error: not damage
        raise_classified(exc, path)
    finally:
        lock.release()
        tidy_after_reading(path)
    if problems:
        print(f"{path}: DAMAGED", file=sys.stderr)
        for problem in problems[:10]:
            print(f"  {_one_line(problem)}", file=sys.stderr)
        backup = newest_good_backup(path)
        print(
            f"To restore the newest good backup: {restore_command(directory, backup.path)}"
            if backup is not None
            else "There is no good backup to restore.",
            file=sys.stderr,
        )
        return 1
    print(
        f"{path}: sound — {counts['contacts']:,} contacts, {counts['referrals']:,} referrals, "
        f"{counts['notes']:,} notes"
    )
    # The change log's heads: noted elsewhere, they let a later audit find a rewritten log.
    for device, (seq, digest) in heads.items():
        print(f"Change log head {device}:{seq}:{digest}")
    return 0


def _audit(directory: Path, args) -> int:
    from networking_folder.services import Folder
    from networking_folder.services.folder import existing_data_file
    from networking_folder.store import changelog

    path = existing_data_file(directory)
    recorded: list[tuple[str, dict]] = []  # (where a head was recorded, its heads)
    backups = sorted((directory / "backups").glob("networking-folder-*.sqlite3"))
    for backup in [*backups, *(Path(f) for f in args.against)]:
        if not backup.is_file():
            return _fail(f"{backup} does not exist.")
        if backup.resolve() == path.resolve():
            continue
        held = changelog.read_heads(backup)
        if not held and str(backup) in args.against:
            return _fail(f"{backup} holds no change log to check against.")
        recorded.append((backup.name, held))
    if args.head:
        recorded.append(("--head", {d: (seq, digest) for d, seq, digest in args.head}))
    with Folder.snapshot(directory) as folder:
        conn = folder.connection()
        heads = changelog.heads(conn)
        total = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        chains = changelog.verify_chains(conn) if args.verify else []
        problems = [f"{p}." for p in chains]
        broken = {p.device for p in chains}
        for where, held in recorded if args.verify else []:
            for problem in changelog.check_heads(conn, held):
                if problem.device not in broken:  # the first broken entry of each chain
                    problems.append(f"{problem} (the head recorded in {where}).")
                    broken.add(problem.device)
    devices = len(heads)
    print(
        f"The change log: {total:,} entries from {devices} device{'s' * (devices != 1)}."
    )
    for device, (seq, digest) in heads.items():
        print(f"  head {device}:{seq}:{digest}")
    if not args.verify:
        return 0
    if problems:
        for problem in problems:
            print(f"BROKEN: {problem}", file=sys.stderr)
        return 1
    checked = len(recorded)
    print(
        "Every chain is whole"
        + (f", and holds the heads recorded in {checked} other place{'s' * (checked != 1)}." if checked else ".")
    )
    return 0


def _partners(directory: Path, args) -> int:
    from networking_folder.domain.model import format_money
    from networking_folder.services import Folder
    from networking_folder.services.scorecards import Quarter

    today = dt.date.today()
    quarter = args.quarter or Quarter.of(today)
    with Folder.snapshot(directory) as folder:
        cards = folder.scorecards.partners(quarter, today, sort=args.sort)
    if args.json:
        iso = lambda day: day.isoformat() if day else None  # noqa: E731
        items = [
            {
                "id": c.id,
                "uuid": c.uuid,
                "name": c.name,
                "given": c.given,
                "received": c.received,
                "closed_value_received_cents": c.closed_value_received_cents,
                "closed_value_given_cents": c.closed_value_given_cents,
                "conversion": c.conversion,
                "median_days_to_first_contact": c.median_days_to_first_contact,
                "one_to_ones": c.one_to_ones,
                "last_one_to_one": iso(c.last_one_to_one),
                "next_one_to_one": iso(c.next_one_to_one),
                "last_touch": iso(c.last_touch),
                "not_following_up": c.not_following_up,
                "trend": c.trend,
                "owe": c.owe,
            }
            for c in cards
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    from networking_folder.domain.text import day_words

    print(f"Partners, {quarter} ({day_words(quarter.start)} to {day_words(quarter.end - dt.timedelta(days=1))})")
    if not cards:
        print("  No partners yet: mark a contact as a partner, or log a referral with them.")
        return 0
    header = f"  {'Name':<26} {'Gave':>4} {'Got':>4} {'Closed for you':>15} {'Closed by you':>14} {'Conv.':>6} {'Days':>5}  Last touch"
    print(header)
    for c in cards:
        conversion = f"{c.conversion:.0%}" if c.conversion is not None else "—"
        days = f"{c.median_days_to_first_contact:g}" if c.median_days_to_first_contact is not None else "—"
        touch = day_words(c.last_touch) if c.last_touch else "never"
        flag = "  ⚠ not following up" if c.not_following_up else ""
        name = c.name if len(c.name) <= 26 else c.name[:25] + "…"
        print(
            f"  {name:<26} {c.given:>4} {c.received:>4} "
            f"{format_money(c.closed_value_received_cents):>15} {format_money(c.closed_value_given_cents):>14} "
            f"{conversion:>6} {days:>5}  {touch}{flag}"
        )
    return 0


def _history(directory: Path, target: str, as_json: bool) -> int:
    from networking_folder.services import Folder

    with Folder.snapshot(directory) as folder:
        try:
            table, record = folder.history.find(target)
        except ValueError as exc:
            return _fail(str(exc))
        lines = folder.history.of(record)
        row = folder.query(f"SELECT id FROM {table} WHERE uuid = ?", (record,)) if table else []
        title = folder.history.title(table, record) if table else ""
    if as_json:
        document = {
            "uuid": record,
            "table": table or None,
            "id": row[0][0] if row else None,
            "entries": [
                {
                    "at": line.at.isoformat(),
                    "device": line.entry.device,
                    "seq": line.entry.seq,
                    "hlc": line.entry.hlc,
                    "table": line.entry.table,
                    "field": line.entry.field,
                    "old": line.entry.operation.old,
                    "new": line.entry.operation.new,
                    "words": line.words,
                }
                for line in lines
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if table == "referral":
        heading = title
    else:
        kind = {"networking_group": "group", "follow_up": "follow-up"}.get(table, table or "record")
        heading = f"{kind} “{title}”" if title else kind
    print(f"History of {heading} ({record})")
    if not lines:
        print("  Nothing logged yet (it was made before the change log began).")
    for line in lines:
        print(f"  {line.text}")
    return 0


def _search(directory: Path, text: str, as_json: bool) -> int:
    from networking_folder.services import Folder

    with Folder.snapshot(directory) as folder:
        hits = folder.search.find(text)
        tables = {"contact": "contact", "note": "note", "referral": "referral"}
        uuids = {
            kind: folder.uuids(table, (h.id for h in hits if h.kind == kind))
            for kind, table in tables.items()
        }
    if as_json:
        items = [
            {
                "kind": h.kind,
                "id": h.id,
                "uuid": uuids[h.kind][h.id],
                "title": h.title,
                "snippet": h.snippet,
            }
            for h in hits
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"Nothing found for “{text}”.")
        return 0
    headings = {"contact": "Contacts", "referral": "Referrals", "note": "Notes"}
    for kind, heading in headings.items():
        group = [h for h in hits if h.kind == kind]
        if group:
            print(f"{heading} ({len(group)})")
            for hit in group:
                print(f"  {hit.title}" + (f" — {hit.snippet}" if hit.snippet else ""))
    return 0


def _sheet(directory: Path, args: argparse.Namespace) -> int:
    from networking_folder.domain.validation import ValidationError
    from networking_folder.services import Folder, sheet
    from networking_folder.services.folder import outside_folder

    today = dt.date.today()
    if args.output:
        outside_folder(directory, paths.user_path(args.output).absolute())
    try:
        with Folder.snapshot(directory) as folder:
            group = (
                sheet.find_group(folder, args.group)
                if args.group
                else sheet.default_group(folder, today)
            )
            if args.week:
                week = sheet.parse_week(args.week)
            elif args.date:
                week = sheet.monday(args.date)
            else:
                week = sheet.default_week(group, today, folder.rules.calendar())
            data = sheet.sheet_data(folder, week, group, today)
    except ValidationError as exc:  # a week out of range is a command-line mistake
        return _fail(exc.message, 2 if exc.field == "week" else 1)
    target = paths.user_path(args.output or sheet.default_file_name(week)).absolute()
    return _write_pdf(target, lambda: sheet.write_sheet(data, target))


def _write_pdf(target: Path, write) -> int:
    """Write a PDF with ``write()`` (which returns its number of pages); print where, and how
    many pages, or say plainly why it could not be written."""
    if not target.parent.is_dir():
        return _fail(f"cannot write {target}: the folder {target.parent} does not exist.")
    try:
        pages = write()
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}.")
    print(target)
    print(f"{pages} page{'s' * (pages != 1)}", file=sys.stderr)
    return 0


def _report(directory: Path, args: argparse.Namespace) -> int:
    from networking_folder.services import Folder, reports
    from networking_folder.services.folder import outside_folder
    from networking_folder.services.scorecards import Quarter

    today = dt.date.today()
    if args.output:
        outside_folder(directory, paths.user_path(args.output).absolute())
    with Folder.snapshot(directory) as folder:
        if args.report == "quarter":
            quarter = args.quarter or Quarter.of(today)
            report = reports.quarter_report(folder, quarter, today)
            name = reports.default_quarter_file(quarter)
            write = reports.write_quarter_report
        else:
            try:
                person = reports.find_person(folder, args.name)
            except reports.NameProblem as exc:
                return _fail(str(exc))
            report = reports.one_to_one(folder, person, today)
            name = reports.default_one_to_one_file(report.name, today)
            write = reports.write_one_to_one
    target = paths.user_path(args.output or name).absolute()
    return _write_pdf(target, lambda: write(report, target))


def _register(directory: Path, args: argparse.Namespace) -> int:
    """The promoter register: printed (text or --json), or written to -o FILE."""
    from networking_folder.domain.validation import ValidationError
    from networking_folder.services import Folder, register_report
    from networking_folder.services.folder import outside_folder

    today = dt.date.today()
    target = None
    if args.output:
        target = paths.user_path(args.output).absolute()
        suffix = target.suffix.lower()
        if suffix not in register_report.WRITERS:
            return _fail(f"cannot tell what to write to {target.name}: give a file name "
                         "ending in .pdf, .csv or .json.", 2)  # fmt: skip
        if args.json and suffix != ".json":
            return _fail(f"--json prints the register; {target.name} is not a .json file: "
                         "leave out --json, or write to a .json file.", 2)  # fmt: skip
        outside_folder(directory, target)
        if not target.parent.is_dir():
            return _fail(f"cannot write {target}: the folder {target.parent} does not exist.")
    try:
        register_report.check_year(args.year, today)  # (before the folder is read)
    except ValidationError as exc:
        return _fail(exc.message, 2)
    with Folder.snapshot(directory) as folder:
        data = register_report.report(folder, args.year, today)
        if target is not None:
            written = register_report.WRITERS[target.suffix.lower()](folder, target, data=data)
    if target is not None:
        print(target)
        if target.suffix.lower() == ".pdf":
            said = f"{written} page{'s' * (written != 1)}"
        elif target.suffix.lower() == ".csv":
            said = f"{written} row{'s' * (written != 1)}"
        else:
            said = f"{len(data['promoters'])} promoter{'s' * (len(data['promoters']) != 1)}"
        print(f"Wrote the promoter register: {said}.", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(register_report.text(data))
    return 0


def _import(directory: Path, args: argparse.Namespace) -> int:
    from networking_folder.interop import csv_read
    from networking_folder.services import Folder, archive, importer
    from networking_folder.services.folder import existing_data_file

    mapping: dict[str, list[str]] = {}
    for item in args.map:
        name, eq, column = item.partition("=")
        if not eq or name.strip() not in csv_read.FIELDS or not column.strip():
            fields = ", ".join(csv_read.FIELDS)
            return _fail(f"--map takes FIELD=COLUMN, FIELD one of {fields}: not “{item}”.", 2)
        mapping.setdefault(name.strip(), []).append(column.strip())
    path = paths.user_path(args.file)
    data = importer.read_bytes(path)  # (read and parsed before the folder is touched)
    fmt = args.format or importer.sniff_format(data, path.name)
    existing_data_file(directory)  # an import adds to a folder; it never makes one
    with Folder.open(directory) as folder:
        if fmt == "json":
            try:
                the_plan = archive.plan_archive(folder, data, path.name)
            except archive.ArchiveProblem as exc:
                return _fail(str(exc))
            writing = archive.writing_archive(folder, the_plan)
        else:
            if fmt == "csv":
                header = csv_read.read_table(data[:65536]).header
                if mapping:
                    importer.remember_mapping(folder, header, mapping)
                mapping = mapping or importer.remembered_mapping(folder, header) or {}
            read = importer.read_file(data, fmt, mapping or None, path.name)
            the_plan = importer.plan(folder, read, path.name)
            writing = importer.writing(folder, the_plan)
        written = not args.dry_run and the_plan.changes_anything()
        if written:
            writing.run()
    if args.json:
        print(json.dumps({**the_plan.as_json(), "written": written}, ensure_ascii=False, indent=1))
        return 0
    print(the_plan.summary())
    if args.dry_run:
        print("Nothing was changed (--dry-run).")
    elif not written:
        print("Nothing to change: your folder already has everything in this file.")
    else:
        print("Imported.")
    return 0


def _export(directory: Path, args: argparse.Namespace) -> int:
    from networking_folder.services import Folder, export
    from networking_folder.services.folder import outside_folder

    target = paths.user_path(args.output).absolute()
    outside_folder(directory, target)
    if not target.parent.is_dir():
        return _fail(f"cannot write {target}: the folder {target.parent} does not exist.")
    with Folder.snapshot(directory) as folder:
        if args.format == "vcard":
            written = export.export_vcard(folder, target, args.vcard_version)
            said = f"{written} contact{'s' * (written != 1)}"
        elif args.format == "csv":
            counts = export.export_csv(folder, target)
            said = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in counts.items())
        elif args.format == "json":
            counts = export.export_json(folder, target)
            said = f"{sum(counts.values())} records"
        else:
            from networking_folder.services import calendar_feed

            written = calendar_feed.write_feed(folder, target, dt.date.today())
            said = "the calendar"
    print(target)
    print(f"Wrote {said}.", file=sys.stderr)
    return 0


def _demo(data_dir: str | None, then_open: bool) -> int:
    from networking_folder.services import Folder
    from networking_folder.services.demo import fill_demo_folder

    directory = paths.user_path(data_dir).absolute() if data_dir else paths.demo_folder_dir()
    with Folder.open(directory) as folder:
        if folder.is_empty():
            fill_demo_folder(folder)
            print(f"Demo folder created at {directory}")
        elif data_dir:
            return _fail(
                f"{directory} already holds a folder with data; the demo fills only an empty one."
            )
        else:
            print(f"Opening the existing demo folder at {directory}")
    return open_window(directory) if then_open else 0
