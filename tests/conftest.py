"""Shared fixtures and Hypothesis profiles: "dev" (quick, the default) and "ci" (thorough)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from thiduarules import Engine, load_example_case, load_ruleset
from thiduarules.case import Case
from thiduarules.ruleset import Ruleset

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    """The bundled Khúc Thừa Dụ ruleset."""
    return load_ruleset()


@pytest.fixture(scope="session")
def example(ruleset: Ruleset) -> Case:
    """The bundled example case."""
    return load_example_case(ruleset)


@pytest.fixture(scope="session")
def engine(ruleset: Ruleset) -> Iterator[Engine]:
    """One engine for the session, as an embedding application would keep it."""
    with Engine(ruleset) as e:
        yield e
