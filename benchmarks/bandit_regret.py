"""Cumulative regret of the meta-reasoner's strategy bandit in a simulated reasoning environment.

Why a simulation: real verified outcomes need many model calls; here the success rate of each
strategy is known per situation, so regret (expected reward lost against the best strategy for
that situation) can be computed exactly. The situations are written as progress-report text,
question and candidates, and go through the real ``parse_progress_report`` + ``context_features``,
so the bandit sees the same noisy features it would see in a graph.

Six situation types, each with a different best strategy (reward = success - 0.3 x tokens/2048):
fresh -> continue, consensus -> stop, slip -> backtrack, misread -> clarify, dead_end ->
alternative, failed (verification failed) -> restart.

Environments: ``aligned`` uses those success tables; ``permuted`` gives each situation the table of
the next one, so the cold-start prior (written for the aligned semantics) points at wrong arms:
this shows what the prior costs when it is wrong and that learning recovers. Caveat: the aligned
environment and the prior were written by the same author, so prior-only looks better there than
it would on real data.

Policies: StrategyBandit LinUCB with and without the prior, the fixed hand-written prior alone
(``prior_only``: no learning at all), UCB1 (non-contextual, numpy), uniform random, always
``continue``. Learners get feedback in batches of ``--batch`` rounds (default 10): outcomes arrive
after verification anyway. Regret is pseudo-regret
(expected reward of the best strategy minus that of the chosen one), so it has no outcome noise.
Runs are spread over ``--workers`` processes (default 2).

    python benchmarks/bandit_regret.py [--quick] [--seeds 5] [--rounds 2000] [--alpha 1.0] [--batch 10]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from guardgraph.agents.meta_reasoner import (
    FEATURE_SET,
    N_FEATURES,
    compute_reward,
    context_features,
    parse_progress_report,
    prior_scores,
)
from guardgraph.agents.strategy_bandit import STRATEGIES, StrategyBandit

COST_WEIGHT = 0.3
TOKENS = {"continue": 400, "backtrack": 600, "restart": 1400, "clarify": 700, "alternative": 1100, "stop": 30}
TYPES = ("fresh", "consensus", "slip", "misread", "dead_end", "failed")
# success probability per type, columns in STRATEGIES order:
#                       continue backtrack restart clarify alternative stop
SUCCESS = np.array([
    [0.70, 0.45, 0.45, 0.50, 0.45, 0.10],  # fresh: no answer yet
    [0.80, 0.70, 0.60, 0.75, 0.65, 0.88],  # consensus: confident agreement
    [0.35, 0.75, 0.55, 0.40, 0.50, 0.25],  # slip: an error was spotted
    [0.25, 0.35, 0.45, 0.80, 0.40, 0.15],  # misread: question unclear
    [0.20, 0.35, 0.50, 0.35, 0.75, 0.10],  # dead_end: approach not working
    [0.20, 0.40, 0.85, 0.40, 0.55, 0.05],  # failed: verification rejected the answer
])
CHECKPOINTS = (100, 500, 2000)
QUESTIONS = (
    "How many apples are left if Tom had 12 and gave away 5?",
    "What is the capital of the country that borders both France and Spain?",
    "A train travels 120 km in 1.5 hours. What is its average speed in km/h?",
    "Explain why the sky is blue in one sentence.",
    "If a rectangle has perimeter 20 and one side 3, what is its area? Give the value only and explain "
    "the steps you used to get there, including every formula you applied along the way.",
)


def _situation(kind: str, rng: np.random.Generator) -> dict:
    """A random state of type ``kind`` (question, candidates, report text, round, verified)."""
    query = QUESTIONS[rng.integers(len(QUESTIONS))]
    n = int(rng.integers(2, 5))
    answer = str(int(rng.integers(1, 100)))

    def cands(agree: float, with_answer: float = 1.0) -> list[dict]:
        out = []
        for i in range(n):
            has = rng.random() < with_answer
            same = rng.random() < agree
            final = (answer if same else str(int(rng.integers(100, 200)))) if has else None
            out.append({"id": i, "text": "step " * int(rng.integers(20, 400)), "final_answer": final})
        return out

    conf = int(rng.integers(0, 100))
    if kind == "fresh":
        report = f"PROGRESS REPORT\nstatus: on_track\nconfidence: {int(rng.integers(30, 70))}\nanswer: none\nissue: none"
        return dict(query=query, candidates=cands(0.5, 0.1), report=report, round=0, verified=None)
    if kind == "consensus":
        report = rng.choice([
            f"PROGRESS REPORT\nstatus: done\nconfidence: {int(rng.integers(75, 100))}\nanswer: {answer}\nissue: none",
            f"The final answer is {answer}. I am very confident.",
        ])
        return dict(query=query, candidates=cands(0.95), report=str(report), round=int(rng.integers(0, 3)), verified=None)
    if kind == "slip":
        report = rng.choice([
            f"PROGRESS REPORT\nstatus: unsure\nconfidence: {conf}\nanswer: {answer}\nissue: step 2 may have an arithmetic error",
            f"I got {answer} but I think I made a mistake in the second step.",
        ])
        return dict(query=query, candidates=cands(0.6), report=str(report), round=int(rng.integers(0, 3)), verified=None)
    if kind == "misread":
        report = rng.choice([
            "PROGRESS REPORT\nstatus: unsure\nconfidence: 30\nanswer: none\nissue: the question is ambiguous",
            f"I'm not sure what the question is asking. Maybe {answer}?",
        ])
        return dict(query=query, candidates=cands(0.4, 0.6), report=str(report), round=int(rng.integers(0, 2)), verified=None)
    if kind == "dead_end":
        report = rng.choice([
            f"PROGRESS REPORT\nstatus: stuck\nconfidence: {int(rng.integers(5, 40))}\nanswer: none\nissue: this approach is not working",
            "I'm stuck; going in circles with this method.",
        ])
        return dict(query=query, candidates=cands(0.3, 0.4), report=str(report), round=int(rng.integers(1, 4)), verified=None)
    if kind == "failed":
        report = f"PROGRESS REPORT\nstatus: done\nconfidence: {int(rng.integers(50, 95))}\nanswer: {answer}\nissue: none"
        return dict(query=query, candidates=cands(0.7), report=report, round=int(rng.integers(1, 4)), verified=False)
    raise ValueError(kind)


def _features(situation: dict) -> np.ndarray:
    return context_features(
        round_index=situation["round"], query=situation["query"], candidates=situation["candidates"],
        report=parse_progress_report(situation["report"]), verified=situation["verified"],
    )


def _expected_rewards(table: np.ndarray) -> np.ndarray:
    costs = np.array([compute_reward(0.0, TOKENS[s], COST_WEIGHT) for s in STRATEGIES])
    return table + costs[None, :]  # costs are negative offsets


Observation = tuple[np.ndarray, str, float]
Policy = tuple[Callable[[np.ndarray], str], Callable[[list[Observation]], None]]


def _make_policy(name: str, seed: int, alpha: float) -> Policy:
    """(choose(features) -> strategy, learn(batch of observations))."""
    rng = np.random.default_rng(seed + 1000)
    if name in {"linucb+prior", "linucb"}:
        bandit = StrategyBandit(
            ":memory:", n_features=N_FEATURES, feature_set=FEATURE_SET, alpha=alpha,
            prior_weight=20.0 if name == "linucb+prior" else 0.0, seed=seed,
        )
        use_prior = name == "linucb+prior"
        return (
            lambda x: bandit.choose(x, prior=prior_scores(x) if use_prior else None).strategy,
            bandit.record_many,
        )
    if name == "ucb1":
        pulls = np.zeros(len(STRATEGIES))
        sums = np.zeros(len(STRATEGIES))

        def choose_ucb(_: np.ndarray) -> str:
            if (pulls == 0).any():  # one pull of each arm first, as UCB1 assumes
                return STRATEGIES[int(np.argmax(pulls == 0))]
            bonus = np.sqrt(2.0 * np.log(pulls.sum()) / pulls)
            return STRATEGIES[int(np.argmax(sums / pulls + bonus))]

        def learn_ucb(batch: list[Observation]) -> None:
            for _, arm, reward in batch:
                pulls[STRATEGIES.index(arm)] += 1
                sums[STRATEGIES.index(arm)] += reward

        return choose_ucb, learn_ucb
    if name == "prior_only":
        return (lambda x: max(STRATEGIES, key=lambda a: (prior_scores(x)[a], -STRATEGIES.index(a))), lambda _: None)
    if name == "random":
        return (lambda _: STRATEGIES[rng.integers(len(STRATEGIES))], lambda _: None)
    if name == "always_continue":
        return (lambda _: "continue", lambda _: None)
    raise ValueError(name)


POLICIES = ("linucb+prior", "linucb", "prior_only", "ucb1", "random", "always_continue")


@lru_cache(maxsize=4)
def _stream(seed: int, rounds: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Situation types, their feature vectors and outcome draws; shared by all policies of a seed."""
    rng = np.random.default_rng(seed)
    kinds = rng.integers(len(TYPES), size=rounds)
    features = np.stack([_features(_situation(TYPES[k], rng)) for k in kinds])
    uniforms = np.random.default_rng(seed + 7).random(rounds)
    return kinds, features, uniforms


def run(env: str, policy: str, seed: int, rounds: int, alpha: float, batch: int = 1) -> np.ndarray:
    """Cumulative pseudo-regret after each round for one seed.

    Feedback is delivered in batches of ``batch`` rounds (as when outcomes arrive after
    verification); the choice within a batch uses the model as of the last delivery.
    """
    table = SUCCESS if env == "aligned" else np.roll(SUCCESS, -1, axis=0)
    means = _expected_rewards(table)
    kinds, features, uniforms = _stream(seed, rounds)
    choose, learn = _make_policy(policy, seed, alpha)
    regret = np.empty(rounds)
    total = 0.0
    buffer: list[Observation] = []
    for t in range(rounds):
        kind, x = int(kinds[t]), features[t]
        arm = choose(x)
        a = STRATEGIES.index(arm)
        success = float(uniforms[t] < table[kind, a])
        buffer.append((x, arm, compute_reward(success, TOKENS[arm], COST_WEIGHT)))
        if len(buffer) >= batch or (policy == "ucb1" and t < len(STRATEGIES)):
            learn(buffer)
            buffer = []
        total += means[kind].max() - means[kind, a]
        regret[t] = total
    return regret


def _task(args: tuple[str, str, int, int, float, int]) -> tuple[str, str, int, np.ndarray, float]:
    env, policy, seed, rounds, alpha, batch = args
    t0 = time.perf_counter()
    curve = run(env, policy, seed, rounds, alpha, batch)
    return env, policy, seed, curve, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 rounds, 2 seeds")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--alpha", type=float, default=1.0, help="LinUCB alpha (node default 1.0)")
    parser.add_argument("--batch", type=int, default=10, help="rounds per feedback delivery")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--env", choices=("aligned", "permuted", "both"), default="both")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "bandit.json")
    args = parser.parse_args(argv)
    rounds, seeds = (500, 2) if args.quick else (args.rounds, args.seeds)
    checkpoints = [c for c in CHECKPOINTS if c <= rounds] or [rounds]
    envs = ("aligned", "permuted") if args.env == "both" else (args.env,)
    started = time.perf_counter()
    # seed-major order so each worker's stream cache is reused across policies
    tasks = [(env, policy, seed, rounds, args.alpha, args.batch) for seed in range(seeds) for env in envs for policy in POLICIES]
    if args.workers > 1:
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            outputs = list(pool.map(_task, tasks))
    else:
        outputs = [_task(t) for t in tasks]
    results: dict = {
        "config": {"rounds": rounds, "seeds": seeds, "alpha": args.alpha, "batch": args.batch,
                   "cost_weight": COST_WEIGHT, "tokens": TOKENS, "types": TYPES, "strategies": STRATEGIES,
                   "success": SUCCESS.tolist(), "checkpoints": checkpoints},
        "environments": {},
    }
    for env in envs:
        rows = {}
        for policy in POLICIES:
            mine = [o for o in outputs if o[0] == env and o[1] == policy]
            curves = np.stack([o[3] for o in sorted(mine, key=lambda o: o[2])])
            quarter = max(rounds // 4, 1)
            rows[policy] = {
                "regret_mean": {str(c): float(curves[:, c - 1].mean()) for c in checkpoints},
                "regret_std": {str(c): float(curves[:, c - 1].std()) for c in checkpoints},
                "final_regret_per_round_last_quarter": float((curves[:, -1] - curves[:, -quarter - 1]).mean() / quarter),
                "cpu_seconds": round(sum(o[4] for o in mine), 2),
            }
        results["environments"][env] = rows
    results["seconds"] = round(time.perf_counter() - started, 1)
    _print(results, checkpoints)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"wrote {args.out} in {results['seconds']} s")
    return results


LABELS = {
    "linucb+prior": "LinUCB + hand-written prior (shipped)",
    "linucb": "LinUCB, no prior",
    "prior_only": "hand-written prior alone (fixed, no learning)",
    "ucb1": "UCB1 (ignores the context)",
    "random": "uniform random",
    "always_continue": "always continue",
}


def readme_table(result: dict) -> str:
    """Markdown table of every policy in the JSON (none left out): regret at each checkpoint."""
    checkpoints = [str(c) for c in result["config"]["checkpoints"]]
    envs = list(result["environments"])
    header = ["policy"] + [f"regret@{c} ({env})" for env in envs for c in checkpoints[-1:]] + \
        [f"regret/round, last 25 % ({env})" for env in envs]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    policies = list(result["environments"][envs[0]])
    for policy in policies:
        cells = [LABELS.get(policy, policy)]
        for env in envs:
            row = result["environments"][env][policy]
            cells += [f"{row['regret_mean'][c]:.1f} ± {row['regret_std'][c]:.1f}" for c in checkpoints[-1:]]
        cells += [f"{result['environments'][env][policy]['final_regret_per_round_last_quarter']:.3f}" for env in envs]
        lines.append("| " + " | ".join(cells) + " |")
    config = result["config"]
    lines.append("")
    lines.append(f"{config['rounds']} rounds x {config['seeds']} seeds, feedback every {config['batch']} rounds, "
                 "pseudo-regret (mean ± std over seeds). `aligned`: the environment the prior was written for; "
                 "`permuted`: each situation gets another's success table, so the prior points at wrong arms.")
    return "\n".join(lines)


def _print(results: dict, checkpoints: list[int]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain fallback
        Console = None  # type: ignore[assignment]
    for env, rows in results["environments"].items():
        header = ["policy"] + [f"regret@{c}" for c in checkpoints] + ["regret/round (last 25%)"]
        lines = [
            [p] + [f"{r['regret_mean'][str(c)]:.1f} ± {r['regret_std'][str(c)]:.1f}" for c in checkpoints]
            + [f"{r['final_regret_per_round_last_quarter']:.3f}"]
            for p, r in rows.items()
        ]
        if Console is None:
            print(env, *(" | ".join(line) for line in [header] + lines), sep="\n")
            continue
        table = Table(title=f"cumulative pseudo-regret, env={env} (mean ± std over seeds)")
        for name in header:
            table.add_column(name, justify="left" if name == "policy" else "right")
        for line in lines:
            table.add_row(*line)
        Console().print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
