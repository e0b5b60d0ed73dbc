"""The promoter register in the window (issue 14, R11): a promoter's page, the home page, the
register's own window, the forms, Settings, and a received referral's disclosure."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from networking_folder.domain.model import Contact, Direction, Referral
from networking_folder.domain.promoters import Compensation
from networking_folder.ui.dialogs.promoter_dialogs import CompensationDialog, PromoterFactsDialog
from networking_folder.ui.dialogs.register_dialog import RegisterDialog
from tests.gui.test_contact_page import show_page

TODAY = dt.date.today()


def promoter_with_a_referral(folder) -> tuple[int, int]:
    """Rosa Diaz (a CPA) referred Tom Baker to you last week; returns Rosa and the referral."""
    rosa = folder.contacts.create(Contact(name="Rosa Diaz", profession="CPA", is_partner=True))
    tom = folder.contacts.create(Contact(name="Tom Baker"))
    referral = folder.referrals.create(
        Referral(Direction.RECEIVED, rosa, tom, TODAY - dt.timedelta(days=7), need="A rollover")
    )
    return rosa, referral


def give(folder, rosa, cents, what="Dinner at Nino's", referral=None, days_ago=2, cash=False):
    return folder.promoters.add(
        Compensation(TODAY - dt.timedelta(days=days_ago), cents, what, cash, referral,
                     promoter_id=rosa)  # fmt: skip
    )


def test_a_promoters_page_shows_their_line_and_a_warning_until_its_cause_is_fixed(
    qtbot, folder, make_window
):
    rosa, referral = promoter_with_a_referral(folder)
    give(folder, rosa, 12_000, referral=referral)
    window = make_window(folder)
    page = show_page(qtbot, window, "Rosa Diaz")
    assert page.register.isVisible()
    text = page.register.text()
    assert "Promoter register" in text and "Dinner at Nino&#x27;s" in text
    assert "1, 0 with a disclosure recorded" in text
    assert page.register_warning.isVisible()
    assert "no disclosure recorded" in page.register_warning_text.text()
    assert "R11" in page.register_warning_text.text()

    folder.promoters.disclose(referral, TODAY - dt.timedelta(days=6), "In writing")
    qtbot.waitUntil(lambda: not page.register_warning.isVisible())
    assert "1, 1 with a disclosure recorded" in page.register.text()


def test_someone_who_never_referred_anyone_has_no_register_on_their_page(
    qtbot, folder, make_window
):
    folder.contacts.create(Contact(name="Ann Other"))
    window = make_window(folder)
    page = show_page(qtbot, window, "Ann Other")
    assert not page.register.isVisible() and not page.register_warning.isVisible()


def test_recording_something_given_from_the_page_is_one_step_to_undo(
    qtbot, folder, make_window, drive_dialog
):
    rosa, referral = promoter_with_a_referral(folder)
    window = make_window(folder)
    page = show_page(qtbot, window, "Rosa Diaz")

    def fill(dialog: CompensationDialog):
        dialog.description.setText("Two concert tickets")
        dialog.value.setText("$250")
        assert dialog.referral.currentData() == referral  # their latest referral, chosen
        dialog.disclosed.setChecked(True)
        dialog.disclosed_how.setText("Promoter disclosure by email")

    drive_dialog(CompensationDialog, fill)
    page.register.linkActivated.emit("register:give")
    (item,) = folder.promoters.entry(rosa).items
    assert (item.description, item.value_cents, item.cash, item.referral_id) == (
        "Two concert tickets", 25_000, False, referral,
    )
    disclosure = folder.promoters.entry(rosa).referral(referral)
    assert disclosure.disclosed_on == TODAY and disclosure.how == "Promoter disclosure by email"
    qtbot.waitUntil(lambda: "Two concert tickets" in page.register.text())

    window.undo_stack.undo()  # the item and the disclosure, together
    entry = folder.promoters.entry(rosa)
    assert entry.items == [] and not entry.referral(referral).disclosed
    window.undo_stack.redo()
    assert len(folder.promoters.entry(rosa).items) == 1


def test_a_value_that_is_not_an_amount_is_said_at_the_field_and_nothing_is_saved(
    qtbot, folder, make_window, drive_dialog
):
    rosa, _referral = promoter_with_a_referral(folder)
    window = make_window(folder)
    show_page(qtbot, window, "Rosa Diaz")

    def fill(dialog: CompensationDialog):
        dialog.description.setText("Lunch")
        dialog.value.setText("about forty")

    drive_dialog(CompensationDialog, fill)
    window.record_compensation(rosa)
    (dialog,) = drive_dialog.driven
    assert dialog.errors.message("value") == "Its value: write an amount such as 50 or 1,250.50."
    assert dialog.description.text() == "Lunch"  # what was typed is still there
    assert folder.promoters.entry(rosa).items == []
    assert not window.undo_stack.canUndo()


def test_an_agreement_on_file_ends_the_over_the_threshold_warning_on_the_home_page(
    qtbot, folder, make_window, drive_dialog
):
    rosa, referral = promoter_with_a_referral(folder)
    folder.promoters.disclose(referral, TODAY - dt.timedelta(days=7), "In writing")
    give(folder, rosa, 150_000, "Referral fee", referral, cash=True)
    window = make_window(folder, tab="")
    home = window.home_tab
    qtbot.waitUntil(lambda: home.register_warnings.isVisible())
    assert "over your 1,000 threshold, and no written agreement is on file" in (
        home.register_warnings.text()
    )
    assert f'href="contact:{rosa}"' in home.register_warnings.text()

    def fill(dialog: PromoterFactsDialog):
        dialog.is_client.setCurrentIndex(2)  # no
        dialog.on_file.setChecked(True)
        dialog.agreement_on.setDate(TODAY - dt.timedelta(days=30))
        dialog.kept_at.setText("Compliance binder, tab R")

    drive_dialog(PromoterFactsDialog, fill)
    window.edit_promoter_facts(rosa)
    facts = folder.promoters.facts(rosa)
    assert (facts.is_client, facts.agreement_on, facts.agreement_kept_at) == (
        False, TODAY - dt.timedelta(days=30), "Compliance binder, tab R",
    )
    qtbot.waitUntil(lambda: not home.register_warnings.isVisible())
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: home.register_warnings.isVisible())


def test_the_register_window_lists_promoters_items_and_warnings_and_deletes_an_item(
    qtbot, folder, make_window
):
    rosa, referral = promoter_with_a_referral(folder)
    give(folder, rosa, 6_000, "Bottle of wine", referral)
    sam = folder.contacts.create(Contact(name="Sam Lee"))
    give(folder, sam, 5_000, "Gift card", days_ago=400)  # outside the twelve months
    window = make_window(folder)
    dialog = RegisterDialog(folder, window.undo_stack, lambda: TODAY, window)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.model.row_at(i).entry.name for i in range(dialog.model.rowCount())]
    assert names == ["Rosa Diaz", "Sam Lee"]
    assert dialog.warning_box.isVisible()
    assert "“Bottle of wine” (60)" in dialog.warning_text.text()
    assert dialog.selected_entry().name == "Rosa Diaz"  # the one with a warning, first
    assert dialog.items.rowCount() == 1
    cells = [dialog.items.index(0, c).data() for c in range(dialog.items.columnCount())]
    assert cells[1:4] == ["Bottle of wine", "60.00", "not cash"]
    assert cells[5] == "⚠ not recorded"
    dialog.table.setCurrentIndex(dialog.model.index_of_id(sam))
    assert dialog.model.index_of_id(sam).siblingAtColumn(3).data() == "–"  # 400 days back

    dialog.table.setCurrentIndex(dialog.model.index_of_id(rosa))
    qtbot.mouseClick(dialog.delete, Qt.MouseButton.LeftButton)
    assert folder.promoters.entry(rosa).items == []
    assert not dialog.warning_box.isVisible()
    assert "No warnings" in dialog.no_warnings.text() and dialog.no_warnings.isVisible()
    window.undo_stack.undo()
    assert [i.description for i in folder.promoters.entry(rosa).items] == ["Bottle of wine"]


def test_settings_keep_the_years_and_the_threshold_and_refuse_a_threshold_in_words(
    qtbot, folder, make_window, drive_dialog
):
    from networking_folder.ui.dialogs.settings_dialog import SettingsDialog

    window = make_window(folder)

    def fill(dialog: SettingsDialog):
        dialog.retention.setValue(7)
        dialog.promoter_threshold.setText("2,500")

    drive_dialog(SettingsDialog, fill)
    SettingsDialog(folder, window).exec()
    assert folder.trash.retention_years() == 7
    assert folder.promoters.threshold_cents() == 250_000

    def bad(dialog: SettingsDialog):
        dialog.retention.setValue(0)
        dialog.promoter_threshold.setText("a thousand")

    drive_dialog(SettingsDialog, bad)
    SettingsDialog(folder, window).exec()
    (_first, second) = drive_dialog.driven
    assert "write an amount" in second.errors.message("promoter_threshold")
    assert folder.trash.retention_years() == 7  # nothing half-saved


def test_a_received_referral_records_its_disclosure_and_has_no_fee_of_its_own(
    qtbot, folder, make_window, drive_dialog
):
    from networking_folder.ui.dialogs.referral_dialog import ReferralDialog

    rosa, referral = promoter_with_a_referral(folder)
    window = make_window(folder, tab="received_tab")

    def fill(dialog: ReferralDialog):
        assert not dialog.fee_kind.isVisibleTo(dialog)  # what Rosa is given: the register
        assert dialog.tabs.tabText(dialog.tabs.count() - 1).replace("&", "") in (
            "Disclosure", "History",
        )
        dialog.disclosed.setChecked(True)
        dialog.disclosed_on.setDate(TODAY - dt.timedelta(days=6))
        dialog.disclosed_how.setText("Handed over at the first meeting")

    drive_dialog(ReferralDialog, fill)
    window.received_tab.edit_record(referral)
    saved = folder.referrals.get(referral)
    assert saved.fee_disclosed_on == TODAY - dt.timedelta(days=6)
    assert saved.disclosed_how == "Handed over at the first meeting"
    assert folder.promoters.entry(rosa).disclosed == 1


def test_the_register_window_saves_the_register_as_a_pdf_and_a_csv(qtbot, folder, make_window, tmp_path):
    import csv

    from pypdf import PdfReader

    rosa, referral = promoter_with_a_referral(folder)
    give(folder, rosa, 6_000, "Bottle of wine", referral)
    window = make_window(folder)
    dialog = RegisterDialog(folder, window.undo_stack, lambda: TODAY, window)
    qtbot.addWidget(dialog)
    pdf = dialog.save("pdf", str(tmp_path / "register"))  # the suffix is added
    assert pdf == tmp_path / "register.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Rosa Diaz" in text and "Bottle of wine" in text and "60.00" in text
    saved = dialog.save("csv", str(tmp_path / "register.csv"))
    with open(saved, encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert "Rosa Diaz" in row.values() and "Bottle of wine" in row.values()
