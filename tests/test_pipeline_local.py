"""End-to-end on the real embedded SmolLM2 (CPU): answers, streaming parity, memory, errors."""

from __future__ import annotations

import pytest

from guardgraph import ModelError, Pipeline, PipelineError, load_spec
from guardgraph.tools.base import GenerationParams
from guardgraph.tools.resolve import resolve_model

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def chat(local_model, tmp_path_factory):
    spec = load_spec("chat").model_dump(by_alias=True)
    spec["nodes"][0]["params"]["max_tokens"] = 40  # short answers keep the suite fast on 2 cores
    pipe = Pipeline.from_spec(spec, model=local_model, data_dir=tmp_path_factory.mktemp("chat"))
    yield pipe
    pipe.close()


def test_answers_a_factual_question(chat):
    reply = chat.invoke("What is the capital of France?")
    assert "paris" in reply.text.lower()
    assert [step["agent"] for step in reply.trace] == ["generator"]
    assert reply.trace[0]["duration_ms"] > 0


def test_stream_yields_the_same_text_as_invoke(chat):
    question = "Name a primary colour."
    text = chat.invoke(question).text
    chunks = list(chat.stream(question))
    assert len(chunks) > 1, "streaming must deliver several chunks, not one block"
    assert "".join(chunks).strip() == text


async def test_async_stream_matches(chat):
    question = "What is the capital of Italy?"
    text = (await chat.ainvoke(question)).text
    chunks = [c async for c in chat.astream(question)]
    assert "".join(chunks).strip() == text
    assert "rom" in text.lower()  # SmolLM2 says "Rome" or "Roma"


def test_threads_persist_in_sqlite_across_pipelines(chat, local_model, tmp_path):
    first = Pipeline.from_spec(chat.spec, model=local_model, data_dir=tmp_path)
    first.invoke("My name is Ada.", thread="t-ada")
    first.close()
    second = Pipeline.from_spec(chat.spec, model=local_model, data_dir=tmp_path)
    history = second.history("t-ada")
    second.close()
    assert history[0] == {"role": "user", "content": "My name is Ada."}
    assert history[1]["role"] == "assistant" and history[1]["content"]


def test_stop_sequences_and_max_tokens(local_model):
    messages = [{"role": "user", "content": "Count from 1 to 20 separated by commas."}]
    text = local_model.generate(messages, GenerationParams(max_tokens=30, stop=("5",))).text
    assert "5" not in text and "4" in text
    streamed = "".join(local_model.stream(messages, GenerationParams(max_tokens=30, stop=("5",))))
    assert streamed == text
    short = local_model.generate(messages, GenerationParams(max_tokens=3))
    assert short.completion_tokens <= 3 and short.finish_reason == "length"


def test_sampling_is_reproducible_with_a_seed(local_model):
    messages = [{"role": "user", "content": "Write one word about the sea."}]
    params = GenerationParams(max_tokens=12, temperature=1.0, seed=7)
    assert local_model.generate(messages, params).text == local_model.generate(messages, params).text


def test_bad_input_is_a_clear_error(chat, tmp_path):
    with pytest.raises(PipelineError, match="empty prompt"):
        chat.invoke("   ")
    with pytest.raises(ModelError, match="has no config.json"):
        resolve_model(f"local:{tmp_path}")
    with pytest.raises(ModelError, match="local model folder .* does not exist"):
        resolve_model("local:/definitely/not/here").generate([{"role": "user", "content": "hi"}])
