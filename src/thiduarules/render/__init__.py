"""Renderers: verdicts as JSON (a stable, documented document) and as text for people (vi / en)."""

from thiduarules.render._json import converter, to_json, to_jsonable
from thiduarules.render._text import to_text

__all__ = ["converter", "to_json", "to_jsonable", "to_text"]
