"""The facts of one case file, as frozen data: candidates, achievements, assessments, awards,
nominations, unit reports and the Council's decisions. The engine reads these facts; it never
decides them."""

from __future__ import annotations

import datetime as dt

import attrs

FORMAT = "thiduarules-case/1"


@attrs.frozen
class Candidate:
    """A collective (`tap-the`) or an individual (`ca-nhan`) who may be nominated."""

    id: str
    kind: str
    name: str
    unit: str
    role: str | None = None
    in_commune: bool | None = None
    duties: tuple[str, ...] = ()


@attrs.frozen
class Achievement:
    """An initiative, model, solution or result, held by one or more candidates."""

    id: str
    holders: tuple[str, ...]
    kind: str
    title: str
    date: dt.date | None = None
    applied_effectively: bool | None = None
    recognised_by: str | None = None


@attrs.frozen
class Assessment:
    """A judgement recorded by a named body on a date, about one candidate and one year — and,
    for a kind that judges an achievement (an ad-hoc one), the achievement it judges."""

    id: str
    subject: str
    kind: str
    value: str
    year: int
    by: str
    date: dt.date
    achievement: str | None = None


@attrs.frozen
class Award:
    """A reward already decided, with the achievements it rewarded — and, where known, the year
    and round it was for and the nomination it answered (limits count it; the nomination it
    answered is not "rewarded again" by it)."""

    id: str
    recipient: str
    form: str
    decision: str
    date: dt.date
    achievements: tuple[str, ...] = ()
    year: int | None = None
    round: str | None = None
    nomination: str | None = None


@attrs.frozen
class Nomination:
    """A proposal to reward one candidate on one track for one year."""

    id: str
    candidate: str
    track: str
    year: int
    achievements: tuple[str, ...] = ()
    filed: dt.date | None = None
    form: str | None = None


@attrs.frozen
class UnitReport:
    """A unit's yearly report on the movement (plan IV.2)."""

    unit: str
    year: int
    reported: dt.date | None = None


@attrs.frozen
class CouncilDecision:
    """What the commune's Emulation & Reward Council settled where the rules leave it to it.

    With `achievement`: which of the nominations claiming that one achievement it counts for
    (one achievement, one reward; III.1.2.2). Without: which of one candidate's annual dossiers
    for one year, filed the same day, takes the annual place (choice 6).
    """

    id: str
    nomination: str
    by: str
    date: dt.date
    achievement: str | None = None
    record: str | None = None


@attrs.frozen
class Case:
    """Everything one evaluation reads. Collections are kept sorted by id, so input order never matters."""

    format: str
    candidates: tuple[Candidate, ...]
    achievements: tuple[Achievement, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    awards: tuple[Award, ...] = ()
    nominations: tuple[Nomination, ...] = ()
    unit_reports: tuple[UnitReport, ...] = ()
    council_decisions: tuple[CouncilDecision, ...] = ()
    commune: str | None = None
    as_of: dt.date | None = None
