"""GUI tests: offscreen Qt, settings and data in temp dirs, modal dialogs driven in place."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the first QApplication

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox

from networking_folder.app import ORGANIZATION
from networking_folder.services import Folder

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def qapp_args():
    return ["networking-folder-tests"]


@pytest.fixture(autouse=True)
def isolated_settings(qapp, tmp_path):
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName("Networking Folder")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    QSettings().clear()
    yield


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch, private_home):
    """$XDG_RUNTIME_DIR as a login session gives it (ours, 0700, a short path for sockets),
    and a cache dir of the test's own: the user's real ones are never touched."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(private_home / ".cache"))
    if sys.platform == "win32":
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="nf-run-"))
    os.chmod(directory, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(directory))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def make_window(qtbot):
    """Open a MainWindow on a folder; closes both at the end."""
    from networking_folder.ui.main_window import MainWindow

    opened = []

    def make(
        folder: Folder, title: str = "Networking Folder — test", tab: str | None = "contacts_tab"
    ) -> MainWindow:
        # Most tests work in a list: the window opens on Contacts, as it does for a user who
        # left it there; "" is a new user's window (the home page); None, where it was left.
        if tab is not None:
            QSettings().setValue("window/tab_name", tab)
        window = MainWindow(folder, title)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach an active window
        opened.append(window)
        # The first paint starts the day (rules, banner, drafts, the backup on opening) from a
        # queued call that a busy machine runs late: wait for it and for that backup, so
        # nothing of this window's lands after the test has moved on (or closed the window).
        qtbot.waitUntil(
            lambda: window.backups.started and not window.backups.running, timeout=15000
        )
        return window

    yield make
    for window in opened:
        window.close()


LATE_MS = 250


@pytest.fixture
def busy_machine(monkeypatch):
    """The window's queued calls (the start of the day after the first paint, the first tab's
    load) come round late, as on a loaded machine: a test has to wait for what it needs."""
    from networking_folder.ui import main_window

    class LateTimer(QTimer):
        @staticmethod
        def singleShot(msec, *args):
            QTimer.singleShot(msec + LATE_MS, *args)

    monkeypatch.setattr(main_window, "QTimer", LateTimer)


@pytest.fixture
def answer_yes(monkeypatch):
    """Confirmation boxes answered "yes" (the box itself is not clicked blind)."""
    asked = []

    def exec_(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    return asked


@pytest.fixture
def drive_dialog(monkeypatch, qtbot):
    """Replace a dialog class's exec() by a function that fills the real dialog, then presses Save.

    Returns the list of dialogs driven, so a test can look at one that refused to close.
    """
    driven = []

    def install(dialog_class, fill, press_save=True):
        def exec_(dialog):
            driven.append(dialog)
            dialog.show()
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)  # focus moves (and fields check) as for a user
            fill(dialog)
            if press_save:
                dialog.accept()
            result = dialog.result()
            if dialog.isVisible():
                dialog.hide()
            # A window manager hands activation back to the main window; offscreen, we do.
            parent = dialog.parentWidget()
            if parent is not None:
                parent.window().activateWindow()
            return result

        monkeypatch.setattr(dialog_class, "exec", exec_)

    install.driven = driven
    return install


@pytest.fixture
def dejavu(qapp):
    """The shipped DejaVu Sans as the application's font, so what fits does not depend on the
    machine's fonts; the font before is put back after."""
    from importlib import resources

    from PySide6.QtGui import QFont, QFontDatabase

    fonts = resources.files("networking_folder.resources").joinpath("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with resources.as_file(fonts.joinpath(name)) as path:
            assert QFontDatabase.addApplicationFont(str(path)) >= 0
    before = qapp.font()
    qapp.setFont(QFont("DejaVu Sans", 10))
    yield
    qapp.setFont(before)
