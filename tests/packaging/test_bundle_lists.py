"""The bundle's lists (packaging/bundle.py) against the source: a Qt module the program starts
importing, or a module the bundle leaves out, would break only the built program, which these
tests cannot run (python3 dev.py smoke does). No Qt here."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _bundle():
    spec = importlib.util.spec_from_file_location("packaging_bundle", PACKAGING / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _imports() -> dict[str, set[str]]:
    """Every module networking_folder imports (dotted, absolute), and the files that do."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "networking_folder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_qt_module_the_program_imports_is_bundled():
    bundle = _bundle()
    used = {name.split(".")[1] for name in _imports()
            if name.startswith("PySide6.Qt") and name.count(".") >= 1}
    used = {name for name in used if name.startswith("Qt") and name[2:3].isupper()}
    assert used, "the scan found no PySide6 import at all"
    assert used <= set(bundle.QT_MODULES), (
        f"add {sorted(used - set(bundle.QT_MODULES))} to QT_MODULES in packaging/bundle.py")


def test_no_module_the_bundle_leaves_out_is_imported_by_the_program():
    bundle = _bundle()
    imports = _imports()
    offending = {}
    for excluded in bundle.EXCLUDED_MODULES:
        for name, files in imports.items():
            if name == excluded or name.startswith(excluded + "."):
                offending[name] = sorted(files)
    assert not offending, f"imported by the program but left out of the bundle: {offending}"


# Run in a fresh Python that refuses the modules the bundle leaves out, as the built program
# does: every module of networking_folder is imported, and the commands that reach the most
# libraries are run (ReportLab's PDFs, the change log's hashes, vCards, calendars, the JSON
# archive, rapidfuzz's duplicates). A module tried and done without (urllib tries ssl, hashlib
# tries OpenSSL's _hashlib) is fine; one the program cannot do without fails the command.
WITHOUT_EXCLUDED = r"""
import importlib, importlib.abc, json, pkgutil, sys
from pathlib import Path

excluded, work = json.loads(sys.argv[1]), Path(sys.argv[2])
tried = set()


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == m or name.startswith(m + ".") for m in excluded):
            tried.add(name)
            raise ModuleNotFoundError(f"No module named {name!r} (left out of the bundle)",
                                      name=name)
        return None


sys.meta_path.insert(0, Refuse())
import networking_folder

for info in pkgutil.walk_packages(networking_folder.__path__, "networking_folder."):
    if not info.name.endswith("__main__"):  # (it runs the command line)
        importlib.import_module(info.name)

from networking_folder.cli import main
from networking_folder.services import Folder
from networking_folder.services.duplicates import find_pairs

data, other = str(work / "data"), str(work / "other")
commands = [
    ["demo", "--no-open", "--data-dir", data],
    ["--data-dir", data, "sheet", "-o", str(work / "sheet.pdf")],
    ["--data-dir", data, "report", "quarter", "-o", str(work / "quarter.pdf")],
    ["--data-dir", data, "register", "-o", str(work / "register.pdf")],
    ["--data-dir", data, "due", "--json"],
    ["--data-dir", data, "audit", "--verify"],
    ["--data-dir", data, "backup", "-o", str(work / "backup.sqlite3")],
    ["--data-dir", data, "export", "--format", "vcard", "-o", str(work / "people.vcf")],
    ["--data-dir", data, "export", "--format", "ics", "-o", str(work / "calendar.ics")],
    ["--data-dir", data, "export", "--format", "json", "-o", str(work / "archive.json")],
    ["--data-dir", data, "export", "--format", "csv", "-o", str(work / "tables.zip")],
    ["--data-dir", other, "import", str(work / "people.vcf")],
]
Folder.open(other).close()  # a new folder to import into
for command in commands:
    assert main(command) == 0, command
with Folder.open(data) as folder:
    find_pairs(folder)
print(json.dumps(sorted(tried)))
"""


def test_the_program_works_without_the_modules_the_bundle_leaves_out(tmp_path):
    """A module in EXCLUDED_MODULES that the program (or a library, on a path the program
    takes) cannot do without makes a command fail here, before the built program would."""
    import json
    import os
    import sys

    bundle = _bundle()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data-home")}  # fmt: skip
    env.pop("NETWORKING_FOLDER_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXCLUDED, json.dumps(bundle.excluded_modules()),
         str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    tried = json.loads(done.stdout.strip().splitlines()[-1])
    # What was tried and done without: only modules whose absence the standard library and
    # the libraries expect (a new name here means a library changed: look before adding it).
    assert set(tried) <= {"_hashlib", "ssl", "_ssl", "rapidfuzz.fuzz_cpp_avx2",
                          "rapidfuzz.distance.metrics_cpp_avx2"}, tried


def test_openssl_is_left_out_on_every_system_and_other_libraries_kept():
    kept = _bundle()._library_kept
    for name in ("libssl.so.3", "libcrypto.so.3", "libssl.3.dylib", "libcrypto-3-x64.dll"):
        assert not kept(name), name
    for name in ("libsqlite3.so.0", "PySide6/Qt/lib/libQt6Network.so.6", "libpython3.11.so.1.0"):
        assert kept(name), name


def test_a_qt_plugin_outside_the_list_is_left_out_and_one_inside_kept():
    bundle = _bundle()
    kept = bundle._plugin_kept
    assert kept("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert kept("PySide6/Qt/plugins/imageformats/libqsvg.so")
    assert kept("PySide6/plugins/styles/qmodernwindowsstyle.dll")
    assert not kept("PySide6/Qt/plugins/imageformats/libqjpeg.so")
    assert not kept("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
    assert kept("rapidfuzz/fuzz_cpp.cpython-311-x86_64-linux-gnu.so")


@pytest.mark.skipif(shutil.which("sh") is None, reason="no sh")
def test_install_sh_is_valid_shell():
    done = subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_metainfo_template_is_xml_with_its_fields():
    text = (PACKAGING / "linux" / "metainfo.xml").read_text(encoding="utf-8")
    filled = text.replace("@APP_ID@", "org.example.App").replace("@VERSION@", "1.0").replace(
        "@DATE@", "2026-01-01")
    component = ElementTree.fromstring(filled)
    assert component.findtext("project_license") == "GPL-3.0-or-later"
    assert component.find("content_rating").get("type") == "oars-1.1"
    assert component.findtext("launchable") == "networking-folder.desktop"
