"""Rulesets: the plan as data, loaded strictly (`load_ruleset`) into frozen `Ruleset` objects."""

from thiduarules.ruleset._load import bundled_ruleset_path, load_ruleset, loads_ruleset
from thiduarules.ruleset._model import Ruleset
from thiduarules.ruleset._override import with_parameters

__all__ = ["Ruleset", "bundled_ruleset_path", "load_ruleset", "loads_ruleset", "with_parameters"]
