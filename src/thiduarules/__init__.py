"""thiduarules: emulation-and-reward plans as declarative rulesets, with explained verdicts.

Load a ruleset, build an `Engine` once, evaluate case files into frozen verdicts:

    >>> from thiduarules import Engine, load_ruleset, load_example_case
    >>> ruleset = load_ruleset()            # the bundled Khúc Thừa Dụ ruleset
    >>> with Engine(ruleset) as engine:
    ...     result = engine.evaluate(load_example_case(ruleset))

Text for people (`to_text`, error messages, the command line) is safe to print: a control or
invisible character in the data shows as an escape (`printable`); JSON keeps the data exact.
"""

from thiduarules._example import example_case_path, load_example_case
from thiduarules._limits import LimitProblem, Limits
from thiduarules._printable import printable
from thiduarules.allocation import Recommendation
from thiduarules.case import Case, parse_case, read_case, structure_case
from thiduarules.engine import Engine, library_version
from thiduarules.errors import (
    CaseFileError,
    DeadlineExceeded,
    EngineDisagreement,
    EngineError,
    InputError,
    ParameterUnsetError,
    Problem,
    RulesetError,
    ThiduaRulesError,
)
from thiduarules.render import to_json, to_jsonable, to_text
from thiduarules.ruleset import Ruleset, bundled_ruleset_path, load_ruleset, loads_ruleset
from thiduarules.verdict import CaseResult, Conflict, Node, Stamp, Verdict

__all__ = [
    "Case",
    "CaseFileError",
    "CaseResult",
    "Conflict",
    "DeadlineExceeded",
    "Engine",
    "EngineDisagreement",
    "EngineError",
    "InputError",
    "LimitProblem",
    "Limits",
    "Node",
    "ParameterUnsetError",
    "Problem",
    "Recommendation",
    "Ruleset",
    "RulesetError",
    "Stamp",
    "ThiduaRulesError",
    "Verdict",
    "bundled_ruleset_path",
    "example_case_path",
    "library_version",
    "load_example_case",
    "load_ruleset",
    "loads_ruleset",
    "parse_case",
    "printable",
    "read_case",
    "structure_case",
    "to_json",
    "to_jsonable",
    "to_text",
]
