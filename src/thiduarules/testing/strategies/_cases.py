"""Whole case files: candidates, their achievements, awards, nominations, assessments, the
units' reports and the Council's decisions, drawn together so they refer to one another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal, overload

from hypothesis import strategies as st

from thiduarules.case import Case, structure_case
from thiduarules.case._model import FORMAT
from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._model import CANDIDATE_KINDS, Track
from thiduarules.testing.strategies._achievements import achievement, award
from thiduarules.testing.strategies._assessments import yearly_assessments
from thiduarules.testing.strategies._builder import Builder
from thiduarules.testing.strategies._candidates import candidate
from thiduarules.testing.strategies._draw import BOOLEANS, DAYS, PERMILLE, Raw
from thiduarules.testing.strategies._nominations import nomination, plan
from thiduarules.testing.strategies._options import (
    CANDIDATES,
    MISSING,
    check_strategy,
    check_tracks,
    check_years,
    checked_count,
    checked_probability,
)
from thiduarules.testing.strategies._profile import Profile, profile_of

_NOMINATIONS = st.sampled_from([1, 0, 2])


def unit_reports(b: Builder, units: Sequence[str]) -> list[Raw]:
    """The yearly reports of some of `units`, around the report deadline (or left null)."""
    rule = b.rs.principle_by_rule("report-deadline")
    out: list[Raw] = []
    for unit in b.draw(
        st.lists(st.sampled_from(tuple(sorted(set(units)))), unique=True, max_size=2)
    ):
        year = b.pick(b.years)
        reported: dt.date | None = None
        if not b.absent():
            reported = b.day(year)
            if rule is not None and rule.deadline is not None:
                try:
                    month, day = (int(x) for x in str(b.params.get(rule.deadline.param)).split("-"))
                    reported = dt.date(year, month, day) + dt.timedelta(days=b.draw(DAYS) % 40 - 30)
                except (ParameterUnsetError, ValueError):
                    pass
        out.append(
            {"unit": unit, "year": year, "reported": reported.isoformat() if reported else None}
        )
    return sorted(out, key=lambda r: (r["unit"], r["year"]))


def case(b: Builder, n: int) -> Raw:
    """A whole case file of `n` candidates, with everything their nominations refer to."""
    draw = b.draw
    kinds_wanted = tuple(sorted({t.subject for t in b.tracks}))
    candidates: list[Raw] = []
    counter = {"ca-nhan": 0, "tap-the": 0}
    for i in range(n):
        kind = b.pick(CANDIDATE_KINDS, kinds_wanted)
        counter[kind] += 1
        cid = f"{'CN' if kind == 'ca-nhan' else 'TT'}-{counter[kind]:02d}"
        candidates.append(candidate(b, cid, kind, i, strong=draw(BOOLEANS)))
    ids = [c["id"] for c in candidates]
    counts = [draw(_NOMINATIONS) for _ in candidates]
    if not any(counts):
        counts[0] = 1
    plans: dict[str, list[tuple[Track, int]]] = {}
    for cand, count in zip(candidates, counts, strict=True):
        plans[cand["id"]] = [plan(b, cand) for _ in range(min(count, 1))]
        if count > 1:
            # A second dossier is often for the same track and year: the annual limit and
            # shared achievements are decided between such pairs.
            same = draw(BOOLEANS)
            plans[cand["id"]].append(plans[cand["id"]][0] if same else plan(b, cand))
    achievements: list[Raw] = []
    if b.vocab("achievement-kinds"):
        years = sorted({y for ps in plans.values() for _, y in ps})
        count = draw(st.integers(0, min(n + 1, 4)))
        achievements = [achievement(b, f"TH-{i + 1:02d}", ids, years) for i in range(count)]
    awards: list[Raw] = []
    if b.vocab("forms") and draw(PERMILLE) >= 600:
        awards = [award(b, "KT-01", ids, [a["id"] for a in achievements])]
    nominations: list[Raw] = []
    for cand in candidates:
        held = [a for a in achievements if cand["id"] in a["holders"]]
        for track, year in plans[cand["id"]]:
            nominations.append(
                nomination(b, f"DN-{len(nominations) + 1:02d}", cand, track, year, held)
            )
    serial = iter(range(1, 100_000))

    def sid() -> str:
        return f"DG-{next(serial):03d}"

    by_id = {a["id"]: a for a in achievements}
    claims: dict[str, dict[int, list[Raw]]] = {}
    for nom in nominations:
        mine = claims.setdefault(nom["candidate"], {}).setdefault(nom["year"], [])
        mine.extend(by_id[a] for a in nom["achievements"] if by_id[a] not in mine)
    assessments = [
        s
        for cand in candidates
        for s in yearly_assessments(b, sid, cand, plans[cand["id"]], claims.get(cand["id"], {}))
    ]
    raw: Raw = {
        "format": FORMAT,
        "commune": b.rs.meta.issuer,
        "as_of": b.as_of.isoformat(),
        "candidates": candidates,
        "achievements": achievements,
        "assessments": assessments,
        "awards": awards,
        "nominations": nominations,
        "unit_reports": unit_reports(b, [c["unit"] for c in candidates]),
    }
    decisions = council_decisions(b, nominations)
    if decisions:
        raw["council_decisions"] = decisions
    return raw


def council_decisions(b: Builder, nominations: Sequence[Raw]) -> list[Raw]:
    """Now and then, the Council's word on an achievement two nominations claim."""
    bodies = b.vocab("bodies")
    if not bodies:
        return []
    out: list[Raw] = []
    for a, noms in claimants(nominations).items():
        if len(noms) < 2 or b.draw(PERMILLE) >= 300:
            continue
        out.append(
            {
                "id": f"HD-{len(out) + 1:02d}",
                "nomination": b.draw(st.sampled_from(noms)),
                "achievement": a,
                "by": b.draw(st.sampled_from(bodies)),
                "date": b.as_of.isoformat(),
            }
        )
    return out


def claimants(nominations: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Achievement id → the ids of the nominations (records) claiming it, by achievement id."""
    out: dict[str, list[str]] = {}
    for n in nominations:
        for a in n.get("achievements", []):
            out.setdefault(a, []).append(n["id"])
    return dict(sorted(out.items()))


@st.composite
def raw_cases(
    draw: st.DrawFn,
    profile: Profile,
    candidates: st.SearchStrategy[int],
    tracks: tuple[str, ...],
    missing: st.SearchStrategy[float],
    years: tuple[int, ...],
) -> Raw:
    """Case files (JSON) for `cases`, options checked as they are drawn."""
    n = checked_count(draw(candidates), "candidates", 1, 50)
    p = checked_probability(draw(missing))
    return case(Builder(draw, profile, p, years, profile.tracks(tracks)), n)


@overload
def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = ...,
    tracks: Collection[str] | None = ...,
    missing: st.SearchStrategy[float] = ...,
    years: Collection[int] | None = ...,
    raw: Literal[False] = ...,
) -> st.SearchStrategy[Case]: ...


@overload
def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = ...,
    tracks: Collection[str] | None = ...,
    missing: st.SearchStrategy[float] = ...,
    years: Collection[int] | None = ...,
    raw: Literal[True],
) -> st.SearchStrategy[Raw]: ...


def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = CANDIDATES,
    tracks: Collection[str] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
    years: Collection[int] | None = None,
    raw: bool = False,
) -> st.SearchStrategy[Case] | st.SearchStrategy[Raw]:
    """Case files for `ruleset`, checked and structured into `Case` objects (or, `raw=True`, the JSON).

    - `candidates`: how many candidates (each nominated up to twice; at least one nomination).
    - `tracks`: the track ids nominations use; default every track of the ruleset.
    - `missing`: the probability that a nullable fact (a role, a filing date, whether an
      initiative was applied…) is left null and that a yearly assessment is left unrecorded.
      The default draws it per case, from "everything known" to "almost nothing known".
    - `years`: the years nominations, achievements and assessments fall in; default the years of
      the ruleset's period.

    The cases share achievements between holders and between nominations, reward some of them
    in past awards, file dossiers on time, on the last day and late, carry assessments over
    several years (for "at least N years" criteria), a later second judgement now and then,
    forms left to the track's default or asked for explicitly, and the units' yearly reports.
    Every case has an `as_of` date, so evaluating it twice gives the same answer.
    """
    profile = profile_of(ruleset)
    check_strategy(candidates, "candidates", "integers(1, 6)")
    check_strategy(missing, "missing", "floats(0, 1)")
    chosen = check_tracks(ruleset, tracks)
    span = check_years(profile, years)
    strategy = raw_cases(profile, candidates, tuple(t.id for t in chosen), missing, span)
    if raw:
        return strategy
    return strategy.map(lambda r: structure_case(r, ruleset))
