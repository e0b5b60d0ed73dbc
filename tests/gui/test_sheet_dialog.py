"""File → Print tracking sheet… through the real dialog."""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from networking_folder.domain.model import Contact, Direction, Group, Referral
from networking_folder.ui.dialogs.sheet_dialog import SheetDialog
from tests.gui.helpers import type_into

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def sheet_folder(folder):
    folder.settings.set("calendar.country", "US")
    group = folder.groups.create(
        Group("BNI Downtown", meeting_weekday=2, meeting_time=dt.time(7, 0))
    )
    folder.groups.create(Group("Chamber", meeting_weekday=4))
    maria = folder.contacts.create(
        Contact(name="Maria Alvarez", is_partner=True, group_ids=[group])
    )
    zoe = folder.contacts.create(Contact(name="Zoë Ørsted"))
    folder.referrals.create(Referral(Direction.RECEIVED, maria, zoe, dt.date(2026, 11, 20)))
    return folder


def open_dialog(qtbot, folder, monkeypatch, act):
    """Open the dialog from the window's action, let ``act`` use it, then close it."""
    from networking_folder.ui.main_window import MainWindow

    seen = {}

    def exec_(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        act(dialog, seen)
        return 0

    monkeypatch.setattr(SheetDialog, "exec", exec_)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.clock = lambda: TODAY
    assert window.actions["print_sheet"].shortcut().toString() == "Ctrl+P"
    window.actions["print_sheet"].trigger()
    window.close()
    return seen


def test_preview_defaults_and_changes(qtbot, sheet_folder, monkeypatch):
    def act(dialog, seen):
        seen["group"] = dialog.group.currentText()
        seen["week"] = dialog.week_start()
        seen["pages"] = dialog.pages_layout.count()
        label = dialog.pages_layout.itemAt(0).widget()
        # The pages are fitted to the preview once the layout has given it its width.
        qtbot.waitUntil(lambda: label.pixmap().width() > 300)
        seen["preview_width"] = label.pixmap().width()
        type_into(qtbot, dialog.ask, "Introductions to CPAs")
        dialog.week.setDate(dialog.week.date().addDays(7))
        qtbot.waitUntil(lambda: "Week 49" in text(dialog.pdf), timeout=3000)
        seen["text"] = text(dialog.pdf)

    seen = open_dialog(qtbot, sheet_folder, monkeypatch, act)
    assert seen["group"] == "BNI Downtown", "the group that meets next"
    assert seen["week"] == TODAY, "the week of its next meeting"
    assert seen["pages"] == 1 and seen["preview_width"] > 300
    assert (
        "My ask this week: Introductions to CPAs" in seen["text"] and "Zoë Ørsted" in seen["text"]
    )
    assert sheet_folder.settings.get("sheet.ask") == "Introductions to CPAs", (
        "the ask is kept for next week"
    )


def text(pdf: bytes) -> str:
    import io

    return " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )


def test_save_as_pdf(qtbot, sheet_folder, monkeypatch, tmp_path):
    target = tmp_path / "my sheet.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)")
    )
    open_dialog(
        qtbot,
        sheet_folder,
        monkeypatch,
        lambda d, s: qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton),
    )
    assert "Referral tracking sheet" in text(target.read_bytes())
    assert (target.stat().st_mode & 0o777) == 0o600


def test_print_through_the_print_dialog(qtbot, sheet_folder, monkeypatch, tmp_path):
    printed = tmp_path / "printed.pdf"

    def pdf_printer(dialog):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(SheetDialog, "make_printer", pdf_printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    open_dialog(
        qtbot,
        sheet_folder,
        monkeypatch,
        lambda d, s: qtbot.mouseClick(d.print_button, Qt.MouseButton.LeftButton),
    )
    assert len(pypdf.PdfReader(printed).pages) == 1


def test_open_in_the_system_viewer(qtbot, sheet_folder, monkeypatch):
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    open_dialog(
        qtbot,
        sheet_folder,
        monkeypatch,
        lambda d, s: qtbot.mouseClick(d.open_button, Qt.MouseButton.LeftButton),
    )
    (path,) = opened
    assert path.endswith("tracking-sheet-2026-W48.pdf")
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_a_sheet_for_the_viewer_goes_to_our_private_directory_and_is_removed_at_quit(
    qtbot, sheet_folder, monkeypatch, runtime_dir
):
    """Before, each went to a new directory in the shared temp dir and stayed there."""
    import os
    import stat
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )

    def open_twice(dialog, seen):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        dialog.week.setDate(dialog.week.date().addDays(7))
        qtbot.waitUntil(lambda: dialog.file_name.endswith("W49.pdf"))
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    open_dialog(qtbot, sheet_folder, monkeypatch, open_twice)
    first, second = (Path(p) for p in opened)
    sheets = runtime_dir / "networking-folder" / "sheets"
    assert first.parent == second.parent, "one place per dialog"
    assert first.parent.parent == sheets
    assert Path(tempfile.gettempdir()) not in (first.parent, first.parent.parent)
    for directory in (sheets, first.parent):
        info = os.lstat(directory)
        assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700
    assert stat.S_IMODE(os.lstat(first).st_mode) == 0o600
    assert first.exists() and second.exists(), "the viewer may still be reading them"

    QCoreApplication.instance().aboutToQuit.emit()  # the program quits
    assert not first.parent.exists()
    assert list(sheets.iterdir()) == []


def test_what_a_killed_run_left_is_swept_a_day_later_when_the_dialog_opens(
    qtbot, sheet_folder, monkeypatch, runtime_dir
):
    import os
    import time

    sheets = runtime_dir / "networking-folder" / "sheets"
    sheets.mkdir(parents=True, mode=0o700)
    two_days_ago = time.time() - 2 * 24 * 3600
    old_dir = sheets / "open-killed"
    old_dir.mkdir()
    (old_dir / "tracking-sheet-2026-W40.pdf").write_bytes(b"%PDF-old")
    old_file = sheets / "stray.pdf"
    old_file.write_bytes(b"%PDF-old")
    for path in (old_dir / "tracking-sheet-2026-W40.pdf", old_dir, old_file):
        os.utime(path, (two_days_ago, two_days_ago))
    recent = sheets / "open-other-window"
    recent.mkdir()
    (recent / "tracking-sheet-2026-W48.pdf").write_bytes(b"%PDF-new")

    open_dialog(qtbot, sheet_folder, monkeypatch, lambda d, s: None)
    assert not old_dir.exists() and not old_file.exists(), "more than a day old: swept"
    assert (recent / "tracking-sheet-2026-W48.pdf").exists(), "another window's, still in use"


def test_save_as_pdf_onto_the_folder_is_refused_and_the_data_kept(
    qtbot, sheet_folder, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    data_file = sheet_folder.path
    before = data_file.read_bytes()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(data_file), "PDF (*.pdf)")
    )
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    open_dialog(
        qtbot,
        sheet_folder,
        monkeypatch,
        lambda d, s: qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton),
    )
    assert warned and "inside the folder" in warned[0]
    assert data_file.read_bytes() == before


def test_the_default_week_is_that_of_the_next_real_meeting(qtbot, folder, monkeypatch):
    # A Thursday group on the Monday of Thanksgiving week: it meets next on Thu 3 Dec.
    folder.settings.set("calendar.country", "US")
    folder.groups.create(Group("Thursday Chapter", meeting_weekday=3))
    monkeypatch.setattr(SheetDialog, "exec", lambda self: 0)
    dialog = SheetDialog(folder, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.week.date().toPython() == dt.date(2026, 11, 30)


def test_no_pdf_viewer_is_said_not_silent(qtbot, sheet_folder, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # nothing to open PDFs
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.append(title))
    open_dialog(
        qtbot,
        sheet_folder,
        monkeypatch,
        lambda d, s: qtbot.mouseClick(d.open_button, Qt.MouseButton.LeftButton),
    )
    assert told == ["No PDF viewer"]
