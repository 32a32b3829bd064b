"""Building the explanation tree of one nomination from the decided matches (three-valued)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping

import attrs

from thiduarules._canonical import dumps
from thiduarules._params import Params
from thiduarules._program import Encoded, Matches, Program
from thiduarules.case._model import Achievement, Assessment, Award, Candidate, Case, Nomination
from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentSpec,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    Not,
    Ref,
    YearsCount,
)
from thiduarules.ruleset._model import Ruleset, Track
from thiduarules.verdict import (
    FALSE,
    OUTCOME,
    TRUE,
    UNKNOWN,
    Fact,
    Need,
    Node,
    Note,
    Result,
    Verdict,
    all3,
    any3,
    count3,
    dedupe,
    missing_notes,
    not3,
    settle_needs,
)

KIND_TEXT = {"ca-nhan": ("cá nhân", "an individual"), "tap-the": ("tập thể", "a collective")}
FIELD_TEXT = {
    "kind": ("loại đối tượng", "kind of candidate"),
    "role": ("vị trí", "role"),
    "in_commune": ("thuộc xã", "belongs to the commune"),
    "duties": ("nhiệm vụ", "duties"),
}


@attrs.frozen
class Withdrawal:
    """A claimed achievement taken from a nomination (false) or held for a decision (unknown)."""

    result: Result
    note: Note
    needs: tuple[Need, ...] = ()


def fmt_date(d: dt.date) -> str:
    """Vietnamese date style, as in the plan: 31/03/2027."""
    return d.strftime("%d/%m/%Y")


def run_longest(results: list[Result], accept: set[Result]) -> int:
    best = cur = 0
    for r in results:
        cur = cur + 1 if r in accept else 0
        best = max(best, cur)
    return best


class Evaluator:
    """Evaluates nominations of one case against one ruleset, given what the matcher decided."""

    def __init__(
        self, rs: Ruleset, params: Params, case: Case, enc: Encoded, program: Program, m: Matches
    ) -> None:
        self.rs = rs
        self.params = params
        self.case = case
        self.keys = enc.keys
        self.program = program
        self.m = m
        self.criteria = {c.id: c for c in rs.criteria}
        self.kinds = {a.slug: a for a in rs.assessments}
        self.vocab = {name: {t.slug: t for t in terms} for name, terms in rs.vocabularies}
        self.candidates = {c.id: c for c in case.candidates}
        self.achievements = {a.id: a for a in case.achievements}
        self.awards_by_key = {self.keys[f"w:{w.id}"]: w for w in case.awards}
        self.asm: dict[tuple[str, str, int], list[Assessment]] = defaultdict(list)
        for s in case.assessments:
            self.asm[(s.subject, s.kind, s.year)].append(s)
        for items in self.asm.values():
            items.sort(key=lambda s: (s.date, s.id))
        self.withdrawn: dict[str, Withdrawal] = {}
        self.rewarded: dict[str, list[Award]] = defaultdict(list)
        for ach_key, award_key in sorted(m.rewarded):
            self.rewarded[ach_key].append(self.awards_by_key[award_key])

    # ---- small helpers ------------------------------------------------------------------------

    def label(self, vocab: str, slug: str) -> tuple[str, str]:
        term = self.vocab.get(vocab, {}).get(slug)
        return (term.vi, term.en) if term else (slug, slug)

    def value_label(self, kind: str, value: str) -> tuple[str, str]:
        for t in self.kinds[kind].values:
            if t.slug == value:
                return t.vi, t.en
        return value, value

    def status(self, pid: str, key: str) -> Result | None:
        if key in self.m.hit.get(pid, ()):
            return TRUE
        if key in self.m.decided.get(pid, ()):
            return FALSE
        if key in self.m.selected.get(pid, ()):
            return UNKNOWN
        return None

    def unset(self, exc: ParameterUnsetError, clauses: tuple[str, ...], kind: str) -> Node:
        p = self.rs.parameter(exc.name)
        why = f" ({exc.reason})" if exc.reason else ""
        return Node(
            kind,
            UNKNOWN,
            f"Tham số “{p.text.vi}” chưa có giá trị áp dụng ngày {fmt_date(self.params.on)}{why}",
            f"Parameter “{p.text.en}” has no value in force on {self.params.on.isoformat()}{why}",
            clauses,
            ref=f"parameters.{exc.name}",
            needs=(
                Need(
                    f"parameters.{exc.name}",
                    f"Cần quyết định giá trị tham số {exc.name}{why}",
                    f"The parameter {exc.name} must be given a value{why}",
                ),
            ),
        )

    # ---- a nomination ---------------------------------------------------------------------------

    def nomination(
        self,
        nom: Nomination,
        withdrawn: dict[str, Withdrawal] | None = None,
        extra: tuple[Node, ...] = (),
    ) -> Verdict:
        """The verdict for `nom`.

        `withdrawn` takes claimed achievements away (false) or holds them pending a decision
        (unknown), each with its reason; `extra` adds principle nodes to the root.
        """
        self.withdrawn = withdrawn or {}
        try:
            return self._nomination(nom, extra)
        finally:
            self.withdrawn = {}

    def judge(
        self,
        e: Expr,
        nom: Nomination,
        withdrawn: Mapping[str, Withdrawal],
        clauses: tuple[str, ...],
    ) -> Node:
        """`e` (a priority level, say) for `nom`, with the achievements the principles took
        from it or hold (`withdrawn`) counted as they are in its verdict."""
        self.withdrawn = dict(withdrawn)
        try:
            track = self.rs.track(nom.track)
            return self.expr(e, nom, self.candidates[nom.candidate], track, clauses)
        finally:
            self.withdrawn = {}

    def _nomination(self, nom: Nomination, extra: tuple[Node, ...]) -> Verdict:
        track = self.rs.track(nom.track)
        cand = self.candidates[nom.candidate]
        form = nom.form or track.forms[0]
        subject = self.subject(track, cand)
        period = self.period(track, nom)
        form_node, proposal = self.form(track, form, nom)
        requires = self.expr(track.requires, nom, cand, track, track.clauses)
        children = [subject, period, form_node, requires]
        counted = {n.ref for n in requires.walk() if n.kind == "achievement"}
        direct = [a for a in nom.achievements if a not in counted]
        if direct:
            children.append(self.claims(nom, direct))
        children.extend(extra)
        warnings: list[Note] = []
        if track.timing is not None:
            timing, warning = self.timing(track, nom)
            children.append(timing)
            if warning is not None:
                warnings.append(warning)
        result = all3(c.result for c in children)
        root = Node(
            "track",
            result,
            track.text.vi,
            track.text.en,
            track.clauses,
            ref=track.id,
            facts=(
                Fact(f"nominations[{nom.id}].track", nom.track),
                Fact(f"nominations[{nom.id}].year", nom.year),
            ),
            children=tuple(children),
        )
        facts = sorted({(f.path, str(f.value)) for n in root.walk() for f in n.facts})
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
            warnings=tuple(warnings),
            proposal=proposal and result != FALSE,
            facts_digest="sha256:" + hashlib.sha256(dumps(facts).encode("utf-8")).hexdigest(),
        )

    def subject(self, track: Track, cand: Candidate) -> Node:
        want_vi, want_en = KIND_TEXT[track.subject]
        is_vi, is_en = KIND_TEXT.get(cand.kind, (cand.kind, cand.kind))
        ok = cand.kind == track.subject
        missing = None
        if not ok:
            missing = Note(
                track.clauses,
                f"Diện này dành cho {want_vi}; {cand.name} là {is_vi}",
                f"This track is for {want_en}; {cand.name} is {is_en}",
            )
        return Node(
            "subject",
            TRUE if ok else FALSE,
            f"Đối tượng là {want_vi}",
            f"The candidate is {want_en}",
            track.clauses,
            facts=(Fact(f"candidates[{cand.id}].kind", cand.kind),),
            missing=missing,
        )

    def period(self, track: Track, nom: Nomination) -> Node:
        """The nomination's year lies in the period the plan covers."""
        start, end = self.rs.meta.start.year, self.rs.meta.end.year
        inside = start <= nom.year <= end
        vi = f"Năm {nom.year} thuộc giai đoạn {start}–{end} của Kế hoạch"
        en = f"{nom.year} lies in the plan's period {start}–{end}"
        missing = None
        if not inside:
            missing = Note(
                track.clauses,
                f"Năm {nom.year} ngoài giai đoạn {start}–{end}: không xét theo Kế hoạch này",
                f"{nom.year} is outside {start}–{end}: not under this plan",
            )
        return Node(
            "period",
            TRUE if inside else FALSE,
            vi,
            en,
            track.clauses,
            facts=(Fact(f"nominations[{nom.id}].year", nom.year),),
            missing=missing,
        )

    def claims(self, nom: Nomination, direct: list[str]) -> Node:
        """Achievements claimed as what the reward is for, where no criterion counts them.

        An ad-hoc award rewards the achievement itself: one already rewarded, or held by
        another dossier of the round, cannot be rewarded again (III.1.2.2).
        """
        rule = self.rs.principle_by_rule("one-achievement-one-reward")
        clauses = rule.clauses if rule is not None else ()
        kids = []
        for a_id in direct:
            a = self.achievements[a_id]
            key = self.keys[f"a:{a.id}"]
            facts = [Fact(f"achievements[{a.id}].kind", a.kind)]
            parts: list[Result] = [TRUE]
            reasons: list[tuple[str, str]] = []
            needs: list[Need] = []
            for w in self.rewarded.get(key, ()):
                facts.append(Fact(f"awards[{w.id}].achievements", a.id))
                f_vi, f_en = self.label("forms", w.form)
                parts.append(FALSE)
                reasons.append(
                    (
                        f"đã được khen thưởng: {f_vi}, Quyết định số {w.decision} ngày {fmt_date(w.date)} (không khen thưởng nhiều lần cho một thành tích)",
                        f"already rewarded: {f_en}, decision {w.decision} of {w.date.isoformat()} (one achievement, one reward)",
                    )
                )
            if (wd := self.withdrawn.get(a.id)) is not None:
                parts.append(wd.result)
                reasons.append((wd.note.vi, wd.note.en))
                needs.extend(wd.needs)
            label = f"“{a.title}” ({a.id})"
            tail_vi = (
                ": " + "; ".join(r[0] for r in reasons) if reasons else ": chưa được khen thưởng"
            )
            tail_en = ": " + "; ".join(r[1] for r in reasons) if reasons else ": not yet rewarded"
            note = Note(clauses, label + tail_vi, label + tail_en) if reasons else None
            kids.append(
                Node(
                    "achievement",
                    all3(parts),
                    label + tail_vi,
                    label + tail_en,
                    clauses,
                    ref=a.id,
                    facts=tuple(facts),
                    needs=tuple(needs),
                    missing=note,
                )
            )
        return Node(
            "principle",
            all3(k.result for k in kids),
            rule.text.vi if rule else "Thành tích được đề nghị chưa được khen thưởng",
            rule.text.en if rule else "The achievements claimed are not yet rewarded",
            clauses,
            ref=rule.id if rule else None,
            children=tuple(kids),
        )

    def form(self, track: Track, form: str, nom: Nomination) -> tuple[Node, bool]:
        principle = self.rs.principle_by_rule("form-fits")
        clauses = principle.clauses if principle else track.clauses
        f_vi, f_en = self.label("forms", form)
        term = self.vocab["forms"].get(form)
        higher = term is not None and term.grantor == "higher"
        fact = (Fact(f"nominations[{nom.id}].form", form),)
        if form in track.forms and not (higher and track.round != "period-end"):
            if higher:
                return Node(
                    "form",
                    TRUE,
                    f"Hình thức {f_vi} do cấp trên quyết định: UBND xã lựa chọn, đề xuất cấp có thẩm quyền",
                    f"{f_en} is decided by a higher authority: the commune UBND selects and proposes",
                    clauses,
                    facts=fact,
                ), True
            return Node(
                "form",
                TRUE,
                f"Hình thức {f_vi} phù hợp với diện khen thưởng",
                f"{f_en} fits this track",
                clauses,
                facts=fact,
            ), False
        if higher and track.round != "period-end":
            vi = f"{f_vi} không thuộc thẩm quyền của xã; chỉ được đề xuất cấp có thẩm quyền khi tổng kết giai đoạn — hồ sơ không được tiếp nhận ở đợt này"
            en = f"{f_en} is not the commune's to grant; it can only be proposed to the competent authority at period end — not receivable in this round"
        else:
            allowed = ", ".join(self.label("forms", f)[0] for f in track.forms)
            vi = f"Hình thức {f_vi} không thuộc diện này (được: {allowed})"
            en = f"{f_en} is not a form of this track (allowed: {', '.join(self.label('forms', f)[1] for f in track.forms)})"
        return Node(
            "form", FALSE, vi, en, clauses, facts=fact, missing=Note(clauses, vi, en)
        ), False

    # ---- timing -------------------------------------------------------------------------------

    def timing(self, track: Track, nom: Nomination) -> tuple[Node, Note | None]:
        tm = track.timing
        assert tm is not None
        try:
            late_mode = str(self.params.arg(tm.late))
            if tm.rule == "annual-deadline":
                month, day = (int(x) for x in str(self.params.arg(tm.deadline)).split("-"))
                inclusive = bool(self.params.arg(tm.inclusive))
                deadline = dt.date(nom.year + 1, month, day)
                opens, closes = None, deadline
                rule_vi = (
                    f"Nộp hồ sơ {'đến hết' if inclusive else 'trước'} ngày {fmt_date(deadline)}"
                )
                rule_en = f"Dossier filed {'on or before' if inclusive else 'before'} {deadline.isoformat()}"
            elif tm.rule == "window":
                opens = self.params.arg(tm.opens)
                closes = self.params.arg(tm.closes)  # type: ignore[assignment]
                inclusive = True
                rule_vi = f"Nộp hồ sơ từ {fmt_date(opens)} đến {fmt_date(closes)}"  # type: ignore[arg-type]
                rule_en = f"Dossier filed from {opens} to {closes}"
            else:
                within = int(self.params.arg(tm.within_days))  # type: ignore[arg-type]
                inclusive, opens, closes = True, None, None
                rule_vi = f"Đề nghị trong {within} ngày sau khi lập được thành tích"
                rule_en = f"Proposed within {within} days of the achievement"
        except ParameterUnsetError as exc:
            return self.unset(exc, tm.clauses, "timing"), None
        facts: list[Fact] = [
            Fact(f"nominations[{nom.id}].filed", nom.filed.isoformat() if nom.filed else None)
        ]
        if nom.filed is None:
            need = Need(
                f"nominations[{nom.id}].filed",
                "Cần ngày nộp hồ sơ",
                "The date the dossier was filed",
            )
            return Node(
                "timing", UNKNOWN, rule_vi, rule_en, tm.clauses, facts=tuple(facts), needs=(need,)
            ), None
        filed = nom.filed
        if tm.rule == "after-achievement":
            dates = [(a.date, a.id) for a_id in nom.achievements if (a := self.achievements[a_id])]
            facts += [
                Fact(f"achievements[{i}].date", d.isoformat() if d else None) for d, i in dates
            ]
            known = [d for d, _ in dates if d is not None]
            if not dates or len(known) != len(dates):
                need = Need(
                    f"nominations[{nom.id}].achievements",
                    "Cần thành tích được đề nghị và ngày lập thành tích",
                    "The achievement claimed and its date",
                )
                return Node(
                    "timing",
                    UNKNOWN,
                    rule_vi,
                    rule_en,
                    tm.clauses,
                    facts=tuple(facts),
                    needs=(need,),
                ), None
            achieved = max(known)
            closes = achieved + dt.timedelta(days=within)
            opens = achieved
        assert isinstance(closes, dt.date)
        assert opens is None or isinstance(opens, dt.date)
        on_time = (opens is None or filed >= opens) and (
            filed < closes or (inclusive and filed == closes)
        )
        if on_time:
            return Node("timing", TRUE, rule_vi, rule_en, tm.clauses, facts=tuple(facts)), None
        late_vi = f"Hồ sơ nộp ngày {fmt_date(filed)}, ngoài thời hạn ({rule_vi.lower()})"
        late_en = f"Filed on {filed.isoformat()}, outside the time allowed ({rule_en[0].lower() + rule_en[1:]})"
        if late_mode == "canh-bao":
            note = Note(
                tm.clauses,
                late_vi + " — Hội đồng xem xét",
                late_en + " — for the Council to consider",
            )
            return Node(
                "timing",
                TRUE,
                rule_vi + " (quá hạn: cảnh báo)",
                rule_en + " (late: flagged)",
                tm.clauses,
                facts=tuple(facts),
            ), note
        return Node(
            "timing",
            FALSE,
            rule_vi,
            rule_en,
            tm.clauses,
            facts=tuple(facts),
            missing=Note(tm.clauses, late_vi + " — không tiếp nhận", late_en + " — refused"),
        ), None

    # ---- expressions ----------------------------------------------------------------------------

    def expr(
        self, e: Expr, nom: Nomination, cand: Candidate, track: Track, clauses: tuple[str, ...]
    ) -> Node:
        sub: Callable[[Expr], Node] = lambda x: self.expr(x, nom, cand, track, clauses)  # noqa: E731
        try:
            if isinstance(e, CriterionRef):
                crit = self.criteria[e.criterion]
                child = self.expr(crit.when, nom, cand, track, crit.clauses)
                note = Note(crit.clauses, f"Chưa đạt: {crit.text.vi}", f"Not met: {crit.text.en}")
                return Node(
                    "criterion",
                    child.result,
                    crit.text.vi,
                    crit.text.en,
                    crit.clauses,
                    ref=crit.id,
                    missing=note,
                    children=(child,),
                )
            if isinstance(e, AllOf):
                kids = tuple(sub(x) for x in e.items)
                return Node(
                    "all",
                    all3(k.result for k in kids),
                    "Đạt tất cả các tiêu chuẩn sau",
                    "All of the following",
                    clauses,
                    children=kids,
                )
            if isinstance(e, AnyOf):
                kids = tuple(sub(x) for x in e.items)
                note = Note(
                    clauses,
                    "Chưa đạt tiêu chuẩn nào trong các tiêu chuẩn thay thế",
                    "None of the alternatives is met",
                )
                return Node(
                    "any",
                    any3(k.result for k in kids),
                    "Đạt một trong các tiêu chuẩn sau",
                    "Any one of the following",
                    clauses,
                    missing=note,
                    children=kids,
                )
            if isinstance(e, AtLeast):
                n = int(self.params.arg(e.n))  # type: ignore[arg-type]
                kids = tuple(sub(x) for x in e.items)
                yes = sum(k.result == TRUE for k in kids)
                note = Note(
                    clauses,
                    f"Cần đạt thêm {n - yes} tiêu chuẩn: hiện có {yes}/{n}",
                    f"{n - yes} more needed: {yes}/{n} met",
                )
                return Node(
                    "at-least",
                    count3((k.result for k in kids), n),
                    f"Đạt ít nhất {n} tiêu chuẩn sau",
                    f"At least {n} of the following",
                    clauses,
                    missing=note,
                    children=kids,
                )
            if isinstance(e, Not):
                kid = sub(e.item)
                note = Note(clauses, f"Không được: {kid.vi}", f"Must not hold: {kid.en}")
                return Node(
                    "not",
                    not3(kid.result),
                    f"Không: {kid.vi}",
                    f"Not: {kid.en}",
                    clauses,
                    missing=note,
                    children=(kid,),
                )
            if isinstance(e, Choose):
                value = str(self.params.get(e.param))
                p = self.rs.parameter(e.param)
                kid = sub(dict(e.cases)[value])
                return Node(
                    "choose",
                    kid.result,
                    f"Theo tham số “{p.text.vi}” = {value}",
                    f"By the parameter “{p.text.en}” = {value}",
                    clauses,
                    ref=f"parameters.{e.param}",
                    children=(kid,),
                )
            if e.path in self.program.unresolved:
                raise ParameterUnsetError(
                    self.program.unresolved[e.path],
                    self.params.on.isoformat(),
                    self.rs.parameter(self.program.unresolved[e.path]).unset,
                )
            if isinstance(e, CandidateTest):
                return self.candidate_test(e, cand, clauses)
            if isinstance(e, AssessmentTest):
                return self.assessment_test(e, nom, cand, clauses)
            if isinstance(e, YearsCount):
                return self.years(e, nom, cand, clauses)
            if isinstance(e, AchievementCount):
                return self.achievement_count(e, nom, cand, track, clauses)
        except ParameterUnsetError as exc:
            return self.unset(exc, clauses, "condition")
        raise TypeError(f"unknown expression {e!r}")  # the loader builds no other kind

    def candidate_test(self, e: CandidateTest, cand: Candidate, clauses: tuple[str, ...]) -> Node:
        pid = self.program.by_leaf[e.path][0]
        f_vi, f_en = FIELD_TEXT[e.field]
        values = self.params.arg(e.values)
        shown = ", ".join(self._cand_value(e.field, v)[0] for v in values)  # type: ignore[union-attr]
        shown_en = ", ".join(self._cand_value(e.field, v)[1] for v in values)  # type: ignore[union-attr]
        neg = e.op == "not_in"
        if e.field == "in_commune":
            vi = f"{f_vi.capitalize()}: {'không phải ' if neg else ''}{shown}"
            en = f"{f_en.capitalize()}: {'not ' if neg else ''}{shown_en}"
        else:
            vi = f"{f_vi.capitalize()} {'không ' if neg else ''}thuộc: {shown}"
            en = f"{f_en.capitalize()} {'not ' if neg else ''}among: {shown_en}"
        path = f"candidates[{cand.id}].{e.field}"
        if e.field == "duties":
            results = [self.status(pid, self.keys[f"d:{cand.id}/{d}"]) for d in cand.duties]
            # `in`: some duty is listed; `not_in`: every duty passes (each hit means "not listed").
            result = (
                (TRUE if all(r == TRUE for r in results) else FALSE)
                if neg
                else (TRUE if TRUE in results else FALSE)
            )
            fact = Fact(path, ", ".join(cand.duties))
        else:
            raw = getattr(cand, e.field)
            status = self.status(pid, self.keys[f"c:{cand.id}"])
            result = status if status is not None else UNKNOWN
            fact = Fact(path, raw)
        current = self._cand_value(e.field, fact.value)
        missing = Note(
            clauses,
            f"{f_vi.capitalize()} của {cand.name}: {current[0]}; cần {'khác ' if neg else ''}{shown}",
            f"{f_en.capitalize()} of {cand.name}: {current[1]}; must {'not ' if neg else ''}be {shown_en}",
        )
        needs = (
            (Need(path, f"Cần ghi {f_vi} của {cand.name}", f"Record the {f_en} of {cand.name}"),)
            if result == UNKNOWN
            else ()
        )
        return Node(
            "condition",
            result,
            vi,
            en,
            clauses,
            ref=e.path,
            facts=(fact,),
            needs=needs,
            missing=missing,
        )

    def _cand_value(self, field: str, value: object) -> tuple[str, str]:
        if value is None or value == "":
            return ("(chưa có)", "(not recorded)")
        if field == "kind":
            return KIND_TEXT.get(str(value), (str(value), str(value)))
        if field == "in_commune":
            return ("có", "yes") if value is True else ("không", "no")
        if field == "role":
            return self.label("roles", str(value))
        if field == "duties" and isinstance(value, str):
            parts = [self.label("duties", d) for d in value.split(", ")]
            return ", ".join(p[0] for p in parts), ", ".join(p[1] for p in parts)
        return str(value), str(value)

    def _spec_text(self, spec: AssessmentSpec, year: int) -> tuple[str, str]:
        kind = self.kinds[spec.kind]
        values = self.params.arg(spec.values)
        labels = [self.value_label(spec.kind, str(v)) for v in values]  # type: ignore[union-attr]
        neg = spec.op == "not_in"
        by = ""
        by_en = ""
        if spec.by is not None:
            bodies = [self.label("bodies", str(b)) for b in self.params.arg(spec.by)]  # type: ignore[union-attr]
            by = " do " + " hoặc ".join(b[0] for b in bodies) + " đánh giá"
            by_en = " by " + " or ".join(b[1] for b in bodies)
        vi = f"{kind.vi} năm {year}{by}: {'không phải ' if neg else ''}{' hoặc '.join(v[0] for v in labels)}"
        en = f"{kind.en} for {year}{by_en}: {'not ' if neg else ''}{' or '.join(v[1] for v in labels)}"
        return vi, en

    def read_assessment(
        self, spec: AssessmentSpec, pid: str, cand: Candidate, year: int
    ) -> tuple[Result, Assessment | None]:
        chosen = None
        for s in self.asm.get((cand.id, spec.kind, year), ()):
            if self.status(pid, self.keys[f"s:{s.id}"]) is not None:
                chosen = s  # sorted by date: the latest selected assessment stands
        if chosen is None:
            return UNKNOWN, None
        return self.status(pid, self.keys[f"s:{chosen.id}"]) or UNKNOWN, chosen

    def _asm_facts(self, s: Assessment) -> tuple[Fact, ...]:
        return (
            Fact(f"assessments[{s.id}].value", s.value),
            Fact(f"assessments[{s.id}].by", s.by),
            Fact(f"assessments[{s.id}].date", s.date.isoformat()),
        )

    def assessment_test(
        self, e: AssessmentTest, nom: Nomination, cand: Candidate, clauses: tuple[str, ...]
    ) -> Node:
        pid = self.program.by_leaf[e.path][0]
        result, s = self.read_assessment(e.spec, pid, cand, nom.year)
        vi, en = self._spec_text(e.spec, nom.year)
        kind = self.kinds[e.spec.kind]
        if s is None:
            need = Need(
                f"assessments[subject={cand.id}, kind={e.spec.kind}, year={nom.year}]",
                f"Cần kết quả đánh giá “{kind.vi}” năm {nom.year} của {cand.name}",
                f"The “{kind.en}” assessment of {cand.name} for {nom.year}",
            )
            return Node("condition", UNKNOWN, vi, en, clauses, ref=e.path, needs=(need,))
        v_vi, v_en = self.value_label(e.spec.kind, s.value)
        b_vi, b_en = self.label("bodies", s.by)
        missing = Note(
            clauses,
            f"{kind.vi} năm {nom.year}: {v_vi} ({b_vi}, {fmt_date(s.date)}); yêu cầu: {vi.split(': ', 1)[1]}",
            f"{kind.en} for {nom.year}: {v_en} ({b_en}, {s.date.isoformat()}); required: {en.split(': ', 1)[1]}",
        )
        return Node(
            "condition",
            result,
            vi,
            en,
            clauses,
            ref=e.path,
            facts=self._asm_facts(s),
            missing=missing,
        )

    def years(
        self, e: YearsCount, nom: Nomination, cand: Candidate, clauses: tuple[str, ...]
    ) -> Node:
        pids = self.program.by_leaf[e.path]
        start, end = self.rs.meta.start.year, min(nom.year, self.rs.meta.end.year)
        year_nodes: list[Node] = []
        for year in range(start, end + 1):
            parts = []
            facts: list[Fact] = []
            needs: list[Need] = []
            for spec, pid in zip(e.specs, pids, strict=True):
                r, s = self.read_assessment(spec, pid, cand, year)
                parts.append(r)
                if s is not None:
                    facts.extend(self._asm_facts(s))
                else:
                    kind = self.kinds[spec.kind]
                    needs.append(
                        Need(
                            f"assessments[subject={cand.id}, kind={spec.kind}, year={year}]",
                            f"Cần kết quả đánh giá “{kind.vi}” năm {year} của {cand.name}",
                            f"The “{kind.en}” assessment of {cand.name} for {year}",
                        )
                    )
            texts = [self._spec_text(spec, year) for spec in e.specs]
            year_nodes.append(
                Node(
                    "year",
                    all3(parts),
                    f"Năm {year}: " + "; ".join(t[0] for t in texts),
                    f"{year}: " + "; ".join(t[1] for t in texts),
                    clauses,
                    facts=tuple(facts),
                    needs=tuple(needs),
                )
            )
        results = [n.result for n in year_nodes]
        span = f"{start}–{end}"
        consecutive = bool(self.params.arg(e.consecutive))
        if e.every:
            result = all3(results) if results else FALSE
            n = len(results)
            have = results.count(TRUE)
            vi, en = f"Đạt trong mọi năm {span}", f"Met in every year {span}"
        else:
            n = int(self.params.arg(e.at_least))  # type: ignore[arg-type]
            if consecutive:
                have = run_longest(results, {TRUE})
                maybe = run_longest(results, {TRUE, UNKNOWN})
                result = TRUE if have >= n else (FALSE if maybe < n else UNKNOWN)
                vi, en = (
                    f"Ít nhất {n} năm liên tục trong {span}",
                    f"At least {n} consecutive years in {span}",
                )
            else:
                have = results.count(TRUE)
                result = count3(results, n)
                vi, en = f"Ít nhất {n} năm trong {span}", f"At least {n} years in {span}"
        what_vi = "; ".join(self._spec_text(s, end)[0].split(": ", 1)[1] for s in e.specs)
        words = "năm liên tục" if consecutive and not e.every else "năm"
        missing = Note(
            clauses,
            f"Cần thêm {max(n - have, 0)} {words} ({what_vi}): hiện có {have}/{n}",
            f"{max(n - have, 0)} more {'consecutive ' if consecutive and not e.every else ''}year(s) needed: {have}/{n}",
        )
        return Node(
            "years",
            result,
            vi,
            en,
            clauses,
            ref=e.path,
            missing=missing,
            children=tuple(year_nodes),
        )

    def achievement_count(
        self,
        e: AchievementCount,
        nom: Nomination,
        cand: Candidate,
        track: Track,
        clauses: tuple[str, ...],
    ) -> Node:
        pid = self.program.by_leaf[e.path][0]
        n = int(self.params.arg(e.at_least))  # type: ignore[arg-type]
        include = (
            bool(self.params.arg(e.rewarded))
            if isinstance(e.rewarded, Ref)
            else e.rewarded == "include"
        )
        if track.round == "period-end":
            lo, hi = self.rs.meta.start, min(self.rs.meta.end, dt.date(nom.year, 12, 31))
        else:
            lo, hi = dt.date(nom.year, 1, 1), dt.date(nom.year, 12, 31)
        kinds = " / ".join(self.label("achievement-kinds", k)[0] for k in e.kinds)
        kinds_en = " / ".join(self.label("achievement-kinds", k)[1] for k in e.kinds)
        kids = [
            self._achievement(self.achievements[a_id], pid, include, lo, hi, clauses)
            for a_id in nom.achievements
        ]
        have = sum(k.result == TRUE for k in kids)
        result = count3((k.result for k in kids), n)
        vi = f"Có ít nhất {n} {kinds} được áp dụng hiệu quả ({fmt_date(lo)}–{fmt_date(hi)})"
        en = f"At least {n} {kinds_en} applied effectively ({lo.isoformat()} to {hi.isoformat()})"
        if not include:
            vi += ", chưa được khen thưởng"
            en += ", not yet rewarded"
        missing = Note(
            clauses,
            f"Cần thêm {max(n - have, 0)} {kinds} được áp dụng hiệu quả: hiện có {have}/{n}",
            f"{max(n - have, 0)} more {kinds_en} applied effectively needed: {have}/{n}",
        )
        needs = (
            ()
            if kids
            else (
                Need(
                    f"nominations[{nom.id}].achievements",
                    "Cần kê thành tích (sáng kiến, giải pháp…) được đề nghị",
                    "List the achievements claimed",
                ),
            )
        )
        return Node(
            "achievements",
            result,
            vi,
            en,
            clauses,
            ref=e.path,
            needs=needs,
            missing=missing,
            children=tuple(kids),
        )

    def _achievement(
        self,
        a: Achievement,
        pid: str,
        include: bool,
        lo: dt.date,
        hi: dt.date,
        clauses: tuple[str, ...],
    ) -> Node:
        key = self.keys[f"a:{a.id}"]
        facts = [
            Fact(f"achievements[{a.id}].kind", a.kind),
            Fact(f"achievements[{a.id}].applied_effectively", a.applied_effectively),
            Fact(f"achievements[{a.id}].date", a.date.isoformat() if a.date else None),
        ]
        reasons: list[tuple[str, str]] = []
        needs: list[Need] = []
        parts: list[Result] = []
        selected = self.status(pid, key)
        if selected is None:
            parts.append(FALSE)
            k_vi, k_en = self.label("achievement-kinds", a.kind)
            reasons.append((f"loại {k_vi} không được tính", f"a {k_en} does not count here"))
        else:
            parts.append(selected)
            if selected == FALSE:
                reasons.append(("chưa được áp dụng hiệu quả", "not applied effectively"))
            elif selected == UNKNOWN:
                needs.append(
                    Need(
                        f"achievements[{a.id}].applied_effectively",
                        f"Cần xác nhận “{a.title}” có được áp dụng hiệu quả không",
                        f"Whether “{a.title}” was applied effectively",
                    )
                )
        if a.date is None:
            parts.append(UNKNOWN)
            needs.append(
                Need(
                    f"achievements[{a.id}].date",
                    f"Cần ngày lập thành tích “{a.title}”",
                    f"The date of “{a.title}”",
                )
            )
        elif not lo <= a.date <= hi:
            parts.append(FALSE)
            reasons.append(
                (
                    f"ngày {fmt_date(a.date)} ngoài thời gian xét",
                    f"dated {a.date.isoformat()}, outside the period considered",
                )
            )
        for w in self.rewarded.get(key, ()):
            facts.append(Fact(f"awards[{w.id}].achievements", a.id))
            f_vi, f_en = self.label("forms", w.form)
            if not include:
                parts.append(FALSE)
                reasons.append(
                    (
                        f"đã được khen thưởng: {f_vi}, Quyết định số {w.decision} ngày {fmt_date(w.date)} (không khen thưởng nhiều lần cho một thành tích)",
                        f"already rewarded: {f_en}, decision {w.decision} of {w.date.isoformat()} (one achievement, one reward)",
                    )
                )
        if (wd := self.withdrawn.get(a.id)) is not None:
            parts.append(wd.result)
            reasons.append((wd.note.vi, wd.note.en))
            clauses = clauses + wd.note.clauses
            needs.extend(wd.needs)
        result = all3(parts)
        vi = f"“{a.title}” ({a.id})"
        note = (
            Note(
                clauses,
                f"{vi}: " + "; ".join(r[0] for r in reasons),
                f"{vi}: " + "; ".join(r[1] for r in reasons),
            )
            if reasons
            else None
        )
        extra = self.rs.principle_by_rule("one-achievement-one-reward")
        node_clauses = clauses + (
            extra.clauses if extra and self.rewarded.get(key) and not include else ()
        )
        return Node(
            "achievement",
            result,
            vi + (": " + "; ".join(r[0] for r in reasons) if reasons else ""),
            vi + (": " + "; ".join(r[1] for r in reasons) if reasons else ""),
            node_clauses,
            ref=a.id,
            facts=tuple(facts),
            needs=tuple(needs),
            missing=note,
        )
