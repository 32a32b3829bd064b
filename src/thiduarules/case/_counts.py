"""How many records a raw case holds, and how many nominations claim each achievement, against
the limits — counted on the parsed JSON, before any record is structured."""

from __future__ import annotations

from typing import Any

from thiduarules._limits import Limits, exceeded
from thiduarules.errors import Problem, quoted

__all__ = ["count_problems"]


def count_problems(raw: dict[str, Any], name: str, limits: Limits) -> list[Problem]:
    """A problem for each collection over `records`, and for each achievement claimed by more
    than `claims_per_achievement` nominations (at the first claim past the limit)."""
    problems: list[Problem] = []
    for coll, items in raw.items():
        if isinstance(items, list) and len(items) > limits.records:
            problems.append(
                exceeded(limits, "records", name, f"$.{coll}", f"{len(items):,} records")
            )
    nominations = raw.get("nominations")
    if not isinstance(nominations, list) or problems:
        return problems
    claims: dict[str, int] = {}
    for i, nomination in enumerate(nominations):
        claimed = nomination.get("achievements") if isinstance(nomination, dict) else None
        if not isinstance(claimed, list):
            continue
        for j, ach in enumerate(claimed):
            if not isinstance(ach, str):
                continue
            count = claims[ach] = claims.get(ach, 0) + 1
            if count == limits.claims_per_achievement + 1:
                problems.append(
                    exceeded(
                        limits,
                        "claims_per_achievement",
                        name,
                        f"$.nominations[{i}].achievements[{j}]",
                        f"{quoted(ach)} claimed by more than {limits.claims_per_achievement:,} nominations",
                    )
                )
    return problems
