"""Shared fixtures. No Qt here: tests/unit must run without it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """Never touch the real user's folders or settings: home and XDG dirs point to a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("NETWORKING_FOLDER_DIR", raising=False)
    return home


@pytest.fixture
def folder(tmp_path):
    from networking_folder.services import Folder

    f = Folder.open(tmp_path / "folder")
    yield f
    f.close()
