"""End-to-end reasoning benchmark on the embedded model: does best-of-N verification pay off?

For each task of ``tests/data/reason_tasks.jsonl`` (first ``--limit``, kinds interleaved) and for
two conditions, *without* and *with* a handbook, the real graph nodes run on SmolLM2-135M:
``handbook_retrieve`` (with-handbook only) -> ``generator`` -> ``verifier``. Methods, with the
model calls each spends per task (``--n`` = N, ``--judge-calls`` = J; defaults N=4, J=4):

====================  =====================================================  ==========
method                what                                                   calls
====================  =====================================================  ==========
greedy                1 sample at temperature 0                              1
majority@N            vote over the first N samples                          N
majority@N+J          vote over N+J samples (same calls as the judges)       N + J
pointwise@N           N samples, each rated 1-10 by the model (J ratings)    N + min(N, J)
pairwise@N            N samples, uncertainty-guided pairwise tournament      N + J
====================  =====================================================  ==========

Samples are drawn once per task and condition (N+J at temperature 0.7, seeds 0..) and shared, so
methods differ only in how they pick. Majority votes on the task-aware answer extraction of
:mod:`reason_checkers` (ties: the earliest sample); every pick is graded with ``check``.

The handbook is seeded with four hand-written, generic behaviours (:data:`SEED_LESSONS`), not
learned ones; retrieval uses MiniLM and the ``handbook_retrieve`` node's defaults.

Run: ``python benchmarks/reason_e2e.py [--limit 30 | --limit 0 for all] [--quick]``; writes
``benchmarks/results/reason_e2e.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import report  # noqa: E402
from reason_checkers import check, extract_answer  # noqa: E402

from guardgraph.agents.curator import RetrieveParams, handbook_retrieve_node  # noqa: E402
from guardgraph.agents.generator import GeneratorParams, generator  # noqa: E402
from guardgraph.agents.verifier import VerifierParams, verifier_node  # noqa: E402
from guardgraph.graphs.context import NodeContext, Services, make_node_config  # noqa: E402
from guardgraph.graphs.state import turn_input  # noqa: E402

TASKS = Path(__file__).resolve().parents[1] / "tests" / "data" / "reason_tasks.jsonl"
SEED_LESSONS = [
    {"name": "Spell words letter by letter", "kind": "behaviour",
     "instruction": "To count a letter in a word, write the word one letter at a time and count the matching letters.",
     "when_to_use": "questions asking how many times a letter appears in a word"},
    {"name": "Write the conversion factor", "kind": "behaviour",
     "instruction": "For unit conversions, state how many small units are in one big unit, then multiply by the amount.",
     "when_to_use": "converting kilometers, meters, hours, minutes, kilograms or days"},
    {"name": "One operation per step", "kind": "behaviour",
     "instruction": "In word problems, write one arithmetic operation per step and finish with 'The answer is N.'",
     "when_to_use": "arithmetic word problems with several steps"},
    {"name": "Compare digit by digit", "kind": "behaviour",
     "instruction": "To compare two numbers, compare the tens digits first, then the ones digits, and name the number asked for.",
     "when_to_use": "which number is larger or smaller, yes/no comparisons"},
]


class Bench:
    """Calls real graph nodes directly with a NodeContext (no checkpointing, no trace overhead)."""

    def __init__(self, model: Any, services: Services) -> None:
        self.model = model
        self.services = services

    def node(self, function: Any, name: str, params: Any, state: dict[str, Any]) -> dict[str, Any]:
        context = NodeContext(node_id=name, agent=name, params=params, model_binding=None,
                              models={"default": self.model}, services=self.services)
        return function(state, make_node_config(context))


def majority_pick(task: dict[str, Any], texts: list[str]) -> str:
    answers = [extract_answer(task, t) for t in texts]
    votes = Counter(a for a in answers if a is not None)
    if not votes:
        return texts[0]
    best = max(votes.values())
    winner = next(a for a in answers if a is not None and votes[a] == best)
    return texts[answers.index(winner)]


def run_task(bench: Bench, task: dict[str, Any], *, handbook: bool, args: argparse.Namespace) -> dict[str, Any]:
    state: dict[str, Any] = dict(turn_input(task["question"], turn=task["id"], scope="bench", tenant=None, context=[]))
    if handbook:
        state.update(bench.node(handbook_retrieve_node, "retrieve", RetrieveParams(), state))
        state.pop("trace_detail", None)
    greedy = bench.node(generator, "generate", GeneratorParams(
        n=1, max_tokens=args.max_tokens, temperature=0.0, final=False, stream=False), state)["draft"]
    total = args.n + args.judge_calls
    samples = [c["text"] for c in bench.node(generator, "generate", GeneratorParams(
        n=total, max_tokens=args.max_tokens, temperature=args.temperature, seed=args.seed,
        final=False, stream=False), state)["candidates"]]
    picks: dict[str, tuple[str, int]] = {
        "greedy": (greedy, 1),
        f"majority@{args.n}": (majority_pick(task, samples[: args.n]), args.n),
        f"majority@{total}": (majority_pick(task, samples), total),
    }
    pool = [{"id": i, "text": t} for i, t in enumerate(samples[: args.n])]
    for method, budget in (("pointwise", min(args.n, args.judge_calls)), ("pairwise", args.judge_calls)):
        params = VerifierParams(method=method, budget_calls=budget, max_tokens=args.judge_tokens)
        out = bench.node(verifier_node, "verify", params, {**state, "candidates": pool})
        picks[f"{method}@{args.n}"] = (out["draft"], args.n + out["trace_detail"]["calls"])
    return {
        "id": task["id"], "kind": task["kind"], "handbook": handbook,
        "retrieved": [e["name"] for e in state.get("handbook_entries") or []],
        "methods": {m: {"correct": check(task, text), "calls": calls, "answer": extract_answer(task, text)}
                    for m, (text, calls) in picks.items()},
        "sample_accuracy": sum(check(task, t) for t in samples) / len(samples),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="reasoning e2e benchmark on the embedded model")
    parser.add_argument("--limit", type=int, default=30, help="tasks to run (0 = all)")
    parser.add_argument("--quick", action="store_true", help="--limit 8")
    parser.add_argument("--n", type=int, default=4, help="candidates the verifier ranks")
    parser.add_argument("--judge-calls", type=int, default=4, help="judge calls per task (pairwise budget)")
    parser.add_argument("--max-tokens", type=int, default=48)
    parser.add_argument("--judge-tokens", type=int, default=4)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default="local")
    parser.add_argument("--conditions", default="off,on", help="handbook conditions: off,on")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="start no new task after this many seconds (0 = no limit); reports the tasks done")
    args = parser.parse_args(argv)
    limit = 8 if args.quick else args.limit

    from guardgraph.memory.embeddings import load_embedder
    from guardgraph.memory.handbook import Handbook
    from guardgraph.tools.resolve import resolve_model

    tasks = [json.loads(line) for line in TASKS.read_text().splitlines() if line.strip()]
    tasks = tasks[:limit] if limit > 0 else tasks
    model = resolve_model(args.model)
    conditions = [c.strip() == "on" for c in args.conditions.split(",") if c.strip()]
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        embedder = load_embedder("minilm")
        handbook = Handbook(Path(folder) / "handbook", embedder=embedder)
        handbook.add_many(SEED_LESSONS)
        bench = Bench(model, Services(data_dir=Path(folder), overrides={"embedder": embedder, "handbook": handbook}))
        for index, task in enumerate(tasks):
            if args.max_seconds and time.perf_counter() - started > args.max_seconds and records:
                print(f"time budget of {args.max_seconds:.0f}s spent: stopping after {index} tasks", flush=True)
                break
            for use_handbook in conditions:
                record = run_task(bench, task, handbook=use_handbook, args=args)
                records.append(record)
                marks = " ".join(f"{m}={'Y' if r['correct'] else '.'}" for m, r in record["methods"].items())
                print(f"[{index + 1}/{len(tasks)}] {task['id']} handbook={'on' if use_handbook else 'off'} "
                      f"{marks} ({time.perf_counter() - started:.0f}s)", flush=True)
        handbook.close()
    elapsed = time.perf_counter() - started
    done = len({r["id"] for r in records})

    summary: dict[str, dict[str, Any]] = {}
    by_kind: dict[str, dict[str, float]] = defaultdict(dict)
    rows = []
    for use_handbook in conditions:
        label = "on" if use_handbook else "off"
        subset = [r for r in records if r["handbook"] is use_handbook]
        for method in subset[0]["methods"]:
            correct = [r["methods"][method]["correct"] for r in subset]
            calls = sum(r["methods"][method]["calls"] for r in subset) / len(subset)
            accuracy = sum(correct) / len(correct)
            summary[f"{method}|handbook={label}"] = {"accuracy": accuracy, "correct": sum(correct),
                                                     "tasks": len(subset), "mean_calls": calls}
            rows.append([method, label, f"{sum(correct)}/{len(subset)}", accuracy, round(calls, 2)])
            for kind in sorted({r["kind"] for r in subset}):
                kind_rows = [r for r in subset if r["kind"] == kind]
                by_kind[f"{method}|handbook={label}"][kind] = sum(r["methods"][method]["correct"] for r in kind_rows) / len(kind_rows)
        sample_accuracy = sum(r["sample_accuracy"] for r in subset) / len(subset)
        rows.append(["(mean single sample)", label, "", sample_accuracy, 1])
    report(
        "reason_e2e",
        f"reasoning e2e on {getattr(model, 'name', args.model)}: {done} tasks, {elapsed:.0f}s",
        ["method", "handbook", "correct", "accuracy", "calls/task"],
        rows,
        {
            "command": "python benchmarks/reason_e2e.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "model": getattr(model, "name", args.model),
            "config": {**vars(args), "limit": limit, "tasks_planned": len(tasks), "tasks_done": done},
            "seed_lessons": SEED_LESSONS,
            "elapsed_s": round(elapsed, 1),
            "summary": summary,
            "by_kind": by_kind,
            "records": records,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
