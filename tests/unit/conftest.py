"""Fixtures shared by the unit tests."""

from tests.unit.known_folder import known  # noqa: F401 (the hand-counted folder, a fixture)
