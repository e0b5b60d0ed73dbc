"""Partners: every partner's scorecard for a quarter, in one sortable table ("sends me the
most", "I owe", "going quiet", or any column). Read when the tab is shown (a quarter of the
benchmark folder's 100,000 referrals takes a few hundred milliseconds), never at start-up;
read again when the folder changes while it is on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import whole_money
from networking_folder.services import Change, Folder
from networking_folder.services.scorecards import Quarter, Scorecard, sort_cards
from networking_folder.ui.formatting import count, format_date
from networking_folder.ui.tabs.stale import ReadWhenShown

SORTS = (("most", "Sends me the most"), ("owe", "I owe"), ("quiet", "Going quiet"))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def money(cents: int) -> str:
    return whole_money(cents) if cents else "–"


def trend_words(trend: int) -> str:
    if trend > 0:
        return f"▲ {trend} more"
    if trend < 0:
        return f"▼ {-trend} fewer"
    return "as before"


# (heading, text, sort value, tooltip)
COLUMNS: list[tuple[str, Callable[[Scorecard], str], Callable[[Scorecard], object], str]] = [
    ("Partner", lambda c: c.name, lambda c: c.name.casefold(), ""),
    ("Given", lambda c: str(c.given), lambda c: c.given, "Referrals you gave them this quarter"),
    ("Received", lambda c: str(c.received), lambda c: c.received,
     "Referrals they sent you this quarter"),
    ("I owe", lambda c: str(c.owe) if c.owe > 0 else "", lambda c: c.owe,
     "How many more they sent you than you sent them"),
    ("Closed from them", lambda c: money(c.closed_value_received_cents),
     lambda c: c.closed_value_received_cents, "Business closed this quarter from their referrals"),
    ("Closed from you", lambda c: money(c.closed_value_given_cents),
     lambda c: c.closed_value_given_cents, "Business they closed this quarter from yours"),
    ("Closed share", lambda c: "–" if c.conversion is None else f"{c.conversion:.0%}",
     lambda c: -1 if c.conversion is None else c.conversion,
     "Of the referrals they sent you this quarter, the share that closed"),
    ("Days to first contact",
     lambda c: "–" if c.median_days_to_first_contact is None else f"{c.median_days_to_first_contact:g}",
     lambda c: 10**6 if c.median_days_to_first_contact is None else c.median_days_to_first_contact,
     "Median days from a referral you gave them to their first contact with the person"),
    ("Following up", lambda c: "⚠ Not following up" if c.not_following_up
     else "Yes" if c.given else "–",
     lambda c: c.not_following_up, "Whether they move the referrals you give them on"),
    ("One-to-ones", lambda c: str(c.one_to_ones), lambda c: c.one_to_ones,
     "One-to-ones logged this quarter"),
    ("Last one-to-one", lambda c: format_date(c.last_one_to_one),
     lambda c: c.last_one_to_one or dt.date.min, ""),
    ("Next one-to-one", lambda c: format_date(c.next_one_to_one),
     lambda c: c.next_one_to_one or dt.date.max, ""),
    ("Last touch", lambda c: format_date(c.last_touch), lambda c: c.last_touch or dt.date.min,
     "The last note, referral or finished follow-up with them"),
    ("Trend", lambda c: trend_words(c.trend), lambda c: c.trend,
     "Referrals both ways this quarter against the quarter before"),
]  # fmt: skip


def fill_quarters(box: QComboBox, today: dt.date) -> None:
    """This quarter and the seven before it, as a box's choices (each's data: "2026-Q4")."""
    for number, quarter in enumerate(Quarter.recent(today)):
        box.addItem(quarter.label + ("" if number else " (this quarter)"), str(quarter))


class ScorecardModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cards: list[Scorecard] = []

    def set_cards(self, cards: list[Scorecard]) -> None:
        self.beginResetModel()
        self.cards = cards
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.cards)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        heading, text, sort_value, tip = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(card)
        if role == SORT_ROLE:
            return sort_value(card)
        if role == Qt.ItemDataRole.UserRole:
            return card.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and tip:
            return tip
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][3] or None
        return None


class PartnersTab(ReadWhenShown, QWidget):
    """The Partners view. It only emits signals for what it opens: the window decides how."""

    openContact = Signal(int)
    showHelp = Signal()
    countChanged = Signal(str)  # the status bar's "N partners"
    changes = frozenset({Change.CONTACTS, Change.REFERRALS, Change.FOLLOW_UPS, Change.NOTES})

    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("partners_tab")
        self.setAccessibleName("Partners")
        self.folder = folder
        self.today = dt.date.today  # the window sets its clock
        self._sorted: tuple[int, Qt.SortOrder] | None = None  # by a heading clicked
        self.model = ScorecardModel(self)
        self._built = False
        folder.subscribe(self._on_change)

    def build(self) -> None:
        """The view's widgets, made when it is first shown (not at start-up)."""
        if self._built:
            return
        self._built = True
        self.quarter = QComboBox(self)
        self.quarter.setAccessibleName("Quarter")
        self.sort = QComboBox(self)
        self.sort.setAccessibleName("Order")
        for key, words in SORTS:
            self.sort.addItem(words, key)
        self.summary = QLabel(self)
        help_link = QLabel('<a href="#">What these figures mean</a>', self)
        help_link.linkActivated.connect(lambda _l: self.showHelp.emit())
        bar = QHBoxLayout()
        for text, widget in (("&Quarter:", self.quarter), ("&Order:", self.sort)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
            bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        bar.addWidget(help_link)

        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setObjectName("partners_table")
        self.view.setAccessibleName("Partners' scorecards")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(False)  # the order box sorts until a heading is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._heading_clicked)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.quarter.currentIndexChanged.connect(lambda _i: self.reload())
        self.sort.currentIndexChanged.connect(lambda _i: self.reorder())

    def fill_quarters(self) -> None:
        """This quarter and the seven before it."""
        if self.quarter.count():
            return
        self.quarter.blockSignals(True)
        fill_quarters(self.quarter, self.today())
        self.quarter.blockSignals(False)

    # -- loading -----------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Read again (a new day: a new quarter may have begun, the warnings moved on)."""
        if self._built:
            self.quarter.blockSignals(True)
            self.quarter.clear()  # the quarters are listed afresh from today
            self.quarter.blockSignals(False)
        super().invalidate()

    def reload(self) -> None:
        self.build()
        self.fill_quarters()
        self._stale = False
        current = self.current_id()
        quarter = Quarter.parse(self.quarter.currentData())
        cards = self.folder.scorecards.partners(quarter, self.today())
        self.model.set_cards(sort_cards(cards, self.sort.currentData()))
        if self._sorted is None:  # the order box's order, until a heading is clicked
            self.proxy.sort(-1)
        owed = sum(1 for c in cards if c.owe > 0)
        quiet = sum(1 for c in cards if c.not_following_up)
        parts = [count(len(cards), "partner")]
        if owed:
            parts.append(f"{owed} sent you more than you sent them")
        if quiet:
            parts.append(f"{quiet} not following up")
        self.summary.setText(" · ".join(parts))
        if current is not None:
            self.select_id(current)
        self.countChanged.emit(self.count_text())

    def reorder(self) -> None:
        self._sorted = None
        self.model.set_cards(sort_cards(self.model.cards, self.sort.currentData()))
        self.proxy.sort(-1)
        self.view.horizontalHeader().setSortIndicatorShown(False)

    def _heading_clicked(self, column: int) -> None:
        """A heading sorts by its column (figures the largest first, names A to Z); the same
        heading again turns the order round."""
        if self._sorted is not None and self._sorted[0] == column:
            ascending = self._sorted[1] != Qt.SortOrder.AscendingOrder
        else:
            ascending = column == 0
        order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        self._sorted = (column, order)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self.proxy.sort(column, order)

    # -- rows -------------------------------------------------------------------------------
    def names(self) -> list[str]:
        """The partners' names as listed."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select_id(self, contact_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == contact_id:
                self.view.selectRow(row)
                return

    def _open(self, index: QModelIndex) -> None:
        contact_id = index.data(Qt.ItemDataRole.UserRole)
        if contact_id is not None:
            self.openContact.emit(contact_id)

    # -- what the window asks of every tab ------------------------------------------------------
    def count_text(self) -> str:
        return count(len(self.model.cards), "partner")

    def selected_ids(self) -> list[int]:
        return []

    def detach(self) -> None:
        self.folder.unsubscribe(self._on_change)
