"""The window as a whole: models, remembered layout, title, and a PySide6 trap."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from networking_folder.app import window_title
from networking_folder.domain.model import Contact
from networking_folder.services import Folder
from networking_folder.services.demo import fill_demo_folder


def test_every_table_model_passes_the_model_tester(qtbot, qtmodeltester, folder, make_window):
    fill_demo_folder(folder, today=dt.date(2026, 11, 23))
    window = make_window(folder)
    for tab in window.all_tabs():
        tab.ensure_loaded()
        assert tab.model.rowCount() > 0
        qtmodeltester.check(tab.model, force_py=True)
        tab.model.set_filter("a")
        qtmodeltester.check(tab.model, force_py=True)


def test_a_window_is_settled_before_a_test_uses_it_even_on_a_busy_machine(
    qtbot, folder, make_window, busy_machine
):
    """The day starts from a call queued by the first paint; a test that went on before it
    came round had it land later: on a closed window, or between two of the test's steps."""
    window = make_window(folder)
    assert window.backups.started and not window.backups.running
    assert len(folder.backups.all()) == 1, "a new folder's backup on opening is already taken"


def test_tab_and_column_widths_are_remembered(qtbot, folder, make_window, busy_machine):
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.given_tab)
    window.given_tab.view.horizontalHeader().resizeSection(1, 333)
    window.close()
    again = make_window(folder, tab=None)  # where it was left
    assert again.tabs.currentWidget() is again.given_tab
    assert again.given_tab.view.horizontalHeader().sectionSize(1) == 333
    assert QSettings().value("window/geometry") is not None


def test_the_title_names_a_folder_other_than_the_default(tmp_path):
    with Folder.open(tmp_path / "Chamber 2026") as folder:
        assert window_title(folder) == "Chamber 2026 — Networking Folder"


def test_standard_shortcuts(qtbot, folder, make_window):
    window = make_window(folder)
    a = window.actions
    assert a["new"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert a["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert a["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert a["quit"].shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    menu_texts = [action.text() for action in window.menuBar().actions()]
    assert menu_texts == ["&File", "&Edit", "&Help"]


def test_twenty_thousand_void_qt_calls_do_not_crash(qtbot):
    """PySide6 6.12.0 on Python < 3.12 leaked a reference to None per void call and died
    ("none_dealloc") after a few thousand; the dependency pin keeps us off it."""
    label = QLabel()
    qtbot.addWidget(label)
    for number in range(20_000):
        label.setText(str(number))
    assert label.text() == "19999"


def test_a_bad_folder_gives_a_dialog_in_the_window_and_a_line(qtbot, tmp_path, monkeypatch, capsys):
    from PySide6.QtWidgets import QMessageBox

    from networking_folder.app import run_window
    from networking_folder.services.folder import DATA_FILE_NAME

    (tmp_path / "f").mkdir()
    path = tmp_path / "f" / DATA_FILE_NAME
    path.write_bytes(b"my shopping list")
    shown = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0
    )
    assert run_window(tmp_path / "f") == 1
    assert shown and shown[0][0] == "The folder could not be opened."
    assert "not a Networking Folder data file" in shown[0][1]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a Networking Folder data file" in err[0]
    assert path.read_bytes() == b"my shopping list"


def test_the_trash_restores_after_a_restart_and_empties_for_good(
    qtbot, folder, make_window, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from networking_folder.domain.model import Contact
    from networking_folder.ui.dialogs.trash_dialog import TrashDialog

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    bob = folder.contacts.create(Contact(name="Bob Stone"))
    folder.contacts.delete([ann])
    folder.contacts.delete([bob])
    window = make_window(folder)  # a new window: no undo history for those deletes
    seen = {}

    def drive(dialog):
        dialog.show()
        seen["rows"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.item(1).setSelected(True)  # the older one: Ann
        qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
        seen["after_restore"] = dialog.list.count()
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.empty, Qt.MouseButton.LeftButton)
        seen["after_empty"] = dialog.list.count()
        seen["empty_label"] = dialog.empty_label.isVisible()
        return 0

    monkeypatch.setattr(TrashDialog, "exec", drive)
    window.actions["trash"].trigger()
    assert (
        len(seen["rows"]) == 2 and "Bob Stone" in seen["rows"][0] and "1 contact" in seen["rows"][0]
    )
    assert seen["after_restore"] == 1 and seen["after_empty"] == 0 and seen["empty_label"]
    assert [r.name for r in folder.contacts.rows()] == ["Ann Lee"]
    assert folder.trash.batches() == []


def test_keep_in_touch_reminders_appear_when_the_window_opens(qtbot, folder, make_window):
    from networking_folder.domain.model import Contact

    folder.contacts.create(Contact(name="Aisha Bello", is_partner=True))
    folder.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    qtbot.waitUntil(
        lambda: (
            "Reconnect with Aisha Bello"
            in [
                window.follow_ups_tab.model.data(window.follow_ups_tab.model.index(r, 2))
                for r in range(window.follow_ups_tab.model.rowCount())
            ]
        )
    )


def test_today_banner_on_launch_dismiss_and_when_the_date_rolls_over(qtbot, folder, make_window):
    import datetime as dt

    from networking_folder.domain.model import FollowUp

    today = dt.date.today()
    folder.follow_ups.create(FollowUp("Call Ben", today - dt.timedelta(days=1)))
    folder.follow_ups.create(FollowUp("Send the article", today))
    folder.follow_ups.create(FollowUp("Book a one-to-one", today + dt.timedelta(days=1)))
    window = make_window(folder)
    banner = window.banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.label.text().endswith(": 1 overdue and 1 due today.")
    assert window.isEnabled() and not banner.isWindow(), "a banner in the window, not a modal box"

    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible(), "the user can dismiss it"
    window.check_date()
    assert not banner.isVisible(), "the same day: it stays dismissed"

    window.clock = lambda: today + dt.timedelta(days=1)  # midnight passes with the window open
    window.check_date()
    assert banner.isVisible()
    assert banner.label.text().endswith(": 2 overdue and 1 due today.")
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    when = [
        window.follow_ups_tab.model.data(window.follow_ups_tab.model.index(r, 0))
        for r in range(window.follow_ups_tab.model.rowCount())
    ]
    assert when == ["Overdue", "Overdue", "Today"], "the groups follow the new day"
    assert window.tabs.tabText(window.tabs.indexOf(window.follow_ups_tab)) == "F&ollow-ups (2 overdue)"

    window.tabs.setCurrentWidget(window.contacts_tab)
    qtbot.mouseClick(banner.show_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.follow_ups_tab


def test_no_banner_when_nothing_is_due(qtbot, folder, make_window):
    window = make_window(folder)  # the day has started: a banner would be up by now
    assert window.backups.started and not window.banner.isVisible()


def test_settings_change_the_calendar_and_the_rules(qtbot, folder, make_window, monkeypatch):
    import datetime as dt

    from networking_folder.domain.model import Contact, Direction, Referral
    from networking_folder.ui.dialogs.settings_dialog import SettingsDialog

    def fill(dialog):
        dialog.show()
        dialog.country.setCurrentIndex(dialog.country.findData("GB"))
        assert dialog.region.findData("ENG") > 0, "the regions follow the country"
        dialog.region.setCurrentIndex(dialog.region.findData("ENG"))
        dialog.check_in.setValue(10)
        dialog.ask.setText("Introductions to dentists")
        dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fill)
    window = make_window(folder)
    window.actions["settings"].trigger()
    assert folder.settings.get("calendar.country") == "GB"
    assert folder.settings.get("calendar.subdivision") == "ENG"
    assert folder.rules.settings().check_in_days == 10
    assert folder.settings.get("sheet.ask") == "Introductions to dentists"
    assert folder.settings.get("sheet.paper") == "a4"
    maria = folder.contacts.create(Contact(name="Maria", is_partner=True))
    ben = folder.contacts.create(Contact(name="Ben"))
    rid = folder.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 12, 24)))
    (first,) = [r for r in folder.follow_ups.rows() if r.referral_id == rid and r.rule == "R1"]
    assert first.due == dt.date(2026, 12, 29), (
        "England: Christmas and Boxing Day (observed) skipped"
    )


def test_a_damaged_folder_offers_the_newest_good_backup_and_opens_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from networking_folder.app import run_window
    from tests.unit.test_backups import folder_with_backup_then_damage

    path, _backup = folder_with_backup_then_damage(tmp_path / "f")
    damaged = path.read_bytes()
    offered = []

    def choose_restore(box):
        offered.append(box.informativeText())
        next(b for b in box.buttons() if b.text() == "&Restore the backup").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    shown = []

    def look_and_close():
        for widget in QApplication.topLevelWidgets():
            if (
                widget.objectName() == "MainWindow"
                and widget.isVisible()
                and widget.backups.started  # up, painted, its day started
            ):
                poll.stop()
                widget.contacts_tab.ensure_loaded()  # (it opened on the home page)
                shown.append(widget.contacts_tab.model.total_count())
                widget.close()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(look_and_close)
    poll.start()  # looks until the window is there, however long a busy machine takes
    try:
        assert run_window(tmp_path / "f") == 0
    finally:
        poll.stop()
    assert "Anything you added or changed after that time would be lost" in offered[0]
    assert "300 contacts" in offered[0]
    assert shown == [300], "the window opened on the backup's data"
    (aside,) = [
        p
        for p in (tmp_path / "f").glob("networking-folder.sqlite3.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]  # its log files moved with it
    assert aside.read_bytes() == damaged


def test_the_toolbar_and_menus_offer_the_everyday_commands(qtbot, folder, make_window):
    from PySide6.QtWidgets import QToolBar

    window = make_window(folder)
    toolbar = window.findChild(QToolBar, "main_toolbar")
    on_toolbar = [a.objectName() for a in toolbar.actions() if a.objectName().startswith("action_")]
    assert on_toolbar == [
        "action_new",
        "action_quick_note",
        "action_edit",
        "action_delete",
        "action_undo",
        "action_redo",
        "action_find",
        "action_print_sheet",
    ]
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions() if a.objectName()]
    for wanted in (
        "action_quick_note",
        "action_one_to_one",
        "action_event",
        "action_print_sheet",
        "action_settings",
        "action_restore",
        "action_quit",
    ):
        assert wanted in names
    assert window.actions["quick_note"].shortcut().toString() == "Ctrl+Shift+N"
    assert window.actions["search_everything"].shortcut().toString() == "Ctrl+K"


class FirstPaint(QObject):
    """Writes "paint" into ``events`` when the widget it watches is first painted."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and "paint" not in self.events:
            self.events.append("paint")
        return False


def open_settled(qtbot, window) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.backups.started and not window.backups.running, timeout=15000)


def test_the_list_is_painted_before_the_partner_scan(qtbot, folder, monkeypatch):
    """Start-up (issue 10, item 9): the first paint shows the rows; the R6 scan of every
    referral fills in the "Not following up" marks after it."""
    from networking_folder.domain.model import Contact
    from networking_folder.ui.main_window import MainWindow

    folder.contacts.create(Contact(name="Ann Lee", is_partner=True))
    events: list[str] = []
    scan = folder.rules.partner_warnings
    monkeypatch.setattr(
        folder.rules, "partner_warnings", lambda *a: events.append("scan") or scan(*a)
    )
    QSettings().setValue("window/tab_name", "contacts_tab")  # it opens on the list
    window = MainWindow(folder)
    spy = FirstPaint(events)
    window.contacts_tab.view.viewport().installEventFilter(spy)
    open_settled(qtbot, window)
    qtbot.waitUntil(lambda: "scan" in events)
    assert events.index("paint") < events.index("scan")
    window.close()


def test_an_empty_folder_paints_its_welcome_page_before_building_the_tabs(
    qtbot, folder, monkeypatch
):
    from networking_folder.ui.main_window import MainWindow

    events: list[str] = []
    build = MainWindow.build_tabs
    monkeypatch.setattr(
        MainWindow, "build_tabs", lambda self: events.append("tabs") or build(self)
    )
    window = MainWindow(folder)
    assert window.all_tabs() == [], "no tabs before the first paint"
    spy = FirstPaint(events)
    window.welcome.installEventFilter(spy)
    open_settled(qtbot, window)
    assert events[:2] == ["paint", "tabs"]
    assert len(window.all_tabs()) == 4  # ready behind the welcome page
    window.close()


def test_keys_pressed_on_the_welcome_page_before_the_tabs_exist_still_work(
    qtbot, folder, monkeypatch
):
    """An empty folder's tabs are built after the welcome page's first paint; a shortcut or
    a search result that comes first builds them then, instead of failing."""
    from networking_folder.ui.dialogs.contact_dialog import ContactDialog
    from networking_folder.ui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(ContactDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    assert window.all_tabs() == []
    window.actions["new"].trigger()  # Ctrl+N, before any paint
    assert len(window.all_tabs()) == 4 and len(opened) == 1
    window.actions["find"].trigger()
    window.close()


def test_the_window_opens_without_building_the_tabs_not_shown(folder, make_window, qtbot):
    """Only the page shown is built (and its code loaded) at opening: the others when first
    shown, or when the window asks for them."""
    folder.contacts.create(Contact(name="Ann Apple"))
    window = make_window(folder, tab="")
    names = ("contacts_tab", "given_tab", "received_tab", "follow_ups_tab", "partners_tab")
    assert window.on_home()
    assert not any(window.tabs.is_built(name) for name in names)
    window.tabs.setCurrentIndex(window.tabs.index_of("contacts_tab"))
    assert window.tabs.is_built("contacts_tab") and not window.tabs.is_built("given_tab")
    assert window.current_tab() is window.contacts_tab
    qtbot.waitUntil(lambda: window.contacts_tab.model.rowCount() == 1)
    assert window.count_label.text() == window.contacts_tab.count_text()
    window.tabs.setCurrentWidget(window.given_tab)  # asked for by its page: built on the way
    assert window.tabs.currentIndex() == window.tabs.index_of("given_tab")
    assert window.tabs.indexOf(window.given_tab) == window.tabs.index_of("given_tab")
