"""Principles across nominations: one achievement one reward, the places of a round, reports.

These decide nothing a single nomination could decide alone. Each is applied after every
nomination has its own verdict, and each decision it takes is written into the verdicts it
touches, with its clause, so the explanation stays whole.

The decisions are taken dossier by dossier in the order they were filed, each from what is
already known of the others: a dossier loses a place or an achievement only to one that is
settled as eligible, and is held (unknown) while the one ahead of it is undetermined, its
filing date is missing, or the Council has to choose. So learning a fact can settle a verdict
but never reverse a settled one. A nomination that turns out ineligible competes with no one;
since that is known only once its own verdict is, the round is worked through again until no
verdict changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

import attrs

from thiduarules._places import Places
from thiduarules.case._model import CouncilDecision, Nomination
from thiduarules.errors import EngineError, ParameterUnsetError
from thiduarules.evaluate._logic import FALSE, TRUE, UNKNOWN
from thiduarules.evaluate._scope import Scope, Withdrawal
from thiduarules.evaluate._track import evaluate_nomination
from thiduarules.ruleset._model import Principle
from thiduarules.verdict import Args, CaseResult, Conflict, Need, Node, Note, Stamp, Verdict

CONFLICT_RULES = ("hoi-dong-quyet-dinh", "uu-tien-nop-truoc")
COUNCIL, FIRST_FILED = CONFLICT_RULES


def _order(n: Nomination) -> tuple[dt.date, str]:
    return (n.filed or dt.date.max, n.id)


def grounds(verdict: Verdict, achievement: str) -> bool:
    """Whether `achievement` counts (true or unknown) toward `verdict`."""
    return any(a == achievement and r != FALSE for a, r in verdict.claims)


def counts(verdict: Verdict, achievement: str) -> bool:
    """Whether `achievement` counts as met (true) toward `verdict`."""
    return any(a == achievement and r == TRUE for a, r in verdict.claims)


def _live(verdict: Verdict, achievement: str) -> bool:
    """Whether a nomination may still be rewarded with `achievement` among its grounds."""
    return verdict.outcome != "ineligible" and grounds(verdict, achievement)


def _ids_of(noms: Iterable[Nomination]) -> tuple[str, ...]:
    return tuple(n.id for n in noms)


@attrs.frozen
class _Decision:
    """What the principles decided for one nomination in one pass over the round."""

    extra: tuple[Node, ...] = ()
    withdrawn: Mapping[str, Withdrawal] = attrs.field(factory=dict)
    duplicates: tuple[Note, ...] = ()
    lost: frozenset[str] = frozenset()  # achievements taken by a dossier filed earlier


class _Round:
    """The nominations of one evaluation and the principles that relate them."""

    def __init__(self, scope: Scope, nominations: tuple[Nomination, ...]) -> None:
        rs = scope.rs
        self.scope = scope
        self.queue = sorted(nominations, key=_order)
        self.by_id = {n.id: n for n in nominations}
        self.alone: dict[str, Verdict] = {}
        deadline, total = scope.deadline, len(nominations)
        for i, n in enumerate(nominations):
            if deadline is not None:
                deadline.check("nominations", i, total)
            self.alone[n.id] = evaluate_nomination(scope, n)
        self.cache: dict[object, Verdict] = {}

        self.places = Places(scope, self.queue)

        self.rule: Principle | None = rs.principle_by_rule("one-achievement-one-reward")
        self.mode = COUNCIL
        if self.rule is not None and self.rule.conflict is not None:
            try:
                self.mode = str(scope.params.get(self.rule.conflict.param))
            except ParameterUnsetError:
                self.mode = COUNCIL
        # What the Council settled: who keeps a shared achievement; who takes an annual place.
        self.kept_for: dict[str, CouncilDecision] = scope.index.kept_for
        self.placed: dict[str, CouncilDecision] = scope.index.placed
        # Who claims what: linear in the claims (the index groups them by achievement).
        self.claimants: dict[str, set[str]] = {}
        for a, noms in scope.index.claimants.items():
            here = {m for m in noms if m in self.by_id}
            if len(here) > 1:
                self.claimants[a] = here

    # ---- relations ------------------------------------------------------------------------------

    def rivals(self, n: Nomination, m: Nomination) -> bool:
        """Whether `n` and `m` could both be rewarded, so that one achievement would ground two
        rewards: not two dossiers that compete for one candidate's single place in a round."""
        return not self.places.one_place(n, m)

    # ---- one pass ---------------------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Verdict], dict[str, _Decision]]:
        """Passes over the round in filing order until no verdict changes."""
        known = dict(self.alone)
        deadline, total = self.scope.deadline, len(self.queue)
        for _ in range(len(self.queue) + 2):
            decisions: dict[str, _Decision] = {}
            before = dict(known)
            for i, n in enumerate(self.queue):
                if deadline is not None:
                    deadline.check("principles", i, total)
                d = self.decide(n, known)
                decisions[n.id] = d
                known[n.id] = self.verdict(n, d)
            if known == before:
                return known, decisions
        raise EngineError(
            "các nguyên tắc giữa các đề nghị không hội tụ / the principles across nominations "
            f"did not settle after {len(self.queue) + 2} passes"
        )

    def verdict(self, n: Nomination, d: _Decision) -> Verdict:
        if not d.extra and not d.withdrawn:
            return self.alone[n.id]
        key = (n.id, d.extra, tuple(sorted(d.withdrawn.items())))
        try:
            hit = self.cache.get(key)
        except TypeError:  # a fact value that does not hash: evaluate without the cache
            return evaluate_nomination(self.scope, n, dict(d.withdrawn), d.extra)
        if hit is None:
            hit = self.cache[key] = evaluate_nomination(self.scope, n, dict(d.withdrawn), d.extra)
        return hit

    def decide(self, n: Nomination, known: Mapping[str, Verdict]) -> _Decision:
        if self.alone[n.id].outcome == "ineligible":
            return _Decision()  # ineligible on its own: it takes no place and holds nothing
        node, duplicate = self.places.slot(n, known)
        withdrawn, lost = self.withdrawals(n, known)
        return _Decision(
            (node,) if node is not None else (),
            withdrawn,
            (duplicate,) if duplicate is not None else (),
            frozenset(lost),
        )

    # ---- one achievement, one reward (III.1.2.2) -----------------------------------------------

    def withdrawals(
        self, n: Nomination, known: Mapping[str, Verdict]
    ) -> tuple[dict[str, Withdrawal], set[str]]:
        """The claimed achievements `n` loses (false) or holds pending a decision (unknown)."""
        rule = self.rule
        out: dict[str, Withdrawal] = {}
        lost: set[str] = set()
        if rule is None:
            return out, lost
        for a in n.achievements:
            if len(self.claimants.get(a, ())) < 2 or not grounds(self.alone[n.id], a):
                continue
            decided = self.kept_for.get(a)
            if self.mode != FIRST_FILED and decided is not None:
                # The Council's word holds whatever becomes of the others: learning a fact about
                # them can then never give the achievement back.
                if decided.nomination != n.id:
                    out[a] = self._decided(rule, decided)
                    lost.add(a)
                continue
            rivals = [
                self.by_id[m]
                for m in sorted(self.claimants[a])
                if m != n.id and self.rivals(n, self.by_id[m]) and _live(known[m], a)
            ]
            title = self.scope.index.achievements[a].title
            if self.mode != FIRST_FILED:
                if rivals:
                    out[a] = self._council(rule, a, title, n, rivals)
                continue
            if not rivals and (decided is None or n.filed is None):
                continue
            if n.filed is None or any(m.filed is None for m in rivals):
                undated = [m for m in (n, *rivals) if m.filed is None]
                out[a] = Withdrawal(
                    UNKNOWN,
                    Note(rule.clauses, "claim.undated", (("rivals", _ids_of(rivals)),)),
                    (
                        Need(
                            f"nominations[{', '.join(_ids_of(undated))}].filed",
                            "need.filed-order",
                            (("nominations", _ids_of(undated)), ("title", title)),
                        ),
                    ),
                )
                continue
            filed = n.filed
            earlier = [m for m in rivals if m.filed is not None and m.filed < filed]
            same_day = [m for m in rivals if m.filed == filed]
            keepers = [
                m for m in earlier if known[m.id].outcome == "eligible" and counts(known[m.id], a)
            ]
            if keepers:
                out[a] = Withdrawal(
                    FALSE, Note(rule.clauses, "claim.kept-earlier", (("kept_by", keepers[0].id),))
                )
                lost.add(a)
            elif earlier:
                out[a] = Withdrawal(
                    UNKNOWN,
                    Note(rule.clauses, "claim.earlier-pending", (("earlier", _ids_of(earlier)),)),
                    tuple(
                        Need(f"nominations[{m.id}]", "need.settle-first", (("nomination", m.id),))
                        for m in earlier
                    ),
                )
            elif decided is not None and self._same_day(a, decided, filed):
                if decided.nomination != n.id:
                    out[a] = self._decided(rule, decided)
                    lost.add(a)
            elif same_day:
                out[a] = self._council(rule, a, title, n, same_day, same_day=True)
        return out, lost

    def _same_day(self, a: str, decided: CouncilDecision, filed: dt.date) -> bool:
        """Whether the Council's choice for `a` is among its claimants filed on `filed`: under
        "the dossier filed first keeps it", the Council settles only dossiers of one day."""
        chosen = self.by_id.get(decided.nomination)
        return chosen is not None and a in chosen.achievements and chosen.filed == filed

    @staticmethod
    def _decided(rule: Principle, d: CouncilDecision) -> Withdrawal:
        return Withdrawal(FALSE, Note(rule.clauses, "claim.council-decided", _decision_args(d)))

    @staticmethod
    def _council(
        rule: Principle,
        a: str,
        title: str,
        n: Nomination,
        rivals: list[Nomination],
        *,
        same_day: bool = False,
    ) -> Withdrawal:
        return Withdrawal(
            UNKNOWN,
            Note(
                rule.clauses,
                "claim.council",
                (("rivals", _ids_of(rivals)), ("same_day", same_day)),
            ),
            (
                Need(
                    f"council_decisions[achievement={a}]",
                    "need.council-claim",
                    (("achievement", a), ("title", title), ("nominations", _ids_of([n, *rivals]))),
                ),
            ),
        )

    # ---- what the Council is shown -------------------------------------------------------------

    def unread_decisions(self, decisions: Mapping[str, _Decision]) -> dict[str, list[Note]]:
        """Under "the dossier filed first keeps it", a Council decision that the rule overrides
        (the dossier it chose was not filed first, or its date is missing): a warning on the
        nomination it chose, so that the decision is not silently passed over."""
        rule = self.rule
        out: dict[str, list[Note]] = defaultdict(list)
        if rule is None or self.mode != FIRST_FILED:
            return out
        for a, d in sorted(self.kept_for.items()):
            chosen = decisions.get(d.nomination)
            if chosen is None or a not in chosen.withdrawn:
                continue
            out[d.nomination].append(
                Note(
                    rule.clauses,
                    "warning.decision-overridden",
                    (("decision", d.id), ("achievement", a), ("nomination", d.nomination)),
                )
            )
        return out

    def conflicts(
        self, final: Mapping[str, Verdict], decisions: Mapping[str, _Decision]
    ) -> list[Conflict]:
        """Each achievement that two nominations which could both be rewarded claim: those that
        may still be rewarded with it, and those that lost it to a dossier filed earlier."""
        rule = self.rule
        out: list[Conflict] = []
        if rule is None:
            return out
        for a in sorted(self.claimants):
            party = [
                self.by_id[m]
                for m in sorted(self.claimants[a], key=lambda i: _order(self.by_id[i]))
                if _live(final[m], a) or a in decisions[m].lost
            ]
            if not any(self.rivals(x, y) for x in party for y in party if x is not y):
                continue
            kept_by = None
            decided = self.kept_for.get(a)
            applied = decided is not None and any(
                decisions[m.id].withdrawn.get(a) == self._decided(rule, decided) for m in party
            )
            if self.mode == FIRST_FILED or applied:
                keepers = [m.id for m in party if counts(final[m.id], a)]
                kept_by = keepers[0] if len(keepers) == 1 else None
            if applied and decided is not None:
                how, extra = "council-decided", _decision_args(decided)
            elif kept_by is not None and final[kept_by].outcome == "eligible":
                how, extra = "kept-by", ()
            elif kept_by is not None:
                how, extra = "kept-if-eligible", ()
            elif self.mode == FIRST_FILED:
                how, extra = "order-unsettled", ()
            else:
                how, extra = "council", ()
            party_ids = tuple(sorted(m.id for m in party))
            args: Args = (
                ("achievement", a),
                ("title", self.scope.index.achievements[a].title),
                ("nominations", party_ids),
                ("how", how),
                ("kept_by", kept_by),
                *extra,
            )
            out.append(
                Conflict(a, party_ids, self.mode, kept_by, Note(rule.clauses, "conflict", args))
            )
        return out


def _decision_args(d: CouncilDecision) -> Args:
    return (
        ("decision", d.id),
        ("nomination", d.nomination),
        ("record", d.record),
        ("date", d.date),
    )


def apply_principles(scope: Scope, nominations: tuple[Nomination, ...], stamp: Stamp) -> CaseResult:
    """Every verdict of the case, with the cross-case principles applied and explained."""
    return settle(scope, nominations, stamp)[0]


def settle(
    scope: Scope, nominations: tuple[Nomination, ...], stamp: Stamp
) -> tuple[CaseResult, dict[str, Mapping[str, Withdrawal]]]:
    """`apply_principles`, with the achievements taken from or held for each nomination."""
    rnd = _Round(scope, nominations)
    final, decisions = rnd.run()
    conflicts = rnd.conflicts(final, decisions)
    partners: dict[str, set[str]] = defaultdict(set)
    warnings: dict[str, list[Note]] = defaultdict(list)
    for c in conflicts:
        title = scope.index.achievements[c.achievement].title
        for nid in c.nominations:
            others = tuple(o for o in c.nominations if o != nid)
            partners[nid].update(others)
            warnings[nid].append(
                Note(
                    c.note.clauses,
                    "warning.shared",
                    (("achievement", c.achievement), ("title", title), ("others", others)),
                )
            )
    for nid, notes in rnd.unread_decisions(decisions).items():
        warnings[nid].extend(notes)
    verdicts = []
    for nid in sorted(final):
        v = final[nid]
        if nid in partners or nid in warnings:
            v = attrs.evolve(
                v,
                warnings=v.warnings + tuple(warnings.get(nid, ())),
                conflicts_with=tuple(sorted(partners.get(nid, ()))),
            )
        verdicts.append(v)
    duplicates = tuple(note for n in rnd.queue for note in decisions[n.id].duplicates)
    result = CaseResult(
        stamp, tuple(verdicts), tuple(conflicts), duplicates, late_reports(scope), scope.rs
    )
    return result, {nid: d.withdrawn for nid, d in decisions.items() if d.withdrawn}


def late_reports(scope: Scope) -> tuple[Note, ...]:
    """Units whose yearly report (plan IV.2) came on or after the deadline, or not at all."""
    rule = scope.rs.principle_by_rule("report-deadline")
    if rule is None or rule.deadline is None:
        return ()
    try:
        month, day = (int(x) for x in str(scope.params.get(rule.deadline.param)).split("-"))
    except ParameterUnsetError:
        return ()
    out = []
    for r in scope.index.case.unit_reports:
        deadline = dt.date(r.year, month, day)
        args: Args = (("unit", r.unit), ("year", r.year), ("deadline", deadline))
        if r.reported is None:
            out.append(Note(rule.clauses, "report.missing", args))
        elif r.reported >= deadline:
            out.append(Note(rule.clauses, "report.late", (*args, ("reported", r.reported))))
    return tuple(out)


__all__ = ["CONFLICT_RULES", "apply_principles", "counts", "grounds", "late_reports", "settle"]
