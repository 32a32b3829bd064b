"""Rendering: every reason code has words in both languages, and the words read right."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from thiduarules import Engine, Ruleset, to_json, to_text
from thiduarules.render import _messages
from thiduarules.render._labels import Labels, money
from thiduarules.testing import strategies as ts
from thiduarules.verdict import Node

CODES_IN_ENGINE = re.compile(r'"((?:need|claim|limit|form|timing|warning|report|amount)\.[a-z-]+)"')


def test_every_code_the_engine_writes_has_words() -> None:
    """A code in the engine's source with no catalogue entry would print nothing."""
    import pathlib

    import thiduarules

    root = pathlib.Path(thiduarules.__file__).parent
    used: set[str] = set()
    for module in ("evaluate", "principles.py", "allocation.py"):
        for path in (root / module).rglob("*.py") if module == "evaluate" else [root / module]:
            used.update(CODES_IN_ENGINE.findall(path.read_text(encoding="utf-8")))
    assert used, "no codes found: the scan is broken"
    assert used <= _messages.CODES | set(_messages.LACK), sorted(used - _messages.CODES)


def _every_item(result: Any) -> list[Any]:
    items: list[Any] = []
    for v in result.verdicts:
        items.extend(v.explanation.walk())
        items.extend(v.settle)
        items.extend(v.missing)
        items.extend(v.warnings)
    items.extend(c.note for c in result.conflicts)
    items.extend(result.duplicates)
    items.extend(result.late_reports)
    return items


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_node_need_and_note_of_the_example_renders(
    engine: Engine, example: Any, ruleset: Ruleset, lang: str
) -> None:
    from thiduarules.render import describe

    result = engine.evaluate(example)
    for item in _every_item(result):
        text = describe(item, lang, ruleset=ruleset)
        assert text.strip(), item
        for word in ("None", "True", "False"):
            assert word not in text, text


def test_vietnamese_text_reads_as_the_council_reads_it(engine: Engine, example: Any) -> None:
    text = to_text(engine.evaluate(example), "vi")
    assert "trong năm năm" not in text
    assert not re.search(r"\b(None|True|False)\b", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an ISO date in Vietnamese text"
    assert "giay-khen-chu-tich-xa" not in text.split("⟨")[0]
    assert "Hình thức: Giấy khen của Chủ tịch UBND xã" in text
    # The yêu cầu line of a failed assessment is whole: its parenthesis closes.
    for line in text.splitlines():
        if "yêu cầu:" in line:
            assert line.count("(") == line.count(")"), line


def test_amounts_follow_the_language() -> None:
    assert money(760_000, "vi") == "760.000 đồng"
    assert money(760_000, "en") == "760,000 VND"


def test_the_amount_basis_writes_decimals_as_the_language_does(
    engine: Engine, example: Any
) -> None:
    rec = engine.allocate(example, 5_000_000)
    assert "0,3 × mức lương cơ sở 2.530.000 đồng" in to_text(rec, "vi")
    assert "0.3 × the base salary 2,530,000 VND" in to_text(rec, "en")


def test_a_late_dossier_the_ruleset_only_flags_is_not_marked_as_on_time(
    ruleset: Ruleset,
) -> None:
    node = Node("timing", "true", "timing.late-flagged", (("rule", "annual-deadline"),))
    from thiduarules.render._text import _node_lines

    args = dict(node.args) | {"opens": None, "closes": None, "inclusive": True, "within": None}
    node = node._replace(args=tuple(args.items()))
    out: list[str] = []
    _node_lines(node, Labels(ruleset, "vi", {}), 0, out)
    assert out[0].startswith("[!]"), out


def test_json_carries_codes_and_words_only_where_asked(engine: Engine, example: Any) -> None:
    result = engine.evaluate(example)
    bare = json.loads(to_json(result))
    worded = json.loads(to_json(result, "vi"))
    node = bare["verdicts"][0]["explanation"]
    assert "code" in node
    assert "text" not in node
    assert worded["verdicts"][0]["explanation"]["text"]
    assert len(to_json(result)) < len(to_json(result, "vi"))


def test_json_is_one_verdict_a_line_and_valid(engine: Engine, example: Any) -> None:
    text = to_json(engine.evaluate(example))
    lines = text.splitlines()
    assert sum(line.startswith('{"nomination"') for line in lines) == 15
    json.loads(text)


def test_generated_cases_render_in_both_languages(ruleset: Ruleset) -> None:
    from hypothesis import given, settings

    @settings(max_examples=25, deadline=None)
    @given(ts.cases(ruleset))
    def check(case: Any) -> None:
        with Engine(ruleset, backend="plain") as e:
            result = e.evaluate(case)
        for lang in ("vi", "en"):
            assert to_text(result, lang)
            json.loads(to_json(result, lang))

    check()
