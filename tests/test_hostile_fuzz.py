"""Fuzzing the loaders: raw bytes and text, and case files and rulesets that are well-formed but
hostile at some path (deep nesting, huge integers, lone surrogates, control characters, the
wrong type, extreme lengths). Whatever comes in, the only exception is an `InputError` whose
message can be printed; a case that loads also evaluates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from thiduarules import (
    Engine,
    InputError,
    Limits,
    example_case_path,
    loads_ruleset,
    parse_case,
    structure_case,
)
from thiduarules.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = example_case_path().read_text(encoding="utf-8")
MINIMAL = (ROOT / "tests" / "rulesets" / "minimal.toml").read_text(encoding="utf-8")
HOLE = "\x00hostile\x00"  # where a value too deep for json.dumps is written in by hand
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def refused_or_loaded(load: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a loader; only an `InputError` may come out, and its message must print."""
    try:
        loaded = load(*args, **kwargs)
    except InputError as exc:
        error = exc
    else:
        event(f"{load.__name__}: accepted")
        return loaded
    str(error).encode("utf-8")
    assert error.problems
    limits = sorted({getattr(p, "limit", "") for p in error.problems} - {""})
    event(f"{load.__name__}: refused" + (f" ({', '.join(limits)})" if limits else ""))
    return None


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


EXAMPLE_PATHS = _paths(json.loads(EXAMPLE))


# ---- hostile values, each as Python data and as JSON text -----------------------------------


@attrs.frozen
class Hostile:
    data: Any  # what structure_case is given
    text: str  # the same, as JSON


def _nested(depth: int, shape: str, inner: Any) -> Hostile:
    data = inner
    for _ in range(depth):
        data = [data] if shape == "array" else {"a": data}
    opening, closing = ("[", "]") if shape == "array" else ('{"a": ', "}")
    return Hostile(data, opening * depth + json.dumps(inner) + closing * depth)


def _integer(digits: int, negative: bool) -> Hostile:
    value = 10 ** (digits - 1)
    text = "1" + "0" * (digits - 1)
    return Hostile(-value if negative else value, ("-" if negative else "") + text)


def _plain(value: Any) -> Hostile:
    return Hostile(value, json.dumps(value))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(codec=None, exclude_categories=()), max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
hostile_values = st.one_of(
    st.builds(_nested, st.integers(1, 3000), st.sampled_from(["array", "object"]), json_values),
    st.builds(_integer, st.integers(15, 6000), st.booleans()),
    st.builds(
        _plain,
        st.text(st.characters(categories=["Cs", "Cc", "Lu", "Ll"]), min_size=1, max_size=20),
    ),
    st.builds(_plain, st.text(st.characters(max_codepoint=0x1F), max_size=20)),
    st.builds(_plain, st.integers(0, 12_000).map(lambda n: "x" * n)),
    st.builds(_plain, json_values),
)
# Lowered limits the example itself keeps (nesting 4, strings under 130 characters, years of 4
# digits, 33 records, 2 claims on one achievement), so the value planted is what breaks them.
some_limits = st.none() | st.builds(
    Limits,
    case_depth=st.integers(4, 8),
    string_length=st.integers(130, 300),
    number_digits=st.integers(4, 8),
    records=st.integers(33, 60),
    claims_per_achievement=st.integers(2, 4),
)


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


@FUZZ
@given(
    path=st.sampled_from(EXAMPLE_PATHS),
    value=hostile_values,
    limits=some_limits,
    as_text=st.booleans(),
)
def test_a_hostile_value_anywhere_in_a_case_is_refused_or_evaluated(
    engine: Engine, path: tuple[Any, ...], value: Hostile, limits: Limits | None, as_text: bool
) -> None:
    if as_text:
        doc = _set(json.loads(EXAMPLE), path, HOLE)
        text = json.dumps(doc, ensure_ascii=False).replace(json.dumps(HOLE), value.text)
        case = refused_or_loaded(parse_case, text, engine.ruleset, limits=limits)
    else:
        doc = _set(json.loads(EXAMPLE), path, value.data)
        case = refused_or_loaded(structure_case, doc, engine.ruleset, limits=limits)
    if case is not None:
        refused_or_loaded(engine.evaluate, case)


JSON_TOKENS = b'{ } [ ] " : , 1 -9 e9 \\u d800 null NaN "format" "candidates" "thiduarules-case/1"'
TOML_TOKENS = b'[ ] [[ { } = , a a.b "x" \'y\' """ # 1 99999999999999999999999 2026-01-01 \\ud800'


def raw_bytes(tokens: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, or a run of the format's tokens, newlines, invalid UTF-8 and a BOM."""
    pieces = [*tokens.split(), b"\n", b"\xff", b"\xef\xbb\xbf"]
    return st.binary(max_size=600) | st.lists(st.sampled_from(pieces), max_size=80).map(b"".join)


@FUZZ
@given(raw_bytes(JSON_TOKENS))
def test_raw_bytes_as_a_case_file_are_refused_with_a_typed_error(
    ruleset: Ruleset, data: bytes
) -> None:
    refused_or_loaded(parse_case, data, ruleset)


@FUZZ
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=300))
def test_raw_text_as_a_case_file_or_a_ruleset_is_refused_with_a_typed_error(
    ruleset: Ruleset, text: str
) -> None:
    refused_or_loaded(parse_case, text, ruleset)
    refused_or_loaded(loads_ruleset, text)


@FUZZ
@given(raw_bytes(TOML_TOKENS))
def test_raw_bytes_as_a_ruleset_are_refused_with_a_typed_error(data: bytes) -> None:
    refused_or_loaded(loads_ruleset, data)


# ---- rulesets: a hostile value at some key, or a hostile name --------------------------------

_ASSIGNMENT = re.compile(r"^(\s*[\w.\"-]+\s*=\s*)(.*)$", re.MULTILINE)
ASSIGNMENTS = [m.span(2) for m in _ASSIGNMENT.finditer(MINIMAL) if m.group(2).strip()]
HEADERS = [m.span(1) for m in re.finditer(r"^\[+([^\]\n]+)\]+$", MINIMAL, re.MULTILINE)]


def _toml_nested(depth: int, shape: str) -> str:
    opening, closing = ("[", "]") if shape == "array" else ("{ a = ", " }")
    return opening * depth + "1" + closing * depth


toml_values = st.one_of(
    st.builds(_toml_nested, st.integers(1, 1500), st.sampled_from(["array", "table"])),
    st.integers(15, 6000).map(lambda n: "9" * n),
    st.integers(0, 12_000).map(lambda n: '"' + "x" * n + '"'),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=20).map(
        lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'
    ),
    st.sampled_from(
        [
            '"\\u0000"',
            '"\\ud800"',
            "true",
            "1979-05-27",
            "1.5e9",
            "nan",
            "[]",
            "{}",
            '{ param = "x" }',
            '""',
            "-1",
            "0x7fffffffffffffffffffffff",
            '["a", 1]',
        ]
    ),
)
toml_names = st.one_of(
    st.sampled_from(["công-chức", "Cong-Chuc", "a.b", "a b", "-a", "a--b", "", "III 1"]),
    st.integers(90, 70_000).map(lambda n: "a" * n),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),
)


def _toml_key(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


@FUZZ
@given(
    at=st.sampled_from(ASSIGNMENTS),
    value=toml_values,
    header=st.none() | st.tuples(st.sampled_from(HEADERS), toml_names),
    depth=st.none() | st.integers(1, 12),
)
def test_a_hostile_value_or_name_in_a_ruleset_is_refused_with_a_typed_error(
    at: tuple[int, int], value: str, header: tuple[tuple[int, int], str] | None, depth: int | None
) -> None:
    start, end = at
    text = MINIMAL[:start] + value + MINIMAL[end:]
    if header is not None and header[0][1] < start:
        (h_start, h_end), name = header
        dotted = MINIMAL[h_start:h_end].rsplit(".", 1)[0]
        text = text[:h_start] + dotted + "." + _toml_key(name) + text[h_end:]
    limits = Limits(ruleset_depth=depth) if depth is not None else None
    refused_or_loaded(loads_ruleset, text, limits=limits)
