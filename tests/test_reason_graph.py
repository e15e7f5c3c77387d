"""The prebuilt ``reason`` graph end to end: spec, loop and routing, handbook use, real model run.

The fast tests drive the whole graph with litellm's offline ``mock_response`` (every call returns
the same text), which is enough to check the wiring: the meta-reasoner loop, pooling of
candidates across rounds, the verifier -> respond -> curator tail, ``verified`` and the bandit's
reward. The ``model`` test runs it once on the embedded SmolLM2 with small params.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from guardgraph import Pipeline, load_spec
from guardgraph.graphs.spec import spec_path
from guardgraph.memory.handbook import Handbook, HandbookEntry
from guardgraph.tools.base import Generation, GenerationParams
from guardgraph.tools.litellm_backend import LiteLLMModel

ROOT = Path(__file__).resolve().parents[1]
TASKS = Path(__file__).parent / "data" / "reason_tasks.jsonl"
ORDER = ["handbook_retrieve", "generator", "meta_reasoner", "verifier", "curator"]
LESSON = HandbookEntry(
    name="Spell words letter by letter",
    instruction="To count a letter in a word, spell the word one letter at a time and count the matches.",
    when_to_use="questions asking how many times a letter appears in a word",
    kind="behaviour",
)


def _load(name: str):
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_reason_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Recording:
    """Wraps a ChatModel and keeps every prompt it was sent."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = f"recording:{inner.name}"
        self.prompts: list[list[dict[str, str]]] = []

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        self.prompts.append([dict(m) for m in messages])
        return self.inner.generate(messages, params)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        self.prompts.append([dict(m) for m in messages])
        return self.inner.stream(messages, params)


def reason_spec(**params: dict[str, Any]) -> dict[str, Any]:
    """The prebuilt spec as a dict, with per-node param overrides (``generate={"n": 2}``)."""
    data = yaml.safe_load(spec_path("reason").read_text())
    for node in data["nodes"]:
        node["params"] = {**node.get("params", {}), **params.get(node["id"], {})}
    return data


def agents_in_order(trace: list[dict[str, Any]]) -> list[str]:
    return [step["agent"] for step in trace]


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    remaining = iter(seen)
    return all(any(item == other for other in remaining) for item in wanted)


def seeded_handbook(folder: Path, embedder: Any) -> Handbook:
    handbook = Handbook(folder / "handbook", embedder=embedder)
    handbook.add(LESSON)
    return handbook


# ---- spec and task set ---------------------------------------------------------------------------


def test_reason_spec_validates_and_wires_the_loop():
    spec = load_spec("reason")
    agents = {node.id: node.agent for node in spec.nodes}
    assert agents["retrieve"] == "handbook_retrieve" and spec.entry == "retrieve"
    assert {"generator", "progress", "meta_reasoner", "verifier", "respond", "curator"} <= set(agents.values())
    (branch,) = spec.conditional_edges
    assert branch.router == "meta_reasoner_route" and branch.routes == {"stop": "verify"}
    assert branch.default == "generate"  # every other strategy loops back
    generate = spec.node("generate").params
    assert generate["final"] is False and generate["stream"] is False and generate["n"] >= 2
    assert spec.node("verify").params["method"] == "pairwise"


def test_task_set_is_reproducible_and_every_key_grades_itself():
    make = _load("make_reason_tasks")
    checkers = _load("reason_checkers")
    text = TASKS.read_text()
    assert text == make.to_jsonl(make.make_tasks()), "run: python benchmarks/make_reason_tasks.py"
    tasks = [json.loads(line) for line in text.splitlines()]
    assert len(tasks) >= 60 and len({t["id"] for t in tasks}) == len(tasks)
    assert {t["kind"] for t in tasks} == {"arithmetic", "conversion", "letters", "comparison"}
    for task in tasks:
        assert checkers.check(task, f"Let me see. The answer is {task['answer']}."), task
        wrong = "yes" if task["answer"] == "no" else "no" if task["answer"] == "yes" else str(int(task["answer"]) + 1)
        assert not checkers.check(task, f"The answer is {wrong}."), task


def test_checkers_read_small_model_phrasings():
    checkers = _load("reason_checkers")
    larger = {"kind": "comparison", "question": "Which number is larger: 54 or 66?", "answer": "66"}
    assert checkers.check(larger, "66 is larger than 54.")
    assert checkers.check(larger, "54 is smaller than 66.")
    assert not checkers.check(larger, "54 is larger.")
    yes_no = {"kind": "comparison", "question": "Is 12 greater than 40? Answer yes or no.", "answer": "no"}
    assert checkers.check(yes_no, "No, 12 is not greater than 40.")
    assert not checkers.check(yes_no, "Yes.")
    convert = {"kind": "conversion", "question": "How many grams are in 5 kilograms?", "answer": "5000"}
    assert checkers.check(convert, "There are 5,000 grams in 5 kilograms.")
    letters = {"kind": "letters", "question": 'How many times does the letter "r" appear in "strawberry"?', "answer": "3"}
    assert checkers.check(letters, "The letter r appears three times.")
    assert not checkers.check(letters, "")


# ---- the whole graph with litellm's mock ---------------------------------------------------------


def test_loop_pools_rounds_and_an_answerless_turn_is_not_verified(tmp_path: Path):
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="Let me think. I am not sure yet.")
    pipeline = Pipeline.from_spec(reason_spec(meta={"max_rounds": 2}), model=model, checkpointer="memory",
                                  data_dir=tmp_path, embedder="hashing")
    reply = pipeline.invoke("How many times does the letter r appear in strawberry?", thread="t")
    nodes = [step["node"] for step in reply.trace]
    # no answer -> "stuck" report -> the bandit sends the generator round again; round 2 hits max_rounds
    assert nodes == ["retrieve", "generate", "progress", "meta", "generate", "progress", "meta",
                     "verify", "respond", "curate"]
    metas = [step["detail"] for step in reply.trace if step["node"] == "meta"]
    assert metas[0]["strategy"] != "stop" and metas[1] == {**metas[1], "strategy": "stop", "reason": "max_rounds"}
    state = reply.state
    assert len(state["ranking"]) == 8 and sorted(c["id"] for c in state["candidates"]) == list(range(8))
    assert reply.text == "Let me think. I am not sure yet." and state["messages"][-1]["role"] == "assistant"
    assert state["verified"] is False  # confident (identical samples) but no final answer
    assert next(s for s in reply.trace if s["node"] == "curate")["detail"]["skipped"] == "not verified"
    respond = next(s for s in reply.trace if s["node"] == "respond")["detail"]
    assert respond["rewarded"] == 2 and state["extras"]["meta_reasoner"]["pending"] == []
    from guardgraph.agents.meta_reasoner import _bandit

    assert _bandit(pipeline.services.meta_reasoner_db).n_observations == 2  # the rewards are stored


def test_handbook_entry_reaches_the_generator_prompt_and_answer_is_verified(tmp_path: Path):
    from guardgraph.memory.embeddings import load_embedder

    embedder = load_embedder("hashing")
    handbook = seeded_handbook(tmp_path, embedder)
    model = Recording(LiteLLMModel("openai/gpt-4o-mini", mock_response="Spelling it out: s-t-r-a-w. The answer is 3."))
    spec = reason_spec(retrieve={"min_score": -1.0}, meta={"max_rounds": 1}, curate={"max_tokens": 32})
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=tmp_path,
                                  services={"embedder": embedder, "handbook": handbook})
    reply = pipeline.invoke("How many times does the letter r appear in strawberry?")
    assert is_subsequence(ORDER, agents_in_order(reply.trace))
    assert [e["name"] for e in reply.state["handbook_entries"]] == [LESSON.name]
    generator_prompts = model.prompts[: 4]  # n=4 candidates come first
    assert all(LESSON.instruction in p[0]["content"] for p in generator_prompts)
    assert reply.state["verified"] is True and reply.text.endswith("The answer is 3.")


# ---- the embedded model ----------------------------------------------------------------------------


@pytest.mark.model
def test_reason_graph_end_to_end_on_the_embedded_model(tmp_path: Path, local_model, embedder):
    model = Recording(local_model)
    handbook = seeded_handbook(tmp_path, embedder)
    spec = reason_spec(
        generate={"n": 2, "max_tokens": 48}, meta={"max_rounds": 1},
        verify={"budget_calls": 2, "max_tokens": 4}, curate={"max_tokens": 48},
    )
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=tmp_path,
                                  services={"embedder": embedder, "handbook": handbook})
    question = 'How many times does the letter "r" appear in the word "strawberry"?'
    first = pipeline.invoke(question)
    assert first.text.strip()
    assert is_subsequence(ORDER, agents_in_order(first.trace)), agents_in_order(first.trace)
    assert len(first.state["ranking"]) == 2
    assert LESSON.name in [e["name"] for e in first.state["handbook_entries"]]
    assert any(LESSON.instruction in prompt[0]["content"] for prompt in model.prompts)
    verify = next(s for s in first.trace if s["agent"] == "verifier")["detail"]
    assert verify["calls"] <= 2
    curate = next(s for s in first.trace if s["agent"] == "curator")["detail"]
    assert len(handbook) == 1 + curate["added"]  # the curator stored exactly what it reports
    # a related question on the next turn retrieves from the (seeded, maybe grown) handbook
    second = pipeline.invoke("Count the letter s in the word mississippi.")
    names = [e["name"] for e in second.state["handbook_entries"]]
    assert LESSON.name in names, names
