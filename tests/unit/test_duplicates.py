"""Finding the same person twice (shared keys, then alike names) and merging the two on the
user's yes: everything moves, the richer values stay, and it is one step to undo."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Contact, Direction, FollowUp, Group, Note, Referral
from networking_folder.domain.validation import ValidationError
from networking_folder.services import duplicates
from networking_folder.services.folder import Folder
from networking_folder.store.changelog import UNLOGGED_SETTINGS
from networking_folder.store.migrations import RECORD_TABLES

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def us(folder):
    folder.settings.set("calendar.country", "US")
    return folder


def add(folder, name: str, **fields) -> int:
    return folder.contacts.create(Contact(name=name, **fields))


def pairs_of(folder, **kwargs) -> list[tuple[str, str, str]]:
    return [(p.a.name, p.b.name, p.reason) for p in duplicates.find_pairs(folder, **kwargs)]


def everything(folder) -> dict[str, list]:
    """Every row of every record table, and the contacts' search index: what an undo must
    bring back. A membership's row id is left out: it is this file's own number, and a
    membership taken out and put back gets a new one (its UUID stays)."""
    conn = folder.db.connection()
    rows = {}
    for table in RECORD_TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        if table == "membership":
            columns.remove("id")
        found = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        if table == "setting":  # (counters are bookkeeping, not the user's data)
            found = [row for row in found if row[columns.index("key")] not in UNLOGGED_SETTINGS]
        rows[table] = sorted(found, key=repr)
    rows["search_contact"] = conn.execute(
        "SELECT rowid, title, body FROM search_contact ORDER BY rowid"
    ).fetchall()
    return rows


# -- exact keys --------------------------------------------------------------------------------
def test_the_same_email_in_any_case_makes_a_pair(us):
    add(us, "Ann Lee", emails=["ann@x.example"])
    add(us, "Annie Leigh", emails=["ANN@X.example"])
    add(us, "Bob Stone", emails=["bob@x.example"])
    assert pairs_of(us) == [("Ann Lee", "Annie Leigh", "same email ann@x.example")]
    (pair,) = duplicates.find_pairs(us)
    assert (pair.exact, pair.score) == (True, 100)


def test_one_phone_number_written_two_ways_makes_a_pair(us):
    add(us, "Ann Lee", phones=["(202) 555-0143"])
    add(us, "A. Leigh", phones=["+1 202 555 0143"])
    add(us, "Bob Stone", phones=["(202) 555-0144"])  # (the same last digits but one)
    assert pairs_of(us) == [("Ann Lee", "A. Leigh", "same phone (202) 555-0143")]


def test_a_phone_with_an_extension_is_the_same_line(us):
    add(us, "Ann Lee", phones=["202-555-0143 ext. 12"])
    add(us, "Reception", phones=["+12025550143"])
    assert [p.reason for p in duplicates.find_pairs(us)] == ["same phone 202-555-0143 ext. 12"]


def test_a_local_number_kept_as_written_pairs_with_its_other_spellings(us):
    # (As an import keeps a number with no area code; an extension is the same line.)
    add(us, "Ann Lee", phones=["555-0143"])
    add(us, "A. Lee-Smith", phones=["555 0143"])
    add(us, "Bo Chan", phones=["555-0199"])
    add(us, "B. Chan-Wu", phones=["555-0199 ext. 4"])
    add(us, "Cy Young", phones=["(202) 555-0199"])  # the same digits with an area code: another line
    assert [(a, b) for a, b, _ in pairs_of(us)] == [("Ann Lee", "A. Lee-Smith"), ("Bo Chan", "B. Chan-Wu")]


def test_one_linkedin_profile_however_written_makes_a_pair(us):
    add(us, "Ann Lee", linkedin="https://www.linkedin.com/in/AnnLee/")
    add(us, "Ann (LinkedIn)", linkedin="uk.linkedin.com/in/annlee?trk=profile")
    add(us, "A. L.", website="http://linkedin.com/in/annlee")
    add(us, "Someone else", linkedin="https://www.linkedin.com/in/annleeson")
    reasons = {(a, b): why for a, b, why in pairs_of(us)}
    assert reasons == {
        ("Ann Lee", "Ann (LinkedIn)"): "same LinkedIn profile https://www.linkedin.com/in/AnnLee/",
        ("Ann Lee", "A. L."): "same LinkedIn profile https://www.linkedin.com/in/AnnLee/",
        ("Ann (LinkedIn)", "A. L."): "same LinkedIn profile uk.linkedin.com/in/annlee?trk=profile",
    }


def test_a_pair_sharing_several_keys_is_listed_once_with_each_of_them(us):
    add(us, "Ann Lee", emails=["ann@x.example"], phones=["(202) 555-0143"])
    add(us, "Ann Lee", emails=["ann@x.example"], phones=["202.555.0143"])
    assert pairs_of(us) == [
        ("Ann Lee", "Ann Lee", "same email ann@x.example and same phone (202) 555-0143")
    ]


def test_a_switchboard_shared_by_many_pairs_no_one(us):
    for name in ("Ann Lee", "Bob Stone", "Cy Young", "Dee Ray", "Eve Hart", "Flo Kent"):
        add(us, name, phones=["(202) 555-0100"])
    assert duplicates.find_pairs(us) == []
    add(us, "Gus Park", phones=["(202) 555-0199"])
    add(us, "Gus Parker", phones=["(202) 555-0199"])  # a household: two share a line
    assert pairs_of(us) == [("Gus Park", "Gus Parker", "same phone (202) 555-0199")]


def test_contacts_in_the_trash_are_not_paired(us):
    add(us, "Ann Lee", emails=["ann@x.example"])
    gone = add(us, "Ann Lee", emails=["ann@x.example"])
    us.contacts.delete([gone])
    assert duplicates.find_pairs(us) == []


# -- alike names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("Jon Smith", "John Smith CFP®", "similar names"),
        ("John Smith", "Smith, John", "same name"),
        ("Dr. Zoë Müller, PhD", "Zoe Muller", "same name"),
        ("Mary O'Brien, ChFC, CLU", "Mrs. Mary OBrien", "same name"),
        ("John Smith Jr.", "John Smith", "same name"),
        ("Bob Jones", "Robert Jones, CPA", "similar names"),
        ("Jhon Smith", "John Smith", "similar names"),  # two letters swapped
        ("John Smith", "John Smyth", "similar names"),
        ("Patricia Davis", "Patrica Davis", "similar names"),
        ("John A. Smith", "John Smith", "similar names"),
        ("Kathy Gonzalez", "Katherine Gonzalez", "similar names"),
    ],
)
def test_alike_names_are_suggested(folder, first, second, reason):
    add(folder, first)
    add(folder, second)
    (pair,) = duplicates.find_pairs(folder)
    assert (pair.a.name, pair.b.name, pair.reason, pair.exact) == (first, second, reason, False)
    assert 80 <= pair.score <= 100


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("John Smith", "Jane Smith"),
        ("Mary White", "Mark White"),  # one letter, but a short name: another name
        ("Donald Davis", "Ronald Davis"),  # another first letter
        ("Maria Fernandez", "Maria Hernandez"),
        ("Ann Lee", "Dan Lee"),
        ("Michael Martin", "Michelle Martin"),
        ("Jennifer Martin", "Jennifer Martinez"),  # two letters more: another family
        ("John Ross", "John Rose"),
        ("John A. Smith", "John B. Smith"),  # the middle names say they differ
        ("Peter Roberts", "Robert Peters"),
        ("Ann", "Ann Lee"),
    ],
)
def test_different_names_are_not_suggested(folder, first, second):
    add(folder, first)
    add(folder, second)
    assert duplicates.find_pairs(folder) == []


def test_pairs_by_key_come_first_then_names_best_first(us):
    add(us, "John Smith", company="Acme")
    add(us, "Jon Smith", company="ACME")
    add(us, "Ann Lee", emails=["ann@x.example"])
    add(us, "Zed Ray", emails=["ann@x.example"])
    add(us, "Mary Stone")
    add(us, "Mary Stone", company="Globex")
    assert pairs_of(us) == [
        ("Ann Lee", "Zed Ray", "same email ann@x.example"),
        ("Mary Stone", "Mary Stone", "same name"),
        ("John Smith", "Jon Smith", "similar names, both at Acme"),
    ]
    assert [p.score for p in duplicates.find_pairs(us)][:2] == [100, 100]
    assert pairs_of(us, limit=2) == pairs_of(us)[:2]


def test_a_pair_by_key_and_by_name_is_listed_once(us):
    add(us, "Ann Lee", emails=["ann@x.example"])
    add(us, "Ann Lee", emails=["ann@x.example"])
    assert pairs_of(us) == [("Ann Lee", "Ann Lee", "same email ann@x.example")]


def test_dismissed_pairs_stay_dismissed_and_dismissing_is_undone(us, tmp_path):
    ann = add(us, "Ann Lee", emails=["ann@x.example"])
    annie = add(us, "Ann Lee", emails=["ann@x.example"])
    jon = add(us, "Jon Smith")
    john = add(us, "John Smith")
    first = duplicates.dismiss(us, annie, ann)  # (either way round)
    second = duplicates.dismiss(us, jon, john)
    assert duplicates.find_pairs(us) == []
    us.close()
    again = Folder.open(tmp_path / "folder")  # remembered in the folder itself
    try:
        assert duplicates.find_pairs(again) == []
        first.folder = second.folder = again
        second.undo()  # (newest first, as the window's undo goes)
        assert [p.ids for p in duplicates.find_pairs(again)] == [(jon, john)]
        first.undo()
        assert [p.ids for p in duplicates.find_pairs(again)] == [(ann, annie), (jon, john)]
        first.redo()
        assert [p.ids for p in duplicates.find_pairs(again)] == [(jon, john)]
    finally:
        again.close()


def test_names_are_scored_only_against_those_of_the_same_initials(folder, monkeypatch):
    """What keeps 10,000 contacts fast: no block here holds two names, so none is scored."""
    from rapidfuzz import process

    seen = []
    real = process.cdist

    def counting(queries, choices, **kwargs):
        seen.append(len(queries) * len(choices))
        return real(queries, choices, **kwargs)

    monkeypatch.setattr(process, "cdist", counting)
    for n, given in enumerate(("Ann", "Bob", "Cy", "Dee", "Eve", "Flo", "Gus", "Hal")):
        for family in ("Lee", "Stone", "Young", "Ray", "Hart", "Kent", "Park", "Ng"):
            add(folder, f"{given} {family}{n}")
    assert duplicates.find_pairs(folder) == []
    assert sum(seen) < 64 * 64 / 10


# -- the merge ---------------------------------------------------------------------------------
@pytest.fixture
def twice(us):
    """Ann Lee, entered twice, with referrals, notes, follow-ups and groups on both."""
    bni = us.groups.create(Group("BNI Downtown"))
    chamber = us.groups.create(Group("Chamber"))
    ann = add(us, "Ann Lee", company="Acme", phones=["(202) 555-0143"],
              emails=["ann@acme.example"], tags=["golf"], notes="Likes golf.", rapport=4,
              how_met="BNI visitor day", met_on=dt.date(2026, 1, 5), is_partner=True,
              group_ids=[bni])  # fmt: skip
    other = add(us, "Ann Lee, CFP®", company="Acme Inc.", profession="Planner",
                phones=["+1 202 555 0143", "(202) 555-0199"],
                emails=["ANN@acme.example", "ann@home.example"], tags=["Golf", "chamber"],
                notes="Two kids.", rapport=5, how_met="Chamber mixer", cadence_days=30,
                ask="Dentists", linkedin="https://www.linkedin.com/in/annlee",
                group_ids=[bni, chamber])  # fmt: skip
    cy = add(us, "Cy Young")
    dee = add(us, "Dee Ray", is_partner=True)
    given = us.referrals.create(Referral(Direction.GIVEN, other, cy, DAY, need="A will"))
    received = us.referrals.create(Referral(Direction.RECEIVED, dee, other, DAY, need="A plan"))
    theirs = us.referrals.create(Referral(Direction.GIVEN, ann, dee, DAY, need="IT help"))
    note = us.notes.create(Note("Coffee at the fair", contact_id=other))
    follow_up = us.follow_ups.create(FollowUp("Send the brochure", DAY, contact_id=other))
    ids = dict(ann=ann, other=other, cy=cy, dee=dee, given=given, received=received,
               theirs=theirs, note=note, follow_up=follow_up, bni=bni, chamber=chamber)  # fmt: skip
    return us, ids


def test_the_preview_keeps_the_richer_values_and_asks_where_both_differ(twice):
    us, ids = twice
    preview = duplicates.merge_preview(us, ids["ann"], ids["other"])
    values = preview.values
    assert values["name"] == "Ann Lee, CFP®"  # holds "Ann Lee": the richer
    assert values["company"] == "Acme Inc."
    assert values["profession"] == "Planner"  # only one has it
    assert values["phones"] == ["(202) 555-0143", "(202) 555-0199"]  # one number once
    assert values["emails"] == ["ann@acme.example", "ann@home.example"]
    assert values["tags"] == ["golf", "chamber"]
    assert values["notes"] == "Likes golf.\n\nTwo kids."
    assert values["met_on"] == dt.date(2026, 1, 5)
    assert values["cadence_days"] == 30
    assert values["is_partner"] is True
    assert values["ask"] == "Dentists"
    assert values["ask_set_on"] == us.contacts.get(ids["other"]).ask_set_on
    assert [(c.field, c.kept_text, c.other_text) for c in preview.conflicts] == [
        ("how_met", "BNI visitor day", "Chamber mixer"),
        ("rapport", "4 of 5", "5 of 5"),
    ]
    # Live referrals naming the other (as partner or prospect, and the R1 follow-up the
    # received one made); groups: BNI is both's, so only the Chamber is new.
    assert (preview.referrals, preview.notes, preview.memberships) == (2, 1, 1)
    assert preview.follow_ups == len(
        us.query("SELECT id FROM follow_up WHERE contact_id = ? AND deleted_at IS NULL",
                 (ids["other"],))  # fmt: skip
    ) >= 2
    assert preview.problem == ""
    with pytest.raises(ValidationError) as undecided:
        preview.result({"how_met": "other"})
    assert undecided.value.field == "rapport"


def test_merge_moves_everything_keeps_the_richer_values_and_trashes_the_other(twice):
    us, ids = twice
    ann, other = ids["ann"], ids["other"]
    moving = us.query("SELECT id FROM follow_up WHERE contact_id = ?", (other,))
    duplicates.merge(us, ann, other, {"how_met": "keep", "rapport": "other"})
    kept = us.contacts.get(ann)
    assert (kept.name, kept.company, kept.profession) == ("Ann Lee, CFP®", "Acme Inc.", "Planner")
    assert kept.phones == ["(202) 555-0143", "(202) 555-0199"]
    assert kept.emails == ["ann@acme.example", "ann@home.example"]
    assert (kept.how_met, kept.rapport, kept.cadence_days) == ("BNI visitor day", 5, 30)
    assert (kept.ask, kept.linkedin, kept.is_partner) == ("Dentists", "https://www.linkedin.com/in/annlee", True)
    assert kept.group_ids == sorted([ids["bni"], ids["chamber"]])
    assert us.referrals.get(ids["given"]).partner_id == ann
    assert us.referrals.get(ids["received"]).prospect_id == ann
    assert us.referrals.get(ids["theirs"]).partner_id == ann
    assert [n.id for n in us.notes.for_contact(ann)] == [ids["note"]]
    assert {row[0] for row in moving} <= {
        row[0] for row in us.query("SELECT id FROM follow_up WHERE contact_id = ?", (ann,))
    }
    for table, column in (("referral", "referrer_id"), ("referral", "recipient_id"),
                          ("referral", "prospect_id"), ("note", "contact_id"),
                          ("follow_up", "contact_id"), ("membership", "contact_id")):  # fmt: skip
        assert us.query(f"SELECT count(*) FROM {table} WHERE {column} = ?", (other,)) == [(0,)]
    # The other is in the trash (a batch of its own), not gone, and pairs with no one.
    assert [r.id for r in us.contacts.rows()] == [ann, ids["cy"], ids["dee"]]
    assert us.trash.batches()[0].summary == "Ann Lee, CFP®"
    assert duplicates.find_pairs(us) == []


def test_undo_brings_back_every_row_exactly_and_redo_does_it_again(twice):
    us, ids = twice
    before = everything(us)
    step = duplicates.merge(us, ids["ann"], ids["other"], {"how_met": "other", "rapport": "keep"})
    merged = everything(us)
    assert merged != before
    step.undo()
    assert everything(us) == before
    step.redo()
    assert everything(us) == merged
    step.undo()
    assert everything(us) == before


def test_a_merge_is_one_step_taken_only_on_a_decision_for_each_conflict(twice):
    us, ids = twice
    before = everything(us)
    with pytest.raises(ValidationError) as undecided:
        duplicates.merge(us, ids["ann"], ids["other"], {"rapport": "keep"})
    assert "how you met" in undecided.value.message
    with pytest.raises(ValueError):
        duplicates.merge(us, ids["ann"], ids["other"], {"rapport": "both"})
    assert everything(us) == before


def test_a_referral_between_the_two_refuses_the_merge_before_anything_is_written(twice):
    us, ids = twice
    log = us.query("SELECT count(*) FROM change_log")
    before = everything(us)
    # You referred Cy to (the other) Ann: were Cy Ann, she would be referred to herself.
    preview = duplicates.merge_preview(us, ids["cy"], ids["other"])
    assert preview.problem == (
        "They cannot be merged: on Mon 2 Mar 2026 you referred Cy Young to Ann Lee, CFP®, and "
        "as one person they would be referred to themselves. Change that referral's partner or "
        "prospect first, or delete it."
    )
    with pytest.raises(ValidationError, match="Dee Ray referred Ann Lee, CFP® to you"):
        duplicates.merge(us, ids["other"], ids["dee"])
    with pytest.raises(ValidationError, match="you referred Dee Ray to Ann Lee"):
        duplicates.merge(us, ids["dee"], ids["ann"])
    assert everything(us) == before
    assert us.query("SELECT count(*) FROM change_log") == log


def test_a_referral_in_the_trash_between_the_two_refuses_too(twice):
    us, ids = twice
    us.referrals.delete([ids["theirs"]])  # Ann gave Dee a referral: now in the trash
    with pytest.raises(ValidationError, match="in the trash"):
        duplicates.merge(us, ids["ann"], ids["dee"])


def test_no_merge_with_oneself_with_the_trash_or_with_no_one(twice):
    us, ids = twice
    ann = ids["ann"]
    with pytest.raises(ValidationError, match="themselves"):
        duplicates.merge(us, ann, ann)
    us.contacts.delete([ids["cy"]])
    with pytest.raises(ValidationError, match="Cy Young is in the trash"):
        duplicates.merge(us, ann, ids["cy"])
    with pytest.raises(ValidationError, match="no longer in the folder"):
        duplicates.merge_preview(us, 999, ann)


def test_a_follow_up_the_rules_made_for_both_is_asked_once_after_the_merge(twice):
    us, ids = twice
    ann, other = ids["ann"], ids["other"]
    us.apply_daily_rules(dt.date.today() + dt.timedelta(days=400))  # out of touch by then

    def reconnects(state: str) -> list[tuple]:
        return us.query(
            "SELECT contact_id, outcome FROM follow_up WHERE kind = 'reconnect' AND state = ?"
            " AND contact_id IN (?, ?) AND deleted_at IS NULL ORDER BY id",
            (state, ann, other),
        )

    assert [row[0] for row in reconnects("open")] == [ann, other]
    # The other's was due first (snoozed to sooner): it is the one that stays.
    with us.transaction():
        us.db.execute_sql("UPDATE follow_up SET due = date(due, '-3 days') WHERE contact_id = ?"
                          " AND kind = 'reconnect'", (other,))  # fmt: skip
    (sooner,) = us.query("SELECT id FROM follow_up WHERE contact_id = ? AND kind = 'reconnect'",
                         (other,))  # fmt: skip
    step = duplicates.merge(us, ann, other, {"how_met": "keep", "rapport": "keep"})
    assert [row[0] for row in reconnects("open")] == [ann]
    assert us.follow_ups.get(sooner[0]).state.value == "open"
    ((contact, outcome),) = reconnects("cancelled")
    assert contact == ann and "merged into Ann Lee, CFP®" in outcome
    # The follow-up one of them was given by hand stays open: it may be a different errand.
    assert us.follow_ups.get(ids["follow_up"]).state.value == "open"
    step.undo()
    assert [row[0] for row in reconnects("open")] == [ann, other]
    assert reconnects("cancelled") == []


def test_a_note_being_written_about_the_other_is_about_the_kept_one_after_the_merge(twice):
    from networking_folder.domain.model import Draft

    us, ids = twice
    draft_id = us.drafts.save(Draft(body="Called her about the plan", contact_id=ids["other"]))
    duplicates.merge(us, ids["ann"], ids["other"], {"how_met": "keep", "rapport": "keep"})
    (draft,) = us.drafts.all()
    assert (draft.id, draft.contact_id, draft.body) == (draft_id, ids["ann"], "Called her about the plan")
