"""The program's entry point (``networking-folder``, ``python -m networking_folder``).

Opening the window, the launch a user makes every day, needs neither the parser of every
command nor the commands (networking_folder.command_line, with argparse, json and the rest):
they are imported only for a command line that asks for more than the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _only_the_window(argv: list[str]) -> tuple[bool, str | None]:
    """(True, DIR or None) when the command line just opens the window: nothing, or only
    --data-dir DIR."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return True, argv[0].split("=", 1)[1]
    return False, None


def open_window(directory: Path) -> int:
    from networking_folder.app import run_window

    return run_window(directory)


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # everything the program writes is private to the user
    window_only, data_dir = _only_the_window(sys.argv[1:] if argv is None else argv)
    if not window_only:
        from networking_folder.command_line import run

        return run(argv)
    from networking_folder import paths
    from networking_folder.store.errors import FolderError

    try:
        return open_window(paths.chosen_folder_dir(data_dir))
    except FolderError as exc:
        from networking_folder.command_line import _fail

        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
