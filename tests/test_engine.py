"""The engine end to end: outcomes, three-valued logic, explanations, determinism, backends."""

from __future__ import annotations

import copy
import json
import random
import threading
from typing import Any

import pytest
from builders import build, en, individual_basics, initiative, nomination, person, raw_case, vi

from thiduarules import Engine, EngineDisagreement, _durable, to_json
from thiduarules._example import example_case_path
from thiduarules.case import structure_case
from thiduarules.ruleset import Ruleset
from thiduarules.verdict import Node

EXPECTED_EXAMPLE = {
    "DN-01": "eligible",  # TT1: model MH-01 applied effectively in 2026
    "DN-02": "eligible",  # TT2: rated excellent by the commune Council
    "DN-03": "eligible",  # TT4 holds whoever keeps the shared GP-01
    "DN-04": "ineligible",  # no ground at all
    "DN-05": "ineligible",  # a thôn is outside the kinds of collective reviewed (choice 7)
    "DN-06": "eligible",  # CN + CN1
    "DN-07": "eligible",  # CN + CN2
    "DN-08": "ineligible",  # duty rating only "hoàn thành tốt"
    "DN-09": "undetermined",  # its only ground GP-01 is also claimed by DN-03: the Council decides
    "DN-10": "undetermined",  # no moral-conduct assessment for 2026
    "DN-11": "undetermined",  # initiative not yet confirmed as applied effectively
    "DN-12": "ineligible",  # its initiative was already rewarded in 2026
    "DN-13": "eligible",  # late, flagged for the Council (default `canh-bao`)
    "DN-14": "eligible",  # ad-hoc, within 30 days
    "DN-15": "ineligible",  # not of the commune
}


def test_example_outcomes_follow_the_plan(engine: Engine, example: Any) -> None:
    result = engine.evaluate(example)
    assert {v.nomination: v.outcome for v in result.verdicts} == EXPECTED_EXAMPLE


def test_every_cited_clause_exists(engine: Engine, example: Any, ruleset: Ruleset) -> None:
    known = {c.id for c in ruleset.clauses}
    for v in engine.evaluate(example).verdicts:
        for node in v.explanation.walk():
            assert set(node.clauses) <= known, (v.nomination, node.clauses)
        for note in v.missing + v.warnings:
            assert set(note.clauses) <= known


def test_undetermined_verdicts_say_what_would_settle_them(engine: Engine, example: Any) -> None:
    by_id = {v.nomination: v for v in engine.evaluate(example).verdicts}
    assert [n.path for n in by_id["DN-10"].settle] == [
        "assessments[subject=CN-04, kind=dao-duc, year=2026]"
    ]
    assert "achievements[SK-04].applied_effectively" in [n.path for n in by_id["DN-11"].settle]
    assert any(n.path == "council_decisions[achievement=GP-01]" for n in by_id["DN-09"].settle)


def test_ineligible_verdicts_say_what_is_missing(engine: Engine, example: Any) -> None:
    by_id = {v.nomination: v for v in engine.evaluate(example).verdicts}
    texts = [vi(m) for m in by_id["DN-04"].missing]
    assert any("hiện có 0/1" in t for t in texts), texts
    assert any("đã được khen thưởng" in vi(m).lower() for m in by_id["DN-12"].missing)


def test_absent_fact_is_unknown_never_false(ruleset: Ruleset, engine: Engine) -> None:
    """III.2.1.a.CN: without a moral-conduct assessment the answer is undetermined, not no."""
    basics = individual_basics()
    case = build(
        ruleset,
        candidates=[person()],
        assessments=basics[1:],
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[nomination("N1", "CN-01", achievements=["SK-1"])],
    )
    v = engine.evaluate(case).verdicts[0]
    assert v.outcome == "undetermined"
    moral = next(n for n in v.explanation.walk() if n.ref == "ca-nhan-dao-duc")
    assert moral.result == "unknown"
    case = build(
        ruleset,
        candidates=[person()],
        assessments=basics,
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[nomination("N1", "CN-01", achievements=["SK-1"])],
    )
    assert engine.evaluate(case).verdicts[0].outcome == "eligible"


def test_latest_assessment_of_a_year_stands(ruleset: Ruleset, engine: Engine) -> None:
    basics = individual_basics()
    later = dict(basics[0], id="DG-late", value="chua-tot", date="2026-12-30")
    case = build(
        ruleset,
        candidates=[person()],
        assessments=[*basics, later],
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[nomination("N1", "CN-01", achievements=["SK-1"])],
    )
    assert engine.evaluate(case).verdicts[0].outcome == "ineligible"


def _shuffled(raw: dict[str, Any], seed: int) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    rng = random.Random(seed)
    for _key, value in out.items():
        if isinstance(value, list):
            rng.shuffle(value)
    return dict(sorted(out.items(), key=lambda kv: rng.random()))


def test_same_input_in_any_order_gives_byte_identical_json(
    ruleset: Ruleset, engine: Engine
) -> None:
    raw = json.loads(example_case_path().read_text(encoding="utf-8"))
    first = to_json(engine.evaluate(structure_case(raw, ruleset)))
    for seed in range(5):
        assert to_json(engine.evaluate(structure_case(_shuffled(raw, seed), ruleset))) == first


def test_threads_sharing_one_engine_agree(ruleset: Ruleset, engine: Engine, example: Any) -> None:
    expected = to_json(engine.evaluate(example))
    outputs: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                outputs.append(to_json(engine.evaluate(example)))
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert outputs == [expected] * 20


@pytest.mark.skipif(not _durable.AVAILABLE, reason="durable-rules unavailable on this Python")
def test_a_deliberate_disagreement_is_caught(
    ruleset: Ruleset, example: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the plain matcher and durable-rules differ on one fact, no answer is returned."""
    import thiduarules.engine as engine_module

    real = engine_module.match_plain

    def faulty(program: Any, records: Any) -> Any:
        m = real(program, records)
        pid = next(p for p, keys in sorted(m.hit.items()) if keys)
        hit = dict(m.hit)
        hit[pid] = frozenset(sorted(hit[pid])[1:])
        return type(m)(m.selected, m.decided, hit, m.rewarded)

    monkeypatch.setattr(engine_module, "match_plain", faulty)
    with Engine(ruleset) as e, pytest.raises(EngineDisagreement, match="only durable"):
        e.evaluate(example)


def test_plain_backend_gives_the_same_verdicts(
    ruleset: Ruleset, example: Any, engine: Engine
) -> None:
    with Engine(ruleset, backend="plain") as plain:
        a = json.loads(to_json(plain.evaluate(example)))
    b = json.loads(to_json(engine.evaluate(example)))
    assert a["stamp"]["engine"] == "plain"
    a["stamp"].pop("engine")
    b["stamp"].pop("engine")
    assert a == b


def test_without_durable_rules_the_stamp_says_so(
    ruleset: Ruleset, example: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on CPython 3.13, where the C extension does not import."""
    monkeypatch.setattr(_durable, "AVAILABLE", False)
    monkeypatch.setattr(_durable, "UNAVAILABLE_REASON", "durable-rules unavailable: test")
    with Engine(ruleset) as e:
        result = e.evaluate(example)
    assert result.stamp.engine == "plain (durable-rules unavailable: test)"
    assert {v.nomination: v.outcome for v in result.verdicts} == EXPECTED_EXAMPLE


def test_stamp_identifies_ruleset_and_facts(engine: Engine, example: Any, ruleset: Ruleset) -> None:
    result = engine.evaluate(example)
    assert result.stamp.ruleset_hash == ruleset.content_hash
    assert result.stamp.as_of == "2027-04-15"
    assert result.stamp.case_digest.startswith("sha256:")


def _results(node: Node) -> set[str]:
    return {n.result for n in node.walk()}


def test_explanation_nodes_carry_words_in_both_languages(engine: Engine, example: Any) -> None:
    for v in engine.evaluate(example).verdicts:
        for n in v.explanation.walk():
            assert vi(n)
            assert en(n)
            assert n.result in {"true", "false", "unknown"}


def test_evaluating_one_nomination(engine: Engine, example: Any) -> None:
    assert engine.evaluate_one(example, "DN-06").outcome == "eligible"
    with pytest.raises(KeyError):
        engine.evaluate_one(example, "DN-99")


def test_unknown_backend_is_refused(ruleset: Ruleset) -> None:
    with pytest.raises(ValueError, match="backend"):
        Engine(ruleset, backend="fast")


def test_raw_case_builder_round_trips(ruleset: Ruleset) -> None:
    raw = raw_case(candidates=[person()])
    assert structure_case(raw, ruleset).candidates[0].name == "Nguyễn Văn CN-01"


def test_many_communes_with_their_own_rulesets_in_one_process(
    ruleset: Ruleset, example: Any
) -> None:
    """A city system keeps one engine per commune ruleset and runs them side by side."""
    from thiduarules.ruleset import with_parameters

    variants = [
        ruleset,
        with_parameters(ruleset, {"tinh-ca-ngay-han": True, "xu-ly-ho-so-tre": "tu-choi"}),
    ]
    engines = [Engine(rs) for rs in variants for _ in range(3)]
    expected = [to_json(e.evaluate(example)) for e in engines]
    assert expected[0] != expected[3]  # the second ruleset refuses DN-13's late dossier
    outputs: dict[int, list[str]] = {i: [] for i in range(len(engines))}

    def work(i: int) -> None:
        for _ in range(3):
            outputs[i].append(to_json(engines[i].evaluate(example)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(engines))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.close()
    assert all(outputs[i] == [expected[i]] * 3 for i in outputs)


def test_a_hand_built_case_is_checked_like_a_file(ruleset: Ruleset, example: Any) -> None:
    """A `Case` built in Python with a dangling reference gets the file's error, not a KeyError."""
    import attrs

    from thiduarules import CaseFileError

    bad_nom = attrs.evolve(example.nominations[0], candidate="CN-NOBODY")
    case = attrs.evolve(example, nominations=(bad_nom, *example.nominations[1:]))
    with Engine(ruleset) as e, pytest.raises(CaseFileError, match="CN-NOBODY"):
        e.evaluate(case)
    wrong_type = attrs.evolve(example.nominations[0], year="2026")
    case = attrs.evolve(example, nominations=(wrong_type, *example.nominations[1:]))
    with Engine(ruleset) as e, pytest.raises(CaseFileError, match="year"):
        e.evaluate(case)


def test_every_year_does_not_read_consecutive_so_an_unset_one_changes_nothing() -> None:
    """With `every = true` the `consecutive` setting means nothing (ruleset-language §7.2): a
    `consecutive` parameter with no value in force must not make the count unknown."""
    from pathlib import Path

    from thiduarules import loads_ruleset, structure_case

    text = (Path(__file__).parent / "rulesets" / "minimal.toml").read_text(encoding="utf-8")
    text = text.replace('value = "nam-xet"', 'value = "moi-nam"', 1)
    text = text.replace(
        "], every = true, consecutive = false }",
        '], every = true, consecutive = { param = "lien-tuc" } }',
    )
    text = text.replace(
        "[parameters.luong-co-so]",
        """[parameters.lien-tuc]
vi = "Các năm phải liên tục"
en = "The years must be consecutive"
type = "boolean"
clauses = ["III.2.1.a.CN"]
reason = "Chưa quyết định. / Not decided."

[[parameters.lien-tuc.values]]
unset = "Chưa quyết định / not decided"
source = "Kế hoạch"
status = "interpretation"

[parameters.luong-co-so]""",
        1,
    )
    ruleset = loads_ruleset(text, "minimal-every.toml")
    assessments = [
        {
            "id": f"DG-{y}",
            "subject": "CN-01",
            "kind": "xep-loai-nhiem-vu",
            "value": "hoan-thanh-xuat-sac",
            "year": y,
            "by": "chu-tich-ubnd-xa",
            "date": f"{y}-12-20",
        }
        for y in (2026, 2027)
    ]
    raw = {
        "format": "thiduarules-case/1",
        "as_of": "2028-04-15",
        "candidates": [
            {
                "id": "CN-01",
                "kind": "ca-nhan",
                "name": "Nguyễn Văn A",
                "unit": "Phòng Văn hóa - Xã hội",
                "role": "cong-chuc",
                "in_commune": True,
            }
        ],
        "assessments": assessments,
        "nominations": [
            {"id": "DN-01", "candidate": "CN-01", "track": "hang-nam-ca-nhan", "year": 2027}
        ],
    }
    with Engine(ruleset, backend="plain") as e:
        verdict = e.evaluate(structure_case(raw, ruleset)).verdicts[0]
    years = [n for n in verdict.explanation.walk() if n.kind == "years"]
    assert [n.result for n in years] == ["true"]
