"""Render the program's icon (resources/networking-folder.svg) for every place it goes.

    python packaging/icons.py OUTDIR

writes OUTDIR/networking-folder-<N>.png at the freedesktop icon theme's sizes (the .deb, the
tarball) and 512 and 1024 (macOS), networking-folder.ico (Windows: every size drawn from the
SVG, not scaled down from one picture) and networking-folder.icns (macOS). Qt's QSvgRenderer
draws the SVG (PySide6 is already in the venv); Pillow, which ReportLab brings, writes the .ico
and the .icns. Runs in a process of its own because Qt needs an application object to draw.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "networking-folder.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
ALL_SIZES = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))


def png(outdir: Path, size: int) -> Path:
    return outdir / f"networking-folder-{size}.png"


def fresh(outdir: Path) -> bool:
    made = [png(outdir, s) for s in ALL_SIZES] + [
        outdir / "networking-folder.ico", outdir / "networking-folder.icns"]
    newest_input = max(SVG.stat().st_mtime, Path(__file__).stat().st_mtime)
    return all(p.exists() and p.stat().st_mtime >= newest_input for p in made)


def render(outdir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - needed
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        sys.exit(f"icons: cannot read {SVG}")
    outdir.mkdir(parents=True, exist_ok=True)
    for size in ALL_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(png(outdir, size)), "PNG"):
            sys.exit(f"icons: cannot write {png(outdir, size)}")

    from PIL import Image

    def picture(size: int):
        with Image.open(png(outdir, size)) as opened:
            return opened.convert("RGBA")

    biggest = picture(max(ICO_SIZES))
    biggest.save(outdir / "networking-folder.ico", format="ICO",
                 sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[picture(s) for s in ICO_SIZES if s != max(ICO_SIZES)])
    largest = picture(max(ICNS_SIZES))
    largest.save(outdir / "networking-folder.icns", format="ICNS",
                 append_images=[picture(s) for s in ICNS_SIZES if s != max(ICNS_SIZES)])


def ensure(outdir: Path) -> Path:
    """Render into outdir unless it is up to date (in a process of its own); returns outdir."""
    import subprocess

    outdir = Path(outdir)
    if not fresh(outdir):
        subprocess.run([sys.executable, __file__, str(outdir)], check=True)
    return outdir


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    render(Path(sys.argv[1]))
