"""The window as a whole: models, remembered layout, title, and a PySide6 trap."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from networking_folder.app import window_title
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


def test_tab_and_column_widths_are_remembered(qtbot, folder, make_window):
    window = make_window(folder)
    window.tabs.setCurrentIndex(2)
    window.given_tab.view.horizontalHeader().resizeSection(1, 333)
    window.close()
    again = make_window(folder)
    assert again.tabs.currentIndex() == 2
    assert again.given_tab.view.horizontalHeader().sectionSize(1) == 333
    assert QSettings().value("window/geometry") is not None


def test_the_title_names_a_folder_other_than_the_default(tmp_path):
    with Folder.open(tmp_path / "Chamber 2026") as folder:
        assert window_title(folder) == "Networking Folder — Chamber 2026"


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
