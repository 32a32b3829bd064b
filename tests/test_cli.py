"""The command line: outputs, exit codes (0 ok, 1 bad input, 2 bad usage), errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from thiduarules.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own exits (usage, --version)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_without_arguments_uses_the_bundled_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "evaluate")
    assert code == 0
    assert err == ""
    doc = json.loads(out)
    assert set(doc) == {"stamp", "verdicts", "conflicts", "duplicates", "late_reports"}
    assert {v["outcome"] for v in doc["verdicts"]} == {"eligible", "ineligible", "undetermined"}
    first = doc["verdicts"][0]
    for key in (
        "nomination",
        "candidate",
        "track",
        "outcome",
        "explanation",
        "missing",
        "settle",
        "grounds",
    ):
        assert key in first


def test_text_output_reads_in_vietnamese_by_default_and_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "evaluate", "--format", "text")
    assert code == 0
    assert "ĐỦ ĐIỀU KIỆN" in out
    assert "CHƯA XÁC ĐỊNH ĐƯỢC" in out
    code, out, _ = run(capsys, "evaluate", "--format", "text", "--lang", "en")
    assert code == 0
    assert "UNDETERMINED" in out
    assert "INELIGIBLE" in out


def test_bad_case_file_exits_1_with_the_json_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = json.loads((ROOT / "src/thiduarules/data/example-case.json").read_text(encoding="utf-8"))
    raw["nominations"][3]["year"] = "2026"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(bad))
    assert code == 1
    assert out == ""
    assert "$.nominations[3].year" in err
    assert str(bad) in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", "--as-of", "31/03/2027")
    assert code == 2
    assert "YYYY-MM-DD" in err
    code, _, _ = run(capsys, "frobnicate")
    assert code == 2


def test_check_shows_every_section_iii_clause_cited(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "Mục III: 26/26" in out
    assert "III.2.2.a.TT2" in out


def test_check_says_which_criteria_no_track_uses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A criterion defined and never wired into a track cites its clause yet decides nothing."""
    text = (ROOT / "tests" / "rulesets" / "minimal.toml").read_text(encoding="utf-8")
    text += (
        '\n[criteria.khong-dung]\nvi = "Tiêu chuẩn không diện nào dùng"\n'
        'en = "A criterion no track uses"\nclauses = ["III.1.1"]\n'
        'when = { candidate = "in_commune", is = true }\n'
    )
    path = tmp_path / "khong-dung.toml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0  # valid: the ruleset loads
    assert "criterion khong-dung (không diện nào dùng / no track uses it)" in out
    assert "criteria no track uses (they decide nothing): khong-dung\n" in out
    _, bundled, _ = run(capsys, "check")
    assert "no track uses" not in bundled


def test_check_rejects_a_broken_ruleset(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (ROOT / "rulesets/khuc-thua-du-cchc-2026-2030.toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace(
            '{ criterion = "doi-tuong-ca-nhan" }', '{ criterion = "doi-tuong-ca-nhn" }', 1
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "check", str(broken))
    assert code == 1
    assert "did you mean 'doi-tuong-ca-nhan'" in err


def test_allocate_prints_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "allocate", "--budget", "3000000")
    assert code == 0
    assert "Vượt kinh phí" in out
    code, out, _ = run(capsys, "allocate", "--budget", "3,000,000", "--format", "json")
    assert code == 0
    assert json.loads(out)["total"] <= 3_000_000
    code, _, err = run(capsys, "allocate")
    assert code == 2
    assert "--budget" in err


def test_limit_options_change_what_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    """`--limit NAME=N` reaches the loaders; a name or value that is no limit is bad usage."""
    code, out, err = run(capsys, "evaluate", "--limit", "records=14")
    assert code == 1
    assert out == ""
    assert (
        "$.assessments: quá nhiều bản ghi / too many records (giới hạn / limit records = 14)" in err
    )
    code, out, _ = run(
        capsys, "evaluate", "--limit", "records=33", "--limit", "case-bytes=10_000_000"
    )
    assert code == 0
    assert json.loads(out)["verdicts"]
    code, _, err = run(capsys, "check", "--limit", "criteria=23")
    assert code == 1
    assert "limit criteria = 23" in err
    code, _, err = run(capsys, "allocate", "--budget", "1", "--limit", "string-length=20")
    assert code == 1
    assert "limit string_length = 20" in err
    for bad, said in (
        ("recordz=3", "no limit 'recordz'"),
        ("records=0", "NAME=N"),
        ("records", "NAME=N"),
        ("case-depth=500", "case_depth"),
        ("slug-pattern=3", "no limit 'slug_pattern'"),
    ):
        code, _, err = run(capsys, "evaluate", "--limit", bad)
        assert code == 2, bad
        assert said in err, (bad, err)


def test_version_names_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert "thiduarules" in out
    assert "durable-rules" in out or "plain" in out


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "thiduarules", "check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
