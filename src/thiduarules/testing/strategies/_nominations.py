"""Nominations: a track and a year for a candidate, the achievements claimed, and a filing
date on time, on the last day, or late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._model import Track
from thiduarules.testing.strategies._builder import Builder
from thiduarules.testing.strategies._draw import BOOLEANS, DAYS, MAX_YEAR, PERMILLE, Raw
from thiduarules.testing.strategies._options import (
    MISSING,
    check_strategy,
    check_tracks,
    check_years,
    checked_probability,
    ids_of,
)
from thiduarules.testing.strategies._profile import profile_of

FORMS = ("default",) * 6 + ("track", "track", "track", "any")
FILING = ("on-time", "last-day", "late")


def plan(b: Builder, cand: Mapping[str, Any]) -> tuple[Track, int]:
    """The track and year of one nomination of `cand`."""
    matching = tuple(t for t in b.tracks if t.subject == cand["kind"])
    # Now and then a track for the other kind of candidate, which the subject test refuses.
    mismatch = not matching or b.draw(PERMILLE) >= 900
    track: Track = b.pick(b.tracks if mismatch else matching)
    # A track that names its year (the period-end round) is nominated for that year nine times
    # in ten, and now and then for another, which the period test refuses; others shrink
    # towards the period's last year for period-end rounds.
    if track.year is not None and b.draw(PERMILLE) < 900:
        try:
            wanted = b.params.integer(track.year)
        except ParameterUnsetError:
            wanted = None
        if wanted is not None:
            return track, wanted
    order = tuple(reversed(b.years)) if track.round == "period-end" else b.years
    return track, b.pick(order)


def nomination(
    b: Builder,
    nid: str,
    cand: Mapping[str, Any],
    track: Track,
    year: int,
    held: Sequence[Mapping[str, Any]],
) -> Raw:
    """One nomination record of `cand` on `track` for `year`, claiming some of `held`."""
    draw = b.draw
    claimed: list[Mapping[str, Any]] = []
    if held:
        # Often every achievement held, so co-holders' nominations claim the same ones.
        every = len(held) <= 3 and draw(BOOLEANS)
        claimed = (
            list(held)
            if every
            else draw(
                st.lists(st.sampled_from(tuple(held)), unique_by=lambda a: a["id"], max_size=3)
            )
        )
    rec: Raw = {
        "id": nid,
        "candidate": cand["id"],
        "track": track.id,
        "year": year,
        "achievements": [a["id"] for a in claimed],
        "filed": filing(b, track, year, claimed),
    }
    form = b.pick(FORMS)
    if form == "track":
        rec["form"] = b.pick(track.forms)
    elif form == "any":
        rec["form"] = b.pick(b.vocab("forms"))
    return rec


def filing_window(
    b: Builder, track: Track, year: int, claimed: Sequence[Mapping[str, Any]]
) -> tuple[dt.date | None, dt.date] | None:
    """When a dossier on `track` for `year` is on time: (opens, closes), or None if unknown."""
    tm = track.timing
    if tm is None:
        return None
    try:
        if tm.rule == "annual-deadline":
            month, day = (int(x) for x in str(b.params.arg(tm.deadline)).split("-"))
            return None, dt.date(year + 1, month, day)
        if tm.rule == "window":
            opens, closes = b.params.arg(tm.opens), b.params.arg(tm.closes)
            if isinstance(opens, dt.date) and isinstance(closes, dt.date) and opens <= closes:
                return opens, closes
            return None
        within = int(b.params.arg(tm.within_days))  # type: ignore[arg-type]
    except (ParameterUnsetError, ValueError):
        return None
    dates = [dt.date.fromisoformat(a["date"]) for a in claimed if a.get("date")]
    if not dates:
        return None
    return max(dates), max(dates) + dt.timedelta(days=within)


def filing(b: Builder, track: Track, year: int, claimed: Sequence[Mapping[str, Any]]) -> str | None:
    """The filing date: on time, on the last day or late for the track's timing, or null."""
    if b.absent():
        return None
    window = filing_window(b, track, year, claimed)
    if window is None:
        filed = b.day(min(year + 1, MAX_YEAR - 1))
    else:
        opens, closes = window
        mode = b.pick(FILING)
        if mode == "last-day":
            filed = closes
        elif mode == "late":
            filed = closes + dt.timedelta(days=1 + b.draw(DAYS) % 45)
        else:
            room = max((closes - opens).days if opens is not None else 90, 1)
            filed = closes - dt.timedelta(days=1 + b.draw(DAYS) % room)
    return filed.isoformat()


def nomination_records(
    ruleset: Ruleset,
    candidates: Sequence[Mapping[str, Any]],
    achievements: Sequence[Mapping[str, Any]] = (),
    *,
    tracks: Collection[str] | None = None,
    years: Collection[int] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One nomination of one of `candidates`, claiming some of the `achievements` it holds.

    Its filing date is on time, on the last day, or late for the track's timing, or null.
    """
    profile = profile_of(ruleset)
    check_strategy(missing, "missing", "floats(0, 1)")
    cands = ids_of(candidates, "candidates")
    chosen = check_tracks(ruleset, tracks)
    span = check_years(profile, years)

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = Builder(draw, profile, checked_probability(draw(missing)), span, chosen)
        cand = draw(st.sampled_from(cands))
        held = [a for a in achievements if cand["id"] in a.get("holders", ())]
        track, year = plan(b, cand)
        return nomination(b, f"DN-{draw(st.integers(1, 99)):02d}", cand, track, year, held)

    return build()
