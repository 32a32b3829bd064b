"""Near misses: cases one fact away from meeting a criterion, found by repairing generated
cases one edit at a time; the same search reaches a criterion's true and false results."""

from __future__ import annotations

import json
from collections import OrderedDict

import attrs
from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.case import Case, structure_case
from thiduarules.engine import Engine
from thiduarules.errors import CaseFileError, closest
from thiduarules.ruleset import Ruleset
from thiduarules.testing.strategies._cases import raw_cases
from thiduarules.testing.strategies._draw import Draw, Raw
from thiduarules.testing.strategies._edits import Edit, Repair
from thiduarules.testing.strategies._options import (
    NEAR_CANDIDATES,
    NEAR_MISSING,
    REACH_CANDIDATES,
    REACH_MISSING,
    check_strategy,
)
from thiduarules.testing.strategies._profile import Profile, profile_of
from thiduarules.verdict import FALSE, TRUE, Node, Result


@attrs.frozen
class NearMiss:
    """A case in which a criterion does not hold for one nomination, and one edit that makes it hold.

    `before` is the criterion's result in `case` ("false" or "unknown"); applying `edit` to
    `raw` gives `fixed_raw` (structured: `fixed`), in which the criterion is true for the same
    nomination. Both cases are evaluated whole, with every principle across nominations.
    """

    criterion: str
    nomination: str
    before: Result
    edit: Edit
    case: Case
    fixed: Case
    raw: Raw = attrs.field(eq=False, repr=False)
    fixed_raw: Raw = attrs.field(eq=False, repr=False)


_ENGINES: OrderedDict[int, tuple[Ruleset, Engine]] = OrderedDict()


def _plain_engine(ruleset: Ruleset) -> Engine:
    """A plain-Python engine per ruleset, reused: the oracle the near-miss search evaluates with."""
    hit = _ENGINES.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    engine = Engine(ruleset, backend="plain")
    _ENGINES[id(ruleset)] = (ruleset, engine)
    while len(_ENGINES) > 16:
        _ENGINES.popitem(last=False)
    return engine


def _criterion_node(verdict_root: Node, criterion: str) -> Node | None:
    """The first node evaluating `criterion` in an explanation tree, if it was evaluated."""
    for node in verdict_root.walk():
        if node.kind == "criterion" and node.ref == criterion:
            return node
    return None


def _criterion_result(
    engine: Engine, raw: Raw, nomination: str, criterion: str
) -> tuple[Case, Node] | None:
    try:
        case = structure_case(raw, engine.ruleset)
    except CaseFileError:  # an edit the loader refuses (an assessment kind the subject cannot have)
        return None
    for v in engine.evaluate(case).verdicts:
        if v.nomination == nomination:
            node = _criterion_node(v.explanation, criterion)
            return (case, node) if node is not None else None
    return None


MAX_REPAIR_STEPS = 12


def _search(
    draw: Draw,
    profile: Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> tuple[str, Raw, Case, Node, Edit, Raw, Case] | None:
    """Draw a case, then edit it one fact at a time until `criterion` has the result `want` for
    one nomination: (nomination, the case before the last edit, its criterion node, the last
    edit, the case after it, …), or None when no short series of edits gets there."""
    ruleset = profile.ruleset
    engine = _plain_engine(ruleset)
    raw = draw(raw_cases(profile, candidates, tracks, missing, profile.period_years))
    nomination = draw(st.sampled_from([n["id"] for n in raw["nominations"]]))
    found = _criterion_result(engine, raw, nomination, criterion)
    if found is None:
        return None
    case, node = found
    goal = TRUE if want else FALSE
    if node.result == goal:
        # Already there: first move it away, so the last step is the one that gets there.
        edits = Repair(profile, raw, nomination).edits(node, not want)
        if not edits:
            return None
        raw = draw(st.sampled_from(edits)).apply(raw)
        found = _criterion_result(engine, raw, nomination, criterion)
        if found is None or found[1].result == goal:
            return None
        case, node = found
    # A state seen before means the edits go round in circles (a criterion asking for two
    # things no candidate can be at once): give up on this case.
    seen = {json.dumps(raw, sort_keys=True)}
    for _ in range(MAX_REPAIR_STEPS):
        edits = Repair(profile, raw, nomination).edits(node, want)
        found = None
        while edits and found is None:
            edit = draw(st.sampled_from(edits))
            nxt = edit.apply(raw)
            state = json.dumps(nxt, sort_keys=True)
            if state not in seen:
                found = _criterion_result(engine, nxt, nomination, criterion)
            if found is None:
                edits.remove(edit)
        if found is None:
            break
        if found[1].result == goal:
            return nomination, raw, case, node, edit, nxt, found[0]
        seen.add(state)
        raw, (case, node) = nxt, found
    return None


@st.composite
def _near_misses(
    draw: st.DrawFn,
    profile: Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> tuple[str, Raw, Case, Node, Edit, Raw, Case]:
    found = _search(draw, profile, criterion, tracks, candidates, missing, want)
    if found is None:
        reject()
    return found


@st.composite
def _attempts(
    draw: st.DrawFn,
    profile: Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> Raw | None:
    """Like `_near_misses`, but a failed attempt is None rather than rejected, so that whoever
    runs the search counts the attempts and can stop."""
    found = _search(draw, profile, criterion, tracks, candidates, missing, want)
    return None if found is None else found[5]


def _criterion_tracks(ruleset: Ruleset, criterion: str) -> tuple[str, ...]:
    profile = profile_of(ruleset)
    known = {c.id for c in ruleset.criteria}
    if not isinstance(criterion, str) or criterion not in known:
        hint = closest(str(criterion), known)
        raise InvalidArgument(
            f"criterion {criterion!r} is not in ruleset {ruleset.meta.id}"
            + (f" (did you mean {hint!r}?)" if hint else "")
        )
    using = tuple(t.id for t in ruleset.tracks if criterion in profile.reaches[t.id])
    if not using:
        raise InvalidArgument(
            f"no track of ruleset {ruleset.meta.id} uses criterion {criterion!r}, so no verdict evaluates it"
        )
    return using


def near_misses(
    ruleset: Ruleset,
    criterion: str,
    *,
    candidates: st.SearchStrategy[int] = NEAR_CANDIDATES,
    missing: st.SearchStrategy[float] = NEAR_MISSING,
) -> st.SearchStrategy[NearMiss]:
    """Cases one fact away from meeting `criterion`, with the fact (see `NearMiss`).

    Each is found by drawing a case with a nomination on a track that uses the criterion, then
    applying single-fact edits chosen from its explanation (record the missing assessment, set
    the role the rule asks for, mark the initiative applied…) until the criterion holds; the
    last edit is the near miss. Cases where no short series of edits gets there are rejected,
    so a criterion no case can meet makes Hypothesis report the search as unsatisfiable.
    """
    profile = profile_of(ruleset)
    check_strategy(candidates, "candidates", "integers(1, 3)")
    check_strategy(missing, "missing", "floats(0, 0.5)")
    using = _criterion_tracks(ruleset, criterion)

    def pack(found: tuple[str, Raw, Case, Node, Edit, Raw, Case]) -> NearMiss:
        nomination, raw, case, node, edit, fixed_raw, fixed = found
        return NearMiss(criterion, nomination, node.result, edit, case, fixed, raw, fixed_raw)

    return _near_misses(profile, criterion, using, candidates, missing, True).map(pack)


def reaching(
    ruleset: Ruleset,
    criterion: str,
    want: bool,
    *,
    candidates: st.SearchStrategy[int] = REACH_CANDIDATES,
    missing: st.SearchStrategy[float] = REACH_MISSING,
) -> st.SearchStrategy[Raw | None]:
    """Case files in which `criterion` has the result `want` for some nomination (targeted
    search), or None for an attempt that did not get there."""
    profile = profile_of(ruleset)
    using = _criterion_tracks(ruleset, criterion)
    return _attempts(profile, criterion, using, candidates, missing, want)
