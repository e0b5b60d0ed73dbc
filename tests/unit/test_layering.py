"""Only networking_folder.ui may import Qt (docs/architecture.md, "The layers")."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import networking_folder

BLOCKER = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError(f'{name} imported outside networking_folder.ui')
sys.meta_path.insert(0, NoQt())
import importlib
for module in sys.argv[1:]:
    importlib.import_module(module)
print('ok', len(sys.argv) - 1)
"""


def non_ui_modules() -> list[str]:
    modules = []
    for info in pkgutil.walk_packages(networking_folder.__path__, "networking_folder."):
        if not info.name.startswith(
            ("networking_folder.ui", "networking_folder.app", "networking_folder.__main__")
        ):
            modules.append(info.name)
    return modules


def test_every_non_ui_module_imports_without_qt():
    modules = non_ui_modules()
    assert {
        "networking_folder.cli",
        "networking_folder.store.db",
        "networking_folder.services.demo",
    } <= set(modules)
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, *modules], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(modules)}"


def test_domain_imports_no_sql_and_store_no_services():
    import ast
    from pathlib import Path

    root = Path(networking_folder.__file__).parent
    rules = {
        "domain": ("peewee", "sqlite3", "networking_folder.store", "networking_folder.services"),
        "interop": ("peewee", "sqlite3", "networking_folder.store", "networking_folder.services",
                    "networking_folder.ui"),
        "store": ("networking_folder.services", "networking_folder.ui", "networking_folder.interop"),
        "services": ("networking_folder.ui",),
    }
    for package, forbidden in rules.items():
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    assert not name.startswith(forbidden), f"{path.name} imports {name}"
