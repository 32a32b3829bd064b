"""Case files: the facts of candidates and nominations, structured and checked against a ruleset."""

from thiduarules.case._load import converter, parse_case, read_case, structure_case
from thiduarules.case._model import (
    Achievement,
    Assessment,
    Award,
    Candidate,
    Case,
    CouncilDecision,
    Nomination,
    UnitReport,
)

__all__ = [
    "Achievement",
    "Assessment",
    "Award",
    "Candidate",
    "Case",
    "CouncilDecision",
    "Nomination",
    "UnitReport",
    "converter",
    "parse_case",
    "read_case",
    "structure_case",
]
