"""The bundle's entry point: networking_folder's own __main__, after giving the environment back.

PyInstaller's bootloader points LD_LIBRARY_PATH at the bundle, and its Qt hook sets
QT_PLUGIN_PATH and QML2_IMPORT_PATH to the bundle's Qt, for this process. Every program this
one starts inherits them: the PDF viewer that opens a tracking sheet, the mail program behind an
email address (through xdg-open). A system program then loads the bundle's libraries or Qt
plugins in place of its own, and fails or crashes (a KDE program, with Qt 6 of another version).
The loader has read LD_LIBRARY_PATH when this process started, and Qt finds its plugins beside
its own libraries, so both can go from the environment now. (Linux only: the one system the
smoke test runs it on.)
"""

import os
import sys

if getattr(sys, "frozen", False) and sys.platform.startswith("linux"):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
    os.environ.pop("QT_PLUGIN_PATH", None)
    os.environ.pop("QML2_IMPORT_PATH", None)

from networking_folder.cli import main  # noqa: E402 - after the environment is put right

sys.exit(main())
