"""Icons shipped in resources/ (installed as networking_folder.resources)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from networking_folder.resources import resource_path


def _path(name: str) -> str:
    return str(resource_path(name))


@cache
def icon(name: str) -> QIcon:
    """A shipped icon drawn in the palette's text colour when painted, so it reads on a
    light and a dark palette alike (and greys out when disabled)."""
    from networking_folder.ui.theme import tinted_icon

    return tinted_icon(name)


@cache
def app_icon() -> QIcon:
    return QIcon(_path("networking-folder.svg"))
