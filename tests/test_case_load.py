"""Reading case files: broken ones are reported at their JSON paths, text and identifiers come out
NFC, and the order of the file never changes the structured case."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from builders import decision, initiative, nomination, person, raw_case

from thiduarules import example_case_path
from thiduarules.case import Case, parse_case, read_case, structure_case
from thiduarules.errors import CaseFileError
from thiduarules.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "cases" / "invalid"
DOC = ROOT / "docs" / "case-file.md"
EXPECTED: dict[str, Any] = tomllib.loads((INVALID / "expected.toml").read_text(encoding="utf-8"))
BROKEN = sorted(INVALID.glob("*.json"))
COLLECTIONS = ("candidates", "achievements", "assessments", "awards", "nominations", "unit_reports")


def example_raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(example_case_path().read_text(encoding="utf-8"))
    return raw


def dump(raw: Any) -> str:
    return json.dumps(raw, ensure_ascii=False, indent=1)


def doc_example() -> str:
    """The complete example that closes docs/case-file.md: the base of the broken corpus."""
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return str(blocks[-1])


def raised(path: Path, ruleset: Ruleset) -> CaseFileError:
    with pytest.raises(CaseFileError) as info:
        read_case(path, ruleset)
    return info.value


# ---- the corpus of broken case files ----------------------------------------------------------


def test_every_broken_case_has_an_expected_entry_and_every_entry_a_file() -> None:
    assert sorted(p.name for p in BROKEN) == sorted(EXPECTED)


def test_the_documented_example_loads(ruleset: Ruleset) -> None:
    case = parse_case(doc_example(), ruleset, "case-file.md")
    assert [n.id for n in case.nominations] == ["DN-01", "DN-02", "DN-03", "DN-04"]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_case_is_a_small_edit_of_the_documented_example(path: Path) -> None:
    """Each broken file is the example with a line or a few changed, so its error has one cause."""
    changed = [
        line
        for line in difflib.ndiff(doc_example().splitlines(), path.read_text("utf-8").splitlines())
        if line[:1] in "+-"
    ]
    assert 0 < len(changed) <= 10


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_case_is_reported_at_its_json_path(path: Path, ruleset: Ruleset) -> None:
    entry = EXPECTED[path.name]
    error = raised(path, ruleset)
    message = str(error)
    missing = [f for f in entry["fragments"] if f not in message]
    assert not missing, f"{path.name}: not in the message {missing}\n{message}"
    assert error.problems
    for problem in error.problems:
        assert problem.file == str(path)
        assert problem.path.startswith("$")
        assert str(problem) in message
    present = [f for f in entry.get("absent", ()) if f in message]
    assert not present, f"{path.name}: must not say {present}\n{message}"
    if "problems" in entry:
        assert len(error.problems) == entry["problems"], message


def test_case_file_error_is_a_value_error(ruleset: Ruleset) -> None:
    with pytest.raises(ValueError, match="JSON"):
        parse_case("{", ruleset, "x.json")


def test_a_missing_file_is_a_case_file_error_naming_it(tmp_path: Path, ruleset: Ruleset) -> None:
    with pytest.raises(CaseFileError, match=r"khong-co\.json"):
        read_case(tmp_path / "khong-co.json", ruleset)


def test_a_file_not_in_utf8_is_reported_with_the_byte(ruleset: Ruleset) -> None:
    # "Hòa" as a Windows-1252 editor would save it: 0xF2 is no UTF-8 sequence.
    data = dump(example_raw()).encode("utf-8").replace(b"Hoa", "Hòa".encode("cp1252"))
    with pytest.raises(CaseFileError, match=r"not UTF-8 at byte \d+"):
        parse_case(data, ruleset, "cp1252.json")


# ---- Unicode ----------------------------------------------------------------------------------

NAME = "Nguyễn Thị Hòa"
ID = "CN-Hòa"


def renamed(id_form: str, ref_form: str) -> dict[str, Any]:
    """The example case with CN-01 renamed: its id written in `id_form`, references in `ref_form`."""
    raw = example_raw()
    cid = unicodedata.normalize(id_form, ID)
    ref = unicodedata.normalize(ref_form, ID)
    for c in raw["candidates"]:
        if c["id"] == "CN-01":
            c["id"] = cid
            c["name"] = unicodedata.normalize("NFD", NAME)
    for a in raw["achievements"]:
        a["holders"] = [ref if h == "CN-01" else h for h in a["holders"]]
    for s in raw["assessments"]:
        if s["subject"] == "CN-01":
            s["subject"] = ref
    for n in raw["nominations"]:
        if n["candidate"] == "CN-01":
            n["candidate"] = ref
    return raw


@pytest.mark.parametrize(
    ("id_form", "ref_form"),
    [("NFD", "NFD"), ("NFD", "NFC"), ("NFC", "NFD")],
    ids=["all-nfd", "nfd-id-nfc-refs", "nfc-id-nfd-refs"],
)
def test_identifiers_and_text_come_out_nfc(ruleset: Ruleset, id_form: str, ref_form: str) -> None:
    assert unicodedata.normalize("NFD", ID) != ID  # the test means something
    case = parse_case(dump(renamed(id_form, ref_form)), ruleset, "nfd.json")
    (hoa,) = [c for c in case.candidates if c.name.startswith("Nguyễn")]
    assert hoa.id == ID
    assert hoa.name == NAME
    (nomination,) = [n for n in case.nominations if n.id == "DN-06"]
    assert nomination.candidate == ID
    assert all(s.subject == ID for s in case.assessments if s.id in {"DG-006", "DG-007", "DG-008"})


def test_nfd_and_nfc_files_give_the_same_case(ruleset: Ruleset) -> None:
    text = dump(renamed("NFC", "NFC"))
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert parse_case(nfd, ruleset, "a.json") == parse_case(text, ruleset, "b.json")


# ---- order ------------------------------------------------------------------------------------


def reversed_collections(raw: dict[str, Any]) -> dict[str, Any]:
    """Every collection, and the keys of every record, in reverse order. Arrays inside a record
    (holders, duties…) are left alone: they are values, not collections."""
    out = {k: raw[k] for k in reversed(raw) if k not in COLLECTIONS}
    for key in COLLECTIONS:
        out[key] = [dict(reversed(item.items())) for item in reversed(raw.get(key, []))]
    return out


def test_input_order_does_not_change_the_case(ruleset: Ruleset) -> None:
    raw = example_raw()
    shuffled = reversed_collections(raw)
    assert shuffled["nominations"] != raw["nominations"]
    assert structure_case(shuffled, ruleset) == structure_case(raw, ruleset)


def test_collections_come_out_sorted(ruleset: Ruleset) -> None:
    case: Case = structure_case(reversed_collections(example_raw()), ruleset)
    for key in ("candidates", "achievements", "assessments", "awards", "nominations"):
        ids = [item.id for item in getattr(case, key)]
        assert ids == sorted(ids), key
    reports = [(r.unit, r.year) for r in case.unit_reports]
    assert reports == sorted(reports)


def test_json_paths_keep_the_files_own_indexes(ruleset: Ruleset) -> None:
    """Errors point at the record as it stands in the file, not where sorting would put it."""
    raw = reversed_collections(example_raw())
    first_nomination = raw["nominations"][0]
    first_candidate = raw["candidates"][0]
    assert first_nomination["id"] == "DN-15"  # sorts last, is first in the file
    assert first_candidate["id"] == "CN-10"
    first_nomination["track"] = "hang-nam-ca-nhn"
    first_candidate["role"] = "cong-chuk"
    with pytest.raises(CaseFileError) as info:
        structure_case(raw, ruleset, "reversed.json")
    paths = {p.path for p in info.value.problems}
    assert paths == {"$.nominations[0].track", "$.candidates[0].role"}


def test_shape_error_paths_keep_the_files_own_indexes(ruleset: Ruleset) -> None:
    raw = reversed_collections(example_raw())
    raw["nominations"][0]["year"] = "2026"
    with pytest.raises(CaseFileError) as info:
        structure_case(raw, ruleset, "reversed.json")
    assert [p.path for p in info.value.problems] == ["$.nominations[0].year"]


def test_the_example_case_loads(ruleset: Ruleset) -> None:
    case = read_case(example_case_path(), ruleset)
    assert case.format == "thiduarules-case/1"
    assert len(case.nominations) == len(example_raw()["nominations"])


def test_a_council_decision_without_an_achievement_is_for_a_place_in_a_round(
    ruleset: Ruleset,
) -> None:
    """Without `achievement`, a decision chooses an annual or period-end dossier for its
    candidate's place; on an ad-hoc nomination it must say which achievement it counts for."""
    raw = raw_case(
        candidates=[person("CN-01")],
        achievements=[initiative("SK-1", ["CN-01"])],
        nominations=[
            nomination("N1", "CN-01", track="dot-xuat-ca-nhan", achievements=["SK-1"]),
            nomination("N2", "CN-01", achievements=["SK-1"]),
            nomination("N3", "CN-01", track="tong-ket-ca-nhan", year=2030),
        ],
        council_decisions=[
            decision("HD-01", "N1"),
            decision("HD-02", "N2"),
            decision("HD-03", "N3"),
        ],
    )
    with pytest.raises(CaseFileError) as info:
        structure_case(raw, ruleset)
    assert [p.path for p in info.value.problems] == ["$.council_decisions[0].achievement"]
    assert "N1 is neither an annual nor a period-end nomination" in str(info.value)
