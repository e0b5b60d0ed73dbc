"""The command line, run as a user runs it: a separate process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from networking_folder import __version__
from networking_folder.services import Folder
from networking_folder.services.folder import DATA_FILE_NAME


def run(*args, env_extra=None, drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "networking_folder", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"networking-folder {__version__}"


def test_demo_fills_the_given_folder_without_opening_a_window(tmp_path):
    result = run("demo", "--no-open", "--data-dir", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    with Folder.open(tmp_path / "demo") as folder:
        counts = folder.counts()
    assert counts["groups"] == 2 and 35 <= counts["contacts"] <= 45
    assert 25 <= counts["referrals_given"] + counts["referrals_received"] <= 35


def test_demo_refuses_a_folder_that_holds_data(tmp_path):
    assert run("demo", "--no-open", "--data-dir", str(tmp_path / "d")).returncode == 0
    path = tmp_path / "d" / DATA_FILE_NAME
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run("--data-dir", str(tmp_path / "d"), "demo", "--no-open")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "already holds" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_demo_by_default_never_touches_the_users_folder(private_home):
    result = run(
        "demo",
        "--no-open",
        env_extra={"HOME": str(private_home), "XDG_DATA_HOME": str(private_home / "data")},
    )
    assert result.returncode == 0, result.stderr
    root = private_home / "data" / "networking-folder"
    assert (root / "demo" / DATA_FILE_NAME).exists()
    assert not (root / "folder").exists()


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 50, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_a_bad_data_file_gives_one_line_and_is_untouched(tmp_path, content):
    (tmp_path / "f").mkdir()
    path = tmp_path / "f" / DATA_FILE_NAME
    path.write_bytes(content)
    for args in (
        ("--data-dir", str(tmp_path / "f")),
        ("demo", "--no-open", "--data-dir", str(tmp_path / "f")),
    ):
        result = run(*args)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("networking-folder: "), result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_the_environment_variable_chooses_the_folder(tmp_path):
    assert run("demo", "--no-open", "--data-dir", str(tmp_path / "x")).returncode == 0
    path = tmp_path / "x" / DATA_FILE_NAME
    path.write_bytes(b"garbage")
    result = run(env_extra={"NETWORKING_FOLDER_DIR": str(tmp_path / "x")})
    assert result.returncode == 1 and str(path) in result.stderr


def test_without_a_display_one_clear_line(tmp_path):
    result = run("--data-dir", str(tmp_path / "f"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0], result.stderr
    assert "xcb" not in result.stderr


def test_a_newer_file_is_refused_on_the_command_line(tmp_path):
    import sqlite3

    Folder.open(tmp_path / "f").close()
    path = tmp_path / "f" / DATA_FILE_NAME
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = path.read_bytes()
    result = run("--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1 and "newer" in result.stderr
    assert path.read_bytes() == before


def test_unknown_command_exits_non_zero():
    result = run("fly")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_every_usage_error_is_one_line():
    for args in (("fly",), ("due", "--on", "2026-13-01"), ("--data-dir",)):
        result = run(*args)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def known_folder(directory):
    """Known contents: a referral received on Friday 2026-11-20 and one given on 2026-11-02."""
    import datetime as dt

    from networking_folder.domain.model import Contact, Direction, FollowUp, Referral

    with Folder.open(directory) as folder:
        folder.settings.set("calendar.country", "US")
        maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
        ben = folder.contacts.create(Contact(name="Ben Carter"))
        lucy = folder.contacts.create(Contact(name="Lucy Nguyen"))
        received = folder.referrals.create(
            Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 11, 20))
        )
        given = folder.referrals.create(
            Referral(Direction.GIVEN, maria, lucy, dt.date(2026, 11, 2))
        )
        folder.follow_ups.create(
            FollowUp("Send Lucy the article", dt.date(2026, 12, 1), contact_id=lucy)
        )
        return received, given


def test_due_json_on_a_known_folder(tmp_path):
    import json

    received, given = known_folder(tmp_path / "f")
    result = run("due", "--on", "2026-11-23", "--json", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    summary = [
        (i["kind"], i["due"], i["contact"], i["referral"], i["rule"], i["state"]) for i in items
    ]
    assert summary == [
        ("check_in_partner", "2026-11-16", "Maria Alvarez", given, "R3", "open"),
        ("check_in_prospect", "2026-11-16", "Lucy Nguyen", given, "R3", "open"),
        ("first_contact", "2026-11-23", "Ben Carter", received, "R1", "open"),
        # R9: in no group, the thank-you for the referral is due the next business day.
        ("thank_publicly", "2026-11-23", "Maria Alvarez", received, "R9", "open"),
    ]
    assert [i["overdue"] for i in items] == [True, True, False, False]
    assert {i["place"] for i in items} == {""}, "each says where (here: nowhere in particular)"
    assert all(isinstance(i["id"], int) for i in items)
    # Each record's UUID beside its id: the follow-up's, its contact's and its referral's.
    with Folder.open(tmp_path / "f") as folder:
        for item in items:
            assert folder.uuids("follow_up", [item["id"]]) == {item["id"]: item["uuid"]}
            assert folder.uuids("contact", [item["contact_id"]])[item["contact_id"]] == (
                item["contact_uuid"]
            )
            assert folder.uuids("referral", [item["referral"]])[item["referral"]] == (
                item["referral_uuid"]
            )
    assert len({i["uuid"] for i in items}) == 4


def test_due_text_puts_overdue_first(tmp_path):
    known_folder(tmp_path / "f")
    result = run("due", "--on", "2026-11-23", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    import datetime as dt

    heading = (
        "Due today (2)"
        if dt.date.today() == dt.date(2026, 11, 23)
        else "Due on Mon 23 Nov 2026 (2)"
    )
    assert lines[0] == "Overdue (2)" and lines[3] == heading
    # Dates in words and the rule's plain reason, never its key (that is for --json).
    assert lines[4] == (
        "  Mon 23 Nov 2026  First contact: call Ben Carter  (first contact within a business day)"
    )
    assert lines[5] == (
        "  Mon 23 Nov 2026  Thank Maria Alvarez at your group's next meeting for referring "
        "Ben Carter  (thank-you for a referral received)"
    )
    assert lines[1].startswith("  Mon 16 Nov 2026  Check in with ")
    assert lines[1].endswith("(check-in after a referral you gave)")
    import re

    from networking_folder.domain.rules import RULES

    assert set(re.findall(r"\bR\d+\b", result.stdout)) & set(RULES) == set()
    later = run("due", "--on", "2026-12-01", "--data-dir", str(tmp_path / "f"))
    assert "Send Lucy the article" in later.stdout


def test_sheet_writes_a_pdf_named_for_the_week_and_prints_its_path(tmp_path):
    import pypdf

    known_folder(tmp_path / "f")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "networking_folder",
            "sheet",
            "--week",
            "2026-W48",
            "--data-dir",
            str(tmp_path / "f"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "tracking-sheet-2026-W48.pdf"
    assert result.stdout.strip() == str(path)
    reader = pypdf.PdfReader(path)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Week 48 (Nov 23–29, 2026)" in text and "Ben Carter" in text
    assert (path.stat().st_mode & 0o777) == 0o600


def test_sheet_by_date_to_a_chosen_file(tmp_path):
    known_folder(tmp_path / "f")
    out = tmp_path / "mine.pdf"
    result = run("sheet", "--date", "2026-12-02", "-o", str(out), "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("sheet", "--group", "Chess club"), "no group called"),
        (("sheet", "--week", "48"), "YYYY-Www"),
        (("sheet", "-o", "/no/such/folder/sheet.pdf"), "does not exist"),
    ],
)
def test_sheet_errors_are_one_line(tmp_path, args, words):
    known_folder(tmp_path / "f")
    result = run(*args, "--data-dir", str(tmp_path / "f"))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


def test_sheet_on_a_folder_that_cannot_be_opened(tmp_path):
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / DATA_FILE_NAME).write_bytes(b"not a folder")
    out = tmp_path / "sheet.pdf"
    result = run("sheet", "-o", str(out), "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 1
    assert (
        len(result.stderr.strip().splitlines()) == 1 and "not a Networking Folder" in result.stderr
    )
    assert not out.exists() and not list(tmp_path.glob(".tracking-sheet-*")), (
        "no PDF, not even half of one"
    )


def test_search_json_and_text(tmp_path):
    import json

    from networking_folder.domain.model import Contact, Note

    with Folder.open(tmp_path / "f") as folder:
        zoe = folder.contacts.create(Contact(name="Zoë Ørsted", company="Ørsted Law"))
        folder.notes.create(Note("Lunch with Zoë about estate plans", contact_id=zoe))
    result = run("search", "zoe", "--json", "--data-dir", str(tmp_path / "f"))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["kind"], i["id"], i["title"]) for i in items][0] == ("contact", zoe, "Zoë Ørsted")
    assert {"kind", "id", "uuid", "title", "snippet"} <= set(items[1])
    assert items[1]["kind"] == "note"
    with Folder.open(tmp_path / "f") as folder:
        assert items[0]["uuid"] == folder.uuids("contact", [zoe])[zoe]
        assert items[1]["uuid"] == folder.uuids("note", [items[1]["id"]])[items[1]["id"]]
    text = run("search", "ZOE", "est", "--data-dir", str(tmp_path / "f"))
    assert text.stdout.splitlines()[0] == "Notes (1)"
    hostile = run("search", 'NEAR("', "--data-dir", str(tmp_path / "f"))
    assert hostile.returncode == 0 and "Nothing found" in hostile.stdout


def test_the_window_opens_and_the_program_exits_cleanly(tmp_path):
    """The whole program, as a user runs it: open the window on the demo folder, close it,
    and the process ends with 0 (a widget outliving QApplication once crashed the exit)."""
    assert run("demo", "--no-open", "--data-dir", str(tmp_path / "d")).returncode == 0
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from networking_folder.app import make_application, run_window\n"
        "app = make_application()\n"
        "QTimer.singleShot(1500, lambda: [w.close() for w in app.topLevelWidgets() if w.isWindow()])\n"
        "sys.exit(run_window(Path(sys.argv[1])))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "d")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Fatal" not in result.stderr


# -- in the same process (quicker): dates out of range, "-word", one-line errors (issue 9) --------


def run_main(*args):
    """``networking_folder.cli.main`` as the shell calls it; returns the exit code."""
    from networking_folder import cli

    return cli.main(list(args))


@pytest.mark.parametrize(
    "args",
    [
        ("sheet", "--date", "9999-12-31"),  # was an OverflowError traceback
        ("due", "--on", "0001-01-01"),
        ("due", "--on", "2200-01-01"),
    ],
)
def test_a_date_outside_1900_to_2199_is_a_one_line_usage_error(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as caught:
        run_main(*args, "--data-dir", str(tmp_path / "f"))
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert len(err.splitlines()) == 1 and "between 1900 and 2199" in err, err
    assert not (tmp_path / "f").exists()


@pytest.mark.parametrize("week", ["9999-W52", "1899-W52", "2200-W01"])
def test_a_week_outside_1900_to_2199_is_refused_in_one_line(tmp_path, capsys, monkeypatch, week):
    monkeypatch.chdir(tmp_path)
    with Folder.open(tmp_path / "f"):
        pass
    code = run_main("sheet", "--week", week, "--data-dir", str(tmp_path / "f"))  # was a traceback
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "between 1900 and 2199" in err, err
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("args", [("-word",), ("estate", "-word"), ("--json", "-word")])
def test_search_for_text_that_starts_with_a_dash_says_to_put_dashes_before_it(
    tmp_path, capsys, args
):
    from networking_folder.domain.model import Contact

    with Folder.open(tmp_path / "f") as folder:
        folder.contacts.create(Contact(name="Ann -word Lee"))
    with pytest.raises(SystemExit) as caught:
        run_main("search", *args, "--data-dir", str(tmp_path / "f"))
    err = capsys.readouterr().err
    assert caught.value.code == 2 and len(err.splitlines()) == 1, err
    assert 'starts with "-", put -- before it' in err
    assert "networking-folder search -- -word" in err
    assert run_main("--data-dir", str(tmp_path / "f"), "search", "--", "-word") == 0
    assert "Ann -word Lee" in capsys.readouterr().out
    assert run_main("search", "--data-dir", str(tmp_path / "f"), "--json", "--", "-word") == 0
    assert "Ann -word Lee" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("check", "--data-dir", "{tmp}/a\rb"), "a\\rb"),  # _fail
        (("check", "--data-dir", "{tmp}/a\x1b[2Kb\u2028c"), "a\\x1b[2Kb\\u2028c"),
        (("sheet", "--group", "x\x85y", "--data-dir", "{tmp}/f"), "x\\x85y"),
        (("due", "--on", "2026\u2029-01-01"), "2026\\u2029-01-01"),  # the parser's error
        (("search", "a", "-\rb", "--data-dir", "{tmp}/f"), "-\\rb"),
        (("--data-dir", "{tmp}/f", "fly\x0baway"), "fly\\x0baway"),
    ],
)
def test_every_error_is_one_line_with_control_characters_escaped(tmp_path, capsys, args, shown):
    with Folder.open(tmp_path / "f"):
        pass
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    try:
        code = run_main(*args)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert len(err.splitlines()) == 1 and err.endswith("\n"), repr(err)
    assert shown in err, err


@pytest.mark.parametrize(
    ("argv", "opens"),
    [
        ([], "default"),
        (["--data-dir", "chosen"], "chosen"),
        (["--data-dir=chosen"], "chosen"),
    ],
)
def test_the_window_opens_on_the_folder_asked_for(monkeypatch, tmp_path, argv, opens):
    """The everyday launch skips the full parser; it still opens the folder asked for."""
    from networking_folder import cli, paths

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(paths, "default_folder_dir", lambda: tmp_path / "default")
    opened = []
    monkeypatch.setattr(cli, "open_window", lambda directory: opened.append(directory) or 0)
    assert cli.main(argv) == 0
    assert opened == [tmp_path / opens]


def test_a_data_dir_without_its_folder_is_a_usage_error(capsys):
    from networking_folder import cli

    with pytest.raises(SystemExit) as exited:
        cli.main(["--data-dir"])
    assert exited.value.code == 2 and "expected one argument" in capsys.readouterr().err


def test_the_everyday_launch_leaves_the_commands_unloaded(tmp_path):
    """Opening the window (the launch a user makes every day) imports neither the commands
    nor their parser, and an open folder loads a service's module only when it is used."""
    probe = (
        "import sys\n"
        "from networking_folder import cli\n"
        "from networking_folder.services import Folder\n"
        "folder = Folder.open(sys.argv[1])\n"
        "before = {m for m in sys.modules if m.startswith('networking_folder.services.')}\n"
        "folder.profile.is_set_up()\n"
        "print('networking_folder.command_line' in sys.modules, 'argparse' in sys.modules,\n"
        "      sorted(before), 'networking_folder.services.profile' in sys.modules)\n"
        "folder.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[0] == "False False ['networking_folder.services.folder'] True"
