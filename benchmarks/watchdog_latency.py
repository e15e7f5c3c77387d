"""Latency and accuracy of the WATCHDOG (rules + e5 embedding + classifier) per message.

Usage: ``flock /tmp/gg-heavy.lock python benchmarks/watchdog_latency.py [--quick] [--calls N]``

Times ``detect_intent`` on realistic chat messages -- the labelled tuning set
(tests/data/watchdog_labelled.jsonl) plus the retired first held-out split, now development data
(tests/data/watchdog_heldout.jsonl) -- repeated to about ``--calls`` calls (1000 by default, 300 with
``--quick``) after one warm-up pass. Every timed call includes the classifier's embedding when the
message reaches the encoder (the per-text cache is cleared before each call). The watchdog is a cascade:
a keyword gate (no forget / erase / mention word in any language: "none"), the rules and their vetoes (a rule
hit with a clean name or value, or a construction that is never a request, is decided without an
embedding), and the e5 classifier for the rest; the report says how often each stage decides on the
development files and how many gold requests the cheap stages lose (decided "none" without an embedding). Also reported: the
embedding alone, a repeated message (exact cache hit), per-class P/R/F1 and target exact match on the
labelled set, and hostile inputs (empty, control characters, 100 kB, mixed scripts, emoji; worst of 3,
target < 50 ms each). The machine's load (``uptime``) before and after is recorded: on a shared CPU
the numbers are upper bounds. Writes benchmarks/results/watchdog.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "watchdog_labelled.jsonl"
EXTRA = ROOT / "tests" / "data" / "watchdog_heldout.jsonl"  # retired held-out split: development data now
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


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _pcts(timings: list[float]) -> dict:
    ordered = sorted(timings)
    if not ordered:
        return {"n": 0}

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"n": len(ordered), "p50_ms": pct(0.5), "p95_ms": pct(0.95), "max_ms": round(ordered[-1], 3)}


def _reaches_encoder(detect_raw, text: str) -> tuple[object, bool]:
    """Run the watchdog once with an empty classifier cache; True when the cascade computed an embedding."""
    from guardgraph.agents.watchdog_classifier import intent_probabilities

    intent_probabilities.cache_clear()
    result = detect_raw(text)
    return result, intent_probabilities.cache_info().misses > 0


def _stage(result, embedded: bool) -> str:
    """Which stage of the cascade decided: the keyword gate, the rules (hit, veto), or the encoder."""
    if embedded:
        return "encoder"
    rule = result.rule or ""
    if result.intent != "none":
        return "rules_hit"
    return "rules_veto" if ":vetoed:" in rule or rule.startswith("none:") else "gate_none"


def encoder_report(texts: list[str]) -> dict:
    """Which messages reach the encoder (as the cascade really runs), the embedding alone, and a repeated
    (cached) message."""
    from guardgraph.agents import watchdog as wd
    from guardgraph.agents.watchdog_classifier import embed_texts, embed_threads

    reached, skipped, embed_only, cached = [], [], [], []
    for text in texts:
        start = time.perf_counter()
        _result, uses = _reaches_encoder(wd.detect_intent, text)
        elapsed = (time.perf_counter() - start) * 1000.0
        (reached if uses else skipped).append(elapsed)
        start = time.perf_counter()
        wd.detect_intent(text)  # same text again: exact cache hit, no embedding
        cached.append((time.perf_counter() - start) * 1000.0)
        if uses:
            norm = wd._focus(wd._normalise(wd._CONTROL.sub(" ", text[: wd.MAX_MESSAGE_CHARS])))
            start = time.perf_counter()
            embed_texts([norm])
            embed_only.append((time.perf_counter() - start) * 1000.0)
    return {"messages": len(texts), "reach_encoder": len(reached), "skip_encoder": len(skipped),
            "with_encoder": _pcts(reached), "without_encoder": _pcts(skipped), "embedding_alone": _pcts(embed_only),
            "repeated_message_cached": _pcts(cached), "embed_threads": embed_threads()}


def cascade_report(paths: list[Path]) -> dict:
    """Per development file: how often each stage decides (keyword gate, rule hit, rule veto, encoder), and
    the requests the cheap stages lose: gold forget/revoke lines decided "none" without an embedding."""
    from guardgraph.agents.watchdog import detect_intent

    out = {}
    for path in paths:
        if not path.is_file():
            continue
        stages, lost = Counter(), []
        for row in load_rows(path):
            result, embedded = _reaches_encoder(detect_intent, row["text"])
            stage = _stage(result, embedded)
            stages[stage] += 1
            if row["intent"] != "none" and result.intent == "none" and not embedded:
                lost.append(row["text"][:100])
        out[path.name] = {"messages": sum(stages.values()), "stages": dict(stages),
                          "requests_lost_without_encoder": len(lost), "lost_examples": lost[:5]}
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
    enc = report.get("encoder")
    if enc:
        summary.add_row("messages reaching the encoder", f"{enc['reach_encoder']} / {enc['messages']}")
        for key in ("with_encoder", "without_encoder", "embedding_alone", "repeated_message_cached"):
            part = enc[key]
            if part.get("n"):
                summary.add_row(f"{key.replace('_', ' ')}: p50 / p95 (ms)", f"{part['p50_ms']:.2f} / {part['p95_ms']:.2f}")
    for name, part in report.get("cascade", {}).items():
        summary.add_row(f"cascade on {name}", "  ".join(f"{k} {v}" for k, v in sorted(part["stages"].items()))
                        + f"  (requests lost without encoder: {part['requests_lost_without_encoder']})")
    summary.add_row("bad input worst of 3 (ms)", "  ".join(f"{k} {v:.1f}" for k, v in report["bad_input_ms"].items()))
    summary.add_row("load (uptime) before / after", f"{report.get('uptime_before')} / {report.get('uptime_after')}")
    console.print(summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 300 calls instead of 1000")
    parser.add_argument("--calls", type=int, default=None, help="number of timed calls (default 1000)")
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSONL file")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    calls = args.calls or (300 if args.quick else 1000)
    if calls < 1:
        parser.error("--calls must be positive")

    from guardgraph.agents.watchdog import detect_intent as _detect
    from guardgraph.agents.watchdog import warm_up
    from guardgraph.agents.watchdog_classifier import intent_probabilities

    warm_up()  # encoder, weights and every language's word list: start-up cost, not per-message latency

    def detect_intent(text: str):
        # the classifier memoises per text: clear it so every timed call pays for its embedding
        intent_probabilities.cache_clear()
        return _detect(text)

    if not args.data.is_file():
        parser.error(f"--data: no such labelled file: {args.data}")
    rows = load_rows(args.data)
    texts = [row["text"] for row in rows]
    if EXTRA.is_file() and args.data.resolve() == DATA.resolve():
        texts += [row["text"] for row in load_rows(EXTRA)]
    load_before = _uptime()
    latency = latency_report(texts, calls, detect_intent)
    encoder = encoder_report(texts)
    bad = bad_input_report(detect_intent)
    cascade = cascade_report([DATA, EXTRA, ROOT / "tests" / "data" / "watchdog_heldout_v2.jsonl"])
    load_after = _uptime()
    report = {
        "benchmark": "watchdog",
        "data": str(args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data),
        "rows": len(rows),
        "timed_messages": len(texts),
        "latency": latency,
        "encoder": encoder,
        "accuracy": accuracy_report(rows, detect_intent),
        "cascade": cascade,
        "bad_input_ms": bad,
        "bad_input_under_50ms": all(v < 50.0 for v in bad.values()),
        "uptime_before": load_before,
        "uptime_after": load_after,
        "cpu_count": os.cpu_count(),
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
