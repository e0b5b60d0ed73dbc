"""The reports from the window (issue 12, item 4): File → Quarter report… and File → One-to-one
sheet… show the PDF's pages, and save it, like the tracking sheet."""

from __future__ import annotations

import pypdf
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.unit.known_folder import TODAY


def run_dialog(monkeypatch, cls, check):
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        check(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


def test_the_quarter_report_is_previewed_and_saved(qtbot, make_window, known, monkeypatch, tmp_path):
    from networking_folder.ui.dialogs.report_dialog import QuarterReportDialog

    window = make_window(known)
    window.clock = lambda: TODAY
    target = tmp_path / "q4.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))

    def check(dialog):
        assert dialog.quarter.currentText() == "Q4 2026 (this quarter)"
        assert dialog.images and dialog.page_count == len(dialog.images)
        assert dialog.file_name == "quarter-report-2026-Q4.pdf"
        dialog.quarter.setCurrentIndex(1)
        dialog.rebuild()
        assert dialog.file_name == "quarter-report-2026-Q3.pdf"
        dialog.save_pdf()

    seen = run_dialog(monkeypatch, QuarterReportDialog, check)
    window.actions["quarter_report"].trigger()
    assert len(seen) == 1
    assert "Quarter report — Q3 2026" in pypdf.PdfReader(target).pages[0].extract_text()


def test_the_one_to_one_sheet_is_for_the_contact_shown(qtbot, make_window, known, monkeypatch):
    from networking_folder.ui.dialogs.report_dialog import OneToOneDialog

    window = make_window(known)
    window.clock = lambda: TODAY
    bob = next(c.id for c in known.contacts.rows() if c.name == "Bob")
    window.show_page_of(window.contacts_tab, bob)

    def check(dialog):
        assert dialog.person.currentText() == "Bob"
        first = [dialog.person.itemText(i) for i in range(4)]
        assert first == ["Ann", "Bob", "Dee", "Cy"], "partners first, then everyone else"
        assert dialog.images, "its page is shown"
        assert dialog.file_name == "one-to-one-bob-2026-12-31.pdf"

    seen = run_dialog(monkeypatch, OneToOneDialog, check)
    window.actions["one_to_one_sheet"].trigger()
    assert len(seen) == 1
