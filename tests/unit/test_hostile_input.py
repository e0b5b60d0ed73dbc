"""Hostile input to the command line and the form validators: a clear error, never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from networking_folder import cli
from networking_folder.domain.model import Contact
from networking_folder.domain.validation import ValidationError, clean_contact
from networking_folder.services import Folder

nasty = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "--",
            "-",
            "--json",
            "--week",
            "2026-W99",
            "--date",
            "2026-02-30",
            "-o",
            "/",
            "/dev/null",
            "--group",
            "NEAR(",
            '"',
            "*",
            "AND",
            "\x00",
            "💥",
            "../../etc/passwd",
            "--yes",
            "--on",
        ]
    ),
)
COMMANDS = ["due", "search", "sheet", "backup", "check", "restore", "--version", "bogus"]


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile") / "f"
    with Folder.open(directory) as folder:
        folder.contacts.create(Contact(name="Zoë Ørsted"))
    return directory


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(COMMANDS), extra=st.lists(nasty, max_size=4))
def test_the_command_line_never_shows_a_traceback(
    known, tmp_path, capsys, monkeypatch, command, extra
):
    monkeypatch.chdir(tmp_path)  # a sheet written by accident lands here
    argv = (
        [command, *extra, "--data-dir", str(known)] if command != "--version" else [command, *extra]
    )
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse: usage errors and --version
        code = exc.code if isinstance(exc.code, int) else 2
    out = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, out.err)
    assert "Traceback" not in out.err and "Traceback" not in out.out
    if code:
        lines = out.err.strip().splitlines()
        assert lines and len(lines) <= 3, (argv, out.err)  # one clear line (check lists problems)


text = st.text(max_size=300)


@settings(max_examples=300, deadline=None)
@given(
    name=text,
    phones=st.lists(text, max_size=3),
    emails=st.lists(text, max_size=3),
    notes=text,
    rapport=st.one_of(st.none(), st.integers(-5, 10)),
    cadence=st.one_of(st.none(), st.integers(-10, 5000)),
    met_on=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
)
def test_the_contact_validator_only_ever_says_what_is_wrong(
    name, phones, emails, notes, rapport, cadence, met_on
):
    contact = Contact(
        name=name,
        phones=phones,
        emails=emails,
        notes=notes,
        rapport=rapport,
        cadence_days=cadence,
        met_on=met_on,
    )
    try:
        clean_contact(contact, region="US")
    except ValidationError as exc:
        assert (
            exc.field in {"name", "phones", "emails", "rapport", "cadence_days", "notes"}
            and exc.message
        )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=text,
    body=text,
    need=text,
    group=text,
    warmth=st.integers(-3, 9),
    value=st.one_of(st.none(), st.integers(-(10**6), 10**6)),
    weekday=st.one_of(st.none(), st.integers(-2, 9)),
    next_step=text,
)
@example(  # found by Hypothesis: an IntegrityError (CHECK length(trim(title)) > 0), not a message
    title="\x00", body="", need="", group="", warmth=3, value=None, weekday=None, next_step=""
)
def test_every_other_form_only_ever_says_what_is_wrong(
    folder, title, body, need, group, warmth, value, weekday, next_step
):
    from networking_folder.domain.model import Direction, FollowUp, Group, Note, Referral, Status

    maria = folder.contacts.create(Contact(name="Maria"))
    ben = folder.contacts.create(Contact(name="Ben"))
    attempts = [
        lambda: folder.referrals.create(
            Referral(
                Direction.RECEIVED,
                maria,
                ben,
                dt.date(2026, 11, 20),
                need=need,
                warmth=warmth,
                value_cents=value,
                status=Status.CLOSED_BUSINESS,
            )
        ),
        lambda: folder.follow_ups.create(
            FollowUp(title, dt.date(2026, 11, 20)), new_contact=body[:50]
        ),
        lambda: folder.groups.create(Group(group, meeting_weekday=weekday)),
        lambda: folder.notes.create(Note(body, contact_id=maria)),
        lambda: folder.notes.log(Note(body, contact_id=ben), next_step=next_step, next_due=None),
        lambda: folder.notes.log_event(title, dt.datetime(2026, 11, 20, 18), [], [body[:40]], need),
    ]
    for attempt in attempts:
        try:
            attempt()
        except ValidationError as exc:
            assert exc.field and exc.message


# Text as a bad paste leaves it: half of a surrogate pair, NUL and other control characters,
# line breaks of every kind.
broken_text = st.text(
    st.one_of(st.characters(), st.characters(categories=["Cs", "Cc", "Zl", "Zp"])), max_size=30
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=broken_text, amount=st.one_of(st.integers(-(2**70), 2**70), st.floats()))
def test_broken_text_and_wild_amounts_in_any_form_only_say_what_is_wrong(folder, text, amount):
    from networking_folder.domain.model import Direction, FollowUp, Group, Note, Referral, Status

    maria = folder.contacts.create(Contact(name="Maria"))
    ben = folder.contacts.create(Contact(name="Ben"))
    day = dt.date(2026, 11, 20)
    attempts = [
        lambda: folder.contacts.create(Contact(name=text, company=text, tags=[text])),
        lambda: folder.referrals.create(
            Referral(Direction.RECEIVED, maria, ben, day, need=text, budget=text)
        ),
        lambda: folder.referrals.create(
            Referral(
                Direction.GIVEN, maria, ben, day, status=Status.CLOSED_BUSINESS, value_cents=amount
            )
        ),
        lambda: folder.follow_ups.create(FollowUp(text, day), new_contact=text),
        lambda: folder.groups.create(Group(text, location=text)),
        lambda: folder.notes.log(Note(text, contact_id=maria), next_step=text, next_due=day),
        lambda: folder.notes.log_event(text, dt.datetime(2026, 11, 20, 18), [maria], [text]),
    ]
    for attempt in attempts:
        try:
            attempt()
        except ValidationError as exc:
            assert exc.field and exc.message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=broken_text.filter(bool), option=st.sampled_from(["--group", "--week", "--on"]))
def test_a_command_line_error_is_exactly_one_line_whatever_it_quotes(
    known, tmp_path, capsys, monkeypatch, value, option
):
    monkeypatch.chdir(tmp_path)
    command = "due" if option == "--on" else "sheet"
    try:
        code = cli.main([command, option, value, "--data-dir", str(known)])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    if code:  # "\r", "\x85", "\u2028" and the like are shown escaped, not as line breaks
        assert len(err.splitlines()) == 1, (option, value, err)
        assert "Traceback" not in err
