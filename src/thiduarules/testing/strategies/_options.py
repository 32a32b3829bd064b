"""The strategies' options: their defaults, and the checks that refuse what cannot be
generated with `InvalidArgument`."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.errors import closest
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._model import CANDIDATE_KINDS, Track
from thiduarules.testing.strategies._draw import MAX_YEAR, MIN_YEAR
from thiduarules.testing.strategies._profile import Profile

# Defaults of the strategies' options (module-level, so every call shares them).
CANDIDATES = st.integers(1, 6)
MISSING = st.floats(0, 1)
NEAR_CANDIDATES = st.integers(1, 3)
NEAR_MISSING = st.floats(0, 0.5)
REACH_CANDIDATES = st.integers(1, 2)
REACH_MISSING = st.floats(0, 0.3)
ASSESSMENT_KINDS = st.integers(1, 3)


def check_strategy(value: object, name: str, example: str) -> None:
    """Refuse a plain value where a strategy is expected."""
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{name} must be a strategy such as {example}, not {value!r}; "
            f"wrap a fixed value in just(...)"
        )


def check_tracks(ruleset: Ruleset, tracks: Collection[str] | None) -> tuple[Track, ...]:
    """The tracks named (default: every track), each checked against the ruleset."""
    known = {t.id: t for t in ruleset.tracks}
    if not known:
        raise InvalidArgument(f"ruleset {ruleset.meta.id} has no tracks: no nomination can be made")
    if tracks is None:
        return tuple(ruleset.tracks)
    if isinstance(tracks, str) or not isinstance(tracks, Collection):
        raise InvalidArgument(f"tracks must be a collection of track ids, not {tracks!r}")
    if not tracks:
        raise InvalidArgument("tracks must name at least one track")
    for t in tracks:
        if t not in known:
            hint = closest(str(t), known)
            raise InvalidArgument(
                f"track {t!r} is not in ruleset {ruleset.meta.id}"
                + (f" (did you mean {hint!r}?)" if hint else "")
            )
    return tuple(known[t] for t in sorted(set(tracks)))


def check_years(profile: Profile, years: Collection[int] | None) -> tuple[int, ...]:
    """The years asked for (default: the ruleset's period), each checked."""
    if years is None:
        return profile.period_years
    if isinstance(years, str) or not isinstance(years, Collection):
        raise InvalidArgument(f"years must be a collection of integers, not {years!r}")
    if not years:
        raise InvalidArgument("years must hold at least one year")
    for y in years:
        if isinstance(y, bool) or not isinstance(y, int) or not MIN_YEAR + 1 <= y <= MAX_YEAR - 2:
            raise InvalidArgument(
                f"years must be integers from {MIN_YEAR + 1} to {MAX_YEAR - 2}, not {y!r}"
            )
    return tuple(sorted(set(years)))


def checked_count(value: object, name: str, low: int, high: int) -> int:
    """A drawn count, refused outside `low`..`high`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(f"{name} drew {value!r}; it must draw integers from {low} to {high}")
    return value


def checked_probability(value: object) -> float:
    """A drawn probability, refused outside 0..1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidArgument(f"missing drew {value!r}; it must draw probabilities from 0 to 1")
    return float(value)


def ids_of(
    records: Sequence[Mapping[str, Any]] | Sequence[str], what: str
) -> list[Mapping[str, Any]]:
    """Candidate records passed to a record strategy, each with an id and a kind."""
    if isinstance(records, str | bytes) or not isinstance(records, Sequence) or not records:
        raise InvalidArgument(f"{what} must be a non-empty sequence of candidate records")
    out = []
    for r in records:
        if (
            not isinstance(r, Mapping)
            or not isinstance(r.get("id"), str)
            or r.get("kind") not in CANDIDATE_KINDS
        ):
            raise InvalidArgument(
                f"{what} must hold candidate records with an id and a kind, not {r!r}"
            )
        out.append(r)
    return out
