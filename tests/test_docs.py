"""The runnable examples of the docs still run: the auditors' guide (docs/auditing.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AUDITING = (ROOT / "docs" / "auditing.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", AUDITING, re.DOTALL)


def _block(marker: str) -> str:
    found = [b for b in BLOCKS if marker in b]
    assert len(found) == 1, f"{marker!r} is in {len(found)} python blocks of docs/auditing.md"
    return found[0]


def _pytest(tmp_path: Path, name: str, code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "tests" / name).write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/{name}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_listing_of_the_nine_choices_runs() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _block("p.interprets")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    numbers = {line.split()[0] for line in run.stdout.splitlines()}
    assert numbers == {str(n) for n in range(1, 10)}


@pytest.mark.parametrize(
    ("marker", "name", "tests"),
    [
        ("test_a_candidate_outside_the_commune_is_never_eligible", "test_tinh_chat_rieng.py", 4),
        ("def test_the_shipped_scenarios_pass", "test_ke_hoach.py", 3),
    ],
)
def test_the_auditors_own_test_modules_pass(
    tmp_path: Path, marker: str, name: str, tests: int
) -> None:
    run = _pytest(tmp_path, name, _block(marker))
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{tests} passed" in run.stdout
