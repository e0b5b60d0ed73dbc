"""What listeners hear after a change: the kinds of data, and which records (Folder.touched,
UUIDs by table) while they are told; nothing when a transaction fails; None (everything) for
news the folder cannot itemise. And which referrals' rows such a change may have changed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, Group, Referral, Status
from networking_folder.services import Change


def heard(folder):
    news = []
    folder.subscribe(lambda changes: news.append((changes, folder.touched)))
    return news


def test_listeners_are_told_which_records_changed(folder):
    maria = folder.contacts.create(Contact(name="Maria"))
    ben = folder.contacts.create(Contact(name="Ben"))
    ref = folder.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 2)))
    news = heard(folder)
    folder.referrals.set_status(ref, Status.MEETING_HELD)
    (changes, touched), = news
    assert Change.REFERRALS in changes
    assert touched["referral"] == {folder.uuids("referral", [ref])[ref]}
    assert "status_change" in touched  # (its history gained a line)
    assert folder.touched is None, "only while they are told"
    assert folder.referrals.ids_touched(touched) == {ref}


def test_a_failed_change_tells_nothing_and_leaves_nothing_for_the_next(folder):
    maria = folder.contacts.create(Contact(name="Maria"))
    news = heard(folder)
    with pytest.raises(RuntimeError), folder.transaction(Change.CONTACTS):
        folder.contacts.update(dataclasses.replace(folder.contacts.get(maria), company="Acme"))
        raise RuntimeError("the use-case failed half way")
    assert news == []
    folder.contacts.create(Contact(name="Ben"))
    (_changes, touched), = news
    assert touched.get("contact") and folder.uuids("contact", [maria])[maria] not in touched["contact"]


def test_news_from_elsewhere_names_no_records(folder):
    news = heard(folder)
    folder.announce(Change)
    assert news == [(frozenset(Change), None)]


def test_referral_rows_touched_by_a_contact_or_group(folder):
    chapter = folder.groups.create(Group("BNI Downtown"))
    maria = folder.contacts.create(Contact(name="Maria"))
    ben = folder.contacts.create(Contact(name="Ben"))
    ana = folder.contacts.create(Contact(name="Ana"))
    one = folder.referrals.create(
        Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 2), group_id=chapter)
    )
    two = folder.referrals.create(Referral(Direction.RECEIVED, ana, maria, dt.date(2026, 11, 3)))
    folder.referrals.create(Referral(Direction.GIVEN, ana, ben, dt.date(2026, 11, 4)))
    uuid = folder.uuids
    assert folder.referrals.ids_touched({"contact": {uuid("contact", [maria])[maria]}}) == {one, two}
    assert folder.referrals.ids_touched(
        {"networking_group": {uuid("networking_group", [chapter])[chapter]}}
    ) == {one}
    assert folder.referrals.ids_touched({"note": {"whatever"}}) == set()
    gone = uuid("referral", [two])[two]
    folder.trash.set_retention_years(0)  # (kept for none: emptying the trash purges it)
    folder.referrals.delete([two])
    folder.trash.empty()
    assert folder.referrals.ids_touched({"referral": {gone}}) is None, "purged: no row to name"


def test_contact_rows_touched_by_a_membership_or_group(folder):
    chapter = folder.groups.create(Group("BNI Downtown"))
    maria = folder.contacts.create(Contact(name="Maria", group_ids=[chapter]))
    ben = folder.contacts.create(Contact(name="Ben"))
    news = heard(folder)
    folder.groups.update(dataclasses.replace(folder.groups.get(chapter), name="BNI Uptown"))
    assert folder.contacts.ids_touched(news[-1][1]) == {maria}
    folder.contacts.update(dataclasses.replace(folder.contacts.get(ben), group_ids=[chapter]))
    assert folder.contacts.ids_touched(news[-1][1]) == {ben}
    folder.contacts.update(dataclasses.replace(folder.contacts.get(maria), group_ids=[]))
    touched = news[-1][1]
    assert "membership" in touched
    assert folder.contacts.ids_touched(touched) is None, "a membership purged: whose, unknown"


def test_follow_up_rows_touched_by_a_contact_or_referral(folder):
    from networking_folder.domain.model import FollowUp

    maria = folder.contacts.create(Contact(name="Maria"))
    ben = folder.contacts.create(Contact(name="Ben"))
    ana = folder.contacts.create(Contact(name="Ana"))
    to_ben = folder.referrals.create(Referral(Direction.GIVEN, maria, ben, dt.date(2026, 11, 2)))
    about_ben = {r.id for r in folder.follow_ups.rows(referral_id=to_ben)}
    assert about_ben, "a referral given brings its follow-ups"
    call_ana = folder.follow_ups.create(FollowUp("Call Ana", dt.date(2026, 11, 30), contact_id=ana))
    uuid = folder.uuids
    assert folder.follow_ups.ids_touched({"follow_up": {uuid("follow_up", [call_ana])[call_ana]}}) == {call_ana}
    assert folder.follow_ups.ids_touched({"contact": {uuid("contact", [ana])[ana]}}) == {call_ana}
    # Ben's name is in his referral's follow-ups (the referral is about him).
    assert folder.follow_ups.ids_touched({"contact": {uuid("contact", [ben])[ben]}}) == about_ben
    assert folder.follow_ups.ids_touched({"referral": {uuid("referral", [to_ben])[to_ben]}}) == about_ben
    assert folder.follow_ups.ids_touched({"note": {"whatever"}}) == set()
    gone = uuid("follow_up", [call_ana])[call_ana]
    folder.trash.set_retention_years(0)  # (kept for none: emptying the trash purges it)
    folder.follow_ups.delete([call_ana])
    folder.trash.empty()
    assert folder.follow_ups.ids_touched({"follow_up": {gone}}) is None, "purged: no row to name"
