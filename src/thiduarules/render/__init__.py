"""Renderers: results as JSON (a stable, documented document) and as text for people (vi / en).

Every sentence comes from the message catalogue (`_messages`), keyed by the reason codes the
engine records, with the ruleset's own labels.
"""

from thiduarules.render._json import to_json, to_jsonable
from thiduarules.render._text import describe, to_text

__all__ = ["describe", "to_json", "to_jsonable", "to_text"]
