"""One nomination on its track: who it is for, the period, the form, the criteria, the claims
and the filing time — the root of its explanation, and its verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from thiduarules.case._model import Nomination
from thiduarules.errors import ParameterUnsetError
from thiduarules.evaluate import _logic
from thiduarules.evaluate._conditions import Conditions, unset_node
from thiduarules.evaluate._logic import FALSE, TRUE, UNKNOWN, Result
from thiduarules.evaluate._scope import Scope, Withdrawal
from thiduarules.ruleset._expr import Expr
from thiduarules.ruleset._model import Track
from thiduarules.verdict import (
    OUTCOME,
    Args,
    Fact,
    Need,
    Node,
    Note,
    Verdict,
    dedupe,
    missing_notes,
    settle_needs,
)

NO_WITHDRAWALS: Mapping[str, Withdrawal] = {}


def evaluate_nomination(
    scope: Scope,
    nom: Nomination,
    withdrawn: Mapping[str, Withdrawal] = NO_WITHDRAWALS,
    extra: tuple[Node, ...] = (),
) -> Verdict:
    """The verdict for `nom`: `withdrawn` takes claimed achievements away (false) or holds them
    pending a decision (unknown); `extra` adds the principles' nodes to the root."""
    track = scope.tracks[nom.track]
    cand = scope.index.candidates[nom.candidate]
    form = nom.form or track.forms[0]
    cond = Conditions(scope, nom, track, withdrawn, track.clauses)
    requires = cond.run(track.requires)
    form_node, proposal = _form(scope, track, form, nom)
    children = [_subject(scope, track, nom), _period(scope, track, nom), form_node, requires]
    counted = {n.ref for n in cond.achievements}
    direct = [a for a in dict.fromkeys(nom.achievements) if a not in counted]
    if direct:
        children.append(_claims(cond, direct))
    children.extend(extra)
    warnings: list[Note] = list(cond.warnings)
    if track.timing is not None:
        timing, warning = _timing(scope, track, nom)
        children.append(timing)
        if warning is not None:
            warnings.append(warning)
        if track.round == "annual" and nom.filed is not None and nom.filed.year <= nom.year:
            # A dossier for a year that had not ended when it was filed (III.2.3.a.1).
            warnings.append(
                Note(
                    track.timing.clauses,
                    "warning.filed-early",
                    (("nomination", nom.id), ("year", nom.year), ("filed", nom.filed)),
                )
            )
    result = _logic.all3(c.result for c in children)
    root = Node(
        "track",
        result,
        "track",
        scope.args((("year", nom.year),)),
        track.clauses,
        track.id,
        (
            Fact(f"nominations[{nom.id}].track", nom.track),
            Fact(f"nominations[{nom.id}].year", nom.year),
        ),
        children=tuple(children),
    )
    claims: dict[str, set[Result]] = {}
    for n in cond.achievements:
        claims.setdefault(n.ref or "", set()).add(n.result)
    grounds = tuple(a for a, results in claims.items() if TRUE in results)
    return Verdict(
        nomination=nom.id,
        candidate=cand.id,
        candidate_name=cand.name,
        track=track.id,
        year=nom.year,
        form=form,
        outcome=OUTCOME[result],
        explanation=root,
        settle=dedupe(settle_needs(root)),
        missing=dedupe(missing_notes(root)),
        warnings=dedupe(warnings),
        proposal=proposal and result != FALSE,
        grounds=grounds if result == TRUE else (),
        claims=tuple((a, _logic.any3(sorted(rs))) for a, rs in claims.items()),
        judgements=_judgements(root, cond.judged) if result == TRUE and cond.judged else (),
    )


def _judgements(root: Node, judged: Mapping[int, tuple[Node, str]]) -> tuple[str, ...]:
    """The assessments read true along branches that hold all the way to the root: what an
    eligible verdict stands on (a true reading under a condition that failed is not)."""
    out: dict[str, None] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.result != TRUE:
            continue
        found = judged.get(id(node))
        if found is not None and found[0] is node:
            out[found[1]] = None
        stack.extend(node.children)
    return tuple(sorted(out))


def judge(
    scope: Scope,
    e: Expr,
    nom: Nomination,
    withdrawn: Mapping[str, Withdrawal],
    clauses: tuple[str, ...],
) -> Node:
    """`e` (a priority level, say) for `nom`, with the achievements the principles took from it
    or hold counted as they are in its verdict."""
    return Conditions(scope, nom, scope.tracks[nom.track], withdrawn, clauses).run(e)


def _subject(scope: Scope, track: Track, nom: Nomination) -> Node:
    cand = scope.index.candidates[nom.candidate]
    ok = cand.kind == track.subject
    return Node(
        "subject",
        TRUE if ok else FALSE,
        "subject",
        scope.args((("wanted", track.subject), ("actual", cand.kind), ("candidate", cand.id))),
        track.clauses,
        facts=(Fact(f"candidates[{cand.id}].kind", cand.kind),),
    )


def _period(scope: Scope, track: Track, nom: Nomination) -> Node:
    """The nomination's year lies in the period the plan covers — and, on a track that names
    its year (the period-end round: the period's end), is that year."""
    start, end = scope.rs.meta.start.year, scope.rs.meta.end.year
    facts = (Fact(f"nominations[{nom.id}].year", nom.year),)
    if track.year is not None:
        try:
            wanted = scope.params.integer(track.year)
        except ParameterUnsetError as exc:
            return unset_node(scope, exc, track.clauses, "period")
        ok = nom.year == wanted
        return Node(
            "period",
            TRUE if ok else FALSE,
            "period.year",
            scope.args((("year", nom.year), ("wanted", wanted), ("start", start), ("end", end))),
            track.clauses,
            _ref(track.year),
            facts,
        )
    inside = start <= nom.year <= end
    return Node(
        "period",
        TRUE if inside else FALSE,
        "period",
        scope.args((("year", nom.year), ("start", start), ("end", end))),
        track.clauses,
        facts=facts,
    )


def _ref(arg: object) -> str | None:
    """`parameters.NAME` for a parameter reference, None for a number written in the ruleset."""
    name = getattr(arg, "param", None)
    return f"parameters.{name}" if isinstance(name, str) else None


def _claims(cond: Conditions, direct: list[str]) -> Node:
    """Achievements claimed as what the reward is for, where no criterion counts them: one
    already rewarded, or held by another dossier of the round, cannot be rewarded again
    (III.1.2.2)."""
    scope = cond.scope
    rule = scope.one_reward
    clauses = rule.clauses if rule is not None else ()
    cond.clauses = clauses
    kids = tuple(
        cond.achievement(scope.index.achievements[a], None, False, None, None) for a in direct
    )
    return Node(
        "principle",
        _logic.all3(k.result for k in kids),
        "claims",
        (),
        clauses,
        rule.id if rule else None,
        children=kids,
    )


def _form(scope: Scope, track: Track, form: str, nom: Nomination) -> tuple[Node, bool]:
    principle = scope.form_fits
    clauses = principle.clauses if principle else track.clauses
    term = scope.forms.get(form)
    higher = term is not None and term.grantor == "higher"
    fact = (Fact(f"nominations[{nom.id}].form", form),)
    args = scope.args((("form", form), ("allowed", track.forms), ("round", track.round)))
    if form in track.forms and not (higher and track.round != "period-end"):
        code = "form.proposal" if higher else "form.fits"
        return Node("form", TRUE, code, args, clauses, facts=fact), higher
    code = "form.not-commune" if higher and track.round != "period-end" else "form.not-track"
    return Node("form", FALSE, code, args, clauses, facts=fact), False


def _timing(scope: Scope, track: Track, nom: Nomination) -> tuple[Node, Note | None]:
    tm = track.timing
    assert tm is not None
    params = scope.params
    opens: dt.date | None = None
    closes: dt.date | None = None
    within: int | None = None
    try:
        late_mode = str(params.arg(tm.late))
        if tm.rule == "annual-deadline":
            month, day = (int(x) for x in str(params.arg(tm.deadline)).split("-"))
            inclusive = params.flag(tm.inclusive)
            closes = dt.date(nom.year + 1, month, day)
        elif tm.rule == "window":
            opens = params.arg(tm.opens)  # type: ignore[assignment]
            closes = params.arg(tm.closes)  # type: ignore[assignment]
            inclusive = True
        else:
            within = params.integer(tm.within_days)
            inclusive = True
    except ParameterUnsetError as exc:
        return unset_node(scope, exc, tm.clauses, "timing"), None
    facts = [Fact(f"nominations[{nom.id}].filed", nom.filed.isoformat() if nom.filed else None)]

    def args() -> Args:
        return scope.args(
            (
                ("rule", tm.rule),
                ("opens", opens),
                ("closes", closes),
                ("inclusive", inclusive),
                ("within", within),
                ("filed", nom.filed),
            )
        )

    if nom.filed is None:
        need = Need(f"nominations[{nom.id}].filed", "need.filed", (("nomination", nom.id),))
        return Node(
            "timing", UNKNOWN, "timing", args(), tm.clauses, facts=tuple(facts), needs=(need,)
        ), None
    filed = nom.filed
    if tm.rule == "after-achievement":
        achievements = [scope.index.achievements[a] for a in nom.achievements]
        facts += [
            Fact(f"achievements[{a.id}].date", a.date.isoformat() if a.date else None)
            for a in achievements
        ]
        known = [a.date for a in achievements if a.date is not None]
        if not achievements or len(known) != len(achievements):
            need = Need(
                f"nominations[{nom.id}].achievements",
                "need.claims-dated",
                (("nomination", nom.id),),
            )
            return Node(
                "timing", UNKNOWN, "timing", args(), tm.clauses, facts=tuple(facts), needs=(need,)
            ), None
        opens = max(known)
        closes = opens + dt.timedelta(days=within or 0)
    assert closes is not None
    on_time = (opens is None or filed >= opens) and (
        filed < closes or (inclusive and filed == closes)
    )
    if on_time:
        return Node("timing", TRUE, "timing", args(), tm.clauses, facts=tuple(facts)), None
    if late_mode == "canh-bao":
        return (
            Node("timing", TRUE, "timing.late-flagged", args(), tm.clauses, facts=tuple(facts)),
            Note(tm.clauses, "warning.late", args()),
        )
    return Node("timing", FALSE, "timing.late", args(), tm.clauses, facts=tuple(facts)), None
