"""Tabs whose pages are built the first time they are needed, not when the window opens.

Each tab holds a light holder until its page is asked for: when the tab is shown, or when
code asks for the page by name (``page``) or through ``currentWidget``, ``widget``,
``indexOf`` and ``setCurrentWidget``, which speak of the pages themselves, never of their
holders. So the window paints its first page without building (or importing) the others.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class _Holder(QWidget):
    def __init__(self, name: str, build: Callable[[], QWidget], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_holder")
        self.name = name
        self._build = build
        self.page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def built(self) -> QWidget:
        if self.page is None:
            build, self._build = self._build, None
            self.page = build()
            self.page.setObjectName(self.name)  # (the tab last shown is saved by name)
            self.layout().addWidget(self.page)
        return self.page

    def showEvent(self, event) -> None:
        self.built()
        super().showEvent(event)


class TabPages(QTabWidget):
    def add_page(self, name: str, title: str, build: Callable[[], QWidget]) -> None:
        """A tab whose page ``build()`` makes when it is first needed."""
        self.addTab(_Holder(name, build, self), title)

    def _holders(self) -> list[_Holder]:
        return [super(TabPages, self).widget(i) for i in range(self.count())]

    def _holder(self, name: str) -> _Holder:
        for holder in self._holders():
            if holder.name == name:
                return holder
        raise KeyError(name)

    def page(self, name: str) -> QWidget:
        return self._holder(name).built()

    def is_built(self, name: str) -> bool:
        return self._holder(name).page is not None

    def index_of(self, name: str) -> int:
        return super().indexOf(self._holder(name))

    # The pages, never their holders, to everyone who asks.
    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt's name
        holder = super().currentWidget()
        return holder.built() if isinstance(holder, _Holder) else holder

    def widget(self, index: int) -> QWidget | None:
        holder = super().widget(index)
        return holder.built() if isinstance(holder, _Holder) else holder

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt's name
        for index, holder in enumerate(self._holders()):
            if holder is page or holder.page is page:
                return index
        return -1

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt's name
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)
