"""One index of a case, built once per evaluation and passed explicitly to whoever reads it.

Records by id; assessments by (subject, kind, year), latest last; the nominations claiming
each achievement; the Council's decisions by what they settle. Building it is linear in the
size of the case, and nothing in it changes afterwards.

It is the one place that knows what is known on the evaluation date `on`: an assessment or an
award dated later is not yet known then. `assessments_of` gives only the known assessments
(`assessments_later` the others, for saying so) and `known_award` tells awards apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from thiduarules.case._model import (
    Achievement,
    Assessment,
    Award,
    Candidate,
    Case,
    CouncilDecision,
    Nomination,
)


class CaseIndex:
    """Look-ups over one `Case` (read-only after construction)."""

    __slots__ = (
        "achievements",
        "assessments",
        "awards",
        "candidates",
        "case",
        "claimants",
        "kept_for",
        "later",
        "nominations",
        "on",
        "placed",
    )

    def __init__(self, case: Case, on: dt.date) -> None:
        self.case = case
        self.on = on
        self.candidates: dict[str, Candidate] = {c.id: c for c in case.candidates}
        self.achievements: dict[str, Achievement] = {a.id: a for a in case.achievements}
        self.awards: dict[str, Award] = {w.id: w for w in case.awards}
        self.nominations: dict[str, Nomination] = {n.id: n for n in case.nominations}
        asm: dict[tuple[str, str, int], list[Assessment]] = defaultdict(list)
        later: dict[tuple[str, str, int], list[Assessment]] = defaultdict(list)
        for s in case.assessments:
            (asm if s.date <= on else later)[(s.subject, s.kind, s.year)].append(s)
        self.later: dict[tuple[str, str, int], tuple[Assessment, ...]] = {
            key: tuple(sorted(items, key=_by_date)) for key, items in later.items()
        }
        self.assessments: dict[tuple[str, str, int], tuple[Assessment, ...]] = {
            key: (items[0],) if len(items) == 1 else tuple(sorted(items, key=_by_date))
            for key, items in asm.items()
        }
        claimants: dict[str, list[str]] = defaultdict(list)
        for n in case.nominations:
            for a in dict.fromkeys(n.achievements):
                claimants[a].append(n.id)
        self.claimants: dict[str, tuple[str, ...]] = {
            a: tuple(sorted(ns)) for a, ns in claimants.items()
        }
        self.kept_for: dict[str, CouncilDecision] = {}
        self.placed: dict[str, CouncilDecision] = {}
        for d in case.council_decisions:
            if d.achievement is not None:
                self.kept_for[d.achievement] = d
            else:
                self.placed[d.nomination] = d

    def assessments_of(self, subject: str, kind: str, year: int) -> tuple[Assessment, ...]:
        """The assessments of one kind about `subject` for `year` known on `on`, oldest first."""
        return self.assessments.get((subject, kind, year), ())

    def assessments_later(self, subject: str, kind: str, year: int) -> tuple[Assessment, ...]:
        """Those dated after `on`: not yet known on the evaluation date."""
        return self.later.get((subject, kind, year), ())

    def known_award(self, award: Award) -> bool:
        """Whether `award` was decided by the evaluation date."""
        return award.date <= self.on


def _by_date(s: Assessment) -> tuple[object, str]:
    return (s.date, s.id)
