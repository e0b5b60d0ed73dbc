"""File → Networking groups…: the "Meets on public holidays" setting (issue 9, item 16)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from networking_folder.domain.model import Group
from networking_folder.ui.dialogs.groups_dialog import GroupsDialog
from tests.gui.helpers import type_into

THURSDAY = 3


def use_dialog(qtbot, folder, monkeypatch, act):
    """Open the dialog from the window's action, let ``act`` use it, then close it."""
    from networking_folder.ui.main_window import MainWindow

    used = []

    def exec_(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        act(dialog)
        used.append(dialog)
        return 0

    monkeypatch.setattr(GroupsDialog, "exec", exec_)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.actions["groups"].trigger()
    window.close()
    assert used, "the dialog opened"


def click(qtbot, dialog, text):
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(dialog, name):
    (item,) = dialog.list.findItems(name, Qt.MatchFlag.MatchStartsWith)
    dialog.list.setCurrentItem(item)


@pytest.fixture
def two_groups(folder):
    folder.settings.set("calendar.country", "US")
    folder.groups.create(Group("BNI Downtown", meeting_weekday=THURSDAY))
    folder.groups.create(Group("Holiday Club", meeting_weekday=THURSDAY, meets_on_holidays=True))
    return folder


def test_a_new_group_does_not_meet_on_holidays_until_ticked(qtbot, folder, monkeypatch):
    def act(dialog):
        click(qtbot, dialog, "&Add group")
        assert dialog.on_holidays.text() == "Meets on public &holidays"
        assert not dialog.on_holidays.isChecked(), "unchecked by default"
        type_into(qtbot, dialog.name, "BNI Downtown")
        dialog.weekday.setCurrentIndex(dialog.weekday.findData(THURSDAY))
        qtbot.mouseClick(dialog.on_holidays, Qt.MouseButton.LeftButton)
        assert dialog.on_holidays.isChecked()
        click(qtbot, dialog, "&Save group")

    use_dialog(qtbot, folder, monkeypatch, act)
    (group,) = folder.groups.all()
    assert (group.name, group.meeting_weekday, group.meets_on_holidays) == (
        "BNI Downtown",
        THURSDAY,
        True,
    )


def test_the_box_shows_each_group_and_unticking_saves(qtbot, two_groups, monkeypatch):
    def act(dialog):
        select(dialog, "Holiday Club")
        assert dialog.on_holidays.isChecked()
        select(dialog, "BNI Downtown")
        assert not dialog.on_holidays.isChecked()
        select(dialog, "Holiday Club")
        qtbot.mouseClick(dialog.on_holidays, Qt.MouseButton.LeftButton)
        click(qtbot, dialog, "&Save group")
        assert dialog.list.currentItem().text().startswith("Holiday Club")
        assert not dialog.on_holidays.isChecked(), "the form shows what was saved"

    use_dialog(qtbot, two_groups, monkeypatch, act)
    assert {g.name: g.meets_on_holidays for g in two_groups.groups.all()} == {
        "BNI Downtown": False,
        "Holiday Club": False,
    }
