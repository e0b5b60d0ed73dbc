"""A table model over a cached list of plain rows (dataclasses with an ``id``).

Filtering and sorting happen over that list, not through a QSortFilterProxyModel (measured
at 0.8 s to filter and 25 s to sort 100k rows). Typing more letters
narrows the rows already shown instead of starting again from all of them, and the searches
typed on the way are kept, so a backspace goes back to one without searching again. After an
edit, ``update_rows`` puts the changed rows in place (moved where the sort puts them, gone
if they no longer match the filter) without reading the others again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from networking_folder.domain.text import fold, sort_key
from networking_folder.ui import theme

Index = QModelIndex | QPersistentModelIndex
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
    ROW_ID_ROLE,
})  # fmt: skip
OVERDUE, TODAY = "overdue", "today"  # a Column's cues: red (with an icon and a word) / bold
# Symbols the columns show (warmth's stars, bullets, dashes, quotes) stand for latin-1 control
# characters in the search text, and in the words searched for alike: the text of a row then
# takes one byte a character (Python keeps a text as wide as its widest character), which
# halves the memory the texts take and makes searching them a tenth faster (100,000 rows).
# (None of these is whitespace to str.split, as U+0085 and U+00A0 would be.)
_NARROW = str.maketrans({c: chr(0x91 + i) for i, c in enumerate("★☆•—–‘’“”€")})


def _bold() -> QFont:
    # Only the weight is set: the view's own font supplies the rest (QFont.resolve).
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class Column:
    title: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None  # default: the folded display text
    searchable: bool = True
    align_right: bool = False
    width: int = 140
    icon: Callable[[Any], QIcon | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    shown: bool = True  # False: hidden until chosen from the header's menu (fits a laptop)
    cue: Callable[[Any], str | None] | None = None  # OVERDUE, TODAY or None for a row


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        # The rows sit in slots (self._rows[slot]; None once gone), and the lists below hold
        # slot numbers, not rows: int objects made together and lying side by side, which a
        # search sifts through four times faster than rows that the sort has scattered in
        # memory (1 ms, not 4.4 ms, to keep 87,000 of 100,000).
        self._rows: list[Any] = []
        self._slot_of: dict[int, int] | None = None  # row id -> slot, made when first needed
        self._all: list[int] = []  # every row's slot, in the current sort order
        self._visible: list[int] = self._all  # the slots that match the filter (all: _all)
        # The searchable text of each row, folded, in lists parallel to _all and _visible.
        # Built on the first search.
        self._all_text: list[str] | None = None
        self._visible_text: list[str] | None = None
        self._words: list[str] = []
        # The searches typed on the way to this one, each narrowing the one before, with the
        # slots and texts it found: (words, slots, texts). Emptied when the rows change.
        self._searches: list[tuple[list[str], list[int], list[str]]] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- Qt's model interface ------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks ~10 roles per cell on every paint; most are none of ours.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text on hover, for a cell elided to fit the screen.
            return (
                column.tooltip(row) if column.tooltip is not None else column.display(row) or None
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            # Overdue is red from the theme's table, never alone: the column says it in words.
            if column.cue is not None and column.cue(row) == OVERDUE:
                return theme.colour("overdue")
            return None
        if role == Qt.ItemDataRole.FontRole:
            return _bold() if column.cue is not None and column.cue(row) == TODAY else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort_column, self._sort_order = column, order
        self.beginResetModel()
        self._apply_sort()
        self._filter_all()
        self.endResetModel()

    # -- our interface ---------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._all = range(len(self._rows))  # (every slot: _apply_sort numbers them)
        self._all_text = None
        self._apply_sort()
        self._filter_all()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        words = fold(text).translate(_NARROW).split()
        if words == self._words:
            return
        searches = self._searches
        # Back out of the searches this one does not narrow (a backspace, a new word).
        while searches and not _narrows(words, searches[-1][0]):
            searches.pop()
        self._words = words
        self.beginResetModel()
        if searches and searches[-1][0] == words:  # typed before, on the way here
            _words, self._visible, self._visible_text = searches[-1]
        elif searches:  # a longer search only matches fewer rows: look among those
            _words, slots, texts = searches[-1]
            self._visible, self._visible_text = self._matching(slots, texts)
            searches.append((words, self._visible, self._visible_text))
        else:
            self._filter_all()
        self.endResetModel()

    def refresh_column(self, column: int) -> None:
        """A column's values changed outside the rows (the view repaints it; search text is rebuilt)."""
        self._all_text = None
        self._visible_text = None
        self._searches.clear()
        if self._visible:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._visible) - 1, column))

    def update_rows(self, ids: Iterable[int], rows: Iterable[Any]) -> bool:
        """The rows ``ids`` as they are now: ``rows`` holds those that still belong in the
        list (changed, or new); an id without one has gone. Each lands where the sort puts
        it, and shows only if it matches the filter; the other rows are not read again.

        A few rows are moved, inserted and removed one by one, so the selection and the
        current row stay on the rows they were on; many at once reset the model (the caller
        selects again, as after a reload). Returns True when the model was reset."""
        fresh = {row.id: row for row in rows}
        changed = set(ids) | fresh.keys()
        if not changed:
            return False
        self._searches.clear()  # (they hold the rows as they were)
        if len(changed) > ONE_BY_ONE:
            self._update_many(changed, fresh)
            return True
        for row_id in changed:
            self._update_one(row_id, fresh.get(row_id))
        if self._words and self._visible_text is not None:
            self._searches.append((self._words, self._visible, self._visible_text))
        return False

    @property
    def filter_words(self) -> list[str]:
        return list(self._words)

    def total_count(self) -> int:
        return len(self._all)

    def sorted_by(self) -> tuple[int, Qt.SortOrder]:
        """The column sorted on (-1: none) and the order."""
        return self._sort_column, self._sort_order

    def row(self, index: Index) -> Any:
        return (
            self._rows[self._visible[index.row()]]
            if index.isValid() and index.row() < len(self._visible)
            else None
        )

    def row_at(self, position: int) -> Any:
        return self._rows[self._visible[position]]

    def index_of_id(self, row_id: int, column: int = 0) -> QModelIndex:
        slot = self._slots().get(row_id)
        position = None if slot is None else _find(self._visible, slot)
        return QModelIndex() if position is None else self.index(position, column)

    # -- helpers ---------------------------------------------------------------------
    def _slots(self) -> dict[int, int]:
        if self._slot_of is None:
            self._slot_of = {row.id: slot for slot, row in enumerate(self._rows) if row is not None}
        return self._slot_of

    def _sort_key(self) -> Callable[[Any], Any] | None:
        """The current sort's key of a row (None sorts first), or None when unsorted."""
        if self._sort_column < 0:
            return None
        column = self.columns[self._sort_column]
        key = column.sort_key or (lambda row, display=column.display: sort_key(display(row)))

        def paired(row: Any) -> tuple[bool, Any]:
            # Keys are paired with a flag so that mixed None/values compare.
            k = key(row)
            return (k is not None, k if k is not None else 0)

        return paired

    def _apply_sort(self) -> None:
        """Sort every row; the slots are numbered again in that order, so that the slot
        numbers (new int objects, made in that order) lie in memory as the rows are shown."""
        rows = list(map(self._rows.__getitem__, self._all))
        key = self._sort_key()
        if key is not None:
            keys = list(map(key, rows))
            order = sorted(
                range(len(keys)),
                key=keys.__getitem__,
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
            rows = list(map(rows.__getitem__, order))
            if self._all_text is not None:
                self._all_text = list(map(self._all_text.__getitem__, order))
        self._rows = rows
        self._slot_of = None
        self._all = list(range(len(rows)))

    def _text_of(self, row: Any) -> str:
        shown = [c.display for c in self.columns if c.searchable]
        return fold("\x1f".join(display(row) for display in shown)).translate(_NARROW)

    def _texts(self) -> list[str]:
        if self._all_text is None:
            # Column by column, each distinct value folded once (names, statuses and needs
            # repeat): 0.2 s for 100,000 rows where folding each row's text took 1.3 s. The
            # separator is a starter, so the joined folds are the fold of the joined text.
            rows = list(map(self._rows.__getitem__, self._all))
            columns = []
            for column in self.columns:
                if column.searchable:
                    values = list(map(column.display, rows))
                    folded = {value: fold(value).translate(_NARROW) for value in set(values)}
                    columns.append(list(map(folded.__getitem__, values)))
            self._all_text = (
                list(map("\x1f".join, zip(*columns, strict=True)))
                if columns
                else [""] * len(rows)
            )
        return self._all_text

    def _filter_all(self) -> None:
        """The rows shown, from all of them (after the rows or their order changed)."""
        self._searches.clear()
        if not self._words:
            # No copy: a copy of 100,000 slots, and freeing it later, cost a keystroke 2 ms.
            self._visible, self._visible_text = self._all, None  # (texts: not needed)
            return
        self._visible, self._visible_text = self._matching(self._all, self._texts())
        self._searches.append((self._words, self._visible, self._visible_text))

    def _matching(self, slots: list[int], texts: list[str]) -> tuple[list[int], list[str]]:
        # The longest word first: it leaves the fewest rows for the others. Masks of booleans
        # made by map (no Python loop, no new tuples: 50k new tuples would wake the garbage
        # collector, which then walks every row in memory: measured 60-90 ms pauses).
        for word in sorted(self._words, key=len, reverse=True):
            mask = list(map(contains, texts, repeat(word)))
            slots, texts = list(compress(slots, mask)), list(compress(texts, mask))
        return slots, texts

    def _matches(self, text: str) -> bool:
        return all(word in text for word in self._words)

    def _position(self, slots: list[int], row: Any, skip: int | None = None) -> int:
        """Where ``row`` goes in ``slots`` (sorted as the model is), counted as if the slot at
        ``skip`` were not there. Where it was (``skip``) when the sort still allows it; among
        rows of an equal key, by id."""
        key = self._sort_key()
        size = len(slots) - (skip is not None)
        if key is None:
            return size if skip is None else skip
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        rows = self._rows
        own = key(row)

        def at(position: int) -> Any:
            return rows[slots[position if skip is None or position < skip else position + 1]]

        def before(other: Any) -> bool:  # ``other`` is sorted before ``row``
            theirs = key(other)
            if theirs == own:
                return other.id < row.id
            return theirs > own if descending else theirs < own

        if skip is not None:
            # Still in order where it was (its neighbours' keys allow it): it stays.
            low = skip == 0 or key(at(skip - 1)) == own or before(at(skip - 1))
            high = skip >= size or key(at(skip)) == own or not before(at(skip))
            if low and high:
                return skip
        lo, hi = 0, size
        while lo < hi:
            middle = (lo + hi) // 2
            if before(at(middle)):
                lo = middle + 1
            else:
                hi = middle
        return lo

    def _update_one(self, row_id: int, row: Any) -> None:
        slots = self._slots()
        slot = slots.get(row_id)
        if slot is None and row is None:
            return  # (never here, and still not)
        every = self._visible is not self._all  # (else the rows shown are all of them)
        was = _find(self._all, slot) if every and slot is not None else None
        shown_at = _find(self._visible, slot) if slot is not None else None
        text = None
        if row is not None and (self._all_text is not None or self._words):
            text = self._text_of(row)
        if slot is None:
            slot = len(self._rows)
            self._rows.append(row)
            slots[row_id] = slot
        elif row is not None:
            self._rows[slot] = row
        # Every row, in sort order (no signals: the view sees only the rows shown).
        all_text = self._all_text
        if every and was is not None:
            if row is None:
                del self._all[was]
                if all_text is not None:
                    del all_text[was]
            else:
                at = self._position(self._all, row, skip=was)
                _move(self._all, was, at, slot)
                if all_text is not None:
                    _move(all_text, was, at, text)
        elif every and row is not None:
            at = self._position(self._all, row)
            self._all.insert(at, slot)
            if all_text is not None:
                all_text.insert(at, text)
        # The rows shown: moved, inserted or removed, as the view needs to hear it.
        shows = row is not None and (not self._words or self._matches(text))
        visible, texts = self._visible, self._visible_text if every else all_text
        if shown_at is not None and not shows:
            self.beginRemoveRows(QModelIndex(), shown_at, shown_at)
            del visible[shown_at]
            if texts is not None:
                del texts[shown_at]
            self.endRemoveRows()
        elif shown_at is None and shows:
            at = self._position(visible, row)
            self.beginInsertRows(QModelIndex(), at, at)
            visible.insert(at, slot)
            if texts is not None:
                texts.insert(at, text)
            self.endInsertRows()
        elif shown_at is not None:
            at = self._position(visible, row, skip=shown_at)
            moving = at != shown_at
            if moving:
                # (Qt counts the destination before the move: one more when moving down.)
                destination = at + 1 if at > shown_at else at
                self.beginMoveRows(QModelIndex(), shown_at, shown_at, QModelIndex(), destination)
            _move(visible, shown_at, at, slot)
            if texts is not None:
                _move(texts, shown_at, at, text)
            if moving:
                self.endMoveRows()
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.columns) - 1))
        if row is None:
            self._rows[slot] = None
            del slots[row_id]

    def _update_many(self, changed: set[int], fresh: dict[int, Any]) -> None:
        self.beginResetModel()
        slots = self._slots()
        out = {slots[row_id] for row_id in changed if row_id in slots}
        keep = [slot not in out for slot in self._all]
        self._all = list(compress(self._all, keep))
        if self._all_text is not None:
            self._all_text = list(compress(self._all_text, keep))
        for row_id in changed - fresh.keys():
            if row_id in slots:
                self._rows[slots.pop(row_id)] = None
        for row_id, row in fresh.items():
            slot = slots.get(row_id)
            if slot is None:
                slot = slots[row_id] = len(self._rows)
                self._rows.append(row)
            else:
                self._rows[slot] = row
            at = self._position(self._all, row)
            self._all.insert(at, slot)
            if self._all_text is not None:
                self._all_text.insert(at, self._text_of(row))
        self._filter_all()
        self.endResetModel()


ONE_BY_ONE = 32  # more changed rows than this: one reset rather than a signal for each


def _narrows(words: list[str], before: list[str]) -> bool:
    """Whether a search for ``words`` can only find rows that one for ``before`` found."""
    return all(any(old in word for word in words) for old in before)


def _find(items: list[int], item: int) -> int | None:
    try:
        return items.index(item)
    except ValueError:
        return None


def _move(items: list, old: int, new: int, value: Any) -> None:
    """Put ``value`` at ``new`` in place of the item at ``old`` (``new`` counted without it)."""
    if old == new:
        items[old] = value
    else:
        del items[old]
        items.insert(new, value)
