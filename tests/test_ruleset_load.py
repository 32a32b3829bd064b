"""Loading rulesets: the bundled one loads, broken ones are reported well, text is NFC, the
content hash ignores layout, and nothing in a ruleset is ever executed."""

from __future__ import annotations

import builtins
import contextlib
import difflib
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thiduarules._canonical import dumps, plain
from thiduarules.errors import RulesetError
from thiduarules.ruleset import Ruleset, bundled_ruleset_path, load_ruleset, loads_ruleset
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Not,
    YearsCount,
    walk,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_NAME = "khuc-thua-du-cchc-2026-2030.toml"
SOURCE = ROOT / "rulesets" / BUNDLED_NAME
PACKAGED = ROOT / "src" / "thiduarules" / "data" / BUNDLED_NAME
HERE = Path(__file__).resolve().parent / "rulesets"
MINIMAL = HERE / "minimal.toml"
INVALID = HERE / "invalid"
EXPECTED: dict[str, Any] = tomllib.loads((INVALID / "expected.toml").read_text(encoding="utf-8"))
BROKEN = sorted(p for p in INVALID.glob("*.toml") if p.name != "expected.toml")


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def raised(path: Path) -> RulesetError:
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    return info.value


# ---- the bundled ruleset ----------------------------------------------------------------------


def test_bundled_ruleset_loads() -> None:
    rs = load_ruleset(SOURCE)
    assert rs.meta.id == "khuc-thua-du-cchc-2026-2030"
    assert rs.meta.language == "thiduarules/1"
    assert rs.criteria
    assert rs.tracks
    assert rs.parameters
    assert rs.principles
    assert rs.allocation is not None
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", rs.content_hash)


def test_packaged_copy_is_byte_identical_to_rulesets_dir() -> None:
    """The ruleset shipped in the package is exactly the reviewed file in rulesets/."""
    assert PACKAGED.read_bytes() == SOURCE.read_bytes()


def test_load_ruleset_without_a_path_reads_the_packaged_copy() -> None:
    assert bundled_ruleset_path().name == BUNDLED_NAME
    assert load_ruleset().content_hash == load_ruleset(SOURCE).content_hash


# ---- the minimal ruleset the corpus is built on ----------------------------------------------


def test_minimal_ruleset_loads_and_uses_every_construct() -> None:
    rs = load_ruleset(MINIMAL)
    nodes = {type(n) for c in rs.criteria for n in walk(c.when)}
    assert nodes == {
        AchievementCount,
        AllOf,
        AssessmentTest,
        AtLeast,
        CandidateTest,
        Choose,
        CriterionRef,
        Not,
        YearsCount,
    }
    assert any(isinstance(n, AnyOf) for t in rs.tracks for n in walk(t.requires))
    assert [name for name, terms in rs.vocabularies if terms] == [
        "achievement-kinds",
        "bodies",
        "duties",
        "forms",
        "roles",
    ]
    assert len(rs.assessments) == 2
    types = {p.type for p in rs.parameters}
    assert {"boolean", "choice", "integer", "month-day", "money", "decimal"} <= types
    assert any(len(p.values) > 1 and all(v.since for v in p.values) for p in rs.parameters)
    assert any(p.unset and not p.values for p in rs.parameters)
    assert len(rs.tracks) == 2
    assert all(t.timing is not None for t in rs.tracks)
    assert rs.principles
    assert rs.allocation is not None
    assert rs.allocation.priority


# ---- the corpus of broken rulesets ------------------------------------------------------------


def test_every_broken_ruleset_has_an_expected_entry_and_every_entry_a_file() -> None:
    assert sorted(p.name for p in BROKEN) == sorted(EXPECTED)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_ruleset_is_a_small_edit_of_minimal(path: Path) -> None:
    """Each broken file is minimal.toml with a few lines changed, so its error has one cause."""
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]  # drop the header comment
    changed = [
        line
        for line in difflib.ndiff(minimal_text().splitlines(), body.splitlines())
        if line[:1] in "+-"
    ]
    assert 0 < len(changed) <= 12


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_ruleset_is_reported_with_path_found_expected_and_suggestion(path: Path) -> None:
    entry = EXPECTED[path.name]
    error = raised(path)
    message = str(error)
    missing = [f for f in entry["fragments"] if f not in message]
    assert not missing, f"{path.name}: not in the message {missing}\n{message}"
    assert error.problems
    for problem in error.problems:
        assert problem.file == str(path)
        assert problem.path
        assert str(problem) in message
    present = [f for f in entry.get("absent", ()) if f in message]
    assert not present, f"{path.name}: must not say {present}\n{message}"
    if "problems" in entry:
        assert len(error.problems) == entry["problems"], message


def test_problems_carry_attributes_for_code() -> None:
    (problem,) = raised(INVALID / "unknown-clause.toml").problems
    assert problem.path == "criteria.dao-duc.clauses[0]"
    assert problem.found == "string 'III.2.1.a.CM'"
    assert problem.suggestion == "III.2.1.a.CN"
    assert problem.expected


def test_ruleset_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="TOML"):
        loads_ruleset("[ruleset", "x.toml")


def test_a_missing_file_is_a_ruleset_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.toml"
    with pytest.raises(RulesetError, match=r"khong-co\.toml"):
        load_ruleset(missing)


# ---- Unicode ----------------------------------------------------------------------------------


def strings(rs: Ruleset) -> list[str]:
    found: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                collect(k)
                collect(v)

    collect(plain(rs))
    return found


def test_a_ruleset_written_in_nfd_loads_to_nfc_text() -> None:
    nfc_text = minimal_text()
    nfd_text = unicodedata.normalize("NFD", nfc_text)
    assert nfd_text != nfc_text  # the file has Vietnamese text to decompose
    from_nfd = loads_ruleset(nfd_text, "nfd.toml")
    from_nfc = loads_ruleset(nfc_text, "nfd.toml")
    assert (
        from_nfd.criterion("dao-duc").text.vi == "Được đánh giá có phẩm chất đạo đức tốt trong năm"
    )
    assert all(unicodedata.is_normalized("NFC", s) for s in strings(from_nfd))
    assert from_nfd == from_nfc
    assert dumps(plain(from_nfd)) == dumps(plain(from_nfc))


# ---- the content hash -------------------------------------------------------------------------


def sections(text: str) -> list[str]:
    """minimal.toml cut at its `# ---- name ---` rulers: the preamble, then one block per section."""
    return re.split(r"(?m)^# ---- .*\n", text)


def without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")) + "\n"


def reordered(text: str) -> str:
    """Sections in reverse order, and the two dated values of luong-co-so swapped."""
    first, *rest = sections(text)
    out = first + "".join(reversed(rest))
    one = '[[parameters.luong-co-so.values]]\nsince = 2024-07-01\nvalue = 2340000\nsource = "Nghị định 73/2024/NĐ-CP"\nstatus = "confirmed"\n\n'
    two = '[[parameters.luong-co-so.values]]\nsince = 2026-07-01\nvalue = 2530000\nsource = "Nghị định 161/2026/NĐ-CP (một nguồn)"\nstatus = "secondary"\n\n'
    assert one + two in out
    return out.replace(one + two, two + one)


def inlined(text: str) -> str:
    """The assessment values written as an inline table instead of a sub-table."""
    sub = (
        "\n[assessments.xep-loai-nhiem-vu.values]\n"
        'hoan-thanh-xuat-sac = { vi = "Hoàn thành xuất sắc nhiệm vụ", en = "Completed duties excellently" }\n'
        'hoan-thanh-tot = { vi = "Hoàn thành tốt nhiệm vụ", en = "Completed duties well" }\n'
    )
    inline = (
        'values = { hoan-thanh-tot = { vi = "Hoàn thành tốt nhiệm vụ", en = "Completed duties well" }, '
        'hoan-thanh-xuat-sac = { vi = "Hoàn thành xuất sắc nhiệm vụ", en = "Completed duties excellently" } }\n'
    )
    assert sub in text
    return text.replace(sub, inline)


LAYOUTS = {
    "comments removed": without_comments,
    "comments added": lambda t: t.replace("\n[", "\n# Ghi chú / a note\n["),
    "sections and dated values reordered": reordered,
    "sub-table written inline": inlined,
    "all at once": lambda t: inlined(reordered(without_comments(t))),
}


@pytest.mark.parametrize("change", LAYOUTS.values(), ids=list(LAYOUTS))
def test_content_hash_ignores_layout(change: Any) -> None:
    text = minimal_text()
    changed = change(text)
    assert changed != text
    assert (
        loads_ruleset(changed, "b.toml").content_hash == loads_ruleset(text, "a.toml").content_hash
    )


RULE_CHANGES = {
    "a limit": ("limit = 1", "limit = 2"),
    "an assessment value": ('is = "tot"', 'is = "chua-tot"'),
    "a parameter value": ("value = 30", "value = 31"),
    "a dated value's date": ("since = 2026-07-01", "since = 2026-08-01"),
    "a clause's text": ('en = "Who can be rewarded."', 'en = "Who may be rewarded."'),
    "a track's late rule": ('late = "canh-bao"', 'late = "tu-choi"'),
    "at_least to all": ("{ at_least = 1, of = [", "{ at_least = 2, of = ["),
}


@pytest.mark.parametrize("old_new", RULE_CHANGES.values(), ids=list(RULE_CHANGES))
def test_content_hash_changes_when_a_rule_changes(old_new: tuple[str, str]) -> None:
    old, new = old_new
    text = minimal_text()
    assert text.count(old) == 1
    changed = loads_ruleset(text.replace(old, new), "a.toml")
    assert changed.content_hash != loads_ruleset(text, "a.toml").content_hash


# ---- nothing is executed ----------------------------------------------------------------------


@contextlib.contextmanager
def refusing_execution() -> Iterator[None]:
    """Within the block, any attempt to evaluate or run code fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"executed {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        for name in ("eval", "exec"):
            patch.setattr(builtins, name, refuse)
        patch.setattr(os, "system", refuse)
        yield


def payload(tmp_path: Path) -> str:
    return f"__import__('os').system('touch {tmp_path / 'pwned'}')"


def test_code_in_a_text_field_is_kept_as_text(tmp_path: Path) -> None:
    code = payload(tmp_path)
    text = minimal_text().replace(
        'vi = "Được đánh giá có phẩm chất đạo đức tốt trong năm"', f'vi = "{code}"'
    )
    with refusing_execution():
        rs = loads_ruleset(text, "code.toml")
    assert rs.criterion("dao-duc").text.vi == code
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("old", "new_template", "why"),
    [
        ('is = "nguoi-dan"', 'is = "{code}"', "not in the roles vocabulary"),
        (
            '{ criterion = "sang-kien" },\n  ] },',
            '{{ criterion = "{code}" }},\n  ] }},',
            "no such criterion",
        ),
        ('value = "nam-xet"', 'value = "{code}"', "value not allowed"),
        (
            'choose = { param = "cach-xet-hoan-thanh-xuat-sac" }',
            'choose = {{ param = "{code}" }}',
            "no such parameter",
        ),
    ],
    ids=["role", "criterion", "choice-value", "parameter-name"],
)
def test_code_where_a_name_is_expected_is_rejected_not_run(
    tmp_path: Path, old: str, new_template: str, why: str
) -> None:
    code = payload(tmp_path)
    text = minimal_text()
    assert text.count(old) == 1
    with pytest.raises(RulesetError) as info, refusing_execution():
        loads_ruleset(text.replace(old, new_template.format(code=code)), "code.toml")
    assert why in str(info.value)
    assert "__import__('os')" in str(info.value)
    assert not (tmp_path / "pwned").exists()
