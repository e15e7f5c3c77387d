"""Shared helpers of the watchdog target tests: what the watchdog extracts, and the gold comparison."""

from __future__ import annotations

from guardgraph.agents.watchdog import _guess_language, _normalise, detect_intent
from guardgraph.agents.watchdog_targets import generic_targets


def extracted_targets(text: str) -> list[str]:
    """The targets of the detected request; for a message the intent step misses, what the generic
    span finder gives (so a target test does not depend on the intent being recognised)."""
    result = detect_intent(text)
    if result.intent != "none":
        return list(result.targets)
    norm = _normalise(text)
    return generic_targets(norm, result.language or _guess_language(norm))


def targets_match(got: list[str], gold: list[list[str]]) -> bool:
    """Each gold item lists its accepted spellings (a title before a name may stay or go)."""
    got_f = sorted(g.casefold() for g in got)
    if len(got_f) != len(gold):
        return False
    return all(any(v.casefold() in got_f for v in item) for item in gold)
