"""Achievements and past awards: who holds what, and which of it was already rewarded."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.ruleset import Ruleset
from thiduarules.testing.strategies._builder import Builder
from thiduarules.testing.strategies._draw import PERMILLE, Raw
from thiduarules.testing.strategies._options import (
    MISSING,
    check_strategy,
    check_years,
    checked_probability,
    ids_of,
)
from thiduarules.testing.strategies._profile import profile_of


def achievement(b: Builder, aid: str, holders: Sequence[str], years: Sequence[int] = ()) -> Raw:
    """An achievement of one or two `holders`, dated (mostly) in one of `years`."""
    kinds, bodies = b.vocab("achievement-kinds"), b.vocab("bodies")
    owners = b.draw(st.lists(st.sampled_from(tuple(holders)), min_size=1, max_size=2, unique=True))
    strong = any(b.strong.get(h, False) for h in owners)
    kind = b.choice(kinds, b.p.good_achievement_kinds, strong=strong)
    year = b.choice(b.years, tuple(y for y in years if y in b.years), nullable=True)
    date = None if year is None else b.day(year)
    return {
        "id": aid,
        "holders": owners,
        "kind": kind,
        "title": f"{b.label('achievement-kinds', kind)} {aid}",
        "date": date.isoformat() if date else None,
        "applied_effectively": b.choice((True, False), (True,), strong=strong, nullable=True),
        "recognised_by": b.choice(bodies, nullable=True) if bodies else None,
    }


def award(b: Builder, wid: str, recipients: Sequence[str], achievements: Sequence[str]) -> Raw:
    """A past award to one of `recipients`, usually rewarding some of `achievements`."""
    draw = b.draw
    return {
        "id": wid,
        "recipient": b.pick(recipients),
        "form": b.pick(b.vocab("forms")),
        "decision": f"{draw(PERMILLE) + 1}/QĐ-UBND",
        "date": b.day(b.pick(b.years)).isoformat(),
        # Most awards reward an achievement of the case, so that "already rewarded" is met
        # often; now and then one rewards none of them.
        "achievements": draw(
            st.lists(
                st.sampled_from(tuple(achievements)),
                unique=True,
                min_size=0 if draw(PERMILLE) < 200 else 1,
                max_size=2,
            )
        )
        if achievements
        else [],
    }


def achievement_records(
    ruleset: Ruleset,
    holders: Sequence[Mapping[str, Any]],
    *,
    years: Collection[int] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One achievement record held by one or two of `holders` (candidate records)."""
    profile = profile_of(ruleset)
    check_strategy(missing, "missing", "floats(0, 1)")
    cands = ids_of(holders, "holders")
    span = check_years(profile, years)
    if not profile.vocab.get("achievement-kinds"):
        raise InvalidArgument(f"ruleset {ruleset.meta.id} declares no achievement kinds")

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = Builder(draw, profile, checked_probability(draw(missing)), span, tuple(ruleset.tracks))
        return achievement(b, f"TH-{draw(st.integers(1, 99)):02d}", [c["id"] for c in cands])

    return build()


def award_records(
    ruleset: Ruleset,
    recipients: Sequence[Mapping[str, Any]],
    achievements: Sequence[Mapping[str, Any]] = (),
    *,
    years: Collection[int] | None = None,
) -> st.SearchStrategy[Raw]:
    """One past award to one of `recipients`, rewarding some of `achievements` (records)."""
    profile = profile_of(ruleset)
    cands = ids_of(recipients, "recipients")
    span = check_years(profile, years)
    if not profile.vocab.get("forms"):
        raise InvalidArgument(f"ruleset {ruleset.meta.id} declares no forms of reward")
    ach_ids = [a["id"] for a in achievements]

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = Builder(draw, profile, 0.0, span, tuple(ruleset.tracks))
        return award(b, f"KT-{draw(st.integers(1, 99)):02d}", [c["id"] for c in cands], ach_ids)

    return build()
