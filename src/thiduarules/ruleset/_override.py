"""What-if rulesets: the same rules with some parameters pinned to other values."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping

import attrs

from thiduarules.errors import Problem, RulesetError, closest
from thiduarules.ruleset._load import content_hash
from thiduarules.ruleset._model import DatedValue, Ruleset
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._validate import Validator


def with_parameters(
    ruleset: Ruleset, values: Mapping[str, object], *, source: str = "override"
) -> Ruleset:
    """`ruleset` with each named parameter fixed to one value for the whole period.

    Values are given as they would be written in TOML (`"03-31"`, `true`, `"0.3"`, a date…)
    and checked against the parameter's type; every mistake is reported at once. The result
    has its own content hash, so verdicts under an override are stamped as such.
    """
    params = {p.name: p for p in ruleset.parameters}
    reader = Parser(source)
    replaced = dict(params)
    for name in sorted(values):
        path = f"parameters.{name}"
        p = params.get(name)
        if p is None:
            reader.problems.append(
                Problem(
                    source,
                    path,
                    "tham số không tồn tại / no such parameter",
                    repr(name),
                    None,
                    closest(name, params),
                )
            )
            continue
        given = nfc(values[name])
        if p.type == "date" and isinstance(given, str):
            with contextlib.suppress(ValueError):  # an ISO date string stands for a TOML date
                given = dt.date.fromisoformat(given)
        value = reader.typed(given, path, p.type, p.choices)
        if value is None:
            continue
        entry = DatedValue(None, value, source, "interpretation")
        replaced[name] = attrs.evolve(p, values=(entry,), unset=None)
    if reader.problems:
        raise RulesetError(reader.problems)
    out = attrs.evolve(ruleset, parameters=tuple(replaced[p.name] for p in ruleset.parameters))
    Validator(out, reader).run()  # a set parameter must still draw on its vocabulary
    if reader.problems:
        raise RulesetError(reader.problems)
    return attrs.evolve(out, content_hash=content_hash(out))


__all__ = ["with_parameters"]
