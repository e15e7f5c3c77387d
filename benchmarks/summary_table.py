"""The README's one-row-per-benchmark summary, generated from ``benchmarks/results/*.json``.

``readme_table(results)`` takes ``{json stem: parsed json}`` for every results file (that is what
``benchmarks/readme_tables.py`` passes for a ``"*"`` entry) and writes one row per benchmark whose
file exists. Every number in the table comes from those files, so the README cannot drift from
them; the wording around the numbers lives here.

    python benchmarks/summary_table.py     # print the table
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
Row = tuple[str, str]


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def overhead(r: dict[str, Any]) -> Row:
    res = r["results"]
    text = f"{r['nodes']}-node graph, no model: +{res['none']['overhead_ms_per_node']:.3f} ms/node over bare LangGraph"
    if "memory" in res:
        text += f" without checkpointer, +{res['memory']['overhead_ms_per_node']:.2f} ms/node with the in-memory checkpointer"
    return "framework overhead (`benchmarks/overhead.py`)", text


def local_device(r: dict[str, Any]) -> Row:
    plain, guarded = r["ms_per_token"]["plain"], r["ms_per_token"]["guarded"]
    checks = r.get("checks", {})
    return (
        f"embedded model (`benchmarks/local_device_check.py --device {r['device']}`)",
        f"load {r['load_s']:.1f} s; {plain:.0f} ms per generated token greedy ({1000 / plain:.0f} tok/s, prompt included), "
        f"{guarded:.0f} ms with the token filter ({(guarded / plain - 1) * 100:+.0f} %); checks passed: "
        f"{sum(bool(v) for v in checks.values())}/{len(checks)}",
    )


def watchdog(r: dict[str, Any]) -> Row:
    lat = r["latency"]
    acc = r.get("accuracy", {})
    text = f"p50 {lat['p50_ms']:.2f} ms, p95 {lat['p95_ms']:.2f} ms per message ({lat['calls']} calls)"
    if "macro_f1" in acc:
        text += f"; macro F1 {acc['macro_f1']:.2f} on the {r['rows']} labelled messages of `{r['data']}`"
    return "watchdog latency (`benchmarks/watchdog_latency.py`)", text


def registry(r: dict[str, Any]) -> Row:
    by: dict[str, list[str]] = {}
    for row in r["results"]:
        by.setdefault(row["embedder"], []).append(f"{_ms(row['p50_ms'])}")
    sizes = " / ".join(str(row["targets"]) for row in r["results"] if row["embedder"] == r["results"][0]["embedder"])
    parts = [f"{name} {' / '.join(values)} ms" for name, values in by.items()]
    hits = [value for row in r["results"] for value in (row.get("hit_rate") or {}).values()]
    text = f"relevant targets per request, p50 at {sizes} targets: " + "; ".join(parts)
    if hits:
        text += f"; right answer (target, or none) in {min(hits) * 100:.0f} % of queries (worst size and query kind)"
    return "registry lookup (`benchmarks/registry_scaling.py`)", text


def token_filter(r: dict[str, Any]) -> Row:
    micro = " / ".join(f"{row['p50_ms']:.2f}" for row in r["micro"])
    targets = " / ".join(str(row["targets"]) for row in r["micro"])
    gen = r.get("generate") or {}
    text = f"logits processor p50 {micro} ms per decode step with {targets} targets"
    if gen:
        text += (f"; whole greedy generate {gen['plain_ms_per_token']:.1f} → {gen['guarded_ms_per_token']:.1f} ms/token "
                 f"({gen['overhead_pct']:+.1f} %, {gen['new_tokens']} tokens)")
    if r.get("stream"):
        text += f"; hold-back stream guard {r['stream'][0]['us_per_chunk']:.0f} µs per chunk"
    return f"token filter (`benchmarks/token_filter_overhead.py{' --quick' if r.get('quick') else ''}`)", text


def verifier(r: dict[str, Any]) -> Row:
    def calls(method: str, n: int, p: float) -> str:
        for row in r["rows"]:
            if row["method"] == method and row["n"] == n and row["p"] == p and not row.get("position_bias"):
                return str(row["calls_for_90pct"]) if row["calls_for_90pct"] is not None else f">{row['cap']}"
        return "?"

    cases = [(8, 0.9), (16, 0.9), (32, 0.8)]
    pairs = "; ".join(f"N={n} p={p}: {calls('pairwise', n, p)} vs {calls('vinfer', n, p)}" for n, p in cases)
    pointwise = "; ".join(f"N={n} p={p}: {calls('pointwise_top', n, p)}" for n, p in cases)
    return (
        "verifier (`benchmarks/verifier_tournament.py`, simulated judge)",
        f"judge calls to pick the true best with {r['target_accuracy'] * 100:.0f} % probability, ours (both orders, "
        f"uncertainty-guided) vs V1-Infer-style Swiss: {pairs}. A pointwise judge whose score noise matches p: {pointwise}",
    )


def bandit(r: dict[str, Any]) -> Row:
    last = str(r["config"]["checkpoints"][-1])
    envs = list(r["environments"])
    names = {"linucb+prior": "LinUCB + prior", "linucb": "LinUCB", "prior_only": "fixed prior (no learning)",
             "ucb1": "UCB1", "random": "uniform random", "always_continue": "always-continue"}
    parts = []
    for policy in r["environments"][envs[0]]:
        values = " / ".join(f"{r['environments'][env][policy]['regret_mean'][last]:.0f}" for env in envs)
        parts.append(f"{names.get(policy, policy)} {values}")
    return (
        "meta-reasoner (`benchmarks/bandit_regret.py`)",
        f"cumulative regret after {last} rounds ({' / '.join(envs)}): " + ", ".join(parts),
    )


def handbook(r: dict[str, Any]) -> Row:
    parts = []
    for row in r["results"]:
        p50, p95 = row["search_index_ms"][0], row["search_index_ms"][1]
        recall = f", recall@5 {row['recall_at_5']:.2f}" if row.get("recall_at_5") is not None and row["index_kind"] == "hnsw" else ""
        parts.append(f"{_ms(p50)} / {_ms(p95)} ms at {row['entries'] // 1000}k ({row['index_kind']}{recall})")
    embed = r["results"][0]["search_e2e_ms"][0]
    return (
        "handbook (`benchmarks/handbook_latency.py`)",
        f"search in the FAISS index p50 / p95: {', '.join(parts)}; with the {r['embedder']} query embedding ≈ {embed:.0f} ms p50",
    )


def reason_e2e(r: dict[str, Any]) -> Row:
    summary = r["summary"]
    parts = []
    for key, v in summary.items():
        method, handbook = key.split("|")
        label = method if handbook == "handbook=off" else f"{method} (handbook on)"
        note = " (the shipped graph: its gain comes from the exact checkers)" if method == "adaptive" else ""
        parts.append(f"{label} {v['accuracy']:.2f} at {v['mean_calls']:.2f} calls{note}")
    tasks = next(iter(summary.values()))["tasks"]
    return (
        f"reasoning end-to-end (`{r.get('command') or 'benchmarks/reason_e2e.py'}`)",
        f"{r['model']} model, the real graph on {tasks} tasks of the {r.get('split', '?')} split, accuracy and mean "
        "model calls per request: " + ", ".join(parts),
    )


ROWS: dict[str, Callable[[dict[str, Any]], Row]] = {
    "overhead": overhead,
    "local_device_cpu": local_device,
    "watchdog": watchdog,
    "registry_scaling": registry,
    "token_filter": token_filter,
    "verifier": verifier,
    "bandit": bandit,
    "handbook": handbook,
    "reason_e2e": reason_e2e,
}


def readme_table(results: dict[str, dict[str, Any]]) -> str:
    """One markdown row per benchmark whose results file is present (see module doc)."""
    lines = ["| benchmark (command) | result (from `benchmarks/results/<name>.json`) |", "|---|---|"]
    for stem, row in ROWS.items():
        if stem in results:
            name, text = row(results[stem])
            lines.append(f"| {name} | {text} |")
    return "\n".join(lines)


def load_results(folder: Path = RESULTS) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


if __name__ == "__main__":
    sys.stdout.write(readme_table(load_results()) + "\n")
