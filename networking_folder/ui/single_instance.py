"""One window per folder: a second launch brings the running window forward instead.

The first launch listens on a local socket named after the folder (and the user); a second
one connects, says "show", and exits. A socket left behind by a crash answers nobody: it
is removed, so it never blocks the next start.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(directory: Path) -> str:
    key = f"{getpass.getuser()}:{Path(directory).resolve()}"
    return "networking-folder-" + hashlib.sha256(key.encode()).hexdigest()[:20]


class SingleInstance(QObject):
    activated = Signal()  # another launch asked for this window

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def ask_running_one(self, timeout_ms: int = 1000) -> bool:
        """True when another launch holds the folder (it has been asked to show its window)."""
        socket = QLocalSocket(self)
        try:
            socket.connectToServer(self.name)
            if not socket.waitForConnected(timeout_ms):
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
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nobody answered ask_running_one(): what is there was left by a crash.
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
            arrived = socket.bytesAvailable() or socket.waitForReadyRead(1000)
            if arrived and b"show" in bytes(socket.readAll()):
                self.activated.emit()
            socket.abort()
            socket.deleteLater()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
