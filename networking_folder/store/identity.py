"""Identities that are the same everywhere: a record's UUID, and this device's.

Records are known inside one file by their row numbers; a UUID names a record in every copy of
the folder, so that a change logged here can one day be applied on a second laptop. The UUIDs
are version 7 (RFC 9562, section 5.7): the first 48 bits are the Unix time in milliseconds, so
they sort in the order the records were made. The migration that gives existing rows theirs
needs a UUID for a given past moment, which the standard library (before Python 3.14) and the
uuid6 package do not offer; the layout is a dozen lines, so it is written here.

The device identity lives outside the folder, in the user's configuration: a folder copied to
another computer (or another user account) is written to by another device, whose changes form
a log of their own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from pathlib import Path

import platformdirs

_lock = threading.Lock()
_last = (0, 0)  # the last (milliseconds, counter) handed out by new_uuid


def uuid7_at(milliseconds: int, counter: int = 0) -> str:
    """A UUIDv7 for this Unix time in milliseconds. ``counter`` (12 bits, in rand_a) orders
    UUIDs made in the same millisecond; the other 62 bits are random."""
    value = (milliseconds & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= (counter & 0xFFF) << 64  # rand_a: a counter, monotonic within the millisecond
    value |= 0b10 << 62  # the RFC 9562 variant
    value |= int.from_bytes(os.urandom(8), "big") >> 2  # 62 random bits
    text = f"{value:032x}"  # (formatted here: the uuid module costs the window's start 6 ms)
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def new_uuid() -> str:
    """A UUIDv7 for now, later than every one made before it by this process."""
    global _last
    with _lock:
        now = time.time_ns() // 1_000_000
        last_ms, last_counter = _last
        if now > last_ms:
            _last = (now, 0)
        elif last_counter < 0xFFF:
            _last = (last_ms, last_counter + 1)
        else:  # 4,096 in one millisecond: borrow the next one
            _last = (last_ms + 1, 0)
        return uuid7_at(*_last)


def milliseconds(moment: dt.datetime | str | None) -> int:
    """A stored local time as Unix milliseconds (for the UUIDs of rows made before UUIDs)."""
    if moment is None:
        return 0
    if isinstance(moment, str):
        try:
            moment = dt.datetime.fromisoformat(moment)
        except ValueError:
            return 0
    return int(moment.timestamp() * 1000)


def _device_file() -> Path:
    return platformdirs.user_config_path("networking-folder", appauthor=False) / "device-id"


# Once known, kept for the process (by where it is kept): one device however often asked,
# even where the configuration cannot be written.
_devices: dict[Path, str] = {}


def device_id() -> str:
    """This device's identity, made on first use and kept in the user's configuration."""
    path = _device_file()
    if path not in _devices:
        _devices[path] = _read_or_make_device_id(path)
    return _devices[path]


def _read_or_make_device_id(path: Path) -> str:
    import uuid

    try:
        known = path.read_text(encoding="ascii").strip()
        return str(uuid.UUID(known))
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # not an identity (a damaged file): replaced
            path.unlink()
    made = new_uuid()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Made aside and moved in place: two programs starting at once agree on one identity.
        partial = path.with_name(f".device-id.{os.getpid()}")
        partial.write_text(made + "\n", encoding="ascii")
        try:
            os.link(partial, path)  # fails if another program got there first
        except FileExistsError:
            pass
        except OSError:
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return str(uuid.UUID(path.read_text(encoding="ascii").strip()))
    except (OSError, ValueError):
        return made  # a configuration that cannot be written: this run is a device of its own
