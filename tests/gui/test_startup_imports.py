"""The window's first paint waits only for what it shows (issue 15: start-up). What the real
entry point has imported when its window is first painted, on the home page and on the
welcome page: none of the libraries that serve later work."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from networking_folder.domain.model import Contact, FollowUp
from networking_folder.services import Folder
from tests.packaging.test_bundle_lists import _bundle

# Loaded with later work: records (peewee), another launch's socket (QtNetwork), the
# calendar's holidays, PDFs, and checking what was typed. (The shipped files are found by a
# plain path: importlib.resources costs about 4 ms to import.)
LATER = ("peewee", "PySide6.QtNetwork", "holidays", "reportlab", "pypdfium2", "phonenumbers",
         "email_validator", "importlib.resources")  # fmt: skip

AT_FIRST_PAINT = """
import builtins, json, os, sys
real_print = builtins.print
before_qt = []
class QtCoreSeen:  # notes what was loaded when QtCore is first looked for
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6.QtCore" and not before_qt:
            before_qt.extend(sys.modules)
        return None
sys.meta_path.insert(0, QtCoreSeen())
def spy(*args, **kwargs):
    if args and str(args[0]).startswith("first paint at"):
        later = sorted(m for m in sys.modules if m.split(".")[0] in LATER or m in LATER)
        below_ui = sorted(m for m in sys.modules if m.startswith(BELOW_UI) and m not in before_qt)
        stdlib = sorted(m for m, module in list(sys.modules.items())
                        if m.split(".")[0] in sys.stdlib_module_names
                        and (getattr(module, "__file__", None) or "").endswith(".py")
                        and not m.startswith("_frozen_importlib"))  # (inside the interpreter)
        real_print(json.dumps({"later": later, "below_ui_after_qt": below_ui,
                               "stdlib": stdlib}), flush=True)
        os._exit(0)
    real_print(*args, **kwargs)
builtins.print = spy
BELOW_UI = ("networking_folder.domain", "networking_folder.services", "networking_folder.store")
LATER = set(json.loads(sys.argv[1]))
sys.argv = ["networking-folder", "--data-dir", sys.argv[2]]
from networking_folder.cli import main
main()
"""


def loaded_at_first_paint(directory, config) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(config)  # (the window's settings: the tab it opens on)
    env["NETWORKING_FOLDER_QUIT_AFTER_FIRST_PAINT"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", AT_FIRST_PAINT, json.dumps(LATER), str(directory)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "page", ["home_tab", "contacts_tab", "given_tab", "follow_ups_tab", "welcome"]
)
def test_the_first_paint_loads_none_of_what_later_work_needs(tmp_path, page):
    directory, config = tmp_path / "folder", tmp_path / "config"
    if page != "welcome":  # (a folder holding anything opens on its tabs)
        with Folder.open(directory) as folder:
            ann = folder.contacts.create(Contact(name="Ann Lee", cadence_days=30))
            folder.follow_ups.create(FollowUp("Call Ann", dt.date.today(), contact_id=ann))
        settings = config / "Networking Folder" / "Networking Folder.conf"
        settings.parent.mkdir(parents=True)
        settings.write_text(f"[window]\ntab_name={page}\n")  # the tab it was closed on
    loaded = loaded_at_first_paint(directory, config)
    assert loaded["later"] == []
    # The bundle keeps these as plain .pyc files, quicker to load than from its archive.
    kept_plain = _bundle().FIRST_PAINT_STDLIB
    archived = [m for m in loaded["stdlib"] if not any(
        m == name or m.startswith(name + ".") for name in kept_plain)]  # fmt: skip
    assert archived == [], "add them to FIRST_PAINT_STDLIB in packaging/bundle.py"
    if page != "welcome":  # (a first start makes the folder: not the daily opening)
        # The layers below the window are plain Python: loaded before Qt, they escape PySide's
        # import hook, which reads the source of each module imported after QtCore (app.py).
        assert loaded["below_ui_after_qt"] == []
