from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_folder.domain.text import fold
from networking_folder.domain.validation import (
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
