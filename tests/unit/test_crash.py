"""Killed at any moment, the folder is sound and keeps every change that had returned."""

from __future__ import annotations

import random

from networking_folder.services import Folder
from tests.crash_check import crash_once


def test_25_kills_at_random_moments(tmp_path):
    directory = tmp_path / "folder"
    Folder.open(directory).close()
    rng = random.Random(2026)
    reported = 0
    for run in range(25):
        count, problems = crash_once(directory, run, rng)
        assert not problems, f"run {run}: {problems}"
        reported += count
    assert reported > 100, "the worker got real work done between kills"
    with Folder.open(directory) as folder:  # and the program opens it as usual afterwards
        assert folder.counts()["contacts"] > 0
