"""Every control has a name a screen reader can say, focus follows reading order, and the
everyday work goes by keyboard alone (issue 10, item 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialog, QTabWidget, QWidget

from networking_folder.services.demo import fill_demo_folder


def unnamed(root: QWidget) -> list[str]:
    """Controls the keyboard reaches that have no accessible name."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # the spin box's own editor: the spin box carries the name
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            out.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return out


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in order, starting from the first."""
    chain, widget = [], root.nextInFocusChain()
    while widget is not root and len(chain) < 500:
        if (
            widget.isVisibleTo(root)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and (widget.focusProxy() is None)
            and root.isAncestorOf(widget)
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def reading_order_breaks(root: QWidget) -> list[str]:
    """Places where Tab goes back up the form (to a row above the one before)."""
    breaks = []
    chain = [w for w in focus_chain(root) if not isinstance(w.parent(), QTabWidget)]
    previous = None
    for widget in chain:
        top = widget.mapTo(root, widget.rect().topLeft()).y()
        if previous is not None and top < previous[1] - 4 and previous[0].window() is widget.window():
            same_page = not any(isinstance(p, QTabWidget) for p in _ancestors(widget, root))
            if same_page:
                breaks.append(f"{previous[0].objectName() or type(previous[0]).__name__} -> "
                              f"{widget.objectName() or type(widget).__name__}")
        previous = (widget, top)
    return breaks


def _ancestors(widget, root):
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        yield parent
        parent = parent.parentWidget()


@pytest.fixture
def demo(folder):
    fill_demo_folder(folder)
    return folder


def test_the_window_and_every_dialog_name_their_controls(qtbot, demo, make_window, monkeypatch):
    window = make_window(demo)
    window.resize(1366, 768)
    assert unnamed(window) == []
    seen = {}

    def look(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        seen[type(dialog).__name__] = unnamed(dialog)
        return 0

    monkeypatch.setattr(QDialog, "exec", look)
    for tab, action in (
        (window.contacts_tab, "new"),
        (window.given_tab, "new"),
        (window.follow_ups_tab, "new"),
    ):
        window.tabs.setCurrentWidget(tab)
        window.actions[action].trigger()
    for action in ("groups", "settings", "print_sheet", "event", "trash", "restore"):
        window.actions[action].trigger()
    window.actions["quick_note"].trigger()
    (note,) = window.note_windows
    seen["QuickNoteWindow"] = unnamed(note)
    note.close()
    assert len(seen) >= 9, seen.keys()
    missing = {name: found for name, found in seen.items() if found}
    assert missing == {}, "\n".join(f"{k}: {v}" for k, v in missing.items())


def test_focus_follows_reading_order_in_the_forms(qtbot, demo, make_window, monkeypatch):
    window = make_window(demo)
    found = {}

    def look(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        found[type(dialog).__name__] = reading_order_breaks(dialog)
        return 0

    monkeypatch.setattr(QDialog, "exec", look)
    window.tabs.setCurrentWidget(window.contacts_tab)
    window.actions["new"].trigger()
    window.tabs.setCurrentWidget(window.received_tab)
    window.actions["new"].trigger()
    window.actions["quick_note"].trigger()
    (note,) = window.note_windows
    qtbot.waitExposed(note)
    found["QuickNoteWindow"] = reading_order_breaks(note)
    note.close()
    assert found == {"ContactDialog": [], "ReferralDialog": [], "QuickNoteWindow": []}


def test_the_everyday_work_by_keyboard_alone(qtbot, folder, make_window, monkeypatch):
    """Add a contact, write a quick note about them, find them again: no mouse."""
    from networking_folder.ui.dialogs.contact_dialog import ContactDialog

    window = make_window(folder)
    window.tabs.setCurrentWidget(window.contacts_tab)

    def by_keyboard(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # as exec() does
        qtbot.waitUntil(dialog.isActiveWindow)
        focused = QApplication.focusWidget()
        assert focused is not None and dialog.isAncestorOf(focused), "the form takes the keyboard"
        qtbot.keyClicks(focused, "Maria Alvarez")
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Alvarez Realty")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the default button
        return dialog.result()

    monkeypatch.setattr(ContactDialog, "exec", by_keyboard)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [(r.name, r.company) for r in folder.contacts.rows()] == [
        ("Maria Alvarez", "Alvarez Realty")
    ]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    (note,) = window.note_windows
    qtbot.waitExposed(note)
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClicks(QApplication.focusWidget(), "Maria Alvarez")
    for _ in range(3):  # With → Kind → When → Note
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is note.body
    qtbot.keyClicks(note.body, "Talked about first-time buyers.")
    qtbot.keyClick(note.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: folder.counts()["notes"] == 1)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, "first-time")
    assert [hit.kind for hit in window.search_box.hits()] == ["note"]


def test_no_two_mnemonics_on_one_key_in_the_window(qtbot, folder, make_window):
    window = make_window(folder)
    keys = [a.text() for a in window.menuBar().actions()] + [
        window.tabs.tabText(i) for i in range(window.tabs.count())
    ]
    letters = [text[text.index("&") + 1].lower() for text in keys if "&" in text]
    assert len(letters) == len(set(letters)), keys


def test_actions_on_rows_are_off_when_the_list_is_empty(qtbot, folder, make_window):
    import datetime as dt

    from networking_folder.domain.model import Contact, FollowUp

    ann = folder.contacts.create(Contact(name="Ann Lee"))
    (only,) = [folder.follow_ups.create(FollowUp(title="Call Ann", due=dt.date(2026, 11, 23), contact_id=ann))]
    window = make_window(folder)
    window.tabs.setCurrentWidget(window.follow_ups_tab)
    window.follow_ups_tab.select_id(only)
    assert window.actions["mark_done"].isEnabled()
    folder.follow_ups.delete([only])  # elsewhere: the list becomes empty
    qtbot.waitUntil(lambda: window.follow_ups_tab.model.rowCount() == 0 or not window.actions["mark_done"].isEnabled())
    window.follow_ups_tab.reload()
    for name in ("mark_done", "snooze", "edit", "delete"):
        assert not window.actions[name].isEnabled(), name
