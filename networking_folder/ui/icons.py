"""Icons shipped in resources/ (installed as networking_folder.resources)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon


def _path(name: str) -> str:
    return str(resources.files("networking_folder.resources").joinpath(name))


@cache
def icon(name: str) -> QIcon:
    return QIcon(_path(f"icons/{name}.svg"))


@cache
def app_icon() -> QIcon:
    return QIcon(_path("networking-folder.svg"))
