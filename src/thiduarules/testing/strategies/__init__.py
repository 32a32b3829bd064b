"""Hypothesis strategies for case files and rulesets, drawing only the vocabulary a ruleset declares.

Every strategy takes the ruleset it generates for, and draws roles, duties, bodies, forms,
achievement kinds, assessment kinds and values, and tracks from that ruleset alone, so what it
generates always loads (`cases`) or fails in exactly one planted way (`invalid_case_files`).
Values the ruleset's rules accept (the role a criterion asks for, the body whose assessment
counts) are drawn about half the time, and some candidates are drawn "strong" — leaning on those
values throughout, short on at most one kind of judgement — so generated nominations reach
every outcome instead of failing the first condition they meet.

Options follow Hypothesis' API style: keyword-only, strategies where a user would vary the
value (`candidates=integers(1, 3)`, `missing=just(0.0)`), plain values where they bound the
domain (`tracks=`, `years=`), and `InvalidArgument` for anything that cannot be generated.

One family a module: what a ruleset asks for (`_profile`), the options and their checks
(`_options`), the drawing context of one case (`_builder`), candidates, achievements and awards,
assessments, nominations, whole cases, single-fact edits, near misses, files with a planted
mistake, and small rulesets.
"""

from __future__ import annotations

from thiduarules.testing.strategies._achievements import achievement_records, award_records
from thiduarules.testing.strategies._assessments import assessment_records
from thiduarules.testing.strategies._candidates import candidate_records
from thiduarules.testing.strategies._cases import cases
from thiduarules.testing.strategies._edits import Edit
from thiduarules.testing.strategies._mistakes import MISTAKES, invalid_case_files
from thiduarules.testing.strategies._near import NearMiss, near_misses
from thiduarules.testing.strategies._nominations import nomination_records
from thiduarules.testing.strategies._rulesets import ruleset_texts, rulesets

__all__ = [
    "MISTAKES",
    "Edit",
    "NearMiss",
    "achievement_records",
    "assessment_records",
    "award_records",
    "candidate_records",
    "cases",
    "invalid_case_files",
    "near_misses",
    "nomination_records",
    "ruleset_texts",
    "rulesets",
]
