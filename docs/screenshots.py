"""Retake the README's screenshots in one command:

    .venv/bin/python docs/screenshots.py [OUT_DIR]

For 1366×768 and 1920×1080, in the light and the dark palette: the welcome page (an empty
folder), each tab (a referral's page beside its list), a contact's page (the demo folder) and
the search popup. Offscreen, with the shipped DejaVu fonts, on a demo folder of a fixed date, so two runs give the same pictures.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

# A virtual screen as large as the largest picture (the offscreen default is 800×800, and
# popups keep to their screen).
_SCREEN = Path(tempfile.mkdtemp(prefix="nf-shots-screen-")) / "screen.json"
_SCREEN.write_text(
    '{"screens": [{"name": "shots", "x": 0, "y": 0, "width": 1920, "height": 1080, '
    '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")
# The window as it first opens: none of this machine's remembered sizes and columns.
_HOME = tempfile.mkdtemp(prefix="nf-shots-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ((1366, 768), (1920, 1080))
TODAY = dt.date(2026, 11, 23)


def sheet_of_the_week(folder):
    from networking_folder.services import sheet

    group = sheet.default_group(folder, TODAY)
    week = sheet.default_week(group, TODAY, folder.rules.calendar())
    return sheet.sheet_data(folder, week, group, TODAY)


def main(out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontDatabase, QPainter
    from PySide6.QtWidgets import QApplication

    from networking_folder.app import make_application
    from networking_folder.services import Folder
    from networking_folder.services.demo import fill_demo_folder
    from networking_folder.store import records
    from networking_folder.ui import theme
    from networking_folder.ui.main_window import MainWindow

    app = make_application()
    fonts = resources.files("networking_folder.resources.fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFontFromData(fonts.joinpath(name).read_bytes())
    app.setFont(QFont("DejaVu Sans", 10))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="nf-shots-"))
    # The change log's clock stands at 09:00 of the pictures' day, so the pages' Changes read
    # the same on every run.
    from networking_folder.store import changelog

    nine = int(dt.datetime.combine(TODAY, dt.time(9, 0)).timestamp() * 1000)
    real_clock = changelog.next_hlc
    changelog.next_hlc = lambda last, now_ms=None: real_clock(last, now_ms=nine)
    demo = Folder.open(work / "demo")
    fill_demo_folder(demo, today=TODAY)
    empty = Folder.open(work / "empty")

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def window_on(folder: Folder, size: tuple[int, int]) -> MainWindow:
        records.bind(folder.db)  # two folders open in one process: the records follow this one
        window = MainWindow(folder, "Networking Folder")
        window.clock = lambda: TODAY
        window.resize(*size)
        window.show()
        settle()
        window.start_day()
        if getattr(window, "banner", None) is not None:
            window.banner.hide()  # the day's banner is a moment's news, not the window
        settle()
        return window

    def save(widget, name: str) -> None:
        if isinstance(widget, MainWindow):
            widget.statusBar().clearMessage()  # "Backup saved: <now>" would differ each run
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    for scheme in ("light", "dark"):
        theme.follow_scheme(
            app, Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light
        )
        for width, height in SIZES:
            tag = f"{width}x{height}-{scheme}"
            window = window_on(empty, (width, height))
            save(window, f"welcome-{tag}")
            window.close()
            window.deleteLater()

            window = window_on(demo, (width, height))
            for index in range(window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                settle()
                tab = window.tabs.currentWidget()
                if tab is window.home_tab:  # its charts are drawn after it is painted
                    window.home_tab.show_rest()
                    settle()
                elif getattr(tab, "page", None) is not None and tab is not window.contacts_tab:
                    # A referral part of the way along, with its page beside the list.
                    rows = [tab.model.row_at(r) for r in range(tab.model.rowCount())]
                    shown = next((r for r in rows if r.status.is_open and r.need), rows[0])
                    tab.select_id(shown.id)
                    tab.page.load(shown.id)  # at once, not after its short timer
                    settle()
                label = window.tabs.tabText(index).replace("&", "").split(" (")[0]
                save(window, f"tab-{label.lower().replace(' ', '-')}-{tag}")
            window.tabs.setCurrentWidget(window.contacts_tab)
            partner = next(r for r in demo.contacts.rows() if r.is_partner)
            window.contacts_tab.select_id(partner.id)
            settle()
            window.contacts_tab.page.load(partner.id)  # at once, not after its short timer
            settle()
            save(window, f"contact-page-{tag}")

            box = window.search_box
            box.setFocus()
            box.setText("mar")
            box.refresh()
            settle()
            window.statusBar().clearMessage()
            picture = window.grab()
            painter = QPainter(picture)
            # The popup is a window of its own: drawn where it stands, under the field.
            at = box.results.geometry().topLeft() - window.geometry().topLeft()
            painter.drawPixmap(at, box.results.grab())
            painter.end()
            picture.save(str(out / f"search-{tag}.png"))
            print(out / f"search-{tag}.png")
            box.clear()
            window.close()
            window.deleteLater()
            settle()
    # The reports' pages, as printed (paper has no dark palette).
    import io

    from networking_folder.reports import one_to_one, quarter, tracking_sheet
    from networking_folder.services import reports
    from networking_folder.services.scorecards import Quarter
    from networking_folder.ui.pdf_pages import page_images

    partner = next(r for r in demo.contacts.rows() if r.name == "Maria Alvarez")
    for name, render, report in (
        ("report-quarter", quarter.render, reports.quarter_report(demo, Quarter.of(TODAY), TODAY)),
        ("report-one-to-one", one_to_one.render, reports.one_to_one(demo, partner.id, TODAY)),
        ("tracking-sheet", tracking_sheet.render, sheet_of_the_week(demo)),
    ):
        buffer = io.BytesIO()
        render(report, buffer)
        for number, image in enumerate(page_images(buffer.getvalue(), 80), 1):
            image.save(str(out / f"{name}-{number}.png"))
            print(out / f"{name}-{number}.png")
    demo.close()
    empty.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "screenshots"))
