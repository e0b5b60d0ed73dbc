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
