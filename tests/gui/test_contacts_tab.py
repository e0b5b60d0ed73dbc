"""The Contacts tab through its real widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.ui.dialogs.contact_dialog import ContactDialog
from tests.gui.helpers import select_row_with, type_into, visible_column


def seed(folder):
    for name, company in [
        ("Aisha Bello", "Bello Design"),
        ("Zoë Ørsted", "Ørsted Law"),
        ("Ben Carter", "Carter Bakery"),
        ("Lucas Müller", "Müller Metalwork"),
    ]:
        folder.contacts.create(Contact(name=name, company=company))


def test_create_edit_filter_sort_delete_and_undo(
    qtbot, folder, make_window, drive_dialog, answer_yes
):
    seed(folder)
    window = make_window(folder)
    tab = window.contacts_tab
    assert window.tabs.tabText(window.tabs.currentIndex()).replace("&", "") == "Contacts"
    assert window.count_label.text() == "4 contacts"

    # Create: New (Ctrl+N) opens the dialog; we type in its real fields.
    def fill_new(dialog: ContactDialog):
        type_into(qtbot, dialog.name, "Grace Kim")
        type_into(qtbot, dialog.company, "Kim Chiropractic")
        type_into(qtbot, dialog.phones, "(212) 555-0150")
        type_into(qtbot, dialog.emails, "grace@kim.example.com")

    drive_dialog(ContactDialog, fill_new)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Grace Kim" in visible_column(tab, 0))
    assert window.count_label.text() == "5 contacts"
    assert tab.selected_ids() == [folder.contacts.find_by_name("Grace Kim")[0].id]

    # Edit by double-click.
    def fill_edit(dialog: ContactDialog):
        assert dialog.name.text() == "Grace Kim"
        type_into(qtbot, dialog.profession, "Chiropractor")

    drive_dialog(ContactDialog, fill_edit)
    select_row_with(qtbot, tab, "Grace Kim")
    rect = tab.view.visualRect(tab.view.currentIndex())
    # The view only treats a double-click on the row it saw pressed as one (as a real click does).
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "Chiropractor" in visible_column(tab, 2))

    # Filter as you type, accents ignored.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.hasFocus()
    qtbot.keyClicks(tab.search, "zoe")
    assert visible_column(tab, 0) == ["Zoë Ørsted"]
    assert window.count_label.text() == "1 of 5 contacts"
    tab.search.clear()
    qtbot.keyClicks(tab.search, "muller metal")
    assert visible_column(tab, 0) == ["Lucas Müller"]
    tab.search.clear()

    # Sort by clicking the Company header, then again for descending.
    header = tab.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 20, 5),
    )
    companies = visible_column(tab, 1)
    assert companies in (
        sorted(companies, key=str.casefold),
        sorted(companies, key=str.casefold, reverse=True),
    )
    first = companies
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 20, 5),
    )
    assert visible_column(tab, 1) == list(reversed(first))

    # Delete with the Delete key, then undo with Ctrl+Z.
    select_row_with(qtbot, tab, "Ben Carter")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "Ben Carter" not in visible_column(tab, 0))
    assert "Move “Ben Carter” to the trash?" in answer_yes[-1]
    assert window.count_label.text() == "4 contacts"
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Ben Carter" in visible_column(tab, 0))
    # Undo the edit and the creation too; redo brings the contact back.
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: "Chiropractor" not in visible_column(tab, 2))
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: "Grace Kim" not in visible_column(tab, 0))
    window.actions["redo"].trigger()
    qtbot.waitUntil(lambda: "Grace Kim" in visible_column(tab, 0))


def test_bad_email_is_shown_at_the_field_and_nothing_is_lost(
    qtbot, folder, make_window, drive_dialog
):
    window = make_window(folder)
    seen = {}

    def fill(dialog: ContactDialog):
        type_into(qtbot, dialog.name, "Ann Lee")
        type_into(qtbot, dialog.emails, "ann@@example")
        dialog.tabs.setCurrentIndex(2)
        type_into(qtbot, dialog.notes, "Met at the mixer; loves sailing.")
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["message"] = dialog.errors.message("emails")
        seen["page"] = dialog.tabs.currentIndex()
        seen["focus"] = dialog.focusWidget() is dialog.emails
        seen["notes"] = dialog.notes.toPlainText()

    drive_dialog(ContactDialog, fill, press_save=False)
    window.actions["new"].trigger()
    assert seen["open"], "Save with a bad email keeps the dialog open"
    assert "“ann@@example” is not an email address" in seen["message"]
    assert seen["page"] == 0 and seen["focus"], (
        "the form turns to the field and puts the cursor in it"
    )
    assert seen["notes"] == "Met at the mixer; loves sailing.", "what was typed is still there"
    assert folder.contacts.rows() == []


def test_a_bad_phone_is_flagged_when_leaving_the_field(qtbot, folder, make_window, drive_dialog):
    window = make_window(folder)
    seen = {}

    def fill(dialog: ContactDialog):
        type_into(qtbot, dialog.phones, "555-CALL-NOW")
        qtbot.keyClick(dialog.phones, Qt.Key.Key_Tab)
        seen["message"] = dialog.errors.message("phones")

    drive_dialog(ContactDialog, fill, press_save=False)
    window.actions["new"].trigger()
    assert "letters" in seen["message"]


def test_name_is_required(qtbot, folder, make_window, drive_dialog):
    window = make_window(folder)
    drive_dialog(ContactDialog, lambda d: type_into(qtbot, d.company, "Nameless Inc"))
    window.actions["new"].trigger()
    assert "needs a name" in drive_dialog.driven[0].errors.message("name")
    assert folder.contacts.rows() == []


def test_a_contact_survives_closing_and_reopening(
    qtbot, tmp_path, make_window, drive_dialog, busy_machine
):
    folder = Folder.open(tmp_path / "f")
    window = make_window(folder)
    drive_dialog(ContactDialog, lambda d: type_into(qtbot, d.name, "Дмитрий Соколов"))
    window.actions["new"].trigger()
    window.close()
    folder.close()
    again = Folder.open(tmp_path / "f")
    try:
        window = make_window(again)
        assert visible_column(window.contacts_tab, 0) == ["Дмитрий Соколов"]
    finally:
        window.close()
        again.close()


def test_a_partner_who_does_not_follow_up_is_flagged_on_the_row_and_in_the_dialog(
    qtbot, folder, make_window, monkeypatch
):
    import datetime as dt

    from networking_folder.domain.model import Direction, Referral, Status

    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    for number in range(2):
        prospect = folder.contacts.create(Contact(name=f"Prospect {number}"))
        rid = folder.referrals.create(
            Referral(Direction.GIVEN, maria, prospect, dt.date.today() - dt.timedelta(days=40))
        )
        folder.referrals.set_status(rid, Status.NO_RESPONSE)
    window = make_window(folder)
    tab = window.contacts_tab
    row = visible_column(tab, 0).index("Maria Alvarez")
    assert visible_column(tab, 3)[row] == "Not following up"
    tooltip = tab.model.data(tab.model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "2 referrals you gave Maria Alvarez got no response" in tooltip
    seen = {}
    monkeypatch.setattr(
        ContactDialog,
        "exec",
        lambda d: seen.update(text=d.warning.text(), shown=d.warning.isVisibleTo(d)) or 0,
    )
    select_row_with(qtbot, tab, "Maria Alvarez")
    window.actions["edit"].trigger()
    assert seen["shown"] and "Not following up" in seen["text"]


def test_the_contact_timeline_shows_everything_and_opens_each_entry(
    qtbot, folder, make_window, monkeypatch
):
    import datetime as dt

    from networking_folder.domain.model import Direction, InteractionKind, Note, Referral
    from networking_folder.ui.dialogs.referral_dialog import ReferralDialog

    maria = folder.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    folder.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 11, 2), need="A will")
    )
    folder.notes.create(
        Note(
            "One-to-one at her office",
            contact_id=maria,
            kind=InteractionKind.ONE_TO_ONE,
            at=dt.datetime(2026, 11, 10, 9, 0),
        )
    )
    opened = []
    monkeypatch.setattr(ReferralDialog, "exec", lambda d: opened.append(d.need.toPlainText()) or 0)
    seen = {}

    def look(dialog):
        page = dialog.tabs.count() - 1
        seen["tab"] = dialog.tabs.tabText(page)
        seen["summary"] = dialog.timeline_summary.text()
        seen["items"] = [
            dialog.timeline.item(i).text().split("\n")[0].split("   ", 1)[1]
            for i in range(dialog.timeline.count())
        ]
        referral = next(
            i
            for i in range(dialog.timeline.count())
            if "referred Ben Carter" in dialog.timeline.item(i).text()
        )
        dialog.timeline.itemActivated.emit(dialog.timeline.item(referral))
        return 0

    monkeypatch.setattr(ContactDialog, "exec", look)
    window = make_window(folder)
    select_row_with(qtbot, window.contacts_tab, "Maria Alvarez")
    window.actions["edit"].trigger()
    assert seen["tab"] == "Time&line"
    assert seen["summary"].startswith("Referrals you gave them: 0 · they gave you: 1 · last touch:")
    # (Her public thank-you for the referral, R9, is a follow-up about her: on her timeline.)
    assert seen["items"] == [
        "One-to-one",
        "Follow-up: Thank Maria Alvarez at your group's next meeting for referring Ben Carter",
        "They referred Ben Carter to you",
    ]
    assert opened == ["A will"], "the referral opened from the timeline"


def test_a_full_disk_says_so_and_keeps_what_was_typed(
    qtbot, folder, make_window, drive_dialog, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    window = make_window(folder)
    warned = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append((title, text))
    )
    pages = folder.db.execute_sql("PRAGMA page_count").fetchone()[0]
    folder.db.execute_sql(f"PRAGMA max_page_count = {pages}")
    seen = {}

    def fill(dialog: ContactDialog):
        type_into(qtbot, dialog.name, "Grace Kim")
        dialog.notes.setPlainText("A long note. " * 4000)
        dialog.accept()
        seen["open"] = dialog.isVisible()
        seen["notes"] = dialog.notes.toPlainText()[:12]

    drive_dialog(ContactDialog, fill, press_save=False)
    window.actions["new"].trigger()
    assert warned and warned[0][0] == "Not saved" and "disk is full" in warned[0][1]
    assert seen == {"open": True, "notes": "A long note."}, (
        "the form stays open with what was typed"
    )
    assert folder.contacts.rows() == []
    folder.db.execute_sql("PRAGMA max_page_count = 1073741823")
    folder.contacts.create(Contact(name="Grace Kim"))
    assert [r.name for r in folder.contacts.rows()] == ["Grace Kim"]
