"""Evaluating nominations: Kleene's tables (`_logic`), the shared context of one case
(`_scope`), conditions over facts (`_conditions`) and the track of one nomination (`_track`)."""

__all__: list[str] = []
