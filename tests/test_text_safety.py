"""No control or invisible character of the data reaches text output raw: every string of a case
file and of a ruleset carries ESC, an ANSI colour, the right-to-left override, NUL, newlines,
C1 controls and invisible marks, and every text output and error message shows them as
escapes — while JSON keeps them exactly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hostile import (
    EVIL,
    SHOWN,
    example_raw,
    hostile,
    hostile_minimal_case,
    hostile_ruleset_text,
    raw_controls,
    toml_string,
    x,
)
from test_cli import run
from test_scenarios import write as write_file

from thiduarules import (
    CaseFileError,
    Engine,
    EngineDisagreement,
    ParameterUnsetError,
    Problem,
    RulesetError,
    loads_ruleset,
    printable,
    structure_case,
    to_json,
    to_text,
)
from thiduarules.case import parse_case
from thiduarules.render import describe
from thiduarules.ruleset import Ruleset, with_parameters
from thiduarules.testing import audit
from thiduarules.testing import invariants as inv
from thiduarules.testing.invariants import InvariantFailure, InvariantReport
from thiduarules.testing.invariants._run import run_property
from thiduarules.testing.mutation import run_mutants
from thiduarules.testing.scenarios import ScenarioFailure, check_suite, load_suite
from thiduarules.verdict import CaseResult

# A file name that carries the same characters (a Linux name can hold all but NUL and "/").
FILE_NAME = "ho-so\x1b[31m\u202e\n.json"


def shows_no_raw_control(text: str) -> None:
    assert raw_controls(text) == [], text


@pytest.fixture(scope="module")
def bundled_result(ruleset: Ruleset) -> tuple[dict[str, Any], CaseResult, Any]:
    raw = hostile(example_raw())
    case = structure_case(raw, ruleset)
    with Engine(ruleset) as engine:
        return raw, engine.evaluate(case), engine.allocate(case, 10_000_000)


@pytest.fixture(scope="module")
def hostile_ruleset() -> Ruleset:
    return loads_ruleset(hostile_ruleset_text(), "<hostile>")


@pytest.fixture(scope="module")
def minimal_result(hostile_ruleset: Ruleset) -> tuple[CaseResult, Any]:
    case = structure_case(hostile_minimal_case(), hostile_ruleset)
    with Engine(hostile_ruleset) as engine:
        return engine.evaluate(case), engine.allocate(case, 5_000_000)


# ---- the text renderers --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_text_of_a_result_escapes_every_string_of_the_case(
    bundled_result: tuple[dict[str, Any], CaseResult, Any], ruleset: Ruleset, lang: str
) -> None:
    raw, result, _ = bundled_result
    text = to_text(result, lang)
    shows_no_raw_control(text)
    for c in raw["candidates"]:
        assert printable(c["name"]) in text  # shown, escaped, not dropped
    for n in raw["nominations"]:
        assert printable(n["id"]) in text
    # No line was forged: the same lines as for the case without the characters.
    with Engine(ruleset) as engine:
        plain = to_text(engine.evaluate(structure_case(example_raw(), ruleset)), lang)
    assert text.count("\n") == plain.count("\n")
    assert text.replace(SHOWN, "") == plain


def test_the_recommendation_list_escapes_names_and_ids(
    bundled_result: tuple[dict[str, Any], CaseResult, Any],
) -> None:
    raw, _, rec = bundled_result
    for lang in ("vi", "en"):
        text = to_text(rec, lang)
        shows_no_raw_control(text)
        assert SHOWN in text
    names = {c["name"] for c in raw["candidates"]}
    assert {i.candidate_name for i in rec.listed} <= names  # the data itself is untouched


def test_describe_escapes_every_node_need_and_note(
    bundled_result: tuple[dict[str, Any], CaseResult, Any], ruleset: Ruleset
) -> None:
    _, result, _ = bundled_result
    names = {v.candidate: v.candidate_name for v in result.verdicts}
    seen = 0
    for v in result.verdicts:
        items = [*v.explanation.walk(), *v.settle, *v.missing, *v.warnings]
        for item in items:
            for lang in ("vi", "en"):
                said = describe(item, lang, ruleset=ruleset, names=names)
                assert raw_controls(said, own_newlines=False) == [], said
                seen += SHOWN in said
    assert seen > 0


def test_json_keeps_every_string_exactly(
    bundled_result: tuple[dict[str, Any], CaseResult, Any],
) -> None:
    raw, result, rec = bundled_result
    names = {c["id"]: c["name"] for c in raw["candidates"]}
    for lang in (None, "vi", "en"):
        doc = json.loads(to_json(result, lang))
        assert [v["nomination"] for v in doc["verdicts"]] == [v.nomination for v in result.verdicts]
        assert {
            v["candidate"]: v["candidate_name"] for v in doc["verdicts"]
        }.items() <= names.items()
        assert all(EVIL in v["nomination"] for v in doc["verdicts"])
    listed = json.loads(to_json(rec))
    assert any(s.endswith(EVIL) for s in strings(listed))
    assert set(strings(listed)) & set(names.values())


def strings(doc: Any) -> list[str]:
    """Every string of a JSON document, keys and values."""
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, dict):
        return [s for k, v in doc.items() for s in (k, *strings(v))]
    if isinstance(doc, list):
        return [s for v in doc for s in strings(v)]
    return []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_rulesets_ids_and_labels_are_escaped_too(
    minimal_result: tuple[CaseResult, Any], hostile_ruleset: Ruleset, lang: str
) -> None:
    result, rec = minimal_result
    assert {v.outcome for v in result.verdicts} == {"eligible", "ineligible", "undetermined"}
    assert result.conflicts or result.duplicates
    for text in (to_text(result, lang), to_text(rec, lang)):
        shows_no_raw_control(text)
        assert SHOWN in text
    text = to_text(result, lang)
    track = next(t for t in hostile_ruleset.tracks if t.id == x("hang-nam-ca-nhan"))
    assert printable(track.text.en if lang == "en" else track.text.vi) in text
    assert printable(hostile_ruleset.meta.id) in text


# ---- error messages ------------------------------------------------------------------------


def bad_case_raw() -> dict[str, Any]:
    """The hostile example with mistakes whose found values carry the characters: an unknown
    field, a wrong type, an unknown track, a duplicate id, a dangling reference."""
    raw = hostile(example_raw())
    raw["candidates"][0]["ghi-chu" + EVIL] = "x"
    raw["nominations"][0]["year"] = "2026" + EVIL
    raw["nominations"][1]["track"] = "hang-nam" + EVIL
    raw["nominations"][2]["id"] = raw["nominations"][3]["id"]
    raw["nominations"][4]["candidate"] = "CN-99" + EVIL
    return raw


def test_a_bad_case_is_reported_escaped_and_its_problems_keep_the_values(
    ruleset: Ruleset,
) -> None:
    with pytest.raises(CaseFileError) as info:
        structure_case(bad_case_raw(), ruleset, FILE_NAME)
    message = str(info.value)
    shows_no_raw_control(message)
    assert message.count("\n") == len(info.value.problems)  # one line a problem, no more
    assert printable(FILE_NAME) in message
    assert printable("'hang-nam" + EVIL + "'") in message
    found = [p.found for p in info.value.problems if p.found]
    assert any(f is not None and EVIL in f for f in found)  # the attribute keeps it exactly
    assert any(p.path.endswith("ghi-chu" + EVIL) for p in info.value.problems)


def test_a_duplicate_json_key_and_every_problem_line_are_escaped(ruleset: Ruleset) -> None:
    key = json.dumps("id" + EVIL)
    text = f'{{"format": "thiduarules-case/1", "candidates": [{{{key}: 1, {key}: 2}}]}}'
    with pytest.raises(CaseFileError) as info:
        parse_case(text, ruleset, FILE_NAME)
    shows_no_raw_control(str(info.value))
    assert printable(repr("id")[:-1] + EVIL + "'") in str(info.value)


def test_problem_and_message_text_is_escaped_field_by_field() -> None:
    p = Problem(FILE_NAME, "$.a" + EVIL, "sai / wrong" + EVIL, "x" + EVIL, "y" + EVIL, "z" + EVIL)
    text = str(p)
    assert raw_controls(text, own_newlines=False) == []
    assert text == (
        f"{printable(FILE_NAME)}: $.a{SHOWN}: sai / wrong{SHOWN} (found x{SHOWN}; expected "
        f"y{SHOWN}) — did you mean 'z{SHOWN}'?"
    )
    unset = str(ParameterUnsetError("p" + EVIL, "2026-01-01" + EVIL, "why" + EVIL))
    assert raw_controls(unset, own_newlines=False) == []
    assert f"'p{SHOWN}'" in unset
    disagree = str(EngineDisagreement(["a" + EVIL, "b"]))
    shows_no_raw_control(disagree)
    assert disagree.count("\n") == 2


def bad_ruleset_text() -> str:
    """The hostile ruleset with mistakes quoting hostile values: an unknown key, a string where
    a table belongs, a reference to no criterion, a value not among the choices."""
    tail = toml_string(EVIL)
    text = hostile_ruleset_text()
    text = text.replace(
        'language = "thiduarules/1"', f'language = "thiduarules/1"\n"ghi-chu{tail}" = 1'
    )
    text = text.replace(
        '{ criterion = "doi-tuong-ca-nhan" },\n  { criterion = "dao-duc',
        f'{{ criterion = "doi-tuong{tail}" }},\n  {{ criterion = "dao-duc',
    )
    text = text.replace(
        '[[parameters.lam-tron.values]]\nvalue = "len-chuc-nghin"',
        f'[[parameters.lam-tron.values]]\nvalue = "len{tail}"',
    )
    return text + f'\n[vocabularies."x{tail}"]\nvi = "a{tail}"\n'


def test_a_bad_ruleset_is_reported_escaped(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as info:
        loads_ruleset(bad_ruleset_text(), FILE_NAME)
    message = str(info.value)
    shows_no_raw_control(message)
    assert message.count("\n") == len(info.value.problems) >= 3
    assert SHOWN in message
    assert any(EVIL in (p.found or "") + p.path for p in info.value.problems)


def test_overrides_that_do_not_fit_are_reported_escaped(hostile_ruleset: Ruleset) -> None:
    with pytest.raises(RulesetError) as info:
        with_parameters(
            hostile_ruleset, {"lam-tron" + EVIL: "x", "lam-tron": "len" + EVIL}, source=FILE_NAME
        )
    shows_no_raw_control(str(info.value))
    assert SHOWN in str(info.value)


# ---- the command line ----------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> str:
    return str(write_file(tmp_path, name, text))


def test_evaluate_and_allocate_print_escaped_text_and_exact_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = hostile(example_raw())
    case = write(tmp_path, FILE_NAME, json.dumps(raw, ensure_ascii=False))
    for args in (
        ("evaluate", case, "--format", "text"),
        ("evaluate", case, "--format", "text", "--lang", "en"),
        ("allocate", case, "--budget", "10000000"),
        ("allocate", case, "--budget", "10000000", "--lang", "en"),
    ):
        code, out, err = run(capsys, *args)
        assert code == 0, err
        shows_no_raw_control(out + err)
        assert SHOWN in out
    code, out, _ = run(capsys, "evaluate", case, "--format", "json")
    assert code == 0
    names = {v["candidate_name"] for v in json.loads(out)["verdicts"]}
    assert names <= {c["name"] for c in raw["candidates"]}
    assert all(EVIL in name for name in names)


def test_a_bad_case_and_a_bad_ruleset_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = write(tmp_path, FILE_NAME, json.dumps(bad_case_raw(), ensure_ascii=False))
    code, out, err = run(capsys, "evaluate", case, "--format", "text")
    assert (code, out) == (1, "")
    shows_no_raw_control(err)
    assert printable(FILE_NAME) in err
    rs = write(tmp_path, "bo-quy-tac\x1b[2J.toml", bad_ruleset_text())
    for args in (("check", rs), ("evaluate", "--ruleset", rs), ("test", "--ruleset", rs)):
        code, out, err = run(capsys, *args)
        assert code == 1
        shows_no_raw_control(out + err)
        assert SHOWN in err
    code, _, err = run(capsys, "evaluate", "--as-of", "2027\x1b[31m")
    assert code == 2
    shows_no_raw_control(err)


def test_check_prints_the_coverage_of_a_hostile_ruleset_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rs = write(tmp_path, "bo-quy-tac.toml", hostile_ruleset_text())
    code, out, err = run(capsys, "check", rs)
    shows_no_raw_control(out + err)
    assert SHOWN in out  # the ruleset's version and labels, escaped
    assert code in (0, 1)


def hostile_scenarios() -> str:
    """One scenario for the hostile ruleset, expecting the wrong outcome so that the report
    shows the verdict's explanation; its ids, names and texts carry EVIL (slugs cannot: they
    are refused at load)."""
    t = toml_string(EVIL)
    return f"""
format = "thiduarules-scenarios/1"
ruleset = "toi-thieu"
as_of = 2027-04-15

[[scenarios]]
id = "sai{t}"
title = {{ vi = "Kỳ vọng sai{t}", en = "A wrong expectation{t}" }}
clauses = ["III.1.1"]
why = "Để in báo cáo{t}"
candidates = [
  {{ id = "CN-01{t}", kind = "ca-nhan", name = "Nguyễn Thị Hường{t}", unit = "Phòng{t}", role = "cong-chuc", in_commune = false }},
]
nominations = [
  {{ id = "DN-01{t}", candidate = "CN-01{t}", track = "hang-nam-ca-nhan", year = 2026, filed = 2027-03-20, expect = "eligible", cites = ["III.1.1"] }},
]
"""


def test_scenario_reports_and_failures_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile_ruleset: Ruleset
) -> None:
    rs = write(tmp_path, "bo-quy-tac.toml", hostile_ruleset_text())
    sc = write(tmp_path, "kich-ban\x1b[31m.toml", hostile_scenarios())
    code, out, err = run(capsys, "test", sc, "--ruleset", rs)
    assert code == 1
    shows_no_raw_control(out + err)
    assert f"Nguyễn Thị Hường{SHOWN}" in out
    with pytest.raises(ScenarioFailure) as info:
        check_suite(hostile_ruleset, [sc])
    shows_no_raw_control(str(info.value))
    assert SHOWN in str(info.value)


def test_the_mutation_report_is_escaped(tmp_path: Path, hostile_ruleset: Ruleset) -> None:
    sc = write(tmp_path, "kich-ban.toml", hostile_scenarios().replace('"eligible"', '"ineligible"'))
    report = run_mutants(
        hostile_ruleset,
        load_suite([sc], hostile_ruleset),
        select=lambda m: "hang-nam-ca-nhan" in m.id,
    )
    assert report.results
    shows_no_raw_control(report.text())
    assert SHOWN in report.text()


def test_the_audit_prints_a_hostile_ruleset_and_failure_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure's detail is a text of its own lines (a diff, a list): each line is escaped."""
    rs = Path(write(tmp_path, "bo-quy-tac\x1b[31m.toml", hostile_ruleset_text()))
    inline = EVIL.replace("\n", "")
    detail = f"criterion dao-duc{inline} changed:\n- DN-01{inline}\n+ DN-02"
    failed = InvariantReport("determinism", 1, "failed", detail, 0.0, {"id": "CN" + EVIL})

    def run_all(*_: Any, progress: Any = None, **__: Any) -> list[InvariantReport]:
        progress(failed)
        return [failed]

    monkeypatch.setattr(audit, "run_all", run_all)
    args = argparse.Namespace(ruleset=rs, examples=1, seed=1, out=tmp_path / "out\x1b[31m")
    assert audit.run_cli(args) == 1
    out = capsys.readouterr().out
    shows_no_raw_control(out)
    shown = printable(inline)
    assert f"  criterion dao-duc{shown} changed:\n- DN-01{shown}\n+ DN-02\n" in out
    assert printable(str(rs)) in out
    written = tmp_path / "out\x1b[31m" / "counterexample-determinism.json"
    assert json.loads(written.read_text(encoding="utf-8")) == {"id": "CN" + EVIL}
    shows_no_raw_control(written.read_text(encoding="utf-8"))
    shows_no_raw_control(str(InvariantFailure("determinism", detail, {"id": "CN" + EVIL})))


def test_an_error_inside_an_invariant_is_escaped_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inv, "SHRINK_SECONDS", 0.0)

    inline = EVIL.replace("\n", "")

    def check(raw: dict[str, Any]) -> None:
        raise CaseFileError([Problem("f", "$.id", "bad", raw["id"])])

    with pytest.raises(InvariantFailure) as info:
        run_property(
            "planted", st.tuples(st.just({"id": "CN" + inline})), check, examples=1, seed=1
        )
    message = str(info.value)
    shows_no_raw_control(message)
    assert f"(found CN{printable(inline)})" in message  # not escaped a second time
    assert printable(printable(inline)) not in message
