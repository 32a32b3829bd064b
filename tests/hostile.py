"""Hostile text for the tests of text safety: a suffix of every character that acts on a
terminal or hides in text, cases and rulesets whose every string carries it, and the check that
none of it reached an output raw."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from thiduarules import printable
from thiduarules._example import example_case_path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "rulesets" / "minimal.toml"

#: ESC and an ANSI colour, the right-to-left override, NUL, a newline, tab and carriage return,
#: DEL, a C1 control, a line separator, zero-width and byte-order marks, an isolate, the Arabic
#: letter mark, the Hangul filler, a tag character, and the four characters `\x1b`.
EVIL = "\x1b[31m\u202e\x00\n\t\r\x7f\x85\u2028\u200b\ufeff\u2066\u061c\u3164\U000e0041\\x1b"
#: The suffix as text output shows it.
SHOWN = printable(EVIL)

ACTING = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Default_Ignorable_Code_Point, from Unicode's DerivedCoreProperties.txt.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip


def should_escape(c: str) -> bool:
    """Whether text output must show `c` as an escape: checked with unicodedata directly, not
    with the library's own test."""
    code = ord(c)
    return unicodedata.category(c) in ACTING or any(a <= code <= b for a, b in DEFAULT_IGNORABLE)


def raw_controls(text: str, *, own_newlines: bool = True) -> list[str]:
    """The characters of `text` that should have been escaped; a newline is allowed where the
    text is made of lines (`own_newlines`)."""
    return sorted(
        {f"U+{ord(c):04X}" for c in text if not (own_newlines and c == "\n") and should_escape(c)}
    )


# ---- a case file of the bundled ruleset --------------------------------------------------------

IDS = {"id", "holders", "subject", "recipient", "candidate", "achievements", "nomination"}
FREE = {"name", "unit", "title", "decision", "record", "commune", "achievement"}


def hostile(
    raw: Any, key: str | None = None, fields: frozenset[str] = frozenset(IDS | FREE)
) -> Any:
    """`raw` with EVIL after every id, every reference to one and every free text (names,
    units, titles, decision numbers); the slugs the ruleset defines are left, so it still fits."""
    if isinstance(raw, dict):
        return {k: hostile(v, k, fields) for k, v in raw.items()}
    if isinstance(raw, list):
        return [hostile(v, key, fields) for v in raw]
    if isinstance(raw, str) and key in fields:
        return raw + EVIL
    return raw


def example_raw() -> dict[str, Any]:
    """The bundled example case file, as JSON data."""
    data: dict[str, Any] = json.loads(example_case_path().read_text(encoding="utf-8"))
    return data


# ---- a ruleset whose ids and labels carry it ---------------------------------------------------

#: Ids and slugs of the minimal ruleset renamed with EVIL. None: a slug or clause ID with such
#: characters is refused at load (`slug_pattern`, `clause_pattern`; tests/test_hostile.py checks
#: that refusal and tests/test_text_safety.py that its message prints escaped), so only the
#: ruleset's labels and texts carry EVIL here.
RENAMED: tuple[str, ...] = ()


def toml_string(text: str) -> str:
    """The body of a TOML basic string for `text`, every character that is not plain written
    as a TOML escape."""
    return "".join(
        "\\\\"
        if c == "\\"
        else c
        if c.isprintable() and not should_escape(c) and c != '"'
        else f"\\U{ord(c):08X}"
        for c in text
    )


def hostile_ruleset_text(text: str | None = None) -> str:
    """The minimal ruleset with EVIL after every label (vi, en, reason, source…), its version,
    and the ids of RENAMED wherever they are defined or referred to."""
    text = MINIMAL.read_text(encoding="utf-8") if text is None else text
    tail = toml_string(EVIL)
    text = re.sub(
        r'(\b(?:vi|en|reason|source|unset|law|version) = ")([^"]*)"',
        lambda m: f'{m[1]}{m[2]}{tail}"',
        text,
    )
    for name in RENAMED:
        new = f'"{name}{tail}"'.replace("\\", "\\\\")  # as a replacement template
        q = re.escape(name)
        text = re.sub(rf'"{q}"', new, text)  # a value, or a quoted key
        text = re.sub(rf"(?<=[.\[]){q}(?=[.\]])", new, text)  # a table's key
        text = re.sub(rf"(?<=\{{ ){q}(?= =)", new, text)  # an inline table's key
    return text


def x(slug: str) -> str:
    """A slug of the hostile ruleset: renamed if it is one of RENAMED."""
    return slug + EVIL if slug in RENAMED else slug


def hostile_minimal_case() -> dict[str, Any]:
    """A case for the hostile ruleset in which every outcome, a shared achievement, a second
    annual dossier and an award appear, every string carrying EVIL."""

    def person(cid: str, **over: Any) -> dict[str, Any]:
        c = {
            "id": cid,
            "kind": "ca-nhan",
            "name": f"Nguyễn Thị Hường {cid}",
            "unit": "Phòng Văn hóa - Xã hội",
            "role": x("cong-chuc"),
            "in_commune": True,
            "duties": [x("giai-quyet-tthc")],
        }
        return c | over

    def rated(aid: str, subject: str, year: int = 2026) -> list[dict[str, Any]]:
        return [
            {
                "id": f"{aid}-1",
                "subject": subject,
                "kind": x("dao-duc"),
                "value": x("tot"),
                "year": year,
                "by": "thu-truong-don-vi",
                "date": f"{year}-12-20",
            },
            {
                "id": f"{aid}-2",
                "subject": subject,
                "kind": "xep-loai-nhiem-vu",
                "value": "hoan-thanh-xuat-sac",
                "year": year,
                "by": x("chu-tich-ubnd-xa"),
                "date": f"{year}-12-21",
            },
        ]

    def nominate(nid: str, candidate: str, **over: Any) -> dict[str, Any]:
        n = {
            "id": nid,
            "candidate": candidate,
            "track": x("hang-nam-ca-nhan"),
            "year": 2026,
            "achievements": [],
            "filed": "2027-03-20",
        }
        return n | over

    raw = {
        "format": "thiduarules-case/1",
        "commune": "Xã Khúc Thừa Dụ",
        "as_of": "2027-04-15",
        "candidates": [
            person("CN-A"),
            person("CN-B", in_commune=None, role=None),
            person("CN-C", role="nguoi-dan"),
            person("CN-D", name="Trần Văn Đức"),
        ],
        "achievements": [
            {
                "id": "SK-1",
                "holders": ["CN-A", "CN-D"],
                "kind": x("sang-kien"),
                "title": "Sáng kiến “Một cửa số”",
                "date": "2026-06-01",
                "applied_effectively": True,
                "recognised_by": x("chu-tich-ubnd-xa"),
            },
            {
                "id": "SK-2",
                "holders": ["CN-C"],
                "kind": "giai-phap",
                "title": "Giải pháp số hóa hồ sơ",
                "date": "2026-05-01",
                "applied_effectively": None,
            },
        ],
        "assessments": rated("DG-A", "CN-A") + rated("DG-C", "CN-C") + rated("DG-D", "CN-D"),
        "awards": [
            {
                "id": "KT-1",
                "recipient": "CN-C",
                "form": "giay-khen-chu-tich-xa",
                "decision": "186/QĐ-UBND",
                "date": "2026-09-15",
                "achievements": ["SK-2"],
            }
        ],
        "nominations": [
            nominate("DN-A", "CN-A", achievements=["SK-1"]),
            nominate("DN-A2", "CN-A", filed="2027-03-25"),
            nominate("DN-B", "CN-B", filed=None),
            nominate("DN-C", "CN-C", achievements=["SK-2"], filed="2027-04-02"),
            nominate("DN-D", "CN-D", achievements=["SK-1"], filed="2027-03-20"),
            nominate(
                "DN-D2",
                "CN-D",
                track="dot-xuat-ca-nhan",
                form="bang-khen-chu-tich-thanh-pho",
                achievements=["SK-1"],
                filed="2026-06-10",
            ),
        ],
    }
    out: dict[str, Any] = hostile(raw)
    return out
