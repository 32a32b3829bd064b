"""Invalid case files: each with exactly one planted mistake, and the path its error must name."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Collection
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.ruleset import Ruleset
from thiduarules.testing.strategies._cases import raw_cases
from thiduarules.testing.strategies._draw import Raw
from thiduarules.testing.strategies._profile import Profile, profile_of

#: The kinds of planted mistake `invalid_case_files` knows, in the order it shrinks towards.
MISTAKES = (
    "unknown-field",
    "wrong-type",
    "unknown-vocabulary",
    "dangling-reference",
    "bad-date",
    "duplicate-id",
    "duplicate-key",
    "not-json",
)


@st.composite
def _invalid(draw: st.DrawFn, profile: Profile, mistakes: tuple[str, ...]) -> tuple[bytes, str]:
    raw = draw(
        raw_cases(
            profile,
            st.integers(1, 3),
            tuple(t.id for t in profile.ruleset.tracks),
            st.just(0.3),
            profile.period_years,
        )
    )
    kind = draw(st.sampled_from(mistakes))

    def pick(collection: str) -> tuple[int, Raw]:
        i = draw(st.integers(0, len(raw[collection]) - 1))
        return i, raw[collection][i]

    def nonempty(*collections: str) -> list[str]:
        return [c for c in collections if raw[c]]

    path = "$"
    if kind == "unknown-field":
        where = draw(
            st.sampled_from(
                [
                    "$",
                    *nonempty("candidates", "achievements", "assessments", "awards", "nominations"),
                ]
            )
        )
        target: Raw = raw if where == "$" else raw[where][0]
        key = draw(st.sampled_from(["ghi_chu", "note", *(k[:-1] for k in target if len(k) > 3)]))
        if key in target:
            key += "_x"
        target[key] = "?"
        path = where if where == "$" else f"$.{where}[0]"
    elif kind == "wrong-type":
        choices: list[tuple[str, str, Callable[[Any], Any]]] = [
            ("nominations", "year", lambda v: str(v)),
            ("candidates", "in_commune", lambda v: "có"),
            ("candidates", "name", lambda v: 12),
            ("candidates", "duties", lambda v: 3),
            # A string or an object where an array belongs: never read as characters or keys.
            ("candidates", "duties", lambda v: ", ".join(v or ())),
            ("nominations", "achievements", lambda v: " ".join(v or ())),
            ("nominations", "achievements", lambda v: dict.fromkeys(v or (), True)),
        ]
        if raw["achievements"]:
            choices.append(("achievements", "holders", lambda v: v[0]))
        if raw["assessments"]:
            choices.append(("assessments", "year", lambda v: float(v)))
        if raw["achievements"]:
            choices.append(("achievements", "applied_effectively", lambda v: "true"))
        coll, field, change = draw(st.sampled_from(choices))
        i, rec = pick(coll)
        rec[field] = change(rec.get(field))
        path = f"$.{coll}[{i}].{field}"
    elif kind == "unknown-vocabulary":
        choices2: list[tuple[str, str, str]] = [
            ("candidates", "role", "vai-tro-khong-co"),
            ("nominations", "track", "dien-khong-co"),
        ]
        if raw["assessments"]:
            choices2 += [
                ("assessments", "value", "gia-tri-khong-co"),
                ("assessments", "kind", "loai-khong-co"),
                ("assessments", "by", "co-quan-khong-co"),
            ]
        if raw["achievements"]:
            choices2.append(("achievements", "kind", "loai-thanh-tich-khong-co"))
        if raw["awards"]:
            choices2.append(("awards", "form", "hinh-thuc-khong-co"))
        coll, field, bad = draw(st.sampled_from(choices2))
        i, rec = pick(coll)
        rec[field] = bad
        path = f"$.{coll}[{i}].{field}"
    elif kind == "dangling-reference":
        choices3: list[tuple[str, str]] = [("nominations", "candidate")]
        if raw["assessments"]:
            choices3.append(("assessments", "subject"))
        if raw["awards"]:
            choices3.append(("awards", "recipient"))
        if raw["achievements"]:
            choices3.append(("achievements", "holders"))
        coll, field = draw(st.sampled_from(choices3))
        i, rec = pick(coll)
        if field == "holders":
            rec["holders"] = [*rec["holders"], "KHONG-CO"]
            path = f"$.{coll}[{i}].holders[{len(rec['holders']) - 1}]"
        else:
            rec[field] = "KHONG-CO"
            path = f"$.{coll}[{i}].{field}"
    elif kind == "bad-date":
        bad_date = draw(st.sampled_from(["2027-02-30", "31/03/2027", "2027-3-1", "hôm qua"]))
        choices4: list[tuple[str, str]] = [("$", "as_of"), ("nominations", "filed")]
        if raw["assessments"]:
            choices4.append(("assessments", "date"))
        if raw["awards"]:
            choices4.append(("awards", "date"))
        coll, field = draw(st.sampled_from(choices4))
        if coll == "$":
            raw[field] = bad_date
            path = f"$.{field}"
        else:
            i, rec = pick(coll)
            rec[field] = bad_date
            path = f"$.{coll}[{i}].{field}"
    elif kind == "duplicate-id":
        coll = draw(
            st.sampled_from(
                nonempty("candidates", "achievements", "assessments", "awards", "nominations")
            )
        )
        i, rec = pick(coll)
        twin = copy.deepcopy(rec)
        raw[coll].append(twin)
        path = f"$.{coll}[{len(raw[coll]) - 1}].id"
    text = json.dumps(raw, ensure_ascii=False, indent=1)
    if kind == "duplicate-key":
        key = draw(st.sampled_from(sorted(raw)))
        text = (
            "{" + json.dumps(key) + ": " + json.dumps(raw[key], ensure_ascii=False) + "," + text[1:]
        )
    elif kind == "not-json":
        if draw(st.booleans()):
            return text.encode("utf-8")[:-1] + b"\xff}", "$"
        text = text[: draw(st.integers(0, len(text) - 1))]
    return text.encode("utf-8"), path


def invalid_case_files(
    ruleset: Ruleset, *, mistakes: Collection[str] | None = None
) -> st.SearchStrategy[tuple[bytes, str]]:
    """(file content, path) pairs: case files for `ruleset` with exactly one planted mistake.

    The mistake is one of `MISTAKES` (default: any): an unknown field, a value of the wrong type,
    a slug the ruleset does not declare, a reference to a record that does not exist, a bad
    date, a duplicate id, a duplicate JSON key, or text that is not JSON at all. `path` is the
    JSON path (`$.nominations[1].filed`) the loader's error must name: one of the reported
    problems has a path starting with it (`$` for the last two).
    """
    profile = profile_of(ruleset)
    chosen = MISTAKES if mistakes is None else tuple(m for m in MISTAKES if m in set(mistakes))
    if mistakes is not None and (
        isinstance(mistakes, str) or set(mistakes) - set(MISTAKES) or not chosen
    ):
        raise InvalidArgument(
            f"mistakes must be a non-empty collection of {MISTAKES}, not {mistakes!r}"
        )
    return _invalid(profile, chosen)
