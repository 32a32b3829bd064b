"""What every nomination of one evaluation shares: the ruleset, the parameters in force, the
case index and what the matcher decided — built once per case, read-only afterwards."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from typing import Any

import attrs

from thiduarules._deadline import Deadline
from thiduarules._params import Params
from thiduarules._program import Encoded, Matches, Program
from thiduarules.case._index import CaseIndex
from thiduarules.case._model import Award
from thiduarules.errors import ParameterUnsetError
from thiduarules.evaluate._logic import FALSE, TRUE, UNKNOWN, Result
from thiduarules.ruleset._model import AssessmentKind, Criterion, Principle, Ruleset, Term, Track
from thiduarules.verdict import Args, Need, Note


@attrs.frozen
class Withdrawal:
    """A claimed achievement taken from a nomination (false) or held for a decision (unknown),
    with the principle's reason and what would settle it."""

    result: Result
    note: Note
    needs: tuple[Need, ...] = ()


class Scope:
    """The shared, read-only context of one case's evaluation."""

    def __init__(
        self,
        rs: Ruleset,
        params: Params,
        index: CaseIndex,
        enc: Encoded,
        program: Program,
        m: Matches,
        deadline: Deadline | None = None,
    ) -> None:
        self.rs = rs
        self.deadline = deadline  # checked between nominations and passes (`_deadline`)
        self.params = params
        self.index = index
        self.shape_of = enc.shape_of
        self.program = program
        self.m = m
        self.criteria: dict[str, Criterion] = {c.id: c for c in rs.criteria}
        self.tracks: dict[str, Track] = {t.id: t for t in rs.tracks}
        self.kinds: dict[str, AssessmentKind] = {a.slug: a for a in rs.assessments}
        self.forms: dict[str, Term] = {t.slug: t for t in dict(rs.vocabularies).get("forms", ())}
        self.one_reward: Principle | None = rs.principle_by_rule("one-achievement-one-reward")
        self.form_fits: Principle | None = rs.principle_by_rule("form-fits")
        # The bodies whose judgements prevail over other bodies' (judgement-precedence): none
        # when the ruleset declares no precedence or its parameter is unset.
        self.senior: frozenset[str] = frozenset()
        precedence = rs.principle_by_rule("judgement-precedence")
        if precedence is not None and precedence.precedence is not None:
            with contextlib.suppress(ParameterUnsetError):
                self.senior = frozenset(params.strings(precedence.precedence))
        # (nomination id, achievement id) → the past awards that rewarded what it claims: not the
        # award that answered this very nomination, nor one decided after the evaluation date
        # (not yet known then).
        self.rewarded: dict[tuple[str, str], list[Award]] = defaultdict(list)
        ids = enc.ids
        # Awards that would have counted but are dated after the evaluation date: said, not used.
        self.rewarded_later: dict[tuple[str, str], list[Award]] = defaultdict(list)
        for n_key, a_key, w_key in sorted(m.rewarded):
            award, nomination = index.awards[ids[w_key]], ids[n_key]
            if award.nomination == nomination:
                continue
            if index.known_award(award):
                self.rewarded[(nomination, ids[a_key])].append(award)
            else:
                self.rewarded_later[(nomination, ids[a_key])].append(award)
        # Pieces of explanations that depend only on the case and the rules (a record's facts,
        # a leaf's fixed arguments), built once and shared by every nomination that reads them.
        self.shared: dict[object, Any] = {}
        self._pieces: dict[object, Any] = {}
        self._hit = m.hit
        self._decided = m.decided
        self._selected = m.selected

    def args(self, args: Args) -> Args:
        """`args` as one shared tuple of shared pairs: equal arguments of many nodes (a year, a
        window, a rule's settings) are held once. A round's explanations are mostly such
        repeats, and every tuple kept is one more object for the cycle collector to scan."""
        got: Args | None = self._pieces.get(args)
        if got is None:
            pieces = self._pieces
            got = tuple(pieces.setdefault(p, p) for p in args)
            pieces[got] = got
        return got

    def status(self, pid: str, ident: str) -> Result | None:
        """How pattern `pid` judged the case record `ident` (`s:DG-01`): true, false, unknown
        (selected, but a field the test reads is absent) or None (not selected)."""
        shape = self.shape_of[ident]
        if shape in self._hit.get(pid, ()):
            return TRUE
        if shape in self._decided.get(pid, ()):
            return FALSE
        if shape in self._selected.get(pid, ()):
            return UNKNOWN
        return None
