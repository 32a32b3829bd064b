"""The same case gives the same answer, byte for byte, in any order and from many threads."""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hypothesis import strategies as st

from thiduarules.render import to_json
from thiduarules.ruleset import Ruleset
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    ORDERS,
    InvariantFailure,
    InvariantReport,
    Raw,
    diff,
    open_engine,
    run_property,
    structured,
)


def shuffled(raw: Mapping[str, Any], rnd: random.Random) -> Raw:
    """The same case file with every collection, and the keys of every record, in another order."""

    def keys(record: Any) -> Any:
        if not isinstance(record, dict):
            return record
        items = list(record.items())
        rnd.shuffle(items)
        return dict(items)

    out: Raw = {}
    top = list(raw)
    rnd.shuffle(top)
    for key in top:
        value = copy.deepcopy(raw[key])
        if isinstance(value, list):
            rnd.shuffle(value)
            value = [keys(v) for v in value]
        out[key] = value
    return out


def determinism(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """The same case gives the same answer, byte for byte: `to_json` of its result is identical
    when it is evaluated again, with every collection (and the keys of every record) in another
    order, and from four threads sharing one `Engine` at once (two of them on the reordered case).

    Results are compared as data (equal `CaseResult`s render to equal JSON); the JSON text of the
    first and of a reordered one is compared byte for byte as well.
    """
    name = "determinism"
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES), ORDERS)
    with (
        open_engine(ruleset) as engine,
        ThreadPoolExecutor(4, thread_name_prefix="thiduarules-audit") as pool,
    ):

        def check(raw: Raw, rnd: random.Random) -> None:
            case = structured(raw, ruleset)
            other = shuffled(raw, rnd)
            reordered = structured(other, ruleset)
            first = engine.evaluate(case)
            runs = list(pool.map(engine.evaluate, (case, reordered, case, reordered)))
            labels = ("evaluated again", "reordered", "evaluated again", "reordered")
            for i, (label, result) in enumerate(zip(labels, runs, strict=True)):
                if result != first:
                    raise InvariantFailure(
                        name,
                        f"the same case, {label} (thread {i + 1} of 4 sharing one Engine), gave a different result:\n"
                        + diff(to_json(first), to_json(result)),
                        raw,
                        {"reordered": other} if label == "reordered" else None,
                    )
            text, again = to_json(first), to_json(runs[1])
            if text != again:
                raise InvariantFailure(
                    name,
                    "equal results rendered to different JSON:\n" + diff(text, again),
                    raw,
                    {"reordered": other},
                )

        return run_property(name, strategy, check, examples=examples, seed=seed)
