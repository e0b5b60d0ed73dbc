"""Where folders live. The user's own folder is in the per-user data directory; the demo
has a place of its own so that it never touches the user's real data."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "NETWORKING_FOLDER_DIR"
_APP_DIR = "networking-folder"


def data_root() -> Path:
    import platformdirs  # (here: a folder given by --data-dir starts without it)

    return platformdirs.user_data_path(_APP_DIR, appauthor=False)


def default_folder_dir() -> Path:
    return data_root() / "folder"


def demo_folder_dir() -> Path:
    return data_root() / "demo"


def user_path(text: str | os.PathLike) -> Path:
    """A path the user typed, with "~" as their home. "~name" of no such user (or no home
    at all) is taken as written, a file of that name, not a traceback."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def chosen_folder_dir(cli_value: str | None) -> Path:
    """--data-dir wins, then $NETWORKING_FOLDER_DIR, then the per-user default."""
    if cli_value:
        return user_path(cli_value).absolute()
    if os.environ.get(ENV_DATA_DIR):
        return user_path(os.environ[ENV_DATA_DIR]).absolute()
    return default_folder_dir()


def is_default(directory: Path) -> bool:
    return Path(directory).absolute() == default_folder_dir().absolute()
