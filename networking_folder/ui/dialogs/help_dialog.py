"""Help in the program, offline: Getting started (a guide shipped with the program) and the
keyboard shortcuts, generated from the window's actions so the list never goes stale."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from networking_folder import APP_NAME
from networking_folder.resources import resource_path

GUIDE = "help/getting-started.html"  # under resources/, installed as networking_folder.resources
GETTING_STARTED, SHORTCUTS, FIGURES = "getting_started", "shortcuts", "figures"


def guide_html() -> str:
    return resource_path(GUIDE).read_text(encoding="utf-8")


def plain_text(text: str) -> str:
    """A menu text as a person reads it: no mnemonic '&', no trailing '…'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    """(what, keys, what it does) for every action that has a key, in the order given."""
    rows = []
    for action in actions:
        keys = [
            key.toString(QKeySequence.SequenceFormat.NativeText)
            for key in action.shortcuts()
            if not key.isEmpty()
        ]
        if keys:
            tip = action.statusTip()
            for key in keys:  # "… (Ctrl+K)": the keys have a column of their own here
                tip = tip.replace(f" ({key})", "")
            rows.append((plain_text(action.text()), ", ".join(keys), tip))
    return rows


class HelpWindow(QDialog):
    """Non-modal: it stays open beside the main window while the user tries things out."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(f"{APP_NAME} Help")
        self.setModal(False)
        self.resize(720, 560)  # fits a 1366×768 laptop with room to spare

        self.guide = QTextBrowser(self)
        self.guide.setObjectName("getting_started")
        self.guide.setAccessibleName("Getting started")
        self.guide.setOpenLinks(False)  # the guide is read here; nothing is fetched
        self.guide.setHtml(guide_html())

        self.shortcuts = QTreeWidget(self)
        self.shortcuts.setObjectName("keyboard_shortcuts")
        self.shortcuts.setAccessibleName("Keyboard shortcuts")
        self.shortcuts.setColumnCount(3)
        self.shortcuts.setHeaderLabels(["Action", "Keys", "What it does"])
        self.shortcuts.setRootIsDecorated(False)
        self.shortcuts.setUniformRowHeights(True)
        self.shortcuts.setAlternatingRowColors(True)
        header = self.shortcuts.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # a few rows
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.set_actions(actions)

        self.pages = QTabWidget(self)
        self.pages.addTab(self.guide, "&Getting started")
        self.pages.addTab(self.shortcuts, "&Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)

    def set_actions(self, actions: Iterable[QAction]) -> None:
        """List the keys of these actions (again: called each time the window is shown)."""
        from networking_folder.ui.dialogs.quick_note import QuickNoteWindow
        from networking_folder.ui.tabs.follow_ups_tab import FollowUpsTab

        self.shortcuts.clear()
        in_place = [*FollowUpsTab.KEYS, *QuickNoteWindow.KEYS]  # keys that are not actions
        for what, keys, tip in [*shortcut_rows(actions), *in_place]:
            item = QTreeWidgetItem([what, keys, tip])
            item.setToolTip(2, tip)
            self.shortcuts.addTopLevelItem(item)

    def rows(self) -> list[tuple[str, str]]:
        """(action, keys) as listed."""
        return [
            (self.shortcuts.topLevelItem(i).text(0), self.shortcuts.topLevelItem(i).text(1))
            for i in range(self.shortcuts.topLevelItemCount())
        ]

    def show_page(self, page: str) -> None:
        self.pages.setCurrentWidget(self.shortcuts if page == SHORTCUTS else self.guide)
        if page == FIGURES:  # a section of the guide
            self.guide.scrollToAnchor("figures")
        elif page == GETTING_STARTED:
            self.guide.verticalScrollBar().setValue(0)


def show_help(window, page: str = GETTING_STARTED) -> HelpWindow:
    """Show the help beside ``window`` (one per window: shown again, not opened twice), with
    the shortcuts of ``window.actions`` as they are now."""
    help_window = window.findChild(QDialog, "help_window")
    if help_window is None:
        help_window = HelpWindow(window.actions.values(), window)
    else:
        help_window.set_actions(window.actions.values())
    help_window.show_page(page)
    help_window.show()
    help_window.raise_()
    help_window.activateWindow()
    focus = help_window.shortcuts if page == SHORTCUTS else help_window.guide
    focus.setFocus(Qt.FocusReason.OtherFocusReason)
    return help_window
