from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_folder.domain.model import (
    Contact,
    Direction,
    Draft,
    FollowUp,
    Group,
    Note,
    Referral,
    Status,
)
from networking_folder.domain.text import fold
from networking_folder.domain.validation import (
    MAX_CENTS,
    ValidationError,
    check_email,
    check_phone,
    split_list,
)


@pytest.mark.parametrize(
    "number", ["(212) 555-0143", "212.555.0143", "+44 20 7946 0958", "212-555-0143 ext 12"]
)
def test_phone_numbers_people_type_are_accepted(number):
    assert check_phone(number, "US")


@pytest.mark.parametrize(
    ("number", "words"), [("555-CALL-NOW", "letters"), ("123", "digits"), ("+", "not a phone")]
)
def test_not_phone_numbers_are_refused_with_a_reason(number, words):
    with pytest.raises(ValidationError, match=words):
        check_phone(number, "US")


@pytest.mark.parametrize("address", ["plain", "a@b", "two@@example.com", "spaces in@example.com"])
def test_bad_emails_are_refused_naming_the_address(address):
    with pytest.raises(ValidationError) as caught:
        check_email(address)
    assert address in caught.value.message and caught.value.field == "emails"


def test_several_values_split_on_semicolons_and_lines():
    assert split_list(" a@x.com ; b@y.com\n\n c@z.com ;") == ["a@x.com", "b@y.com", "c@z.com"]


@given(st.text(max_size=40))
def test_validators_never_raise_anything_but_a_validation_error(text):
    for check in (check_email, lambda t: check_phone(t, "US")):
        try:
            check(text)
        except ValidationError as exc:
            assert exc.message


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("Müller", "muller"),
        ("Ørsted", "orsted"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("STRASSE", "strasse"),
    ],
)
def test_folding_ignores_case_and_accents(text, folded):
    assert fold(text) == folded


# -- values in a sane range at the service boundary (issue 9, item 14) -------------------------

DAY = dt.date(2026, 1, 5)
FAR = dt.date(9999, 12, 20)  # adding 14 days to it overflowed in the rules
EARLY = dt.date(1899, 12, 31)


def _people(folder):
    return (
        folder.contacts.create(Contact(name="Maria", is_partner=True)),
        folder.contacts.create(Contact(name="Ben")),
    )


@pytest.mark.parametrize(
    ("field", "attempt"),
    [
        ("date", lambda f, m, b: f.referrals.create(Referral(Direction.RECEIVED, m, b, FAR))),
        ("date", lambda f, m, b: f.referrals.create(Referral(Direction.GIVEN, m, b, EARLY))),
        (
            "fee_disclosed_on",
            lambda f, m, b: f.referrals.create(
                Referral(Direction.GIVEN, m, b, DAY, fee_disclosed_on=FAR)
            ),
        ),
        ("due", lambda f, m, b: f.follow_ups.create(FollowUp("Call", FAR, contact_id=m))),
        ("due", lambda f, m, b: f.follow_ups.create(FollowUp("Call", dt.date(1, 1, 1)))),
        (
            "due",
            lambda f, m, b: f.follow_ups.reschedule(
                f.follow_ups.create(FollowUp("Call", DAY)), FAR
            ),
        ),
        ("at", lambda f, m, b: f.notes.create(Note("Hi", m, at=dt.datetime(9999, 12, 31, 9)))),
        (
            "next_due",
            lambda f, m, b: f.notes.log(Note("Hi", m), next_step="Call back", next_due=FAR),
        ),
        (
            "when",
            lambda f, m, b: f.notes.log_event("Mixer", dt.datetime(2200, 1, 1, 18), [m], []),
        ),
        ("met_on", lambda f, m, b: f.contacts.create(Contact(name="Ann", met_on=EARLY))),
    ],
)
def test_dates_outside_1900_to_2199_are_refused_naming_the_field(folder, field, attempt):
    maria, ben = _people(folder)
    with pytest.raises(ValidationError, match="between 1900 and 2199") as caught:
        attempt(folder, maria, ben)
    assert caught.value.field == field


def test_the_first_and_last_dates_allowed_go_through_the_rules(folder):
    folder.settings.set("calendar.country", "US")
    maria, ben = _people(folder)
    for day in (dt.date(1900, 1, 1), dt.date(2199, 12, 31)):
        for direction in Direction:
            referral = folder.referrals.create(Referral(direction, maria, ben, day))
            folder.referrals.set_status(referral, Status.CLOSED_BUSINESS, value_cents=MAX_CENTS)
        folder.notes.create(Note("Hi", maria, at=dt.datetime.combine(day, dt.time(23, 59))))
    folder.apply_daily_rules(dt.date(2199, 12, 31))
    assert folder.follow_ups.due_by(dt.date(2199, 12, 31))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1.5, "whole number of cents"),  # was stored as 1
        (2**63, "at most 100,000,000,000.00"),  # was an OverflowError from SQLite
        (MAX_CENTS + 1, "at most"),
        (-1, "cannot be negative"),
        ("100", "whole number"),
    ],
)
def test_money_is_whole_cents_from_0_to_the_maximum(folder, value, words):
    maria, ben = _people(folder)
    referral = Referral(Direction.RECEIVED, maria, ben, DAY, status=Status.CLOSED_BUSINESS)
    referral.value_cents = value
    with pytest.raises(ValidationError, match=words) as caught:
        folder.referrals.create(referral)
    assert caught.value.field == "value"
    referral.value_cents = MAX_CENTS
    assert folder.referrals.get(folder.referrals.create(referral)).value_cents == MAX_CENTS


@pytest.mark.parametrize(
    ("field", "attempt"),
    [
        ("name", lambda f, m, b, t: f.contacts.create(Contact(name=f"Ann{t}"))),
        ("company", lambda f, m, b, t: f.contacts.create(Contact(name="Ann", company=t))),
        ("notes", lambda f, m, b, t: f.contacts.create(Contact(name="Ann", notes=t))),
        ("tags", lambda f, m, b, t: f.contacts.create(Contact(name="Ann", tags=[t]))),
        ("name", lambda f, m, b, t: f.groups.create(Group(t))),
        ("location", lambda f, m, b, t: f.groups.create(Group("BNI", location=t))),
        ("title", lambda f, m, b, t: f.follow_ups.create(FollowUp(t, DAY))),
        ("body", lambda f, m, b, t: f.notes.create(Note(f"Hi {t}", m))),
        ("name", lambda f, m, b, t: f.notes.log_event(t, dt.datetime(2026, 1, 5), [m], [])),
        (
            "need",
            lambda f, m, b, t: f.referrals.create(Referral(Direction.GIVEN, m, b, DAY, need=t)),
        ),
        (
            "budget",
            lambda f, m, b, t: f.referrals.create(Referral(Direction.GIVEN, m, b, DAY, budget=t)),
        ),
    ],
)
@pytest.mark.parametrize("broken", ["\ud800", "a\udfffb"])
def test_half_a_surrogate_pair_is_refused_with_a_clear_message(folder, field, attempt, broken):
    maria, ben = _people(folder)
    with pytest.raises(ValidationError, match="broken character") as caught:
        attempt(folder, maria, ben, broken)
    assert caught.value.field == field


def test_control_characters_are_dropped_and_nothing_left_is_refused(folder):
    maria, ben = _people(folder)
    ann = folder.contacts.create(Contact(name="Ann\x00 Lee\x1b", company="Acme\x07\r\nInc"))
    assert (folder.contacts.get(ann).name, folder.contacts.get(ann).company) == (
        "Ann Lee",
        "Acme Inc",
    )
    note = folder.notes.get(folder.notes.create(Note("line one\x00\r\n\tline two\x7f", maria)))
    assert note.body == "line one\r\n\tline two"
    for words, attempt in (
        ("Say what is to be done", lambda: folder.follow_ups.create(FollowUp("\x00", DAY))),
        ("needs a name", lambda: folder.contacts.create(Contact(name="\x00\x01"))),
        ("needs a name", lambda: folder.groups.create(Group("\x00"))),
        ("empty", lambda: folder.notes.create(Note("\x00", maria))),
        (
            "Name the event",
            lambda: folder.notes.log_event("\x00", dt.datetime(2026, 1, 5), [maria], []),
        ),
    ):
        with pytest.raises(ValidationError, match=words):
            attempt()


def test_a_draft_keeps_what_is_typed_even_half_an_emoji(folder):
    draft_id = folder.drafts.save(Draft(body="Call \ud83d back\x00", next_step="\udfff"))
    [draft] = folder.drafts.all()
    assert draft.id == draft_id and (draft.body, draft.next_step) == ("Call \ufffd back", "\ufffd")
