"""Rules R1-R7 as the services apply them (docs/follow-up-rules.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import (
    Contact,
    Direction,
    FollowUpKind,
    FollowUpState,
    Group,
    InteractionKind,
    Note,
    Referral,
    Status,
)

FRIDAY = dt.date(2026, 11, 20)


@pytest.fixture
def us(folder):
    folder.settings.set("calendar.country", "US")
    return folder


@pytest.fixture
def maria_ben(us):
    maria = us.contacts.create(Contact(name="Maria Alvarez", is_partner=True))
    ben = us.contacts.create(Contact(name="Ben Carter"))
    return maria, ben


# The public thank-you for every referral received (R9) and the question to the referrer
# (R10) come along with R1-R5: they are left out here and tested on their own further down.
SEED_RULES = ("R9", "R10")


def open_follow_ups(folder, referral_id=None, leave_out=SEED_RULES):
    rows = [r for r in folder.follow_ups.rows() if r.state is FollowUpState.OPEN]
    return [
        r
        for r in rows
        if (referral_id is None or r.referral_id == referral_id) and r.rule not in leave_out
    ]


def kinds(rows):
    return sorted(r.kind.value for r in rows)


def move(folder, referral_id, status, **changes):
    referral = folder.referrals.get(referral_id)
    referral.status = status
    for name, value in changes.items():
        setattr(referral, name, value)
    note = "Wrong size of firm" if status is Status.NOT_A_FIT else ""
    return folder.referrals.update(referral, note=note)


# -- R1 ---------------------------------------------------------------------------------
def test_r1_received_on_a_friday_is_due_monday(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY, need="Will"))
    (follow_up,) = open_follow_ups(us, rid)
    assert (follow_up.kind, follow_up.rule, follow_up.due) == (
        FollowUpKind.FIRST_CONTACT,
        "R1",
        dt.date(2026, 11, 23),
    )
    assert follow_up.contact == "Ben Carter"
    assert (
        "Maria Alvarez referred Ben Carter" in follow_up.reason
        and "one business day" in follow_up.reason
    )


def test_r1_rolls_past_a_monday_holiday(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, dt.date(2027, 1, 15))
    )  # Friday before MLK Day
    assert open_follow_ups(us, rid)[0].due == dt.date(2027, 1, 19)


def test_r1_follows_the_country_in_settings(us, maria_ben):
    maria, ben = maria_ben
    us.settings.set("calendar.country", "GB")
    us.settings.set("calendar.subdivision", "ENG")
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, dt.date(2026, 12, 24)))
    assert open_follow_ups(us, rid)[0].due == dt.date(2026, 12, 29)


def test_r1_moves_when_the_referral_date_moves_and_is_never_doubled(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    referral = us.referrals.get(rid)
    referral.date = dt.date(2026, 11, 17)  # a Tuesday
    us.referrals.update(referral)
    us.referrals.update(us.referrals.get(rid))  # saving again changes nothing
    (follow_up,) = open_follow_ups(us, rid)
    assert follow_up.due == dt.date(2026, 11, 18)


# -- R2 ---------------------------------------------------------------------------------
def test_r2_completing_the_first_contact_asks_to_report_back(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    (first,) = open_follow_ups(us, rid)
    us.follow_ups.complete(first.id, "Left a message")
    (report,) = open_follow_ups(us, rid)
    assert (report.kind, report.rule, report.contact) == (
        FollowUpKind.REPORT_BACK,
        "R2",
        "Maria Alvarez",
    )
    us.follow_ups.reopen(first.id)  # undo: the report it made goes
    assert kinds(open_follow_ups(us, rid)) == ["first_contact"]


def test_r2_each_status_change_asks_to_report_back_and_closes_the_first_contact(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    move(us, rid, Status.CONTACTED)
    rows = open_follow_ups(us, rid)
    assert kinds(rows) == ["report_back"]
    assert "contacted" in rows[0].title
    first = next(r for r in us.follow_ups.rows() if r.kind is FollowUpKind.FIRST_CONTACT)
    assert first.state is FollowUpState.DONE
    move(us, rid, Status.MEETING_HELD)
    rows = open_follow_ups(us, rid)
    assert len(rows) == 1 and "meeting held" in rows[0].title, "one report at a time: the newest"
    replaced = [
        r
        for r in us.follow_ups.rows()
        if r.kind is FollowUpKind.REPORT_BACK and r.state is FollowUpState.DONE
    ]
    assert len(replaced) == 1 and "Replaced" in us.follow_ups.get(replaced[0].id).outcome


def test_undoing_a_status_change_withdraws_what_it_made(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    before = us.referrals.get(rid)
    change = move(us, rid, Status.CONTACTED)
    assert kinds(open_follow_ups(us, rid)) == ["report_back"]
    us.referrals.update(before, undo_of=change)
    assert kinds(open_follow_ups(us, rid)) == ["first_contact"], (
        "the report is withdrawn, the first contact reopens"
    )
    assert [h.to_status for h in us.referrals.history(rid)] == [Status.RECEIVED]
    move(us, rid, Status.CONTACTED)  # redo
    assert kinds(open_follow_ups(us, rid)) == ["report_back"]


# -- R3 ---------------------------------------------------------------------------------
def test_r3_giving_a_referral_asks_for_two_check_ins_two_weeks_later(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 16)))
    rows = open_follow_ups(us, rid)
    assert kinds(rows) == ["check_in_partner", "check_in_prospect"]
    assert {r.due for r in rows} == {dt.date(2026, 11, 30)}
    assert {r.contact for r in rows} == {"Maria Alvarez", "Ben Carter"}
    assert all(r.rule == "R3" for r in rows)


def test_r3_interval_is_a_setting_and_a_holiday_rolls_it(us, maria_ben):
    maria, ben = maria_ben
    us.settings.set("rules.check_in_days", 10)
    rid = us.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 16)))
    assert {r.due for r in open_follow_ups(us, rid)} == {
        dt.date(2026, 11, 27)
    }  # 26th is Thanksgiving


def test_r3_status_changes_of_a_given_referral_make_nothing_more(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 16)))
    move(us, rid, Status.PARTNER_CONTACTED)
    assert len(open_follow_ups(us, rid)) == 2


# -- R4 ---------------------------------------------------------------------------------
def test_r4_not_a_fit_asks_for_feedback_and_a_recon_meeting(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    move(us, rid, Status.CONTACTED)
    move(us, rid, Status.NOT_A_FIT)
    rows = open_follow_ups(us, rid)
    assert kinds(rows) == ["feedback", "recon_meeting"]
    assert all(r.rule == "R4" and r.contact == "Maria Alvarez" for r in rows)
    recon = next(r for r in rows if r.kind is FollowUpKind.RECON_MEETING)
    assert "place of work" in recon.reason


# -- R5 ---------------------------------------------------------------------------------
def test_r5_closed_business_thanks_privately_before_and_publicly_at_the_next_meeting(us, maria_ben):
    maria, ben = maria_ben
    group = us.groups.create(Group("BNI Downtown", meeting_weekday=2))  # Wednesdays
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY, group_id=group))
    move(us, rid, Status.CLOSED_BUSINESS, value_cents=420_000)
    rows = {r.kind: r for r in open_follow_ups(us, rid)}
    assert set(rows) == {FollowUpKind.THANK_PRIVATELY, FollowUpKind.THANK_PUBLICLY}
    today = dt.date.today()
    meeting = today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)
    assert rows[FollowUpKind.THANK_PUBLICLY].due == meeting
    assert rows[FollowUpKind.THANK_PRIVATELY].due < meeting
    assert us.referrals.get(rid).value_cents == 420_000


# -- R6 ---------------------------------------------------------------------------------
def test_r6_a_partner_who_does_not_act_is_flagged(us, maria_ben):
    maria, ben = maria_ben
    other = us.contacts.create(Contact(name="Lucy Nguyen"))
    today = dt.date(2026, 11, 23)
    first = us.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 10, 1)))
    assert us.rules.partner_warnings(today) == {}
    move(us, first, Status.NO_RESPONSE)
    us.referrals.create(
        Referral(Direction.GIVEN, maria, other, dt.date(2026, 10, 20))
    )  # still "given" after 14 days
    warnings = us.rules.partner_warnings(today)
    assert set(warnings) == {maria} and "Not following up" in warnings[maria]
    us.settings.set("rules.not_following_threshold", 3)
    assert us.rules.partner_warnings(today) == {}


# -- R7 ---------------------------------------------------------------------------------
def test_r7_reconnect_once_and_any_touch_resets_the_clock(us):
    partner = us.contacts.create(
        Contact(name="Aisha Bello", is_partner=True, met_on=dt.date(2026, 1, 5))
    )
    us.contacts.create(Contact(name="Tom Becker", cadence_days=30, met_on=dt.date(2026, 10, 1)))
    us.contacts.create(Contact(name="No cadence", met_on=dt.date(2020, 1, 1)))
    # Created today, so the clock starts today; pretend they were added long ago.
    us.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    today = dt.date(2026, 11, 23)
    assert us.apply_daily_rules(today) == 2
    assert us.apply_daily_rules(today) == 0, "running again makes no duplicate"
    rows = {r.contact: r for r in open_follow_ups(us)}
    assert set(rows) == {"Aisha Bello", "Tom Becker"}
    assert rows["Tom Becker"].rule == "R7" and "30 days" in rows["Tom Becker"].reason
    us.notes.create(
        Note("Coffee, caught up on her kids", contact_id=partner, at=dt.datetime(2026, 11, 23, 9))
    )
    assert [r.contact for r in open_follow_ups(us)] == ["Tom Becker"], (
        "the note closed Aisha's reconnect"
    )
    assert us.apply_daily_rules(today) == 0, "and her clock starts again from the note"


def test_r7_a_run_that_makes_nothing_is_no_change(us):
    """The rules run at every opening of the window. A run that makes nothing is not a change:
    it used to count as one, so every opening took a backup and read the lists again."""
    from networking_folder.services.folder import Change

    us.contacts.create(Contact(name="Tom Becker", cadence_days=30, met_on=dt.date(2026, 10, 1)))
    us.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    heard = []
    us.subscribe(heard.append)
    changes = us.change_count()
    assert us.apply_daily_rules(dt.date(2026, 10, 15)) == 0  # two weeks after they met
    assert heard == [] and us.change_count() == changes
    assert us.apply_daily_rules(dt.date(2026, 11, 23)) == 1  # out of touch for 30 days
    assert heard == [frozenset({Change.FOLLOW_UPS})] and us.change_count() == changes + 1


TOUCHES = {
    "a note about them": lambda us, tom, other, day: (
        "note", us.notes.create(Note("Lunch", contact_id=tom, at=dt.datetime.combine(day, dt.time(9))))
    ),
    "a referral about them": lambda us, tom, other, day: (
        "referral", us.referrals.create(Referral(Direction.GIVEN, other, tom, day))
    ),
    "a referral given to them": lambda us, tom, other, day: (
        "referral", us.referrals.create(Referral(Direction.GIVEN, tom, other, day))
    ),
    "a referral from them": lambda us, tom, other, day: (
        "referral", us.referrals.create(Referral(Direction.RECEIVED, tom, other, day))
    ),
}


@pytest.mark.parametrize("touch", [*TOUCHES, "a follow-up about them done"])
def test_r7_every_kind_of_touch_restarts_the_clock_and_a_deleted_one_does_not(us, touch):
    tom = us.contacts.create(Contact(name="Tom Becker", cadence_days=30))
    other = us.contacts.create(Contact(name="Ben Carter"))
    us.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    today = dt.date.today()
    if touch in TOUCHES:
        table, row_id = TOUCHES[touch](us, tom, other, today - dt.timedelta(days=10))
    else:
        from networking_folder.domain.model import FollowUp

        table = "follow_up"
        row_id = us.follow_ups.create(FollowUp("Call Tom", today, contact_id=tom))
        us.follow_ups.complete([row_id], "Spoke for an hour")
    reconnects = lambda: [  # noqa: E731
        r for r in open_follow_ups(us, leave_out=()) if r.rule == "R7" and r.contact == "Tom Becker"
    ]
    assert us.apply_daily_rules(today) == 0 and reconnects() == [], f"{touch}: 10 days ago"
    us.db.execute_sql(f"UPDATE {table} SET deleted_at = '2026-01-02 09:00:00' WHERE id = ?", (row_id,))
    us.apply_daily_rules(today)
    assert len(reconnects()) == 1, f"{touch}, in the trash, is no touch"


def test_set_status_asks_for_the_value_of_closed_business_and_why_not_a_fit(us, maria_ben):
    from networking_folder.domain.validation import ValidationError

    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    with pytest.raises(ValidationError, match="value"):
        us.referrals.set_status(rid, Status.CLOSED_BUSINESS)
    with pytest.raises(ValidationError, match="why"):
        us.referrals.set_status(rid, Status.NOT_A_FIT, note="  ")
    change = us.referrals.set_status(rid, Status.NOT_A_FIT, note="They wanted a tax lawyer")
    assert change is not None
    assert us.referrals.history(rid)[-1].note == "They wanted a tax lawyer"


def test_snooze_reschedule_cancel_and_their_undo(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    (first,) = open_follow_ups(us, rid)
    old = us.follow_ups.reschedule([first.id], dt.date(2026, 11, 30))
    assert us.follow_ups.get(first.id).due == dt.date(2026, 11, 30)
    us.follow_ups.restore_dates(old)
    assert us.follow_ups.get(first.id).due == dt.date(2026, 11, 23)
    us.follow_ups.cancel([first.id], "Ben moved away")
    cancelled = us.follow_ups.get(first.id)
    assert cancelled.state is FollowUpState.CANCELLED and cancelled.outcome == "Ben moved away"
    assert open_follow_ups(us, rid) == [], "cancelled is not open, but still in the folder"
    us.follow_ups.reopen([first.id])
    assert us.follow_ups.get(first.id).state is FollowUpState.OPEN


def test_r1_for_each_new_person_met_at_an_event_and_a_touch_for_the_others(us):
    aisha = us.contacts.create(Contact(name="Aisha Bello", is_partner=True))
    us.db.execute_sql("UPDATE contact SET created_at = '2025-01-01 09:00:00'")
    us.apply_daily_rules(dt.date(2026, 11, 23))
    assert [r.title for r in open_follow_ups(us)] == ["Reconnect with Aisha Bello"]
    on = dt.datetime(2026, 11, 20, 18, 30)  # a Friday evening mixer
    met = us.notes.log_event(
        "Chamber mixer", on, [aisha], ["Omar Farouk", "Chloé Martin", " "], "Good crowd"
    )
    assert len(met) == 3
    rows = open_follow_ups(us)
    firsts = {r.contact: r for r in rows if r.kind is FollowUpKind.FIRST_CONTACT}
    assert set(firsts) == {"Omar Farouk", "Chloé Martin"}
    assert all(r.due == dt.date(2026, 11, 23) and r.rule == "R1" for r in firsts.values())
    assert "Chamber mixer" in firsts["Omar Farouk"].reason
    assert "Reconnect with Aisha Bello" not in [r.title for r in rows], "the event was a touch"
    omar = us.contacts.find_by_name("Omar Farouk")[0]
    assert us.contacts.get(omar.id).how_met == "Chamber mixer"
    assert us.notes.for_contact(omar.id)[0].kind is InteractionKind.EVENT
    us.notes.log_event("Chamber mixer", on, [omar.id], [], "")  # meeting Omar again: no second R1
    assert len([r for r in open_follow_ups(us) if r.kind is FollowUpKind.FIRST_CONTACT]) == 2


def test_an_event_needs_a_name_and_people(us):
    from networking_folder.domain.validation import ValidationError

    with pytest.raises(ValidationError, match="Name the event"):
        us.notes.log_event(" ", dt.datetime(2026, 11, 20, 18), [], ["Ann"])
    with pytest.raises(ValidationError, match="people you met"):
        us.notes.log_event("Mixer", dt.datetime(2026, 11, 20, 18), [], [" "])
    assert us.counts()["contacts"] == 0


# -- R9, R10 and the recon meeting's place (seed 001 "Recognition" and "Resources", seed 002) --
def test_r9_every_referral_received_earns_a_public_thank_you_at_the_next_meeting(us, maria_ben):
    maria, ben = maria_ben
    group = us.groups.create(Group("BNI Downtown", meeting_weekday=3))  # Thursdays
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY, group_id=group))
    (thanks,) = open_follow_ups(us, rid, leave_out=("R1",))
    # The Thursday after Friday Nov 20 is Thanksgiving: the group meets the week after.
    assert (thanks.rule, thanks.kind, thanks.due) == (
        "R9", FollowUpKind.THANK_PUBLICLY, dt.date(2026, 12, 3),
    )  # fmt: skip
    assert thanks.title == "Thank Maria Alvarez at the meeting on Thu Dec 03 for referring Ben Carter"
    assert thanks.contact == "Maria Alvarez" and "not only the ones that become business" in thanks.reason
    # Its date follows the referral's; and a referral you gave earns none.
    referral = us.referrals.get(rid)
    referral.date = dt.date(2026, 12, 4)
    us.referrals.update(referral)
    assert [f.due for f in open_follow_ups(us, rid, leave_out=("R1",))] == [dt.date(2026, 12, 10)]
    given = us.referrals.create(Referral(Direction.GIVEN, maria, ben, FRIDAY))
    assert not [f for f in open_follow_ups(us, given, leave_out=()) if f.rule == "R9"]
    # Closed business before the meeting: one public thank-you, R5's (with the value), not two;
    # undoing the step brings R9's back.
    change = move(us, rid, Status.CLOSED_BUSINESS, value_cents=100_000)
    thanks = [f for f in open_follow_ups(us, rid, leave_out=()) if f.kind is FollowUpKind.THANK_PUBLICLY]
    assert [f.rule for f in thanks] == ["R5"]
    referral = us.referrals.get(rid)
    referral.status = Status.RECEIVED
    us.referrals.update(referral, undo_of=change)
    thanks = [f for f in open_follow_ups(us, rid, leave_out=()) if f.kind is FollowUpKind.THANK_PUBLICLY]
    assert [f.rule for f in thanks] == ["R9"]


def test_r10_the_first_report_back_asks_who_else_got_it_and_the_answer_is_kept(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    assert not open_follow_ups(us, rid, leave_out=("R1", "R9")), "nothing to ask before calling"
    (first_call,) = open_follow_ups(us, rid)
    us.follow_ups.complete(first_call.id)
    (ask,) = open_follow_ups(us, rid, leave_out=("R1", "R2", "R9"))
    (report,) = open_follow_ups(us, rid)
    assert (ask.rule, ask.kind, ask.due) == ("R10", FollowUpKind.ASK_ALSO_GIVEN, report.due)
    assert ask.title == "Ask Maria Alvarez: did anyone else get the referral of Ben Carter?"
    # Later reports do not ask again: one question per referral.
    move(us, rid, Status.CONTACTED)
    move(us, rid, Status.MEETING_HELD)
    assert len(open_follow_ups(us, rid, leave_out=("R1", "R2", "R9"))) == 1
    before = us.follow_ups.answer_also_given(ask.id, "Lucy at Raman Mortgage")
    assert us.referrals.get(rid).also_given_to == "Lucy at Raman Mortgage"
    assert not open_follow_ups(us, rid, leave_out=("R1", "R2", "R9"))
    us.follow_ups.unanswer_also_given(ask.id, before)
    assert us.referrals.get(rid).also_given_to == ""
    assert len(open_follow_ups(us, rid, leave_out=("R1", "R2", "R9"))) == 1
    us.follow_ups.answer_also_given(ask.id, "  ")
    assert us.referrals.get(rid).also_given_to == "No one else"


def test_r10_is_not_asked_when_the_answer_is_already_known(us, maria_ben):
    maria, ben = maria_ben
    rid = us.referrals.create(
        Referral(Direction.RECEIVED, maria, ben, FRIDAY, also_given_to="Nobody: she said so")
    )
    move(us, rid, Status.CONTACTED)
    assert not [f for f in open_follow_ups(us, rid, leave_out=()) if f.rule == "R10"]


def test_r4_the_recon_meeting_is_at_the_partners_place_of_work(us, maria_ben):
    maria, ben = maria_ben
    partner = us.contacts.get(maria)
    partner.company, partner.address = "Alvarez Realty", "12 Main St,\nSpringfield"
    us.contacts.update(partner)
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    move(us, rid, Status.NOT_A_FIT)
    recon = next(r for r in open_follow_ups(us, rid) if r.kind is FollowUpKind.RECON_MEETING)
    assert recon.place == "Alvarez Realty, 12 Main St, Springfield"
    assert us.follow_ups.get(recon.id).place == recon.place
    # Without an address it still says where, and the reason asks for the address.
    lucy = us.contacts.create(Contact(name="Lucy Nguyen", is_partner=True))
    other = us.referrals.create(Referral(Direction.RECEIVED, lucy, ben, FRIDAY))
    move(us, other, Status.NOT_A_FIT)
    recon = next(r for r in open_follow_ups(us, other) if r.kind is FollowUpKind.RECON_MEETING)
    assert recon.place == "Lucy Nguyen's place of work" and "add it" in recon.reason


def test_r10_goes_with_an_undone_first_call_and_is_closed_by_an_answer_typed_in_the_form(
    us, maria_ben
):
    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    (call,) = open_follow_ups(us, rid)
    us.follow_ups.complete(call.id)
    assert [f.rule for f in open_follow_ups(us, rid, leave_out=("R9",))] == ["R2", "R10"]
    us.follow_ups.reopen(call.id)  # undo: the call was not made after all
    assert [f.rule for f in open_follow_ups(us, rid, leave_out=("R9",))] == ["R1"]
    us.follow_ups.complete(call.id)
    referral = us.referrals.get(rid)
    referral.also_given_to = "Lucy at Raman Mortgage"
    us.referrals.update(referral)  # typed in the referral's form
    assert [f.rule for f in open_follow_ups(us, rid, leave_out=("R9",))] == ["R2"]


def test_r9_follows_the_referrals_date_and_group_title_and_all(us, maria_ben):
    maria, ben = maria_ben
    wednesdays = us.groups.create(Group("BNI Downtown", meeting_weekday=2))
    tuesdays = us.groups.create(Group("Leads club", meeting_weekday=1))
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY, group_id=wednesdays))

    def thanks():
        (found,) = [f for f in open_follow_ups(us, rid, leave_out=()) if f.rule == "R9"]
        return found.due, found.title

    assert thanks() == (dt.date(2026, 11, 25), "Thank Maria Alvarez at the meeting on Wed Nov 25 "
                                               "for referring Ben Carter")  # fmt: skip
    referral = us.referrals.get(rid)
    referral.date = dt.date(2026, 11, 27)
    us.referrals.update(referral)
    assert thanks() == (dt.date(2026, 12, 2), "Thank Maria Alvarez at the meeting on Wed Dec 02 "
                                              "for referring Ben Carter")  # fmt: skip
    referral.group_id = tuesdays
    us.referrals.update(referral)
    assert thanks()[0] == dt.date(2026, 12, 1) and "Tue Dec 01" in thanks()[1]


def test_answering_r10_is_refused_once_closed_or_deleted_and_counts_as_a_touch(us, maria_ben):
    from networking_folder.domain.model import FollowUp
    from networking_folder.domain.validation import ValidationError

    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    move(us, rid, Status.CONTACTED)
    (ask,) = [f for f in open_follow_ups(us, rid, leave_out=()) if f.rule == "R10"]
    reconnect = us.follow_ups.create(
        FollowUp("Reconnect", FRIDAY, contact_id=maria, kind=FollowUpKind.RECONNECT)
    )
    us.follow_ups.answer_also_given(ask.id, "")
    assert us.follow_ups.get(reconnect).state is FollowUpState.DONE, "asking her was a touch"
    with pytest.raises(ValidationError, match="no longer open"):
        us.follow_ups.answer_also_given(ask.id, "Lucy")
    other = us.referrals.create(Referral(Direction.RECEIVED, maria, ben, FRIDAY))
    move(us, other, Status.CONTACTED)
    (second,) = [f for f in open_follow_ups(us, other, leave_out=()) if f.rule == "R10"]
    us.referrals.delete([other])
    with pytest.raises(ValidationError, match="no longer open"):
        us.follow_ups.answer_also_given(second.id, "Lucy")


def test_a_step_cannot_have_happened_before_the_referral(us, maria_ben):
    from networking_folder.domain.validation import ValidationError

    maria, ben = maria_ben
    rid = us.referrals.create(Referral(Direction.GIVEN, maria, ben, FRIDAY))
    with pytest.raises(ValidationError, match="before the referral was made"):
        us.referrals.set_status(rid, Status.PARTNER_CONTACTED, on=FRIDAY - dt.timedelta(days=1))
    assert us.referrals.get(rid).status is Status.GIVEN, "nothing half-written"
    us.referrals.set_status(rid, Status.PARTNER_CONTACTED, on=FRIDAY)
    steps = us.referrals.history(rid)
    assert [h.at.date() for h in steps if h.to_status is Status.PARTNER_CONTACTED] == [FRIDAY]
