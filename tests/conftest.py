"""Shared fixtures. No Qt here: tests/unit must run without it."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Hypothesis: derandomized in CI (the same examples on every run, and a failure's blob printed
# so it can be replayed), fully random on a developer's machine. No deadline in either: a busy
# machine makes a slow example, not a wrong one. HYPOTHESIS_PROFILE picks another on purpose.
# Both start from Hypothesis' own defaults, not from whatever profile it loaded for itself (it
# loads its own "ci" when it sees CI variables, and a profile inherits the one loaded).
_BASE = settings.get_profile("default")
settings.register_profile(
    "ci", _BASE, derandomize=True, deadline=None, print_blob=True, database=None
)
settings.register_profile("dev", _BASE, deadline=None)


def hypothesis_profile(environ=os.environ) -> str:
    chosen = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    in_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return "ci" if in_ci else "dev"


settings.load_profile(hypothesis_profile())


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


from tests.unit.known_folder import known  # noqa: E402, F401 (the hand-counted folder, a fixture)
