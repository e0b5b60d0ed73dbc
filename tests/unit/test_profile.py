"""The first start's profile: saved in one step, with its groups."""

from __future__ import annotations

import datetime as dt

import pytest

from networking_folder.domain.model import Group
from networking_folder.domain.validation import ValidationError
from networking_folder.services.profile import Profile


def test_setting_up_saves_the_profile_and_the_groups_together(folder):
    assert not folder.profile.is_set_up()
    folder.profile.set_up(
        Profile(
            name="Ana Silva",
            business="Silva Wealth",
            profession="Financial advisor",
            ideal_referral="Owners selling their business within five years",
            ask="An introduction to a CPA who serves dentists",
            country="US",
            subdivision="MA",
            paper="letter",
            groups=[Group("BNI Downtown", 2, dt.time(7, 0), "Riverside Hotel")],
        )
    )
    profile = folder.profile.get()
    assert (profile.name, profile.country, profile.subdivision, profile.paper) == (
        "Ana Silva", "US", "MA", "letter"
    )
    assert profile.ask == "An introduction to a CPA who serves dentists"
    assert [g.name for g in profile.groups] == ["BNI Downtown"]
    assert folder.rules.calendar().subdivision == "MA", "the rules use the place given"
    assert folder.profile.is_set_up()


def test_a_bad_group_saves_nothing_and_is_said_at_the_groups(folder):
    with pytest.raises(ValidationError) as caught:
        folder.profile.set_up(
            Profile(name="Ana Silva", country="US", groups=[Group("Chamber", 9)])
        )
    assert caught.value.field == "group"
    assert folder.profile.get().name == "" and folder.groups.all() == []
    assert not folder.profile.is_set_up()


def test_a_name_is_needed(folder):
    with pytest.raises(ValidationError) as caught:
        folder.profile.set_up(Profile(name="  ", country="US"))
    assert caught.value.field == "name"


def test_a_folder_that_holds_anything_counts_as_set_up_even_without_the_welcome(folder):
    from networking_folder.domain.model import Contact

    assert not folder.holds_anything() and not folder.profile.is_set_up()
    ann = folder.contacts.create(Contact(name="Ann Lee"))
    assert folder.holds_anything() and folder.profile.is_set_up()
    folder.contacts.delete([ann])  # in the trash: still the user's folder, not a first start
    assert folder.holds_anything() and folder.profile.is_set_up()
