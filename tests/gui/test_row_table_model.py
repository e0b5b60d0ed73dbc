"""The table model under every list: what its filter finds (case and accents do not matter,
a backspace finds what it found before)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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
