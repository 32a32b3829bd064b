"""Candidates: the people and collectives a case file nominates, some drawn "strong"."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._model import CANDIDATE_KINDS
from thiduarules.testing.strategies._builder import Builder
from thiduarules.testing.strategies._draw import BOOLEANS, Raw
from thiduarules.testing.strategies._options import MISSING, check_strategy, checked_probability
from thiduarules.testing.strategies._profile import profile_of

INDIVIDUALS = (
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Phạm Thị Lan",
    "Lê Văn Hùng",
    "Vũ Thị Mai",
    "Hoàng Văn Đức",
    "Bùi Thị Ngọc Ánh",
    "Đặng Quang Huy",
)
UNITS = (
    "Phòng Văn hóa - Xã hội",
    "Văn phòng HĐND và UBND xã",
    "Trung tâm Phục vụ hành chính công xã",
    "Phòng Kinh tế",
    "Thôn An Cư",
)


def candidate(b: Builder, cid: str, kind: str, index: int, strong: bool = False) -> Raw:
    """One candidate record; a strong one leans on the values the rules accept."""
    roles, duties = b.vocab("roles"), b.vocab("duties")
    good_roles = b.p.good_roles.get(kind, ())
    name = INDIVIDUALS[index % len(INDIVIDUALS)] if kind == "ca-nhan" else UNITS[index % len(UNITS)]
    b.strong[cid] = strong
    return {
        "id": cid,
        "kind": kind,
        "name": f"{name} ({cid})",
        "unit": b.choice(UNITS),
        "role": b.choice(roles, good_roles, strong=strong, nullable=True) if roles else None,
        "in_commune": b.choice((True, False), (True,), strong=strong, nullable=True),
        "duties": b.draw(st.lists(b.p.sampler(duties, b.p.good_duties), unique=True, max_size=2))
        if duties
        else [],
    }


def candidate_records(
    ruleset: Ruleset,
    *,
    kinds: Collection[str] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One candidate record (JSON) of a case file for `ruleset`; `kinds` limits "ca-nhan"/"tap-the"."""
    profile = profile_of(ruleset)
    check_strategy(missing, "missing", "floats(0, 1)")
    allowed = tuple(CANDIDATE_KINDS) if kinds is None else tuple(sorted(set(kinds)))
    if not allowed or any(k not in CANDIDATE_KINDS for k in allowed) or isinstance(kinds, str):
        raise InvalidArgument(
            f"kinds must be a non-empty collection of {CANDIDATE_KINDS}, not {kinds!r}"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = Builder(
            draw,
            profile,
            checked_probability(draw(missing)),
            profile.period_years,
            tuple(ruleset.tracks),
        )
        kind = draw(st.sampled_from(allowed))
        n = draw(st.integers(1, 99))
        return candidate(
            b, f"{'CN' if kind == 'ca-nhan' else 'TT'}-{n:02d}", kind, n, strong=draw(BOOLEANS)
        )

    return build()
