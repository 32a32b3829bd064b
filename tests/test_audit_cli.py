"""`thiduarules audit` and the pytest plugin: the table, the exit status, the counterexample
files that `thiduarules evaluate` replays, and the `thiduarules_audit` fixture."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

import thiduarules.engine
from thiduarules.cli import main
from thiduarules.testing import audit
from thiduarules.testing import invariants as inv

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "rulesets" / "minimal.toml"


def test_a_passing_audit_prints_a_row_per_invariant_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "--examples", "3", "--seed", "1", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    for name in inv.INVARIANTS:
        row = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert "passed" in row or "skipped" in row, row
    assert "every invariant holds" in out
    assert list(tmp_path.iterdir()) == []


def test_a_failing_invariant_exits_1_and_leaves_a_case_file_evaluate_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = thiduarules.engine.allocate

    def over_budget(*args: Any) -> Any:
        rec = real(*args)
        return attrs.evolve(rec, total=rec.budget + 10_000)

    monkeypatch.setattr(thiduarules.engine, "allocate", over_budget)
    monkeypatch.setattr(inv, "SHRINK_SECONDS", 0.0)
    code = main(["audit", "--examples", "10", "--seed", "2", "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1, out
    row = next(line for line in out.splitlines() if line.startswith("budget_holds "))
    assert "failed" in row
    assert re.search(r"the list costs [\d,]+ đ for a budget of [\d,]+ đ", out), out
    written = tmp_path / "out" / "counterexample-budget_holds.json"
    assert f"thiduarules evaluate {written}" in out
    assert main(["evaluate", str(written), "--format", "json"]) == 0
    replayed = json.loads(capsys.readouterr().out)
    assert replayed["verdicts"]


def test_the_cases_a_failure_compares_are_written_beside_it(tmp_path: Path) -> None:
    report = inv.InvariantReport(
        "determinism", 1, "failed", "planted", 0.0, {"format": "x"}, {"reordered": {"format": "y"}}
    )
    written = audit.write_counterexamples(report, tmp_path)
    assert [p.name for p in written] == [
        "counterexample-determinism.json",
        "counterexample-determinism-reordered.json",
    ]
    assert json.loads(written[1].read_text(encoding="utf-8")) == {"format": "y"}


def test_a_ruleset_that_does_not_load_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", str(tmp_path / "missing.toml"), "--examples", "2"]) == 1
    assert "missing.toml" in capsys.readouterr().err


def test_a_non_positive_example_count_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["audit", "--examples", "0"])
    assert info.value.code == 2
    assert "--examples" in capsys.readouterr().err


def test_add_arguments_registers_the_audit_options() -> None:
    parser = argparse.ArgumentParser()
    audit.add_arguments(parser)
    args = parser.parse_args(["r.toml", "--examples", "7", "--seed", "3", "--out", "d"])
    assert (args.ruleset, args.examples, args.seed, args.out) == (Path("r.toml"), 7, 3, Path("d"))
    with pytest.raises(SystemExit):
        parser.parse_args(["--examples", "0"])


def test_the_audit_runs_alone_on_another_ruleset(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit.main([str(MINIMAL), "--examples", "3", "--seed", "4"]) == 0
    assert "toi-thieu" in capsys.readouterr().out


MINIMAL_SCENARIO = """
format = "thiduarules-scenarios/1"
as_of = 2027-04-15

[[scenarios]]
id = "ngoai-xa"
title = { vi = "Cá nhân không thuộc xã", en = "An individual not of the commune" }
clauses = ["III.1.1"]
candidates = [
  { id = "CN-01", kind = "ca-nhan", name = "Nguyễn Thị Hoa", unit = "Phòng Văn hóa - Xã hội", role = "cong-chuc", in_commune = false },
]
nominations = [
  { id = "DN-01", candidate = "CN-01", track = "hang-nam-ca-nhan", year = 2026, filed = 2027-03-20, expect = "ineligible", cites = ["III.1.1"] },
]
"""


def test_the_pytest_plugin_binds_the_invariants_to_the_chosen_ruleset(tmp_path: Path) -> None:
    (tmp_path / "test_plan.py").write_text(
        f"SCENARIOS = {MINIMAL_SCENARIO!r}\n"
        + textwrap.dedent(
            """
            def test_a_suite_not_using_the_fixture_does_not_load_the_invariants():
                import sys
                assert "thiduarules.testing.invariants" not in sys.modules

            def test_audit(thiduarules_audit, thiduarules_ruleset):
                assert thiduarules_audit.ruleset is thiduarules_ruleset
                assert thiduarules_ruleset.meta.id == "toi-thieu"
                assert thiduarules_audit.sound_explanations(examples=3, seed=1).result == "passed"

            from hypothesis import given, settings, strategies as st

            @settings(max_examples=5, deadline=None)
            @given(data=st.data())
            def test_its_strategies_can_be_drawn_inside_given(thiduarules_audit, data):
                case = data.draw(thiduarules_audit.cases(candidates=st.integers(1, 2)))
                assert case.candidates

            def test_scenarios(thiduarules_audit, tmp_path):
                import pytest
                from thiduarules.testing import ScenarioFailure

                path = tmp_path / "s.toml"
                path.write_text(SCENARIOS, encoding="utf-8")
                assert [r.passed for r in thiduarules_audit.scenarios(path)] == [True]
                path.write_text(SCENARIOS.replace('expect = "ineligible"', 'expect = "eligible"'), encoding="utf-8")
                with pytest.raises(ScenarioFailure, match="Kết quả / result: 0 đạt / passed, 1 không đạt"):
                    thiduarules_audit.scenarios(path)
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--thiduarules-ruleset",
            str(MINIMAL),
            "test_plan.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


def test_mutation_testing_takes_an_equivalents_file_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With one annual-collective scenario file, a deadline mutant survives; listed in an
    `--equivalents` file with its reason, it is reported as equivalent instead."""
    tests = str(ROOT / "src" / "thiduarules" / "data" / "scenarios" / "hang-nam-tap-the.toml")
    assert main(["audit", "--mutate", "--tests", tests]) == 1
    assert "SỐNG SÓT / SURVIVED        parameters.tinh-ca-ngay-han=true" in capsys.readouterr().out
    listed = tmp_path / "tuong-duong.toml"
    listed.write_text(
        'format = "thiduarules-equivalent-mutants/1"\n'
        'ruleset = "khuc-thua-du-cchc-2026-2030"\n\n'
        '[mutants."parameters.tinh-ca-ngay-han=true"]\n'
        'vi = "Chỉ để thử."\nen = "Only a test."\n',
        encoding="utf-8",
    )
    main(["audit", "--mutate", "--tests", tests, "--equivalents", str(listed)])
    out = capsys.readouterr().out
    assert "parameters.tinh-ca-ngay-han=true" in out
    assert "SỐNG SÓT / SURVIVED        parameters.tinh-ca-ngay-han=true" not in out
    assert "1 tương đương / equivalent" in out


def test_scenario_reports_come_in_english_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    tests = str(ROOT / "src" / "thiduarules" / "data" / "scenarios" / "thoi-han.toml")
    assert main(["test", tests, "--lang", "en"]) == 0
    assert "An annual dossier filed on 30 March is on time" in capsys.readouterr().out


def test_audit_without_hypothesis_says_which_extra_to_install() -> None:
    """Installed without the `testing` extra, `audit` says what to install (no traceback)."""
    code = (
        "import sys; sys.modules['hypothesis'] = None; "  # an import of Hypothesis now fails
        "from thiduarules.cli import main; sys.exit(main(['audit', '--examples', '1']))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 2, run.stderr
    assert "pip install 'thiduarules[testing]'" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_run_without_a_seed_prints_the_one_it_chose(tmp_path: Path) -> None:
    """Every run can be replayed: without --seed the audit picks one and prints it."""
    import io

    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(ruleset=MINIMAL, examples=2, seed=None, out=tmp_path)
    assert audit.run_cli(args, stdout=out, stderr=err) == 0
    header = out.getvalue().splitlines()[1]
    found = re.search(r"seed (\d+) \(chọn ngẫu nhiên; .* --seed (\d+)\)", header)
    assert found is not None, header
    assert found.group(1) == found.group(2)
