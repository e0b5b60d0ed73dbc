"""The first start: set up your folder in one short form, or try it with sample data.

The page only asks and emits signals (as KeePassXC's welcome widget does); the window
decides what happens: it saves the profile through the services and shows the folder.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.calendar import countries, subdivisions
from networking_folder.domain.locale_defaults import default_country
from networking_folder.domain.model import Group
from networking_folder.services.profile import Profile
from networking_folder.ui.widgets.form import FieldErrors, text_box

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

NEXT_STEPS = (
    "<b>What to do next</b><ol>"
    "<li>Bring in the people you already have, from your phone, Outlook, Google or "
    "LinkedIn: <i>File → Import contacts</i>. Or add the partners in your group one by one: "
    "<i>Contacts → New</i> (Ctrl+N).</li>"
    "<li>Log a referral you gave or received: the <i>Referrals</i> tabs. The follow-ups that "
    "keep it moving appear by themselves.</li>"
    "<li>After a call, press <b>Ctrl+Shift+N</b> for a quick note.</li>"
    "<li>Before the meeting, <i>File → Print tracking sheet</i> (Ctrl+P).</li>"
    "</ol>Help → Getting started explains more."
)


class GroupRow(QWidget):
    """One networking group: its name, meeting day, time and place."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Group name, e.g. BNI Downtown Chapter")
        self.name.setAccessibleName("Group name")
        self.weekday = QComboBox()
        self.weekday.setAccessibleName("Meeting day")
        self.weekday.addItem("No set day", None)
        for number, day in enumerate(WEEKDAYS):
            self.weekday.addItem(day, number)
        self.has_time = QCheckBox("at")
        self.time = QTimeEdit(QTime(7, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Meeting time")
        self.time.setEnabled(False)
        self.has_time.toggled.connect(self.time.setEnabled)
        self.place = QLineEdit()
        self.place.setPlaceholderText("Where it meets")
        self.place.setAccessibleName("Meeting place")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 3)
        layout.addWidget(self.weekday, 1)
        layout.addWidget(self.has_time)
        layout.addWidget(self.time)
        layout.addWidget(self.place, 2)

    def group(self) -> Group:
        time = self.time.time()
        return Group(
            self.name.text().strip(),
            self.weekday.currentData(),
            dt.time(time.hour(), time.minute()) if self.has_time.isChecked() else None,
            self.place.text().strip(),
        )


class WelcomePage(QWidget):
    """``setUpRequested(profile)`` with the form filled in; ``tryDemoRequested()``."""

    setUpRequested = Signal(object)
    tryDemoRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_page")
        self.errors = FieldErrors()

        title = QLabel("Welcome to Networking Folder")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Your contacts, the referrals you give and receive, and the follow-ups that keep "
            "every referral moving, on your laptop. Tell it a little about yourself to start; "
            "you can change all of it later in File → Settings and File → Networking groups."
        )
        intro.setWordWrap(True)

        about = QGroupBox("You")
        form = QFormLayout(about)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Your name, as it goes on the tracking sheet")
        self.errors.add_row(form, "Your &name:", self.name, "name")
        self.business = QLineEdit()
        self.business.setPlaceholderText("e.g. Alvarez Wealth Planning")
        self.errors.add_row(form, "&Business:", self.business, "business")
        self.profession = QLineEdit()
        self.profession.setPlaceholderText("e.g. Financial advisor")
        self.errors.add_row(form, "What you &do:", self.profession, "profession")
        self.ideal = text_box(self.fontMetrics().lineSpacing() * 3 + 14)
        self.ideal.setPlaceholderText(
            "Who is a great referral for you, and what to listen for: e.g. business owners "
            "thinking of selling in the next five years"
        )
        self.errors.add_row(form, "Your &ideal referral:", self.ideal, "ideal_referral")
        self.ask = QLineEdit()
        self.ask.setPlaceholderText("e.g. An introduction to a CPA who serves dentists")
        self.errors.add_row(form, "Your &ask this week:", self.ask, "ask")

        groups = QGroupBox("Your networking groups")
        self.groups_layout = QVBoxLayout(groups)
        self.group_rows: list[GroupRow] = []
        self.add_group_button = QPushButton("Add &another group")
        self.add_group_button.clicked.connect(self.add_group_row)
        self.groups_layout.addWidget(self.add_group_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_group_row()
        self.groups_layout.addWidget(self.errors.error_label("group", self.group_rows[0].name))

        where = QGroupBox("Where you work")
        form = QFormLayout(where)
        self.country = QComboBox()
        self.country.addItem(default_country(), default_country())  # the full list comes next
        self.errors.add_row(form, "&Country:", self.country, "country")
        self.region = QComboBox()
        self.region.addItem("The whole country", None)
        self.errors.add_row(form, "&Region:", self.region, "region")
        # Every country's name and regions come from the holidays package (a tenth of a
        # second to load): after the page is first painted, not before.
        self._countries_filled = False
        self.paper = QComboBox()
        for value, label in (("auto", "From my country"), ("letter", "US Letter"), ("a4", "A4")):
            self.paper.addItem(label, value)
        self.errors.add_row(form, "&Paper:", self.paper, "paper")
        hint = QLabel("Public holidays there are not business days; groups don't meet on them.")
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.set_up_button = QPushButton("&Set up my folder")
        self.set_up_button.setDefault(True)
        self.set_up_button.clicked.connect(self._set_up)
        self.demo_button = QPushButton("&Try it with sample data")
        self.demo_button.setToolTip("Opens a sample folder of its own; yours stays as it is")
        self.demo_button.clicked.connect(self.tryDemoRequested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_up_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        steps = QLabel(NEXT_STEPS)
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)

        column = QWidget()
        column.setMaximumWidth(860)
        layout = QVBoxLayout(column)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(about)
        layout.addWidget(groups)
        layout.addWidget(where)
        layout.addLayout(buttons)
        layout.addWidget(steps)
        layout.addStretch(1)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.addStretch(1)
        centred.addWidget(column, 6)
        centred.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setFocusProxy(self.name)

    def add_group_row(self) -> GroupRow:
        row = GroupRow()
        self.groups_layout.insertWidget(len(self.group_rows), row)
        self.group_rows.append(row)
        if len(self.group_rows) > 1:
            row.name.setFocus()
        return row

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._countries_filled:
            self._countries_filled = True
            QTimer.singleShot(0, self, self._fill_countries)

    def _fill_countries(self) -> None:
        chosen = self.country.currentData()
        self.country.blockSignals(True)
        self.country.clear()
        for code, name in countries():
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(chosen)))
        self.country.blockSignals(False)
        self._fill_regions()
        self.country.currentIndexChanged.connect(lambda _i: self._fill_regions())

    def _fill_regions(self) -> None:
        self.region.clear()
        self.region.addItem("The whole country", None)
        for code, name in subdivisions(self.country.currentData()):
            self.region.addItem(name if name == code else f"{name} ({code})", code)

    def profile(self) -> Profile:
        return Profile(
            name=self.name.text(),
            business=self.business.text(),
            profession=self.profession.text(),
            ideal_referral=self.ideal.toPlainText(),
            ask=self.ask.text(),
            country=self.country.currentData(),
            subdivision=self.region.currentData(),
            paper=self.paper.currentData(),
            groups=[row.group() for row in self.group_rows if row.name.text().strip()],
        )

    def _set_up(self) -> None:
        self.errors.clear()
        self.setUpRequested.emit(self.profile())
