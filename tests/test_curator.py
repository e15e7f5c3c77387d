"""Curator (distils handbook entries from verified turns) and handbook retrieval agents."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from guardgraph.agents.curator import (
    CuratorParams,
    RetrieveParams,
    curator_node,
    format_handbook_for_prompt,
    handbook_retrieve_node,
    parse_entries,
)
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.graphs.registry import DEFAULT_REGISTRY
from guardgraph.memory.embeddings import HashingEmbedder
from guardgraph.tools.base import Generation, GenerationParams, ModelError

LESSONS = [
    {"name": "Last digit of powers", "instruction": "Use arithmetic modulo 10 to find the last digit of a power.",
     "when_to_use": "questions about final digits", "kind": "concept"},
    {"name": "Find the cycle", "instruction": "List the first few values and look for a repeating cycle.",
     "when_to_use": "sequences or powers with periodic behaviour", "kind": "behaviour"},
]


class ScriptedModel:
    """Replies with fixed texts in order and records every prompt it was given."""

    name = "scripted"

    def __init__(self, *replies: str, error: Exception | None = None) -> None:
        self.replies = list(replies)
        self.error = error
        self.prompts: list[list[dict[str, str]]] = []

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        self.prompts.append([dict(m) for m in messages])
        if self.error:
            raise self.error
        return Generation(text=self.replies.pop(0), model=self.name)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return Services(data_dir=tmp_path, overrides={"embedder": HashingEmbedder()})


def run_curator(services: Services, model, state: dict, **params):
    ctx = NodeContext(node_id="curator", agent="curator", params=CuratorParams(**params), model_binding=None,
                      models={"default": model}, services=services)
    return curator_node(state, make_node_config(ctx))


def run_retrieve(services: Services, state: dict, **params):
    ctx = NodeContext(node_id="retrieve", agent="handbook_retrieve", params=RetrieveParams(**params),
                      model_binding=None, models={}, services=services)
    return handbook_retrieve_node(state, make_node_config(ctx))


VERIFIED = {"query": "What is the last digit of 7^2023?", "reply": "Powers of 7 end in 7, 9, 3, 1; 2023 mod 4 = 3, "
            "so the last digit is 3.", "strategy": "decompose", "verified": True, "turn": "turn-42"}


def test_agents_are_registered():
    assert DEFAULT_REGISTRY.get_agent("curator").uses_model is True
    assert DEFAULT_REGISTRY.get_agent("handbook_retrieve").uses_model is False


def test_curator_stores_valid_entries_with_their_trace(services: Services):
    model = ScriptedModel("Here are the lessons:\n```json\n" + json.dumps(LESSONS) + "\n```")
    update = run_curator(services, model, VERIFIED)
    assert update == {"trace_detail": {"added": 2, "merged": 0}}
    stored = {e.name: e for e in services.handbook.list()}
    assert set(stored) == {"Last digit of powers", "Find the cycle"}
    assert stored["Find the cycle"].kind == "behaviour" and stored["Find the cycle"].source_trace == "turn-42"
    prompt = "\n".join(m["content"] for m in model.prompts[0])
    assert VERIFIED["query"] in prompt and "so the last digit is 3" in prompt and "decompose" in prompt
    # the same lessons again merge instead of piling up
    again = run_curator(services, ScriptedModel(json.dumps(LESSONS)), VERIFIED)
    assert again["trace_detail"] == {"added": 0, "merged": 2} and len(services.handbook) == 2


@pytest.mark.parametrize("junk", [
    "I think the answer is 3.",
    "[1, 2, 3]",
    '[{"name": "", "instruction": "x"}, {"title": 5}, "text"]',
    '{"name": "unterminated',
    "",
])
def test_curator_survives_junk(services: Services, junk: str):
    update = run_curator(services, ScriptedModel(junk), VERIFIED)
    assert update["trace_detail"]["added"] == 0 and update["trace_detail"]["merged"] == 0
    assert len(services.handbook) == 0


def test_curator_caps_at_three_entries(services: Services):
    five = [{"name": f"Lesson {word}", "instruction": f"Always {word} the problem before answering."}
            for word in ("restate", "sketch", "estimate", "simplify", "verify")]
    update = run_curator(services, ScriptedModel(json.dumps(five)), VERIFIED)
    assert update["trace_detail"]["added"] == 3
    assert [e.name for e in services.handbook.list()] == ["Lesson restate", "Lesson sketch", "Lesson estimate"]


def test_curator_respects_max_entries_param(services: Services):
    update = run_curator(services, ScriptedModel(json.dumps(LESSONS)), VERIFIED, max_entries=1)
    assert update["trace_detail"]["added"] == 1
    with pytest.raises(ValueError):
        CuratorParams(max_entries=5)


def test_curator_skips_unverified_turns_without_calling_the_model(services: Services):
    model = ScriptedModel(json.dumps(LESSONS))
    for verified in (False, None):
        update = run_curator(services, model, {**VERIFIED, "verified": verified})
        assert update["trace_detail"]["added"] == 0 and update["trace_detail"]["skipped"] == "not verified"
    assert model.prompts == []
    update = run_curator(services, model, {**VERIFIED, "verified": None}, require_verified=False)
    assert update["trace_detail"]["added"] == 2


def test_curator_uses_the_top_ranked_candidate_when_there_is_no_reply(services: Services):
    model = ScriptedModel("[]")
    state = {**VERIFIED, "reply": "", "candidates": [{"id": 0, "text": "wrong: 7"}, {"id": 1, "text": "right: 3"}],
             "ranking": [{"id": 1}, {"id": 0}]}
    assert run_curator(services, model, state)["trace_detail"]["added"] == 0
    assert "right: 3" in model.prompts[0][-1]["content"]


def test_curator_model_error_is_not_fatal(services: Services):
    update = run_curator(services, ScriptedModel(error=ModelError("backend down")), VERIFIED)
    assert update["trace_detail"]["added"] == 0 and "backend down" in update["trace_detail"]["error"]


def test_parse_entries_handles_noisy_small_model_output():
    noisy = ('Sure!\n[{"Title": "Check units", "rule": "Convert units first.", "When": "physics", '
             '"type": "Behavior",},]\nHope this helps [1].')
    entries, rejected = parse_entries(noisy, source_trace="t1")
    assert [(e.name, e.instruction, e.when_to_use, e.kind, e.source_trace) for e in entries] == [
        ("Check units", "Convert units first.", "physics", "behaviour", "t1")]
    assert rejected == 0
    wrapped, _ = parse_entries(json.dumps({"entries": LESSONS}))
    assert [e.name for e in wrapped] == [lesson["name"] for lesson in LESSONS]
    # a list broken by one bad item still yields the good loose objects
    salvaged, _ = parse_entries('[{"name": "Good", "instruction": "Keep me."}, {"name": "Bad" "instruction": 1}]')
    assert [e.name for e in salvaged] == ["Good"]
    copied, rejected = parse_entries(json.dumps([
        {"name": "Units", "instruction": "Convert all quantities to one unit before computing."},
        {"name": "Digits", "instruction": "Look at the last digit only.", "when_to_use": "word problems mixing units"}]))
    assert [(e.name, e.when_to_use) for e in copied] == [("Digits", "")] and rejected == 1
    duplicates, rejected = parse_entries(json.dumps([LESSONS[0], LESSONS[0]]))
    assert len(duplicates) == 1 and rejected == 1


def test_retrieve_returns_top_k_above_min_score(services: Services):
    services.handbook.add_many(LESSONS + [
        {"name": "Draw a diagram", "instruction": "Sketch the figure and label known lengths."}])
    update = run_retrieve(services, {"query": "last digit of a power of 3"}, k=2, min_score=0.05)
    entries = update["handbook_entries"]
    assert entries[0]["name"] == "Last digit of powers" and 1 <= len(entries) <= 2
    assert all(e["score"] >= 0.05 for e in entries) and entries[0]["score"] >= entries[-1]["score"]
    assert update["trace_detail"]["retrieved"] == len(entries)
    assert run_retrieve(services, {"query": "last digit of a power"}, min_score=0.99)["handbook_entries"] == []
    assert run_retrieve(services, {"query": "  "})["handbook_entries"] == []
    only = run_retrieve(services, {"query": "last digit of a power"}, k=3, min_score=0.0,
                        kind="behaviour")["handbook_entries"]
    assert {e["kind"] for e in only} == {"behaviour"}


def test_retrieve_on_empty_handbook(services: Services):
    assert run_retrieve(services, {"query": "anything"})["handbook_entries"] == []


def test_format_handbook_for_prompt():
    text = format_handbook_for_prompt(LESSONS)
    lines = text.splitlines()
    assert len(lines) == 3 and lines[1].startswith("1. Last digit of powers (concept): Use arithmetic")
    assert "Use when: sequences" in lines[2]
    assert format_handbook_for_prompt([]) == ""
    assert format_handbook_for_prompt([{"name": "", "instruction": "x"}]) == ""
    many = [{"name": f"n{i}", "instruction": "y" * 200} for i in range(30)]
    assert len(format_handbook_for_prompt(many, max_chars=600)) < 900


@pytest.mark.model
def test_curator_with_the_embedded_model_never_crashes(services: Services, local_model):
    update = run_curator(services, local_model, VERIFIED, max_tokens=96)
    detail = update["trace_detail"]
    assert 0 <= detail["added"] + detail["merged"] <= 3
    assert len(services.handbook) == detail["added"]
