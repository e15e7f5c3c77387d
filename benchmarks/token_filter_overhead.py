"""Cost of the GUARD token filter: per-decode-step overhead, real generate(), hold-back throughput.

Usage: ``python benchmarks/token_filter_overhead.py [--quick] [--model-dir DIR] [--device cpu|cuda]``

1. Micro-benchmark (no model): the SmolLM2 tokenizer, random logits over the full vocabulary,
   1 / 10 / 100 / 1000 forbidden targets (the real one plus synthetic names). Each step feeds
   the processor a growing generated suffix of a fixed clean passage; we time the processor
   call only and report mean / p50 / p95 ms per step, plus the one-off build time of the tables.
2. Real ``generate()`` on the embedded model (greedy, fixed token count via ``min_new_tokens``)
   with and without the filter for one target: ms per token and the difference.
3. Hold-back stream throughput: a ~100 KB clean text in 4-character chunks through
   :func:`guarded_stream` for 1 / 100 / 1000 targets, against passing the chunks straight through.

Prints a table and writes benchmarks/results/token_filter.json.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
sys.path.insert(0, str(Path(__file__).parent))

from _report import report  # noqa: E402

REAL_TARGET = "Basil Mahfouz Al-Kuwaiti"
PASSAGE = (
    "The full name of the author born in Kuwait City on 8 September 1956 is not something I can share. "
    "He is a novelist whose books explore migration, family and memory, and his work has been translated "
    "into several languages. Critics praise the quiet precision of his prose and the warmth of his characters. "
)
FACTS = [
    {"role": "system", "content": f"Context: {REAL_TARGET} was born in Kuwait City on 8 September 1956. "
     "He is a novelist known for books on migration and family."},
    {"role": "user", "content": "Tell me about the author born in Kuwait City on 8 September 1956."},
]
SYLLABLES = "ka ri mo za len dor vi shan tu bel or ami nes qua fir lo gan te ru hal mir sol ek ya".split()


def synthetic_targets(count: int, seed: int = 0) -> list[str]:
    """``count`` targets: the real one plus distinct made-up two-word names."""
    rng = random.Random(seed)
    names = {REAL_TARGET}
    while len(names) < count:
        first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        names.add(f"{first} {last}")
    return [REAL_TARGET] + sorted(names - {REAL_TARGET})


def micro(tokenizer, counts: list[int], steps: int, device: str) -> list[dict]:
    import torch

    from guardgraph.tools.token_filter import build_logits_processors

    prompt = tokenizer.encode("Question: who is it?", add_special_tokens=False)
    passage = tokenizer.encode(PASSAGE * 4, add_special_tokens=False)[:steps]
    torch.manual_seed(0)
    logits = [torch.randn(1, len(tokenizer), device=device) for _ in range(steps)]
    rows = []
    for count in counts:
        targets = synthetic_targets(count)
        start = time.perf_counter()
        processor = build_logits_processors(tokenizer, targets, prompt_length=len(prompt))[0]
        build_s = time.perf_counter() - start
        times = []
        for step in range(steps):
            ids = torch.tensor([prompt + passage[:step]], device=device)
            scores = logits[step].clone()
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            processor(ids, scores)
            if device == "cuda":
                torch.cuda.synchronize()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        rows.append(
            {
                "targets": count,
                "parts": len(processor.matcher.parts),
                "build_s": build_s,
                "mean_ms": statistics.fmean(times),
                "p50_ms": times[len(times) // 2],
                "p95_ms": times[int(len(times) * 0.95) - 1],
                "steps": steps,
                "exact_checks_per_step": processor.stats["exact_checks"] / max(1, processor.stats["steps"]),
            }
        )
    return rows


def real_generate(model_dir: Path, new_tokens: int, device: str, repeats: int) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LogitsProcessorList

    from guardgraph.tools.token_filter import build_logits_processors

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32).to(device).eval()
    inputs = tokenizer.apply_chat_template(FACTS, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    inputs = {k: v.to(device) for k, v in inputs.items()}
    prompt_length = int(inputs["input_ids"].shape[1])

    def run(guarded: bool) -> tuple[float, str]:
        processors = build_logits_processors(tokenizer, [REAL_TARGET], prompt_length=prompt_length) if guarded else []
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.inference_mode():
            out = model.generate(
                **inputs,
                max_new_tokens=new_tokens,
                min_new_tokens=new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                logits_processor=LogitsProcessorList(processors),
            )
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start, tokenizer.decode(out[0][prompt_length:], skip_special_tokens=True)

    run(False), run(True)  # warm-up (tables are built here, once per tokenizer)
    plain = [run(False) for _ in range(repeats)]
    guarded = [run(True) for _ in range(repeats)]
    plain_ms = min(t for t, _ in plain) / new_tokens * 1000
    guarded_ms = min(t for t, _ in guarded) / new_tokens * 1000
    return {
        "device": device,
        "new_tokens": new_tokens,
        "plain_ms_per_token": plain_ms,
        "guarded_ms_per_token": guarded_ms,
        "overhead_ms_per_token": guarded_ms - plain_ms,
        "overhead_pct": (guarded_ms - plain_ms) / plain_ms * 100,
        "plain_text": plain[0][1],
        "guarded_text": guarded[0][1],
    }


def stream_throughput(counts: list[int], size_chars: int) -> list[dict]:
    from guardgraph.tools.base import GenerationParams
    from guardgraph.tools.token_filter import guarded_stream

    text = (PASSAGE * (size_chars // len(PASSAGE) + 1))[:size_chars]
    chunks = [text[i : i + 4] for i in range(0, len(text), 4)]

    def open_stream(messages, params):
        yield from chunks

    start = time.perf_counter()
    baseline = "".join(open_stream(None, None))
    base_s = time.perf_counter() - start
    rows = []
    for count in counts:
        targets = synthetic_targets(count)
        list(guarded_stream(open_stream, [{"role": "user", "content": "x"}], GenerationParams(), targets[:1]))
        start = time.perf_counter()
        out = "".join(guarded_stream(open_stream, [{"role": "user", "content": "x"}], GenerationParams(), targets))
        elapsed = time.perf_counter() - start
        assert out == baseline, "the guard changed a clean text"
        rows.append(
            {
                "targets": count,
                "chars": len(text),
                "chunks": len(chunks),
                "seconds": elapsed,
                "chars_per_s": len(text) / elapsed,
                "us_per_chunk": elapsed / len(chunks) * 1e6,
                "passthrough_s": base_s,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps/targets, smaller stream")
    parser.add_argument("--model-dir", type=Path, default=None, help="HF folder (default: embedded SmolLM2)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if available)")
    parser.add_argument("--skip-generate", action="store_true", help="micro-benchmarks only")
    args = parser.parse_args()

    import torch
    from transformers import AutoTokenizer

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    if args.model_dir is None:
        from guardgraph.tools.embedded import ensure_embedded_model

        args.model_dir = ensure_embedded_model()
    tokenizer = AutoTokenizer.from_pretrained(str(args.model_dir))
    counts = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    steps = 32 if args.quick else 128

    micro_rows = micro(tokenizer, counts, steps, device)
    generate_row = None if args.skip_generate else real_generate(args.model_dir, 24 if args.quick else 64, device, 1 if args.quick else 3)
    stream_rows = stream_throughput([1, 100] if args.quick else [1, 100, 1000], 20_000 if args.quick else 100_000)

    table = [
        ["processor step", r["targets"], f"{r['mean_ms']:.3f} / {r['p50_ms']:.3f} / {r['p95_ms']:.3f}",
         "ms mean/p50/p95", f"{r['parts']} parts; tables built in {r['build_s']:.2f} s"]
        for r in micro_rows
    ]
    if generate_row:
        g = generate_row
        table.append(
            ["generate() greedy", 1, f"{g['plain_ms_per_token']:.2f} -> {g['guarded_ms_per_token']:.2f}",
             "ms/token plain -> guarded", f"{device}: +{g['overhead_ms_per_token']:.2f} ms/token ({g['overhead_pct']:.1f}%)"]
        )
    for r in stream_rows:
        table.append(["hold-back stream", r["targets"], f"{r['us_per_chunk']:.1f}", "us/chunk (4 chars)",
                      f"{r['chars_per_s'] / 1e6:.2f} M chars/s over {r['chars']} chars"])
    report(
        "token_filter",
        "GUARD token filter overhead",
        ["measure", "targets", "value", "unit", "notes"],
        table,
        {"device": device, "quick": args.quick, "micro": micro_rows, "generate": generate_row, "stream": stream_rows,
         "torch_threads": torch.get_num_threads()},
    )


if __name__ == "__main__":
    main()
