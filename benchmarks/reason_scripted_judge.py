"""The reason graph with a scripted generator and judge of KNOWN accuracy: when does judging pay?

A 135M model is too weak a judge to show what the verifier does with a good one, so this runs the
real ``reason`` graph (``Pipeline.from_spec``) on a scripted model: on uncheckable questions the
greedy answer is right with ``p_greedy``, each sample with ``p_sample``, and the pairwise judge
names the right answer with ``p_judge`` (position-free). For each judge accuracy the verifier's
``min_confidence`` is calibrated on a tuning split (30 questions) exactly as
``benchmarks/reason_e2e.py`` does it, then the graph is measured on a held-out split (40 other
questions). The same code backs ``tests/test_reason_graph.py``.

    python benchmarks/reason_scripted_judge.py   # -> results/reason_scripted.json
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from guardgraph.graphs.spec import spec_path
from guardgraph.tools.base import Generation, GenerationParams

RESULTS = Path(__file__).resolve().parent / "results" / "reason_scripted.json"
P_GREEDY, P_SAMPLE = 0.35, 0.6
JUDGES = (0.95, 0.7, 0.5, 0.15)


def unit(*parts: Any) -> float:
    """A deterministic uniform draw in [0, 1) from the parts (no global random state)."""
    return zlib.crc32(repr(parts).encode()) / 2**32


class Scripted:
    """Greedy right with ``p_greedy``, each sample right with ``p_sample``, the judge right with ``p_judge``.

    Questions are uncheckable ("Batch 7: how many crates ..."); truths are known to the script only.
    Wrong answers vary (truth + 1..3), as a real model's do. The judge reads both answers' numbers and
    names the right one with probability ``p_judge`` (position-free), "A" when neither is right.
    """

    name = "scripted"

    def __init__(self, truths: dict[str, int], p_greedy: float, p_sample: float, p_judge: float) -> None:
        self.truths, self.p_greedy, self.p_sample, self.p_judge = truths, p_greedy, p_sample, p_judge
        self.calls = 0

    @staticmethod
    def _number(text: str) -> int | None:
        found = re.findall(r"-?\d+", text)
        return int(found[-1]) if found else None

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        self.calls += 1
        params = params or GenerationParams()
        user = messages[-1]["content"]
        if "Reply with a single letter" in user:
            question = re.search(r"Question:\n(.*?)\n\n\[Answer A\]", user, re.S).group(1)  # type: ignore[union-attr]
            a = self._number(re.search(r"\[Answer A\]\n(.*?)\n\[End of Answer A\]", user, re.S).group(1))  # type: ignore[union-attr]
            b = self._number(re.search(r"\[Answer B\]\n(.*?)\n\[End of Answer B\]", user, re.S).group(1))  # type: ignore[union-attr]
            truth = self.truths[question]
            right = "A" if a == truth else "B" if b == truth else None
            if right is None:
                return Generation(text="A")
            honest = unit("judge", question, self.calls) < self.p_judge
            return Generation(text=right if honest else ("B" if right == "A" else "A"))
        if "handbook" in messages[0]["content"].lower():
            return Generation(text="[]")
        question = next(m["content"] for m in reversed(messages) if m["role"] == "user")
        truth = self.truths[question]
        key = "greedy" if params.temperature == 0 else params.seed
        right = unit(question, key) < (self.p_greedy if params.temperature == 0 else self.p_sample)
        wrong = truth + 1 + int(unit("wrong", question, key) * 3)
        return Generation(text=f"Working it out step by step. The answer is {truth if right else wrong}.",
                          completion_tokens=12)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def scripted_split(start: int, count: int) -> dict[str, int]:
    return {f"Batch {i}: how many crates does the depot ship on its busiest day?": 20 + i % 17
            for i in range(start, start + count)}


def reason_spec(**params: dict[str, Any]) -> dict[str, Any]:
    data = yaml.safe_load(spec_path("reason").read_text())
    for node in data["nodes"]:
        node["params"] = {**node.get("params", {}), **params.get(node["id"], {})}
    return data


def run_split(folder: Path, model: Scripted, min_confidence: float) -> list[dict[str, Any]]:
    """Run the reason graph on every question of ``model.truths``; grade reply and greedy answer."""
    from guardgraph import Pipeline
    from guardgraph.agents.tournament import extract_final_answer

    spec = reason_spec(verify={"min_confidence": min_confidence}, curate={"max_entries": 0})
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=folder, embedder="hashing")
    rows = []
    for question, truth in model.truths.items():
        state = pipeline.invoke(question).state
        grade = lambda text, truth=truth: extract_final_answer(text) == str(truth)  # noqa: E731
        greedy = next(c for c in state["candidates"] if c.get("source") == "greedy")
        rows.append({"state": state, "grade": grade, "correct": grade(state["reply"]),
                     "greedy_correct": grade(greedy["text"]), "calls": state["reason_calls"]})
    return rows


def calibrate_and_measure(folder: Path, p_judge: float) -> dict[str, Any]:
    from guardgraph.agents.verifier import calibrate_min_confidence, tuning_record

    tune = Scripted(scripted_split(0, 30), P_GREEDY, P_SAMPLE, p_judge)
    records = [r for row in run_split(folder / "tune", tune, 0.0)
               if (r := tuning_record(row["state"], row["grade"])) is not None]
    calibration = calibrate_min_confidence(records)
    held_out = Scripted(scripted_split(100, 40), P_GREEDY, P_SAMPLE, p_judge)
    rows = run_split(folder / "held_out", held_out, calibration.min_confidence)
    return {
        "p_judge": p_judge, "min_confidence": calibration.min_confidence, "tuning_gain": calibration.gain,
        "accuracy": sum(r["correct"] for r in rows) / len(rows),
        "greedy_accuracy": sum(r["greedy_correct"] for r in rows) / len(rows),
        "mean_calls": sum(r["calls"] for r in rows) / len(rows), "tasks": len(rows),
        "correct": [r["correct"] for r in rows], "greedy_correct": [r["greedy_correct"] for r in rows],
    }


def readme_table(result: dict[str, Any]) -> str:
    lines = ["| judge accuracy | min_confidence (tuned) | graph accuracy | greedy accuracy | mean calls |",
             "|---|---|---|---|---|"]
    for row in result["rows"]:
        threshold = "never overrule" if row["min_confidence"] > 1 else f"{row['min_confidence']:.2f}"
        lines.append(f"| {row['p_judge']:.2f} | {threshold} | {row['accuracy']:.3f} | {row['greedy_accuracy']:.3f} | "
                     f"{row['mean_calls']:.2f} |")
    lines.append("")
    lines.append(f"Scripted model: greedy right with p={result['p_greedy']}, each sample p={result['p_sample']}; "
                 f"{result['rows'][0]['tasks']} held-out questions, threshold tuned on 30 others.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for p_judge in JUDGES:
            row = calibrate_and_measure(Path(folder) / str(p_judge), p_judge)
            rows.append(row)
            print(f"judge {p_judge:.2f}: min_confidence {row['min_confidence']}, accuracy {row['accuracy']:.3f} "
                  f"vs greedy {row['greedy_accuracy']:.3f}, mean calls {row['mean_calls']:.2f}", flush=True)
    result = {"benchmark": "reason_scripted", "p_greedy": P_GREEDY, "p_sample": P_SAMPLE, "rows": rows,
              "elapsed_s": round(time.perf_counter() - started, 1),
              "command": "python benchmarks/reason_scripted_judge.py"}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(readme_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
