"""How ForgetRegistry.relevant() latency scales with the number of registered targets.

The registry sits on the hot path of every guarded request, so its per-query cost must stay about
flat from 10 to 10,000 targets. This script registers synthetic targets (names composed from
hand-written lists, each with two facts), builds the indexes once, then times ``relevant()`` on a
mix of query kinds and checks that lookups still find what they should:

* ``exact``: the query mentions a registered full name;
* ``part``: the query mentions only a registered surname;
* ``fact``: the query paraphrases a registered fact and names no one (semantic);
* ``none``: an unrelated question.

Usage: ``python benchmarks/registry_scaling.py [--quick] [--sizes 10,1000,10000]
[--embedders hashing,minilm] [--queries 200]``. Writes ``benchmarks/results/registry_scaling.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from guardgraph.memory.embeddings import load_embedder  # noqa: E402
from guardgraph.memory.forget_registry import DEFAULT_HNSW_THRESHOLD, ForgetRegistry, Scope  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "registry_scaling.json"

FIRST = """Amara Bastien Corvin Dalia Emrys Faustine Gideon Halima Ignatius Jovana Kasimir Leontyne
Marisol Nikolai Oriana Percival Quillon Rosalind Sebastiano Thandiwe Ulrich Valentina Wilhelmina
Xiomara Yevgeny Zenobia Anselm Brielle Casimir Delphine Evander Florentyna Gwendolyn Horatio Isolde
Jerome Katarina Lysander Mirela Nathaniel Octavia Ptolemy Radomir Severin Tamsin Umberto Vesna
Wolfgang Ysolde Zephyrine""".split()
MIDDLE = """Abernathy Bellweather Castellan Dunmore Everhart Fairbanks Glenrowan Holloway Ivorsen
Jansky Kettleby Lockhart Merriweather Northcott Orlov Pemberton Quarrington Ravensworth Stroud
Thistlewood Underhill Vantongeren Wexford Yardley Zoltan Ashcombe Blackwood Carrow Davenport
Eldridge Fenwick Gallowglass Hartigan Inglewood Jessop Kincaid Larkspur Montague Nettlefold""".split()
LAST = """Achterberg Balogun Chakraborty Drummond Escobedo Fitzwilliam Grimaldi Hadjikyriacou
Ishikawa Jankowski Kowalczyk Lindqvist Mbeki Nakashima Okonkwo Papadakis Quintanilla Rasmussen
Szczepanski Takahashi Uchenna Vasquez Wojcik Xanthopoulos Yamamoto Zielinski Abernethy Bergstrom
Castellanos Dimitriou Eriksson Fonseca Gunawardena Hoffmeister Iglesias Jovanovic Kuznetsov
Lombardi Moreau Nieminen""".split()
CITIES = """Reykjavik Valparaiso Timbuktu Samarkand Ushuaia Tromso Zanzibar Kathmandu Montevideo
Tbilisi Windhoek Vladivostok Cartagena Trondheim Marrakesh Hobart Antananarivo Bratislava Asuncion
Ulaanbaatar Nouakchott Ljubljana Thimphu Paramaribo""".split()
ADJECTIVES = """Silent Crimson Forgotten Hollow Restless Gilded Drowned Burning Patient Distant Velvet
Broken Wandering Frozen Luminous Bitter Secret Quiet Scarlet Endless""".split()
NOUNS = """Lighthouse Orchard Cartographer Harbour Labyrinth Archive Meridian Garden Monastery
Violin Compass Tide Citadel Lantern Glacier Caravan Observatory Ferryman Tapestry Equinox""".split()
JOBS = """astronomer violinist cartographer glassblower botanist lexicographer mountaineer
cryptographer luthier beekeeper archivist typographer""".split()
UNRELATED = [
    "What is the capital of France?", "How do I bake sourdough bread?", "Explain quantum entanglement simply.",
    "What is 17 times 23?", "Recommend a good hiking boot.", "How does photosynthesis work?",
    "Translate 'good morning' into Spanish.", "What causes the seasons on Earth?",
    "Write a haiku about autumn rain.", "How do vaccines train the immune system?",
]


def synthetic_targets(n: int, seed: int = 7) -> list[tuple[str, list[str], list[str]]]:
    """``n`` unique (name, aliases, facts) triples; names are First Middle Last combinations."""
    rng = random.Random(seed)
    combos = [(f, m, la) for f in FIRST for m in MIDDLE for la in LAST]
    if n > len(combos):
        raise ValueError(f"at most {len(combos)} synthetic targets")
    picked = rng.sample(combos, n)
    out = []
    for i, (first, middle, last) in enumerate(picked):
        title = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} of {rng.choice(CITIES)}"
        facts = [f"born in {rng.choice(CITIES)} in {1900 + i % 120}", f"wrote the novel '{title}'",
                 f"worked as a {rng.choice(JOBS)}"]
        out.append((f"{first} {middle} {last}", [f"{first[0]}. {last}"], facts))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_size(embedder_name: str, size: int, n_queries: int, workdir: Path,
             hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> dict[str, object]:
    embedder = load_embedder(embedder_name)
    targets = synthetic_targets(size)
    registry = ForgetRegistry(workdir / f"{embedder_name}-{size}.sqlite3", embedder=embedder,
                              hnsw_threshold=hnsw_threshold)
    t0 = time.perf_counter()
    for start in range(0, size, 1000):  # bulk adds: one durable transaction per 1000 targets
        registry.add_many(targets[start : start + 1000], scope=Scope("global"), requested_by="bench")
    # A few other scopes so visibility filtering has work to do.
    for n in range(20):
        registry.add(f"Tenant{n} Private Person", scope=Scope("tenant", f"t{n}"), facts=["born in Reykjavik"])
    register_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    registry.refresh()
    build_s = time.perf_counter() - t0

    rng = random.Random(11)
    kinds = ["exact", "part", "fact", "none"]
    latencies: dict[str, list[float]] = {k: [] for k in kinds}
    lexical_only: list[float] = []
    found = {k: 0 for k in kinds}
    for q in range(n_queries):
        kind = kinds[q % len(kinds)]
        name, _aliases, facts = rng.choice(targets)
        if kind == "exact":
            query = f"What is {name} best known for?"
        elif kind == "part":
            query = f"Did {name.split()[-1]} ever win a prize?"
        elif kind == "fact":
            query = f"Who wrote {facts[1].split(chr(39))[1]}?"
        else:
            query = UNRELATED[q % len(UNRELATED)]
        t0 = time.perf_counter()
        hits = registry.relevant(query, user="bench-user", tenant="t0")
        latencies[kind].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        registry.relevant(query, user="bench-user", tenant="t0", semantic=False)
        lexical_only.append(time.perf_counter() - t0)
        names = {h.entry.target for h in hits}
        if kind == "none":
            found[kind] += not hits
        elif kind == "part":  # a surname is shared by many targets: any bearer of it is right
            found[kind] += any(n.split()[-1] == name.split()[-1] for n in names)
        else:
            found[kind] += name in names
    everything = [x for v in latencies.values() for x in v]
    index_kinds = registry.stats()["index_kinds"]
    registry.close()
    per_kind = max(1, n_queries // len(kinds))
    return {
        "embedder": embedder.name,
        "targets": size,
        "index": index_kinds,
        "register_s": round(register_s, 3),
        "index_build_s": round(build_s, 3),
        "queries": n_queries,
        "p50_ms": round(1000 * statistics.median(everything), 3),
        "p95_ms": round(1000 * percentile(everything, 0.95), 3),
        "lexical_p50_ms": round(1000 * statistics.median(lexical_only), 3),
        "lexical_p95_ms": round(1000 * percentile(lexical_only, 0.95), 3),
        "per_kind_p50_ms": {k: round(1000 * statistics.median(v), 3) for k, v in latencies.items() if v},
        "hit_rate": {k: round(found[k] / per_kind, 3) for k in kinds},
    }


def print_table(rows: list[dict[str, object]]) -> None:
    headers = ["embedder", "targets", "register s", "build s", "p50 ms", "p95 ms", "lex p50", "lex p95",
               "exact", "part", "fact", "none"]
    table_rows = [
        [str(r["embedder"]), str(r["targets"]), f"{r['register_s']:.2f}", f"{r['index_build_s']:.2f}",
         f"{r['p50_ms']:.2f}", f"{r['p95_ms']:.2f}", f"{r['lexical_p50_ms']:.3f}", f"{r['lexical_p95_ms']:.3f}",
         *(f"{r['hit_rate'][k]:.2f}" for k in ("exact", "part", "fact", "none"))]  # type: ignore[index]
        for r in rows
    ]
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="ForgetRegistry.relevant() scaling (hit rates: share of queries answered right)")
        for h in headers:
            table.add_column(h, justify="right")
        for row in table_rows:
            table.add_row(*row)
        Console(width=max(140, Console().width)).print(table)
    except ImportError:  # pragma: no cover - rich is a dependency, but stay usable without it
        print(" | ".join(headers))
        for row in table_rows:
            print(" | ".join(row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10,1000 only (MiniLM 10k takes minutes)")
    parser.add_argument("--sizes", default=None, help="comma-separated target counts")
    parser.add_argument("--embedders", default="hashing,minilm")
    parser.add_argument("--queries", type=int, default=None, help="queries per size (default 200, quick 80)")
    parser.add_argument("--hnsw-threshold", type=int, default=DEFAULT_HNSW_THRESHOLD,
                        help="vectors per scope above which FAISS switches from exact to HNSW")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON output (default {RESULTS})")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("10,1000" if args.quick else "10,1000,10000")).split(",")]
    n_queries = args.queries or (80 if args.quick else 200)
    rows = []
    with tempfile.TemporaryDirectory(prefix="gg-registry-bench-") as tmp:
        for embedder_name in [e.strip() for e in args.embedders.split(",") if e.strip()]:
            for size in sizes:
                print(f"... {embedder_name} x {size}", file=sys.stderr, flush=True)
                rows.append(run_size(embedder_name, size, n_queries, Path(tmp), args.hnsw_threshold))
    print_table(rows)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "registry_scaling",
        "quick": args.quick,
        "hnsw_threshold": args.hnsw_threshold,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "node": platform.node(),
                    "loadavg_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "results": rows,
    }
    tmp_out = out.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps(payload, indent=2))
    tmp_out.replace(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
