"""The window's composition root: folder -> QApplication -> MainWindow."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from networking_folder import APP_NAME, paths
from networking_folder.services import Folder
from networking_folder.store.errors import FolderError

ORGANIZATION = "Networking Folder"


def display_problem() -> str | None:
    """Why no window can be shown here, or None. Checked before Qt, which would abort with a
    misleading message about xcb libraries."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return (
            "no display to open a window on (DISPLAY is not set): run it from your desktop session."
        )
    number = display.split(":")[-1].split(".")[0]
    local = display.startswith(":") or display.startswith("unix:")
    if local and number.isdigit() and not Path(f"/tmp/.X11-unix/X{number}").exists():
        return f"cannot reach the display {display}: run it from your desktop session."
    return None


def window_title(folder: Folder) -> str:
    return APP_NAME if paths.is_default(folder.directory) else f"{APP_NAME} — {folder.name}"


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("networking-folder")
    from networking_folder.ui.icons import app_icon

    icon: QIcon = app_icon()
    app.setWindowIcon(icon)
    return app


def show_open_error(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    make_application()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "The folder could not be opened.")
    box.setInformativeText(message)
    box.exec()


def run_window(directory: Path) -> int:
    problem = display_problem()
    instance = None
    if problem is None:
        from networking_folder.ui.single_instance import SingleInstance, server_name

        make_application()
        instance = SingleInstance(server_name(directory))
        if instance.ask_running_one():
            print(
                f"Networking Folder is already open on {directory}: its window was brought forward."
            )
            return 0
        instance.listen()
    try:
        folder = Folder.open(directory)
    except FolderError as exc:
        print(f"networking-folder: {exc}", file=sys.stderr)
        if problem is None:
            show_open_error(str(exc))
        return 1
    if problem is not None:
        folder.close()
        print(f"networking-folder: {problem}", file=sys.stderr)
        return 2
    from networking_folder.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(folder, window_title(folder))
    if instance is not None:
        instance.activated.connect(window.bring_forward)
    window.show()
    try:
        return app.exec()
    finally:
        folder.close()
