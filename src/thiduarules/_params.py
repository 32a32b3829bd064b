"""Parameter values in force on a date: effective-dated look-ups for the engine and allocation."""

from __future__ import annotations

import datetime as dt

from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset._expr import Ref
from thiduarules.ruleset._model import DatedValue, Parameter, ParamValue, Ruleset


class Params:
    """The ruleset's parameters as of one date (the evaluation date, or a decision date)."""

    def __init__(self, ruleset: Ruleset, on: dt.date) -> None:
        self.on = on
        self._params = {p.name: p for p in ruleset.parameters}

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
        p, current = self.entry(name)
        if current is None or current.value is None:
            reason = current.unset if current is not None else p.unset
            raise ParameterUnsetError(name, self.on.isoformat(), reason)
        return current.value

    def arg(self, value: object) -> ParamValue:
        """A literal argument as it is, or the value of a `{ param = … }` reference."""
        if isinstance(value, Ref):
            return self.get(value.param)
        return value  # type: ignore[return-value]
