"""The one escape of text output: what it escapes, in which notation, and that it is exact."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hostile import raw_controls, should_escape
from hypothesis import example, given
from hypothesis import strategies as st

from thiduarules import printable
from thiduarules._printable import printable_json, printable_lines, unescape

VIETNAMESE = [
    "Nguyễn Thị Hường",
    "Trần Văn Đức",
    "Lê Thị Thu Hà",
    "Phạm Ngọc Ánh",
    "Đỗ Quang Vũ",
    "Vương Thị Ngọc Điệp",
    "Hoàng Thị Yến Nhi",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công xã Khúc Thừa Dụ",
    "Mô hình “Chiều thứ Sáu cùng dân làm dịch vụ công trực tuyến”",
    "186/QĐ-UBND ngày 15/09/2026 — 760.000 đồng ✓ ✗ ⟨…⟩ ⇒ (+3) [III.2.1.a.CN]",
    "ƯỚC ƠN ĐƯỢC ỦY BAN ỞỞ ỰỰ ẰẲẴẶ ỀỂỄỆ ỒỔỖỘ ỜỞỠỢ ỪỬỮỰ ỲỶỸỴ",
]


@pytest.mark.parametrize("name", VIETNAMESE)
def test_vietnamese_in_nfc_passes_unchanged(name: str) -> None:
    assert unicodedata.is_normalized("NFC", name)
    assert printable(name) == name
    assert printable_json(json.dumps(name, ensure_ascii=False)) == json.dumps(
        name, ensure_ascii=False
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),  # ESC: an ANSI colour sequence shows, does not colour
        ("\x00", "\\x00"),
        ("dòng 1\ndòng 2", "dòng 1\\x0adòng 2"),  # a newline in a value cannot forge a line
        ("a\tb\rc", "a\\x09b\\x0dc"),
        ("\x7f", "\\x7f"),
        ("\x85\x9b", "\\x85\\x9b"),  # C1 controls: NEL, CSI
        ("txt.\u202eexe", "txt.\\u202eexe"),  # right-to-left override
        (
            "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
            "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c",
        ),
        ("a\u200bb\u200cc\u200dd\ufeffe", "a\\u200bb\\u200cc\\u200dd\\ufeffe"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u00ad\u3164", "\\xad\\u3164"),  # soft hyphen, Hangul filler: shown as nothing
        ("\U000e0041\U000e007f", "\\U000e0041\\U000e007f"),  # tag characters
        ("\ud800", "\\ud800"),  # a lone surrogate, which UTF-8 cannot even encode
        ("\u0600\ufff9\U000110bd", "\\u0600\\ufff9\\U000110bd"),  # other format characters
        ("C:\\thu-muc\\bao-cao", "C:\\thu-muc\\bao-cao"),  # a backslash that reads as nothing
        ("\\x1b", "\\\\x1b"),  # the four characters \x1b are not ESC
        ("\\u202e \\U0001 \\\\", "\\\\u202e \\\\U0001 \\\\\\"),
        ("\\\x1b", "\\\\\\x1b"),  # a backslash before an escaped character
        ("", ""),
    ],
)
def test_the_notation(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert unescape(shown) == text


def test_every_line_is_escaped_and_ends_with_the_texts_own_newline() -> None:
    assert printable_lines(["Nguyễn Văn A", "id\nforged: ok", "\x1b[2J"]) == (
        "Nguyễn Văn A\nid\\x0aforged: ok\n\\x1b[2J\n"
    )
    assert printable_lines([]) == ""


# Texts that collide under a careless notation: backslashes, the letters and digits of escapes,
# and the characters escaped.
TRICKY = st.text(
    st.sampled_from("\\xuU0123456789abcdefE \x1b\x00\n\x7f\x85\u202e\u3164\U000e0041đ")
)
ANY_TEXT = st.text(st.characters(exclude_categories=()))  # surrogates included


@given(st.one_of(TRICKY, ANY_TEXT))
@example("\\")
@example("\\\\x")
@example("\u0600\u06dd\u070f\u08e2\ufff9\ufffa\ufffb\U000110bd\U00013430")
@example("a\\")
def test_output_has_no_control_or_format_character(text: str) -> None:
    assert raw_controls(printable(text), own_newlines=False) == []


@given(st.one_of(TRICKY, ANY_TEXT))
def test_unescape_gives_back_the_exact_text(text: str) -> None:
    assert unescape(printable(text)) == text


@given(st.one_of(TRICKY, ANY_TEXT), st.one_of(TRICKY, ANY_TEXT))
@example("\x1b", "\\x1b")
@example("\\\x1b", "\\\\x1b")
@example("\\", "\\\\")
def test_distinct_texts_stay_distinct(a: str, b: str) -> None:
    if a != b:
        assert printable(a) != printable(b)


PLAIN = st.text(st.characters().filter(lambda c: c != "\\" and not should_escape(c)))


@given(PLAIN)
def test_printable_text_passes_unchanged(text: str) -> None:
    assert printable(text) == text


@given(PLAIN, st.sampled_from("abcz:/ -.đ"), PLAIN)
def test_a_backslash_that_starts_no_escape_is_left_alone(
    before: str, after: str, rest: str
) -> None:
    text = f"{before}\\{after}{rest}"
    assert printable(text) == text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT | TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_json_is_the_same_data_and_safe_to_print(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    shown = printable_json(text)
    assert json.loads(shown) == value
    assert raw_controls(shown) == []
