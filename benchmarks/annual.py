"""The annual criteria of the Khúc Thừa Dụ ruleset, hand-written, and the fact look-ups the peers share.

What: the two annual tracks (`hang-nam-tap-the`, `hang-nam-ca-nhan`, III.2.1.a–b, III.1.1,
III.2.3.a.1) written out by hand, with the ruleset's default parameter values as constants;
`FactIndex`, the look-ups every peer needs (a candidate by id, a candidate's assessments of a
kind for a year in date order, a claimed achievement, whether a past award already rewarded
it); and `outcomes`, the straight-Python peer: one function per track returning just
"eligible", "ineligible" or "undetermined" — three-valued honestly, so a missing fact gives
"undetermined", never a silent "no".

Why: `run.py` compares thiduarules with what a programmer would write by hand for the same
criteria. The peers encode only what decides one nomination alone (no principles across
nominations: shared achievements, two annual dossiers of one candidate), so `run.py` checks
their agreement with thiduarules on the nominations where those principles cannot interfere.
The constants below are read off `rulesets/khuc-thua-du-cchc-2026-2030.toml` (criteria and
parameters); thiduarules is the reference, and the agreement check in `run.py` says at once if
the two drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from thiduarules.case import Case

T, F, U = "T", "F", "U"
OUTCOME = {T: "eligible", F: "ineligible", U: "undetermined"}
COLLECTIVE, INDIVIDUAL = "hang-nam-tap-the", "hang-nam-ca-nhan"
ANNUAL = (COLLECTIVE, INDIVIDUAL)

# Parameters (their values in force in the bundled ruleset).
ROLES_TT = frozenset(  # vai-tro-tap-the-duoc-xet
    {
        "co-quan-chuyen-mon",
        "trung-tam-phuc-vu-hanh-chinh-cong",
        "don-vi-su-nghiep",
        "mat-tran-to-quoc",
        "to-chuc-chinh-tri-xa-hoi",
    }
)
ROLES_CN = frozenset(
    {"can-bo", "cong-chuc", "vien-chuc", "nguoi-lao-dong"}
)  # vai-tro-ca-nhan-duoc-xet
BODIES_ACH = frozenset(  # co-quan-danh-gia-thanh-tich
    {"ubnd-xa", "chu-tich-ubnd-xa", "hoi-dong-thi-dua-khen-thuong-xa"}
)
BODIES_CN = frozenset(
    {"thu-truong-don-vi", "ubnd-xa", "chu-tich-ubnd-xa"}
)  # co-quan-danh-gia-can-bo
SENIOR = frozenset({"ubnd-xa", "chu-tich-ubnd-xa"})  # co-quan-danh-gia-uu-tien: they prevail
DEADLINE = (3, 31)  # han-nop-ho-so-hang-nam: in the year after the nomination year
DEADLINE_DAY_ON_TIME = False  # tinh-ca-ngay-han
LATE_REFUSED = False  # xu-ly-ho-so-tre = canh-bao: a late dossier is flagged, not refused

# Criteria: (assessment kind, accepted values, accepted bodies).
AsmTest = tuple[str, frozenset[str], frozenset[str]]
TT_ASSESSED: tuple[AsmTest, ...] = (
    ("thanh-tich-cchc-nam", frozenset({"xuat-sac-tieu-bieu"}), BODIES_ACH),  # III.2.1.a.TT2
    ("ky-luat-ky-cuong", frozenset({"nghiem-tuc"}), BODIES_ACH),  # III.2.1.a.TT3
    ("ket-qua-tthc-chuyen-doi-so", frozenset({"noi-bat"}), BODIES_ACH),  # III.2.1.a.TT4
)
CN_REQUIRED: tuple[AsmTest, ...] = (  # III.2.1.a.CN
    ("dao-duc", frozenset({"tot"}), BODIES_CN),
    ("xep-loai-nhiem-vu", frozenset({"hoan-thanh-xuat-sac"}), BODIES_CN),
    (
        "muc-do-tham-gia-cchc",
        frozenset({"truc-tiep-chi-dao", "truc-tiep-tham-muu-to-chuc", "tham-gia-thuc-hien"}),
        BODIES_CN,
    ),
)
CN_ASSESSED: AsmTest = ("thanh-tich-cchc-nam", frozenset({"xuat-sac-tieu-bieu"}), BODIES_ACH)  # CN2
KINDS_TT = frozenset({"sang-kien", "mo-hinh", "giai-phap"})  # III.2.1.a.TT1
KINDS_CN = frozenset({"sang-kien", "giai-phap", "cach-lam-hay"})  # III.2.1.a.CN1


def all3(values: Iterable[str]) -> str:
    """Kleene AND: false if any part is false, else unknown if any is unknown."""
    seen_u = False
    for v in values:
        if v == F:
            return F
        if v == U:
            seen_u = True
    return U if seen_u else T


def any3(values: Iterable[str]) -> str:
    """Kleene OR: true if any part is true, else unknown if any is unknown."""
    seen_u = False
    for v in values:
        if v == T:
            return T
        if v == U:
            seen_u = True
    return U if seen_u else F


class FactIndex:
    """The look-ups of one case: built once per case, read once per nomination."""

    def __init__(self, case: Case) -> None:
        on = case.as_of or dt.date.today()
        self.candidates = {c.id: c for c in case.candidates}
        self.achievements = {a.id: a for a in case.achievements}
        # What an award decided by the evaluation date rewarded (one dated later is not known).
        self.rewarded = frozenset(a for w in case.awards if w.date <= on for a in w.achievements)
        by_key: dict[tuple[str, str, int], list[tuple[bool, dt.date, str, str, str]]] = defaultdict(
            list
        )
        for s in case.assessments:
            if s.date <= on:  # recorded after the evaluation date: not yet known
                key = (s.subject, s.kind, s.year)
                by_key[key].append((s.by in SENIOR, s.date, s.id, s.by, s.value))
        for items in by_key.values():
            # A senior body's judgement first, then the latest: the first accepted one stands.
            items.sort(reverse=True)
        # (subject, kind, year) -> [(body, value)], the standing judgement first
        self.assessments: dict[tuple[str, str, int], list[tuple[str, str]]] = {
            k: [(by, value) for *_, by, value in v] for k, v in by_key.items()
        }


def latest(
    idx: FactIndex, subject: str, kind: str, year: int, bodies: frozenset[str]
) -> str | None:
    """The value of the latest assessment of `kind` for `year` by one of `bodies`, if any."""
    for by, value in idx.assessments.get((subject, kind, year), ()):
        if by in bodies:
            return value
    return None


def assessed(idx: FactIndex, subject: str, year: int, test: AsmTest) -> str:
    kind, values, bodies = test
    value = latest(idx, subject, kind, year, bodies)
    return U if value is None else (T if value in values else F)


def achievements(idx: FactIndex, claims: Iterable[str], year: int, kinds: frozenset[str]) -> str:
    """At least one claimed achievement of `kinds`, applied effectively, dated in `year`, not
    already rewarded (rewarded = "exclude")."""
    seen_u = False
    for a_id in claims:
        a = idx.achievements[a_id]
        if a.kind not in kinds or a.applied_effectively is False or a_id in idx.rewarded:
            continue
        if a.date is not None and a.date.year != year:
            continue
        if a.applied_effectively is True and a.date is not None:
            return T
        seen_u = True
    return U if seen_u else F


def timing(filed: dt.date | None, year: int) -> str:
    """Filed before 31 March of the next year; late is flagged (canh-bao), so only a missing
    filing date leaves the timing unknown."""
    if filed is None:
        return U
    deadline = dt.date(year + 1, *DEADLINE)
    on_time = filed < deadline or (DEADLINE_DAY_ON_TIME and filed == deadline)
    return T if on_time or not LATE_REFUSED else F


def who(idx: FactIndex, cand_id: str, collective: bool) -> tuple[str, str]:
    """The track's subject, and `doi-tuong-*` (III.1.1): kind, in the commune, a role that counts."""
    c = idx.candidates[cand_id]
    subject = T if c.kind == ("tap-the" if collective else "ca-nhan") else F
    in_commune = U if c.in_commune is None else (T if c.in_commune else F)
    roles = ROLES_TT if collective else ROLES_CN
    role = U if c.role is None else (T if c.role in roles else F)
    return subject, all3((subject, in_commune, role))


def collective(
    idx: FactIndex, cand: str, year: int, claims: tuple[str, ...], filed: dt.date | None
) -> str:
    """hang-nam-tap-the: the collective counts, meets one of TT1–TT4, filed in time."""
    subject, person = who(idx, cand, True)
    grounds = any3(
        (
            achievements(idx, claims, year, KINDS_TT),
            *(assessed(idx, cand, year, t) for t in TT_ASSESSED),
        )
    )
    return OUTCOME[all3((subject, person, grounds, timing(filed, year)))]


def individual(
    idx: FactIndex, cand: str, year: int, claims: tuple[str, ...], filed: dt.date | None
) -> str:
    """hang-nam-ca-nhan: the individual counts, meets the three conditions and CN1 or CN2, filed in time."""
    subject, person = who(idx, cand, False)
    required = all3(assessed(idx, cand, year, t) for t in CN_REQUIRED)
    grounds = any3(
        (achievements(idx, claims, year, KINDS_CN), assessed(idx, cand, year, CN_ASSESSED))
    )
    return OUTCOME[all3((subject, person, required, grounds, timing(filed, year)))]


def outcomes(case: Case) -> dict[str, str]:
    """The hand-written peer: the outcome of every annual nomination of `case`."""
    idx = FactIndex(case)
    out: dict[str, str] = {}
    for n in case.nominations:
        if n.track == COLLECTIVE:
            out[n.id] = collective(idx, n.candidate, n.year, n.achievements, n.filed)
        elif n.track == INDIVIDUAL:
            out[n.id] = individual(idx, n.candidate, n.year, n.achievements, n.filed)
    return out


def comparable(case: Case) -> frozenset[str]:
    """Annual nominations the principles across nominations cannot touch: each claimed
    achievement is claimed by no other nomination, and the candidate has no other annual
    nomination (in any year)."""
    claims: dict[str, int] = defaultdict(int)
    annual: dict[str, int] = defaultdict(int)
    for n in case.nominations:
        for a in n.achievements:
            claims[a] += 1
        if n.track in ANNUAL:
            annual[n.candidate] += 1
    return frozenset(
        n.id
        for n in case.nominations
        if n.track in ANNUAL
        and annual[n.candidate] == 1
        and all(claims[a] == 1 for a in n.achievements)
    )
