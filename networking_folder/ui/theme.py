"""The window's colours: Fusion, the system's light or dark scheme, one table of named colours.

Widgets never hold a colour of their own: they ask ``colour(name)``, which answers for the
palette in use at that moment, so a switch between light and dark (the system's, or a palette a
test sets) repaints right. Icons are recoloured from the palette when painted (KeePassXC's
adaptive icons), not drawn in a stroke colour baked into the SVG. Colour is never the only cue:
whatever is red also has an icon and a word.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from networking_folder.resources import resource_path

# QStyle, its options and QtSvg are imported where they are first used: importing their names
# makes PySide build every enum of those classes, which the window's first paint need not wait
# for (benchmarks/startup.py).

# name: (on a light palette, on a dark palette)
COLOURS: dict[str, tuple[str, str]] = {
    # The dark palette itself (the light one is Fusion's own).
    "window": ("#efefef", "#2b2b2b"),
    "window_text": ("#000000", "#e8e8e8"),
    "base": ("#ffffff", "#1f1f1f"),
    "alternate_base": ("#f7f7f7", "#292929"),
    "text": ("#000000", "#e8e8e8"),
    "button": ("#efefef", "#353535"),
    "button_text": ("#000000", "#e8e8e8"),
    "highlight": ("#308cc6", "#2f6fb0"),
    "highlighted_text": ("#ffffff", "#ffffff"),
    "tooltip_base": ("#ffffdc", "#353535"),
    "tooltip_text": ("#000000", "#e8e8e8"),
    "link": ("#0b57a4", "#8ab4f8"),
    "placeholder": ("#6e6e6e", "#9a9a9a"),
    "disabled_text": ("#8a8a8a", "#7a7a7a"),
    # Cues.
    "overdue": ("#b3261e", "#ff8a80"),
    "banner_back": ("#e8f0fa", "#1e2a38"),
    "banner_border": ("#9db7d9", "#3f5f86"),
    "warning_back": ("#fff4ce", "#3b3214"),
    "warning_text": ("#4a3b00", "#f5dc8a"),
    "warning_border": ("#c9a400", "#8a7000"),
    # Chips: a tone's background and text.
    "chip_open_back": ("#dde9f7", "#233a55"),
    "chip_open_text": ("#163a63", "#cfe2fb"),
    "chip_good_back": ("#dcf1e0", "#1f4028"),
    "chip_good_text": ("#1c4d27", "#c6ecd0"),
    "chip_ended_back": ("#e6e6e6", "#3a3a3a"),
    "chip_ended_text": ("#3c3c3c", "#d0d0d0"),
    "chip_warn_back": ("#fdebd3", "#4a3417"),
    "chip_warn_text": ("#6b3d00", "#f7d6a6"),
    # Charts: what you gave in blue, what you received in orange (told apart by people who
    # do not see red and green apart), closed value a shade darker (lighter on dark).
    "chart_given": ("#3b78c3", "#6ea6e6"),
    "chart_received": ("#e08a2e", "#f0a860"),
    "chart_given_closed": ("#1d4f8a", "#a9cdf5"),
    "chart_received_closed": ("#a35a12", "#f8cd9c"),
    "chart_grid": ("#d8d8d8", "#3c3c3c"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def colour(name: str, palette: QPalette | None = None) -> QColor:
    """The named colour for the palette in use (the application's unless one is given)."""
    light, dark = COLOURS[name]
    return QColor(dark if is_dark(palette) else light)


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours: 1 (none) to 21; text wants 4.5 or more."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_ROLES = {
    QPalette.ColorRole.Window: "window",
    QPalette.ColorRole.WindowText: "window_text",
    QPalette.ColorRole.Base: "base",
    QPalette.ColorRole.AlternateBase: "alternate_base",
    QPalette.ColorRole.Text: "text",
    QPalette.ColorRole.Button: "button",
    QPalette.ColorRole.ButtonText: "button_text",
    QPalette.ColorRole.Highlight: "highlight",
    QPalette.ColorRole.HighlightedText: "highlighted_text",
    QPalette.ColorRole.ToolTipBase: "tooltip_base",
    QPalette.ColorRole.ToolTipText: "tooltip_text",
    QPalette.ColorRole.Link: "link",
    QPalette.ColorRole.PlaceholderText: "placeholder",
}


def dark_palette() -> QPalette:
    """Fusion's palette in the table's dark colours."""
    palette = QPalette()
    for role, name in _ROLES.items():
        palette.setColor(role, QColor(COLOURS[name][1]))
    palette.setColor(QPalette.ColorRole.BrightText, QColor(COLOURS["overdue"][1]))
    disabled = QColor(COLOURS["disabled_text"][1])
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Light, QColor(0, 0, 0, 0))
    return palette


def apply_theme(app: QApplication) -> None:
    """Fusion, following the system's colour scheme now and when it changes. Call it before
    the first window is made."""
    hints = QGuiApplication.styleHints()
    if not app.property("networking_folder_theme"):  # once, however often the app is made
        app.setProperty("networking_folder_theme", True)
        app.setStyle("Fusion")
        hints.colorSchemeChanged.connect(lambda scheme: follow_scheme(app, scheme))
    follow_scheme(app, hints.colorScheme())


def follow_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Dark when the system says dark, light when it says light; an unknown scheme (no desktop
    to ask) keeps the platform's palette. Where the platform already gave the right palette
    (Windows and macOS do), it is kept."""
    if scheme == Qt.ColorScheme.Dark and not is_dark(app.palette()):
        app.setPalette(dark_palette())
    elif scheme == Qt.ColorScheme.Light and is_dark(app.palette()):
        app.setPalette(app.style().standardPalette())


# -- icons recoloured from the palette at paint time --------------------------------------
class TintedIconEngine(QIconEngine):
    """An SVG drawn in one colour chosen when painted: the named colour (or the palette's text
    colour), the highlighted text colour on a selected row, the disabled colour when disabled."""

    def __init__(self, path: str, colour_name: str | None = None) -> None:
        super().__init__()
        self._path = path
        self._colour_name = colour_name
        from PySide6.QtSvg import QSvgRenderer

        self._renderer = QSvgRenderer(path)
        self._pixmaps: dict[tuple[int, int, int], QPixmap] = {}

    def tint(self, mode: QIcon.Mode) -> QColor:
        palette = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode == QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        if self._colour_name:
            return colour(self._colour_name, palette)
        return palette.color(QPalette.ColorRole.WindowText)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        tint = self.tint(mode)
        key = (size.width(), size.height(), tint.rgba())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            self._renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(image.rect(), tint)
            painter.end()
            pixmap = QPixmap.fromImage(image)
            if len(self._pixmaps) > 64:
                self._pixmaps.clear()
            self._pixmaps[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        painter.drawPixmap(rect, self.pixmap(size, mode, state))

    def clone(self) -> QIconEngine:
        return TintedIconEngine(self._path, self._colour_name)


@cache
def tinted_icon(name: str, colour_name: str | None = None) -> QIcon:
    """A shipped icon (resources/icons/NAME.svg) in a named colour, or in the text colour."""
    path = resource_path(f"icons/{name}.svg")
    return QIcon(TintedIconEngine(str(path), colour_name))


# -- chips: a short status drawn as a small rounded label ---------------------------------
def chip_style(tone: str) -> str:
    """A QLabel drawn as a chip of ``tone`` ("open", "good", "ended", "warn"), in this
    palette's colours (the pages' status and partner badges; ChipDelegate draws the cells)."""
    return (
        f"QLabel {{ background: {colour(f'chip_{tone}_back').name()};"
        f" color: {colour(f'chip_{tone}_text').name()};"
        " border-radius: 8px; padding: 2px 10px; }"
    )


def warning_style(selector: str, padding: str = "") -> str:
    """A box (``selector``: "QFrame#name", "QLabel") in this palette's warning colours, its
    labels in the warning's text colour (the words say it too, never the colour alone)."""
    pad = f" padding: {padding};" if padding else ""
    return (
        f"{selector} {{ background: {colour('warning_back').name()};"
        f" border: 1px solid {colour('warning_border').name()}; border-radius: 4px;{pad}"
        f" color: {colour('warning_text').name()}; }}"
        f" {selector} QLabel {{ color: {colour('warning_text').name()}; background: transparent; }}"
    )


class ChipDelegate(QStyledItemDelegate):
    """Draws a cell's text as a chip whose tone comes from ``tone(text)``: "open", "good",
    "ended" or "warn". The text stays the model's (search, sort and screen readers see it)."""

    def __init__(self, tone: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.tone = tone

    def paint(self, painter: QPainter, option, index) -> None:
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        tone = self.tone(text)
        font = QFont(opt.font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.9)
        metrics = QFontMetrics(font)
        pad = metrics.height() // 2
        area = QRectF(opt.rect).adjusted(4, 3, -4, -3)
        width = min(metrics.horizontalAdvance(text) + 2 * pad, area.width())
        chip = QRectF(area.left(), area.top(), width, area.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(f"chip_{tone}_back"))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(colour(f"chip_{tone}_text"))
        painter.setFont(font)
        inner = chip.adjusted(pad, 0, -pad, 0)
        if metrics.horizontalAdvance(text) > inner.width():  # (elidedText wants a pixel more)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
