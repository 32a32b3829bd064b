"""Assessments: the judgements bodies make of candidates, year by year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._model import Track
from thiduarules.testing.strategies._builder import Builder
from thiduarules.testing.strategies._draw import DAYS, PERMILLE, Raw
from thiduarules.testing.strategies._options import check_years, ids_of
from thiduarules.testing.strategies._profile import profile_of


def yearly_assessments(
    b: Builder,
    sid: Callable[[], str],
    cand: Mapping[str, Any],
    plans: Sequence[tuple[Track, int]],
    claims: Mapping[int, Sequence[Raw]] | None = None,
) -> list[Raw]:
    """The assessments the nominations of `cand` read: per kind, one judgement mostly kept
    year to year (a different one in at most one year), some years left unrecorded. A kind
    that judges an achievement gets a judgement per achievement `cand`'s nominations claim
    (`claims`: by year), mostly dated after the achievement, now and then before it."""
    bodies = b.vocab("bodies")
    if not bodies:
        return []
    wanted: dict[str, set[int]] = {}
    start = b.rs.meta.start.year
    for track, year in plans:
        for needed, over_years in b.p.needs.get(track.id, {}).items():
            span = range(max(start, min(b.years)), year + 1) if over_years else (year,)
            wanted.setdefault(needed, set()).update(span)
    strong = b.strong.get(cand["id"], False)
    # A strong candidate may still fall short on one kind of judgement: then what the rules
    # offer as alternatives (an initiative instead of an assessment…) decides.
    weak = b.pick((None, *sorted(wanted))) if strong else None
    out: list[Raw] = []
    for slug in sorted(wanted):
        kind = b.p.kinds[slug]
        if not kind.values or kind.subject not in (cand["kind"], "any"):
            continue
        values = kind.value_slugs()
        good_values = b.p.good_values.get(slug, ())
        good_bodies = b.p.good_bodies.get(slug, ())
        base = b.choice(values, good_values, strong=strong and slug != weak)
        body = b.choice(bodies, good_bodies, strong=strong)
        if kind.of == "achievement":
            for year in sorted(wanted[slug]):
                for ach in (claims or {}).get(year, ()):
                    if b.absent():
                        continue
                    made = dt.date.fromisoformat(ach["date"]) if ach.get("date") else None
                    when = (made or dt.date(year, 6, 1)) + dt.timedelta(days=b.draw(DAYS) % 24 - 3)
                    out.append(
                        assessment_record(
                            sid(), cand["id"], slug, base, year, body, when, ach["id"]
                        )
                    )
            continue
        years = sorted(wanted[slug])
        odd = b.choice((None, *years))
        offset = b.draw(DAYS) % 60
        for year in years:
            if b.absent():
                continue
            value = b.choice(values) if year == odd else base
            when = dt.date(year, 12, 1) + dt.timedelta(days=offset)
            out.append(assessment_record(sid(), cand["id"], slug, value, year, body, when))
        if out and b.draw(PERMILLE) >= 950:  # a later second judgement: the latest stands
            last = out[-1]
            later = dt.date.fromisoformat(last["date"]) + dt.timedelta(days=7)
            out.append(
                assessment_record(
                    sid(), cand["id"], slug, b.pick(values), last["year"], body, later
                )
            )
    return out


def assessment_record(
    sid: str,
    subject: str,
    kind: str,
    value: str,
    year: int,
    by: str,
    when: dt.date,
    achievement: str | None = None,
) -> Raw:
    """One assessment record of a case file (`achievement`: the one it judges, if any)."""
    out: Raw = {
        "id": sid,
        "subject": subject,
        "kind": kind,
        "value": value,
        "year": year,
        "by": by,
        "date": when.isoformat(),
    }
    if achievement is not None:
        out["achievement"] = achievement
    return out


def assessment_records(
    ruleset: Ruleset,
    subjects: Sequence[Mapping[str, Any]],
    years: Collection[int] | None = None,
) -> st.SearchStrategy[Raw]:
    """One assessment of one of `subjects` (candidate records), of a kind that fits its subject
    and judges a year (a judgement of an achievement needs the achievement: `cases` makes those)."""
    profile = profile_of(ruleset)
    cands = ids_of(subjects, "subjects")
    span = check_years(profile, years)
    bodies = profile.vocab.get("bodies", ())
    fitting = [
        (c, k)
        for c in cands
        for k in profile.kinds.values()
        if k.subject in (c["kind"], "any") and k.values and k.of is None
    ]
    if not fitting or not bodies:
        raise InvalidArgument(
            f"ruleset {ruleset.meta.id} has no assessment kind for these subjects, or no bodies"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        cand, kind = draw(st.sampled_from(fitting))
        value = draw(profile.sampler(kind.value_slugs(), profile.good_values.get(kind.slug, ())))
        body = draw(profile.sampler(bodies, profile.good_bodies.get(kind.slug, ())))
        year = draw(st.sampled_from(span))
        when = dt.date(year, 12, 1) + dt.timedelta(days=draw(st.integers(0, 60)))
        return assessment_record(
            f"DG-{draw(st.integers(1, 999)):03d}", cand["id"], kind.slug, value, year, body, when
        )

    return build()
