"""End-to-end reasoning benchmark: the REAL reason graph (``Pipeline.from_spec``) against baselines.

Every method is a variant of ``graphs/specs/reason.yaml`` run through ``Pipeline.from_spec``
(nodes, routing, state, checkpointer: all real), on the embedded SmolLM2-135M:

==========================  ==============================================================  =====
method                      what the spec variant does                                      calls
==========================  ==============================================================  =====
greedy                      retrieve -> greedy (temperature 0) -> respond                     1
majority@3                  greedy + 2 samples, majority vote (no checkers)                   3
pointwise@3                 greedy + 2 samples, each rated 1-10 by the model, best rating    <= 6
pairwise@3                  greedy + 2 samples, pairwise tournament (both orders)            <= 6
adaptive (no checkers)      the shipped graph with the checkers off: judge only              <= 6
adaptive (shipped graph)    the shipped ``reason`` graph: checkers, self-consistency         <= 6
                            stopping, bandit, calibrated greedy fallback
==========================  ==============================================================  =====

Equal budgets: every method may spend at most 6 model calls per request, and the four that pick
among answers see the same three (greedy + samples 1 and 2; the adaptive graph may draw a fourth
instead of a judge call): the comparison is how to pick, vote vs rate vs compare vs adaptive. The baselines take the ranked best as is (``min_confidence: 0``, no
checkers), as best-of-N usually does; the adaptive graph keeps the greedy answer unless its judge
clears ``min_confidence`` calibrated on the tuning split.

Splits (``benchmarks/make_reason_tasks.py``, written before any tuning, by seed):
``benchmarks/data/reason_tune.jsonl`` (20 tasks) is the only data anything is tuned on: the
``min_confidence`` calibration and the handbook's keep/retire decisions. ``reason_heldout.jsonl``
(30 tasks) is only measured. Run in two steps::

    python benchmarks/reason_e2e.py --split tune --limit 12 --max-tokens 32
    OMP_NUM_THREADS=1 python benchmarks/reason_e2e.py --split heldout --max-tokens 32 \
        --methods greedy,majority@3,pairwise@3,adaptive --max-seconds 1350

(the first writes results/reason_tune.json: threshold and handbook decisions; the second reads it
and writes results/reason_e2e.json).

Handbook: the candidate entries are four hand-written behaviours (:data:`SEED_LESSONS`) plus what
the graph's own curator distils from checker-verified tuning turns (``--distill N`` turns). On the
tuning split each entry's effect is measured on the greedy answer of the tasks that retrieve it
(with vs without the handbook); entries that do not help are retired (``Handbook.remove``). The
held-out ``handbook=on`` condition uses only the survivors. During measurement the curator is
off (``max_entries: 0``) so the handbook does not change under the benchmark.

Cost accounting: one shared model wrapper memoises generations by (messages, decoding params), so
methods that ask for the same greedy answer or the same seeded sample reuse it instead of
re-decoding (this is what makes six methods fit in the time budget). Each method is charged every
call it makes, cached or not: ``calls`` and ``tokens`` are the calls the graph made and their
completion tokens; ``model_s`` is the decoding time those calls took when first computed, so it is
the wall time the method would need alone, minus the graph's own overhead; ``wall_s`` is the
measured time of the request in this run, with the reused calls nearly free. Grading is :mod:`reason_checkers` (the benchmark's own code; it shares no
code with :mod:`guardgraph.agents.checkers`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import yaml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import report  # noqa: E402
from make_reason_tasks import SPLITS  # noqa: E402
from reason_checkers import check, extract_answer  # noqa: E402

from guardgraph.graphs.spec import spec_path  # noqa: E402
from guardgraph.tools.base import Generation, GenerationParams  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TUNE_RESULT = RESULTS / "reason_tune.json"
MAX_CALLS = 6
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


# --------------------------------------------------------------------------- shared, metered model


class Meter:
    """What one method spent on one request."""

    def __init__(self) -> None:
        self.calls = 0
        self.tokens = 0
        self.model_s = 0.0


class CachingModel:
    """Memoises generations by (messages, decoding params); charges every call to the active meter."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "model")
        self.cache: dict[str, tuple[Generation, float]] = {}
        self.decoded = 0
        self.local = threading.local()

    def _key(self, messages: Sequence[dict[str, str]], params: GenerationParams | None) -> str:
        p = params or GenerationParams()
        return json.dumps([list(map(dict, messages)), p.max_tokens, p.temperature, p.top_p, p.seed,
                           list(p.stop), list(p.forbidden)], sort_keys=True)

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        key = self._key(messages, params)
        if key not in self.cache:
            started = time.perf_counter()
            generation = self.inner.generate(messages, params)
            self.cache[key] = (generation, time.perf_counter() - started)
            self.decoded += 1
        generation, seconds = self.cache[key]
        meter: Meter | None = getattr(self.local, "meter", None)
        if meter is not None:
            meter.calls += 1
            meter.tokens += int(generation.completion_tokens or 0)
            meter.model_s += seconds
        return generation

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


# --------------------------------------------------------------------------- spec variants


def base_spec(max_tokens: int) -> dict[str, Any]:
    data = yaml.safe_load(spec_path("reason").read_text())
    params = {node["id"]: node.setdefault("params", {}) for node in data["nodes"]}
    params["greedy"]["max_tokens"] = max_tokens
    params["sample"]["max_tokens"] = max_tokens
    params["curate"]["max_entries"] = 0  # the handbook must not change under measurement
    return data


def variant(name: str, max_tokens: int, min_confidence: float | None) -> dict[str, Any]:
    """The spec dict for one method (see the module docstring's table)."""
    data = base_spec(max_tokens)
    data["name"] = f"reason_{name.replace('@', '_').replace(' ', '_')}"
    params = {node["id"]: node["params"] for node in data["nodes"]}
    if name == "greedy":
        data["entry"] = "retrieve"
        data["nodes"] = [n for n in data["nodes"] if n["id"] in {"retrieve", "greedy", "respond"}]
        data["edges"] = [{"from": "retrieve", "to": "greedy"}, {"from": "greedy", "to": "respond"},
                         {"from": "respond", "to": "END"}]
        data["conditional_edges"] = []
        return data
    no_checkers = name != "adaptive"
    if no_checkers:  # no check node, no checker in progress or verify: the model answers everything
        data["nodes"] = [n for n in data["nodes"] if n["id"] != "check"]
        data["edges"] = [e for e in data["edges"] if e["to"] != "check"] + [{"from": "retrieve", "to": "greedy"}]
        data["conditional_edges"] = [c for c in data["conditional_edges"] if c["from"] != "check"]
        params["progress"]["use_checkers"] = False
        params["verify"]["use_checkers"] = False
    fixed = {"use_bandit": False, "stop_agreement": 1.01, "max_rounds": 8}
    if name == "majority@3":
        params["meta"].update(fixed, min_answers=3, max_calls=3)
        params["verify"].update(method="majority", min_confidence=0.0)
    elif name in {"pointwise@3", "pairwise@3"}:
        params["meta"].update(fixed, min_answers=3, max_calls=3)
        params["verify"].update(method=name.split("@")[0], budget_calls=3, max_turn_calls=MAX_CALLS,
                                min_confidence=0.0)
    elif name in {"adaptive", "adaptive (no checkers)"}:
        if min_confidence is not None:
            params["verify"]["min_confidence"] = min_confidence
    else:
        raise ValueError(f"unknown method {name!r}")
    return data


METHODS = ("greedy", "majority@3", "pointwise@3", "pairwise@3", "adaptive (no checkers)", "adaptive")


# --------------------------------------------------------------------------- running


def load_tasks(split: str, limit: int) -> list[dict[str, Any]]:
    path = SPLITS[split][0]
    tasks = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return tasks[:limit] if limit > 0 else tasks


def make_handbook(folder: Path, embedder: Any, entries: Sequence[dict[str, Any]]) -> Any:
    from guardgraph.memory.handbook import Handbook

    handbook = Handbook(folder, embedder=embedder)
    if entries:
        handbook.add_many([{k: e[k] for k in ("name", "kind", "instruction", "when_to_use")} for e in entries])
    return handbook


def run_method(pipeline: Any, model: CachingModel, task: dict[str, Any], thread: str) -> dict[str, Any]:
    meter = Meter()
    model.local.meter = meter
    started = time.perf_counter()
    try:
        reply = pipeline.invoke(task["question"], thread=thread)
    finally:
        model.local.meter = None
    wall = time.perf_counter() - started
    state = reply.state
    greedy = next((c for c in state.get("candidates") or [] if c.get("source") == "greedy"), None)
    verify = next((s["detail"] for s in reply.trace if s.get("agent") == "verifier"), {})
    metas = [s["detail"] for s in reply.trace if s.get("agent") == "meta_reasoner"]
    return {
        "correct": check(task, reply.text),
        "answer": extract_answer(task, reply.text),
        "greedy_correct": check(task, greedy["text"]) if greedy else check(task, reply.text),
        "calls": meter.calls, "tokens": meter.tokens, "model_s": round(meter.model_s, 3),
        "wall_s": round(wall, 3),
        "selected_by": verify.get("selected_by"), "confidence": verify.get("confidence"),
        "meta_reasons": [m.get("reason") for m in metas],
        "bandit_choices": [{"strategy": m["strategy"], "prior": m.get("prior"), "learnt": m.get("learnt")}
                           for m in metas if m.get("reason") == "bandit"],
        "retrieved": [e["name"] for e in state.get("handbook_entries") or []],
        "state": state,
    }


class Bench:
    def __init__(self, model: CachingModel, embedder: Any, folder: Path, max_tokens: int) -> None:
        self.model, self.embedder, self.folder, self.max_tokens = model, embedder, folder, max_tokens
        self.pipelines: dict[tuple[str, str], Any] = {}

    def pipeline(self, method: str, condition: str, handbook: Any, min_confidence: float | None) -> Any:
        from guardgraph import Pipeline

        key = (method, condition)
        if key not in self.pipelines:
            spec = variant(method, self.max_tokens, min_confidence)
            folder = self.folder / f"{len(self.pipelines):02d}"
            self.pipelines[key] = Pipeline.from_spec(
                spec, model=self.model, checkpointer="memory", data_dir=folder,
                services={"embedder": self.embedder, "handbook": handbook},
            )
        return self.pipelines[key]


def summarise(records: list[dict[str, Any]], methods: Sequence[str], conditions: Sequence[str]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for condition in conditions:
        for method in methods:
            rows = [r for r in records if r["method"] == method and r["handbook"] == condition]
            if not rows:
                continue
            n = len(rows)
            by_kind: dict[str, list[bool]] = defaultdict(list)
            for r in rows:
                by_kind[r["kind"]].append(r["correct"])
            summary[f"{method}|handbook={condition}"] = {
                "method": method, "handbook": condition, "tasks": n,
                "correct": sum(r["correct"] for r in rows), "accuracy": sum(r["correct"] for r in rows) / n,
                "greedy_accuracy_same_tasks": sum(r["greedy_correct"] for r in rows) / n,
                "mean_calls": sum(r["calls"] for r in rows) / n, "max_calls": max(r["calls"] for r in rows),
                "mean_tokens": sum(r["tokens"] for r in rows) / n,
                "mean_model_s": sum(r["model_s"] for r in rows) / n,
                "mean_wall_s": sum(r["wall_s"] for r in rows) / n,
                "by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
                "selected_by": dict(sorted(_count(r["selected_by"] for r in rows).items())),
            }
    return summary


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[str(value)] += 1
    return counts


# --------------------------------------------------------------------------- tuning split


def tune(args: argparse.Namespace, model: CachingModel, embedder: Any, folder: Path) -> dict[str, Any]:
    from guardgraph.agents.verifier import calibrate_min_confidence, tuning_record

    tasks = load_tasks("tune", args.limit)
    bench = Bench(model, embedder, folder, args.max_tokens)
    empty = make_handbook(folder / "hb-empty", embedder, [])
    records: list[dict[str, Any]] = []
    calibration_rows: dict[str, list[tuple[float, bool, bool]]] = defaultdict(list)
    started = time.perf_counter()
    judged = tuple(m for m in METHODS if m in set(args.tune_methods.split(",")))
    for index, task in enumerate(tasks):
        for method in ("greedy", *judged):
            result = run_method(bench.pipeline(method, "off", empty, 0.0), model, task, f"{task['id']}-{method}")
            row = tuning_record(result.pop("state"), lambda text, task=task: check(task, text))
            if row is not None:
                calibration_rows[method].append(row)
            records.append({"id": task["id"], "kind": task["kind"], "method": method, "handbook": "off", **result})
        print(f"[tune {index + 1}/{len(tasks)}] {task['id']} ({time.perf_counter() - started:.0f}s)", flush=True)
    calibration = {m: calibrate_min_confidence(rows).__dict__ for m, rows in calibration_rows.items()}
    for m in judged:
        calibration.setdefault(m, calibrate_min_confidence([]).__dict__)
    # --- handbook: distil on tune, measure each entry on tune, retire what does not help
    candidates = [dict(e, origin="hand-written") for e in SEED_LESSONS]
    distilled = distil(args, model, embedder, folder, tasks) if args.distill else []
    candidates += distilled
    full = make_handbook(folder / "hb-candidates", embedder, candidates)
    with_handbook = []
    for task in tasks:
        result = run_method(bench.pipeline("greedy", "candidates", full, None), model, task, f"{task['id']}-hb")
        result.pop("state")
        with_handbook.append({"id": task["id"], "kind": task["kind"], **result})
    without = {r["id"]: r["correct"] for r in records if r["method"] == "greedy"}
    entries = []
    for entry in candidates:
        hits = [r for r in with_handbook if entry["name"] in r["retrieved"]]
        gain = sum(int(r["correct"]) - int(without[r["id"]]) for r in hits)
        entries.append({**entry, "retrieved_on": len(hits), "gain": gain,
                        "decision": "keep" if hits and gain > 0 else "retire"})
    for entry in entries:
        if entry["decision"] == "retire":
            full.remove(entry["name"])
    result = {
        "split": "tune", "tasks": len(tasks), "config": vars(args),
        "calibration": calibration,
        "handbook": {"entries": entries, "kept": [e["name"] for e in entries if e["decision"] == "keep"],
                     "greedy_accuracy_without": sum(without.values()) / len(tasks),
                     "greedy_accuracy_with_all_candidates": sum(r["correct"] for r in with_handbook) / len(tasks)},
        "summary": summarise(records, ("greedy", *judged), ("off",)),
        "elapsed_s": round(time.perf_counter() - started, 1),
        "decoded": model.decoded,
    }
    TUNE_RESULT.parent.mkdir(parents=True, exist_ok=True)
    TUNE_RESULT.write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps({"calibration": {m: c["min_confidence"] for m, c in calibration.items()},
                      "handbook_kept": result["handbook"]["kept"]}, indent=2))
    print(f"wrote {TUNE_RESULT}")
    return result


def distil(args: argparse.Namespace, model: CachingModel, embedder: Any, folder: Path,
           tasks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the real graph with its curator on the first ``--distill`` tuning tasks; return what it stored."""
    from guardgraph import Pipeline

    spec = base_spec(args.max_tokens)
    for node in spec["nodes"]:
        if node["id"] == "curate":
            node["params"].update(max_entries=2, learn_from_checker_answers=False)
    handbook = make_handbook(folder / "hb-distilled", embedder, [])
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=folder / "distil",
                                  services={"embedder": embedder, "handbook": handbook})
    for task in tasks[: args.distill]:
        pipeline.invoke(task["question"], thread=f"distil-{task['id']}")
    return [dict(name=e.name, kind=e.kind, instruction=e.instruction, when_to_use=e.when_to_use, origin="curator")
            for e in handbook.list()]


# --------------------------------------------------------------------------- held-out split


def heldout(args: argparse.Namespace, model: CachingModel, embedder: Any, folder: Path) -> dict[str, Any]:
    if not TUNE_RESULT.exists():
        raise SystemExit(f"{TUNE_RESULT} is missing: run --split tune first (the threshold comes from it)")
    tuned = json.loads(TUNE_RESULT.read_text())
    threshold = tuned["calibration"]["adaptive (no checkers)"]["min_confidence"]
    kept = [e for e in tuned["handbook"]["entries"] if e["decision"] == "keep"]
    tasks = load_tasks("heldout", args.limit)
    methods = [m for m in METHODS if m in set(args.methods.split(","))] if args.methods else list(METHODS)
    conditions = [c for c in args.conditions.split(",") if c]
    if "on" in conditions and not kept:
        print("no handbook entry survived the tuning split: handbook=on would equal handbook=off; skipped")
        conditions = [c for c in conditions if c != "on"]
    handbooks = {"off": make_handbook(folder / "hb-off", embedder, []),
                 "on": make_handbook(folder / "hb-on", embedder, kept)}
    bench = Bench(model, embedder, folder, args.max_tokens)
    records: list[dict[str, Any]] = []
    started = time.perf_counter()
    done = 0
    for index, task in enumerate(tasks):
        if args.max_seconds and time.perf_counter() - started > args.max_seconds and done:
            print(f"time budget of {args.max_seconds:.0f}s spent: stopping after {done} tasks", flush=True)
            break
        for condition in conditions:
            for method in methods:
                on_methods = set(args.on_methods.split(",")) if args.on_methods else set(methods)
                if condition == "on" and method not in on_methods:
                    continue
                minimum = threshold if method.startswith("adaptive") else None
                result = run_method(bench.pipeline(method, condition, handbooks[condition], minimum), model, task,
                                    f"{task['id']}-{method}-{condition}")
                result.pop("state")
                records.append({"id": task["id"], "kind": task["kind"], "method": method, "handbook": condition,
                                **result})
        done += 1
        marks = " ".join(f"{r['method']}={'Y' if r['correct'] else '.'}" for r in records if r["id"] == task["id"]
                         and r["handbook"] == "off")
        print(f"[{index + 1}/{len(tasks)}] {task['id']} {marks} ({time.perf_counter() - started:.0f}s)", flush=True)
    elapsed = time.perf_counter() - started
    summary = summarise(records, methods, conditions)
    greedy_calls = summary.get("greedy|handbook=off", {}).get("mean_calls", 1.0)
    shipped = summary.get("adaptive|handbook=off", {})
    done_means = {
        "adaptive_accuracy": shipped.get("accuracy"), "greedy_accuracy": summary.get("greedy|handbook=off", {}).get("accuracy"),
        "adaptive_mean_calls": shipped.get("mean_calls"), "greedy_mean_calls": greedy_calls,
        "accuracy_at_least_greedy": (shipped.get("accuracy", 0) >= summary.get("greedy|handbook=off", {}).get("accuracy", 1)),
        "calls_at_most_3x_greedy": (shipped.get("mean_calls", 99) <= 3 * greedy_calls),
    }
    rows = [[s["method"], s["handbook"], f"{s['correct']}/{s['tasks']}", s["accuracy"], round(s["mean_calls"], 2),
             round(s["mean_tokens"], 1), round(s["mean_model_s"], 1)] for s in summary.values()]
    report(
        "reason_e2e",
        f"reason graph e2e on {model.name}: held-out split, {done} tasks, {elapsed:.0f}s",
        ["method", "handbook", "correct", "accuracy", "calls", "tokens", "model s"],
        rows,
        {
            "command": "python benchmarks/reason_e2e.py " + " ".join(sys.argv[1:]),
            "model": model.name, "split": "heldout", "split_file": "benchmarks/data/reason_heldout.jsonl",
            "config": {**vars(args), "tasks_planned": len(tasks), "tasks_done": done, "max_calls": MAX_CALLS},
            "min_confidence_from_tune": threshold, "handbook_kept": [e["name"] for e in kept],
            "tune_calibration": {m: c["min_confidence"] for m, c in tuned["calibration"].items()},
            "elapsed_s": round(elapsed, 1), "decoded": model.decoded,
            "done_means": done_means,
            "summary": summary,
            "records": records,
        },
    )
    return summary


def readme_table(result: dict[str, Any]) -> str:
    """Markdown table of every method and condition in the JSON, plus the done-means line."""
    if result.get("split") != "heldout":
        return "(results/reason_e2e.json predates the held-out split: rerun benchmarks/reason_e2e.py --split heldout)"
    lines = ["| method | handbook | correct | accuracy | mean calls (max) | mean tokens | model s / task |",
             "|---|---|---|---|---|---|---|"]
    for s in result["summary"].values():
        lines.append(f"| {s['method']} | {s['handbook']} | {s['correct']}/{s['tasks']} | {s['accuracy']:.2f} | "
                     f"{s['mean_calls']:.2f} ({s['max_calls']}) | {s['mean_tokens']:.0f} | {s['mean_model_s']:.1f} |")
    d = result.get("done_means") or {}
    if d:
        lines.append("")
        lines.append(
            f"Shipped graph vs greedy on the held-out split: accuracy {d['adaptive_accuracy']:.2f} vs "
            f"{d['greedy_accuracy']:.2f}, mean calls {d['adaptive_mean_calls']:.2f} vs {d['greedy_mean_calls']:.2f} "
            f"(min_confidence {result.get('min_confidence_from_tune')} from the tuning split; "
            f"handbook entries kept: {', '.join(result.get('handbook_kept') or []) or 'none'}).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="reason graph e2e benchmark on the embedded model")
    parser.add_argument("--split", choices=("tune", "heldout"), default="heldout")
    parser.add_argument("--limit", type=int, default=0, help="first N tasks of the split (0 = all)")
    parser.add_argument("--max-tokens", type=int, default=48, help="greedy and sample max_tokens")
    parser.add_argument("--methods", default="", help="comma list (default: all)")
    parser.add_argument("--conditions", default="off,on", help="handbook conditions")
    parser.add_argument("--on-methods", default="", help="methods run with handbook=on (default: all)")
    parser.add_argument("--distill", type=int, default=0, help="tuning turns the curator distils from")
    parser.add_argument("--tune-methods", default="adaptive (no checkers)",
                        help="methods calibrated on the tuning split (the shipped graph's threshold comes from "
                             "'adaptive (no checkers)': its judge decides on every task)")
    parser.add_argument("--max-seconds", type=float, default=0, help="start no new task after this (0 = none)")
    parser.add_argument("--model", default="local")
    args = parser.parse_args(argv)

    from guardgraph.memory.embeddings import load_embedder
    from guardgraph.tools.resolve import resolve_model

    model = CachingModel(resolve_model(args.model))
    embedder = load_embedder("minilm")
    with tempfile.TemporaryDirectory() as folder:
        if args.split == "tune":
            tune(args, model, embedder, Path(folder))
        else:
            heldout(args, model, embedder, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
