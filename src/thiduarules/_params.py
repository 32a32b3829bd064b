"""Parameter values in force on a date: effective-dated look-ups for the engine and allocation."""

from __future__ import annotations

import datetime as dt

from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset._expr import Ref
from thiduarules.ruleset._model import DatedValue, Parameter, ParamValue, Ruleset


class Params:
    """The ruleset's parameters as of one date (the evaluation date, or a decision date).

    Look-ups are remembered: the values in force on one date never change.
    """

    def __init__(self, ruleset: Ruleset, on: dt.date) -> None:
        self.on = on
        self._params = {p.name: p for p in ruleset.parameters}
        self._memo: dict[str, ParamValue | ParameterUnsetError] = {}
        self._strings: dict[object, tuple[str, ...]] = {}

    def entry(self, name: str) -> tuple[Parameter, DatedValue | None]:
        """The parameter and the value entry in force on `self.on` (None if none is)."""
        p = self._params[name]
        current = None
        for v in p.values:  # sorted by `since`
            if v.since is None or v.since <= self.on:
                current = v
        return p, current

    def get(self, name: str) -> ParamValue:
        """The value in force, or `ParameterUnsetError` saying why there is none."""
        hit = self._memo.get(name)
        if hit is None:
            p, current = self.entry(name)
            if current is None or current.value is None:
                reason = current.unset if current is not None else p.unset
                hit = ParameterUnsetError(name, self.on.isoformat(), reason)
            else:
                hit = current.value
            self._memo[name] = hit
        if isinstance(hit, ParameterUnsetError):
            raise ParameterUnsetError(hit.name, hit.on, hit.reason)
        return hit

    def arg(self, value: object) -> ParamValue:
        """A literal argument as it is, or the value of a `{ param = … }` reference."""
        if isinstance(value, Ref):
            return self.get(value.param)
        return value  # type: ignore[return-value]

    def integer(self, value: object) -> int:
        """An integer argument (a literal or a parameter of type integer)."""
        return int(self.arg(value))  # type: ignore[arg-type]

    def flag(self, value: object) -> bool:
        return bool(self.arg(value))

    def strings(self, value: object) -> tuple[str, ...]:
        """A list argument (literal values or a `set` parameter), as strings."""
        hit = self._strings.get(value)
        if hit is None:
            got: object = self.arg(value)
            hit = tuple(_text(v) for v in got) if isinstance(got, tuple) else (str(got),)
            self._strings[value] = hit
        return hit

    def values(self, value: object) -> tuple[str | bool, ...]:
        """A list argument as it was written (strings, or booleans for `in_commune`)."""
        got = self.arg(value)
        return got if isinstance(got, tuple) else (got,)  # type: ignore[return-value]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
