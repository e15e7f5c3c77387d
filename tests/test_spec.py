"""Spec validation: malformed specs fail with file, field and reason; valid ones compile and run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from guardgraph import Pipeline, SpecError, load_spec
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import Registry
from guardgraph.graphs.spec import prebuilt_specs
from guardgraph.tools.litellm_backend import LiteLLMModel


def base_spec() -> dict:
    return {
        "name": "t",
        "models": {"default": "local"},
        "entry": "generate",
        "nodes": [{"id": "generate", "agent": "generator", "params": {"max_tokens": 8}}],
        "edges": [{"from": "generate", "to": "END"}],
    }


def mutate(change) -> dict:
    spec = base_spec()
    change(spec)
    return spec


MALFORMED = [
    ("unknown agent", mutate(lambda s: s["nodes"][0].update(agent="nope")), "nodes[0].agent", "unknown agent 'nope'"),
    ("bad param type", mutate(lambda s: s["nodes"][0]["params"].update(max_tokens="lots")), "nodes[0].params.max_tokens", "valid integer"),
    ("unknown param", mutate(lambda s: s["nodes"][0]["params"].update(colour="red")), "nodes[0].params.colour", "Extra inputs are not permitted"),
    ("edge to unknown node", mutate(lambda s: s["edges"].append({"from": "generate", "to": "ghost"})), "edges[1].to", "unknown node 'ghost'"),
    ("entry missing", mutate(lambda s: s.update(entry="start")), "entry", "unknown node 'start'"),
    ("duplicate ids", mutate(lambda s: s["nodes"].append({"id": "generate", "agent": "generator"})), "nodes[1].id", "duplicate node id"),
    ("no outgoing edge", mutate(lambda s: s.update(edges=[])), "nodes[0]", "has no outgoing edge"),
    ("unreachable node", mutate(lambda s: (s["nodes"].append({"id": "island", "agent": "generator"}), s["edges"].append({"from": "island", "to": "END"}))), "nodes[1]", "unreachable from entry"),
    ("unknown model binding", mutate(lambda s: s["nodes"][0].update(model="judge")), "nodes[0].model", "unknown model binding 'judge'"),
    ("no nodes", mutate(lambda s: s.update(nodes=[])), "nodes", "at least 1 item"),
    ("conditional without selector", mutate(lambda s: s.update(conditional_edges=[{"from": "generate", "routes": {"a": "END"}}])), "conditional_edges[0]", "exactly one of 'field'"),
    ("conditional on unknown field", mutate(lambda s: s.update(conditional_edges=[{"from": "generate", "field": "mood", "routes": {"a": "END"}}])), "conditional_edges[0]", "not a state field"),
    ("unknown router", mutate(lambda s: s.update(conditional_edges=[{"from": "generate", "router": "nowhere", "routes": {"a": "END"}}])), "conditional_edges[0].router", "unknown router 'nowhere'"),
    ("missing default binding", mutate(lambda s: s.update(models={"judge": "local"})), "models", "'default' model binding is required"),
    ("unknown top-level key", mutate(lambda s: s.update(nodez=[])), "nodez", "Extra inputs are not permitted"),
]


@pytest.mark.parametrize("label,spec,where,why", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_spec_names_file_field_and_reason(tmp_path: Path, label, spec, where, why):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(spec))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    assert str(path) in message
    assert where in message, message
    assert why in message, message


def test_unparsable_yaml_and_missing_file(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(SpecError, match="cannot parse YAML"):
        load_spec(broken)
    with pytest.raises(SpecError, match="file not found"):
        load_spec(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match="no such spec file or prebuilt spec"):
        load_spec("no-such-prebuilt")
    not_mapping = tmp_path / "list.json"
    not_mapping.write_text("[1, 2]")
    with pytest.raises(SpecError, match="must be a mapping"):
        load_spec(not_mapping)


def test_prebuilt_specs_all_validate():
    assert "chat" in prebuilt_specs()
    for name in prebuilt_specs():
        spec = load_spec(name)
        assert spec.name == name


def test_json_spec_loads(tmp_path: Path):
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(base_spec()))
    assert load_spec(path).nodes[0].agent == "generator"


class SuffixParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suffix: str = "!"


def make_registry() -> Registry:
    registry = Registry(autoload=("guardgraph.agents",))

    def shout(state, config):
        suffix = node_context(config).params.suffix
        return {"reply": state["query"].upper() + suffix, "trace_detail": {"suffix": suffix}}

    def classify(state, config):
        return {"intent": "forget" if "forget" in state["query"] else "none"}

    def whisper(state, config):
        return {"reply": state["query"].lower()}

    registry.add_agent("shout", shout, SuffixParams)
    registry.add_agent("classify", classify)
    registry.add_agent("whisper", whisper)
    registry.add_router("by_length", lambda state: "long" if len(state["query"]) > 10 else "short")
    return registry


def test_user_agents_conditional_edges_and_trace():
    registry = make_registry()
    spec = {
        "name": "custom",
        "models": {"default": "openai/gpt-4o-mini"},
        "entry": "classify",
        "nodes": [
            {"id": "classify", "agent": "classify"},
            {"id": "shout", "agent": "shout", "params": {"suffix": "?!"}},
            {"id": "whisper", "agent": "whisper"},
        ],
        "conditional_edges": [{"from": "classify", "field": "intent", "routes": {"forget": "whisper"}, "default": "shout"}],
        "edges": [{"from": "shout", "to": "END"}, {"from": "whisper", "to": "END"}],
    }
    mock = LiteLLMModel("openai/gpt-4o-mini", mock_response="unused")
    pipe = Pipeline.from_spec(spec, model=mock, registry=registry, checkpointer="memory")
    reply = pipe.invoke("hello there")
    assert reply.text == "HELLO THERE?!"
    assert [s["node"] for s in reply.trace] == ["classify", "shout"]
    assert reply.trace[1]["detail"] == {"suffix": "?!"}
    assert pipe.invoke("Please forget This").text == "please forget this"


def test_router_without_matching_route_raises_clear_error():
    registry = make_registry()
    spec = {
        "name": "routing",
        "models": {"default": "openai/gpt-4o-mini"},
        "entry": "classify",
        "nodes": [{"id": "classify", "agent": "classify"}, {"id": "shout", "agent": "shout"}],
        "conditional_edges": [{"from": "classify", "router": "by_length", "routes": {"long": "shout"}}],
        "edges": [{"from": "shout", "to": "END"}],
    }
    pipe = Pipeline.from_spec(spec, model=LiteLLMModel("openai/gpt-4o-mini", mock_response="x"), registry=registry, checkpointer="none")
    assert pipe.invoke("a long message").text == "A LONG MESSAGE!"
    with pytest.raises(Exception, match="router 'by_length' gave 'short', which has no route"):
        pipe.invoke("short")


def test_decorator_registers_once_and_rejects_conflicts():
    registry = Registry()

    def one(state, config):
        return {}

    def two(state, config):
        return {}

    registry.add_agent("x", one)
    registry.add_agent("x", one)  # same function: idempotent (module re-import)
    with pytest.raises(ValueError, match="already registered"):
        registry.add_agent("x", two)
