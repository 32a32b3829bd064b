"""The drawing context of one case file: every choice goes through `draw`, so it shrinks.
The records themselves are drawn by the family modules (`_candidates`, `_achievements`, …)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from thiduarules._params import Params
from thiduarules.ruleset._model import Track
from thiduarules.testing.strategies._draw import DAYS, PERMILLE, Draw, coin
from thiduarules.testing.strategies._profile import Profile


class Builder:
    """Draws the records of one case file; every choice goes through `draw`, so it shrinks.

    Some candidates are drawn as "strong": their facts lean towards what the rules accept, so
    that eligible verdicts are common enough to test, next to ineligible and undetermined ones.
    """

    def __init__(
        self,
        draw: Draw,
        profile: Profile,
        missing: float,
        years: tuple[int, ...],
        tracks: tuple[Track, ...],
        as_of: dt.date | None = None,
    ) -> None:
        self.draw = draw
        self.p = profile
        self.rs = profile.ruleset
        self.missing = missing
        self.years = years
        self.tracks = tracks
        lo = dt.date(min(years), 1, 1)
        hi = dt.date(max(years) + 1, 12, 31)
        # Usually evaluated once the years are over (every fact of theirs known); now and then
        # on any day of the span, when what is dated later is not yet known.
        after = dt.date(max(years) + 1, 1, 1)
        self.as_of = (
            as_of if as_of is not None else draw(st.one_of(st.dates(after, hi), st.dates(lo, hi)))
        )
        self.params = Params(self.rs, self.as_of)
        self.strong: dict[str, bool] = {}

    def absent(self) -> bool:
        """Whether to leave a nullable fact out (or a yearly assessment unrecorded)."""
        return coin(self.draw, self.missing)

    def pick(self, items: Sequence[Any], preferred: Sequence[Any] = ()) -> Any:
        return self.draw(self.p.sampler(items, preferred))

    def choice(
        self,
        items: Sequence[Any],
        good: Sequence[Any] = (),
        *,
        strong: bool = False,
        nullable: bool = False,
    ) -> Any:
        """One of `items` (or None when `nullable` and the fact is left out), in a single draw.

        Half the range maps onto `good` (all of it for a strong candidate), so the value the
        rules accept comes up often; the draw shrinks towards "present, the first good value".
        """
        keep = 1000 if not nullable else round((1 - self.missing) * 1000)
        if keep <= 0:
            return None
        if strong and good:
            items = good
        r = self.draw(PERMILLE)
        if r >= keep:
            return None
        x = r / keep
        if good and x < 0.5:
            return good[int(x * 2 * len(good))]
        x = (x - 0.5) * 2 if good else x
        return items[min(int(x * len(items)), len(items) - 1)]

    def day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.draw(DAYS))

    def vocab(self, name: str) -> tuple[str, ...]:
        return self.p.vocab.get(name, ())

    def label(self, name: str, slug: str) -> str:
        term = self.rs.vocabulary(name).get(slug)
        return term.vi if term else slug
