"""Seeded synthetic workloads for the benchmarks: commune rounds valid against the bundled ruleset.

What: `commune_round` makes one commune's round of nominations (about 300 by default) —
collectives and individuals, on the annual, ad-hoc and period-end tracks of the Khúc Thừa Dụ
ruleset, with assessment histories over 2026–2030, about 10 % of facts missing (`null`
fields, assessments not recorded, filing dates unknown), some achievements claimed by two
nominations (a collective and its member), some achievements already rewarded, a few
candidates with two annual dossiers, and the units' yearly reports. `generate_case` joins
several communes into one case file (ids are prefixed by commune, so they never clash);
`annual_only` keeps only the annual nominations (what the peers of `run.py` encode);
`one_achievement_case` is the adversarial case where every nomination claims one shared
achievement.

Why: the comparison in `run.py` must run every peer on the same facts, and a benchmark is only
worth its workload — so the workload looks like a real round (mixed tracks, partial facts,
principles across nominations in play) and is reproducible from its seed. Everything returned
is a plain JSON-shaped dict in the `thiduarules-case/1` format; `run.py` checks each one with
`thiduarules.case.structure_case`, which raises `CaseFileError` listing any problem.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

FORMAT = "thiduarules-case/1"
YEARS = (2026, 2027, 2028, 2029, 2030)
ANNUAL_TRACKS = ("hang-nam-tap-the", "hang-nam-ca-nhan")
AS_OF = "2031-04-15"
COMMUNE_SIZE = 300  # nominations in one generated commune round

ROLES_TT_OK = (
    "co-quan-chuyen-mon",
    "trung-tam-phuc-vu-hanh-chinh-cong",
    "don-vi-su-nghiep",
    "mat-tran-to-quoc",
    "to-chuc-chinh-tri-xa-hoi",
)
ROLES_CN_OK = ("can-bo", "cong-chuc", "vien-chuc", "nguoi-lao-dong")
ROLES_TT_OTHER = ("thon-to-dan-pho",)
ROLES_CN_OTHER = ("nguoi-dan", "nguoi-hoat-dong-khong-chuyen-trach")
DUTIES = (
    "giai-quyet-tthc",
    "tham-muu-cchc",
    "chuyen-doi-so",
    "lanh-dao-chi-dao",
    "to-chuc-thuc-hien-cchc",
    "tuyen-truyen-cchc",
)
ACH_KINDS = ("sang-kien", "mo-hinh", "giai-phap", "cach-lam-hay")
# Bodies: the first ones count for the criteria; the last never counts for an individual's
# conduct and rating, and thu-truong-don-vi does not count for "excellent, exemplary".
BODIES_CN = ("thu-truong-don-vi", "ubnd-xa", "chu-tich-ubnd-xa", "hoi-dong-sang-kien-xa")
BODIES_ACH = ("ubnd-xa", "chu-tich-ubnd-xa", "hoi-dong-thi-dua-khen-thuong-xa", "thu-truong-don-vi")

# (kind, values with weights, bodies) recorded each year of a candidate's history.
YEARLY_CN: tuple[tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]], ...] = (
    ("dao-duc", (("tot", 9), ("chua-tot", 1)), BODIES_CN),
    (
        "xep-loai-nhiem-vu",
        (("hoan-thanh-xuat-sac", 6), ("hoan-thanh-tot", 3), ("hoan-thanh", 1)),
        BODIES_CN,
    ),
    (
        "muc-do-tham-gia-cchc",
        (
            ("truc-tiep-chi-dao", 2),
            ("truc-tiep-tham-muu-to-chuc", 4),
            ("tham-gia-thuc-hien", 3),
            ("khong-tham-gia", 1),
        ),
        BODIES_CN,
    ),
    ("thanh-tich-cchc-nam", (("xuat-sac-tieu-bieu", 5), ("chua-dat", 5)), BODIES_ACH),
)
YEARLY_TT: tuple[tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]], ...] = (
    ("thanh-tich-cchc-nam", (("xuat-sac-tieu-bieu", 4), ("chua-dat", 6)), BODIES_ACH),
    ("ky-luat-ky-cuong", (("nghiem-tuc", 6), ("co-vi-pham", 4)), BODIES_ACH),
    ("ket-qua-tthc-chuyen-doi-so", (("noi-bat", 4), ("chua-noi-bat", 6)), BODIES_ACH),
    (
        "tap-the-tieu-bieu",
        (("tieu-bieu", 6), ("chua-tieu-bieu", 4)),
        ("ubnd-xa", "chu-tich-ubnd-xa"),
    ),
)
UNITS = (
    "Văn phòng HĐND và UBND xã",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Trung tâm Phục vụ hành chính công xã",
    "Trung tâm Dịch vụ sự nghiệp công xã",
    "Ủy ban MTTQ Việt Nam xã",
    "Đoàn Thanh niên xã",
    "Hội Liên hiệp Phụ nữ xã",
    "Trạm Y tế xã",
    "Trường THCS xã",
)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    values = [v for v, _ in options]
    weights = [w for _, w in options]
    return rng.choices(values, weights)[0]


def _day(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span_days))


class _Commune:
    """Builds one commune's records; ids carry the commune prefix `p`."""

    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.rng = rng
        self.p = prefix
        self.candidates: list[dict[str, Any]] = []
        self.achievements: list[dict[str, Any]] = []
        self.assessments: list[dict[str, Any]] = []
        self.awards: list[dict[str, Any]] = []
        self.nominations: list[dict[str, Any]] = []
        self.unit_reports: list[dict[str, Any]] = []
        self.counters: dict[str, int] = {}

    def next_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{self.p}-{kind}-{self.counters[kind]:05d}"

    # ---- records -------------------------------------------------------------------------------

    def candidate(self, collective: bool) -> dict[str, Any]:
        rng = self.rng
        unit = rng.choice(UNITS)
        r = rng.random()
        if collective:
            role = rng.choice(ROLES_TT_OK) if r < 0.86 else None
            if 0.86 <= r < 0.92:
                role = rng.choice(ROLES_TT_OTHER)
        else:
            role = rng.choice(ROLES_CN_OK) if r < 0.86 else None
            if 0.86 <= r < 0.92:
                role = rng.choice(ROLES_CN_OTHER)
        r = rng.random()
        in_commune = True if r < 0.88 else (False if r < 0.92 else None)
        cid = self.next_id("TT" if collective else "CN")
        cand = {
            "id": cid,
            "kind": "tap-the" if collective else "ca-nhan",
            "name": f"{'Tập thể' if collective else 'Cá nhân'} {cid}",
            "unit": unit,
            "role": role,
            "in_commune": in_commune,
            "duties": sorted(rng.sample(DUTIES, rng.randint(0, 3))),
        }
        self.candidates.append(cand)
        return cand

    def history(self, cand: dict[str, Any], years: list[int]) -> None:
        """The candidate's yearly assessments; about 10 % not recorded, some recorded twice."""
        rng = self.rng
        yearly = YEARLY_TT if cand["kind"] == "tap-the" else YEARLY_CN
        for year in years:
            for kind, values, bodies in yearly:
                if rng.random() < 0.1:
                    continue  # not recorded (yet): the criterion is unknown
                copies = 2 if rng.random() < 0.08 else 1
                for _ in range(copies):
                    body = bodies[0] if rng.random() < 0.5 else rng.choice(bodies)
                    self.assessments.append(
                        {
                            "id": self.next_id("DG"),
                            "subject": cand["id"],
                            "kind": kind,
                            "value": _weighted(rng, values),
                            "year": year,
                            "by": body,
                            "date": _day(rng, dt.date(year, 12, 1), 50).isoformat(),
                        }
                    )
            if year == 2030:
                # The period-end judgement, recorded with year 2030: (kind, met, not met).
                kind, met, unmet = (
                    ("dan-dau-phong-trao", "dan-dau", "chua-dan-dau")
                    if cand["kind"] == "tap-the"
                    else ("thanh-tich-cchc-giai-doan", "xuat-sac-tieu-bieu", "chua-dat")
                )
                value = met if rng.random() < 0.4 else unmet
                if rng.random() < 0.9:
                    self.assessments.append(
                        {
                            "id": self.next_id("DG"),
                            "subject": cand["id"],
                            "kind": kind,
                            "value": value,
                            "year": 2030,
                            "by": "ubnd-xa",
                            "date": "2030-12-20",
                        }
                    )

    def achievement(self, holders: list[str], year: int, kind: str | None = None) -> dict[str, Any]:
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            date = None
        elif r < 0.18:
            date = _day(
                rng, dt.date(rng.choice(YEARS), 1, 1), 360
            ).isoformat()  # perhaps another year
        else:
            date = _day(rng, dt.date(year, 1, 1), 360).isoformat()
        r = rng.random()
        applied = True if r < 0.72 else (False if r < 0.88 else None)
        ach = {
            "id": self.next_id("SK"),
            "holders": holders,
            "kind": kind or rng.choice(ACH_KINDS),
            "title": f"Sáng kiến {len(self.achievements) + 1} của {self.p}",
            "date": date,
            "applied_effectively": applied,
            "recognised_by": rng.choice((None, "hoi-dong-sang-kien-xa", "ubnd-xa")),
        }
        self.achievements.append(ach)
        return ach

    def reward(self, recipient: str, ach: dict[str, Any]) -> None:
        """A past award that already rewarded `ach` (III.1.2.2: it counts no more)."""
        year = int(ach["date"][:4]) if ach["date"] else 2026
        self.awards.append(
            {
                "id": self.next_id("KT"),
                "recipient": recipient,
                "form": "giay-khen-chu-tich-xa",
                "decision": f"{len(self.awards) + 1}/QĐ-UBND-{self.p}",
                "date": dt.date(year, 12, 28).isoformat(),
                "achievements": [ach["id"]],
            }
        )

    def filed_annual(self, year: int) -> str | None:
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            return None
        if r < 0.13:
            return dt.date(year + 1, 3, 31).isoformat()  # the deadline day itself: late, flagged
        if r < 0.2:
            return _day(rng, dt.date(year + 1, 4, 1), 30).isoformat()  # late, flagged
        return _day(rng, dt.date(year + 1, 1, 5), 85).isoformat()

    def nominate(
        self,
        cand: dict[str, Any],
        track: str,
        year: int,
        achievements: list[str],
        filed: str | None,
        form: str | None = None,
    ) -> None:
        self.nominations.append(
            {
                "id": self.next_id("DN"),
                "candidate": cand["id"],
                "track": track,
                "year": year,
                "achievements": achievements,
                "filed": filed,
                "form": form,
            }
        )

    # ---- a round -------------------------------------------------------------------------------

    def annual(self, cand: dict[str, Any], year: int, claims: list[str] | None = None) -> None:
        rng = self.rng
        track = "hang-nam-tap-the" if cand["kind"] == "tap-the" else "hang-nam-ca-nhan"
        if claims is None:
            claims = []
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                ach = self.achievement([cand["id"]], year)
                claims.append(ach["id"])
                if rng.random() < 0.07:
                    self.reward(cand["id"], ach)
        form = "giay-khen-chu-tich-xa" if rng.random() < 0.3 else None
        self.nominate(cand, track, year, claims, self.filed_annual(year), form)

    def ad_hoc(self, cand: dict[str, Any], year: int) -> None:
        rng = self.rng
        ach = self.achievement([cand["id"]], year, kind="thanh-tich-dot-xuat")
        base = dt.date.fromisoformat(ach["date"]) if ach["date"] else dt.date(year, 6, 1)
        if rng.random() < 0.85:
            self.assessments.append(
                {
                    "id": self.next_id("DG"),
                    "subject": cand["id"],
                    "kind": "danh-gia-dot-xuat",
                    "value": "xuat-sac-tieu-bieu" if rng.random() < 0.7 else "chua-dat",
                    "year": year,
                    "by": rng.choice(("ubnd-xa", "chu-tich-ubnd-xa", "thu-truong-don-vi")),
                    "date": (base + dt.timedelta(days=rng.randint(-2, 12))).isoformat(),
                    "achievement": ach["id"],
                }
            )
        filed = (
            None
            if rng.random() < 0.1
            else (base + dt.timedelta(days=rng.randint(0, 45))).isoformat()
        )
        track = "dot-xuat-tap-the" if cand["kind"] == "tap-the" else "dot-xuat-ca-nhan"
        self.nominate(cand, track, year, [ach["id"]], filed)

    def period_end(self, cand: dict[str, Any]) -> None:
        rng = self.rng
        collective = cand["kind"] == "tap-the"
        claims = [
            self.achievement([cand["id"]], rng.choice(YEARS))["id"]
            for _ in range(rng.randint(0, 3))
        ]
        if rng.random() < 0.3:
            track = "de-nghi-cap-tren-tap-the" if collective else "de-nghi-cap-tren-ca-nhan"
            form: str | None = "bang-khen-chu-tich-thanh-pho"
        else:
            track = "tong-ket-tap-the" if collective else "tong-ket-ca-nhan"
            form = None
        filed = None if rng.random() < 0.1 else _day(rng, dt.date(2030, 11, 1), 40).isoformat()
        self.nominate(cand, track, 2030, claims, filed, form)

    def build(self, size: int) -> None:
        """Candidates and their dossiers until the round holds `size` nominations."""
        rng = self.rng
        while len(self.nominations) < size:
            collective = rng.random() < 0.22
            cand = self.candidate(collective)
            first = rng.choice(YEARS)
            span = list(range(first, min(2030, first + rng.randint(0, 3)) + 1))
            if rng.random() < 0.25:
                span = list(YEARS)  # a full history: period-end material
            self.history(cand, span)
            r = rng.random()
            if collective and r < 0.1:
                # A collective and one of its members share an achievement and both claim it.
                member = self.candidate(False)
                self.history(member, [span[0]])
                shared = self.achievement([cand["id"], member["id"]], span[0], kind="sang-kien")
                self.annual(cand, span[0], [shared["id"]])
                self.annual(member, span[0], [shared["id"]])
                continue
            year = rng.choice(span) if rng.random() < 0.9 else rng.choice(YEARS)
            self.annual(cand, year)
            if r < 0.15 and len(span) > 1:
                self.annual(cand, rng.choice([y for y in span if y != year]))  # another year
            elif r < 0.18:
                self.annual(cand, year)  # two annual dossiers for one year
            elif r < 0.3:
                self.ad_hoc(cand, rng.choice(span))
            elif r < 0.45 and span[-1] == 2030:
                self.period_end(cand)
        del self.nominations[size:]
        self.reports()

    def reports(self) -> None:
        rng = self.rng
        for unit in UNITS:
            for year in YEARS:
                r = rng.random()
                reported = None if r < 0.08 else _day(rng, dt.date(year, 11, 10), 20).isoformat()
                self.unit_reports.append({"unit": unit, "year": year, "reported": reported})

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """The commune's records, in the case file's collections."""
        return {
            "candidates": self.candidates,
            "achievements": self.achievements,
            "assessments": self.assessments,
            "awards": self.awards,
            "nominations": self.nominations,
            "unit_reports": self.unit_reports,
        }


def commune_round(
    seed: int, prefix: str = "X01", size: int = 300
) -> dict[str, list[dict[str, Any]]]:
    """The records of one commune's round with `size` nominations (deterministic in `seed`)."""
    commune = _Commune(random.Random(f"{seed}/{prefix}"), prefix)
    commune.build(size)
    return commune.records()


def generate_case(seed: int, nominations: int, commune_size: int = COMMUNE_SIZE) -> dict[str, Any]:
    """A case of exactly `nominations` nominations: communes of `commune_size` joined together."""
    parts: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "candidates",
            "achievements",
            "assessments",
            "awards",
            "nominations",
            "unit_reports",
        )
    }
    i = 0
    left = nominations
    while left > 0:
        i += 1
        size = min(commune_size, left)
        for key, records in commune_round(seed, f"X{i:02d}", size).items():
            parts[key].extend(records)
        left -= size
    return {"format": FORMAT, "commune": f"{i} xã (tổng hợp)", "as_of": AS_OF, **parts}


def annual_only(case: dict[str, Any]) -> dict[str, Any]:
    """The same case with only its annual nominations (every other fact kept)."""
    return {**case, "nominations": [n for n in case["nominations"] if n["track"] in ANNUAL_TRACKS]}


def one_achievement_case(nominations: int = 500, seed: int = 1) -> dict[str, Any]:
    """`nominations` individuals, each otherwise eligible, all claiming one shared achievement.

    Every criterion holds for everyone except that the one initiative is theirs to share:
    under the default `hoi-dong-quyet-dinh` the Council must decide, so each nomination is
    held undetermined and the case lists one conflict of `nominations` claimants — the worst
    case for the principles across nominations.
    """
    rng = random.Random(seed)
    cands, asms, noms = [], [], []
    ids = [f"CN-{i:05d}" for i in range(nominations)]
    for i, cid in enumerate(ids):
        cands.append(
            {
                "id": cid,
                "kind": "ca-nhan",
                "name": f"Cá nhân {i}",
                "unit": rng.choice(UNITS),
                "role": rng.choice(ROLES_CN_OK),
                "in_commune": True,
                "duties": ["tham-muu-cchc"],
            }
        )
        for j, (kind, value) in enumerate(
            (
                ("dao-duc", "tot"),
                ("xep-loai-nhiem-vu", "hoan-thanh-xuat-sac"),
                ("muc-do-tham-gia-cchc", "truc-tiep-tham-muu-to-chuc"),
                ("thanh-tich-cchc-nam", "chua-dat"),
            )
        ):
            asms.append(
                {
                    "id": f"DG-{i:05d}-{j}",
                    "subject": cid,
                    "kind": kind,
                    "value": value,
                    "year": 2026,
                    "by": "ubnd-xa",
                    "date": "2026-12-20",
                }
            )
        noms.append(
            {
                "id": f"DN-{i:05d}",
                "candidate": cid,
                "track": "hang-nam-ca-nhan",
                "year": 2026,
                "achievements": ["SK-CHUNG"],
                "filed": _day(rng, dt.date(2027, 1, 5), 80).isoformat(),
            }
        )
    ach = {
        "id": "SK-CHUNG",
        "holders": ids,
        "kind": "sang-kien",
        "title": "Sáng kiến chung của cả xã",
        "date": "2026-06-15",
        "applied_effectively": True,
        "recognised_by": "hoi-dong-sang-kien-xa",
    }
    return {
        "format": FORMAT,
        "as_of": "2027-04-15",
        "candidates": cands,
        "achievements": [ach],
        "assessments": asms,
        "nominations": noms,
    }
