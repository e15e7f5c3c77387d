"""The prebuilt ``reason`` graph end to end: spec, loop and routing, handbook use, real model run.

The fast tests drive the whole graph with litellm's offline ``mock_response`` (every call returns
the same text), which is enough to check the wiring: the meta-reasoner loop, pooling of
candidates across rounds, the verifier -> respond -> curator tail, ``verified`` and the bandit's
reward. The ``model`` test runs it once on the embedded SmolLM2 with small params.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from _benchmarks import load_benchmark

from guardgraph import Pipeline, load_spec
from guardgraph.graphs.spec import spec_path
from guardgraph.graphs.state import openai_messages
from guardgraph.memory.handbook import Handbook, HandbookEntry
from guardgraph.tools.base import Generation, GenerationParams
from guardgraph.tools.litellm_backend import LiteLLMModel

ROOT = Path(__file__).resolve().parents[1]
TASKS = Path(__file__).parent / "data" / "reason_tasks.jsonl"
ORDER = ["handbook_retrieve", "generator", "progress", "meta_reasoner", "verifier", "respond", "curator"]
LESSON = HandbookEntry(
    name="Spell words letter by letter",
    instruction="To count a letter in a word, spell the word one letter at a time and count the matches.",
    when_to_use="questions asking how many times a letter appears in a word",
    kind="behaviour",
)


_load = load_benchmark


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
    check, branch = spec.conditional_edges
    assert check.router == "checker_route" and check.routes == {"solved": "verify"} and check.default == "greedy"
    assert branch.router == "meta_reasoner_route" and branch.routes == {"stop": "verify"}
    assert branch.default == "sample"  # every other strategy samples one more round
    greedy, sample = spec.node("greedy").params, spec.node("sample").params
    assert greedy["n"] == 1 and greedy["temperature"] == 0 and greedy["final"] is False
    assert sample["temperature"] > 0 and sample["final"] is False and sample["stream"] is False
    meta, verify = spec.node("meta").params, spec.node("verify").params
    assert meta["max_calls"] <= verify["max_turn_calls"] <= 6  # a bounded request
    assert verify["method"] == "pairwise" and verify["fallback"] == "greedy" and "min_confidence" in verify


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


def test_tuning_and_held_out_splits_are_reproducible_and_disjoint():
    make = _load("make_reason_tasks")
    tune = make.SPLITS["tune"][0].read_text()
    held = make.SPLITS["heldout"][0].read_text()
    assert tune == make.to_jsonl(make.make_split("tune")), "run: python benchmarks/make_reason_tasks.py --split tune"
    assert held == make.to_jsonl(make.make_split("heldout")), "run: ... --split heldout"
    tune_q = {json.loads(line)["question"] for line in tune.splitlines()}
    held_q = {json.loads(line)["question"] for line in held.splitlines()}
    assert len(tune_q) == 20 and len(held_q) == 30 and not tune_q & held_q
    grader = _load("reason_checkers")
    for line in held.splitlines():
        task = json.loads(line)
        assert grader.check(task, f"The answer is {task['answer']}.")


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


def test_checker_answers_what_the_model_cannot_without_a_model_call(tmp_path: Path):
    model = Recording(LiteLLMModel("openai/gpt-4o-mini", mock_response="12 + 30 = 32 + 30 = 36, which is the result."))
    pipeline = Pipeline.from_spec("reason", model=model, checkpointer="memory", data_dir=tmp_path, embedder="hashing")
    reply = pipeline.invoke("What is 12 + 30?")
    assert reply.text.endswith("The answer is 42.") and reply.state["verified"] is True
    assert [step["node"] for step in reply.trace] == ["retrieve", "check", "verify", "respond", "curate"]
    verify = next(s for s in reply.trace if s["node"] == "verify")["detail"]
    assert verify["selected_by"] == "checker_supplied" and verify["calls"] == 0
    assert model.prompts == []  # no generation, no judge, no curator call
    # other languages and phrasings reach the same checker
    assert pipeline.invoke("Combien font 12 + 30 ?").text.endswith("42.")
    letters = pipeline.invoke('How many r\'s are in "strawberry"?')
    assert letters.text.endswith("The answer is 3.")


def _model_first_spec(**params: dict[str, Any]) -> dict[str, Any]:
    """The reason graph without the check shortcut: the model answers first, checkers verify."""
    data = reason_spec(**params)
    data["nodes"] = [n for n in data["nodes"] if n["id"] != "check"]
    data["edges"] = [e for e in data["edges"] if e["to"] != "check"] + [{"from": "retrieve", "to": "greedy"}]
    data["conditional_edges"] = [c for c in data["conditional_edges"] if c["from"] != "check"]
    return data


def test_checkers_verify_model_candidates_and_supply_an_answer_when_none_agrees(tmp_path: Path):
    right = LiteLLMModel("openai/gpt-4o-mini", mock_response="There are 3000 meters in 3 kilometers. The answer is 3000.")
    pipeline = Pipeline.from_spec(_model_first_spec(), model=right, checkpointer="memory", data_dir=tmp_path,
                                  embedder="hashing")
    reply = pipeline.invoke("How many meters are in 3 kilometers?")
    assert reply.text == "There are 3000 meters in 3 kilometers. The answer is 3000."  # the model's own answer
    assert next(s for s in reply.trace if s["node"] == "meta")["detail"]["reason"] == "checker"
    assert next(s for s in reply.trace if s["node"] == "verify")["detail"]["selected_by"] == "checker"
    wrong = Recording(LiteLLMModel("openai/gpt-4o-mini", mock_response="That is 300 meters."))
    pipeline = Pipeline.from_spec(_model_first_spec(), model=wrong, checkpointer="memory", data_dir=tmp_path / "w",
                                  embedder="hashing")
    reply = pipeline.invoke("How many meters are in 3 kilometers?")
    assert reply.text.endswith("The answer is 3000.") and len(wrong.prompts) == 1  # stopped after greedy


def test_loop_samples_until_the_call_budget_and_an_answerless_turn_keeps_greedy(tmp_path: Path):
    model = Recording(LiteLLMModel("openai/gpt-4o-mini", mock_response="Let me think. I am not sure yet."))
    pipeline = Pipeline.from_spec(reason_spec(meta={"max_rounds": 10}), model=model, checkpointer="memory",
                                  data_dir=tmp_path, embedder="hashing")
    reply = pipeline.invoke("Which poet wrote the most sonnets?", thread="t")
    nodes = [step["node"] for step in reply.trace]
    assert nodes == ["retrieve", "check", "greedy", "progress", "meta"] + ["sample", "progress", "meta"] * 3 + [
        "verify", "respond", "curate"]
    metas = [step["detail"] for step in reply.trace if step["node"] == "meta"]
    assert [m["reason"] for m in metas] == ["min_answers"] * 3 + ["budget:calls"]
    state = reply.state
    assert len(state["candidate_pool"]) == 4 and state["reason_calls"] == 4 and len(model.prompts) == 4
    assert [c["source"] for c in state["candidates"]] == ["greedy", "sample", "sample", "sample"]
    assert reply.text == "Let me think. I am not sure yet." and openai_messages(state["messages"])[-1]["role"] == "assistant"
    assert state["verified"] is False  # no final answer
    assert next(s for s in reply.trace if s["node"] == "curate")["detail"]["skipped"] == "not verified"
    # the next turn of the thread starts with an empty pool and budget
    again = pipeline.invoke("And the fewest?", thread="t")
    assert len(again.state["candidate_pool"]) == 4 and again.state["reason_calls"] == 4


def test_handbook_entry_reaches_the_generator_prompt(tmp_path: Path):
    from guardgraph.memory.embeddings import load_embedder

    embedder = load_embedder("hashing")
    handbook = seeded_handbook(tmp_path, embedder)
    model = Recording(LiteLLMModel("openai/gpt-4o-mini", mock_response="Spelling it out: s-t-r-a-w. The answer is 3."))
    spec = _model_first_spec(retrieve={"min_score": -1.0}, curate={"max_tokens": 32})
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=tmp_path,
                                  services={"embedder": embedder, "handbook": handbook})
    reply = pipeline.invoke("How many times does the letter r appear in strawberry?")
    assert is_subsequence(ORDER, agents_in_order(reply.trace))
    assert [e["name"] for e in reply.state["handbook_entries"]] == [LESSON.name]
    assert LESSON.instruction in model.prompts[0][0]["content"]
    assert reply.state["verified"] is True and reply.text.endswith("The answer is 3.")


# ---- a scripted generator and judge of known accuracy -------------------------------------------


@pytest.mark.parametrize("p_judge, beats_greedy", [(0.95, True), (0.15, False)])
def test_calibrated_graph_beats_greedy_with_a_good_judge_and_falls_back_with_a_bad_one(
    tmp_path: Path, p_judge: float, beats_greedy: bool
):
    """benchmarks/reason_scripted_judge.py: threshold tuned on 30 questions, measured on 40 others."""
    from guardgraph.agents.verifier import NEVER

    scripted = _load("reason_scripted_judge")
    row = scripted.calibrate_and_measure(tmp_path, p_judge)
    assert row["mean_calls"] <= 6  # the per-request budget holds
    if beats_greedy:
        assert row["min_confidence"] < NEVER and row["accuracy"] >= row["greedy_accuracy"] + 0.1, row
    else:
        assert row["min_confidence"] == NEVER, row
        assert row["correct"] == row["greedy_correct"]  # exactly the greedy answers


def test_select_answer_never_picks_a_random_candidate():
    from guardgraph.agents.verifier import select_answer

    candidates = [{"source": "greedy", "final_answer": "7"}, {"source": "sample", "final_answer": "8"},
                  {"source": "sample", "final_answer": "7"}]
    ranking = [{"index": 1, "confidence": 0.55}, {"index": 0, "confidence": 0.3}]
    assert select_answer(candidates, ranking, min_confidence=0.8).index == 0  # low confidence: greedy
    assert select_answer(candidates, ranking, min_confidence=0.5).index == 1  # confident: replace
    assert select_answer(candidates, ranking, min_confidence=0.8, fallback="unsure").index is None
    agreeing = [{"index": 2, "confidence": 0.2}]
    assert select_answer(candidates, agreeing, min_confidence=0.8).reason == "agrees_with_greedy"


def test_calibration_never_trusts_a_judge_that_does_not_gain():
    from guardgraph.agents.verifier import NEVER, calibrate_min_confidence

    good = calibrate_min_confidence([(0.9, True, False), (0.95, True, False), (0.5, False, True), (0.6, False, False)])
    assert good.min_confidence == 0.9 and good.gain == 2
    assert calibrate_min_confidence([(0.9, False, True), (0.99, True, True)]).min_confidence == NEVER
    assert calibrate_min_confidence([]).min_confidence == NEVER


# ---- the embedded model ----------------------------------------------------------------------------


@pytest.mark.model
def test_reason_graph_end_to_end_on_the_embedded_model(tmp_path: Path, local_model, embedder):
    model = Recording(local_model)
    handbook = seeded_handbook(tmp_path, embedder)
    params = dict(greedy={"max_tokens": 32}, sample={"max_tokens": 32}, curate={"max_tokens": 48})
    pipeline = Pipeline.from_spec(reason_spec(**params), model=model, checkpointer="memory", data_dir=tmp_path,
                                  services={"embedder": embedder, "handbook": handbook})
    model_first = Pipeline.from_spec(_model_first_spec(**params), model=model, checkpointer="memory",
                                     data_dir=tmp_path / "first", services={"embedder": embedder, "handbook": handbook})
    # the 135M model cannot add reliably; the arithmetic checker answers, without a model call
    sum_reply = pipeline.invoke("What is 12 + 30?")
    assert sum_reply.text.endswith("The answer is 42.")
    assert sum_reply.state["verified"] is True and sum_reply.state["reason_calls"] == 0
    question = 'How many times does the letter "r" appear in the word "strawberry"?'
    first = model_first.invoke(question)  # the model answers first; the letter checker verifies
    assert first.text.strip() and "3" in first.text
    assert is_subsequence(ORDER, agents_in_order(first.trace)), agents_in_order(first.trace)
    assert LESSON.name in [e["name"] for e in first.state["handbook_entries"]]
    assert any(LESSON.instruction in prompt[0]["content"] for prompt in model.prompts)
    curate = next(s for s in first.trace if s["agent"] == "curator")["detail"]
    assert len(handbook) == 1 + curate["added"]  # the curator stored exactly what it reports
    # an uncheckable question: a bounded loop, and the reply is a real candidate, never empty
    open_reply = pipeline.invoke("Name a colour of the sky at sunset.")
    assert open_reply.text.strip() and open_reply.state["reason_calls"] <= 6
    assert open_reply.text in [c["text"] for c in open_reply.state["candidates"]]


def test_bandit_decisions_report_prior_and_learnt_values_and_are_rewarded(tmp_path: Path):
    from guardgraph.agents.meta_reasoner import bandit_options

    scripted = _load("reason_scripted_judge")
    model = scripted.Scripted(scripted.scripted_split(0, 8), 0.35, 0.6, 0.95)
    spec = scripted.reason_spec(verify={"min_confidence": 0.5}, curate={"max_entries": 0})
    pipeline = Pipeline.from_spec(spec, model=model, checkpointer="memory", data_dir=tmp_path, embedder="hashing")
    decisions = []
    for question in model.truths:
        reply = pipeline.invoke(question)
        decisions += [s["detail"] for s in reply.trace if s["node"] == "meta" and s["detail"]["reason"] == "bandit"]
        assert reply.state["pending_decisions"] == []  # respond rewarded and cleared them
    assert decisions, "no disagreement reached the bandit"
    assert all(set(d["prior"]) == set(d["learnt"]) == set(d["scores"]) for d in decisions)
    bandit = pipeline.services.strategy_bandit(**bandit_options())
    assert bandit.n_observations == len(decisions)
