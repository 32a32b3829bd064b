"""What-if rulesets: the same rules with some parameters pinned to other values.

One checker serves every caller — `with_parameters` in Python and the parameters of scenario
files — so a value is refused the same way wherever it is written: its type and
choices as the loader checks them, a list's members against the vocabulary it draws on, an ISO
date string taken for a date, an unknown name with the closest one suggested.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from thiduarules.errors import RulesetError, closest, quoted
from thiduarules.ruleset._load import content_hash
from thiduarules.ruleset._model import DatedValue, ParamValue, Ruleset
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._reader import join

Overrides = tuple[tuple[str, ParamValue], ...]
OVERRIDE_SOURCE = "giá trị thay thế / override"


def check_overrides(
    reader: Parser, ruleset: Ruleset, values: Iterable[tuple[str, object]], path: str
) -> Overrides | None:
    """Each `(name, value)` checked against `ruleset`'s parameter of that name; every problem is
    added to `reader` (at `path.name`), and None returned if there was any."""
    params = {p.name: p for p in ruleset.parameters}
    vocab = {name: {t.slug for t in terms} for name, terms in ruleset.vocabularies}
    out: list[tuple[str, ParamValue]] = []
    ok = True
    for name, value in values:
        ppath = join(path, name)
        p = params.get(name)
        if p is None:
            reader.problem(
                ppath,
                "tham số không có trong bộ quy tắc / no such parameter in the ruleset",
                found=quoted(name),
                raw=True,
                suggestion=closest(name, params),
            )
            ok = False
            continue
        given = nfc(value)
        if p.type == "date" and isinstance(given, str):
            with contextlib.suppress(ValueError):  # an ISO date string stands for a TOML date
                given = dt.date.fromisoformat(given)
        typed = reader.typed(given, ppath, p.type, p.choices)
        if typed is None:
            ok = False
            continue
        if p.of is not None and isinstance(typed, tuple):
            allowed = vocab.get(p.of, set())
            for j, member in enumerate(typed):
                if member not in allowed:
                    ok = False
                    reader.problem(
                        join(ppath, j),
                        f"không có trong từ vựng {p.of} / not in the {p.of} vocabulary",
                        found=member,
                        expected="one of " + ", ".join(sorted(allowed)),
                        suggestion=closest(str(member), allowed),
                    )
        out.append((name, typed))
    return tuple(out) if ok else None


def apply_overrides(
    ruleset: Ruleset,
    overrides: Overrides,
    *,
    source: str = OVERRIDE_SOURCE,
    rehash: bool = True,
) -> Ruleset:
    """`ruleset` with checked overrides in force at every date; `rehash=False` keeps the old
    content hash (for comparing a run with its own rules)."""
    if not overrides:
        return ruleset
    fixed = dict(overrides)
    params = tuple(
        attrs.evolve(
            p, values=(DatedValue(None, fixed[p.name], source, "interpretation"),), unset=None
        )
        if p.name in fixed
        else p
        for p in ruleset.parameters
    )
    if not rehash:
        return attrs.evolve(ruleset, parameters=params)
    changed = attrs.evolve(ruleset, parameters=params, content_hash="")
    return attrs.evolve(changed, content_hash=content_hash(changed))


def with_parameters(
    ruleset: Ruleset,
    values: Mapping[str, object],
    *,
    source: str = "<parameters>",
    path: str = "parameters",
) -> Ruleset:
    """`ruleset` with each named parameter fixed to one value for the whole period.

    Values are given as they would be written in TOML (`"03-31"`, `true`, `"0.3"`, a date…)
    and checked as the loader checks them; `RulesetError` lists every mistake at once, at
    `path.name` in `source`. The result has its own content hash, so verdicts under an override
    are stamped as such. With no values, `ruleset` itself is returned.
    """
    reader = Parser(source)
    checked = check_overrides(reader, ruleset, sorted(values.items()), path)
    if reader.problems or checked is None:
        raise RulesetError(reader.problems)
    return apply_overrides(ruleset, checked)


__all__ = ["with_parameters"]
