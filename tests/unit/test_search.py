"""Search everything: accents ignored, prefixes, hostile input, and an index that stays right."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networking_folder.domain.model import Contact, Direction, Note, Referral
from networking_folder.services.search import match_expression


@pytest.fixture
def people(folder):
    zoe = folder.contacts.create(
        Contact(name="Zoë Ørsted", company="Ørsted Law", profession="Estate attorney")
    )
    muller = folder.contacts.create(Contact(name="Lucas Müller", company="Müller Metalwork"))
    lukasz = folder.contacts.create(Contact(name="Łukasz Żółć", notes="Speaks Polish and German"))
    dmitri = folder.contacts.create(Contact(name="Дмитрий Соколов", profession="Translator"))
    folder.referrals.create(
        Referral(
            Direction.GIVEN,
            zoe,
            muller,
            dt.date(2026, 11, 2),
            need="Succession plan for the metal shop",
        )
    )
    folder.notes.create(
        Note("Coffee with Zoë: she wants introductions to 🦷 dentists", contact_id=zoe)
    )
    return {"zoe": zoe, "muller": muller, "lukasz": lukasz, "dmitri": dmitri}


def titles(folder, text):
    return [(hit.kind, hit.title) for hit in folder.search.find(text)]


def test_accents_and_case_do_not_matter(folder, people):
    assert titles(folder, "zoe") == [
        ("contact", "Zoë Ørsted"),
        ("note", titles(folder, "zoe")[1][1]),
    ]
    assert titles(folder, "MULLER")[0] == ("contact", "Lucas Müller")
    assert titles(folder, "orsted")[0] == ("contact", "Zoë Ørsted")
    assert titles(folder, "zolc") == [("contact", "Łukasz Żółć")]
    assert titles(folder, "соколов") == [("contact", "Дмитрий Соколов")]


def test_prefixes_and_several_words(folder, people):
    assert titles(folder, "luc") == [("contact", "Lucas Müller")]
    assert [k for k, _ in titles(folder, "metal")] == ["contact", "referral"]
    assert titles(folder, "succ plan") == [("referral", "Given: Lucas Müller")]
    assert titles(folder, "succession translator") == []


def test_results_are_grouped_contacts_referrals_notes_with_a_snippet(folder, people):
    hits = folder.search.find("zoe")
    assert [h.kind for h in hits] == ["contact", "note"]
    assert "dentists" in hits[1].snippet and "🦷" in hits[1].snippet


@pytest.mark.parametrize(
    "text", ['"', "*", "AND", "NEAR(", "zoe OR", '"unclosed', "a:b", "(", "-", "^", "NOT zoe", ""]
)
def test_hostile_input_never_raises(folder, people, text):
    folder.search.find(text)  # no exception is the point


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_makes_a_safe_expression(text):
    expression = match_expression(text)
    assert '""' not in expression
    assert all(part.startswith('"') and part.endswith('"*') for part in expression.split())


def test_the_index_follows_edits_deletes_restores_and_the_trash(folder, people):
    contact = folder.contacts.get(people["muller"])
    contact.name = "Lucas Schmidt"
    folder.contacts.update(contact)
    assert titles(folder, "schmidt")[0] == ("contact", "Lucas Schmidt")
    assert ("contact", "Lucas Müller") not in titles(folder, "lucas")
    batch = folder.contacts.delete([people["muller"]])
    assert titles(folder, "schmidt") == [] and titles(folder, "succession") == [], (
        "gone with its referral"
    )
    folder.trash.restore(batch)
    assert titles(folder, "schmidt")[0][0] == "contact" and titles(folder, "succession")
    folder.contacts.delete([people["muller"]])
    folder.trash.set_retention_years(0)  # (gone for good, not kept for the records)
    folder.trash.empty()
    assert titles(folder, "schmidt") == []
    count = sum(
        folder.db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("search_contact", "search_note", "search_referral")
    )
    live = sum(
        folder.counts()[k] for k in ("contacts", "notes", "referrals_given", "referrals_received")
    )
    assert count == live, "one index row per live record"


def test_a_megabyte_note_with_any_script_is_kept_exactly_and_found(folder, people):
    body = ("Ελληνικά Русский 中文 עברית 🙂 " * 40_000)[:1_000_000] + " needle"
    note_id = folder.notes.create(Note(body, contact_id=people["zoe"]))
    (saved,) = [n for n in folder.notes.for_contact(people["zoe"]) if n.id == note_id]
    assert saved.body == body
    assert ("note", titles(folder, "needle")[0][1]) == titles(folder, "needle")[0]
