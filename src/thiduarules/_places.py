"""The places a round gives one candidate: one annual Giấy khen a year, one period-end reward.

A ruleset limits how many rewards of a round one candidate may receive for one year — the
annual round (`annual-limit`, choice 6) and the period-end round (`period-end-limit`:
III.1.2.2, a Giấy khen and a proposal upward on the same period record are one achievement
with two forms). Awards already decided for that round and year fill places first; an award
that answered the nomination under evaluation is that nomination's own, not another reward.

The two rounds share places differently. Annual dossiers are taken in the order they were
filed (the Council chooses only among dossiers of one day); period-end dossiers are filed in
one window, so where more of them are live than there are places, the Council chooses
(a `council_decisions` record naming the nomination, without an achievement).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import attrs

from thiduarules.case._model import Award, Nomination
from thiduarules.evaluate._logic import FALSE, UNKNOWN, Result
from thiduarules.evaluate._scope import Scope
from thiduarules.ruleset._model import Principle
from thiduarules.verdict import Args, Need, Node, Note, Verdict

# The limit rule of each round, and how its places are shared when dossiers compete.
ROUND_LIMITS = {"annual": "annual-limit", "period-end": "period-end-limit"}
BY_FILING, BY_COUNCIL = "filing-order", "council"
SHARING = {"annual": BY_FILING, "period-end": BY_COUNCIL}

Group = tuple[str, str, int]  # (round, candidate, year)


def _ids(noms: list[Nomination]) -> tuple[str, ...]:
    return tuple(n.id for n in noms)


@attrs.frozen
class _Limit:
    rule: Principle
    places: int


class Places:
    """The limited rounds of one evaluation: who competes for a candidate's places."""

    def __init__(self, scope: Scope, queue: list[Nomination]) -> None:
        self.scope = scope
        self.limits: dict[str, _Limit] = {}
        for rnd, rule_name in ROUND_LIMITS.items():
            rule = scope.rs.principle_by_rule(rule_name)
            if rule is not None and rule.limit is not None:
                self.limits[rnd] = _Limit(rule, scope.params.integer(rule.limit))
        # Awards decided by the evaluation date, by (round, recipient, year): they fill places.
        self.awards: dict[Group, list[Award]] = defaultdict(list)
        for w in scope.index.awards.values():
            if w.round in self.limits and w.year is not None and scope.index.known_award(w):
                self.awards[(w.round, w.recipient, w.year)].append(w)
        self.groups: dict[Group, list[Nomination]] = defaultdict(list)
        for n in queue:  # in filing order
            key = self.group(n)
            if key is not None:
                self.groups[key].append(n)
        self.placed = scope.index.placed

    def group(self, n: Nomination) -> Group | None:
        """The (round, candidate, year) whose places `n` competes for, if its round is limited."""
        rnd = self.scope.tracks[n.track].round
        if rnd not in self.limits:
            return None
        return (rnd, n.candidate, n.year)

    def one_place(self, n: Nomination, m: Nomination) -> bool:
        """Whether `n` and `m` compete for a single place: then one achievement cannot ground
        both, and the place, not the achievement, decides between them."""
        key = self.group(n)
        return key is not None and key == self.group(m) and self.limits[key[0]].places == 1

    def awarded(self, n: Nomination) -> list[Award]:
        """The awards of `n`'s round already decided for its candidate and year (by the
        evaluation date), other than one that answered `n` itself."""
        key = self.group(n)
        if key is None:
            return []
        return [w for w in self.awards.get(key, ()) if w.nomination != n.id]

    def slot(self, n: Nomination, known: Mapping[str, Verdict]) -> tuple[Node | None, Note | None]:
        """Whether `n` takes one of its candidate's places in its round: None where it does
        (or nothing limits it), else the principle's node and the note the round lists."""
        key = self.group(n)
        if key is None:
            return None, None
        limit = self.limits[key[0]]
        places = limit.places
        base: Args = (
            ("candidate", n.candidate),
            ("year", n.year),
            ("limit", places),
            ("nomination", n.id),
        )
        period = key[0] == "period-end"
        past = self.awarded(n)
        if len(past) >= places:
            code = "limit.period-awarded" if period else "limit.awarded"
            return self._say(limit.rule, FALSE, code, (*base, ("awards", _ids_w(past))))
        places -= len(past)  # the places already given by a decided award are not free
        others = [
            m for m in self.groups[key] if m.id != n.id and known[m.id].outcome != "ineligible"
        ]
        if len(others) < places:
            return None, None
        if SHARING[key[0]] == BY_COUNCIL:
            return self._council(limit.rule, n, others, places, base)
        return self._by_filing(limit.rule, n, others, places, base, known)

    def _council(
        self, rule: Principle, n: Nomination, others: list[Nomination], places: int, base: Args
    ) -> tuple[Node | None, Note | None]:
        """Period-end places: the Council chooses among the live dossiers."""
        if n.id in self.placed:
            return None, None
        chosen = [m for m in others if m.id in self.placed]
        if len(chosen) >= places:
            decisions = tuple(self.placed[m.id].id for m in chosen)
            args = (*base, ("kept_by", _ids(chosen)), ("decisions", decisions))
            return self._say(rule, FALSE, "limit.period-placed", args)
        args = (*base, ("rivals", _ids(others)))
        need = Need(
            f"council_decisions[candidate={n.candidate}, year={n.year}]",
            "need.council-period",
            (("nominations", _ids([n, *others])), ("candidate", n.candidate)),
        )
        return self._say(rule, UNKNOWN, "limit.period-council", args, (need,))

    def _by_filing(
        self,
        rule: Principle,
        n: Nomination,
        others: list[Nomination],
        places: int,
        base: Args,
        known: Mapping[str, Verdict],
    ) -> tuple[Node | None, Note | None]:
        """Annual places: the dossier filed first takes the place (choice 6); among dossiers of
        one day, those the Council chose come first."""
        if n.filed is None or any(m.filed is None for m in others):
            undated = [m for m in (n, *others) if m.filed is None]
            args = (*base, ("count", len(others) + 1), ("undated", _ids(undated)))
            wanted = tuple(
                Need(f"nominations[{u.id}].filed", "need.filed", (("nomination", u.id),))
                for u in undated
            )
            return self._say(rule, UNKNOWN, "limit.undated", args, wanted)
        filed = n.filed
        earlier = [m for m in others if m.filed is not None and m.filed < filed]
        same_day = [m for m in others if m.filed == filed]
        if n.id not in self.placed:
            earlier += [m for m in same_day if m.id in self.placed]
        same_day = [m for m in same_day if (m.id in self.placed) == (n.id in self.placed)]
        sure = [m for m in earlier if known[m.id].outcome == "eligible"]
        maybe = [m for m in earlier if known[m.id].outcome == "undetermined"]
        if len(sure) >= places:
            return self._say(rule, FALSE, "limit.taken", (*base, ("kept_by", _ids(sure))))
        if len(sure) + len(maybe) + len(same_day) < places:
            return None, None
        needs: list[Need] = [
            Need(f"nominations[{m.id}]", "need.settle-first", (("nomination", m.id),))
            for m in maybe
        ]
        if same_day:
            needs.append(
                Need(
                    f"council_decisions[candidate={n.candidate}, year={n.year}]",
                    "need.council-place",
                    (("nominations", _ids([n, *same_day])),),
                )
            )
        args = (
            *base,
            ("earlier", _ids(sure + maybe)),
            ("same_day", _ids(same_day)),
            ("filed", filed),
        )
        return self._say(rule, UNKNOWN, "limit.held", args, tuple(needs))

    @staticmethod
    def _say(
        rule: Principle, result: Result, code: str, args: Args, needs: tuple[Need, ...] = ()
    ) -> tuple[Node, Note]:
        node = Node("principle", result, code, args, rule.clauses, rule.id, needs=needs)
        return node, Note(rule.clauses, code, args)


def _ids_w(awards: list[Award]) -> tuple[str, ...]:
    return tuple(w.id for w in awards)
