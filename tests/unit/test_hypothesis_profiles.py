"""Hypothesis is derandomized in CI (CI=true) and random on a developer's machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

from tests.conftest import hypothesis_profile

ROOT = Path(__file__).resolve().parents[2]

# What the tests' own @settings(...) look like: they must keep the profile's derandomize.
DRAW = """
import tests.conftest
from hypothesis import given, settings, strategies as st
seen = []
@settings(max_examples=30, deadline=None)
@given(st.integers())
def draw(n):
    seen.append(n)
draw()
print(settings.default.derandomize, settings.default.deadline, seen)
"""


def draws(tmp_path: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    environ.update(env, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", DRAW], cwd=tmp_path, env=environ, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_ci_draws_the_same_examples_every_run_and_a_developer_new_ones(tmp_path):
    in_ci = draws(tmp_path, CI="true")
    assert in_ci.startswith("True None ["), "derandomized, no deadline, under a test's @settings"
    assert draws(tmp_path, CI="true") == in_ci
    local = [draws(tmp_path) for _ in range(2)]
    assert all(line.startswith("False None [") for line in local)
    assert local[0] != local[1], "random locally"


def test_the_profile_is_chosen_from_the_environment():
    assert hypothesis_profile({}) == "dev"
    assert hypothesis_profile({"CI": "true"}) == "ci"
    assert hypothesis_profile({"CI": "1"}) == "ci"
    assert hypothesis_profile({"CI": "false"}) == "dev"
    assert hypothesis_profile({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}) == "dev"
    assert hypothesis_profile({"HYPOTHESIS_PROFILE": "ci"}) == "ci"


def test_both_profiles_have_no_deadline_and_ci_prints_the_blob():
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert ci.derandomize and ci.print_blob and ci.deadline is None
    assert not dev.derandomize and dev.deadline is None
    assert settings.default.deadline is None, "the loaded profile, whichever it is"
