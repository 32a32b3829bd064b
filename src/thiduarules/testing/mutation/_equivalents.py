"""The equivalent mutants of a ruleset: those no scenario can tell apart, each with the reason,
read from `data/scenarios/equivalent-mutants.toml` (or another file of that format)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from thiduarules.errors import Problem
from thiduarules.ruleset._model import Text
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._reader import join
from thiduarules.testing.scenarios import EQUIVALENTS_FILE, ScenarioError

EQUIVALENTS_FORMAT = "thiduarules-equivalent-mutants/1"


def equivalents_path() -> Path:
    """The shipped list of equivalent mutants of the bundled ruleset."""
    return Path(str(resources.files("thiduarules") / "data" / "scenarios" / EQUIVALENTS_FILE))


def read_equivalents(
    path: str | Path | None = None, ruleset_id: str | None = None
) -> dict[str, Text]:
    """Mutant id → why it is equivalent (vi, en); entries for another ruleset id are skipped."""
    file = Path(path) if path is not None else equivalents_path()
    name = str(file)
    r = Parser(name)
    try:
        raw = nfc(tomllib.loads(file.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ScenarioError(
            [Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")]
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            [Problem(name, "$", f"TOML không hợp lệ / invalid TOML: {exc}")]
        ) from exc
    r.keys(raw, "", required=("format", "ruleset", "mutants"))
    r.string(raw.get("format"), "format", choices=(EQUIVALENTS_FORMAT,))
    for_id = r.string(raw.get("ruleset"), "ruleset")
    out: dict[str, Text] = {}
    table = r.table(raw.get("mutants", {}), "mutants") or {}
    for mid in sorted(table):
        path = join("mutants", mid)
        if (t := r.table(table[mid], path)) is None:
            continue
        r.keys(t, path, required=("vi", "en"))
        if (text := r.text(t, path)) is not None:
            out[mid] = text
    if r.problems:
        raise ScenarioError(r.problems)
    return out if ruleset_id is None or for_id == ruleset_id else {}
