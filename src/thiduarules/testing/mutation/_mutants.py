"""The mutants of a ruleset: each criterion negated, each change the expression operators make
(`_operators`), each timing rule and parameter value one step away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from thiduarules.ruleset._expr import Not
from thiduarules.ruleset._load import content_hash
from thiduarules.ruleset._model import Criterion, Parameter, ParamValue, Ruleset, Text, Track
from thiduarules.testing.mutation._operators import expr_mutants, steps
from thiduarules.testing.scenarios import (
    criteria_by_track,
    parameters_by_track,
    principle_parameters,
)


@attrs.frozen
class Mutant:
    """One planted fault: its id, what it changes, the clauses it touches, the changed ruleset.

    `tracks` are the tracks whose verdicts the change can reach (None: every track, for a
    parameter the principles read); scenarios with no nomination on them are not run.
    """

    id: str
    text: Text
    clauses: tuple[str, ...]
    ruleset: Ruleset = attrs.field(eq=False, repr=False)
    tracks: frozenset[str] | None = None


def _rehash(rs: Ruleset) -> Ruleset:
    bare = attrs.evolve(rs, content_hash="")
    return attrs.evolve(bare, content_hash=content_hash(bare))


def _with_criterion(rs: Ruleset, crit: Criterion) -> Ruleset:
    return _rehash(
        attrs.evolve(rs, criteria=tuple(crit if c.id == crit.id else c for c in rs.criteria))
    )


def _with_track(rs: Ruleset, track: Track) -> Ruleset:
    return _rehash(
        attrs.evolve(rs, tracks=tuple(track if t.id == track.id else t for t in rs.tracks))
    )


def _with_parameter(rs: Ruleset, param: Parameter) -> Ruleset:
    return _rehash(
        attrs.evolve(
            rs, parameters=tuple(param if p.name == param.name else p for p in rs.parameters)
        )
    )


def _day_shift(value: ParamValue, ptype: str, days: int) -> ParamValue | None:
    if ptype == "date" and isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if ptype == "month-day" and isinstance(value, str):
        # A leap year, so 29 February stays a valid neighbour.
        moved = dt.date.fromisoformat(f"2024-{value}") + dt.timedelta(days=days)
        return moved.strftime("%m-%d") if moved.year == 2024 else None
    return None


def _value_changes(
    p: Parameter, value: ParamValue, vocab: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, str, str, ParamValue]]:
    """(id suffix, old shown, new shown, new value) for one parameter value."""
    if p.type == "boolean" and isinstance(value, bool):
        yield f"={str(not value).lower()}", str(value).lower(), str(not value).lower(), not value
    elif p.type == "choice":
        for choice in p.choices:
            if choice != value:
                yield f"={choice}", str(value), choice, choice
    elif p.type == "integer" and isinstance(value, int):
        for m in steps(value):
            yield f"={m}", str(value), str(m), m
    elif p.type in ("date", "month-day"):
        for days in (-1, 1):
            moved = _day_shift(value, p.type, days)
            if moved is not None:
                yield f"={moved}", str(value), str(moved), moved
    elif p.type == "set" and isinstance(value, tuple):
        for member in value:
            rest = tuple(v for v in value if v != member)
            yield f":-{member}", f"[{', '.join(value)}]", f"bỏ / without {member}", rest
        for member in vocab.get(p.of or "", ()):
            if member not in value:
                yield (
                    f":+{member}",
                    f"[{', '.join(value)}]",
                    f"thêm / with {member}",
                    (*value, member),
                )


def _parameter_mutants(rs: Ruleset, read: dict[str, frozenset[str] | None]) -> Iterator[Mutant]:
    vocab = {name: tuple(t.slug for t in terms) for name, terms in rs.vocabularies}
    for p in rs.parameters:
        if p.name not in read:
            continue
        several = len(p.values) > 1
        for i, dv in enumerate(p.values):
            if dv.value is None:
                continue
            where = f"parameters.{p.name}" + (f".values[{i}]" if several else "")
            for suffix, old, new, value in _value_changes(p, dv.value, vocab):
                values = (*p.values[:i], attrs.evolve(dv, value=value), *p.values[i + 1 :])
                yield Mutant(
                    where + suffix,
                    Text(f"tham số {p.name}: {old} → {new}", f"parameter {p.name}: {old} → {new}"),
                    p.clauses,
                    _with_parameter(rs, attrs.evolve(p, values=values)),
                    read[p.name],
                )


def mutants(rs: Ruleset) -> tuple[Mutant, ...]:
    """Every mutant of `rs` the operators make, in a stable order, ids unique."""
    out: list[Mutant] = []
    reach = criteria_by_track(rs)
    for c in rs.criteria:
        tracks = frozenset(t for t, crits in reach.items() if c.id in crits)
        negated = Not(c.when, f"{c.when.path}~not")
        out.append(
            Mutant(
                f"criteria.{c.id}:not",
                Text(f"phủ định tiêu chuẩn {c.id}", f"criterion {c.id} negated"),
                c.clauses,
                _with_criterion(rs, attrs.evolve(c, when=negated)),
                tracks,
            )
        )
        for mid, text, touched, new in expr_mutants(c.when, rs, c.clauses):
            out.append(
                Mutant(mid, text, touched, _with_criterion(rs, attrs.evolve(c, when=new)), tracks)
            )
    for t in rs.tracks:
        for mid, text, touched, new in expr_mutants(t.requires, rs, t.clauses):
            out.append(
                Mutant(
                    mid,
                    text,
                    touched,
                    _with_track(rs, attrs.evolve(t, requires=new)),
                    frozenset({t.id}),
                )
            )
        out.extend(_timing_mutants(rs, t))
    by_track = parameters_by_track(rs)
    read: dict[str, frozenset[str] | None] = {}
    for tid, names in by_track.items():
        for name in names:
            current = read.get(name, frozenset())
            read[name] = None if current is None else current | {tid}
    for name in principle_parameters(rs):
        read[name] = None
    out.extend(_parameter_mutants(rs, read))
    ids = [m.id for m in out]
    assert len(ids) == len(set(ids)), "mutant ids must be unique"
    return tuple(out)


def _timing_mutants(rs: Ruleset, t: Track) -> Iterator[Mutant]:
    tm = t.timing
    if tm is None:
        return
    clauses = tm.clauses
    where = f"tracks.{t.id}.timing"
    if isinstance(tm.within_days, int):
        for m in steps(tm.within_days):
            yield Mutant(
                f"{where}.within_days={m}",
                Text(
                    f"thời hạn tại {where}: {tm.within_days} → {m} ngày",
                    f"days allowed at {where}: {tm.within_days} → {m}",
                ),
                clauses,
                _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, within_days=m))),
                frozenset({t.id}),
            )
    if isinstance(tm.inclusive, bool):
        flipped = not tm.inclusive
        yield Mutant(
            f"{where}.inclusive={str(flipped).lower()}",
            Text(
                f"tính cả ngày hạn tại {where}: {tm.inclusive} → {flipped}",
                f"deadline day counts at {where}: {tm.inclusive} → {flipped}",
            ),
            clauses,
            _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, inclusive=flipped))),
            frozenset({t.id}),
        )
    if isinstance(tm.late, str):
        other = "canh-bao" if tm.late == "tu-choi" else "tu-choi"
        yield Mutant(
            f"{where}.late={other}",
            Text(
                f"hồ sơ trễ tại {where}: {tm.late} → {other}",
                f"late dossier at {where}: {tm.late} → {other}",
            ),
            clauses,
            _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, late=other))),
            frozenset({t.id}),
        )
