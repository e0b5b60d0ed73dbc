"""The window's composition root: folder -> QApplication -> MainWindow."""

from __future__ import annotations

# Everything imported here is plain Python, loaded before Qt on purpose. From QtCore on, PySide's
# import hook reads the source of every module imported (looking for "PySide6", for its
# __feature__ switches): about 0.1 ms each. So the modules the first screen needs beside the
# folder's are loaded here too (benchmarks/startup.py: about 9 ms less to the first paint).
import hashlib  # noqa: F401 - the single-instance check's socket name
import html  # noqa: F401 - the home page's rows
import json  # noqa: F401 - settings
import os
import sys
from pathlib import Path

import platformdirs  # noqa: F401 - where the default folder is (the window's title)

from networking_folder import APP_NAME, paths
from networking_folder.domain import model  # noqa: F401
from networking_folder.services import (  # noqa: F401
    Folder,
    contacts,
    followups,
    profile,
    referrals,
    search,
    settings,
)
from networking_folder.store.errors import FolderDamaged, FolderError
from networking_folder.store.lock import FolderLock

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
    """The folder's name before the program's: Qt appends the program's name to a title that
    does not already end with it, so "Networking Folder — demo" became "… — demo — Networking
    Folder"."""
    return APP_NAME if paths.is_default(folder.directory) else f"{folder.name} — {APP_NAME}"


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("networking-folder")
    from networking_folder.ui.icons import app_icon
    from networking_folder.ui.theme import apply_theme

    icon: QIcon = app_icon()
    app.setWindowIcon(icon)
    apply_theme(app)  # Fusion and the system's light or dark scheme, before any window
    return app


def show_open_error(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    make_application()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "The folder could not be opened.")
    box.setInformativeText(message)
    box.exec()


def recover_or_none(directory: Path, error: FolderDamaged, can_ask: bool) -> Folder | None:
    """The data file is damaged: offer the newest good backup, saying plainly what would be
    lost. With the user's yes, the damaged file is moved aside untouched and the backup put in
    its place; returns the folder opened on it, or None."""
    from networking_folder.services.backups import (
        log_restore,
        newest_good_backup,
        recover,
        restore_command,
    )
    from networking_folder.services.folder import DATA_FILE_NAME

    data_file = Path(directory) / DATA_FILE_NAME
    backup = newest_good_backup(data_file)
    if backup is None:
        print(f"networking-folder: {error} There is no good backup to restore.", file=sys.stderr)
        if can_ask:
            show_open_error(f"{error}\n\nThere is no good backup to restore.")
        return None
    if not can_ask:
        print(
            f"networking-folder: {error} To restore the newest good backup: "
            f"{restore_command(directory, backup.path)}",
            file=sys.stderr,
        )
        return None
    from PySide6.QtWidgets import QMessageBox

    counts = backup.counts
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, "Your folder's data file is damaged.")
    box.setInformativeText(
        f"The newest good backup is from {backup.taken_at:%A %d %B %Y, %H:%M}, with "
        f"{counts['contacts']:,} contacts, {counts['referrals']:,} referrals and {counts['notes']:,} notes.\n\n"
        f"Anything you added or changed after that time would be lost. The damaged file is kept "
        f"aside, untouched, in case it can be rescued.\n\nRestore this backup?"
    )
    restore_button = box.addButton("&Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)  # Enter never replaces anything
    box.setEscapeButton(quit_button)
    box.exec()
    if box.clickedButton() is not restore_button:
        return None
    lock = FolderLock(directory)
    try:
        lock.exclusive()  # nothing replaces the file while another process has it open
        aside = recover(data_file, backup.path)
        log_restore(data_file, backup.path, {})  # the damaged log's heads cannot be read
        lock.release()
        if aside is not None:
            print(f"networking-folder: the damaged file was moved to {aside}", file=sys.stderr)
        return Folder.open(directory)
    except FolderError as exc:  # the damaged file is back where it was
        print(f"networking-folder: {exc}", file=sys.stderr)
        show_open_error(str(exc))
        return None
    finally:
        lock.release()


def brought_forward(directory: Path) -> bool:
    """Whether a window already open on the folder was asked, and came forward. Asked only
    when its socket is there (ask_running_one looks first), so the local socket's module
    (QtNetwork) is not loaded before the first paint otherwise. Not the window lock: where
    the drive has no locks, it says nothing, and a socket still answers."""
    from networking_folder.ui.single_instance import SingleInstance, server_name

    return SingleInstance(server_name(directory)).ask_running_one()


def listen_for_launches(window, directory: Path) -> None:
    """From now on, another launch on this folder brings this window forward."""
    from networking_folder.ui.single_instance import SingleInstance, server_name

    instance = SingleInstance(server_name(directory), window)
    instance.activated.connect(window.bring_forward)
    instance.listen()


def run_window(directory: Path) -> int:
    problem = display_problem()
    if problem is None:
        make_application()
        if brought_forward(directory):
            print(
                f"Networking Folder is already open on {directory}: its window was brought forward."
            )
            return 0
    try:
        folder = Folder.open(directory)
    except FolderDamaged as exc:
        folder = recover_or_none(directory, exc, can_ask=problem is None)
        if folder is None:
            return 1
    except FolderError as exc:
        print(f"networking-folder: {exc}", file=sys.stderr)
        if problem is None:
            show_open_error(str(exc))
        return 1
    if problem is not None:
        folder.close()
        print(f"networking-folder: {problem}", file=sys.stderr)
        return 2
    if not folder.lock.hold_window():
        folder.close()
        print(f"Networking Folder is already open on {directory} in another window.")
        return 0
    from networking_folder.ui.main_window import MainWindow

    app = make_application()
    try:
        window = MainWindow(folder, window_title(folder))
    except FolderDamaged as exc:  # a large file is checked only as its pages are read
        folder.close()
        folder = recover_or_none(directory, exc, can_ask=True)
        if folder is None:
            return 1
        folder.lock.hold_window()
        window = MainWindow(folder, window_title(folder))
    # Just after the first paint (the window holds the folder already: a launch meanwhile is
    # told it is open in another window).
    window.after_first_paint.append(lambda: listen_for_launches(window, directory))
    window.show()
    try:
        return app.exec()
    finally:
        folder.close()
