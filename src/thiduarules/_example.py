"""The bundled example case: a dozen candidates of Khúc Thừa Dụ, every outcome represented."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from thiduarules.case import Case, read_case
from thiduarules.ruleset import Ruleset

EXAMPLE = "example-case.json"


def example_case_path() -> Path:
    return Path(str(resources.files("thiduarules") / "data" / EXAMPLE))


def load_example_case(ruleset: Ruleset) -> Case:
    """The bundled example case, checked against `ruleset`."""
    return read_case(example_case_path(), ruleset)
