"""PDF pages as images, for the preview and for printing (PDFium through pypdfium2).

QtPdf would do this too, but for PySide6 6.11 it comes only inside the large Addons wheel.
"""

from __future__ import annotations

from PySide6.QtGui import QImage


def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
            # BGRX bytes are Qt's RGB32 on a little-endian machine; copy() so the image owns them.
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB32,
            )
            images.append(image.copy())
            page.close()
        return images
    finally:
        document.close()
