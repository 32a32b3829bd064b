"""Monotonic knowledge: filling in a missing fact settles unknowns, never a settled verdict."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from thiduarules.ruleset import Ruleset
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    InvariantFailure,
    InvariantReport,
    Raw,
    open_engine,
    run_property,
    structured,
)
from thiduarules.testing.strategies._cases import claimants
from thiduarules.testing.strategies._draw import prefer
from thiduarules.testing.strategies._profile import profile_of
from thiduarules.verdict import CaseResult


@attrs.frozen
class _Fill:
    """One missing fact of a case file, filled in."""

    description: str
    raw: Raw = attrs.field(eq=False, repr=False)


def _fillable(
    profile: Any, raw: Raw
) -> list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]]:
    """Every fact `raw` leaves out: (its path, as a verdict's `settle` names it; how to fill it
    in; the values it may take)."""
    rs: Ruleset = profile.ruleset
    vocab = profile.vocab
    years = sorted({*profile.period_years, *(n["year"] for n in raw["nominations"])})
    dates = st.dates(dt.date(min(years), 1, 1), dt.date(max(years) + 1, 12, 31))
    out: list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]] = []

    def setter(coll: str, index: int, field: str) -> Callable[[Any], _Fill]:
        def fill(value: Any) -> _Fill:
            new = copy.deepcopy(raw)
            shown = value.isoformat() if isinstance(value, dt.date) else value
            new[coll][index][field] = shown
            ident = raw[coll][index].get("id", index)
            return _Fill(
                f"{coll}[{ident}].{field}: null → {json.dumps(shown, ensure_ascii=False)}", new
            )

        return fill

    fields: list[tuple[str, str, st.SearchStrategy[Any]]] = [
        ("candidates", "in_commune", st.booleans()),
        ("achievements", "applied_effectively", st.booleans()),
        ("achievements", "date", dates),
        ("nominations", "filed", dates),
        ("unit_reports", "reported", dates),
    ]
    if vocab.get("roles"):
        fields.append(("candidates", "role", st.sampled_from(vocab["roles"])))
    if vocab.get("bodies"):
        fields.append(("achievements", "recognised_by", st.sampled_from(vocab["bodies"])))
    for coll, field, values in fields:
        for i, rec in enumerate(raw.get(coll, [])):
            if rec.get(field) is None:
                key = f"{coll}[{rec.get('id', i)}].{field}"
                out.append((key, setter(coll, i, field), values))
    recorded = {
        (s["subject"], s["kind"], s["year"], s.get("achievement")) for s in raw["assessments"]
    }
    nominated = {n["candidate"]: n for n in raw["nominations"]}
    # What a judgement of an achievement may judge: an achievement a nomination of its holder
    # claims, for that nomination's year.
    claimed: dict[str, set[tuple[int, str]]] = {}
    holders = {a["id"]: a["holders"] for a in raw.get("achievements", [])}
    for n in raw["nominations"]:
        for a in n.get("achievements", []):
            if n["candidate"] in holders.get(a, ()):
                claimed.setdefault(n["candidate"], set()).add((n["year"], a))
    bodies = vocab.get("bodies", ())
    used = {s["id"] for s in raw["assessments"]}
    sid = next(f"DG-{i:03d}" for i in range(1, 100_000) if f"DG-{i:03d}" not in used)
    for cand in raw["candidates"]:
        if cand["id"] not in nominated or not bodies:
            continue
        for kind in rs.assessments:
            if kind.subject not in (cand["kind"], "any") or not kind.values:
                continue
            targets: list[tuple[int, str | None]] = (
                sorted(claimed.get(cand["id"], ()))
                if kind.of == "achievement"
                else [(year, None) for year in years]
            )
            for year, judged in targets:
                if (cand["id"], kind.slug, year, judged) in recorded:
                    continue

                def add(
                    choice: tuple[str, str, int],
                    cand_id: str = cand["id"],
                    slug: str = kind.slug,
                    year: int = year,
                    judged: str | None = judged,
                ) -> _Fill:
                    value, body, day = choice
                    rec = {
                        "id": sid,
                        "subject": cand_id,
                        "kind": slug,
                        "value": value,
                        "year": year,
                        "by": body,
                        "date": (dt.date(year, 12, 1) + dt.timedelta(days=day)).isoformat(),
                    }
                    if judged is not None:
                        rec["achievement"] = judged
                    new = copy.deepcopy(raw)
                    new["assessments"].append(rec)
                    return _Fill(f"assessment added: {json.dumps(rec, ensure_ascii=False)}", new)

                key = f"assessments[subject={cand['id']}, kind={kind.slug}, year={year}" + (
                    f", achievement={judged}]" if judged is not None else "]"
                )
                choices = st.tuples(
                    st.sampled_from(kind.value_slugs()),
                    profile.sampler(bodies, profile.good_bodies.get(kind.slug, ())),
                    st.integers(0, 60),
                )
                out.append((key, add, choices))
    out.extend(_decisions_to_take(rs, raw, bodies))
    return out


def _decisions_to_take(
    rs: Ruleset, raw: Raw, bodies: Sequence[str]
) -> list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]]:
    """The questions a Council decision could settle in `raw` and does not yet: an achievement
    two nominations claim; an annual place two dossiers of one day compete for."""
    if not bodies:
        return []
    taken = raw.get("council_decisions", [])
    decided_for = {d.get("achievement") for d in taken}
    placed = {d["nomination"] for d in taken if d.get("achievement") is None}
    used = {d["id"] for d in taken}
    did = next(f"HD-{i:03d}" for i in range(1, 100_000) if f"HD-{i:03d}" not in used)
    claims = claimants(raw["nominations"])
    days: dict[tuple[str, int, str], list[str]] = {}
    for n in raw["nominations"]:
        if n.get("filed") and rs.track(n["track"]).round == "annual":
            days.setdefault((n["candidate"], n["year"], n["filed"]), []).append(n["id"])
    out: list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]] = []

    def decide(achievement: str | None) -> Callable[[Any], _Fill]:
        def fill(choice: tuple[str, str]) -> _Fill:
            nomination, body = choice
            rec = {"id": did, "nomination": nomination, "by": body, "date": "2031-01-15"}
            if achievement is not None:
                rec["achievement"] = achievement
            new = copy.deepcopy(raw)
            new.setdefault("council_decisions", []).append(rec)
            return _Fill(f"council decision added: {json.dumps(rec, ensure_ascii=False)}", new)

        return fill

    for a, noms in claims.items():
        if len(noms) >= 2 and a not in decided_for:
            choice = st.tuples(st.sampled_from(sorted(noms)), st.sampled_from(list(bodies)))
            out.append((f"council_decisions[achievement={a}]", decide(a), choice))
    for (cand, year, _), noms in sorted(days.items()):
        if len(noms) >= 2 and not placed & set(noms):
            choice = st.tuples(st.sampled_from(sorted(noms)), st.sampled_from(list(bodies)))
            out.append((f"council_decisions[candidate={cand}, year={year}]", decide(None), choice))
    return out


def monotonic_knowledge(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """Learning a fact settles unknowns but never changes a settled verdict.

    From a generated case with facts left out, one missing fact is filled in (a null field given
    a value, an unrecorded assessment added, or a Council decision recorded where two
    nominations claim one achievement or two annual dossiers of one day compete); every verdict that was eligible or ineligible
    must stay as it was, principles across nominations included. An undetermined verdict may
    become anything. A flip (eligible ↔ ineligible) and an unsettling (settled → undetermined)
    both fail, since the engine promises that adding a fact only settles unknowns.
    """
    name = "monotonic_knowledge"
    profile = profile_of(ruleset)
    cases_ = ts.cases(ruleset, raw=True, candidates=CANDIDATES, missing=st.floats(0.1, 0.7))

    with open_engine(ruleset, "plain") as engine:

        @st.composite
        def filled(draw: st.DrawFn) -> tuple[Raw, _Fill, CaseResult | None]:
            raw = draw(cases_)
            options = _fillable(profile, raw)
            if not options:
                reject()
            # Half the time, a fact some verdict says would settle it: those are the facts
            # that change answers, so a broken promise shows there first.
            try:
                before: CaseResult | None = engine.evaluate(structured(raw, ruleset))
            except Exception:  # the check evaluates it again and reports the failure
                before = None
            wanted = {need.path for v in before.verdicts for need in v.settle} if before else set()
            useful = [o for o in options if o[0] in wanted]
            _, fill, values = draw(prefer(useful, options))
            return raw, fill(draw(values)), before

        def check(raw: Raw, fill: _Fill, before: CaseResult | None) -> None:
            if before is None:
                before = engine.evaluate(structured(raw, ruleset))
            after = engine.evaluate(structured(fill.raw, ruleset))
            was = {v.nomination: v.outcome for v in before.verdicts}
            changed = []
            for v in after.verdicts:
                old = was.get(v.nomination)
                if old is not None and old != "undetermined" and v.outcome != old:
                    kind = "flipped" if v.outcome != "undetermined" else "unsettled"
                    changed.append(f"{v.nomination} {kind}: {old} → {v.outcome}")
            if changed:
                raise InvariantFailure(
                    name,
                    f"filling in one missing fact ({fill.description}) changed settled verdicts: "
                    + "; ".join(changed),
                    raw,
                    {"filled": fill.raw},
                )

        return run_property(name, filled(), check, examples=examples, seed=seed)
