"""Throughput of `Engine.evaluate` on synthetic communes: nominations per second, by backend.

Run: `python benchmarks/bench_evaluate.py [--nominations 200 1000 5000] [--repeat 3]`.
Prints one line per size and backend; the numbers are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from thiduarules import Engine, load_ruleset
from thiduarules.case import structure_case

KINDS = ("sang-kien", "mo-hinh", "giai-phap", "cach-lam-hay")


def synthetic_case(n: int, seed: int = 7) -> dict[str, Any]:
    """A commune with `n` annual nominations (a third collectives), facts partly missing."""
    rng = random.Random(seed)
    cands, achs, asms, awards, noms = [], [], [], [], []
    for i in range(n):
        collective = i % 3 == 0
        cid = f"{'TT' if collective else 'CN'}-{i:05d}"
        cands.append(
            {
                "id": cid,
                "kind": "tap-the" if collective else "ca-nhan",
                "name": f"Ứng viên {i}",
                "unit": "UBND xã",
                "role": "co-quan-chuyen-mon"
                if collective
                else rng.choice(["cong-chuc", "vien-chuc", "nguoi-dan"]),
                "in_commune": rng.random() > 0.05,
                "duties": rng.sample(
                    ["giai-quyet-tthc", "tham-muu-cchc", "chuyen-doi-so"], rng.randint(0, 2)
                ),
            }
        )
        aid = f"SK-{i:05d}"
        achs.append(
            {
                "id": aid,
                "holders": [cid],
                "kind": rng.choice(KINDS),
                "title": f"Sáng kiến {i}",
                "date": f"2026-{rng.randint(1, 12):02d}-15",
                "applied_effectively": rng.choice([True, True, False, None]),
            }
        )
        if rng.random() < 0.1:
            awards.append(
                {
                    "id": f"KT-{i:05d}",
                    "recipient": cid,
                    "form": "giay-khen-chu-tich-xa",
                    "decision": f"{i}/QĐ-UBND",
                    "date": "2026-05-01",
                    "achievements": [aid],
                }
            )
        kinds = (
            [
                ("thanh-tich-cchc-nam", ["xuat-sac-tieu-bieu", "chua-dat"]),
                ("ky-luat-ky-cuong", ["nghiem-tuc", "co-vi-pham"]),
            ]
            if collective
            else [
                ("dao-duc", ["tot", "chua-tot"]),
                ("xep-loai-nhiem-vu", ["hoan-thanh-xuat-sac", "hoan-thanh-tot"]),
                ("muc-do-tham-gia-cchc", ["truc-tiep-tham-muu-to-chuc", "khong-tham-gia"]),
                ("thanh-tich-cchc-nam", ["xuat-sac-tieu-bieu", "chua-dat"]),
            ]
        )
        for j, (kind, values) in enumerate(kinds):
            if rng.random() < 0.9:
                asms.append(
                    {
                        "id": f"DG-{i:05d}-{j}",
                        "subject": cid,
                        "kind": kind,
                        "value": rng.choice(values),
                        "year": 2026,
                        "by": "ubnd-xa",
                        "date": "2026-12-20",
                    }
                )
        noms.append(
            {
                "id": f"DN-{i:05d}",
                "candidate": cid,
                "track": "hang-nam-tap-the" if collective else "hang-nam-ca-nhan",
                "year": 2026,
                "achievements": [aid],
                "filed": f"2027-03-{rng.randint(1, 31):02d}",
            }
        )
    return {
        "format": "thiduarules-case/1",
        "as_of": "2027-04-15",
        "candidates": cands,
        "achievements": achs,
        "assessments": asms,
        "awards": awards,
        "nominations": noms,
        "unit_reports": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nominations", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ruleset = load_ruleset()
    for n in args.nominations:
        t0 = time.perf_counter()
        case = structure_case(synthetic_case(n), ruleset, "<synthetic>")
        load = time.perf_counter() - t0
        for backend in ("plain", "auto"):
            with Engine(ruleset, backend=backend) as engine:
                engine.evaluate(case)  # compile and warm up
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    engine.evaluate(case)
                    times.append(time.perf_counter() - t0)
                best = min(times)
                print(
                    f"{n:>6} nominations  {engine.description:<40} {best:8.3f} s  {n / best:10.0f} nominations/s  (median {statistics.median(times):.3f} s; case load {load:.3f} s)"
                )


if __name__ == "__main__":
    main()
