"""File → Quarter report… and File → One-to-one sheet…: the reports, seen before they are
printed, saved or opened, as the tracking sheet is (PdfDialog)."""

from __future__ import annotations

import datetime as dt
import io

from PySide6.QtWidgets import QComboBox

from networking_folder.services import Folder, reports
from networking_folder.services.scorecards import Quarter
from networking_folder.ui.dialogs.sheet_dialog import PdfDialog
from networking_folder.ui.tabs.partners_tab import fill_quarters


class QuarterReportDialog(PdfDialog):
    what = "quarter report"

    def __init__(self, folder: Folder, today: dt.date | None = None, parent=None) -> None:
        super().__init__(folder, today, "Quarter report", parent)
        self.quarter = QComboBox()
        self.quarter.setAccessibleName("Quarter")
        fill_quarters(self.quarter, self.today)
        self.form.addRow("&Quarter:", self.quarter)
        self.quarter.currentIndexChanged.connect(lambda *_: self._refresh.start())
        self.rebuild()

    def make_pdf(self) -> tuple[bytes, int, str]:
        from networking_folder.reports.quarter import render

        quarter = Quarter.parse(self.quarter.currentData())
        out = io.BytesIO()
        pages = render(reports.quarter_report(self.folder, quarter, self.today), out)
        return out.getvalue(), pages, reports.default_quarter_file(quarter)


class OneToOneDialog(PdfDialog):
    what = "one-to-one sheet"

    def __init__(
        self, folder: Folder, contact_id: int | None = None, today: dt.date | None = None,
        parent=None,
    ) -> None:  # fmt: skip
        super().__init__(folder, today, "One-to-one sheet", parent)
        self.person = QComboBox()
        self.person.setAccessibleName("With")
        partners = {r.id for r in folder.contacts.rows() if r.is_partner}
        # Partners first (whom one meets one-to-one), then everyone else, each by name.
        for choice in sorted(
            folder.contacts.choices(), key=lambda c: (c.id not in partners, c.name.casefold())
        ):
            self.person.addItem(choice.label, choice.id)
        if contact_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(contact_id)))
        self.form.addRow("&With:", self.person)
        self.person.currentIndexChanged.connect(lambda *_: self._refresh.start())
        self.rebuild()

    def make_pdf(self) -> tuple[bytes, int, str]:
        from networking_folder.reports.one_to_one import render

        person = self.person.currentData()
        if person is None:  # an empty folder: nothing to prepare for
            return b"", 0, "one-to-one.pdf"
        sheet = reports.one_to_one(self.folder, person, self.today)
        out = io.BytesIO()
        pages = render(sheet, out)
        return out.getvalue(), pages, reports.default_one_to_one_file(sheet.name, self.today)
