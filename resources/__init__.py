"""Icons, fonts, help and desktop files, installed as networking_folder.resources."""

from pathlib import Path

# The files lie beside this module wherever it is installed: in the source tree, a wheel, or
# the bundle (packaging/bundle.py puts them under networking_folder/resources). A plain path,
# not importlib.resources, which costs the window's first paint about 4 ms to import.
DIRECTORY = Path(__file__).parent


def resource_path(name: str) -> Path:
    """The shipped file ``name`` (e.g. "icons/add.svg", "fonts/DejaVuSans.ttf")."""
    return DIRECTORY / name
