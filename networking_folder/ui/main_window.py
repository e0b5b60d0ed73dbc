"""The main window: four working tabs, menus and toolbar built from one set of actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QSystemTrayIcon,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from networking_folder import APP_NAME, __version__
from networking_folder.domain.model import Direction
from networking_folder.services import Folder
from networking_folder.services.folder import Change
from networking_folder.store.errors import FolderError
from networking_folder.ui.backup_scheduler import BackupScheduler
from networking_folder.ui.commands import DoneCommand
from networking_folder.ui.icons import icon
from networking_folder.ui.widgets.search_box import SearchBox
from networking_folder.ui.widgets.tab_pages import TabPages
from networking_folder.ui.widgets.today_banner import TodayBanner, summary
from networking_folder.ui.worker import Worker

if TYPE_CHECKING:
    from networking_folder.ui.tabs.home_tab import HomeTab
    from networking_folder.ui.tabs.partners_tab import PartnersTab
    from networking_folder.ui.tabs.record_tab import RecordTab


class MainWindow(QMainWindow):
    def __init__(self, folder: Folder, title: str = APP_NAME, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(title)
        self.setObjectName("MainWindow")
        self.undo_stack = QUndoStack(self)
        self.actions = self._make_actions()

        self.tabs = TabPages(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Folder sections")
        self.banner = TodayBanner(self)
        self.banner.showRequested.connect(lambda: self.tabs.setCurrentWidget(self.follow_ups_tab))
        self._tabs_built = False
        self._opening = False  # (while the tab shown at opening is chosen: build_tabs)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(6, 6, 6, 0)
        central_layout.addWidget(self.banner)
        # The folder's tabs, or on a first start the welcome page in their place.
        self.pages = QStackedWidget(central)
        self.pages.addWidget(self.tabs)
        self.welcome = None
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.tray: QSystemTrayIcon | None = None
        self.note_windows: list[QWidget] = []  # open quick notes (kept referenced)
        self._drafts_offered = False
        # Called once the first paint is done, before the day starts (app.py: listening for
        # another launch), so that the first paint does not wait for them.
        self.after_first_paint: list[Callable[[], None]] = []
        self.clock = dt.date.today  # what day it is (tests set another)
        self._day = self.clock()
        self._tabs_day = self._day  # the day the tabs that depend on it were read for
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self.check_date)
        self._day_timer.start()
        self.worker = Worker(self)
        # Another program may change the folder while the window is open (an import from the
        # command line): what it changed is reloaded, at a look every few seconds and when
        # the window comes back to the front.
        self._outside_timer = QTimer(self)
        self._outside_timer.setInterval(3000)
        self._outside_timer.timeout.connect(self.check_outside_changes)
        self._outside_timer.start()
        folder.changed_elsewhere()  # (the first look takes the mark)
        # The calendar feed, when the user chose to keep one, follows every change.
        self._feed_timer = QTimer(self)
        self._feed_timer.setSingleShot(True)
        self._feed_timer.setInterval(1500)
        self._feed_timer.timeout.connect(self.refresh_calendar_feed)
        self._feed_failed = False
        # The Follow-ups tab's "(N overdue)" follows every change to the follow-ups, from
        # wherever it was made (the home page, a dialog), whether that tab is built or not.
        self._overdue_timer = QTimer(self)
        self._overdue_timer.setSingleShot(True)
        self._overdue_timer.setInterval(0)
        self._overdue_timer.timeout.connect(self._recount_overdue)
        folder.subscribe(self._folder_changed)
        self.backups = BackupScheduler(folder, self.worker, self)
        self.backups.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()
        self._restore_settings()
        # Date-driven rules (keep in touch, R7) and the day's summary wait for the first paint
        # of the table (or of the welcome page): the user sees the folder first. An empty
        # folder's welcome page does not wait for the four tabs behind it either: they are
        # built just after it is painted.
        if not folder.profile.is_set_up():
            self._update_actions()
            self.show_welcome()
            self._first_paint_watch = self.welcome
        else:
            self.build_tabs()
            self._first_paint_watch = self.first_paint_target()
        self._first_paint_watch.installEventFilter(self)

    # The tabs' pages, each built the first time it is shown or asked for (TabPages).
    home_tab = property(lambda self: self.tabs.page("home_tab"))
    contacts_tab = property(lambda self: self.tabs.page("contacts_tab"))
    given_tab = property(lambda self: self.tabs.page("given_tab"))
    received_tab = property(lambda self: self.tabs.page("received_tab"))
    follow_ups_tab = property(lambda self: self.tabs.page("follow_ups_tab"))
    partners_tab = property(lambda self: self.tabs.page("partners_tab"))
    RECORD_TABS = ("contacts_tab", "given_tab", "received_tab", "follow_ups_tab")

    def build_tabs(self) -> None:
        """The six tabs, as they were left last time. Only the one shown is built now: the
        others when first shown or asked for, so the window opens without them."""
        if self._tabs_built:
            return
        self._tabs_built = True  # (set first: adding a tab calls back into the window)
        for name, title, build in (
            ("home_tab", "&Today", self._build_home),
            ("contacts_tab", "&Contacts", self._build_contacts),
            ("given_tab", "Referrals &Given", lambda: self._build_referrals(Direction.GIVEN)),
            ("received_tab", "Referrals &Received", lambda: self._build_referrals(Direction.RECEIVED)),
            ("follow_ups_tab", "F&ollow-ups", self._build_follow_ups),  # Alt+F is File
            ("partners_tab", "&Partners", self._build_partners),
        ):
            self.tabs.add_page(name, title, build)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._opening = True  # a list shown at opening reads its first screen first
        self._restore_tabs(QSettings())
        self._opening = False
        self._update_actions()

    def _wire_record_tab(self, tab: RecordTab) -> RecordTab:
        tab.restore_state(QSettings())
        tab.countChanged.connect(lambda text, tab=tab: self._show_count(tab, text))
        tab.selectionChanged.connect(self._update_actions)
        # A reload that empties the list clears the selection without saying so.
        tab.countChanged.connect(lambda _text: self._update_actions())
        return tab

    def _build_home(self) -> HomeTab:
        from networking_folder.ui.tabs.home_tab import HomeTab

        home = HomeTab(self.folder, self.undo_stack)
        home.today = lambda: self.clock()
        home.openEntry.connect(self._open_from_page)
        home.showFollowUps.connect(lambda: self.tabs.setCurrentWidget(self.follow_ups_tab))
        home.showHelp.connect(self.show_figures_help)
        home.showRegister.connect(lambda: self._guarded(self.promoter_register))
        home.showPartners.connect(lambda: self.tabs.setCurrentWidget(self.partners_tab))
        return home

    def _build_contacts(self) -> RecordTab:
        from networking_folder.domain.model import Draft, InteractionKind
        from networking_folder.ui.tabs.contacts_tab import ContactsTab

        tab = self._wire_record_tab(ContactsTab(self.folder, self.undo_stack, self.actions))
        tab.openRecord.connect(self._open_from_timeline)
        page, g = tab.page, self._guarded  # a contact's page: its buttons
        page.openEntry.connect(self._open_from_page)
        page.today = lambda: self.clock()
        page.logNote.connect(lambda cid: g(lambda: self.open_quick_note(Draft(contact_id=cid))))
        page.oneToOne.connect(
            lambda cid: g(
                lambda: self.open_quick_note(Draft(contact_id=cid, kind=InteractionKind.ONE_TO_ONE))
            )
        )
        page.referGiven.connect(lambda cid: g(lambda: self.given_tab.new_record(cid)))
        page.referReceived.connect(lambda cid: g(lambda: self.received_tab.new_record(cid)))
        page.edit.connect(lambda cid: g(lambda: self.contacts_tab.edit_record(cid)))
        page.showFiguresHelp.connect(self.show_figures_help)
        page.recordCompensation.connect(lambda cid: g(lambda: self.record_compensation(cid)))
        page.editPromoterFacts.connect(lambda cid: g(lambda: self.edit_promoter_facts(cid)))
        page.openRegister.connect(lambda cid: g(lambda: self.promoter_register(cid)))
        return tab

    def _build_referrals(self, direction: Direction) -> RecordTab:
        from networking_folder.domain.model import Draft
        from networking_folder.ui.tabs.referrals_tab import ReferralsTab

        tab = self._wire_record_tab(
            ReferralsTab(self.folder, direction, self.undo_stack, self.actions)
        )
        tab.page.today = lambda: self.clock()  # a referral's page: its buttons
        tab.page.openEntry.connect(self._open_from_page)
        tab.page.logNote.connect(
            lambda rid: self._guarded(
                lambda: self.open_quick_note(
                    Draft(contact_id=self.folder.referrals.get(rid).prospect_id, referral_id=rid)
                )
            )
        )
        return tab

    def _build_follow_ups(self) -> RecordTab:
        from networking_folder.ui.tabs.follow_ups_tab import FollowUpsTab

        tab = self._wire_record_tab(FollowUpsTab(self.folder, self.undo_stack, self.actions))
        tab.today = lambda: self.clock()
        tab.overdueChanged.connect(self._show_overdue)
        tab.openContact.connect(
            lambda cid: self._guarded(lambda: self.contacts_tab.edit_record(cid))
        )
        tab.openReferral.connect(  # its page: the steps, the history, why
            lambda rid: self._guarded(lambda: self.show_page_of(self.referral_tab(rid), rid))
        )
        return tab

    def _build_partners(self) -> PartnersTab:
        from networking_folder.ui.tabs.partners_tab import PartnersTab

        tab = PartnersTab(self.folder)
        tab.today = lambda: self.clock()
        tab.showHelp.connect(self.show_figures_help)
        tab.countChanged.connect(
            lambda text: self.count_label.setText(text)
            if self.tabs.currentIndex() == self.tabs.index_of("partners_tab")
            else None
        )
        tab.openContact.connect(
            lambda cid: self._guarded(lambda: self.show_page_of(self.contacts_tab, cid))
        )
        return tab

    # -- structure -------------------------------------------------------------------
    def all_tabs(self) -> list[RecordTab]:
        """The four record tabs (built on the way if they were not yet)."""
        return [self.tabs.page(name) for name in self.RECORD_TABS] if self._tabs_built else []

    def built_record_tabs(self) -> list[RecordTab]:
        """The record tabs built so far (the others have nothing to save or show yet)."""
        return [tab for name in self.RECORD_TABS if (tab := self.built_tab(name)) is not None]

    def built_tab(self, name: str):
        """The tab of that name if it has been built, else None."""
        return self.tabs.page(name) if self._tabs_built and self.tabs.is_built(name) else None

    def current_tab(self) -> RecordTab | HomeTab | PartnersTab:
        self.build_tabs()  # (a key pressed on the welcome page before they were built)
        return self.tabs.currentWidget()

    def new_record(self) -> None:
        """New… (Ctrl+N): a record of the tab shown; on the home page, a contact."""
        self.build_tabs()  # (pressed on the welcome page before they were built)
        if not hasattr(self.current_tab(), "new_record"):  # the home page, the partners
            self.tabs.setCurrentWidget(self.contacts_tab)
        self.current_tab().new_record()

    def on_home(self) -> bool:
        return self._tabs_built and self.tabs.currentIndex() == self.tabs.index_of("home_tab")

    def first_paint_target(self) -> QWidget:
        """What is painted first: the home page, or a list's rows."""
        tab = self.current_tab()
        return tab.body if self.on_home() else tab.view.viewport()

    def _action(
        self, name: str, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> dict[str, QAction]:
        key = QKeySequence.StandardKey
        # Fixed labels ("Undo", "Redo"): a label that grew with the action's name pushed the
        # search field into the toolbar's overflow. What they would undo is in the tooltip.
        undo = QAction(icon("undo"), "&Undo", self)
        undo.setShortcut(key.Undo)
        undo.setObjectName("action_undo")
        redo = QAction(icon("redo"), "&Redo", self)
        redo.setShortcut(key.Redo)
        redo.setObjectName("action_redo")
        undo.setStatusTip("Take back your last change")
        redo.setStatusTip("Make the change you took back again")
        for action, can, text_changed, word in (
            (undo, self.undo_stack.canUndoChanged, self.undo_stack.undoTextChanged, "Undo"),
            (redo, self.undo_stack.canRedoChanged, self.undo_stack.redoTextChanged, "Redo"),
        ):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text_changed.connect(
                lambda text, action=action, word=word: action.setToolTip(
                    f"{word}: {text}" if text else word
                )
            )
        undo.triggered.connect(lambda: self._guarded(self.undo_stack.undo))
        redo.triggered.connect(lambda: self._guarded(self.undo_stack.redo))
        delete_keys = [QKeySequence(key.Delete)]
        if QKeySequence(Qt.Key.Key_Backspace) not in delete_keys:
            delete_keys.append(QKeySequence(Qt.Key.Key_Backspace))
        return {
            "new": self._action(
                "new",
                "&New…",
                lambda: self._guarded(self.new_record),
                key.New,
                "new",
                "Add a record to this tab",
            ),
            "edit": self._action(
                "edit",
                "&Edit…",
                lambda: self._guarded(self.current_tab().edit_selected),
                QKeySequence(Qt.Key.Key_Return | Qt.KeyboardModifier.ControlModifier),
                "edit",
                "Open the selected record",
            ),
            "delete": self._action(
                "delete",
                "&Delete",
                lambda: self._guarded(self.current_tab().delete_selected),
                delete_keys,
                "delete",
                "Move the selected records to the trash",
            ),
            "find": self._action(
                "find",
                "&Find",
                lambda: (
                    self.current_tab().focus_search()
                    if hasattr(self.current_tab(), "focus_search")
                    else self.focus_search_everything()  # (the home page, the partners)
                ),
                key.Find,
                "find",
                "Find in this tab",
            ),
            "mark_done": self._action(
                "mark_done",
                "Mark &done…",
                lambda: self._guarded(self.follow_ups_tab.mark_done_selected),
                QKeySequence(Qt.Key.Key_D | Qt.KeyboardModifier.ControlModifier),
                "done",
                "Mark the selected follow-ups done, with a note of how it went",
            ),
            "snooze": self._action(
                "snooze",
                "&Snooze",
                lambda: self._guarded(self.follow_ups_tab.snooze_menu_at_current),
                None,
                "snooze",
                "Put the selected follow-ups off to tomorrow, next week or a date (S)",
            ),
            "reschedule": self._action(
                "reschedule",
                "&Reschedule…",
                lambda: self._guarded(self.follow_ups_tab.reschedule_selected),
                None,
                None,
                "Move the selected follow-ups to another date",
            ),
            "cancel_follow_up": self._action(
                "cancel_follow_up",
                "&Cancel follow-up…",
                lambda: self._guarded(self.follow_ups_tab.cancel_selected),
                None,
                None,
                "Decide not to do it; it stays in the folder, cancelled",
            ),
            "add_to_calendar": self._action(
                "add_to_calendar",
                "Add to ca&lendar",
                lambda: self._guarded(self.add_to_calendar),
                None,
                None,
                "Put the selected follow-up in your calendar program",
            ),
            "open_contact": self._action(
                "open_contact",
                "Open &contact",
                lambda: self._guarded(self.follow_ups_tab.open_contact_of_current),
                None,
                None,
                "Open the contact this follow-up is about",
            ),
            "open_referral": self._action(
                "open_referral",
                "Open re&ferral",
                lambda: self._guarded(self.follow_ups_tab.open_referral_of_current),
                None,
                None,
                "Open the referral this follow-up belongs to",
            ),
            "groups": self._action(
                "groups",
                "Networking &groups…",
                lambda: self._guarded(self.edit_groups),
                None,
                "groups",
                "Add and edit the groups you meet with",
            ),
            "find_duplicates": self._action(
                "find_duplicates",
                "Find du&plicates…",
                lambda: self._guarded(self.find_duplicates),
                None,
                None,
                "People who may be in your folder twice: review each pair, merge or keep apart",
            ),
            "trash": self._action(
                "trash",
                "&Trash…",
                lambda: self._guarded(self.open_trash),
                None,
                "trash",
                "See what was deleted; restore it or empty the trash",
            ),
            "print_sheet": self._action(
                "print_sheet",
                "&Print tracking sheet…",
                lambda: self._guarded(self.print_sheet),
                key.Print,
                "print",
                "The weekly tracking sheet for your group's meeting",
            ),
            "quarter_report": self._action(
                "quarter_report",
                "&Quarter report…",
                lambda: self._guarded(self.quarter_report),
                None,
                None,
                "The quarter's figures, charts and scorecards, to print or save",
            ),
            "one_to_one_sheet": self._action(
                "one_to_one_sheet",
                "One-to-one s&heet…",
                lambda: self._guarded(self.one_to_one_sheet),
                None,
                None,
                "One page to take to a one-to-one with a partner",
            ),
            "promoter_register": self._action(
                "promoter_register",
                "Promoter &register…",
                lambda: self._guarded(self.promoter_register),
                None,
                None,
                "The people who refer clients to you, what you gave them, agreements and disclosures",
            ),
            "quick_note": self._action(
                "quick_note",
                "&Quick note…",
                lambda: self._guarded(self.open_quick_note),
                QKeySequence("Ctrl+Shift+N"),
                "note",
                "Write down a call or a meeting (Ctrl+Shift+N)",
            ),
            "one_to_one": self._action(
                "one_to_one",
                "Log a &one-to-one…",
                lambda: self._guarded(self.log_one_to_one),
                None,
                None,
                "Write down a one-to-one with a partner",
            ),
            "event": self._action(
                "event",
                "Log an &event…",
                lambda: self._guarded(self.log_event),
                None,
                None,
                "A networking event and the people you met there",
            ),
            "search_everything": self._action(
                "search_everything",
                "Search &everything",
                lambda: self.focus_search_everything(),
                QKeySequence(Qt.Key.Key_K | Qt.KeyboardModifier.ControlModifier),
                None,
                "Find contacts, notes and referrals (Ctrl+K)",
            ),
            "import": self._action(
                "import",
                "&Import contacts…",
                lambda: self._guarded(self.import_contacts),
                None,
                None,
                "Bring people in from a vCard, a CSV export (Google, Outlook, LinkedIn) or an archive",
            ),
            "export": self._action(
                "export",
                "E&xport…",
                lambda: self._guarded(self.export_folder),
                None,
                None,
                "Write your contacts as vCards, every table as CSV, the whole folder as an archive, "
                "or a calendar",
            ),
            "restore": self._action(
                "restore",
                "&Restore from backup…",
                lambda: self._guarded(self.restore_from_backup),
                None,
                None,
                "Put an earlier state of your folder back",
            ),
            "settings": self._action(
                "settings",
                "&Settings…",
                lambda: self._guarded(self.edit_settings),
                key.Preferences,
                None,
                "Your country's business days and the follow-up rules' intervals",
            ),
            "quit": self._action(
                "quit", "&Quit", self.close, key.Quit, None, "Close the folder (it is backed up)"
            ),
            "about": self._action("about", "&About Networking Folder", self.about),
            "getting_started": self._action(
                "getting_started",
                "&Getting started",
                self.show_getting_started,
                QKeySequence(Qt.Key.Key_F1),
                None,
                "A short guide to Networking Folder",
            ),
            "figures_help": self._action(
                "figures_help",
                "What the &figures mean",
                self.show_figures_help,
                None,
                None,
                "How the home page, the scorecards and the reports count",
            ),
            "shortcuts": self._action(
                "shortcuts",
                "&Keyboard shortcuts",
                self.show_keyboard_shortcuts,
                None,
                None,
                "Every key the program knows",
            ),
            "undo": undo,
            "redo": redo,
        }

    def _build_menus(self) -> None:
        a = self.actions
        menus = {
            "&File": ["new", "quick_note", "one_to_one", "event", None, "print_sheet", "quarter_report", "one_to_one_sheet", "promoter_register", None, "groups", "settings", None, "import", "export", None, "restore", None, "quit"],
            "&Edit": ["undo", "redo", None, "edit", "delete", None, "mark_done", "snooze", "reschedule",
                      "cancel_follow_up", "add_to_calendar", None, "find", "search_everything", None, "find_duplicates", "trash"],
            "&Help": ["getting_started", "figures_help", "shortcuts", None, "about"],
        }  # fmt: skip
        for title, names in menus.items():
            menu = self.menuBar().addMenu(title)
            for name in names:
                menu.addSeparator() if name is None else menu.addAction(a[name])

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        for name in (
            "new",
            "quick_note",
            "edit",
            "delete",
            None,
            "undo",
            "redo",
            None,
            "find",
            None,
            "print_sheet",
        ):
            toolbar.addSeparator() if name is None else toolbar.addAction(a[name])
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search_box = SearchBox(self.folder, toolbar)
        # A person or a referral found shows their page; a note or a follow-up opens.
        self.search_box.opened.connect(self._open_from_page)
        toolbar.addWidget(self.search_box)
        self.addToolBar(toolbar)

    def _guarded(self, action) -> None:
        """Run a user's action; a problem with the file is said plainly and nothing is lost."""
        try:
            action()
        except FolderError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))

    def _tab_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if self._opening and hasattr(tab, "load_for_opening"):
            tab.load_for_opening()
        else:
            tab.ensure_loaded()
        self._show_count(tab, tab.count_text())
        self._update_actions()

    def _show_count(self, tab: RecordTab, text: str) -> None:
        if tab is self.current_tab():
            self.count_label.setText(text)

    def _update_actions(self) -> None:
        tab = self.current_tab() if self._tabs_built else None
        has_selection = tab is not None and bool(tab.selected_ids())
        self.actions["edit"].setEnabled(has_selection)
        self.actions["delete"].setEnabled(has_selection)
        on_follow_ups = tab is not None and tab is self.built_tab("follow_ups_tab")
        for name in (
            "mark_done",
            "snooze",
            "reschedule",
            "cancel_follow_up",
            "add_to_calendar",
            "open_contact",
            "open_referral",
        ):
            self.actions[name].setEnabled(on_follow_ups and has_selection)
            self.actions[name].setVisible(on_follow_ups)

    # -- the day -----------------------------------------------------------------------------
    def start_day(self, read_again: bool = False) -> None:
        """Apply the day's rules and say what is overdue and due today (banner and tray).
        The tabs that depend on the day are read again when it is a new day, or when asked
        (``read_again``: new settings); a follow-up the rules make reloads them anyway."""
        if self.backups.closed:  # queued before the window closed: its folder is gone
            return
        self.build_tabs()  # (after the welcome page's first paint)
        today = self.clock()
        self._day = today
        self.folder.apply_daily_rules(today)
        _rows, due, overdue = self.folder.follow_ups.first_due(today, 0)  # (counted in SQL)
        due_today = due - overdue
        self.banner.show_for(today, overdue, due_today)
        self._show_overdue(overdue)
        if read_again or today != self._tabs_day:
            self._tabs_day = today
            for name in ("follow_ups_tab", "home_tab", "partners_tab"):
                if (tab := self.built_tab(name)) is not None:
                    tab.invalidate()
        self._notify(overdue, due_today)
        if not self.backups.started:
            self.check_large_file()  # before any backup is taken of it
            self.backups.start()  # once, after the first paint: a backup if anything changed
        if not self._drafts_offered:
            self._drafts_offered = True
            self.offer_drafts()

    def eventFilter(self, watched, event) -> bool:
        if watched is self._first_paint_watch and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._first_paint_watch = None
            # With the window as context: dropped if the window is gone before it runs.
            for call in self.after_first_paint:
                QTimer.singleShot(0, self, call)
            QTimer.singleShot(0, self, lambda: self._guarded(self.start_day))
            import os

            if os.environ.get("NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT") == "1":
                # Only for benchmarks/startup.py and tests: say when the first paint
                # came (and with how many rows), then close once the day has started, as a
                # user who closes at once would.
                import time

                if self.on_home():  # the follow-ups listed as due
                    rows = self.home_tab.rows_shown()
                else:
                    model = getattr(watched.parentWidget(), "model", lambda: None)()
                    rows = model.rowCount() if model is not None else 0
                print(f"first paint at {time.time():.6f} with {rows} rows", flush=True)
                QTimer.singleShot(0, self, self.close)
        return super().eventFilter(watched, event)

    def check_outside_changes(self) -> bool:
        """Reload everything when another program changed the folder (True if it did)."""
        if self.backups.closed or not self.folder.changed_elsewhere():
            return False
        self.folder.announce(Change)
        self.statusBar().showMessage("Your folder was changed by another program: shown as it is now.", 8000)
        return True

    def _folder_changed(self, changes) -> None:
        if not self.backups.closed:
            self._feed_timer.start()  # (a burst of changes writes the feed once)
            if Change.FOLLOW_UPS in changes:
                self._overdue_timer.start()  # (a burst of changes counts once)

    def _recount_overdue(self) -> None:
        if self.backups.closed or not self._tabs_built:
            return
        try:
            _rows, _due, late = self.folder.follow_ups.first_due(self.clock(), 0)
        except FolderError:
            return  # (the next thing the user does says what is wrong with the file)
        self._show_overdue(late)

    def refresh_calendar_feed(self) -> None:
        from networking_folder.services import calendar_feed

        if self.backups.closed:
            return
        try:
            calendar_feed.refresh_feed(self.folder, self.clock())
        except FolderError as exc:
            if not self._feed_failed:  # said once, not after every change
                self._feed_failed = True
                self.statusBar().showMessage(f"The calendar feed could not be written: {exc}", 15000)
            return
        self._feed_failed = False

    def import_contacts(self, path=None) -> bool:
        """File → Import contacts…: the file chosen (or given), previewed, then imported as
        one step to undo. True when something was imported."""
        from networking_folder.ui.dialogs.import_dialog import ImportDialog

        if path is None:
            path = self.choose_import_file()
            if not path:
                return False
        dialog = ImportDialog(self.folder, path, self.worker, self)
        dialog.exec()
        step = dialog.step
        if step is None:
            return False
        self.undo_stack.push(DoneCommand.of(f"Import {Path(path).name}", step))
        self.statusBar().showMessage(dialog.said, 10000)
        return True

    def choose_import_file(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import contacts",
            str(Path.home()),
            "Contacts (*.vcf *.vcard *.csv *.json *.txt);;All files (*)",
        )
        return path

    def add_to_calendar(self) -> Path | None:
        """Edit → Add to calendar: the selected follow-up in the user's calendar program."""
        row_id = self.follow_ups_tab.current_id()
        return None if row_id is None else self.open_in_calendar("follow_up", row_id)

    def open_in_calendar(self, kind: str, row_id: int) -> Path:
        """A follow-up (``kind`` "follow_up") or a one-to-one ("note") as a one-event
        calendar file, opened in the calendar program (kept in the user's cache, where the
        calendar can still read it later)."""
        from platformdirs import user_cache_dir
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from networking_folder.services import calendar_feed

        directory = Path(user_cache_dir("networking-folder")) / "calendar"
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{kind.replace('_', '-')}-{row_id}.ics"
        target = calendar_feed.event_file(self.folder, kind, row_id, directory / name, self.clock())
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            QMessageBox.information(
                self,
                "Add to calendar",
                f"No calendar program opened it. The event is in this file, for your "
                f"calendar's Import:\n\n{target}",
            )
        return target

    def export_folder(self) -> None:
        from networking_folder.ui.dialogs.export_dialog import ExportDialog

        ExportDialog(self.folder, self.clock(), self).exec()

    def check_date(self) -> None:
        """Called every minute: when the date has rolled over, the new day starts."""
        if self.clock() != self._day:
            self._guarded(self.start_day)

    def _notify(self, overdue: int, due_today: int) -> None:
        text = summary(overdue, due_today)
        if not text or not QSystemTrayIcon.isSystemTrayAvailable():
            return  # no tray (or nothing to say): the banner is enough
        if self.tray is None:
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip(APP_NAME)
            self.tray.messageClicked.connect(
                lambda: self.tabs.setCurrentWidget(self.follow_ups_tab)
            )
            self.tray.show()
        self.tray.showMessage(
            APP_NAME, f"Follow-ups: {text}.", QSystemTrayIcon.MessageIcon.Information, 10_000
        )

    def _show_overdue(self, count: int) -> None:
        index = self.tabs.index_of("follow_ups_tab")
        self.tabs.setTabText(index, f"F&ollow-ups ({count} overdue)" if count else "F&ollow-ups")

    def open_quick_note(self, draft=None) -> QWidget:
        from networking_folder.ui.dialogs.quick_note import QuickNoteWindow

        window = QuickNoteWindow(self.folder, draft, self)
        self.note_windows.append(window)
        window.destroyed.connect(
            lambda *_: self.note_windows.remove(window) if window in self.note_windows else None
        )
        window.saved.connect(lambda _id: self.statusBar().showMessage("Note saved.", 4000))
        window.made.connect(self.push_made)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def log_one_to_one(self) -> None:
        from networking_folder.domain.model import Draft, InteractionKind

        self.open_quick_note(
            Draft(
                kind=InteractionKind.ONE_TO_ONE,
                at=dt.datetime.now().replace(second=0, microsecond=0),
            )
        )

    def log_event(self) -> None:
        from networking_folder.ui.dialogs.event_dialog import EventDialog

        dialog = EventDialog(self.folder, self)
        if dialog.exec():
            count = len(dialog.met)
            self.push_made("event", dialog.made)
            self.statusBar().showMessage(
                f"Event saved with {count} {'person' if count == 1 else 'people'}.", 5000
            )

    def offer_drafts(self) -> None:
        """Notes left unsaved last time (the program or the machine stopped) are offered back."""
        drafts = self.folder.drafts.all()
        if not drafts:
            return
        count = len(drafts)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_NAME,
            f"You have {count} unsaved note{'s' * (count != 1)} from before.",
            parent=self,
        )
        first = (
            drafts[0].body.strip().splitlines()[0][:80]
            if drafts[0].body.strip()
            else drafts[0].next_step
        )
        box.setInformativeText(
            f"“{first}”…\n\nOpen {'them' if count > 1 else 'it'} to finish and save?"
        )
        open_button = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            for draft in drafts:
                self.open_quick_note(draft)

    def focus_search_everything(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_record(self, kind: str, row_id: int) -> None:
        """Open a record's dialog, on its tab (from a contact's dialog, say)."""
        self.build_tabs()
        if kind == "contact":
            self.tabs.setCurrentWidget(self.contacts_tab)
            self.contacts_tab.select_id(row_id)
            self.contacts_tab.edit_record(row_id)
        elif kind == "referral":
            self.open_referral(row_id)
        elif kind == "follow_up":
            self.follow_ups_tab.edit_record(row_id)
        else:
            self.open_note(row_id)

    def open_note(self, note_id: int) -> None:
        """The note itself, in full (its person one click away)."""
        from networking_folder.ui.dialogs.note_dialog import NoteDialog

        note = self.folder.notes.get(note_id)
        name = self.folder.contacts.get(note.contact_id).name if note.contact_id else ""
        dialog = NoteDialog(note, name, self)
        dialog.openContact.connect(lambda cid: self.open_record("contact", cid))
        dialog.addToCalendar.connect(
            lambda: self._guarded(lambda: self.open_in_calendar("note", note_id))
        )
        dialog.exec()

    def _open_from_timeline(self, kind: str, row_id: int) -> None:
        """An entry of the timeline in a contact's dialog: its own dialog, over that one."""
        if kind == "note":  # the note itself
            self._guarded(lambda: self.open_note(row_id))
        else:
            self._guarded(lambda: self.open_record(kind, row_id))

    def _open_from_page(self, kind: str, row_id: int) -> None:
        """Something named on a contact's or a referral's page: a person or a referral shows
        their page; a note or a follow-up opens."""
        if kind == "note":  # the note itself
            self._guarded(lambda: self.open_note(row_id))
        elif kind == "contact":
            self._guarded(lambda: self.show_page_of(self.contacts_tab, row_id))
        elif kind == "referral":
            self._guarded(lambda: self.show_page_of(self.referral_tab(row_id), row_id))
        else:
            self._guarded(lambda: self.open_record(kind, row_id))

    def show_page_of(self, tab: RecordTab, row_id: int) -> None:
        self.tabs.setCurrentWidget(tab)
        tab.search.clear()  # a filter must not hide it
        tab.select_id(row_id)
        tab.view.setFocus()
        if tab.current_id() != row_id:  # not in the list: deleted (in the trash)
            tab.view.clearSelection()
            tab.view.setCurrentIndex(tab.model.index(-1, -1))
            self.statusBar().showMessage(
                "That one is in the trash: Edit → Trash… brings it back.", 8000
            )

    def referral_tab(self, referral_id: int) -> RecordTab:
        self.build_tabs()
        direction = self.folder.referrals.get(referral_id).direction
        return self.given_tab if direction is Direction.GIVEN else self.received_tab

    def open_referral(self, referral_id: int) -> None:
        tab = self.referral_tab(referral_id)
        self.tabs.setCurrentWidget(tab)
        tab.select_id(referral_id)
        tab.edit_record(referral_id)

    def check_large_file(self) -> None:
        """A large file skipped its check when it opened (it reads every page); it is checked
        now, on the worker, and damage is said at once."""
        from networking_folder.store.backup import check_file
        from networking_folder.store.db import QUICK_CHECK_LIMIT

        path = self.folder.path
        if path.stat().st_size > QUICK_CHECK_LIMIT:
            self.worker.submit(lambda: check_file(path), on_done=self._large_file_checked)

    def _large_file_checked(self, problems: list[str]) -> None:
        if not problems:
            return
        self.backups.timer.stop()  # never back up a damaged file over good backups
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, "Your folder's data file is damaged.", parent=self
        )
        box.setInformativeText(
            f"SQLite reports: {problems[0]}\n\nRestore a good backup now? "
            "Changes made after the backup's time would be lost."
        )
        restore = box.addButton("&Choose a backup…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is restore:
            self._guarded(self.restore_from_backup)

    def bring_forward(self) -> None:
        """Another launch on this folder asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def restore_from_backup(self) -> None:
        from networking_folder.ui.dialogs.restore_dialog import RestoreDialog

        # No backup may run while the file is replaced: none running, none starting.
        self.backups.timer.stop()
        self.worker.shutdown()
        self.worker = Worker(self)
        self.backups.worker = self.worker
        dialog = RestoreDialog(self.folder, self)
        restored = dialog.exec() and dialog.restored is not None
        if not self.backups.closed and (restored or self.backups.started):
            self.backups.timer.start()  # also after backups stopped on a damaged file
        if restored:
            self.undo_stack.clear()  # the steps to undo belonged to the data that was replaced
            self.statusBar().showMessage(f"Restored. {dialog.restored.said()}", 10000)

    def print_sheet(self) -> None:
        from networking_folder.ui.dialogs.sheet_dialog import SheetDialog

        SheetDialog(self.folder, self.clock(), self).exec()

    def quarter_report(self) -> None:
        from networking_folder.ui.dialogs.report_dialog import QuarterReportDialog

        QuarterReportDialog(self.folder, self.clock(), self).exec()

    def one_to_one_sheet(self, contact_id: int | None = None) -> None:
        """For the contact shown (on Contacts), or one chosen in the dialog."""
        from networking_folder.ui.dialogs.report_dialog import OneToOneDialog

        if contact_id is None and self._tabs_built and self.current_tab() is self.built_tab("contacts_tab"):
            contact_id = self.contacts_tab.current_id()
        OneToOneDialog(self.folder, contact_id, self.clock(), self).exec()

    def edit_settings(self) -> None:
        from networking_folder.ui.dialogs.settings_dialog import SettingsDialog

        if SettingsDialog(self.folder, self).exec():
            self.start_day(read_again=True)  # a new calendar or cadence changes what is due

    def edit_groups(self) -> None:
        from networking_folder.ui.dialogs.groups_dialog import GroupsDialog

        GroupsDialog(self.folder, self).exec()

    def find_duplicates(self) -> None:
        """Edit → Find duplicates…: each merge, and each pair kept apart, is a step to undo."""
        from networking_folder.ui.dialogs.duplicates_dialog import DuplicatesDialog

        dialog = DuplicatesDialog(self.folder, self.undo_stack, self)
        dialog.merged.connect(self._contact_merged)
        dialog.exec()

    def _contact_merged(self, keep_id: int, other_id: int) -> None:
        # A note being written about the merged-in contact is about the kept one now (the
        # folder's drafts were moved with the merge; the open window follows).
        for window in self.note_windows:
            if window.contact.contact_id() == other_id:
                window.contact.set_contact(keep_id)

    def promoter_register(self, contact_id: int | None = None) -> None:
        """File → Promoter register…, at ``contact_id``'s line when given."""
        from networking_folder.ui.dialogs.register_dialog import RegisterDialog

        RegisterDialog(self.folder, self.undo_stack, lambda: self.clock(), self, select=contact_id).exec()

    def record_compensation(self, contact_id: int) -> None:
        """Something given to a promoter, from their page: one step to undo."""
        from networking_folder.ui.dialogs.promoter_dialogs import CompensationDialog

        dialog = CompensationDialog(self.folder, contact_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.step:
            self.undo_stack.push(DoneCommand.of("Record something given", dialog.step))

    def edit_promoter_facts(self, contact_id: int) -> None:
        from networking_folder.ui.dialogs.promoter_dialogs import PromoterFactsDialog

        dialog = PromoterFactsDialog(self.folder, contact_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.step:
            self.undo_stack.push(DoneCommand.of("Change client and agreement", dialog.step))

    def open_trash(self) -> None:
        from networking_folder.ui.dialogs.trash_dialog import TrashDialog

        dialog = TrashDialog(self.folder, self)
        dialog.exec()
        if dialog.emptied:  # asked first, and said: Undo cannot reach back past it
            self.undo_stack.clear()
            return
        for batch in dialog.restored:  # each restore is one step to undo
            self.undo_stack.push(
                DoneCommand(
                    "Restore from the trash",
                    undo=lambda b=batch: self.folder.trash.discard(b),
                    redo=lambda b=batch: self.folder.trash.restore(b),
                )
            )

    def push_made(self, what: str, made: dict) -> None:
        """A note, one-to-one or event just saved: one step to undo (it goes to the trash)."""
        if not made:
            return
        batch: list[int] = []
        self.undo_stack.push(
            DoneCommand(
                f"Save {what}",
                undo=lambda: batch.append(self.folder.trash.take_back(made)),
                redo=lambda: self.folder.trash.restore(batch.pop()),
            )
        )

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<p>Your referral networking folder: contacts, referrals given "
            f"and received, and the follow-ups that keep every referral moving.</p>"
            f"<p>This folder: <code>{self.folder.directory}</code></p>",
        )

    # -- the first start ---------------------------------------------------------------
    def show_welcome(self) -> None:
        """An empty folder opens on the welcome page: set up in one short form, or try the
        sample data. The page only asks; the window saves and decides what shows next."""
        from networking_folder.ui.widgets.welcome_page import WelcomePage

        if self.welcome is None:
            self.welcome = WelcomePage(self.pages)
            self.welcome.setUpRequested.connect(self.set_up_folder)
            self.welcome.tryDemoRequested.connect(self.open_demo)
            self.pages.addWidget(self.welcome)
        self.pages.setCurrentWidget(self.welcome)
        self.welcome.setFocus()

    def set_up_folder(self, profile) -> None:
        from networking_folder.domain.validation import ValidationError

        self.build_tabs()  # (normally done once the welcome page is painted; never assumed)
        try:
            self.folder.profile.set_up(profile)
        except ValidationError as exc:  # said at its field; everything typed stays
            self.welcome.errors.show(exc.field, exc.message)
            return
        except FolderError as exc:
            QMessageBox.warning(self, APP_NAME, f"{exc}\n\nWhat you typed is still in the form.")
            return
        self.pages.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(self.contacts_tab)
        self.contacts_tab.invalidate()
        self.statusBar().showMessage(
            f"Your folder is set up, {profile.name.split()[0] if profile.name.split() else ''}. "
            "Add the people you network with first, or bring them in: File → Import contacts.",
            10000,
        )

    def open_demo(self) -> bool:
        """The sample folder in a window of its own (its own folder: yours stays as it is)."""
        import sys

        from PySide6.QtCore import QProcess

        frozen = getattr(sys, "frozen", False)
        program = sys.executable
        arguments = ["demo"] if frozen else ["-m", "networking_folder", "demo"]
        started = QProcess.startDetached(program, arguments)[0]
        if started:
            self.statusBar().showMessage("Opening the sample folder in a window of its own…", 8000)
        else:
            QMessageBox.warning(self, APP_NAME, "The sample folder could not be opened.")
        return started

    # -- remembered state ------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored:
            self.resize(1180, 720)
        # The window fits the screen it opens on: the first one on a laptop, and one whose size
        # was saved on a larger screen (Qt itself drops a geometry saved on a screen a quarter
        # wider or narrower: that window opens as a first one). Its frame is not known before
        # it is shown: room is left for a title bar and borders.
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.screenAt(self.geometry().center()) or self.screen()
        if screen is not None and not (self.isMaximized() or self.isFullScreen()):
            room = screen.availableGeometry().adjusted(4, 36, -4, -4)
            self.resize(self.size().boundedTo(room.size()))
            placed = self.geometry()
            if not restored:
                placed.moveCenter(room.center())
            placed.moveLeft(max(room.left(), min(placed.left(), room.right() - placed.width() + 1)))
            placed.moveTop(max(room.top(), min(placed.top(), room.bottom() - placed.height() + 1)))
            self.move(placed.topLeft() - (self.geometry().topLeft() - self.pos()))
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _restore_tabs(self, settings: QSettings) -> None:
        # The tab last shown, by name (an index would shift when a tab is added): the home
        # page when none was saved. (Each tab's columns come back when it is built.)
        name = settings.value("window/tab_name", "", type=str)
        try:
            index = self.tabs.index_of(name)
        except KeyError:
            index = self.tabs.index_of("home_tab")
        self.tabs.setCurrentIndex(index)
        QTimer.singleShot(0, self._tab_changed_later)

    def _tab_changed_later(self) -> None:
        self._tab_changed(self.tabs.currentIndex())

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self._tabs_built:
            settings.setValue("window/tab_name", self.tabs.currentWidget().objectName())
        for tab in self.built_record_tabs():
            tab.save_state(settings)
        settings.sync()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._guarded(self.check_outside_changes)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._outside_timer.stop()
        if self._feed_timer.isActive():  # a change not yet in the feed: written now
            self._feed_timer.stop()
            self.refresh_calendar_feed()
        self.folder.unsubscribe(self._folder_changed)
        self.save_settings()
        self.backups.on_close()
        for name in (*self.RECORD_TABS, "home_tab", "partners_tab"):
            if (tab := self.built_tab(name)) is not None:
                tab.detach()
        super().closeEvent(event)

    # -- help ----------------------------------------------------------------------
    def show_getting_started(self) -> None:
        from networking_folder.ui.dialogs.help_dialog import GETTING_STARTED, show_help

        show_help(self, GETTING_STARTED)

    def show_figures_help(self) -> None:
        from networking_folder.ui.dialogs.help_dialog import FIGURES, show_help

        show_help(self, FIGURES)

    def show_keyboard_shortcuts(self) -> None:
        from networking_folder.ui.dialogs.help_dialog import SHORTCUTS, show_help

        show_help(self, SHORTCUTS)
