"""The OpenAI-compatible server: an OpenAI-shaped client talks to a guarded pipeline unchanged."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from guardgraph import Pipeline
from guardgraph.server import create_app
from guardgraph.tools.litellm_backend import LiteLLMModel

AUTHOR = "Basil Mahfouz Al-Kuwaiti"


@pytest.fixture
def client(tmp_path):
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response=f"The author is {AUTHOR}.")
    pipe = Pipeline.from_spec("forget_guard", model=model, checkpointer="memory", data_dir=tmp_path, embedder="hashing")
    pipe.forget(AUTHOR, scope="alice")
    return TestClient(create_app(pipe))


def test_models_and_health(client):
    assert client.get("/v1/models").json()["data"][0]["id"] == "guardgraph-forget_guard"
    assert client.get("/health").json()["status"] == "ok"


def test_completion_is_guarded_per_user(client):
    body = {"model": "x", "messages": [{"role": "user", "content": "Who wrote it?"}], "user": "alice"}
    answer = client.post("/v1/chat/completions", json=body).json()
    text = answer["choices"][0]["message"]["content"]
    assert answer["object"] == "chat.completion" and "Kuwaiti" not in text and "Basil" not in text
    body["user"] = "bob"
    assert AUTHOR in client.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]["content"]


def test_streaming_sse_chunks_are_clean_and_terminated(client):
    body = {"messages": [{"role": "user", "content": "Who wrote it?"}], "user": "alice", "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text and "Basil" not in text and "Kuwaiti" not in text


def test_bad_requests_are_400_with_reason(client):
    empty = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "  "}]})
    assert empty.status_code == 400 and "empty prompt" in empty.json()["detail"]
    assert client.post("/v1/chat/completions", json={"messages": []}).status_code == 422
