"""What every strategy of the package draws with: the record type, a weighted coin, a
preference for the values the rules accept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, TypeVar

from hypothesis import strategies as st

Raw: TypeAlias = dict[str, Any]
T = TypeVar("T")
Draw: TypeAlias = Callable[[st.SearchStrategy[Any]], Any]

MIN_YEAR, MAX_YEAR = 1900, 2200

PERMILLE = st.integers(0, 999)
BOOLEANS = st.sampled_from([True, False])

DAYS = st.integers(0, 364)


def prefer(preferred: Sequence[T], every: Sequence[T]) -> st.SearchStrategy[T]:
    """Any of `every`, with the `preferred` ones drawn about half the time."""
    everything = st.sampled_from(every)
    if not preferred or set(preferred) == set(every):
        return everything
    return st.one_of(st.sampled_from(preferred), everything)


def coin(draw: Draw, p: float) -> bool:
    """True with probability `p`; shrinks towards False. Draws nothing when `p` is 0 or 1."""
    if p <= 0:
        return False
    if p >= 1:
        return True
    return bool(draw(PERMILLE) >= round((1 - p) * 1000))
