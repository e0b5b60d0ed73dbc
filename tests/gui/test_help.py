"""Help in the program: Getting started shipped with it, keyboard shortcuts from the actions, and
the switch that lets benchmarks and tests run the real entry point to its first paint."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from networking_folder.domain.model import Contact, FollowUp
from networking_folder.services import Folder

NATIVE = QKeySequence.SequenceFormat.NativeText
OFFSCREEN_NOTES = ("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def help_window(window):
    return window.findChild(QDialog, "help_window")


def test_keyboard_shortcuts_lists_every_action_that_has_a_key(qtbot, folder, make_window):
    window = make_window(folder)
    window.actions["shortcuts"].trigger()
    shown = help_window(window)
    qtbot.waitUntil(shown.isVisible)
    assert shown.pages.currentWidget() is shown.shortcuts
    rows = shown.rows()
    assert ("Search everything", "Ctrl+K") in rows
    assert ("Quick note", "Ctrl+Shift+N") in rows
    assert ("Getting started", "F1") in rows
    assert ("Undo", QKeySequence(QKeySequence.StandardKey.Undo).toString(NATIVE)) in rows
    listed = {what for what, _keys in rows}
    for action in window.actions.values():
        keys = [key.toString(NATIVE) for key in action.shortcuts() if not key.isEmpty()]
        what = action.text().replace("&", "").rstrip("…")
        assert (what in listed) == bool(keys), what  # (the in-place keys have names of their own)
        for key in keys:
            assert any(name == what and key in listed_keys for name, listed_keys in rows), key
    assert "Trash" not in listed  # no key: nothing to list
    # Keys that are not actions: the follow-ups list's and the quick note's.
    assert ("Snooze the selected follow-up", "S") in rows
    assert ("Save the note", "Ctrl+Return") in rows

    # A new action with a key is a new row, the next time the list is shown.
    extra = QAction("&Call back…", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+B"))
    window.actions["call_back"] = extra
    window.actions["shortcuts"].trigger()
    assert help_window(window) is shown  # one help window, shown again
    assert ("Call back", "Ctrl+Shift+B") in shown.rows()
    assert len(shown.rows()) == len(rows) + 1
    shown.close()


def test_f1_shows_getting_started_from_the_guide_shipped_with_the_program(
    qtbot, folder, make_window
):
    shipped = (
        resources.files("networking_folder.resources")
        .joinpath("help/getting-started.html")
        .read_text(encoding="utf-8")
    )
    # Offline: the guide names no page, picture or style to fetch from anywhere.
    assert not re.search(r"https?:|src=|href=|<link", shipped, re.IGNORECASE)

    window = make_window(folder)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: help_window(window) is not None and help_window(window).isVisible())
    shown = help_window(window)
    assert shown.pages.currentWidget() is shown.guide
    text = shown.guide.toPlainText()
    assert text.startswith("Getting started with Networking Folder")
    for heading in (
        "Adding a contact",
        "Logging referrals",
        "Follow-ups, and why they appear",
        "The weekly tracking sheet",
        "Quick notes",
        "Search everything",
        "Backups, and putting one back",
    ):
        assert heading in text
    assert "Ctrl+Shift+N" in text and "Ctrl+K" in text
    # Not modal: the folder stays usable while the guide is open.
    assert QApplication.activeModalWidget() is None and window.isEnabled()
    shown.close()


def test_the_real_entry_point_quits_after_its_first_paint_when_asked(tmp_path):
    directory = tmp_path / "folder"
    folder = Folder.open(directory)
    ann = folder.contacts.create(Contact(name="Ann Lee"))
    folder.follow_ups.create(FollowUp("Call Ann", dt.date.today(), contact_id=ann))
    folder.close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "networking_folder", "--data-dir", str(directory)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^first paint at \d+\.\d+ with 1 rows$", done.stdout, re.MULTILINE), (
        done.stdout
    )
    # It closed as a user would: the day started, and the backup on opening was taken.
    assert list((directory / "backups").glob("networking-folder-*.sqlite3"))
    warnings = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not any(note in line for note in OFFSCREEN_NOTES)
    ]
    assert not warnings  # Qt warnings fail tests, in a child process too
