"""The corpus of hostile inputs (tests/hostile/manifest.toml): each kind that once gave a raw
traceback, no limit or a wrong answer now gives its typed error, naming the limit, its value,
what was found and the path."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest

from thiduarules import (
    Case,
    CaseFileError,
    Engine,
    InputError,
    LimitProblem,
    Limits,
    RulesetError,
    example_case_path,
    load_ruleset,
    loads_ruleset,
    parse_case,
    read_case,
    structure_case,
)
from thiduarules._clean import MAX_PROBLEMS
from thiduarules.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
MANIFEST: dict[str, dict[str, Any]] = tomllib.loads(
    (HOSTILE / "manifest.toml").read_text(encoding="utf-8")
)
BASES = {
    "example": example_case_path(),
    "minimal": ROOT / "tests" / "rulesets" / "minimal.toml",
}
FILES = sorted(p.name for p in HOSTILE.iterdir() if p.name != "manifest.toml")


def _fill(entry: dict[str, Any], template: str) -> str:
    times = entry.get("times", 1)
    fill = entry.get("fill", "")
    if "<i>" in fill:
        fill = "".join(
            fill.replace("<i>", str(i)).replace("<next>", str(i + 1)) for i in range(times)
        )
    else:
        fill *= times
    return (
        template.replace("<fill>", fill)
        .replace("<open>", entry.get("open", "") * times)
        .replace("<close>", entry.get("close", "") * times)
        .replace("<surrogate>", "\ud800")
    )


def build(name: str, entry: dict[str, Any], tmp_path: Path) -> Path | str:
    """The hostile input: a file (its path), or text when `text` is set."""
    target = tmp_path / name
    if "size" in entry:
        with target.open("wb") as f:
            f.truncate(entry["size"])
        return target
    if entry["base"] == "file":
        return HOSTILE / name
    text = BASES[entry["base"]].read_text(encoding="utf-8")
    if "replace" in entry:
        assert entry["replace"] in text, f"{name}: {entry['replace']!r} is not in the base"
        text = text.replace(entry["replace"], _fill(entry, entry["by"]), 1)
    text += _fill(entry, entry.get("append", ""))
    if entry.get("text"):
        return text
    target.write_text(text, encoding="utf-8")
    return target


def load(entry: dict[str, Any], source: Path | str, limits: Limits, ruleset: Ruleset) -> None:
    if entry["input"] == "case":
        if isinstance(source, str):
            parse_case(source, ruleset, limits=limits)
        else:
            read_case(source, ruleset, limits=limits)
    elif isinstance(source, str):
        loads_ruleset(source, limits=limits)
    else:
        load_ruleset(source, limits=limits)


def test_every_file_of_the_corpus_has_an_entry() -> None:
    files = [n for n, e in MANIFEST.items() if e.get("base") == "file"]
    assert sorted(files) == FILES


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_hostile_input_gives_its_typed_error(name: str, tmp_path: Path, ruleset: Ruleset) -> None:
    entry = MANIFEST[name]
    limits = attrs.evolve(Limits(), **entry.get("limits", {}))
    source = build(name, entry, tmp_path)
    kind = CaseFileError if entry["input"] == "case" else RulesetError
    with pytest.raises(InputError) as info:
        load(entry, source, limits, ruleset)
    error = info.value
    assert type(error) is kind
    message = str(error)
    message.encode("utf-8")  # printable as it is: no lone surrogate reaches the message
    assert len(message) < 20_000, "the message repeats the hostile input"
    if "problems" in entry:
        assert len(error.problems) == entry["problems"], message
    if "limit" in entry:
        broken = [p for p in error.problems if isinstance(p, LimitProblem)]
        assert broken, message
        for problem in broken:
            assert problem.limit == entry["limit"], message
            assert problem.value == getattr(limits, entry["limit"])
            assert f"limit {problem.limit}" in problem.message
            assert problem.found, problem
            assert entry.get("found", "") in problem.found, problem
            assert problem.suggestion == entry.get("suggestion"), problem
        paths = sorted(entry["paths"]) if "paths" in entry else [entry["path"]]
        assert sorted(p.path for p in broken) == paths * (len(broken) // len(paths)), message
    for fragment in entry.get("fragments", []):
        assert fragment in message, message


def test_the_defaults_accept_the_bundled_ruleset_and_example(ruleset: Ruleset) -> None:
    """The limits refuse nothing legitimate: every file the library ships loads under them."""
    smallest = Limits(
        case_depth=4, ruleset_depth=9, number_digits=7, string_length=300, slug_length=40
    )
    for path in sorted((ROOT / "tests" / "rulesets" / "planted").glob("*.toml")):
        load_ruleset(path, limits=smallest)
    load_ruleset(BASES["minimal"], limits=smallest)
    read_case(example_case_path(), load_ruleset(limits=smallest), limits=smallest)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("case_bytes", 0),
        ("records", -1),
        ("criteria", True),
        ("case_depth", 201),
        ("ruleset_depth", 1000),
        ("slug_pattern", "[a-"),
    ],
)
def test_a_limit_that_cannot_hold_is_refused(field: str, value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        Limits(**{field: value})


def test_the_limits_table_of_the_docs_gives_every_limit_and_its_default() -> None:
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    section = doc.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \|", section, re.MULTILINE)
    documented = {}
    for name, default in rows:
        code = re.match(r"`(.+?)`", default)
        documented[name] = code.group(1) if code else int(default.split()[0].replace(",", ""))
    assert documented == {f.name: f.default for f in attrs.fields(Limits)}


def test_a_case_built_in_python_with_a_lone_surrogate_is_refused_before_evaluating(
    engine: Engine, example: Case
) -> None:
    first = attrs.evolve(example.candidates[0], name="Phòng \udc80")
    broken = attrs.evolve(example, candidates=(first, *example.candidates[1:]))
    with pytest.raises(CaseFileError, match="lone surrogate") as info:
        engine.evaluate(broken)
    assert [p.path for p in info.value.problems] == ["$.candidates[0].name"]


def test_an_endless_stream_is_refused_at_the_size_limit(ruleset: Ruleset) -> None:
    with pytest.raises(CaseFileError) as info:
        read_case("/dev/zero", ruleset, limits=Limits(case_bytes=1000))
    (problem,) = info.value.problems
    assert isinstance(problem, LimitProblem)
    assert (problem.limit, problem.found) == ("case_bytes", "more than 1,000 bytes")


def test_the_data_given_to_structure_case_is_not_changed(ruleset: Ruleset) -> None:
    raw = json.loads(example_case_path().read_text(encoding="utf-8"))
    raw["candidates"][0]["name"] = unicodedata.normalize("NFD", "Phòng Văn hóa")
    before = json.dumps(raw, ensure_ascii=False)
    case = structure_case(raw, ruleset)
    assert json.dumps(raw, ensure_ascii=False) == before
    (read,) = [c for c in case.candidates if c.id == raw["candidates"][0]["id"]]
    assert (
        read.name == unicodedata.normalize("NFC", "Phòng Văn hóa") != raw["candidates"][0]["name"]
    )


def test_keys_that_are_one_key_in_nfc_are_reported_as_written_twice(ruleset: Ruleset) -> None:
    nfd = unicodedata.normalize("NFD", "tên")
    with pytest.raises(CaseFileError, match="two keys are the same in NFC") as info:
        structure_case({"format": "thiduarules-case/1", "tên": 1, nfd: 2}, ruleset)
    assert [p.path for p in info.value.problems] == ["$"]


def test_a_file_with_more_problems_than_can_be_listed_stops_at_a_hundred(
    ruleset: Ruleset,
) -> None:
    names = [{"id": f"CN-{i}", "name": "x" * 11} for i in range(500)]
    with pytest.raises(CaseFileError) as info:
        structure_case({"candidates": names}, ruleset, limits=Limits(string_length=10))
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert [p.path for p in problems if "checking stopped after 100 problems" in p.message] == ["$"]
