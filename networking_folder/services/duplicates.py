"""Finding the same person twice in the folder, and merging the two on the user's yes.

``find_pairs`` lists pairs to review: first those that share an exact key (an email, a phone
number in its E.164 spelling, a LinkedIn profile), then those whose names look alike once
credentials, titles, accents and punctuation are set aside. Pairs the user said are different
people (``dismiss``) are remembered in the folder and not suggested again.

``merge_preview`` says what a merge would do; ``merge`` does it in one transaction, recorded
as one step to undo: everything that names the other contact names the kept one, the kept one
takes the richer value of each field (the user chooses where both hold different values), and
the other goes to the trash.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from networking_folder.domain.model import CONTACT_FIELD_LABELS, FollowUpKind, FollowUpState
from networking_folder.domain.text import day_words, fold, in_words, sort_key
from networking_folder.domain.validation import PhoneNumbers, ValidationError
from networking_folder.interop.cards import linkedin_key
from networking_folder.services.contacts import ContactChoice
from networking_folder.services.steps import RecordedStep
from networking_folder.store import changelog
from networking_folder.store.records import (
    ALL_RECORDS,
    ContactRecord,
    FollowUpRecord,
    MembershipRecord,
    now,
)
from networking_folder.store.values import as_date

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

NOT_SAME_KEY = "duplicates.not_same"  # setting: [[uuid, uuid], ...] the user said differ
# Two names are suggested as one person when, cleaned (see name_parts), their given names and
# their family names are each the same or one typing slip apart: at most one letter added,
# dropped, changed or swapped (rapidfuzz's OSA distance), never the first one, and, unless two
# letters were swapped, still scoring at least this (fuzz.ratio, 0-100), so that one slip in a
# short name does not make another name. In: Jon/John 86, Jhon/John, Smith/Smyth 80. Out:
# Mary/Mark 75, Ross/Rose 75, Donald/Ronald (the first letter), Martin/Martinez (two letters).
# The whole names' token_sort_ratio at 90, tried first, also paired Mary/Mark White and
# Liam/Lisa Anderson: on benchmarks/duplicates.py's folder it found the same people entered
# twice, with 783 pairs of strangers with similar names against 282 here.
# tests/unit/test_duplicates.py holds these examples.
GIVEN_AT_LEAST = 85
FAMILY_AT_LEAST = 80
# A key held by more people than this is a switchboard or an info@ address, not one person:
# it pairs no one by itself (the names may still do), or one office line would list hundreds.
MAX_SHARED = 5
DEFAULT_LIMIT = 500

# -- names -------------------------------------------------------------------------------------
# Titles, generational suffixes and professional credentials, folded and without dots. Left
# out on purpose: words that are also names ("Ma", "Do", "Ed", "Pa").
_NOT_NAMES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "hon", "sir", "dame",
    "jr", "sr", "ii", "iii", "iv", "esq",
    "cfp", "cpa", "chfc", "clu", "cfa", "caia", "mba", "phd", "md", "dds", "dmd", "jd", "llm",
    "cpwa", "cima", "crpc", "aif", "ricp", "cdfa", "cepa", "aams", "crps", "cltc", "csa", "ea",
    "pe", "pmp", "rn", "cfs", "rhu", "reba", "realtor", "crs", "gri", "abr", "cic", "cpcu",
    "lutcf", "fic", "cfe", "cisa", "cissp",
})  # fmt: skip
# Everyday short forms of given names, to their formal one (only the unambiguous ones).
_NICKNAMES = {
    **dict.fromkeys(("bob", "bobby", "rob", "robbie"), "robert"),
    **dict.fromkeys(("bill", "billy", "will", "willy"), "william"),
    **dict.fromkeys(("jim", "jimmy"), "james"),
    **dict.fromkeys(("mike", "mikey"), "michael"),
    **dict.fromkeys(("rick", "ricky", "rich", "richie", "dick"), "richard"),
    **dict.fromkeys(("steve", "steven", "stevie"), "stephen"),
    **dict.fromkeys(("kate", "katie", "kathy", "cathy", "kathryn", "catherine"), "katherine"),
    **dict.fromkeys(("liz", "lizzie", "beth", "betty"), "elizabeth"),
    **dict.fromkeys(("jen", "jenny"), "jennifer"),
    **dict.fromkeys(("peggy", "maggie", "meg"), "margaret"),
    **dict.fromkeys(("chuck", "charlie"), "charles"),
    **dict.fromkeys(("tom", "tommy"), "thomas"),
    **dict.fromkeys(("joe", "joey"), "joseph"),
    **dict.fromkeys(("dan", "danny"), "daniel"),
    **dict.fromkeys(("andy", "drew"), "andrew"),
    **dict.fromkeys(("ken", "kenny"), "kenneth"),
    **dict.fromkeys(("sue", "susie"), "susan"),
    **dict.fromkeys(("deb", "debbie"), "deborah"),
    "dave": "david", "matt": "matthew", "nick": "nicholas", "tony": "anthony",
    "ben": "benjamin", "greg": "gregory", "jeff": "jeffrey", "larry": "lawrence",
    "becky": "rebecca", "vicky": "victoria", "johnny": "john",
}  # fmt: skip
_JOINERS = re.compile(r"[.'’`]")  # "Ph.D." is one word, "O'Brien" too
_WORDS = re.compile(r"\w+")


def name_words(name: str) -> list[str]:
    """A name's words as compared: folded, without titles or credentials, family name last
    ("Smith, John CFP®" -> ["john", "smith"])."""
    parts = [_WORDS.findall(_JOINERS.sub("", part)) for part in fold(name).split(",")]
    parts = [[w for w in part if w not in _NOT_NAMES] for part in parts]
    parts = [part for part in parts if part]
    if len(parts) == 2:  # "Smith, John": the family name first
        parts.reverse()
    words = [w for part in parts for w in part]
    # Nothing but titles ("Dr. MD"): keep what there is.
    return words or _WORDS.findall(_JOINERS.sub("", fold(name)))


def name_parts(name: str) -> tuple[str, str, str]:
    """(given name in its formal form, the middle names' initials, family name), as names are
    compared: "Bob A. Smith, CFP®" -> ("robert", "a", "smith"); a one-word name is a family
    name with no given name."""
    return _parts(name_words(name))


def _parts(words: list[str]) -> tuple[str, str, str]:
    if len(words) < 2:
        return "", "", "".join(words)
    return _NICKNAMES.get(words[0], words[0]), "".join(w[0] for w in words[1:-1]), words[-1]


def _alike(a: str, b: str, at_least: int) -> bool:
    """The same name, or one typing slip apart (see GIVEN_AT_LEAST). The first letters must
    agree: _similar_names compares only names of the same initials."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA, Levenshtein

    if a == b:
        return True
    if a[:1] != b[:1] or OSA.distance(a, b) > 1:
        return False
    # Two letters swapped ("Jhon", "Mayr") is a slip of the fingers, not another name.
    return Levenshtein.distance(a, b) == 2 or fuzz.ratio(a, b) >= at_least


# -- finding pairs -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two contacts that may be the same person; ``a`` is the older of the two."""

    a: ContactChoice
    b: ContactChoice
    reason: str  # in words: "same email ann@x.com", "similar names"
    score: int  # 100 for a shared key; for names, how alike they are (80 to 100)
    exact: bool  # found by a shared key, not by the names alone

    @property
    def ids(self) -> tuple[int, int]:
        return self.a.id, self.b.id


def find_pairs(folder: Folder, limit: int | None = DEFAULT_LIMIT) -> list[DuplicatePair]:
    """Live contacts that may be the same person: pairs sharing a key first, then pairs of
    similar names, best first; each pair once, and none the user dismissed."""
    people: dict[int, ContactChoice] = {}
    uuids: dict[int, str] = {}
    words: dict[int, list[str]] = {}
    for cid, uuid, name, company in folder.query(
        "SELECT id, uuid, name, company FROM contact WHERE deleted_at IS NULL ORDER BY id"
    ):
        people[cid] = ContactChoice(cid, name, company)
        uuids[cid] = uuid
        words[cid] = name_words(name)
    not_same = dismissed(folder)

    def wanted(a: int, b: int) -> bool:
        return tuple(sorted((uuids[a], uuids[b]))) not in not_same

    shared = _shared_keys(folder)
    pairs = [
        DuplicatePair(people[a], people[b], in_words(said), 100, True)
        for (a, b), said in shared.items()
        if wanted(a, b)
    ]
    pairs.sort(key=lambda p: (sort_key(p.a.name), p.ids))
    fuzzy = [(score, a, b) for score, a, b in _similar_names(words) if (a, b) not in shared]
    fuzzy.sort(key=lambda t: (-round(t[0]), sort_key(people[t[1]].name), t[1], t[2]))
    for score, a, b in fuzzy:
        if limit is not None and len(pairs) >= limit:
            break
        if wanted(a, b):
            same = sorted(words[a]) == sorted(words[b])  # ("Smith, John" is John Smith)
            reason = _name_reason(people[a], people[b], same)
            pairs.append(DuplicatePair(people[a], people[b], reason, round(score), False))
    return pairs if limit is None else pairs[:limit]


_SAID = {"email": "same email", "phone": "same phone", "linkedin": "same LinkedIn profile"}
_NOT_PHONE = re.compile(r"[^\d\s()+\-./]")  # where an extension ("x12", "ext. 12", "#12") starts
_NOT_DIGITS = re.compile(r"\D+")


def _shared_keys(folder: Folder) -> dict[tuple[int, int], list[str]]:
    """Pairs of live contacts (a < b) sharing an email, a phone number or a LinkedIn profile,
    with each kind of key they share in words ("same email ann@x.com")."""
    from networking_folder.services.importer import folder_region

    held: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)  # key: {contact: as written}
    live = "FROM contact c, json_each(c.{}) j WHERE c.deleted_at IS NULL AND j.type = 'text'"
    for cid, email in folder.query(f"SELECT c.id, j.value {live.format('emails')}"):
        held[("email", email.casefold())].setdefault(cid, email)
    # Parsing every number (phonenumbers: ~20 µs each) was most of the time on 10,000
    # contacts. Two spellings of one number end in the same digits (before an extension), so
    # only numbers whose last five digits another contact's number shares are parsed.
    by_tail: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cid, phone in folder.query(f"SELECT c.id, j.value {live.format('phones')}"):
        digits = _NOT_DIGITS.sub("", _NOT_PHONE.split(phone, 1)[0])
        by_tail[digits[-5:]].append((cid, phone))
    phones = PhoneNumbers(folder_region(folder))
    for numbers in by_tail.values():
        if len({cid for cid, _ in numbers}) > 1:
            for cid, phone in numbers:
                key = phones.key(phone)
                if len(key) >= 7:  # (an extension alone says nothing of who it is)
                    held[("phone", key)].setdefault(cid, phone)
    for cid, linkedin, website in folder.query(
        "SELECT id, linkedin, website FROM contact WHERE deleted_at IS NULL"
        " AND (linkedin <> '' OR website LIKE '%linkedin.%')"
    ):
        for url in (linkedin, website):
            if linkedin_key(url):
                held[("linkedin", linkedin_key(url))].setdefault(cid, url)
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    common = [(key, holders) for key, holders in held.items() if len(holders) > 1]
    common.sort(key=lambda item: list(_SAID).index(item[0][0]))  # emails, phones, profiles
    for (kind, _), holders in common:
        if len(holders) > MAX_SHARED:
            continue
        ids = sorted(holders)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                said = reasons[(a, b)]
                if not any(s.startswith(_SAID[kind]) for s in said):
                    said.append(f"{_SAID[kind]} {holders[a]}")
    return reasons


def _similar_names(words: dict[int, list[str]]) -> Iterable[tuple[float, int, int]]:
    """(score, a, b) with a < b for every pair of names alike (see GIVEN_AT_LEAST); the score
    is fuzz.ratio of "given family".

    Not all pairs: each spelling once, and only within a block of the same initials (the
    first letters must agree). There rapidfuzz, in C, keeps the pairs whose "given family"
    scores at least the lower of the two bars: never more than one of the names does, so no
    pair that qualifies is lost. Those few are then checked name by name. (extract_iter, not
    cdist: cdist answers in a numpy array, and numpy is 42 MB the bundle need not carry.)
    """
    from rapidfuzz import fuzz, process

    middles: dict[int, str] = {}
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)  # (given, family): contacts
    for cid, said in words.items():
        given, middles[cid], family = _parts(said)
        by_key[(given, family)].append(cid)

    def pairs(group_a: list[int], group_b: list[int] | None = None):
        for i, a in enumerate(group_a):
            for b in group_a[i + 1 :] if group_b is None else group_b:
                # Middle names, when both have one, start alike ("John A." is not "John B.").
                if not (middles[a] and middles[b]) or middles[a][0] == middles[b][0]:
                    yield min(a, b), max(a, b)

    for ids in by_key.values():  # the same name
        for a, b in pairs(ids):
            yield 100.0, a, b
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for given, family in by_key:
        blocks[(given[:1], family[:1])].append((given, family))
    cutoff = min(GIVEN_AT_LEAST, FAMILY_AT_LEAST)
    for keys in blocks.values():
        if len(keys) < 2:
            continue
        strings = [f"{given} {family}" for given, family in keys]
        for row, string in enumerate(strings[:-1]):
            later = strings[row + 1 :]
            for _, score, offset in process.extract_iter(
                string, later, scorer=fuzz.ratio, score_cutoff=cutoff
            ):
                column = row + 1 + offset
                (given_a, family_a), (given_b, family_b) = keys[row], keys[column]
                if _alike(given_a, given_b, GIVEN_AT_LEAST) and _alike(
                    family_a, family_b, FAMILY_AT_LEAST
                ):
                    for a, b in pairs(by_key[keys[row]], by_key[keys[column]]):
                        yield float(score), a, b


def _name_reason(a: ContactChoice, b: ContactChoice, same: bool) -> str:
    said = "same name" if same else "similar names"
    if a.company and b.company:
        if fold(" ".join(a.company.split())) == fold(" ".join(b.company.split())):
            said += f", both at {a.company}"
        else:
            said += ", different companies"
    return said


def dismissed(folder: Folder) -> set[tuple[str, str]]:
    """The pairs (UUIDs, in order) the user said are different people."""
    return {tuple(sorted(pair)) for pair in folder.settings.get(NOT_SAME_KEY, []) or []}


def dismiss(folder: Folder, a_id: int, b_id: int) -> RecordedStep:
    """Remember that these two are different people (never suggested again); one step to
    undo."""
    from networking_folder.services.folder import Change

    if a_id == b_id:
        raise ValueError("a contact is always the same person as themselves")
    with folder.recording() as recorded, folder.transaction(Change.SETTINGS):
        uuids = folder.uuids("contact", (a_id, b_id))
        if len(uuids) != 2:
            raise ValidationError("merge", "One of these contacts is no longer in the folder.")
        pair = tuple(sorted(uuids.values()))
        known = dismissed(folder)
        if pair not in known:
            folder.settings.set(NOT_SAME_KEY, sorted([list(p) for p in known | {pair}]))
    return RecordedStep(folder, recorded)


# -- the merge -----------------------------------------------------------------------------
FIELD_LABELS = CONTACT_FIELD_LABELS
_TEXTS = ("name", "company", "profession", "address", "website", "linkedin", "how_met",
          "ideal_referral", "ask")  # fmt: skip
_ONE_OF = ("met_on", "rapport", "cadence_days")  # either's, or the user's choice
_COLUMNS = (*FIELD_LABELS, "ask_set_on", "created_at", "is_client", "agreement_on",
            "agreement_kept_at")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field where both contacts hold different values: the user chooses one."""

    field: str
    kept: Any
    other: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def kept_text(self) -> str:
        return shown(self.field, self.kept)

    @property
    def other_text(self) -> str:
        return shown(self.field, self.other)


@dataclass(slots=True)
class MergePreview:
    """What merging ``other`` into ``keep`` would do; nothing is written."""

    keep: ContactChoice
    other: ContactChoice
    values: dict[str, Any]  # every field as merged (a conflict's at the kept contact's value)
    conflicts: list[Conflict]
    referrals: int  # live referrals that name the other contact (partner or prospect)
    notes: int
    follow_ups: int
    memberships: int  # groups the kept contact joins (those both were in stay one)
    problem: str = ""  # why the merge is refused, in words ("" when it can go ahead)
    _rows: tuple[dict, dict] = field(default=({}, {}), repr=False)

    @property
    def before(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Each contact's fields as they are now: the kept one's, then the other's."""
        return self._rows

    def result(self, choices: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The kept contact's fields after the merge, with ``choices`` ({field: "keep" or
        "other"}) deciding the conflicts. ValidationError names a conflict left undecided."""
        choices = dict(choices or {})
        for name, side in choices.items():
            if name not in FIELD_LABELS or side not in ("keep", "other"):
                raise ValueError(f"not a choice: {name}={side!r}")
        values = dict(self.values)
        for c in self.conflicts:
            side = choices.get(c.field)
            if side is None:
                raise ValidationError(
                    c.field,
                    f"Choose which {c.label.lower()} to keep: “{c.kept_text}” or “{c.other_text}”.",
                )
            values[c.field] = c.kept if side == "keep" else c.other
        values["ask_set_on"] = _ask_day(values["ask"], *self._rows)
        return values


def shown(name: str, value: Any) -> str:
    """A field's value as the preview shows it."""
    if value is None or value == "":
        return ""
    if name == "sources":
        return ", ".join(f"{source}: {key}" for source, key in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dt.date):
        return day_words(value)
    if name == "is_partner":
        return "yes" if value else "no"
    if name == "rapport":
        return f"{value} of 5"
    if name == "cadence_days":
        return f"{value} days"
    return str(value)


def merge_preview(folder: Folder, keep_id: int, other_id: int) -> MergePreview:
    """What merging contact ``other_id`` into ``keep_id`` would do. ValidationError when the
    two are one, gone, or in the trash."""
    from networking_folder.services.importer import folder_region

    kept, other = _read(folder, keep_id, other_id)
    values: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for name in _TEXTS:
        a, b = kept[name], other[name]
        if name == "linkedin" and linkedin_key(a) and linkedin_key(a) == linkedin_key(b):
            values[name] = a
        else:
            values[name] = _richer(a, b)
        if values[name] is None:
            values[name] = a
            conflicts.append(Conflict(name, a, b))
    for name in _ONE_OF:
        a, b = kept[name], other[name]
        values[name] = b if a is None else a
        if a is not None and b is not None and a != b:
            conflicts.append(Conflict(name, a, b))
    values["is_partner"] = kept["is_partner"] or other["is_partner"]
    values["notes"] = _joined(kept["notes"], other["notes"])
    phones = PhoneNumbers(folder_region(folder))
    values["phones"] = _union(kept["phones"], other["phones"], phones.key)
    values["emails"] = _union(kept["emails"], other["emails"], str.casefold)
    values["tags"] = _union(kept["tags"], other["tags"], str.casefold)
    values["sources"] = _union(kept["sources"], other["sources"], tuple)
    values["ask_set_on"] = _ask_day(values["ask"], kept, other)
    # The promoter register's facts: the kept one's where recorded, else the other's (an
    # agreement goes with where it is kept).
    # What the other held that differs stays written in the notes: nothing is lost.
    values["is_client"] = other["is_client"] if kept["is_client"] is None else kept["is_client"]
    signed = kept if kept["agreement_on"] else other
    values["agreement_on"] = signed["agreement_on"]
    values["agreement_kept_at"] = signed["agreement_kept_at"]
    also = []
    if other["agreement_on"] and signed is kept and (
        (other["agreement_on"], other["agreement_kept_at"])
        != (kept["agreement_on"], kept["agreement_kept_at"])
    ):
        where = f", kept at {other['agreement_kept_at']}" if other["agreement_kept_at"] else ""
        also.append(f"A written agreement signed {day_words(other['agreement_on'])}{where} "
                    f"was on file for {other['name']} too (merged).")  # fmt: skip
    if None not in (kept["is_client"], other["is_client"]) and kept["is_client"] != other["is_client"]:
        said = "your client" if other["is_client"] else "not your client"
        also.append(f"{other['name']} was recorded as {said} (merged).")
    for line in also:
        values["notes"] = _joined(values["notes"], line)
    # In the folder since the first of them came in.
    values["created_at"] = min(kept["created_at"], other["created_at"])
    return MergePreview(
        ContactChoice(keep_id, kept["name"], kept["company"]),
        ContactChoice(other_id, other["name"], other["company"]),
        values,
        conflicts,
        *_counts(folder, keep_id, other_id),
        problem=_self_referral(folder, kept, other, keep_id, other_id),
        _rows=(kept, other),
    )


def merge(
    folder: Folder, keep_id: int, other_id: int, choices: Mapping[str, str] | None = None
) -> RecordedStep:
    """Merge contact ``other_id`` into ``keep_id`` (one transaction, one step to undo):
    every referral, note, follow-up and membership of the other moves to the kept contact,
    which takes the merged fields (``choices`` deciding each conflict: "keep" or "other");
    the other goes to the trash. Refused (ValidationError, nothing written) for a contact
    and themselves, one in the trash, an undecided conflict, or a referral that would name
    one person as both its partner and its prospect."""
    from networking_folder.services.folder import Change

    with (
        folder.recording() as recorded,
        folder.transaction(Change.CONTACTS, Change.GROUPS, Change.REFERRALS,
                           Change.FOLLOW_UPS, Change.NOTES, Change.REGISTER),  # fmt: skip
    ):
        # Read again inside the write lock: what was previewed may have changed meanwhile.
        preview = merge_preview(folder, keep_id, other_id)
        if preview.problem:
            raise ValidationError("merge", preview.problem)
        values = preview.result(choices)
        _move_references(folder, keep_id, other_id)
        _one_of_each_rule_follow_up(folder, keep_id, values["name"])
        folder.writes.update(ContactRecord, keep_id, **_stored(values), updated_at=now())
        batch = folder.trash.new_batch()
        folder.trash.move(ContactRecord, [other_id], batch)
        # A note being written about the other is about the kept one now (drafts are not
        # records: an undo leaves it with the kept one, where it is still about this person).
        folder.db.execute_sql(
            "UPDATE draft SET contact_id = ? WHERE contact_id = ?", (keep_id, other_id)
        )
    return RecordedStep(folder, recorded)


# -- merging, the parts ----------------------------------------------------------------------
def _read(folder: Folder, keep_id: int, other_id: int) -> tuple[dict, dict]:
    if keep_id == other_id:
        raise ValidationError("merge", "A contact cannot be merged with themselves.")
    rows = {}
    for row in folder.query(
        f"SELECT id, deleted_at, {', '.join(_COLUMNS)} FROM contact WHERE id IN (?, ?)",
        (keep_id, other_id),
    ):
        person = dict(zip(_COLUMNS, row[2:], strict=True))
        for name in ("phones", "emails", "tags"):
            person[name] = json.loads(person[name])
        person["sources"] = [tuple(pair) for pair in json.loads(person["sources"])]
        for name in ("met_on", "ask_set_on", "agreement_on"):
            person[name] = as_date(person[name])
        if person["is_client"] is not None:
            person["is_client"] = bool(person["is_client"])
        person["is_partner"] = bool(person["is_partner"])
        if row[1] is not None:
            raise ValidationError(
                "merge", f"{person['name']} is in the trash: restore them first to merge."
            )
        rows[row[0]] = person
    if len(rows) != 2:
        raise ValidationError("merge", "One of these contacts is no longer in the folder.")
    return rows[keep_id], rows[other_id]


def _ask_day(ask: str, kept: dict, other: dict) -> dt.date | None:
    """The day the ask was set goes with the ask that stays."""
    if not ask:
        return None
    if ask == kept["ask"] and kept["ask_set_on"]:
        return kept["ask_set_on"]
    if ask == other["ask"]:
        return other["ask_set_on"]
    return kept["ask_set_on"] or other["ask_set_on"]


def _words(text: str) -> Counter:
    return Counter(_WORDS.findall(fold(text)))


def _richer(a: str, b: str) -> str | None:
    """The value that says more: the one given, or the one whose words hold all the other's
    ("Acme Inc." over "Acme"); None when each says something the other does not."""
    if not b.strip():
        return a
    if not a.strip():
        return b
    wa, wb = _words(a), _words(b)
    if wb <= wa:
        return a
    if wa <= wb:
        return b
    return None


def _joined(a: str, b: str) -> str:
    """Both notes, unless one already holds the other."""
    fa, fb = (" ".join(fold(t).split()) for t in (a, b))
    if fb in fa:
        return a
    if fa in fb:
        return b
    return f"{a.rstrip()}\n\n{b.lstrip()}"


def _union(a: list, b: list, key) -> list:
    seen = {key(v) for v in a}
    out = list(a)
    for v in b:
        if key(v) not in seen:
            seen.add(key(v))
            out.append(v)
    return out


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in ("phones", "emails", "tags"):
        out[name] = json.dumps(values[name], ensure_ascii=False)
    out["sources"] = json.dumps([list(pair) for pair in values["sources"]], ensure_ascii=False)
    return out


def _counts(folder: Folder, keep_id: int, other_id: int) -> tuple[int, int, int, int]:
    (counts,) = folder.query(
        """SELECT
            (SELECT count(*) FROM referral WHERE deleted_at IS NULL AND id IN (
                SELECT id FROM referral WHERE referrer_id = ?1 UNION
                SELECT id FROM referral WHERE recipient_id = ?1 UNION
                SELECT id FROM referral WHERE prospect_id = ?1)),  -- (each through its index)
            (SELECT count(*) FROM note WHERE deleted_at IS NULL AND contact_id = ?1),
            (SELECT count(*) FROM follow_up WHERE deleted_at IS NULL AND contact_id = ?1),
            (SELECT count(*) FROM membership WHERE contact_id = ?1 AND group_id NOT IN
                (SELECT group_id FROM membership WHERE contact_id = ?2))""",
        (other_id, keep_id),
    )
    return counts


def _self_referral(folder: Folder, kept: dict, other: dict, keep_id: int, other_id: int) -> str:
    """Why no merge: a referral between the two, which would refer a person to themselves."""
    rows = folder.query(
        """SELECT date, direction, deleted_at IS NOT NULL, prospect_id FROM referral
           WHERE (prospect_id = ?1 AND ?2 IN (referrer_id, recipient_id))
              OR (prospect_id = ?2 AND ?1 IN (referrer_id, recipient_id))
           ORDER BY deleted_at IS NOT NULL, date LIMIT 1""",
        (other_id, keep_id),
    )
    if not rows:
        return ""
    date, direction, trashed, prospect = rows[0]
    prospect, partner = (other, kept) if prospect == other_id else (kept, other)
    what = (
        f"you referred {prospect['name']} to {partner['name']}"
        if direction == "given"
        else f"{partner['name']} referred {prospect['name']} to you"
    )
    said = (
        f"They cannot be merged: on {day_words(as_date(date))} {what}, and as one person "
        "they would be referred to themselves."
    )
    if trashed:
        return said + " That referral is in the trash: empty the trash first."
    return said + " Change that referral's partner or prospect first, or delete it."


_MODELS = {record._meta.table_name: record for record in ALL_RECORDS}
# Follow-ups the rules make about the person alone (not a referral): one open of each kind is
# enough, or the merged contact would be asked twice to reconnect or to make first contact.
_ONE_PER_PERSON = (FollowUpKind.RECONNECT.value, FollowUpKind.FIRST_CONTACT.value)


def _one_of_each_rule_follow_up(folder: Folder, keep_id: int, name: str) -> None:
    """After the move: where both had the same rule's open follow-up about the person, the
    one due first stays and the other is cancelled, saying why (undone with the merge)."""
    f = FollowUpRecord
    seen: set[str] = set()
    for record in (
        f.select()
        .where(f.contact == keep_id, f.referral.is_null(), f.state == FollowUpState.OPEN.value,
               f.deleted_at.is_null(), f.kind.in_(_ONE_PER_PERSON), f.rule != "")
        .order_by(f.due, f.id)
    ):  # fmt: skip
        if record.kind in seen:
            folder.writes.update(
                f, record.id, state=FollowUpState.CANCELLED.value,
                outcome=f"Not needed: merged into {name}, who has the same follow-up open.",
                completed_at=now(), updated_at=now(),
            )  # fmt: skip
        seen.add(record.kind)


def _move_references(folder: Folder, keep_id: int, other_id: int) -> None:
    """Every column that names the other contact names the kept one (rows in the trash too,
    so that restoring one brings it back whole); a group both were in keeps one membership."""
    writes = folder.writes
    m = MembershipRecord
    writes.purge_where(
        m,
        (m.contact == other_id)
        & m.group.in_(m.select(m.group).where(m.contact == keep_id)),
    )
    for (table, column), target in changelog.REFERENCES.items():
        if target != "contact":
            continue
        model = _MODELS[table]
        (ref,) = [f for f in model._meta.fields.values() if f.column_name == column]
        writes.update_where(model, ref == other_id, **{ref.name: keep_id})
