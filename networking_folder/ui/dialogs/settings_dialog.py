"""Settings kept in the folder: the business calendar and the rules' intervals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.calendar import (
    BusinessCalendar,
    UnknownCountry,
    countries,
    subdivisions,
)
from networking_folder.domain.model import format_money
from networking_folder.domain.validation import ValidationError, parse_amount
from networking_folder.services import Folder
from networking_folder.services.trash import MAX_RETENTION_YEARS
from networking_folder.ui.widgets.form import FieldErrors, save_cancel_buttons, try_save


def _spin(minimum: int, maximum: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(QDialog):
    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle("Settings")
        self.setMinimumWidth(900)
        self.errors = FieldErrors()
        calendar = folder.rules.calendar()
        rules = folder.rules.settings()

        days = QGroupBox("Business days")
        form = QFormLayout(days)
        self.country = QComboBox()
        for code, name in countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(calendar.country)))
        self.errors.add_row(form, "&Country:", self.country, "country")
        self.region = QComboBox()
        self.errors.add_row(form, "&Region:", self.region, "region")
        self._fill_regions(calendar.subdivision)
        self.country.currentIndexChanged.connect(lambda _i: self._fill_regions(None))
        days_hint = QLabel("Weekends and this place's public holidays are not business days.")
        days_hint.setWordWrap(True)
        form.addRow(days_hint)

        timing = QGroupBox("Follow-up rules")
        form = QFormLayout(timing)
        self.check_in = _spin(1, 120, rules.check_in_days, " days")
        self.errors.add_row(form, "Check in after giving a referral:", self.check_in, "check_in")
        self.cadence = _spin(7, 730, rules.partner_cadence_days, " days")
        self.errors.add_row(form, "Keep in touch with partners every:", self.cadence, "cadence")
        self.threshold = _spin(1, 20, rules.not_following_threshold, " referrals")
        self.errors.add_row(form, "Warn about a partner after:", self.threshold, "threshold")
        hint = QLabel("New intervals apply to follow-ups made from now on.")
        hint.setWordWrap(True)
        form.addRow(hint)

        printed = QGroupBox("Tracking sheet")
        form = QFormLayout(printed)
        self.ask = QLineEdit(folder.settings.get("sheet.ask", "") or "")
        self.ask.setPlaceholderText("e.g. Introductions to CPAs who serve dentists")
        self.errors.add_row(form, "My &ask this week:", self.ask, "ask")
        self.paper = QComboBox()
        for value, label in (("auto", "From my country"), ("letter", "US Letter"), ("a4", "A4")):
            self.paper.addItem(label, value)
        self.paper.setCurrentIndex(
            max(0, self.paper.findData(folder.settings.get("sheet.paper", "auto")))
        )
        self.errors.add_row(form, "&Paper:", self.paper, "paper")

        feed = QGroupBox("Calendar feed")
        form = QFormLayout(feed)
        from networking_folder.services import calendar_feed

        current = calendar_feed.feed_path(folder)
        self.feed_path = QLineEdit(str(current) if current else "")
        self.feed_path.setPlaceholderText("Off: choose a file to keep one")
        self.feed_path.setClearButtonEnabled(True)
        self.feed_path.setAccessibleName("Calendar feed file")
        choose = QPushButton("C&hoose…")
        choose.clicked.connect(self._choose_feed)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.feed_path, 1)
        row_layout.addWidget(choose)
        self.errors.add_row(form, "Keep a calendar &file at:", row, "feed_path")
        feed_hint = QLabel(
            "Your follow-ups, one-to-ones and meetings, kept up to date for Apple Calendar, "
            "Outlook or Thunderbird to subscribe to. It holds your notes: keep it private."
        )
        feed_hint.setWordWrap(True)
        form.addRow(feed_hint)

        records = QGroupBox("Records an adviser keeps")
        form = QFormLayout(records)
        trash = folder.trash
        self.retention = _spin(0, MAX_RETENTION_YEARS, trash.retention_years(), " years")
        self.retention.setSpecialValueText("Not kept (0)")
        self.retention.setToolTip(
            "Referrals, notes and what promoters were given stay in the trash this long after "
            "their last change, even when you empty it. 0 turns this off."
        )
        self.errors.add_row(form, "&Keep records for:", self.retention, "retention")
        self.promoter_threshold = QLineEdit(
            format_money(folder.promoters.threshold_cents()).removesuffix(".00")
        )
        self.promoter_threshold.setToolTip(
            "The promoter register warns when a promoter given more than this in twelve months "
            "has no written agreement on file"
        )
        self.errors.add_row(
            form, "Agreement needed &over:", self.promoter_threshold, "promoter_threshold"
        )
        records_hint = QLabel(
            "Five years, and 1,000 in twelve months, are what the SEC's rules for US advisers "
            "name (Rule 204-2; the Marketing Rule). Check what yours ask: this is not legal advice."
        )
        records_hint.setWordWrap(True)
        form.addRow(records_hint)

        kept = QGroupBox("Backups")
        form = QFormLayout(kept)
        where = QLabel(
            f"Kept in {folder.backups.directory}\n(made when the folder opens, every 30 minutes while "
            "you work, and when you close it; File → Restore from backup… puts one back)"
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(where)

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()  # two columns: the dialog fits a laptop's screen
        left, right = QVBoxLayout(), QVBoxLayout()
        for group in (days, timing, printed):
            left.addWidget(group)
        for group in (feed, records, kept):
            right.addWidget(group)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addWidget(buttons)

    def _fill_regions(self, selected: str | None) -> None:
        self.region.clear()
        self.region.addItem("The whole country", None)
        for code, name in subdivisions(self.country.currentData()):
            self.region.addItem(name if name == code else f"{name} ({code})", code)
        self.region.setCurrentIndex(max(0, self.region.findData(selected)))

    def _choose_feed(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        start = self.feed_path.text().strip() or str(Path.home() / "networking-folder.ics")
        path, _ = QFileDialog.getSaveFileName(self, "Calendar feed", start, "Calendars (*.ics)")
        if path:
            self.feed_path.setText(path)

    def _save(self) -> None:
        from networking_folder.services import calendar_feed

        country, region = self.country.currentData(), self.region.currentData()
        threshold = parse_amount(
            "promoter_threshold", self.promoter_threshold.text(), "The threshold"
        )
        if threshold is None:
            raise ValidationError("promoter_threshold", "Give the threshold an amount, e.g. 1,000.")
        feed = self.feed_path.text().strip()
        if feed and not feed.lower().endswith(".ics"):
            raise ValidationError("feed_path", "A calendar file's name ends in .ics.")
        calendar_feed.set_feed_path(self.folder, feed or None)
        try:
            BusinessCalendar(country, region)
        except UnknownCountry as exc:
            raise ValidationError("country", str(exc)) from None
        self.folder.settings.set_many(
            {
                "calendar.country": country,
                "calendar.subdivision": region,
                "rules.check_in_days": self.check_in.value(),
                "rules.partner_cadence_days": self.cadence.value(),
                "rules.not_following_threshold": self.threshold.value(),
                "sheet.ask": self.ask.text().strip(),
                "sheet.paper": self.paper.currentData(),
            }
        )
        self.folder.trash.set_retention_years(self.retention.value())
        self.folder.promoters.set_threshold_cents(threshold)

    def accept(self) -> None:
        if try_save(self, self.errors, self._save):
            super().accept()
