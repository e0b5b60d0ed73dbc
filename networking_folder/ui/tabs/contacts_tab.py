"""The Contacts tab."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from networking_folder.domain.model import Contact, ContactRow
from networking_folder.services import Change
from networking_folder.ui.formatting import format_date
from networking_folder.ui.icons import icon
from networking_folder.ui.models.row_table_model import Column
from networking_folder.ui.tabs.record_tab import RecordTab
from networking_folder.ui.widgets.contact_page import ContactPage


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


class ContactsTab(RecordTab):
    noun = "contact"
    plural = "contacts"
    settings_key = "contacts_v2"  # v2: beside the contact page, fewer columns shown
    changes = frozenset({Change.CONTACTS, Change.GROUPS, Change.REFERRALS})
    warnings: dict[int, str] = {}
    openRecord = Signal(str, int)  # an entry of the timeline in a contact's dialog
    PARTNER_COLUMN = 3

    def __init__(self, folder, undo_stack, actions, parent=None) -> None:
        super().__init__(folder, undo_stack, actions, parent)
        # Master–detail: the list on the left, the current contact's page on the right.
        self.page = ContactPage(folder, lambda contact_id: self.warnings.get(contact_id, ""))
        self.add_side_page(self.page, "contacts_splitter")

    def columns(self) -> list[Column]:
        # Who, and how to reach them, beside their page (which shows the rest); every other
        # column one right-click on the header away.
        return [
            Column("Name", lambda r: r.name, width=190),
            Column("Company", lambda r: r.company, width=170),
            Column("Profession", lambda r: r.profession, width=150, shown=False),
            Column(
                "Partner",
                self._partner_text,
                width=150,
                icon=lambda r: icon("overdue") if r.id in self.warnings else None,
                tooltip=lambda r: self.warnings.get(r.id, ""),
            ),
            Column("Groups", lambda r: r.groups, width=170, shown=False),
            Column("Phone", lambda r: r.phone, width=130),
            Column("Email", lambda r: r.email, width=260, shown=False),
            Column(
                "Rapport",
                lambda r: str(r.rapport or ""),
                sort_key=lambda r: r.rapport,
                align_right=True,
                width=70,
                shown=False,
            ),
            Column(
                "Updated",
                lambda r: format_date(r.updated_at.date()),
                sort_key=lambda r: r.updated_at,
                searchable=False,
                width=125,
                shown=False,
            ),
        ]

    def empty_text(self) -> tuple[str, str]:
        return (
            "Everyone in your networking folder goes here: partners, prospects, clients, "
            "people you meet.",
            "Add your first contact",
        )

    def load_rows(self) -> list[ContactRow]:
        # R6 warnings (a scan of the referrals) come just after the rows are on screen.
        self.after_paint(self._refresh_warnings)
        return self.folder.contacts.rows()

    def first_screen(self, limit: int) -> tuple[list[ContactRow], int] | None:
        column, order = self.model.sorted_by()
        if column != 0:  # (by name, the list's usual order, SQL can sort as the list does)
            return None
        return self.folder.contacts.first_by_name(limit, order == Qt.SortOrder.DescendingOrder)

    def rows_touched(self, touched) -> tuple[set[int], list[ContactRow]] | None:
        # The contacts changed, and those whose groups changed; a change to a referral or a
        # setting may change a partner's warning (R6), read again after the rows are shown.
        ids = self.folder.contacts.ids_touched(touched)
        if ids is None or len(ids) > self.PARTIAL_LIMIT:
            return None
        if touched.keys() & {"referral", "setting", "contact"}:
            self.after_paint(self._refresh_warnings)
        return ids, self.folder.contacts.rows(ids) if ids else []

    def _refresh_warnings(self) -> None:
        warnings = self.folder.rules.partner_warnings()
        if warnings != self.warnings:
            self.warnings = warnings
            self.model.refresh_column(self.PARTNER_COLUMN)
            self.page.refresh_warning()

    def _partner_text(self, row: ContactRow) -> str:
        if row.id in self.warnings:
            return "Not following up"
        return "Partner" if row.is_partner else ""

    def _open_dialog(self, contact: Contact, save) -> bool:
        from networking_folder.ui.dialogs.contact_dialog import ContactDialog

        warning = self.folder.rules.partner_warnings().get(contact.id) if contact.id else None
        timeline = self.folder.contacts.timeline(contact.id) if contact.id else None
        dialog = ContactDialog(
            contact,
            self.folder.groups.all(),
            save,
            self,
            warning=warning,
            timeline=timeline,
            open_entry=lambda kind, row_id: self.openRecord.emit(kind, row_id),
        )
        return bool(dialog.exec())

    def new_record(self) -> None:
        saved: list[Contact] = []

        def save(contact: Contact) -> None:
            contact.id = self.folder.contacts.create(contact)
            saved.append(contact)

        if self._open_dialog(Contact(name=""), save):
            contact = saved[0]
            self.push_created(
                f"Add contact “{contact.name}”", contact.id, self.folder.contacts.delete
            )
            self.catch_up()  # (now: the new row is there to select)
            self.select_id(contact.id)

    def edit_record(self, row_id: int) -> None:
        before = self.folder.contacts.get(row_id)
        saved: list[Contact] = []

        def save(contact: Contact) -> None:
            self.folder.contacts.update(contact)
            saved.append(contact)

        if self._open_dialog(self.folder.contacts.get(row_id), save):
            self.push_edited(
                f"Edit contact “{saved[0].name}”", before, saved[0], self.folder.contacts.update
            )

    def delete_records(self, ids: list[int]) -> None:
        impact = self.folder.contacts.delete_impact(ids)
        names = [row.name for row in self.folder.contacts.rows(ids)]
        who = f"“{names[0]}”" if len(names) == 1 else _plural(len(names), "contact")
        extra = [
            _plural(n, noun)
            for n, noun in (
                (impact.referrals, "referral"),
                (impact.follow_ups, "follow-up"),
                (impact.notes, "note"),
                (impact.compensation, "compensation item"),
            )
            if n
        ]
        if self.confirm_delete(who, f"Their {', '.join(extra)} go with them." if extra else ""):
            self.delete_undoably(f"Delete {who}", ids, self.folder.contacts.delete)
