"""Partner scorecards (issue 12, item 2) against a folder whose figures were worked out by
hand: quarter edges, closed value by the day it closed, conversion, median days to first
contact, one-to-ones, trend, the trash left out; and `partners --json`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from networking_folder.cli import main
from networking_folder.domain.model import Contact, Direction, Referral, Status
from networking_folder.services.scorecards import Quarter
from tests.unit.known_folder import Q4, TODAY


def test_every_figure_matches_the_hand_count(known):
    cards = {c.name: c for c in known.scorecards.partners(Q4, TODAY)}
    assert set(cards) == {"Ann", "Bob", "Cy", "Dee"}, "Eve is neither a partner nor recent"
    ann = cards["Ann"]
    assert (ann.given, ann.received) == (3, 2)
    assert ann.closed_value_given_cents == 50_000
    assert ann.closed_value_received_cents == 150_000, "by the day it closed, not made"
    assert ann.conversion == 0.5
    assert ann.median_days_to_first_contact == 6  # of 2 and 10
    assert (ann.one_to_ones, ann.last_one_to_one, ann.next_one_to_one) == (
        1,
        dt.date(2026, 10, 12),
        dt.date(2026, 12, 5),
    )
    assert ann.trend == 5 - 2 and ann.owe == -1
    assert ann.last_touch == dt.date(2026, 12, 31), "as of the quarter's end: not Jan 1, 2027"
    bob = cards["Bob"]
    assert (bob.received, bob.conversion, bob.owe, bob.trend) == (3, 0.0, 3, 3)
    dee = cards["Dee"]
    assert (dee.given, dee.received, dee.conversion, dee.median_days_to_first_contact) == (
        0, 0, None, None,
    )  # fmt: skip
    assert dee.trend == 0 and dee.closed_value_received_cents == 0
    assert cards["Cy"].given == 1 and not cards["Cy"].is_partner
    # The quarter before: Ann's made-last-quarter referrals, the Sep 30 one, and nothing closed.
    before = {c.name: c for c in known.scorecards.partners(Quarter(2026, 3), TODAY)}
    assert (before["Ann"].given, before["Ann"].received) == (1, 1)
    assert before["Ann"].closed_value_received_cents == 0


def test_the_three_orders(known):
    names = lambda sort: [c.name for c in known.scorecards.partners(Q4, TODAY, sort)]  # noqa: E731
    assert names("most") == ["Bob", "Ann", "Cy", "Dee"]  # sends me the most
    assert names("owe") == ["Bob", "Dee", "Ann", "Cy"]  # I owe Bob 3; Cy and Ann are owed
    assert names("quiet") == ["Dee", "Cy", "Bob", "Ann"]  # least trend, then untouched longest


def test_quarters():
    assert (Quarter.parse("2026-q4").start, Quarter.parse("2026-Q4").end) == (
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
    )
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter.of(dt.date(2026, 3, 31)) == Quarter(2026, 1)
    with pytest.raises(ValueError, match="YYYY-Qn"):
        Quarter.parse("2026-Q5")


def test_partners_json_has_the_promised_shape(known, capsys):
    directory = str(known.directory)
    known.close()
    capsys.readouterr()
    # The command runs on today's date: Ann's last touch as of today (or of the quarter's
    # end): her referrals' days and her one-to-ones', the one in the trash left out.
    touches = [dt.date(2026, m, d) for m, d in ((10, 1), (11, 10), (12, 31), (9, 30), (10, 15),
                                                 (11, 1), (9, 15), (10, 12), (6, 1))]
    touches.append(dt.date(2027, 1, 1))  # fmt: skip
    cap = min(dt.date.today() + dt.timedelta(days=1), Q4.end)
    last_touch = max(day for day in touches if day < cap).isoformat()
    assert main(["partners", "--quarter", "2026-Q4", "--json", "--data-dir", directory]) == 0
    items = json.loads(capsys.readouterr().out)
    ann = next(i for i in items if i["name"] == "Ann")
    assert {
        "id", "uuid", "name", "given", "received", "closed_value_received_cents",
        "closed_value_given_cents", "conversion", "median_days_to_first_contact", "one_to_ones",
        "last_touch", "not_following_up",
    } <= set(ann)  # fmt: skip
    assert (ann["closed_value_received_cents"], ann["conversion"], ann["last_touch"]) == (
        150_000,
        0.5,
        last_touch,
    )
    assert isinstance(ann["not_following_up"], bool) and len(ann["uuid"]) == 36
    with pytest.raises(SystemExit) as mistake:  # a command-line mistake: argparse's exit 2
        main(["partners", "--quarter", "2026-Q5", "--data-dir", directory])
    assert mistake.value.code == 2 and "YYYY-Qn" in capsys.readouterr().err


def test_a_step_recorded_late_carries_the_day_it_happened(folder):
    from networking_folder.domain.validation import ValidationError

    ann = folder.contacts.create(Contact(name="Ann", is_partner=True))
    dana = folder.contacts.create(Contact(name="Dana"))
    referral = folder.referrals.create(
        Referral(Direction.GIVEN, ann, dana, dt.date(2026, 10, 1), need="A will")
    )
    folder.referrals.set_status(referral, Status.PARTNER_CONTACTED, on=dt.date(2026, 10, 4))
    (step,) = [c for c in folder.referrals.history(referral) if c.to_status is Status.PARTNER_CONTACTED]
    assert step.at.date() == dt.date(2026, 10, 4)
    (card,) = folder.scorecards.partners(Q4, TODAY)
    assert card.median_days_to_first_contact == 3
    with pytest.raises(ValidationError, match="The day it happened"):
        folder.referrals.set_status(referral, Status.MEETING_HELD, on=dt.date(1066, 10, 14))


def test_one_persons_scorecard_is_the_same_as_in_the_list(known):
    """A partner's page reads their card alone: the same figures as the Partners view."""
    for card in known.scorecards.partners(Q4, TODAY):
        assert known.scorecards.of(card.id, Q4, TODAY) == card
    eve = next(c for c in known.contacts.rows() if c.name == "Eve")
    alone = known.scorecards.of(eve.id, Quarter(2026, 2), TODAY)
    assert (alone.name, alone.received, alone.is_partner) == ("Eve", 1, False)
