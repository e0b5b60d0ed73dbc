"""The use-cases, as the window and the command line call them."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpState,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)
from networking_folder.domain.validation import ValidationError
from networking_folder.services import Change, Folder

TODAY = dt.date(2026, 11, 23)


def add_pair(folder):
    partner = folder.contacts.create(
        Contact(name="Maria Alvarez", company="Alvarez Realty", is_partner=True)
    )
    prospect = folder.contacts.create(Contact(name="Ben Carter"))
    return partner, prospect


def test_contact_round_trip_keeps_every_field(folder):
    group = folder.groups.create(Group("BNI Downtown", 2, dt.time(7, 0)))
    contact = Contact(
        name="  Zoë   Ørsted ",
        company="Ørsted Law",
        profession="Estate attorney",
        phones=["(212) 555-0143", "+44 20 7946 0958"],
        emails=["Zoe@Example.com"],
        address="1 Main St\nSpringfield",
        website="https://orsted.example",
        linkedin="in/zoe",
        is_partner=True,
        group_ids=[group],
        how_met="Chamber mixer",
        met_on=dt.date(2025, 3, 1),
        rapport=5,
        ideal_referral="Young parents with no will",
        cadence_days=90,
        tags=["law", "trust"],
        notes="Prefers email. 🙂 Пишет по-русски.",
    )
    contact_id = folder.contacts.create(contact)
    saved = folder.contacts.get(contact_id)
    assert saved.name == "Zoë Ørsted"
    assert saved.emails == ["Zoe@example.com"]  # the domain part is normalised
    assert saved.phones == ["(212) 555-0143", "+44 20 7946 0958"]
    assert saved.group_ids == [group]
    assert (saved.met_on, saved.rapport, saved.cadence_days, saved.tags) == (
        dt.date(2025, 3, 1),
        5,
        90,
        ["law", "trust"],
    )
    assert saved.notes == "Prefers email. 🙂 Пишет по-русски."
    (row,) = folder.contacts.rows()
    assert (row.name, row.phone, row.email, row.groups, row.is_partner) == (
        "Zoë Ørsted",
        "(212) 555-0143",
        "Zoe@example.com",
        "BNI Downtown",
        True,
    )


@pytest.mark.parametrize(
    ("contact", "field", "words"),
    [
        (Contact(name="   "), "name", "needs a name"),
        (Contact(name="Ann", emails=["ann@"]), "emails", "not an email address"),
        (Contact(name="Ann", phones=["call me maybe"]), "phones", "letters"),
        (Contact(name="Ann", phones=["12"]), "phones", "digits"),
        (Contact(name="Ann", rapport=9), "rapport", "1 to 5"),
    ],
)
def test_bad_contact_is_refused_with_its_field_and_nothing_saved(folder, contact, field, words):
    with pytest.raises(ValidationError, match=words) as caught:
        folder.contacts.create(contact)
    assert caught.value.field == field
    assert folder.contacts.rows() == []


def test_update_changes_the_contact_and_its_groups(folder):
    a = folder.groups.create(Group("Chapter"))
    b = folder.groups.create(Group("Chamber"))
    contact_id = folder.contacts.create(Contact(name="Ann", group_ids=[a]))
    contact = folder.contacts.get(contact_id)
    contact.name, contact.group_ids = "Ann Lee", [b]
    folder.contacts.update(contact)
    assert folder.contacts.get(contact_id).group_ids == [b]
    assert folder.contacts.rows()[0].groups == "Chamber"


def test_referral_with_new_contacts_is_one_transaction(folder):
    referral = Referral(Direction.RECEIVED, 0, 0, TODAY, need="Retirement plan")
    ref_id = folder.referrals.create(
        referral, new_partner="Priya Raman", new_prospect="Lucy Nguyen"
    )
    (row,) = folder.referrals.rows(Direction.RECEIVED)
    assert (row.id, row.partner, row.prospect, row.status) == (
        ref_id,
        "Priya Raman",
        "Lucy Nguyen",
        Status.RECEIVED,
    )
    partner = folder.contacts.find_by_name("Priya Raman")[0]
    assert folder.contacts.get(partner.id).is_partner

    same = Referral(Direction.GIVEN, partner.id, partner.id, TODAY)
    with pytest.raises(ValidationError, match="different people") as caught:
        folder.referrals.create(same)
    assert caught.value.field == "prospect"


def test_referral_refusal_leaves_no_new_contact_behind(folder):
    partner, _ = add_pair(folder)
    bad = Referral(Direction.GIVEN, partner, 0, TODAY, warmth=7)
    with pytest.raises(ValidationError, match="Warmth"):
        folder.referrals.create(bad, new_prospect="Ghost Prospect")
    assert folder.contacts.find_by_name("Ghost Prospect") == []


def test_referral_keeps_every_field_and_direction_maps_referrer_and_recipient(folder):
    partner, prospect = add_pair(folder)
    referral = Referral(
        Direction.GIVEN,
        partner,
        prospect,
        TODAY,
        need="Needs a will",
        is_lead=True,
        warmth=5,
        best_time_to_call="After 5",
        budget="$2k",
        urgency="This month",
        learned="Two kids",
        also_given_to="Another attorney",
        fee_description="Gift card",
        fee_disclosed_on=TODAY,
    )
    ref_id = folder.referrals.create(referral)
    saved = folder.referrals.get(ref_id)
    assert (
        saved.partner_id == partner and saved.recipient_id == partner and saved.referrer_id is None
    )
    for name in (
        "need",
        "is_lead",
        "warmth",
        "best_time_to_call",
        "budget",
        "urgency",
        "learned",
        "also_given_to",
        "fee_description",
        "fee_disclosed_on",
        "date",
    ):
        assert getattr(saved, name) == getattr(referral, name), name
    row = folder.contacts.delete_impact([partner])
    assert row.referrals == 1


def test_status_changes_are_kept_as_history(folder):
    partner, prospect = add_pair(folder)
    ref_id = folder.referrals.create(Referral(Direction.RECEIVED, partner, prospect, TODAY))
    for status in (Status.CONTACTED, Status.MEETING_HELD, Status.CLOSED_BUSINESS):
        referral = folder.referrals.get(ref_id)
        referral.status = status
        if status is Status.CLOSED_BUSINESS:
            referral.value_cents = 250_000
        folder.referrals.update(referral, note=f"now {status.value}")
    history = folder.referrals.history(ref_id)
    assert [(h.from_status, h.to_status) for h in history] == [
        (None, Status.RECEIVED),
        (Status.RECEIVED, Status.CONTACTED),
        (Status.CONTACTED, Status.MEETING_HELD),
        (Status.MEETING_HELD, Status.CLOSED_BUSINESS),
    ]
    assert history[-1].note == "now closed_business"
    assert folder.referrals.get(ref_id).value_cents == 250_000


def test_a_status_of_the_other_direction_is_refused(folder):
    partner, prospect = add_pair(folder)
    referral = Referral(Direction.GIVEN, partner, prospect, TODAY, status=Status.LOST)
    with pytest.raises(ValidationError, match="not a status of a given referral"):
        folder.referrals.create(referral)


def test_deleting_a_contact_takes_its_referrals_and_follow_ups_and_undo_brings_them_back(folder):
    partner, prospect = add_pair(folder)
    other = folder.contacts.create(Contact(name="Unrelated"))
    ref_id = folder.referrals.create(Referral(Direction.RECEIVED, partner, prospect, TODAY))
    folder.follow_ups.create(FollowUp("Call Ben", TODAY, contact_id=prospect, referral_id=ref_id))
    folder.notes.create(Note("Met for coffee", contact_id=prospect))
    before = folder.counts()

    batch = folder.contacts.delete([prospect])
    after = folder.counts()
    assert after["contacts"] == 2 and after["referrals_received"] == 0
    assert after["follow_ups"] == 0 and after["notes"] == 0
    assert {r.name for r in folder.contacts.rows()} == {"Maria Alvarez", "Unrelated"}

    folder.trash.restore(batch)
    assert folder.counts() == before
    assert other in {r.id for r in folder.contacts.rows()}


def test_emptying_the_trash_deletes_for_good(folder):
    partner, prospect = add_pair(folder)
    folder.referrals.create(Referral(Direction.GIVEN, partner, prospect, TODAY))
    folder.contacts.delete([prospect])
    assert folder.trash.batches()[0].contacts == 1
    folder.trash.set_retention_years(0)  # (records kept for no time: see test_retention.py)
    removed = folder.trash.empty()
    assert removed >= 2
    assert folder.trash.batches() == []
    assert folder.db.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 1


def test_a_trashed_contact_still_named_by_a_live_referral_stays_in_the_trash(folder):
    partner, prospect = add_pair(folder)
    ref_id = folder.referrals.create(Referral(Direction.GIVEN, partner, prospect, TODAY))
    batch = folder.contacts.delete([prospect])
    folder.trash.restore(batch)
    # Delete only the contact row (as if the referral were restored on its own).
    from networking_folder.store.records import ContactRecord

    ContactRecord.update(deleted_at="2026-11-23 10:00:00", trash_batch=99).where(
        ContactRecord.id == prospect
    ).execute()
    folder.trash.empty()
    assert folder.referrals.get(ref_id).prospect_id == prospect


def test_follow_ups_complete_and_reopen(folder):
    _, prospect = add_pair(folder)
    a = folder.follow_ups.create(FollowUp("Call Ben", TODAY, contact_id=prospect))
    b = folder.follow_ups.create(FollowUp("Send the article", TODAY + dt.timedelta(days=2)))
    folder.follow_ups.complete([a, b], "Done by phone")
    rows = {r.id: r for r in folder.follow_ups.rows()}
    assert rows[a].state is FollowUpState.DONE and rows[a].completed_at is not None
    assert folder.follow_ups.get(a).outcome == "Done by phone"
    folder.follow_ups.reopen([a])
    assert folder.follow_ups.get(a).state is FollowUpState.OPEN
    assert folder.follow_ups.get(a).completed_at is None


def test_follow_up_needs_words_and_can_name_a_new_contact(folder):
    with pytest.raises(ValidationError, match="what is to be done"):
        folder.follow_ups.create(FollowUp("  ", TODAY))
    follow_up_id = folder.follow_ups.create(FollowUp("Call", TODAY), new_contact="Nora Hughes")
    assert folder.follow_ups.rows()[0].contact == "Nora Hughes"
    assert (
        folder.follow_ups.get(follow_up_id).contact_id
        == folder.contacts.find_by_name("nora hughes")[0].id
    )


def test_group_names_are_unique_among_live_groups(folder):
    first = folder.groups.create(Group("BNI Downtown"))
    with pytest.raises(ValidationError, match="already a group"):
        folder.groups.create(Group(" BNI  Downtown "))
    folder.groups.delete(first)
    again = folder.groups.create(Group("BNI Downtown", 2, dt.time(7, 30)))
    assert [g.name for g in folder.groups.all()] == ["BNI Downtown"]
    assert folder.groups.get(again).meeting_label == "Wednesday 07:30"


def test_listeners_hear_what_changed_only_after_the_commit(folder):
    heard = []
    folder.subscribe(heard.append)
    partner, prospect = add_pair(folder)
    folder.referrals.create(Referral(Direction.GIVEN, partner, prospect, TODAY), new_prospect="")
    with pytest.raises(ValidationError):
        folder.contacts.create(Contact(name=""))
    assert heard[:2] == [frozenset({Change.CONTACTS})] * 2
    assert Change.REFERRALS in heard[2]
    assert len(heard) == 3, "a refused change is not announced"


def test_everything_survives_closing_and_reopening(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        partner, prospect = add_pair(folder)
        folder.referrals.create(Referral(Direction.RECEIVED, partner, prospect, TODAY, need="Will"))
        folder.follow_ups.create(FollowUp("Call Ben", TODAY, contact_id=prospect))
        folder.notes.create(Note("Coffee", contact_id=partner))
        before = folder.counts()
    with Folder.open(tmp_path / "f") as folder:
        assert folder.counts() == before
        assert folder.referrals.rows()[0].need == "Will"
        assert folder.notes.for_contact(partner)[0].body == "Coffee"


def test_settings_are_kept_in_the_folder(tmp_path):
    with Folder.open(tmp_path / "f") as folder:
        folder.settings.set("ask", "Introductions to CPAs")
    with Folder.open(tmp_path / "f") as folder:
        assert folder.settings.get("ask") == "Introductions to CPAs"
        assert folder.settings.get("missing", 42) == 42


def test_an_empty_note_is_refused(folder):
    with pytest.raises(ValidationError, match="empty"):
        folder.notes.create(Note("   "))


def test_the_timeline_of_a_contact_newest_first_with_counts_and_last_touch(folder):
    partner, prospect = add_pair(folder)
    lucy = folder.contacts.create(Contact(name="Lucy Nguyen"))
    folder.referrals.create(
        Referral(Direction.GIVEN, partner, prospect, dt.date(2026, 10, 1), need="A will")
    )
    folder.referrals.create(
        Referral(Direction.RECEIVED, partner, lucy, dt.date(2026, 11, 2), need="401(k)")
    )
    folder.referrals.create(Referral(Direction.RECEIVED, partner, prospect, dt.date(2026, 9, 15)))
    folder.notes.create(
        Note(
            "One-to-one at her office\nSecond line",
            contact_id=partner,
            kind=InteractionKind.ONE_TO_ONE,
            at=dt.datetime(2026, 11, 10, 9, 0),
        )
    )
    timeline = folder.contacts.timeline(partner)
    assert (timeline.given, timeline.received) == (1, 2)
    kinds = [(e.kind, e.title) for e in timeline.entries]
    assert kinds[0] == ("note", "One-to-one")  # Nov 10, the newest
    assert ("follow_up", "Follow-up: Check in with Maria Alvarez") in kinds  # due Oct 15
    assert ("referral", "They referred Lucy Nguyen to you") in kinds
    assert ("referral", "You referred Ben Carter to them") in kinds
    whens = [e.when for e in timeline.entries]
    assert whens == sorted(whens, reverse=True), "newest first"
    note = next(e for e in timeline.entries if e.kind == "note")
    assert note.detail == "One-to-one at her office"
    assert timeline.last_touch == dt.date(2026, 11, 10)
    about_ben = folder.contacts.timeline(prospect)
    assert {e.title for e in about_ben.entries if e.kind == "referral"} == {
        "Referred to Maria Alvarez",
        "Referred to you by Maria Alvarez",
    }
    assert (about_ben.given, about_ben.received) == (0, 0)
