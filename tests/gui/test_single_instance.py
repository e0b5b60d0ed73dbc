"""One window per folder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from networking_folder.ui import single_instance
from networking_folder.ui.single_instance import SingleInstance, server_name

OTHER_USER = 12345  # "another local user": files handed to it with os.chown (needs root)
as_root = pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="simulating another user needs root"
)
unix = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps a named pipe")

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
    from networking_folder import app as entry
    from networking_folder.app import make_application, run_window
    from networking_folder.ui.main_window import MainWindow
    app = make_application()
    # The window listens for another launch just after its first paint: ready then.
    listen = entry.listen_for_launches
    def listen_for_launches(window, directory):
        listen(window, directory)
        print("READY", flush=True)
    entry.listen_for_launches = listen_for_launches
    shown = MainWindow.bring_forward
    def bring_forward(window):
        shown(window)
        print("BROUGHT FORWARD", flush=True)
        window.close()
    MainWindow.bring_forward = bring_forward
    QTimer.singleShot(120_000, app.quit)  # only if the second launch never came
    sys.exit(run_window(Path(sys.argv[1])))
""")


def a_name() -> str:
    return server_name(Path(f"/nowhere/folder-{uuid.uuid4().hex[:10]}"))


def offscreen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_a_second_launch_talks_to_the_first(qtbot):
    name = a_name()
    first = SingleInstance(name)
    assert first.listen()
    second = SingleInstance(name)
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.ask_running_one()
    first.close()
    assert not SingleInstance(name).ask_running_one(timeout_ms=300), "nobody listens any more"


def test_a_launch_asks_a_listening_window_even_where_the_drive_keeps_no_locks(qtbot, tmp_path):
    """Where locks are not supported, the window lock says nothing: the launch still asks
    the window listening on the folder's socket, and it comes forward."""
    from networking_folder.app import brought_forward

    directory = tmp_path / "folder"
    directory.mkdir()
    assert not brought_forward(directory), "nobody listens: nothing to ask"
    window = SingleInstance(server_name(directory))
    assert window.listen()
    with qtbot.waitSignal(window.activated, timeout=3000):
        assert brought_forward(directory)
    window.close()


def test_a_socket_left_by_a_crash_never_blocks_the_next_start(qtbot):
    name = a_name()
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
        assert first.stdout.readline().strip() == "READY", first.stderr.read()[-1000:]
        second = subprocess.run(
            [sys.executable, "-m", "networking_folder", "--data-dir", folder],
            env=offscreen_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout and "brought forward" in second.stdout
        assert first.stdout.readline().strip() == "BROUGHT FORWARD"
    finally:
        try:
            first.wait(timeout=60)
        finally:
            if first.poll() is None:
                first.kill()
    assert first.returncode == 0, first.stderr.read()[-1000:]


@unix
def test_the_socket_is_a_path_in_a_private_directory_not_the_shared_temp(tmp_path, runtime_dir):
    name = server_name(tmp_path / "f")
    path = Path(name)
    assert path.is_absolute() and path.parent == runtime_dir / "networking-folder"
    assert path.parent != Path(tempfile.gettempdir()), "not in the shared temp dir"
    assert len(os.fsencode(name)) <= 100, "a Unix socket's path holds 108 bytes"
    info = os.lstat(path.parent)
    assert info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700

    instance = SingleInstance(name)
    assert instance.listen()
    try:
        assert instance.server.fullServerName() == name
        socket_info = os.lstat(name)
        assert stat.S_ISSOCK(socket_info.st_mode) and socket_info.st_uid == os.getuid()
    finally:
        instance.close()


@unix
def test_without_a_runtime_dir_the_socket_goes_to_a_private_one_of_ours(
    tmp_path, monkeypatch, private_home
):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(private_home / "c"))  # a short path, as at home
    (private_home / "c").mkdir(mode=0o755)
    path = Path(server_name(tmp_path / "f"))
    assert path.parent == private_home / "c" / "networking-folder" / "run"
    assert stat.S_IMODE(os.lstat(path.parent).st_mode) == 0o700
    os.chmod(path.parent, 0o755)  # ours, but opened up: closed again
    assert Path(server_name(tmp_path / "f")) == path
    assert stat.S_IMODE(os.lstat(path.parent).st_mode) == 0o700


@unix
def test_a_runtime_dir_others_can_enter_is_not_used(tmp_path, runtime_dir):
    os.chmod(runtime_dir, 0o755)
    name = server_name(tmp_path / "f")
    assert Path(name).is_absolute() and not name.startswith(str(runtime_dir))


@unix
@as_root
def test_a_directory_squatted_by_another_user_is_not_used(tmp_path, runtime_dir):
    squatted = runtime_dir / "networking-folder"
    squatted.mkdir(mode=0o700)
    os.chown(squatted, OTHER_USER, OTHER_USER)
    name = server_name(tmp_path / "f")
    assert Path(name).is_absolute() and not name.startswith(str(squatted))
    assert os.lstat(squatted).st_uid == OTHER_USER, "left alone"


@unix
@as_root
def test_a_file_planted_by_another_user_is_not_trusted_nor_removed(tmp_path):
    name = server_name(tmp_path / "f")
    Path(name).write_text("planted")
    os.chown(name, OTHER_USER, OTHER_USER)
    instance = SingleInstance(name)
    assert not instance.ask_running_one(timeout_ms=300), "the program opens as usual"
    assert not instance.listen()
    assert Path(name).read_text() == "planted", "not ours to remove"


@unix
@as_root
def test_a_live_socket_owned_by_another_user_is_not_asked(qtbot, tmp_path):
    """Before, any answer was trusted: a squatter made every launch say "already open"."""
    name = server_name(tmp_path / "f")
    squatter = SingleInstance(name)
    assert squatter.listen()
    os.chown(name, OTHER_USER, OTHER_USER)
    asked = []
    squatter.activated.connect(lambda: asked.append(True))
    try:
        with qtbot.assertNotEmitted(squatter.activated, wait=300):  # not even connected to
            assert not SingleInstance(name).ask_running_one(timeout_ms=300)
        assert asked == []
    finally:
        squatter.close()


@unix
def test_an_answer_from_another_user_is_not_trusted(qtbot, monkeypatch):
    name = a_name()
    first = SingleInstance(name)
    assert first.listen()
    try:
        monkeypatch.setattr(single_instance, "peer_uid", lambda socket: OTHER_USER)
        assert not SingleInstance(name).ask_running_one(timeout_ms=300)
        monkeypatch.undo()
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert SingleInstance(name).ask_running_one(), "our own one still answers"
    finally:
        first.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_PEERCRED is Linux's")
def test_the_peer_is_read_from_the_socket(qtbot):
    name = a_name()
    server = QLocalServer()
    assert server.listen(name)
    try:
        client = SingleInstance(name)
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(name)
        assert socket.waitForConnected(3000)
        assert single_instance.peer_uid(socket) == os.getuid()
        socket.abort()
        assert single_instance.peer_uid(socket) is None, "no descriptor once closed"
        del client
    finally:
        server.close()


CROSS_USER_SERVER = """
import os, socket, sys
path = sys.argv[1]
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen()
print("UP", flush=True)
connection, _ = server.accept()
connection.settimeout(3)
try:
    data = connection.recv(100)
except OSError:
    data = b""
print("GOT", data, flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_PEERCRED is Linux's")
@as_root
def test_a_process_of_another_user_answering_is_not_told_anything(monkeypatch):
    """Even where the socket's file looks right, the process that answers must be ours."""
    import shutil

    place = Path(tempfile.mkdtemp(prefix="nf-theirs-"))  # where that user can reach it
    os.chown(place, OTHER_USER, OTHER_USER)
    name = str(place / "nf-socket")
    child = subprocess.Popen(
        ["/usr/bin/python3", "-c", CROSS_USER_SERVER, name],
        user=OTHER_USER,
        group=OTHER_USER,
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    try:
        assert child.stdout.readline().strip() == "UP"
        instance = SingleInstance(name)
        assert not instance.trusted_socket(), "their directory, their socket"
        monkeypatch.setattr(SingleInstance, "trusted_socket", lambda self: True)
        assert not instance.ask_running_one(timeout_ms=1000)
        assert child.stdout.readline().strip() == "GOT b''", "nothing was said to it"
    finally:
        child.kill()
        child.wait(timeout=10)
        shutil.rmtree(place, ignore_errors=True)
