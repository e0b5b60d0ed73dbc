"""One window per folder: a second launch brings the running window forward instead.

The first launch listens on a local socket named after the folder; a second one connects,
says "show", and exits. A socket left behind by a crash answers nobody: it is removed, so
it never blocks the next start.

On Unix the socket is a full path in a directory of ours that nobody else may enter (0700:
``$XDG_RUNTIME_DIR/networking-folder``, else one in the user's cache directory), never a name
in the shared temp directory, where another user could squat it (every launch would say
"already open") or plant a file (two windows on one folder). Before an answer is trusted the
socket and its directory must be ours, and on Linux so must the process that answers. A
socket that is not ours is left alone, and the program opens as if none were there. Windows
keeps a named pipe, open to this user only.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

APP_DIR = "networking-folder"
SOCKET_PATH_LIMIT = 100  # bytes: a Unix socket's path holds 108 (104 on macOS) with its NUL
WINDOWS = sys.platform == "win32"


def is_private(directory: Path, exact: bool = True) -> bool:
    """A real directory (not a link), ours, that nobody else may write in (``exact``: that
    nobody else may even enter, mode 0700)."""
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    if WINDOWS:  # no modes there: the user's profile is private to the user
        return stat.S_ISDIR(info.st_mode)
    others = 0o077 if exact else 0o022
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & others


def make_private(directory: Path) -> Path | None:
    """``directory``, made if need be and set to 0700 if it is ours; None if it is not ours."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not WINDOWS:
            info = os.lstat(directory)
            ours = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            if ours and info.st_mode & 0o077:  # ours but open to others: close it
                os.chmod(directory, 0o700)
    except OSError:
        return None
    return directory if is_private(directory) else None


def _runtime_candidates():
    if not WINDOWS:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        if runtime and os.path.isabs(runtime) and is_private(Path(runtime)):
            yield Path(runtime) / APP_DIR
    import platformdirs  # (here: where XDG_RUNTIME_DIR serves, it is never loaded)

    yield platformdirs.user_cache_path(APP_DIR, appauthor=False) / "run"
    if not WINDOWS:
        # Last: in the shared temp dir, but only if it turns out to be ours (checked, not assumed).
        yield Path(tempfile.gettempdir()) / f"{APP_DIR}-{os.getuid()}"


def runtime_directory(room: int | None = None) -> Path | None:
    """Our private (0700) per-user directory for the files of a running program (the socket,
    sheets handed to a PDF viewer); with ``room``, one that leaves that many bytes of a
    socket's path free. None when there is none: then go without."""
    for candidate in _runtime_candidates():
        place = make_private(candidate)
        if place is None:
            continue
        if room is None or len(os.fsencode(place)) + room <= SOCKET_PATH_LIMIT:
            return place
    return None


def server_name(directory: Path) -> str:
    """Where the launch that holds ``directory`` listens: a socket path on Unix, a pipe name
    on Windows; "" when there is no private place for it (one window per folder then goes
    unchecked, and the program still opens)."""
    resolved = Path(directory).resolve()
    if WINDOWS:
        import getpass

        key = f"{getpass.getuser()}:{resolved}"
        return "networking-folder-" + hashlib.sha256(key.encode()).hexdigest()[:20]
    name = "nf-" + hashlib.sha256(os.fsencode(resolved)).hexdigest()[:24]
    place = runtime_directory(room=len(name) + 1)
    return str(place / name) if place is not None else ""


def _owned_by_us(path: Path) -> bool | None:
    """True or False for a file that is there, None when there is none."""
    try:
        return os.lstat(path).st_uid == os.getuid()
    except FileNotFoundError:
        return None
    except OSError:
        return False


def peer_uid(local_socket: QLocalSocket) -> int | None:
    """The user id of the process at the other end of a connected socket (Linux), else None."""
    import socket as pysocket  # (asked only when another launch answers)

    option = getattr(pysocket, "SO_PEERCRED", None)
    descriptor = int(local_socket.socketDescriptor())
    if option is None or descriptor < 0:
        return None
    duplicate = os.dup(descriptor)  # the Python socket closes its own copy, never Qt's
    try:
        with pysocket.socket(fileno=duplicate) as peer:
            duplicate = -1
            raw = peer.getsockopt(pysocket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        if duplicate >= 0:
            os.close(duplicate)
    return struct.unpack("3i", raw)[1]


def _peer_is_us(local_socket: QLocalSocket) -> bool:
    uid = peer_uid(local_socket)
    return uid is None or uid == os.getuid()


class SingleInstance(QObject):
    activated = Signal()  # another launch asked for this window

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def _place_is_ours(self) -> bool:
        """The socket's directory is ours and nobody else may write in it."""
        if WINDOWS:
            return bool(self.name)
        path = Path(self.name)
        return path.is_absolute() and is_private(path.parent, exact=False)

    def trusted_socket(self) -> bool:
        """A socket is there, in our directory, and it is ours: worth asking."""
        if WINDOWS:
            return bool(self.name)
        if not self._place_is_ours():
            return False
        try:
            info = os.lstat(self.name)
        except OSError:
            return False
        return info.st_uid == os.getuid() and stat.S_ISSOCK(info.st_mode)

    def ask_running_one(self, timeout_ms: int = 1000) -> bool:
        """True when another launch holds the folder (it has been asked to show its window)."""
        if not self.trusted_socket():
            return False  # nobody there, or somebody we do not trust: open as usual
        from PySide6.QtNetwork import QLocalSocket  # (only when there is someone to ask)

        socket = QLocalSocket(self)
        try:
            socket.connectToServer(self.name)
            if not socket.waitForConnected(timeout_ms):
                return False
            if not _peer_is_us(socket):
                return False
            socket.write(b"show\n")
            socket.waitForBytesWritten(timeout_ms)
            socket.disconnectFromServer()
            if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                socket.waitForDisconnected(timeout_ms)
            return True
        finally:
            socket.abort()
            socket.setParent(None)
            socket.deleteLater()

    def listen(self) -> bool:
        if not self._place_is_ours():
            return False
        if not WINDOWS and _owned_by_us(Path(self.name)) is False:
            return False  # somebody else's file: not trusted, and not ours to remove
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nobody answered ask_running_one(), and the file is ours: left by a crash.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._connection)
        self.server = server
        return True

    def _connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            # The message is one short line sent at once: read it here, then let the socket go.
            arrived = _peer_is_us(socket) and (
                socket.bytesAvailable() or socket.waitForReadyRead(1000)
            )
            if arrived and b"show" in bytes(socket.readAll()):
                self.activated.emit()
            socket.abort()
            socket.deleteLater()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
