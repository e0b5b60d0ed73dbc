"""One window per folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid

from networking_folder.ui.single_instance import SingleInstance, server_name

CHILD_LISTENS = """
import sys, time
from PySide6.QtCore import QCoreApplication
from networking_folder.ui.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
print(instance.listen(), flush=True)
time.sleep(60)
"""

TWO_LAUNCHES_FIRST = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from networking_folder.app import make_application, run_window
    app = make_application()
    QTimer.singleShot(300, lambda: print("READY", flush=True))  # the window is up and listening
    QTimer.singleShot(8000, app.quit)
    sys.exit(run_window(Path(sys.argv[1])))
""")


def offscreen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_a_second_launch_talks_to_the_first(qtbot):
    name = f"nf-test-{uuid.uuid4().hex[:10]}"
    first = SingleInstance(name)
    assert first.listen()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.ask_running_one()
    first.close()
    assert not SingleInstance(name).ask_running_one(timeout_ms=300), "nobody listens any more"


def test_a_socket_left_by_a_crash_never_blocks_the_next_start(qtbot):
    name = f"nf-test-{uuid.uuid4().hex[:10]}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_LISTENS, name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=offscreen_env(),
    )
    try:
        line = child.stdout.readline().strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert line == "True", child.stderr.read()[-1000:]
    fresh = SingleInstance(name)
    assert not fresh.ask_running_one(timeout_ms=300)
    assert fresh.listen(), "the stale socket was cleared"
    fresh.close()


def test_names_differ_by_folder(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")


def test_two_real_launches_on_one_folder(tmp_path):
    folder = str(tmp_path / "f")
    first = subprocess.Popen(
        [sys.executable, "-c", TWO_LAUNCHES_FIRST, folder],
        env=offscreen_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout.readline().strip() == "READY"
        second = subprocess.run(
            [sys.executable, "-m", "networking_folder", "--data-dir", folder],
            env=offscreen_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout and "brought forward" in second.stdout
    finally:
        first.wait(timeout=30)
    assert first.returncode == 0, first.stderr[-1000:]
