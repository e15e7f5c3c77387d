"""How many judge calls does each selection method need to pick the true best of N candidates?

A simulated judge replaces the model so accuracy is known and thousands of tournaments run in
seconds. Each trial draws N candidates with distinct hidden qualities (a random permutation of
0..N-1). One judge call compares the answer in slot A with the one in slot B and is right with
probability ``p``, independently per call and per order (a sampling judge at temperature > 0;
accuracy does not depend on the quality gap, so the best vs the runner-up is as hard as any pair).
With ``--bias b`` a call answers "A" regardless with probability ``b`` (position bias).

The pointwise baseline's scorer returns a continuous ``quality + N(0, s)``, with ``s`` calibrated
two ways, because "comparable accuracy" has no single meaning: ``pointwise (top)`` orders the best
and the runner-up correctly with probability ``p`` from one rating each (so it is *more* accurate
than the pairwise judge on every wider gap: an optimistic baseline); ``pointwise (avg)`` does so
averaged over all pairs, like the pairwise judge (a pessimistic baseline: near the top it is
almost blind). Both are repeated-sampling raters (``max_ratings=None``).

Methods are the real implementations in ``guardgraph.agents.tournament`` with repeats allowed
(``max_meetings=None``). The budget sweep reads every budget from one run per trial: the
methods are anytime (their choices never depend on the total budget), so the leader after the
calls that fit in budget B is exactly what a run with budget B returns.

Budgets are swept on the grid {1,2,3,4,6,8,12,16,24}·N up to a cap (baselines 16N; ours 8N, then
24N if 8N missed 90 %); "calls_for_90pct" is the smallest grid budget reaching 90 %.

    python benchmarks/verifier_tournament.py            # N in {8,16,32}, p in {.7,.8,.9}, 200 trials
    python benchmarks/verifier_tournament.py --quick    # N in {8,16}, p = .8, 200 trials
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from functools import lru_cache
from statistics import NormalDist
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from guardgraph.agents.tournament import pointwise_rank, run_tournament

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tournament_baselines  # noqa: E402,F401  (registers the random / round_robin schedules)

RESULTS = Path(__file__).resolve().parent / "results" / "verifier.json"
METHODS = ("pairwise", "vinfer", "random", "round_robin", "pointwise_top", "pointwise_avg")
LABELS = {
    "pairwise": "ours (uncert.)",
    "vinfer": "V1-Infer-style",
    "random": "random pairs",
    "round_robin": "round-robin",
    "pointwise_top": "pointwise (top)",
    "pointwise_avg": "pointwise (avg)",
}
TARGET = 0.9
GRID_MULTIPLES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)
CHUNK = 50


def _trial(method: str, n: int, p: float, bias: float, max_budget: int, trial: int) -> tuple[list[tuple[int, int]], int]:
    """One tournament on a fresh random instance; returns (calls, leader) progress and the true best."""
    world = np.random.default_rng([n, round(p * 1000), round(bias * 1000), trial])
    quality = world.permutation(n).astype(float)
    noise = np.random.default_rng([n, round(p * 1000), round(bias * 1000), trial, 1])
    candidates = [{"id": k, "text": f"candidate {k}"} for k in range(n)]

    def compare(a: dict[str, Any], b: dict[str, Any]) -> float:
        if bias and noise.random() < bias:
            return 1.0  # position bias: "A" whatever the answers are
        correct = noise.random() < p
        return 1.0 if (quality[a["id"]] > quality[b["id"]]) == correct else 0.0

    if method.startswith("pointwise"):
        spread = pointwise_noise(n, p, method == "pointwise_avg")

        def rate(c: dict[str, Any]) -> float:
            return float(quality[c["id"]] + noise.normal(0.0, spread))

        result = pointwise_rank(candidates, rate, budget_calls=max_budget, max_ratings=None, seed=trial, record_progress=True)
    else:
        result = run_tournament(
            candidates, compare, method=method, budget_calls=max_budget, max_meetings=None, seed=trial, record_progress=True
        )
    return result.progress, int(np.argmax(quality))


@lru_cache(maxsize=None)
def pointwise_noise(n: int, p: float, average: bool) -> float:
    """Rating noise sd that makes one-rating-each comparisons right with probability ``p``.

    ``average=False``: on the best vs the runner-up (quality gap 1). ``average=True``: averaged
    over all pairs of the N candidates (gaps 1..N-1), like the pairwise judge's constant accuracy.
    """
    phi = NormalDist()
    if not average:
        return 1.0 / (math.sqrt(2.0) * phi.inv_cdf(p))
    gaps = np.arange(1, n)
    weights = (n - gaps) / ((n - gaps).sum())

    def accuracy(sd: float) -> float:
        return float(sum(w * phi.cdf(g / (sd * math.sqrt(2.0))) for g, w in zip(gaps, weights)))

    low, high = 1e-3, 1e4  # accuracy falls as sd grows: bisect in log space
    for _ in range(100):
        mid = math.sqrt(low * high)
        low, high = (mid, high) if accuracy(mid) > p else (low, mid)
    return math.sqrt(low * high)


def _unit(args: tuple[str, int, float, float, int, int, int]) -> list[list[int]]:
    """Correct-pick indicators per trial per grid budget for a chunk of trials."""
    method, n, p, bias, max_budget, first, count = args
    grid = [k * n for k in GRID_MULTIPLES if k * n <= max_budget]
    rows = []
    for trial in range(first, first + count):
        progress, best = _trial(method, n, p, bias, max_budget, trial)
        hits = []
        position, leader = 0, 0  # no comparison yet: the fallback keeps input order (a random pick)
        for budget in grid:
            while position < len(progress) and progress[position][0] <= budget:
                leader = progress[position][1]
                position += 1
            hits.append(int(leader == best))
        rows.append(hits)
    return rows


def _stages(method: str, quick: bool) -> tuple[int, ...]:
    """Budget caps (multiples of N) per method; CPU time, not judgement, sets them.

    Our method gets a second, larger cap when it misses 90 % at the first; baselines get one cap
    (they are reported as ">cap (accuracy at cap)" when they miss it).
    """
    if quick:
        return (8, 16) if method == "pairwise" else (8,)
    return (8, 24) if method == "pairwise" else (16,)


def _evaluate(configs: list[tuple[tuple[str, int, float, float], int]], trials: int, pool: ProcessPoolExecutor) -> dict:
    jobs = {}
    for (method, n, p, bias), cap_multiple in configs:
        cap = cap_multiple * n
        for first in range(0, trials, CHUNK):
            key = (method, n, p, bias)
            jobs.setdefault(key, []).append(pool.submit(_unit, (method, n, p, bias, cap, first, min(CHUNK, trials - first))))
    curves = {}
    for key, futures in jobs.items():
        rows = [row for future in futures for row in future.result()]
        n = key[1]
        cap = dict(configs)[key] * n
        grid = [k * n for k in GRID_MULTIPLES if k * n <= cap]
        accuracy = np.mean(np.array(rows), axis=0)
        curves[key] = {int(b): round(float(a), 4) for b, a in zip(grid, accuracy)}
    return curves


def calls_needed(curve: dict[int, float]) -> int | None:
    for budget in sorted(curve):
        if curve[budget] >= TARGET:
            return budget
    return None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N in {8,16}, p = 0.8 only (< 30 s)")
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 8))
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    sizes = (8, 16) if args.quick else (8, 16, 32)
    accuracies = (0.8,) if args.quick else (0.7, 0.8, 0.9)
    configs = [(m, n, p, 0.0) for n in sizes for p in accuracies for m in METHODS]
    if not args.quick:
        configs += [(m, 16, 0.8, 0.3) for m in ("pairwise", "vinfer")]

    started = time.perf_counter()
    curves: dict[tuple, dict[int, float]] = {}
    caps: dict[tuple, int] = {}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        pending = configs
        for stage in range(2):  # a larger cap only for configs that missed the target
            batch = [key for key in pending if stage < len(_stages(key[0], args.quick))]
            if not batch:
                break
            found = _evaluate([(key, _stages(key[0], args.quick)[stage]) for key in batch], args.trials, pool)
            for key, curve in found.items():
                curves[key], caps[key] = curve, max(curve)
            pending = [key for key in batch if calls_needed(curves[key]) is None]
    elapsed = time.perf_counter() - started

    rows = []
    for key in configs:
        method, n, p, bias = key
        curve = curves[key]
        rows.append(
            {
                "method": method,
                "label": LABELS[method],
                "n": n,
                "p": p,
                "position_bias": bias,
                "calls_for_90pct": calls_needed(curve),
                "cap": caps[key],
                "accuracy_at_cap": curve[max(curve)],
                "accuracy_by_budget": {str(b): a for b, a in curve.items()},
            }
        )
    report = {
        "benchmark": "verifier_tournament",
        "target_accuracy": TARGET,
        "trials": args.trials,
        "quick": args.quick,
        "judge": "independent noisy comparison per call with accuracy p; repeats allowed",
        "pointwise_noise": {
            "top": "quality + N(0, s), s = 1 / (sqrt(2) * Phi^-1(p)): best vs runner-up right w.p. p",
            "avg": "quality + N(0, s), s such that one-rating comparisons are right w.p. p averaged over all pairs",
        },
        "runtime_s": round(elapsed, 1),
        "rows": rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    _print_table(rows, elapsed, args)
    return report


def _print_table(rows: list[dict], elapsed: float, args: argparse.Namespace) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain fallback
        for row in rows:
            print(row["n"], row["p"], row["position_bias"], row["method"], row["calls_for_90pct"], row["accuracy_at_cap"])
        return
    table = Table(title=f"Judge calls to pick the true best with >= {TARGET:.0%} ({args.trials} trials, seeded)")
    table.add_column("N", justify="right")
    table.add_column("p", justify="right")
    table.add_column("bias", justify="right")
    for method in METHODS:
        table.add_column(LABELS[method], justify="right")
    groups: dict[tuple, dict[str, dict]] = {}
    for row in rows:
        groups.setdefault((row["n"], row["p"], row["position_bias"]), {})[row["method"]] = row
    for (n, p, bias), by_method in groups.items():
        cells = []
        for method in METHODS:
            row = by_method.get(method)
            if row is None:
                cells.append("-")
            elif row["calls_for_90pct"] is None:
                cells.append(f">{row['cap']} ({row['accuracy_at_cap']:.0%})")
            else:
                cells.append(f"{row['calls_for_90pct']} ({row['calls_for_90pct'] // n}N)")
        table.add_row(str(n), f"{p:.1f}", f"{bias:.1f}", *cells)
    console = Console(width=150)
    console.print(table)
    console.print(f"'>cap (x%)': not reached within the cap; x = accuracy at the cap. Runtime {elapsed:.1f} s.")
    console.print(f"JSON: {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
