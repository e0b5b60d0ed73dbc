"""The promoter register's records (issue 14): items given to promoters, their agreements and
their referrals' disclosures, kept through the services like any record: checked, logged,
trashed with the person or the referral, kept inside the retention window, merged."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, Referral
from networking_folder.domain.promoters import Compensation
from networking_folder.domain.validation import ValidationError
from networking_folder.services import duplicates
from networking_folder.services.promoters import PromoterFacts
from networking_folder.services.trash import years_after
from networking_folder.store import changelog
from tests.unit.test_retention import last_changed

TODAY = dt.date.today()


@pytest.fixture
def register(folder):
    """Rosa referred Tom (disclosed) and Uma (not); she was given a fee for Tom, a gift for
    Uma, and a dinner for no referral in particular."""
    rosa = folder.contacts.create(Contact(name="Rosa Diaz", is_partner=True))
    tom = folder.contacts.create(Contact(name="Tom Baker"))
    uma = folder.contacts.create(Contact(name="Uma Patel"))
    day = TODAY - dt.timedelta(days=20)
    for_tom = folder.referrals.create(Referral(Direction.RECEIVED, rosa, tom, day))
    for_uma = folder.referrals.create(Referral(Direction.RECEIVED, rosa, uma, day))
    folder.promoters.disclose(for_tom, day, "In writing")
    items = [
        folder.promoters.add(Compensation(day, 80_000, "Referral fee", True, for_tom, promoter_id=rosa)),
        folder.promoters.add(Compensation(day, 30_000, "Concert tickets", False, for_uma, promoter_id=rosa)),
        folder.promoters.add(Compensation(TODAY, 5_000, "Dinner", promoter_id=rosa)),
    ]  # fmt: skip
    return folder, dict(rosa=rosa, tom=tom, uma=uma, for_tom=for_tom, for_uma=for_uma, items=items)


def kinds(folder, day=TODAY) -> list[str]:
    return [w.warning.kind for w in folder.promoters.warnings(day)]


def test_the_register_sums_up_and_warns_as_the_rules_say(register):
    folder, ids = register
    (entry,) = folder.promoters.register(TODAY)
    assert entry.name == "Rosa Diaz" and entry.total_cents == 115_000 and entry.over_threshold
    assert (len(entry.referrals), entry.disclosed) == (2, 1)
    assert [w.kind for w in entry.warnings] == ["undisclosed", "no_agreement"]
    assert entry.warnings[0].referral_id == ids["for_uma"]
    # The home page's quick reading says the same.
    assert [w.warning for w in folder.promoters.warnings(TODAY)] == entry.warnings
    # Each cause fixed, its warning goes.
    folder.promoters.disclose(ids["for_uma"], TODAY, "By email")
    assert kinds(folder) == ["no_agreement"]
    folder.promoters.set_facts(PromoterFacts(ids["rosa"], True, TODAY, "Binder"))
    assert kinds(folder) == []
    # A higher threshold, and no agreement: no warning either.
    folder.promoters.set_facts(PromoterFacts(ids["rosa"], True))
    folder.promoters.set_threshold_cents(200_000)
    assert kinds(folder) == []


def test_every_change_is_logged_and_the_log_stays_whole(register):
    folder, ids = register
    logged = folder.query(
        "SELECT count(*) FROM change_log WHERE tbl = 'compensation' AND field = ?",
        (changelog.CREATED,),
    )[0][0]
    assert logged == 3
    assert changelog.verify(folder.db.connection()) == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (dict(description="  "), "description", "Say what it was"),
        (dict(value_cents=-1), "value", "cannot be negative"),
        (dict(given_on=dt.date(1850, 1, 1)), "given_on", "between 1900 and 2199"),
        (dict(referral_id="tom"), "referral", "one of the referrals this person gave you"),
        (dict(promoter_id=None), "promoter", "Whom was it given to?"),
    ],
)
def test_an_item_that_cannot_be_is_refused_where_it_was_typed(register, change, field, words):
    folder, ids = register
    values = dict(given_on=TODAY, value_cents=1_000, description="Lunch", promoter_id=ids["rosa"])
    values.update(change)
    if values.get("referral_id") == "tom":  # a referral, but not one Rosa gave you
        other = folder.contacts.create(Contact(name="Vic"))
        values["referral_id"] = folder.referrals.create(
            Referral(Direction.RECEIVED, other, ids["tom"], TODAY)
        )
    before = folder.query("SELECT count(*) FROM compensation")[0][0]
    with pytest.raises(ValidationError) as refused:
        folder.promoters.add(Compensation(**values))
    assert refused.value.field == field and words in refused.value.message
    assert folder.query("SELECT count(*) FROM compensation")[0][0] == before


def test_an_agreement_needs_its_day_and_cannot_be_signed_later_than_today(register):
    folder, ids = register
    with pytest.raises(ValidationError, match="On what day"):
        folder.promoters.set_facts(PromoterFacts(ids["rosa"], None, None, "Binder"))
    with pytest.raises(ValidationError, match="cannot be later than today"):
        folder.promoters.set_facts(PromoterFacts(ids["rosa"], None, TODAY + dt.timedelta(days=1)))
    assert folder.promoters.facts(ids["rosa"]) == PromoterFacts(ids["rosa"])


def test_a_person_deleted_takes_their_items_to_the_trash_and_restore_brings_them_back(register):
    folder, ids = register
    batch = folder.contacts.delete([ids["rosa"]])
    assert folder.promoters.register(TODAY) == [] and folder.promoters.warnings(TODAY) == []
    (trashed,) = folder.trash.batches()
    assert trashed.compensation == 3 and trashed.referrals == 2
    folder.trash.restore(batch)
    assert len(folder.promoters.entry(ids["rosa"], TODAY).items) == 3


def test_a_referral_deleted_takes_the_items_for_it_along(register):
    folder, ids = register
    folder.referrals.delete([ids["for_uma"]])
    items = folder.promoters.entry(ids["rosa"], TODAY).items
    assert [i.description for i in items] == ["Referral fee", "Dinner"]
    assert kinds(folder) == []  # 800 + 50 given now: under the threshold, all disclosed


@pytest.mark.parametrize(("days_inside", "kept"), [(1, True), (0, False)])
def test_inside_the_retention_window_an_item_and_its_promoter_stay_in_the_trash(
    register, days_inside, kept
):
    folder, ids = register
    later = dt.date(2040, 1, 1)
    folder.promoters.delete([ids["items"][2]])  # the dinner, for no referral
    changed = years_after(later, -5) + dt.timedelta(days=days_inside)
    last_changed(folder, "compensation", ids["items"][2], changed)
    held = folder.trash.held(later)
    folder.trash.empty(later)
    left = folder.query("SELECT count(*) FROM compensation")[0][0]
    assert left == (3 if kept else 2)
    assert held.compensation == (1 if kept else 0)
    if kept:
        assert held.first_removable == later + dt.timedelta(days=1)


def test_emptying_never_removes_a_promoter_or_a_referral_an_item_still_names(register):
    folder, ids = register
    folder.trash.set_retention_years(0)
    folder.contacts.delete([ids["rosa"]])
    folder.trash.empty()  # nothing kept by the years: all of it goes, items first
    assert folder.query("SELECT count(*) FROM compensation")[0][0] == 0
    assert folder.query("SELECT count(*) FROM contact WHERE id = ?", (ids["rosa"],))[0][0] == 0
    # The log keeps the record that they went.
    purged = folder.query(
        "SELECT count(*) FROM change_log WHERE tbl = 'compensation' AND field = ?",
        (changelog.PURGED,),
    )[0][0]
    assert purged == 3


def test_merging_two_records_of_a_promoter_keeps_every_item_and_the_agreement(register):
    folder, ids = register
    twin = folder.contacts.create(Contact(name="Rosa Díaz"))
    folder.promoters.add(Compensation(TODAY, 2_000, "Flowers", promoter_id=twin))
    folder.promoters.set_facts(PromoterFacts(twin, False, TODAY - dt.timedelta(days=3), "Binder B"))
    duplicates.merge(folder, ids["rosa"], twin, {"name": "keep"})
    entry = folder.promoters.entry(ids["rosa"], TODAY)
    assert len(entry.items) == 4
    assert entry.facts == PromoterFacts(ids["rosa"], False, TODAY - dt.timedelta(days=3), "Binder B")


def test_a_referral_given_a_new_referrer_takes_what_was_given_for_it_along(register):
    folder, ids = register
    bob = folder.contacts.create(Contact(name="Bob Chen"))
    moved = folder.referrals.get(ids["for_uma"])
    moved.partner_id = bob
    folder.referrals.update(moved)
    (item,) = folder.promoters.entry(bob, TODAY).items
    assert item.description == "Concert tickets" and item.referral_id == ids["for_uma"]
    assert [i.description for i in folder.promoters.entry(ids["rosa"], TODAY).items] == [
        "Referral fee", "Dinner",
    ]
    # The two ways the warnings are read agree (the window's page and its home page).
    by_register = [w for e in folder.promoters.register(TODAY) for w in e.warnings]
    assert by_register == [w.warning for w in folder.promoters.warnings(TODAY)]


def test_a_disclosure_cannot_be_recorded_before_it_was_given(register):
    folder, ids = register
    referral = folder.referrals.get(ids["for_uma"])
    referral.fee_disclosed_on = TODAY + dt.timedelta(days=30)
    with pytest.raises(ValidationError, match="cannot be later than today") as refused:
        folder.referrals.update(referral)
    assert refused.value.field == "fee_disclosed_on"
    with pytest.raises(ValidationError, match="cannot be later than today"):
        folder.promoters.disclose(ids["for_uma"], TODAY + dt.timedelta(days=1))
    assert "undisclosed" in kinds(folder)


def test_a_merge_keeps_what_the_other_had_on_file_in_the_notes(register):
    folder, ids = register
    folder.promoters.set_facts(PromoterFacts(ids["rosa"], True, TODAY, "Cabinet"))
    twin = folder.contacts.create(Contact(name="Rosa Diaz"))
    folder.promoters.set_facts(PromoterFacts(twin, False, TODAY - dt.timedelta(days=10), "Binder B"))
    preview = duplicates.merge_preview(folder, ids["rosa"], twin)
    duplicates.merge(folder, ids["rosa"], twin, {c.field: "keep" for c in preview.conflicts})
    rosa = folder.contacts.get(ids["rosa"])
    assert folder.promoters.facts(ids["rosa"]) == PromoterFacts(ids["rosa"], True, TODAY, "Cabinet")
    assert ", kept at Binder B was on file for Rosa Diaz too (merged)." in rosa.notes
    assert "Rosa Diaz was recorded as not your client (merged)." in rosa.notes


def test_deleting_a_promoter_says_their_items_go_too_and_the_csv_export_has_them(register, tmp_path):
    import csv

    from networking_folder.services.export import export_csv

    folder, ids = register
    assert folder.contacts.delete_impact([ids["rosa"]]).compensation == 3
    counts = export_csv(folder, tmp_path / "tables")
    assert counts["compensation"] == 3
    with open(tmp_path / "tables" / "compensation.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["description"], r["value_cents"], r["cash"]) for r in rows] == [
        ("Referral fee", "80000", "yes"), ("Concert tickets", "30000", "no"), ("Dinner", "5000", "no"),
    ]


def test_an_archive_made_before_the_register_brings_its_fees_in_as_items(register, tmp_path):
    import json

    from networking_folder.services import Folder
    from networking_folder.services.archive import plan_archive
    from networking_folder.services.export import export_json

    folder, ids = register
    export_json(folder, tmp_path / "a.json")
    archive = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    archive["schema"] = 8  # as a version-8 folder wrote it: fees on received referrals
    del archive["records"]["compensation"]
    uma = folder.uuids("referral", [ids["for_uma"]])[ids["for_uma"]]
    for row in archive["records"]["referral"]:
        for name in ("disclosed_how",):
            row.pop(name, None)
        if row["uuid"] == uma:
            row["fee_kind"], row["fee_description"] = "gift", "Concert tickets, $300"
    old = json.dumps(archive).encode()
    with Folder.open(tmp_path / "other") as other:
        plan = plan_archive(other, old, "a.json")
        assert plan.new["compensation"] == 1
        with other.transaction():
            other.apply(plan.operations)
        (item,) = [i for e in other.promoters.register(TODAY) for i in e.items]
        assert (item.description, item.value_cents) == ("Concert tickets, $300", 30_000)
        assert other.query("SELECT DISTINCT fee_kind FROM referral") == [("none",)]
        # The same archive again adds nothing: the item's UUID comes from its referral's.
        assert "compensation" not in plan_archive(other, old, "a.json").new
