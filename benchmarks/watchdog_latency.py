"""Latency and accuracy of the WATCHDOG fast path on the labelled set.

Usage: ``python benchmarks/watchdog_latency.py [--quick] [--calls N]``

Runs ``detect_intent`` over tests/data/watchdog_labelled.jsonl repeated to about ``--calls``
calls (2000 by default, 400 with ``--quick``), after one warm-up pass, and reports p50/p95/p99
latency plus per-class precision/recall/F1, target exact-match rate and per-language accuracy.
Prints a table and writes benchmarks/results/watchdog.json. Every timed call includes the classifier's
embedding (its per-text cache is cleared before each call); hostile inputs (empty, control characters,
100 kB, mixed scripts, emoji) are timed separately (``bad_input_ms``, worst of 3).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "watchdog_labelled.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "watchdog.json"
CLASSES = ("forget", "revoke", "none")


def load_rows(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise SystemExit(f"no labelled rows in {path}")
    return rows


def accuracy_report(rows: list[dict], detect) -> dict:
    """Per-class P/R/F1, target exact match (case-insensitive, order-free) and per-language accuracy."""
    from guardgraph.agents.watchdog import per_class_scores

    lang_total, lang_ok = Counter(), Counter()
    target_total = target_ok = 0
    predicted = []
    for row in rows:
        result = detect(row["text"])
        predicted.append(result.intent)
        lang_total[row["lang"]] += 1
        if result.intent == row["intent"]:
            lang_ok[row["lang"]] += 1
            if row["intent"] != "none":
                target_total += 1
                target_ok += sorted(t.casefold() for t in result.targets) == sorted(
                    t.casefold() for t in row["targets"])
    scores = per_class_scores([row["intent"] for row in rows], predicted)
    classes = {intent: {k: round(v, 4) if k != "support" else v for k, v in s.items()} for intent, s in scores.items()}
    return {
        "classes": classes,
        "macro_f1": round(statistics.mean(c["f1"] for c in classes.values()), 4),
        "target_exact_match": round(target_ok / max(1, target_total), 4),
        "target_cases": target_total,
        "language_accuracy": {lang: round(lang_ok[lang] / lang_total[lang], 4) for lang in sorted(lang_total)},
    }


BAD_INPUTS = {
    "empty": "", "control": "\x00\x01forget\x07 \x1b[31mDana", "emoji_500": "😀" * 500, "x_100kB": "x" * 100_000,
    "forget_100kB": "forget " + "Dana " * 20_000, "mixed_scripts": "Забудь 张伟 and وداعا 🙂 " * 50,
    "bidi": "\u202eforget Dana Reyes\u202c",
}


def bad_input_report(detect) -> dict:
    """Worst of 3 calls per hostile input (target: < 50 ms each)."""
    out = {}
    for name, text in BAD_INPUTS.items():
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            detect(text)
            runs.append((time.perf_counter() - start) * 1000.0)
        out[name] = round(max(runs), 3)
    return out


def latency_report(texts: list[str], calls: int, detect) -> dict:
    for text in texts:  # warm-up: regex caches, lazy imports
        detect(text)
    repeats = max(1, round(calls / len(texts)))
    timings = []
    for _ in range(repeats):
        for text in texts:
            start = time.perf_counter()
            detect(text)
            timings.append((time.perf_counter() - start) * 1000.0)
    timings.sort()

    def pct(q: float) -> float:
        return round(timings[min(len(timings) - 1, int(q * len(timings)))], 4)

    # Best of 5 per message: the detector's own cost, without scheduler noise on a busy machine.
    best = []
    for text in texts:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            detect(text)
            runs.append((time.perf_counter() - start) * 1000.0)
        best.append(min(runs))
    best.sort()
    return {"calls": len(timings), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(timings), 4), "max_ms": round(timings[-1], 4),
            "per_message_best_of_5": {"p50_ms": round(best[len(best) // 2], 4),
                                      "p95_ms": round(best[min(len(best) - 1, int(0.95 * len(best)))], 4),
                                      "max_ms": round(best[-1], 4)}}


def print_tables(report: dict) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain fallback
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    console = Console()
    lat = report["latency"]
    table = Table(title=f"watchdog fast path: {lat['calls']} calls on {report['rows']} labelled messages")
    for column in ("class", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="right" if column != "class" else "left")
    for intent, c in report["accuracy"]["classes"].items():
        table.add_row(intent, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", str(c["support"]))
    console.print(table)
    summary = Table(show_header=False)
    summary.add_row("latency p50 / p95 / p99 (ms)", f"{lat['p50_ms']:.3f} / {lat['p95_ms']:.3f} / {lat['p99_ms']:.3f}")
    quiet = lat["per_message_best_of_5"]
    summary.add_row("per-message best of 5: p50 / p95 / max (ms)",
                    f"{quiet['p50_ms']:.3f} / {quiet['p95_ms']:.3f} / {quiet['max_ms']:.3f}")
    summary.add_row("target exact match", f"{report['accuracy']['target_exact_match']:.3f} "
                    f"({report['accuracy']['target_cases']} cases)")
    summary.add_row("accuracy by language", "  ".join(f"{k} {v:.2f}" for k, v in
                                                       report["accuracy"]["language_accuracy"].items()))
    console.print(summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 400 calls instead of 2000")
    parser.add_argument("--calls", type=int, default=None, help="number of timed calls (default 2000)")
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSONL file")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    calls = args.calls or (400 if args.quick else 2000)
    if calls < 1:
        parser.error("--calls must be positive")

    from guardgraph.agents.watchdog import detect_intent as _detect
    from guardgraph.agents.watchdog_classifier import intent_probabilities

    def detect_intent(text: str):
        # the classifier memoises per text: clear it so every timed call pays for its embedding
        intent_probabilities.cache_clear()
        return _detect(text)

    rows = load_rows(args.data)
    report = {
        "benchmark": "watchdog",
        "data": str(args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data),
        "rows": len(rows),
        "latency": latency_report([row["text"] for row in rows], calls, detect_intent),
        "accuracy": accuracy_report(rows, detect_intent),
        "bad_input_ms": bad_input_report(detect_intent),
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine()},
        "quick": args.quick,
    }
    print_tables(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
