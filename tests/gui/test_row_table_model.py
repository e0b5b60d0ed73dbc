"""The table model under every list: what its filter finds (case and accents do not matter,
a backspace finds what it found before), and rows updated in place after an edit land where
the sort puts them and show only while they match the filter."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from networking_folder.domain.text import fold
from networking_folder.ui.models.row_table_model import Column, RowTableModel


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    town: str
    warmth: int = 0


def columns() -> list[Column]:
    return [
        Column("Name", lambda r: r.name),
        Column("Town", lambda r: r.town),
        Column("Warmth", lambda r: "★" * r.warmth + "☆" * (5 - r.warmth), sort_key=lambda r: r.warmth),
    ]


def shown(model: RowTableModel) -> list[str]:
    return [model.row_at(i).name for i in range(model.rowCount())]


def expected(rows, text: str, key=lambda r: fold(r.name), descending=False) -> list[str]:
    """What a fresh look at every row finds: every word in some column, case and accents
    aside; in sort order (equal keys in the order of their ids)."""
    words = fold(text).split()

    def haystack(r: Person) -> str:
        return fold(" ".join(c.display(r) for c in columns()))

    found = [r for r in sorted(rows, key=lambda r: r.id) if all(w in haystack(r) for w in words)]
    return [r.name for r in sorted(found, key=key, reverse=descending)]


PEOPLE = [
    Person(1, "Zoë Ørsted", "Åre", 3),
    Person(2, "ZOE KIM", "Boston", 5),
    Person(3, "Chloé Martin", "Zürich", 1),
    Person(4, "Łukasz Żółć", "Kraków", 4),
    Person(5, "Maria Alvarez", "Málaga", 2),
    Person(6, "Mario Rossi", "Roma", 0),
    Person(7, "Дмитрий Бело", "Москва", 5),
]


@pytest.fixture
def model(qtmodeltester):
    model = RowTableModel(columns())
    model.set_rows(PEOPLE)
    model.sort(0)
    qtmodeltester.check(model, force_py=True)  # (and again on every signal from here on)
    return model


def test_case_and_accents_do_not_matter(model):
    model.set_filter("zoe")
    assert shown(model) == ["ZOE KIM", "Zoë Ørsted"]
    model.set_filter("ORSTED are")
    assert shown(model) == ["Zoë Ørsted"]
    model.set_filter("lukasz zolc krakow")
    assert shown(model) == ["Łukasz Żółć"]
    model.set_filter("дмитрии")  # (й folds to и, as "zoe" finds "Zoë")
    assert shown(model) == ["Дмитрий Бело"]
    model.set_filter("zurich")
    assert shown(model) == ["Chloé Martin"]


def test_stars_are_found_as_shown(model):
    model.set_filter("★★★★★")
    assert shown(model) == ["ZOE KIM", "Дмитрий Бело"]
    model.set_filter("☆☆☆☆")
    assert shown(model) == ["Chloé Martin", "Mario Rossi"]


def test_typing_and_backspacing_finds_what_a_fresh_search_finds(model):
    typed = ""
    for key in "mari\b\b\bz\b\bzo\b\b\bma a\b\b\b":
        typed = typed[:-1] if key == "\b" else typed + key
        model.set_filter(typed)
        assert shown(model) == expected(PEOPLE, typed), typed
    model.set_filter("")
    assert model.rowCount() == len(PEOPLE)


def test_an_edited_row_moves_where_the_sort_puts_it_and_keeps_its_selection(model):
    view = QTableView()
    view.setModel(model)
    maria = model.index_of_id(5)
    view.selectionModel().setCurrentIndex(
        maria, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    model.update_rows([5], [Person(5, "Ann Alvarez", "Málaga", 2)])
    assert shown(model)[0] == "Ann Alvarez", "sorted by name: first now"
    assert model.row(view.currentIndex()).id == 5, "the current row is still hers"
    assert [model.row(i).id for i in view.selectionModel().selectedRows()] == [5]
    zed = Person(5, "Zed Alvarez", "Málaga", 2)
    model.update_rows([5], [zed])
    assert shown(model) == expected([zed if p.id == 5 else p for p in PEOPLE], "")
    assert shown(model).index("Zed Alvarez") > shown(model).index("Mario Rossi"), "moved down"
    assert model.row(view.currentIndex()).id == 5
    model.update_rows([6], [Person(6, "Mario Rossi", "Napoli", 0)])  # same place, new town
    assert model.row_at(shown(model).index("Mario Rossi")).town == "Napoli"


def test_updated_rows_join_leave_and_follow_the_filter(model):
    model.set_filter("ma")
    assert shown(model) == ["Chloé Martin", "Maria Alvarez", "Mario Rossi"]
    model.update_rows([5], [Person(5, "Ann Alvarez", "Sevilla", 2)])
    assert shown(model) == ["Chloé Martin", "Mario Rossi"], "no longer matches: leaves"
    model.update_rows([8], [Person(8, "Mamadou Diallo", "Dakar", 3)])
    assert shown(model) == ["Chloé Martin", "Mamadou Diallo", "Mario Rossi"], "a new one, in place"
    model.update_rows([6], [])
    assert shown(model) == ["Chloé Martin", "Mamadou Diallo"], "gone from the folder"
    assert model.total_count() == len(PEOPLE)  # (one gone, one new)
    model.set_filter("")
    assert "Ann Alvarez" in shown(model) and "Mario Rossi" not in shown(model)
    model.set_filter("ann")
    assert shown(model) == ["Ann Alvarez"], "the edited row's new text is searched"


def test_a_sort_by_a_key_keeps_equal_keys_apart_by_id(model):
    model.sort(2, Qt.SortOrder.DescendingOrder)  # warmth
    assert shown(model) == expected(PEOPLE, "", key=lambda r: r.warmth, descending=True)
    model.update_rows([1], [Person(1, "Zoë Ørsted", "Åre", 5)])
    warmths = [model.row_at(i).warmth for i in range(model.rowCount())]
    assert warmths == sorted(warmths, reverse=True)


def test_many_rows_at_once_come_out_as_a_whole_reload_would(qtmodeltester):
    rng = random.Random(7)
    names = ["Maria", "Mario", "Zoë", "Zoe", "Chloé", "Łukasz", "Ana", "Ben", "Omar", "Mamadou"]
    towns = ["Åre", "Málaga", "Roma", "Boston", "Kraków", "Zürich"]

    def person(i: int) -> Person:
        return Person(i, f"{rng.choice(names)} {i}", rng.choice(towns), rng.randint(0, 5))

    rows = {i: person(i) for i in range(1, 301)}
    model = RowTableModel(columns())
    model.set_rows(rows.values())
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    for text in ("", "ma", "zo ar", "o"):
        model.set_filter(text)
        for _ in range(12):
            count = rng.choice([1, 3, 40])  # one by one, and more than one by one does
            ids = rng.sample(range(1, 341), count)
            fresh = []
            for i in ids:
                if rng.random() < 0.2:
                    rows.pop(i, None)
                else:
                    rows[i] = person(i)
                    fresh.append(rows[i])
            model.update_rows(ids, fresh)
            want = expected(rows.values(), text, key=lambda r: r.warmth, descending=True)
            assert sorted(shown(model)) == sorted(want)
            warmths = [model.row_at(i).warmth for i in range(model.rowCount())]
            assert warmths == sorted(warmths, reverse=True), "sort order holds"
            assert model.total_count() == len(rows)
