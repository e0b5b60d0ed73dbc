"""Rule keys stay in the data: people read a plain reason from the rules' registry."""

from __future__ import annotations

import datetime as dt
import inspect
import re

from networking_folder.domain import rules
from networking_folder.domain.calendar import BusinessCalendar
from networking_folder.domain.model import Direction, Status
from networking_folder.domain.rules import (
    RULES,
    ReferralFacts,
    RuleSettings,
    plain_reason,
)
from networking_folder.domain.text import day_words

KEY = re.compile(r"\bR\d+\b")


def test_the_registry_holds_every_rule_of_the_domain_and_every_key_the_rules_write():
    assert set(RULES) == {f"R{n}" for n in range(1, 12)}, "R1-R11 of docs/follow-up-rules.md"
    written = set(re.findall(r'"(R\d+)"', inspect.getsource(rules)))
    assert written <= set(RULES), written - set(RULES)


def test_what_the_rules_make_reads_as_plain_words():
    calendar = BusinessCalendar("US")
    settings = RuleSettings()
    made = []
    for direction in Direction:
        facts = ReferralFacts(
            1, direction, dt.date(2026, 11, 2), Status.RECEIVED, 2, "Maria", 3, "Ben", 2
        )
        made += rules.on_created(facts, settings, calendar)
        for status in (Status.CONTACTED, Status.NOT_A_FIT, Status.CLOSED_BUSINESS):
            moved = ReferralFacts(1, direction, facts.date, status, 2, "Maria", 3, "Ben", 2)
            made += rules.on_status_changed(
                moved, Status.RECEIVED, dt.date(2026, 11, 9), settings, calendar
            )
    made.append(rules.reconnect(2, "Maria", dt.date(2026, 1, 5), 90, dt.date(2026, 11, 23)))
    made.append(rules.ask_also_given(facts, dt.date(2026, 11, 10)))
    assert {p.rule for p in made} == {"R1", "R2", "R3", "R4", "R5", "R7", "R9", "R10"}
    for planned in made:
        reason = plain_reason(planned.rule)
        assert reason and not KEY.search(reason), (planned.rule, reason)
        assert not KEY.search(planned.title) and not KEY.search(planned.reason)


def test_plain_reason_never_gives_back_a_key():
    assert plain_reason("") == "", "a follow-up the user made has no rule to explain"
    assert plain_reason("R3") == "check-in after a referral you gave"
    # A key from a newer program (a folder shared later) still reads as words.
    assert plain_reason("R99") == "one of the folder's rules"
    for key, reason in RULES.items():
        # Lower-case phrases: they sit inside sentences ("(check-in after …)").
        assert reason == plain_reason(key) and reason[0].islower() and key not in reason


def test_dates_for_people_are_english_words_not_the_locales():
    assert day_words(dt.date(2026, 11, 23)) == "Mon 23 Nov 2026"
    assert day_words(dt.date(2027, 1, 2)) == "Sat 2 Jan 2027"
    # The rules' reasons keep the way they read ("on Nov 02"), from the same English names.
    calendar = BusinessCalendar("US")
    facts = ReferralFacts(
        1, Direction.GIVEN, dt.date(2026, 11, 2), Status.GIVEN, 2, "Maria", 3, "Ben"
    )
    assert "on Nov 02:" in rules.check_ins(facts, RuleSettings(), calendar)[0].reason
    planned = rules.reconnect(2, "Maria", dt.date(2026, 3, 5), 90, dt.date(2026, 11, 23))
    assert planned is not None and planned.reason.startswith("No contact since Mar 05, 2026:")
