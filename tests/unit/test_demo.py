"""The demo folder has something of everything, so a new user sees the program at work."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import STATUSES_BY_DIRECTION, Direction, FollowUpState
from networking_folder.services.demo import fill_demo_folder

TODAY = dt.date(2026, 11, 23)


def test_demo_has_every_status_follow_ups_in_every_state_and_notes(folder):
    fill_demo_folder(folder, today=TODAY)
    referrals = folder.referrals.rows()
    for direction in Direction:
        statuses = {r.status for r in referrals if r.direction is direction}
        assert statuses == set(STATUSES_BY_DIRECTION[direction]), direction
    follow_ups = folder.follow_ups.rows()
    open_ = [f for f in follow_ups if f.state is FollowUpState.OPEN]
    assert any(f.due < TODAY for f in open_), "something overdue"
    assert any(f.due >= TODAY for f in open_), "something due"
    assert any(f.state is FollowUpState.DONE for f in follow_ups), "something done"
    assert {f.rule for f in follow_ups} >= {"R1", "R2", "R3", "R4", "R5", ""}
    assert folder.counts()["notes"] >= 5
    assert len({r.id for r in referrals}) == len(referrals) >= 28


def test_demo_is_the_same_for_the_same_day(tmp_path):
    from networking_folder.services import Folder

    def snapshot(name):
        with Folder.open(tmp_path / name) as folder:
            fill_demo_folder(folder, today=TODAY)
            return [(r.partner, r.prospect, r.status, r.date) for r in folder.referrals.rows()]

    assert snapshot("a") == snapshot("b")


def test_each_referral_given_to_a_partner_needs_what_that_partner_does(tmp_path):
    from networking_folder.domain.model import Direction
    from networking_folder.services import Folder
    from networking_folder.services.demo import NEEDS, NEEDS_BY_PROFESSION, fill_demo_folder

    with Folder.open(tmp_path / "demo") as folder:
        fill_demo_folder(folder)
        rows = folder.query(
            "SELECT r.direction, r.need, p.profession FROM referral r "
            "JOIN contact p ON p.id = coalesce(r.recipient_id, r.referrer_id)"
        )
    assert rows
    for direction, need, profession in rows:
        if direction == Direction.GIVEN.value:
            assert need in NEEDS_BY_PROFESSION[profession], (need, profession)
        else:
            assert need in NEEDS, "what a prospect referred to you needs from an advisor"


@pytest.mark.parametrize("today", [TODAY, dt.date(2025, 3, 1), dt.date(2024, 2, 29)])
def test_the_demo_shows_the_promoter_register_and_both_warnings_at_work(folder, today):
    """A new user sees the register working: a few referrers given something (cash and
    not), one with an agreement on file, one item with no disclosure, one referrer over the
    threshold with no agreement; and the fees of referrals you gave stay on them."""
    fill_demo_folder(folder, today=today)
    register = folder.promoters.register(today)
    given = [e for e in register if e.items]
    assert len(given) >= 4
    assert any(i.cash for e in given for i in e.items) and any(not i.cash for e in given for i in e.items)
    assert any(e.facts.agreement_on and e.over_threshold and not e.warnings for e in given)
    kinds = sorted(w.warning.kind for w in folder.promoters.warnings(today))
    assert kinds == ["no_agreement", "undisclosed"]
    assert folder.query(
        "SELECT count(*) FROM referral WHERE direction = 'received' AND fee_kind <> 'none'"
    ) == [(0,)]
    assert folder.query("SELECT count(*) FROM referral WHERE direction = 'given' AND fee_kind <> 'none'")[0][0] > 0
