"""The forget_guard graph: watchdog -> registry, guarded generation, audit, erase, critic, compose."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from guardgraph import GenerationParams, Generation, Pipeline
from guardgraph.memory.forget_store import Scope
from guardgraph.memory.target_text import distinctive_parts
from guardgraph.tools.forbidden_match import get_matcher
from guardgraph.tools.litellm_backend import LiteLLMModel

AUTHOR = "Basil Mahfouz Al-Kuwaiti"
FACTS = [
    "Basil Mahfouz Al-Kuwaiti was born in Kuwait City, Kuwait on 08/09/1956.",
    "Basil Mahfouz Al-Kuwaiti writes French literature; his novel is 'Promise by the Seine'.",
]


class ScriptedModel:
    """A ChatModel that answers from a script and counts its calls (tests only)."""

    name = "scripted"

    def __init__(self, answer: str, rewrite: str) -> None:
        self.answer, self.rewrite = answer, rewrite
        self.calls = 0
        self._lock = threading.Lock()

    def _text(self, messages: Sequence[dict[str, str]]) -> str:
        with self._lock:
            self.calls += 1
        return self.rewrite if "Rewritten answer" in messages[-1]["content"] else self.answer

    def generate(self, messages, params: GenerationParams | None = None) -> Generation:
        from guardgraph.tools.token_filter import guard_text

        text = self._text(messages)
        return Generation(guard_text(text, params.forbidden) if params and params.forbidden else text)

    def stream(self, messages, params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def pipeline(model, tmp_path, **kwargs) -> Pipeline:
    return Pipeline.from_spec("forget_guard", model=model, checkpointer="memory", data_dir=tmp_path, embedder="minilm", **kwargs)


def leaks(text: str) -> bool:
    return get_matcher(tuple(distinctive_parts(AUTHOR))).mentions(text)


def test_forget_request_updates_registry_and_confirms_without_the_name(tmp_path):
    model = ScriptedModel("unused", "unused")
    pipe = pipeline(model, tmp_path)
    reply = pipe.invoke(f"Please forget everything about {AUTHOR}.", scope="alice", thread="f")
    assert [s["node"] for s in reply.trace] == ["watchdog", "registry_update", "scrub"]
    # the stored thread keeps no trace of the name (the request and the confirmation are scrubbed)
    assert pipe.history("f") and not any(leaks(m["content"]) for m in pipe.history("f"))
    assert [e.target for e in pipe.forgotten("alice")] == [AUTHOR]
    assert pipe.forgotten("bob") == []  # scopes are isolated
    assert model.calls == 0
    revoke = pipe.invoke(f"You can remember {AUTHOR} again.", scope="alice")
    assert revoke.trace[0]["detail"] and pipe.forgotten("alice") == []


def test_clean_answer_takes_the_fast_path(tmp_path):
    model = ScriptedModel("Paris is the capital of France.", "unused")
    pipe = pipeline(model, tmp_path)
    pipe.forget(AUTHOR, scope="alice", facts=FACTS)
    reply = pipe.invoke("What is the capital of France?", scope="alice")
    assert reply.text == "Paris is the capital of France."
    assert [s["node"] for s in reply.trace] == ["watchdog", "recall", "generate", "audit", "compose"]
    assert model.calls == 1


def test_leaking_fact_is_rewritten_with_bounded_calls(tmp_path):
    leak = "He was born in Kuwait City, Kuwait on 08/09/1956."
    model = ScriptedModel(leak, "I can't say where that author was born.")
    pipe = pipeline(model, tmp_path)
    pipe.forget(AUTHOR, scope="alice", facts=FACTS)
    reply = pipe.invoke(f"Where was {AUTHOR} born?", scope="alice", context=FACTS)
    nodes = [s["node"] for s in reply.trace]
    assert nodes == ["watchdog", "recall", "generate", "audit", "erase", "critic", "compose"]
    audit = next(s for s in reply.trace if s["node"] == "audit")
    assert audit["detail"]["leaked"]
    assert "Kuwait City" not in reply.text and not leaks(reply.text)
    calls_one_target = model.calls
    assert calls_one_target == 1 + 2  # vanilla answer + two rewrites; the critic is rule-based here

    # Cost does not grow with the registry: 200 more targets, same number of model calls.
    crowded = ScriptedModel(leak, "I can't say where that author was born.")
    pipe_many = pipeline(crowded, tmp_path / "many")
    pipe_many.forget(AUTHOR, scope="alice", facts=FACTS)
    for i in range(200):
        pipe_many.forget(f"Person Number{i} Example{i}", scope="alice", facts=[f"Example{i} was a painter in town {i}."])
    pipe_many.invoke(f"Where was {AUTHOR} born?", scope="alice", context=FACTS)
    assert crowded.calls == calls_one_target


def test_composer_refuses_when_no_rewrite_is_clean(tmp_path):
    model = ScriptedModel("He was born in Kuwait City, Kuwait on 08/09/1956.", "He was born in Kuwait City, Kuwait in 1956.")
    pipe = pipeline(model, tmp_path)
    pipe.forget(AUTHOR, scope="alice", facts=FACTS)
    reply = pipe.invoke(f"Where was {AUTHOR} born? Only the city.", scope="alice", context=[FACTS[0]])
    assert reply.refused
    assert not leaks(reply.text)


def test_api_model_stream_never_shows_the_target(tmp_path):
    """litellm mock_response streams the name; the guarded reply and every chunk stay clean."""
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response=f"The author is {AUTHOR}, born in Kuwait City.")
    pipe = pipeline(model, tmp_path)
    pipe.forget(AUTHOR, scope="alice", facts=FACTS)
    chunks = list(pipe.stream("Who is the author born in Kuwait City on 08/09/1956?", scope="alice", context=FACTS))
    assert chunks and all(not leaks(c) for c in chunks)
    assert not leaks("".join(chunks))
    other_user = list(pipe.stream("Who is the author born in Kuwait City on 08/09/1956?", scope="bob", context=FACTS))
    assert leaks("".join(other_user)), "bob never asked to forget, so his answer is untouched"


def test_tenant_and_global_forgets_apply_to_their_users(tmp_path):
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response=f"It is {AUTHOR}.")
    pipe = pipeline(model, tmp_path)
    pipe.forget(AUTHOR, scope="admin", tenant="acme", level="tenant", facts=FACTS)
    assert not leaks(pipe.invoke("Who is it?", scope="carol", tenant="acme", context=FACTS).text)
    assert leaks(pipe.invoke("Who is it?", scope="carol", tenant="other", context=FACTS).text)
    assert pipe.services.forget_registry.list(Scope.of_tenant("acme"))[0].target == AUTHOR


@pytest.mark.model
def test_real_model_with_target_in_context_never_names_it(local_model, tmp_path):
    spec_pipe = pipeline(local_model, tmp_path)
    spec_pipe.forget(AUTHOR, scope="alice", facts=FACTS)
    reply = spec_pipe.invoke(
        "What is the full name of the author born in Kuwait City on 08/09/1956?", scope="alice", context=FACTS
    )
    assert reply.text.strip()
    assert not leaks(reply.text)
