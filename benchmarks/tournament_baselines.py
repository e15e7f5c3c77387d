"""Benchmark-only pairing schedules for :func:`guardgraph.agents.tournament.run_tournament`.

``random`` (random eligible pairs, both orders, openskill ratings) and ``round_robin`` (every pair,
both orders, win rate) are reference points for ``benchmarks/verifier_tournament.py``; no graph
uses them, so they live here and plug in with :func:`register`, called on import.
"""

from __future__ import annotations

import numpy as np

from guardgraph.agents.tournament import (
    Arena,
    SkillRatings,
    _leader,
    _record_win_rate,
    register_pair_method,
)


def run_random(arena: Arena, rng: np.random.Generator, progress: list[tuple[int, int]] | None) -> SkillRatings:
    """Random eligible pairs, both orders, until the budget ends."""
    ratings = SkillRatings(arena.n)
    sizes = arena.group_sizes()
    while arena.can_afford(2):
        pairs = np.argwhere(np.triu(arena.eligible_mask(), 1))
        if pairs.size == 0:
            break
        i, j = (int(x) for x in pairs[rng.integers(len(pairs))])
        outcome = arena.play(i, j, both_orders=True)
        if outcome is None:
            break
        ratings.update(i, j, outcome)
        if progress is not None:
            progress.append((arena.calls, arena.members[_leader(ratings.mu, sizes)][0]))
    return ratings


def run_round_robin(arena: Arena, rng: np.random.Generator, progress: list[tuple[int, int]] | None) -> None:
    """Every pair (shuffled), both orders, round after round until the budget ends; win rate."""
    sizes = arena.group_sizes()
    pairs = [(i, j) for i in range(arena.n) for j in range(i + 1, arena.n)]
    while pairs and arena.can_afford(2):
        played_any = False
        for k in rng.permutation(len(pairs)):
            i, j = pairs[int(k)]
            if not arena.can_afford(2):
                return None
            if arena.play(i, j, both_orders=True) is None:
                continue
            played_any = True
            _record_win_rate(arena, progress, sizes)
        if not played_any:
            return None
    return None


def register() -> None:
    register_pair_method("random", run_random)
    register_pair_method("round_robin", run_round_robin)


register()
