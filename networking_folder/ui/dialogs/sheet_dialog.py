"""File → Print tracking sheet…: choose the group and week, see the sheet, print or save it.

The preview is drawn from the PDF in memory. A sheet opened in the PDF viewer is written to
our private per-user directory (``sheets`` beside the single-instance socket, 0700), never
to the shared temp dir; this run's sheets are removed when the program quits, and what a
killed run left behind is swept, a day later, the next time the dialog opens.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.validation import MAX_DATE, MIN_DATE
from networking_folder.services import Folder, sheet
from networking_folder.services.folder import outside_folder
from networking_folder.store.errors import FolderError
from networking_folder.ui.formatting import format_date, from_qdate, readable_date_edit, to_qdate
from networking_folder.ui.pdf_pages import page_images
from networking_folder.ui.single_instance import make_private, runtime_directory

PREVIEW_DPI = 110  # rendered once at this resolution, then scaled to the preview's width
STALE_AFTER_S = 24 * 60 * 60  # a viewer has long read a sheet handed to it a day ago

_handed_to_viewer: set[Path] = set()  # this run's sheets for the viewer, removed at quit


def sheets_directory() -> Path | None:
    """Our private (0700) directory for sheets handed to a PDF viewer; None if there is none."""
    base = runtime_directory()
    return make_private(base / "sheets") if base is not None else None


def sweep_stale(directory: Path, now: float | None = None) -> list[Path]:
    """Remove what is older than a day in ``directory`` (one listing); returns what went."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER_S
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue  # still in use, or gone already: the next sweep tries again
    return removed


def remove_handed_over() -> None:
    """This run's sheets for the viewer, removed as the program quits (where the system lets
    us: a viewer holding one open on Windows keeps it until the next sweep)."""
    while _handed_to_viewer:
        shutil.rmtree(_handed_to_viewer.pop(), ignore_errors=True)


def _viewer_place() -> Path:
    directory = sheets_directory()
    if directory is None:  # nowhere private of ours: a fresh 0700 one of its own
        place = Path(tempfile.mkdtemp(prefix="networking-folder-sheet-"))
    else:
        place = Path(tempfile.mkdtemp(prefix="open-", dir=directory))
    app = QCoreApplication.instance()
    if app is not None and not app.property("networking-folder-sheets-hooked"):
        app.aboutToQuit.connect(remove_handed_over)
        app.setProperty("networking-folder-sheets-hooked", True)
    _handed_to_viewer.add(place)
    return place


class PdfDialog(QDialog):
    """A PDF the user looks at, then prints, saves or opens in their viewer (the tracking
    sheet, the reports). A subclass fills ``form`` and makes the PDF (``make_pdf``)."""

    what = "document"  # "tracking sheet": said in the preview's name and the save dialog

    def __init__(self, folder: Folder, today: dt.date | None, title: str, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.today = today or dt.date.today()
        self.pdf = b""
        self.page_count = 0
        self.file_name = "document.pdf"
        self.printer: QPrinter | None = None  # kept: a temporary printer crashes the print dialog
        self.setWindowTitle(title)
        self.images = []
        self._viewer_dir: Path | None = None  # made when a PDF is first opened in the viewer
        swept = sheets_directory()
        if swept is not None:
            sweep_stale(swept)  # what a killed run left behind
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1150, int(screen.width() * 0.9)), min(800, int(screen.height() * 0.9)))

        self.form = QFormLayout()
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button = QPushButton("&Open in PDF viewer")
        self.open_button.clicked.connect(self.open_in_viewer)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        side = QVBoxLayout()
        side.addLayout(self.form)
        side.addStretch(1)
        for button in (self.print_button, self.save_button, self.open_button, close):
            side.addWidget(button)
        self.print_button.setDefault(True)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setSpacing(12)
        scroll = self.scroll = QScrollArea()
        scroll.setAccessibleName(f"Preview of the {self.what}")
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        layout = QHBoxLayout(self)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(330)
        layout.addWidget(side_widget)
        layout.addWidget(scroll, 1)

        # Redraw the preview shortly after the last change, not at every keystroke.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(250)
        self._refresh.timeout.connect(self.rebuild)

    def make_pdf(self) -> tuple[bytes, int, str]:
        """The PDF as the form says: its bytes, its number of pages, a file name for it."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """Make the PDF and show its pages."""
        self.pdf, self.page_count, self.file_name = self.make_pdf()
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.images = page_images(self.pdf, PREVIEW_DPI * self.devicePixelRatioF()) if self.pdf else []
        for button in (self.print_button, self.save_button, self.open_button):
            button.setEnabled(bool(self.pdf))
        for number in range(len(self.images)):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAccessibleName(
                f"{self.what.capitalize()}, page {number + 1} of {len(self.images)}"
            )
            self.pages_layout.addWidget(label)
        self._fit_pages()

    def _fit_pages(self) -> None:
        """Show each page as wide as the preview area."""
        ratio = self.devicePixelRatioF()
        width = max(200, self.scroll.viewport().width() - 24)
        for number, image in enumerate(self.images):
            label = self.pages_layout.itemAt(number).widget()
            pixmap = QPixmap.fromImage(image).scaledToWidth(
                int(width * ratio), Qt.TransformationMode.SmoothTransformation
            )
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_pages)  # once the layout has given the preview its new width

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_pages)

    # -- what to do with it ----------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        return printer

    def print_sheet(self) -> None:
        self.printer = self.make_printer()
        dialog = QPrintDialog(self.printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.paint_pages(self.printer)

    def paint_pages(self, printer: QPrinter) -> None:
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Not printed", "The printer could not be started.")
            return
        try:
            for number, image in enumerate(page_images(self.pdf, dpi)):
                if number:
                    printer.newPage()
                area = painter.viewport()
                scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), scaled.width(), scaled.height()), image)
        finally:
            painter.end()

    def save_pdf(self) -> None:
        start = str(Path.home() / self.file_name)
        target, _ = QFileDialog.getSaveFileName(self, f"Save {self.what}", start, "PDF (*.pdf)")
        if not target:
            return
        try:  # a PDF written over the data file or a backup would replace the folder
            outside_folder(self.folder.directory, Path(target))
        except FolderError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.write_to(Path(target))

    def write_to(self, target: Path) -> bool:
        try:
            target.write_bytes(self.pdf)
            target.chmod(0o600)
        except OSError as exc:
            QMessageBox.warning(
                self, "Not saved", f"Could not write {target}: {exc.strerror or exc}."
            )
            return False
        return True

    def open_in_viewer(self) -> None:
        if self._viewer_dir is None or not self._viewer_dir.is_dir():
            self._viewer_dir = _viewer_place()
        path = self._viewer_dir / self.file_name
        if self.write_to(path) and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                self,
                "No PDF viewer",
                "No program to show PDF files was found on this computer. Use Save as PDF… to "
                f"keep the {self.what}, or Print… to print it.",
            )


class SheetDialog(PdfDialog):
    """File → Print tracking sheet…"""

    what = "tracking sheet"

    def __init__(self, folder: Folder, today: dt.date | None = None, parent=None) -> None:
        super().__init__(folder, today, "Print tracking sheet", parent)
        self.group = QComboBox()
        self.group.addItem("All groups", None)
        for group in folder.groups.all():
            self.group.addItem(group.name, group.id)
        chosen = sheet.default_group(folder, self.today)
        self.group.setCurrentIndex(max(0, self.group.findData(chosen.id if chosen else None)))
        self.week = QDateEdit(to_qdate(sheet.default_week(chosen, self.today, folder.rules.calendar())))
        readable_date_edit(self.week)
        self.week.setCalendarPopup(True)
        self.week.setDateRange(to_qdate(MIN_DATE), to_qdate(MAX_DATE))
        self.week_label = QLabel()
        self.ask = QLineEdit(folder.settings.get("sheet.ask", "") or "")
        self.ask.setPlaceholderText("e.g. Introductions to CPAs who serve dentists")
        self.paper = QComboBox()
        for value, label in (("auto", "From my country"), ("letter", "US Letter"), ("a4", "A4")):
            self.paper.addItem(label, value)
        self.paper.setCurrentIndex(
            max(0, self.paper.findData(folder.settings.get("sheet.paper", "auto")))
        )
        form = self.form
        form.addRow("&Group:", self.group)
        form.addRow("&Week of:", self.week)
        form.addRow("", self.week_label)
        form.addRow("My &ask this week:", self.ask)
        form.addRow("&Paper:", self.paper)
        self.group.currentIndexChanged.connect(self._group_changed)
        for signal in (self.week.dateChanged, self.ask.textChanged, self.paper.currentIndexChanged):
            signal.connect(lambda *_: self._refresh.start())
        self.rebuild()

    def week_start(self) -> dt.date:
        return sheet.monday(from_qdate(self.week.date()))

    def _group_changed(self) -> None:
        group_id = self.group.currentData()
        group = self.folder.groups.get(group_id) if group_id else None
        self.week.setDate(to_qdate(sheet.default_week(group, self.today, self.folder.rules.calendar())))
        self._refresh.start()

    def make_pdf(self) -> tuple[bytes, int, str]:
        """Save the ask and paper, then make the sheet."""
        self.folder.settings.set_many(
            {"sheet.ask": self.ask.text().strip(), "sheet.paper": self.paper.currentData()}
        )
        group_id = self.group.currentData()
        group = self.folder.groups.get(group_id) if group_id else None
        start = self.week_start()
        self.week_label.setText(
            f"{format_date(start)} – {format_date(start + dt.timedelta(days=6))}"
        )
        data = sheet.sheet_data(self.folder, start, group, self.today)
        from networking_folder.reports.tracking_sheet import render

        out = io.BytesIO()
        pages = render(data, out)
        return out.getvalue(), pages, sheet.default_file_name(start)
