"""File → Promoter register: everyone who refers prospects to you, what you gave them, their
agreements and their referrals' disclosures, with R11's warnings; saved as a PDF or a CSV
for an examination. Every change made here is one step on the window's undo stack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from networking_folder.domain.model import format_money, whole_money
from networking_folder.domain.promoters import Compensation
from networking_folder.services import Folder
from networking_folder.services.promoters import PromoterEntry
from networking_folder.store.errors import FolderError
from networking_folder.ui import theme
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.dialogs.promoter_dialogs import (
    NOT_ADVICE,
    CompensationDialog,
    PromoterFactsDialog,
)
from networking_folder.ui.formatting import count, format_date
from networking_folder.ui.models.row_table_model import OVERDUE, Column, RowTableModel

INTRO = (
    "The people who refer prospects to you: whether they are your client, what you gave "
    "them, their written agreements and the disclosures of their referrals. Keep it for your "
    "records and for an examination. " + NOT_ADVICE
)


@dataclass(frozen=True, slots=True)
class PromoterRow:
    id: int
    entry: PromoterEntry


def _agreement(entry: PromoterEntry) -> str:
    on = entry.facts.agreement_on
    return f"signed {format_date(on)}" if on else "none on file"


def _twelve_months(entry: PromoterEntry) -> str:
    over = " — over the threshold" if entry.over_threshold else ""
    return f"{whole_money(entry.total_cents)}{over}" if entry.total_cents else "–"


def _unsigned(entry: PromoterEntry) -> bool:
    return any(w.kind == "no_agreement" for w in entry.warnings)


def _warnings(entry: PromoterEntry) -> str:
    return f"⚠ {len(entry.warnings)}" if entry.warnings else ""


PROMOTER_COLUMNS = (
    Column("Promoter", lambda r: r.entry.name, width=200),
    Column("Your client", lambda r: r.entry.client_words, width=100),
    Column("Written agreement", lambda r: _agreement(r.entry), width=160),
    Column("Given, last 12 months", lambda r: _twelve_months(r.entry), lambda r: r.entry.total_cents,
           align_right=True, width=190, cue=lambda r: OVERDUE if _unsigned(r.entry) else None),
    Column("Referrals (disclosed)", lambda r: f"{len(r.entry.referrals)} ({r.entry.disclosed})",
           lambda r: len(r.entry.referrals), align_right=True, width=150),
    Column("Warnings", lambda r: _warnings(r.entry), lambda r: len(r.entry.warnings), width=90,
           cue=lambda r: OVERDUE if r.entry.warnings else None),
)  # fmt: skip


def item_columns(entry_of: Callable[[], PromoterEntry | None]) -> tuple[Column, ...]:
    def referral(item: Compensation) -> str:
        entry = entry_of()
        found = entry.referral(item.referral_id) if entry else None
        return f"{format_date(found.date)} · {found.prospect}" if found else ""

    def disclosure(item: Compensation) -> str:
        entry = entry_of()
        found = entry.referral(item.referral_id) if entry else None
        if found is None:
            return ""
        if not found.disclosed:
            return "⚠ not recorded"
        return " · ".join(p for p in (f"given {format_date(found.disclosed_on)}", found.how) if p)

    def undisclosed(item: Compensation) -> str | None:
        entry = entry_of()
        found = entry.referral(item.referral_id) if entry else None
        return OVERDUE if found is not None and not found.disclosed else None

    return (
        Column("Given on", lambda i: format_date(i.given_on), lambda i: i.given_on, width=120),
        Column("What", lambda i: i.description, width=200),
        Column("Value", lambda i: format_money(i.value_cents) if i.value_cents is not None
               else "not recorded", lambda i: i.value_cents, align_right=True, width=100),
        Column("Kind", lambda i: "cash" if i.cash else "not cash", width=80),
        Column("For the referral", referral, width=200),
        Column("Disclosure", disclosure, width=220, cue=undisclosed),
    )  # fmt: skip


def _table(model: RowTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    for column, spec in enumerate(model.columns):
        header.resizeSection(column, spec.width)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return table


class RegisterDialog(QDialog):
    def __init__(
        self,
        folder: Folder,
        undo_stack,
        today: Callable[[], dt.date] = dt.date.today,
        parent=None,
        select: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.undo_stack = undo_stack
        self.today = today
        self.entries: list[PromoterEntry] = []
        self.setWindowTitle("Promoter register")
        self.setMinimumSize(760, 520)
        self.resize(1080, 680)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.threshold = QLabel()
        self.threshold.setWordWrap(True)
        self.warning_box = QFrame()
        self.warning_box.setObjectName("register_warnings")
        self.warning_text = QLabel()
        self.warning_text.setObjectName("register_warning_text")
        self.warning_text.setWordWrap(True)
        self.warning_text.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self.warning_box)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.warning_text)
        self.no_warnings = QLabel()
        self.no_warnings.setWordWrap(True)

        self.model = RowTableModel(PROMOTER_COLUMNS, self)
        self.table = _table(self.model, "Promoters")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_items())
        self.items_title = QLabel()
        self.items_title.setObjectName("register_items_title")
        self.items = RowTableModel(item_columns(self.selected_entry), self)
        self.items_table = _table(self.items, "What you gave them")
        self.items_table.doubleClicked.connect(lambda *_: self.edit_item())
        self.items_table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.empty = QLabel(
            "No one has referred a prospect to you yet. When you record a referral you "
            "received, the person who gave it appears here."
        )
        self.empty.setWordWrap(True)

        self.give = QPushButton("&Record something given…")
        self.give.setToolTip("A fee, a gift, a meal or tickets given to the selected promoter")
        self.give.clicked.connect(self.record_item)
        self.edit = QPushButton("&Edit…")
        self.edit.setToolTip("Change the selected item")
        self.edit.clicked.connect(self.edit_item)
        self.delete = QPushButton("&Delete")
        self.delete.setToolTip("Move the selected item to the trash")
        self.delete.clicked.connect(self.delete_item)
        self.facts = QPushButton("Client and &agreement…")
        self.facts.setToolTip("Whether they are your client, and their written agreement")
        self.facts.clicked.connect(self.edit_facts)
        self.save_pdf = QPushButton("Save as &PDF…")
        self.save_pdf.setToolTip("The whole register, to print or hand to an examiner")
        self.save_pdf.clicked.connect(lambda: self.save("pdf"))
        self.save_csv = QPushButton("Save as &CSV…")
        self.save_csv.setToolTip("Every item as a spreadsheet row")
        self.save_csv.clicked.connect(lambda: self.save("csv"))
        actions = QHBoxLayout()
        for button in (self.give, self.edit, self.delete, self.facts):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.save_pdf)
        actions.addWidget(self.save_csv)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.items_title)
        lower_layout.addWidget(self.items_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        self.splitter = splitter

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.threshold)
        layout.addWidget(self.warning_box)
        layout.addWidget(self.no_warnings)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.warning_box.setStyleSheet(theme.warning_style("QFrame#register_warnings"))
        self.reload(select)

    # -- reading ---------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        if select is None:
            select = self.selected_id()
        day = self.today()
        self.entries = self.folder.promoters.register(day)
        self.model.set_rows(PromoterRow(e.contact_id, e) for e in self.entries)
        threshold = self.folder.promoters.threshold_cents()
        self.threshold.setText(
            f"As of {format_date(day)}. A written agreement is needed when what a promoter is "
            f"given in twelve months comes to more than {whole_money(threshold)} (your "
            "threshold, in File → Settings)."
        )
        said = [w for e in self.entries for w in e.warnings]
        self.warning_text.setText("\n".join(f"⚠ {w.text} ({w.rule})" for w in said))
        self.warning_box.setVisible(bool(said))
        self.no_warnings.setText("✓ No warnings: every item has its disclosure, and no one is "
                                 "over the threshold without an agreement.")  # fmt: skip
        self.no_warnings.setVisible(not said and bool(self.entries))
        self.empty.setVisible(not self.entries)
        self.splitter.setVisible(bool(self.entries))
        if select is None:  # the first that needs looking at
            select = next((e.contact_id for e in self.entries if e.warnings), None)
        index = self.model.index_of_id(select) if select is not None else self.model.index(0, 0)
        if not index.isValid():
            index = self.model.index(0, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        self._show_items()

    def selected_id(self) -> int | None:
        row = self.model.row(self.table.currentIndex())
        return row.id if row else None

    def selected_entry(self) -> PromoterEntry | None:
        row = self.model.row(self.table.currentIndex())
        return row.entry if row else None

    def selected_item(self) -> Compensation | None:
        return self.items.row(self.items_table.currentIndex())

    def _show_items(self) -> None:
        entry = self.selected_entry()
        current = self.selected_item()
        self.items.set_rows(entry.items if entry else [])
        if entry is None:
            self.items_title.setText("")
        else:
            total = count(len(entry.items), "item") if entry.items else "nothing recorded yet"
            self.items_title.setText(
                f"What you gave {entry.name}: {total}; {whole_money(entry.total_cents)} in "
                f"the last twelve months. Client: {entry.client_words}; written agreement: "
                f"{_agreement(entry)}"
                + (f", kept at {entry.facts.agreement_kept_at}" if entry.facts.agreement_kept_at else "")
                + "."
            )
        if current is not None and self.items.index_of_id(current.id).isValid():
            self.items_table.setCurrentIndex(self.items.index_of_id(current.id))
        elif self.items.rowCount():
            self.items_table.setCurrentIndex(self.items.index(self.items.rowCount() - 1, 0))
        self._enable()

    def _enable(self) -> None:
        has_promoter = self.selected_entry() is not None
        has_item = self.selected_item() is not None
        for button in (self.give, self.facts):
            button.setEnabled(has_promoter)
        for button in (self.edit, self.delete):
            button.setEnabled(has_item)
        for button in (self.save_pdf, self.save_csv):
            button.setEnabled(bool(self.entries))

    # -- changes ---------------------------------------------------------------------------
    def _run(self, dialog, text: str) -> None:
        """A form of the register: what it saved is one step to undo."""
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.step:
            self.undo_stack.push(DoneCommand.of(text, dialog.step))
        self.reload()

    def record_item(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            dialog = CompensationDialog(self.folder, entry.contact_id, parent=self)
            self._run(dialog, f"Record what {entry.name} was given")

    def edit_item(self) -> None:
        entry, item = self.selected_entry(), self.selected_item()
        if entry is not None and item is not None:
            dialog = CompensationDialog(self.folder, entry.contact_id, item, parent=self)
            self._run(dialog, f"Change what {entry.name} was given")

    def delete_item(self) -> None:
        entry, item = self.selected_entry(), self.selected_item()
        if entry is None or item is None:
            return
        try:
            batch = self.folder.promoters.delete([item.id])
        except FolderError as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        self.undo_stack.push(
            DoneCommand(
                f"Delete “{item.description}”",
                undo=lambda: self.folder.trash.restore(batch),
                redo=lambda: self.folder.trash.discard(batch),
            )
        )
        self.reload()

    def edit_facts(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            dialog = PromoterFactsDialog(self.folder, entry.contact_id, parent=self)
            self._run(dialog, f"Change {entry.name}'s client and agreement")

    def save(self, kind: str, path: str | None = None) -> Path | None:
        """The register as a PDF or a CSV, where the user chooses (or ``path``)."""
        from networking_folder.services import register_report

        if path is None:
            name = f"promoter-register-{self.today().isoformat()}.{kind}"
            what = "PDF documents (*.pdf)" if kind == "pdf" else "Spreadsheets (*.csv)"
            path, _ = QFileDialog.getSaveFileName(self, "Save the register", str(Path.home() / name), what)
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        write = register_report.write_pdf if kind == "pdf" else register_report.write_csv
        try:
            write(self.folder, target, today=self.today())
        except (OSError, FolderError, ValueError) as exc:
            QMessageBox.warning(self, "Not saved", f"The register could not be saved: {exc}")
            return None
        return target
