"""What the shared mention matcher (tools/mention) costs, and what it flags on ordinary text.

Measures, on this machine:

* building a :class:`MentionFinder` for 1 / 100 / 10,000 targets;
* ``find`` on a 500-character answer (p50/p95) with 10 and 10,000 targets, and on a 1 MB draft;
* the hold-back stream guard per 4-character chunk;
* bad input: a one-letter target and a common-word target (the registry's error), an empty draft;
* false positives on ordinary text: the TOFU *retain* questions and answers (800 texts that never
  name a forgotten author) with 16 forgotten names, both when the turn is not about them and when it
  is (the strictest setting); every hit is listed, so a reader can judge each one.

This is a cost/false-positive benchmark, not a leak benchmark: leaks are judged by the independent
judge in ``benchmarks/forget_redteam.py``.

    python benchmarks/matcher_cost.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
RETAIN = ROOT.parent / "shared" / "data" / "tofu" / "retain.json"
FORGET = ROOT.parent / "shared" / "data" / "tofu" / "forget.json"

EXTRA = ["Tae-ho Park", "Carmen Montenegro", "Rajeev Majumdar", "Ji-Yeon Park", "Dana Reyes", "Jad Ambrose Al-Shamary"]
ANSWER = ("The author was born in a coastal city and studied engineering before turning to fiction. Her first "
          "novel, published in 2004, follows a family of bakers through three generations; later books moved "
          "to historical settings, and she has taught literature at two universities. Critics praise the "
          "precise descriptions of markets, harbours and kitchens, and her essays on translation are widely "
          "cited. She lives with her husband, a cartographer, and their two children near the old port.")


_SYLLABLES = ["ka", "zor", "vel", "mi", "tru", "qua", "len", "dor", "ish", "bra", "nu", "fex", "o", "yl", "sar", "gwi"]


def _pseudo_name(i: int) -> str:
    """A distinct, letters-only made-up two-word name for target ``i``."""
    def word(n: int, length: int) -> str:
        out = []
        for _ in range(length):
            out.append(_SYLLABLES[n % 16])
            n //= 16
        return "".join(out).capitalize()
    return f"{word(i, 4)} {word(i * 7 + 3, 4)}"


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(1000 * statistics.median(ordered), 3),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 3)}


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run(quick: bool) -> dict[str, Any]:
    from guardgraph.memory.forget_registry import check_target
    from guardgraph.tools.holdback import HoldBackGuard
    from guardgraph.tools.mention.finder import MentionFinder

    result: dict[str, Any] = {"quick": quick}
    authors = list(dict.fromkeys(r["author"] for r in json.loads(FORGET.read_text()))) if FORGET.exists() else []
    forgotten = authors + EXTRA
    many_n = 2_000 if quick else 10_000
    many = [_pseudo_name(i) for i in range(many_n)] + forgotten

    build: dict[str, float] = {}
    for n, targets in (("1", forgotten[:1]), ("100", many[:100]), (str(len(many)), many)):
        start = time.perf_counter()
        MentionFinder(targets)
        build[n] = round(time.perf_counter() - start, 3)
    result["build_s"] = build

    small = MentionFinder(forgotten[:10])
    big = MentionFinder(many)
    small.find(ANSWER), big.find(ANSWER)  # warm caches
    repeat = 20 if quick else 100
    result["find_500_chars"] = {"10_targets": _percentiles(_timed(lambda: small.find(ANSWER), repeat)),
                                f"{len(many)}_targets": _percentiles(_timed(lambda: big.find(ANSWER), repeat))}
    megabyte = (ANSWER + " ") * (1_000_000 // (len(ANSWER) + 1)) + " T4e-h0 P4rk."
    start = time.perf_counter()
    found = small.find(megabyte) if quick else big.find(megabyte)
    result["find_1mb_s"] = round(time.perf_counter() - start, 2)
    result["find_1mb_hits"] = sorted({m.target for m in found})

    # the pipeline's path: the registry (one Aho-Corasick pass over every reading of the text) finds
    # the few targets a draft names, and only those go into a MentionFinder
    import tempfile

    from guardgraph.memory.embeddings import load_embedder
    from guardgraph.memory.forget_registry import ForgetRegistry, Scope

    with tempfile.TemporaryDirectory() as folder:
        registry = ForgetRegistry(Path(folder) / "r.sqlite3", embedder=load_embedder("hashing"))
        registry.add_many([(t, [], []) for t in many], scope=Scope.global_())
        start = time.perf_counter()
        registry.refresh()
        refresh = time.perf_counter() - start
        start = time.perf_counter()
        hits = registry.relevant("", user="u", tenant=None, text=megabyte, semantic=False, k=64)
        lookup = time.perf_counter() - start
        relevant = [h.entry.target for h in hits]
        start = time.perf_counter()
        named = MentionFinder(relevant).find(megabyte)
        pipeline_find = time.perf_counter() - start
        registry.close()
    result["pipeline_1mb"] = {"targets": len(many), "index_s": round(refresh, 2), "lookup_s": round(lookup, 2),
                              "relevant": relevant, "find_s": round(pipeline_find, 2),
                              "found": sorted({m.target for m in named})}

    guard = HoldBackGuard(forgotten[:10])
    chunks = [ANSWER[i:i + 4] for i in range(0, len(ANSWER), 4)]
    start = time.perf_counter()
    for chunk in chunks:
        guard.feed(chunk)
    guard.finish()
    result["holdback_us_per_chunk"] = round(1e6 * (time.perf_counter() - start) / len(chunks), 1)

    bad: dict[str, str] = {}
    for label, target in (("one_letter", "x"), ("common_word", "the weather")):
        try:
            check_target(target)
            bad[label] = "accepted"
        except Exception as exc:  # noqa: BLE001 - the message is the result
            bad[label] = f"{type(exc).__name__}: {exc}"
    bad["empty_draft"] = f"{len(small.find(''))} mentions"
    result["bad_input"] = bad

    texts: list[str] = []
    if RETAIN.exists():
        rows = json.loads(RETAIN.read_text())
        texts = [r["question"] for r in rows] + [r["answer"] for r in rows]
        texts = [t for t in texts if not any(a.split()[0] in t and a.split()[-1] in t for a in forgotten)]
    fp: dict[str, Any] = {"texts": len(texts), "targets": len(forgotten)}
    for label, finder in (("not_about", MentionFinder(forgotten, about=[])), ("about", MentionFinder(forgotten))):
        hits: Counter[str] = Counter()
        flagged = 0
        for text in texts:
            mentions = finder.find(text)
            flagged += bool(mentions)
            for m in mentions:
                hits[f"{m.kind}/{m.view}: {m.evidence!r} ~ {m.target}"] += 1
        fp[label] = {"texts_flagged": flagged, "rate": round(flagged / max(1, len(texts)), 4),
                     "hits": dict(hits.most_common(20))}
    result["false_positives_retain"] = fp
    return result


def readme_table(result: dict[str, Any]) -> str:
    find = result["find_500_chars"]
    big_key = next(k for k in find if k != "10_targets")
    fp = result["false_positives_retain"]
    rows = [
        ("build the matcher (1 / 100 / " + big_key.split("_")[0] + " targets)",
         " / ".join(f"{v} s" for v in result["build_s"].values())),
        ("find in a 500-char answer, p50 / p95 (10 targets)",
         f"{find['10_targets']['p50_ms']} / {find['10_targets']['p95_ms']} ms"),
        (f"find in a 500-char answer, p50 / p95 ({big_key.replace('_', ' ')})",
         f"{find[big_key]['p50_ms']} / {find[big_key]['p95_ms']} ms"),
        ("find in a 1 MB draft, matcher over all targets", f"{result['find_1mb_s']} s (found: "
         f"{', '.join(result['find_1mb_hits']) or 'none'})"),
        *([(f"1 MB draft, pipeline path ({result['pipeline_1mb']['targets']} registered targets): registry "
             "lookup + matcher on what it found", f"{result['pipeline_1mb']['lookup_s']} s + "
             f"{result['pipeline_1mb']['find_s']} s (found: {', '.join(result['pipeline_1mb']['found']) or 'none'})")]
          if "pipeline_1mb" in result else []),
        ("hold-back stream guard", f"{result['holdback_us_per_chunk']} µs per 4-character chunk"),
        ("one-letter / common-word target", "refused (`UserInputError`)" if all(
            result["bad_input"][k] != "accepted" for k in ("one_letter", "common_word")) else "accepted"),
        (f"retain texts flagged, turn not about the {fp['targets']} targets",
         f"{fp['not_about']['texts_flagged']} / {fp['texts']} ({fp['not_about']['rate']:.2%})"),
        ("retain texts flagged, turn about all of them (strictest)",
         f"{fp['about']['texts_flagged']} / {fp['texts']} ({fp['about']['rate']:.2%})"),
    ]
    lines = ["| matcher cost (`benchmarks/matcher_cost.py`) | result |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 instead of 10,000 targets, fewer repeats")
    parser.add_argument("--out", type=Path, default=RESULTS / "matcher_cost.json")
    args = parser.parse_args(argv)
    result = run(args.quick)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(readme_table(result))
    for label in ("not_about", "about"):
        print(f"\n{label} hits:")
        for hit, count in result["false_positives_retain"][label]["hits"].items():
            print(f"  {count:4d}  {hit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
