"""Small case files built in code, for tests that need one fact changed at a time."""

from __future__ import annotations

import copy
from typing import Any

from thiduarules.case import Case, structure_case
from thiduarules.ruleset import Ruleset

YEAR = 2026


def person(cid: str = "CN-01", **over: Any) -> dict[str, Any]:
    c = {
        "id": cid,
        "kind": "ca-nhan",
        "name": f"Nguyễn Văn {cid}",
        "unit": "Phòng Văn hóa - Xã hội",
        "role": "cong-chuc",
        "in_commune": True,
        "duties": ["giai-quyet-tthc"],
    }
    c.update(over)
    return c


def unit(cid: str = "TT-01", **over: Any) -> dict[str, Any]:
    c = {
        "id": cid,
        "kind": "tap-the",
        "name": f"Đơn vị {cid}",
        "unit": "UBND xã Khúc Thừa Dụ",
        "role": "co-quan-chuyen-mon",
        "in_commune": True,
        "duties": ["tham-muu-cchc"],
    }
    c.update(over)
    return c


def assessment(
    aid: str,
    subject: str,
    kind: str,
    value: str,
    year: int = YEAR,
    by: str = "ubnd-xa",
    date: str | None = None,
    achievement: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": aid,
        "subject": subject,
        "kind": kind,
        "value": value,
        "year": year,
        "by": by,
        "date": date or f"{year}-12-20",
    }
    if achievement is not None:
        out["achievement"] = achievement
    return out


def individual_basics(
    subject: str = "CN-01", year: int = YEAR, prefix: str = "DG"
) -> list[dict[str, Any]]:
    """The three conditions every individual must meet (III.2.1.a.CN), all met."""
    return [
        assessment(f"{prefix}-{subject}-{year}-1", subject, "dao-duc", "tot", year),
        assessment(
            f"{prefix}-{subject}-{year}-2",
            subject,
            "xep-loai-nhiem-vu",
            "hoan-thanh-xuat-sac",
            year,
        ),
        assessment(
            f"{prefix}-{subject}-{year}-3",
            subject,
            "muc-do-tham-gia-cchc",
            "truc-tiep-tham-muu-to-chuc",
            year,
        ),
    ]


def no_other_grounds(subject: str, kind: str = "ca-nhan", year: int = YEAR) -> list[dict[str, Any]]:
    """Recorded negative assessments for every assessment-based ground, so only achievements decide."""
    if kind == "ca-nhan":
        return [
            assessment(f"NG-{subject}-{year}", subject, "thanh-tich-cchc-nam", "chua-dat", year)
        ]
    return [
        assessment(f"NG-{subject}-{year}-2", subject, "thanh-tich-cchc-nam", "chua-dat", year),
        assessment(f"NG-{subject}-{year}-3", subject, "ky-luat-ky-cuong", "co-vi-pham", year),
        assessment(
            f"NG-{subject}-{year}-4", subject, "ket-qua-tthc-chuyen-doi-so", "chua-noi-bat", year
        ),
    ]


def initiative(
    aid: str,
    holders: list[str],
    date: str = f"{YEAR}-06-01",
    applied: bool | None = True,
    kind: str = "sang-kien",
) -> dict[str, Any]:
    return {
        "id": aid,
        "holders": holders,
        "kind": kind,
        "title": f"Sáng kiến {aid}",
        "date": date,
        "applied_effectively": applied,
        "recognised_by": "hoi-dong-sang-kien-xa",
    }


def nomination(
    nid: str,
    candidate: str,
    track: str = "hang-nam-ca-nhan",
    year: int = YEAR,
    achievements: list[str] | None = None,
    filed: str | None = f"{YEAR + 1}-03-20",
    **over: Any,
) -> dict[str, Any]:
    n = {
        "id": nid,
        "candidate": candidate,
        "track": track,
        "year": year,
        "achievements": achievements or [],
        "filed": filed,
    }
    n.update(over)
    return n


def award(
    wid: str,
    recipient: str,
    achievements: list[str],
    date: str = f"{YEAR}-04-10",
    form: str = "giay-khen-chu-tich-xa",
) -> dict[str, Any]:
    return {
        "id": wid,
        "recipient": recipient,
        "form": form,
        "decision": f"{wid}/QĐ-UBND",
        "date": date,
        "achievements": achievements,
    }


def raw_case(
    *,
    candidates: list[dict[str, Any]],
    achievements: list[dict[str, Any]] = (),
    assessments: list[dict[str, Any]] = (),
    awards: list[dict[str, Any]] = (),
    nominations: list[dict[str, Any]] = (),
    unit_reports: list[dict[str, Any]] = (),
    council_decisions: list[dict[str, Any]] = (),
    as_of: str = f"{YEAR + 1}-04-15",
) -> dict[str, Any]:  # type: ignore[assignment]
    extra = {"council_decisions": list(council_decisions)} if council_decisions else {}
    return copy.deepcopy(
        extra
        | {
            "format": "thiduarules-case/1",
            "commune": "Xã Khúc Thừa Dụ",
            "as_of": as_of,
            "candidates": list(candidates),
            "achievements": list(achievements),
            "assessments": list(assessments),
            "awards": list(awards),
            "nominations": list(nominations),
            "unit_reports": list(unit_reports),
        }
    )


def decision(
    did: str,
    nomination: str,
    achievement: str | None = None,
    date: str = f"{YEAR + 1}-04-02",
) -> dict[str, Any]:
    """The Council's decision: `achievement` counts for `nomination` (or, without one, that
    annual dossier takes its candidate's place for the year)."""
    d: dict[str, Any] = {
        "id": did,
        "nomination": nomination,
        "by": "hoi-dong-thi-dua-khen-thuong-xa",
        "date": date,
        "record": f"Biên bản họp Hội đồng số {did}",
    }
    if achievement is not None:
        d["achievement"] = achievement
    return d


def build(ruleset: Ruleset, **parts: Any) -> Case:
    return structure_case(raw_case(**parts), ruleset, "<test>")


def vi(item: Any, ruleset: Ruleset | None = None) -> str:
    """A node, need or note of a result in Vietnamese, as the text renderer writes it."""
    from thiduarules.render import describe
    from thiduarules.ruleset import load_ruleset

    return describe(item, "vi", ruleset=ruleset or load_ruleset())


def en(item: Any, ruleset: Ruleset | None = None) -> str:
    """The same in English."""
    from thiduarules.render import describe
    from thiduarules.ruleset import load_ruleset

    return describe(item, "en", ruleset=ruleset or load_ruleset())
