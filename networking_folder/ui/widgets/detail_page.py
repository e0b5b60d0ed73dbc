"""A record's page beside its list (master–detail), and the rich text such pages are made of.

The page follows the list's current row (KeePassXC's entry preview), but lazily (Picard's
throttled detail pane): a new row only starts a short single-shot timer, so arrowing through
10,000 rows reads one record, the one the user stops on; and nothing is read while the page is
hidden. A change to the folder marks the page stale; it redraws when next shown (Anki's stale
page). Its widgets are built when the first record is shown, so the window's first paint never
waits for them. A page only emits signals for its buttons: the window decides what they open.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QStackedLayout, QWidget

from networking_folder.services import Change, Folder
from networking_folder.ui.formatting import count

DELAY_MS = 150  # after the current row stops moving


def tel_url(phone: str) -> str:
    """A tel: link dialers accept: the digits, a leading +, an extension after ;ext=."""
    match = re.search(r"(?i)\s*(?:ext\.?|x)\s*(\d+)\s*$", phone)
    number = phone[: match.start()] if match else phone
    digits = re.sub(r"[^\d+]", "", number)
    digits = digits[:1] + digits[1:].replace("+", "")
    return f"tel:{digits}" + (f";ext={match.group(1)}" if match else "")


def web_url(address: str) -> str:
    return address if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", address) else f"https://{address}"


def reach_links(phones: list[str], emails: list[str], extra: tuple[str, ...] = ()) -> str:
    """Phones and emails as links the system opens (a dialer, the mail program)."""
    links = [f"☎ {link(tel_url(p), p)}" for p in phones]
    links += [f"✉ {link('mailto:' + e, e)}" for e in emails]
    links += [link(web_url(w), w) for w in extra if w]
    return "&nbsp;&nbsp; ".join(links) or "No phone or email yet"


def days_ago(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return f"in {count(-days, 'day')}"
    return f"{count(days, 'day')} ago"


def link(url: str, text: str, underline: bool = True) -> str:
    style = "" if underline else ' style="text-decoration: none"'
    return f'<a href="{html.escape(url, quote=True)}"{style}>{html.escape(text)}</a>'


def breakable(text: str) -> str:
    """Long unbroken runs (a pasted link) get places to wrap, so nothing runs off the page."""
    return re.sub(r"\S{40,}", lambda m: "\u200b".join(re.findall(".{1,20}", m[0])), text)


def heading(text: str) -> str:
    return f'<p style="margin-top: 14px; margin-bottom: 2px; font-size: large"><b>{text}</b></p>'


def paragraphs(text: str) -> str:
    """Plain text as HTML, every line kept."""
    return html.escape(breakable(text.strip())).replace("\n", "<br>")


CHANGES_SHOWN = 12  # the newest changes on a page; the command line's history has them all


def changes_html(lines: list, muted: str) -> str:
    """A record's changes from the change log, newest first, in words."""
    if not lines:
        return ""
    newest = list(reversed(lines))[:CHANGES_SHOWN]
    rows = "".join(
        f'<p style="margin-top: 2px; margin-bottom: 0"><span style="color: {muted}">'
        f"{html.escape(line.text.split(' · ', 1)[0])}</span>&nbsp;&nbsp;"
        f"{html.escape(line.words)}</p>"
        for line in newest
    )
    more = len(lines) - len(newest)
    if more:
        rows += (
            f'<p style="color: {muted}">…and {count(more, "earlier change")} '
            "(networking-folder history shows them all)</p>"
        )
    return heading("Changes") + rows


def plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def rich_label(name: str, accessible_name: str = "") -> QLabel:
    """Wrapped rich text whose links come back as ``linkActivated`` (never opened blindly)."""
    label = QLabel()
    label.setObjectName(name)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setOpenExternalLinks(False)
    return label


def page_button(name: str, text: str, tip: str, icon_name: str) -> QPushButton:
    """A page's button: an icon in the palette's colours, never the dialog-style default."""
    from networking_folder.ui import theme

    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setIcon(theme.tinted_icon(icon_name))
    button.setAutoDefault(False)
    return button


def title_label(name: str, parent_font: QFont) -> QLabel:
    label = plain_label(name)
    font = QFont(parent_font)
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


class DetailPage(QWidget):
    """``follow(record_id)`` with the list's current row. Subclasses say how to ``read`` a
    record (None when it is gone), ``build`` their widgets and ``draw`` what they read."""

    openEntry = Signal(str, int)  # something on the page to open: "note", "referral", …
    object_name = "detail_page"  # its parts are named after it
    empty_text = ""
    accessible_name = ""
    watched: frozenset[Change] = frozenset()

    def __init__(self, folder: Folder, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.folder = folder
        self.today = dt.date.today  # what day it is (tests set another)
        self.record_id: int | None = None  # whose page is on screen
        self._wanted: int | None = None  # whose page the list asks for
        self._stale = False  # the folder changed since the page was drawn
        self._shown: Any = None  # what was read for the page on screen
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self._update)

        self.empty = QLabel(self.empty_text)
        self.empty.setObjectName(f"{self.object_name}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # follows the palette
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty)
        self.content: QScrollArea | None = None  # built with the first record shown
        self.page_title: QLabel  # the page's big title, made by build()
        self.setMinimumWidth(340)
        folder.subscribe(self._on_change)

    # -- what a page says -------------------------------------------------------------------
    def read(self, record_id: int) -> Any:
        raise NotImplementedError

    def build(self) -> QWidget:
        raise NotImplementedError

    def draw(self, shown: Any) -> None:
        raise NotImplementedError

    def paint_cues(self) -> None:
        """Colours that come from the theme, for this palette (rich text is redrawn too: it
        keeps the link colours it was laid out with)."""
        if self._shown is not None:
            self.draw(self._shown)

    def forget(self) -> None:
        """Another record is shown: anything kept for the last one (a "Show all") goes."""

    # -- building ---------------------------------------------------------------------------
    def _ensure_built(self) -> None:
        if self.content is not None:
            return
        # One page that scrolls as a whole: on a laptop the notes get the height they need.
        self.content = QScrollArea()
        self.content.setObjectName(f"{self.object_name}_scroll")
        self.content.setAccessibleName(self.accessible_name)
        self.content.setFrameShape(QFrame.Shape.NoFrame)
        self.content.setWidgetResizable(True)
        self.content.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content.setWidget(self.build())
        self._stack.addWidget(self.content)
        self.paint_cues()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        palette_changed = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette_changed and self.content is not None:
            self.paint_cues()

    # -- following the list -----------------------------------------------------------------
    def follow(self, record_id: int | None) -> None:
        """Show this record (None: none) once the current row stops moving."""
        self._wanted = record_id
        self._timer.start()

    def _update(self) -> None:
        if not self.isVisible():
            return  # drawn when shown (showEvent)
        if self._wanted != self.record_id or self._stale:
            self.load(self._wanted)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._wanted != self.record_id or self._stale:
            self._timer.start(0)

    def _on_change(self, changes: frozenset[Change]) -> None:
        if changes & self.watched and self._wanted is not None:
            self._stale = True
            if self.isVisible():
                self._timer.start()

    def detach(self) -> None:
        self._timer.stop()
        self.folder.unsubscribe(self._on_change)

    def showing(self) -> str:
        """The title of the page on screen (a contact's name), "" while none is shown."""
        if self.content is None or self._stack.currentWidget() is not self.content:
            return ""
        return self.page_title.text()

    # -- drawing ----------------------------------------------------------------------------
    def load(self, record_id: int | None) -> None:
        """Read the record and draw the page now."""
        self._stale = False
        self._wanted = record_id
        shown = self.read(record_id) if record_id is not None else None
        if shown is None:
            # Gone (deleted here or elsewhere): the page forgets it, so that an undo which
            # brings it back does not show it again without the list's say.
            self.record_id, self._shown, self._wanted = None, None, None
            self._stack.setCurrentWidget(self.empty)
            return
        if record_id != self.record_id:
            self.forget()
        self._ensure_built()
        self.record_id, self._shown = record_id, shown
        self.draw(shown)
        self._stack.setCurrentWidget(self.content)

    # -- what the user does -----------------------------------------------------------------
    def emit_for_record(self, signal) -> None:
        if self.record_id is not None:
            signal.emit(self.record_id)

    def open_link(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def anchor_clicked(self, url_text: str) -> None:
        """``entry:kind/id`` opens that entry; a subclass handles its own schemes first."""
        url = QUrl(url_text)
        kind, _, number = url.path().partition("/")
        if url.scheme() == "entry" and number.isdigit():
            self.openEntry.emit(kind, int(number))
