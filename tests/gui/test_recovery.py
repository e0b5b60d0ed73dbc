"""The window's start on a damaged folder or a full disk (issue 9, items 1, 2 and 15)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QMessageBox

from networking_folder.app import run_window
from networking_folder.services.folder import DATA_FILE_NAME
from tests.unit.test_backups import folder_with_backup_then_damage
from tests.unit.test_mishaps import fill, make_folder, small_disk  # noqa: F401 (a fixture)


def press_enter(boxes):
    """Stands for a user who presses Enter in each message box: its default button."""

    def exec_(box):
        boxes.append((box.text(), box.defaultButton().text() if box.defaultButton() else ""))
        if box.defaultButton() is not None:
            box.defaultButton().click()
        return 0

    return exec_


def test_enter_in_the_damaged_folder_box_replaces_nothing(qtbot, tmp_path, monkeypatch):
    path, _backup = folder_with_backup_then_damage(tmp_path / "f")
    damaged = path.read_bytes()
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", press_enter(boxes))
    assert run_window(tmp_path / "f") == 1
    assert boxes == [("Your folder's data file is damaged.", "&Quit")]
    assert path.read_bytes() == damaged
    assert not list((tmp_path / "f").glob("*.damaged-*")), "nothing was moved aside"


@pytest.mark.parametrize("mishap", ["emptied", "header"])
def test_an_emptied_file_or_a_damaged_header_offers_the_backup(qtbot, tmp_path, monkeypatch, mishap):
    path = make_folder(tmp_path / "f")
    if mishap == "emptied":
        path.write_bytes(b"")
    else:
        data = bytearray(path.read_bytes())
        data[0:16] = os.urandom(16)
        path.write_bytes(bytes(data))
    offered = []

    def choose(box):
        offered.append(box.informativeText())
        return 0  # closed without a choice: nothing happens

    monkeypatch.setattr(QMessageBox, "exec", choose)
    assert run_window(tmp_path / "f") == 1
    assert "30 contacts" in offered[0], "the newest good backup is offered"
    assert (tmp_path / "f" / DATA_FILE_NAME).exists()


def test_a_full_disk_never_offers_a_restore(qtbot, small_disk, monkeypatch):  # noqa: F811
    path = make_folder(small_disk / "f", people=20)
    before = path.read_bytes()
    fill(small_disk)
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", press_enter(boxes))
    assert run_window(small_disk / "f") == 1
    assert [text for text, _default in boxes] == ["The folder could not be opened."]
    assert path.read_bytes() == before
    assert not list((small_disk / "f").glob("*.damaged-*"))


def test_a_file_emptied_under_the_window_stops_its_backups_and_keeps_the_good_ones(
    qtbot, tmp_path, make_window
):
    from networking_folder.domain.model import Contact
    from networking_folder.services import Folder
    from tests.unit.test_mishaps import backups_holding

    make_folder(tmp_path / "f")
    folder = Folder.open(tmp_path / "f")
    window = make_window(folder)
    folder.contacts.create(Contact(name="Changed since the backup"))
    folder.path.write_bytes(b"")  # a sync tool empties the file under the window
    window.backups.backup_if_changed()  # the 30-minute timer
    qtbot.waitUntil(lambda: not window.backups.running, timeout=10_000)
    assert "Automatic backups stopped" in window.statusBar().currentMessage()
    assert "is empty" in window.statusBar().currentMessage()
    assert not window.backups.timer.isActive()
    # Only backups of the good file (one or two: the one taken on opening is kept beside the
    # one made five minutes before when midnight came between them).
    assert set(backups_holding(tmp_path / "f")) == {30}
    window.backups.closed = True  # the backup on closing would be refused the same way
    window.close()
    folder.close()
