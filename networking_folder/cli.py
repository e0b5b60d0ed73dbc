"""The command line. No sub-command opens the window; the others work headless."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from networking_folder import __version__, paths
from networking_folder.store.errors import FolderError

PROG = "networking-folder"


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"use the folder in DIR (created if missing) instead of your own; also ${paths.ENV_DATA_DIR}",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Networking Folder: your contacts, referrals given and received, and follow-ups. "
        "With no command, opens the window on your folder.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="fill a sample folder with realistic data and open it",
        description="Fill a sample folder (its own place, never your real folder; or DIR with "
        "--data-dir, which must not hold data yet) and open it.",
    )
    demo.add_argument(
        "--no-open", action="store_true", help="create the demo folder without opening a window"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # everything the program writes is private to the user
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    try:
        if args.command == "demo":
            return _demo(data_dir, open_window=not args.no_open)
        return _open_window(paths.chosen_folder_dir(data_dir))
    except FolderError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _open_window(directory: Path) -> int:
    from networking_folder.app import run_window

    return run_window(directory)


def _demo(data_dir: str | None, open_window: bool) -> int:
    from networking_folder.services import Folder
    from networking_folder.services.demo import fill_demo_folder

    directory = Path(data_dir).expanduser().absolute() if data_dir else paths.demo_folder_dir()
    with Folder.open(directory) as folder:
        if folder.is_empty():
            fill_demo_folder(folder)
            print(f"Demo folder created at {directory}")
        elif data_dir:
            return _fail(
                f"{directory} already holds a folder with data; the demo fills only an empty one."
            )
        else:
            print(f"Opening the existing demo folder at {directory}")
    return _open_window(directory) if open_window else 0
