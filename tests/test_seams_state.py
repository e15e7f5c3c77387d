"""State and context seams: add_messages/RemoveMessage, unknown update keys, typed run context,
model bindings checked at build time, specs that cannot finish or route rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import RemoveMessage

from guardgraph import GraphRunError, Pipeline, SpecError, load_spec
from guardgraph.graphs.builder import compile_spec
from guardgraph.graphs.context import NodeContext, RunContext, Services, make_node_config, node_context
from guardgraph.graphs.registry import Registry
from guardgraph.graphs.state import openai_messages
from guardgraph.tools.base import Generation


class Echo:
    """A tiny ChatModel: answers with the last user message."""

    def __init__(self, name: str = "echo") -> None:
        self.name = name

    def generate(self, messages, params=None):
        return Generation(text=f"{self.name}: {messages[-1]['content']}")

    def stream(self, messages, params=None):
        yield self.generate(messages, params).text


def one_node_spec(agent: str, **node) -> dict:
    return {
        "name": "t",
        "models": {"default": "local"},
        "entry": "a",
        "nodes": [{"id": "a", "agent": agent, **node}],
        "edges": [{"from": "a", "to": "END"}],
    }


def registry_with(**agents) -> Registry:
    registry = Registry()
    for name, (function, uses_model) in agents.items():
        registry.add_agent(name, function, uses_model=uses_model)
    return registry


def pipeline(spec: dict, registry: Registry, tmp_path: Path, **kwargs) -> Pipeline:
    graph_spec = load_spec(spec, registry=registry)
    models = kwargs.pop("models", {"default": Echo()})
    return Pipeline(graph_spec, models=models, services=Services(data_dir=tmp_path), registry=registry, **kwargs)


def test_unknown_update_key_is_rejected_naming_node_and_key(tmp_path):
    registry = registry_with(typo=(lambda state, config: {"replly": "oops"}, False))
    pipe = pipeline(one_node_spec("typo"), registry, tmp_path)
    with pytest.raises(GraphRunError) as info:
        pipe.invoke("hello")
    assert "'a'" in str(info.value) and "replly" in str(info.value) and "typo" in str(info.value)


def test_non_dict_update_is_a_graph_error(tmp_path):
    registry = registry_with(bad=(lambda state, config: ["reply"], False))
    with pytest.raises(GraphRunError, match="must return a dict"):
        pipeline(one_node_spec("bad"), registry, tmp_path).invoke("hello")


def test_messages_use_add_messages_and_can_be_removed(tmp_path):
    from langgraph.checkpoint.memory import InMemorySaver

    def answer(state, config):
        reply = node_context(config).model.generate(openai_messages(state["messages"])).text
        return {"reply": reply, "messages": [{"role": "assistant", "content": reply}]}

    def scrub(state, config):  # a history scrub: drop every earlier message that says "secret"
        return {"messages": [RemoveMessage(id=m.id) for m in state["messages"] if "secret" in m.content]}

    registry = registry_with(answer=(answer, True), scrub=(scrub, False))
    spec = one_node_spec("answer")
    spec["nodes"].append({"id": "b", "agent": "scrub"})
    spec["edges"] = [{"from": "a", "to": "b"}, {"from": "b", "to": "END"}]
    pipe = pipeline(spec, registry, tmp_path, checkpointer=InMemorySaver())
    pipe.invoke("hello", thread="t1")
    pipe.invoke("my secret is 42", thread="t1")
    history = pipe.history("t1")
    assert history == [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "echo: hello"},
    ]


def test_openai_messages_accepts_objects_and_dicts():
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

    mixed = [
        SystemMessage("sys"),
        HumanMessage("hi"),
        AIMessage([{"type": "text", "text": "he"}, "llo"]),
        ToolMessage("tool output", tool_call_id="x"),
        {"role": "user", "content": "plain"},
        "not a message",
    ]
    assert openai_messages(mixed) == [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "plain"},
    ]
    assert openai_messages(None) == []


def test_run_context_reaches_nodes_with_settings(tmp_path):
    seen = {}

    def look(state, config):
        ctx = node_context(config)
        seen.update(settings=dict(ctx.settings), model=ctx.model.name, data_dir=ctx.services.data_dir)
        return {"reply": "ok"}

    registry = registry_with(look=(look, True))
    pipe = pipeline(one_node_spec("look"), registry, tmp_path)
    pipe.invoke("hi")
    assert seen == {"settings": {}, "model": "echo", "data_dir": tmp_path}
    other = RunContext(models={"default": Echo("other")}, services=Services(data_dir=tmp_path / "x"), settings={"k": 1})
    pipe.graph.invoke({"query": "hi", "messages": [{"role": "user", "content": "hi"}]}, context=other)
    assert seen == {"settings": {"k": 1}, "model": "other", "data_dir": tmp_path / "x"}


def test_model_for_has_no_silent_fallback(tmp_path):
    ctx = NodeContext(node_id="n", agent="a", params=None, model_binding=None, models={"default": Echo()},
                      services=Services(data_dir=tmp_path))
    assert ctx.model.name == "echo"
    with pytest.raises(Exception, match="needs model binding 'judge'"):
        ctx.model_for("judge")
    assert node_context(make_node_config(ctx)) is ctx


def test_wrong_binding_names_fail_at_build_time(tmp_path):
    # a verifier whose judge_binding names no binding: SpecError when loading, not at run time
    spec = {
        "name": "v",
        "models": {"default": "local"},
        "entry": "verify",
        "nodes": [{"id": "verify", "agent": "verifier", "params": {"judge_binding": "judg"}}],
        "edges": [{"from": "verify", "to": "END"}],
    }
    with pytest.raises(SpecError, match=r"nodes\[0\]\.params\.judge_binding: unknown model binding 'judg'"):
        load_spec(spec)
    # a model binding the compiled pipeline was not given
    registry = registry_with(look=(lambda state, config: {}, True))
    graph_spec = load_spec(one_node_spec("look"), registry=registry)
    with pytest.raises(SpecError, match="unknown model binding 'default'"):
        compile_spec(graph_spec, models={}, services=Services(data_dir=tmp_path), registry=registry)


def test_model_given_to_an_agent_that_uses_none_is_rejected():
    registry = registry_with(plain=(lambda state, config: {}, False))
    with pytest.raises(SpecError, match="does not call a model"):
        load_spec(one_node_spec("plain", model="default"), registry=registry)


def cyclic_spec() -> dict:
    return {
        "name": "loop",
        "entry": "a",
        "nodes": [{"id": "a", "agent": "x"}, {"id": "b", "agent": "x"}],
        "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}],
    }


def test_cycle_without_exit_is_rejected():
    registry = registry_with(x=(lambda state, config: {}, False))
    with pytest.raises(SpecError, match="cannot reach END"):
        load_spec(cyclic_spec(), registry=registry)
    # the same cycle with an exit is fine
    spec = cyclic_spec()
    spec["edges"] = [{"from": "a", "to": "b"}]
    spec["conditional_edges"] = [{"from": "b", "field": "refused", "routes": {"True": "END", "False": "a"}}]
    assert load_spec(spec, registry=registry).name == "loop"


def test_routes_that_can_match_nothing_are_rejected():
    registry = registry_with(x=(lambda state, config: {}, False))
    spec = one_node_spec("x")
    spec["edges"] = []
    spec["conditional_edges"] = [{"from": "a", "field": "intent", "routes": {"forgett": "END", "none": "END", "revoke": "END"}}]
    with pytest.raises(SpecError) as info:
        load_spec(spec, registry=registry)
    assert "never gives 'forgett'" in str(info.value) and "['forget']" in str(info.value)
    # a default covers values without a route
    spec["conditional_edges"] = [{"from": "a", "field": "intent", "routes": {"forget": "END"}, "default": "END"}]
    assert load_spec(spec, registry=registry)
    # routers that declare their outputs are checked the same way
    registry.add_router("coin", lambda state: "heads", outputs=("heads", "tails"))
    spec["conditional_edges"] = [{"from": "a", "router": "coin", "routes": {"heads": "END", "edge": "END"}}]
    with pytest.raises(SpecError, match="router 'coin' never gives 'edge'"):
        load_spec(spec, registry=registry)
