"""API path through litellm, offline: mock_response for content, a custom provider for failures."""

from __future__ import annotations

import litellm
import pytest
from litellm import CustomLLM
from litellm.types.utils import ModelResponse

from guardgraph import GenerationParams, ModelError, Pipeline
from guardgraph.tools.litellm_backend import LiteLLMModel, supports_param
from guardgraph.tools.resolve import resolve_model

MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


def test_generate_and_stream_with_mock_response():
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="The capital of France is Paris.")
    generation = model.generate(MESSAGES, GenerationParams(max_tokens=20))
    assert generation.text == "The capital of France is Paris."
    chunks = list(model.stream(MESSAGES))
    assert len(chunks) > 1
    assert "".join(chunks) == "The capital of France is Paris."


class FlakyProvider(CustomLLM):
    """Fails the first ``failures`` calls with a retryable error, then answers."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.calls = 0

    def completion(self, *args, **kwargs) -> ModelResponse:
        self.calls += 1
        if self.calls <= self.failures:
            raise litellm.InternalServerError("upstream hiccup", llm_provider="flaky", model="flaky/model")
        return litellm.completion(model="openai/gpt-4o-mini", messages=kwargs.get("messages") or args[1], mock_response="recovered")


@pytest.fixture
def flaky(request):
    provider = FlakyProvider(request.param)
    previous = list(litellm.custom_provider_map)
    litellm.custom_provider_map = [*previous, {"provider": "flaky", "custom_handler": provider}]
    from litellm.utils import custom_llm_setup

    custom_llm_setup()
    yield provider
    litellm.custom_provider_map = previous


@pytest.mark.parametrize("flaky", [2], indirect=True)
def test_router_retries_on_raised_error(flaky):
    model = LiteLLMModel("flaky/model", num_retries=3)
    assert model.generate(MESSAGES).text == "recovered"
    assert flaky.calls == 3


@pytest.mark.parametrize("flaky", [10], indirect=True)
def test_exhausted_retries_raise_model_error_naming_model(flaky):
    model = LiteLLMModel("flaky/model", num_retries=1)
    with pytest.raises(ModelError, match="flaky/model"):
        model.generate(MESSAGES)
    assert flaky.calls == 2


@pytest.mark.parametrize("flaky", [10], indirect=True)
def test_fallback_model_answers_when_primary_fails(flaky):
    model = LiteLLMModel("flaky/model", num_retries=0, fallbacks=["openai/gpt-4o-mini"], mock_response=None)
    # the fallback deployment gets its own mock through litellm params
    model.router.model_list[1]["litellm_params"]["mock_response"] = "from fallback"
    assert model.generate(MESSAGES).text == "from fallback"


def test_unknown_model_and_empty_prompt_are_clear_errors():
    with pytest.raises(ModelError, match="unknown model 'not-a-provider-model'"):
        resolve_model("not-a-provider-model")
    with pytest.raises(ModelError, match="empty model string"):
        resolve_model("  ")
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="x")
    with pytest.raises(ModelError, match="empty prompt"):
        model.generate([{"role": "user", "content": "   "}])


def test_logit_bias_only_where_provider_supports_it():
    assert supports_param("openai/gpt-4o-mini", "logit_bias")
    assert not supports_param("anthropic/claude-3-5-sonnet-20240620", "logit_bias")
    model = LiteLLMModel("anthropic/claude-3-5-sonnet-20240620", mock_response="x")
    request = model._request(MESSAGES, GenerationParams(logit_bias={42: -100.0}), stream=False)
    assert "logit_bias" not in request
    openai_model = LiteLLMModel("openai/gpt-4o-mini", mock_response="x")
    request = openai_model._request(MESSAGES, GenerationParams(logit_bias={42: -100.0}), stream=False)
    assert request["logit_bias"] == {"42": -100.0}


def test_pipeline_on_api_model_invoke_and_stream_agree():
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="Paris is the capital of France.")
    pipe = Pipeline.from_spec("chat", model=model, checkpointer="memory")
    reply = pipe.invoke("What is the capital of France?", thread="api")
    assert reply.text == "Paris is the capital of France."
    assert "".join(pipe.stream("Again?", thread="api")) == reply.text
    assert [m["role"] for m in pipe.history("api")] == ["user", "assistant", "user", "assistant"]


async def test_async_stream_on_api_model():
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="Bonjour tout le monde")
    pipe = Pipeline.from_spec("chat", model=model, checkpointer="memory")
    chunks = [chunk async for chunk in pipe.astream("Say hello in French")]
    assert len(chunks) > 1 and "".join(chunks) == "Bonjour tout le monde"
    reply = await pipe.ainvoke("Say hello in French")
    assert reply.text == "Bonjour tout le monde"


@pytest.mark.parametrize("direct", [True, False], ids=["direct-http", "litellm-router"])
def test_upstream_faults_map_to_the_error_tree_without_amplification(upstream, direct):
    from guardgraph.errors import ModelTimeoutError, RateLimitError, UpstreamError
    from guardgraph.tools.request_scope import request_scope

    model = upstream.backend(num_retries=1, timeout=1.0, direct=direct)
    assert (model.direct is not None) is direct
    with pytest.raises(RateLimitError) as err:
        model.generate([{"role": "user", "content": "FAULT:429:4 hi"}])
    assert err.value.retry_after == 4 and len(upstream.requests()) == 1  # a 429 is never retried
    upstream.reset()
    with pytest.raises(UpstreamError):
        list(model.stream([{"role": "user", "content": "FAULT:500 hi"}]))
    assert len(upstream.requests()) == 2  # a 5xx is retried num_retries times
    with pytest.raises(ModelTimeoutError):
        model.generate([{"role": "user", "content": "FAULT:hang hi"}])
    with request_scope() as scope:
        assert "".join(model.stream([{"role": "user", "content": "SAY: a b c"}], GenerationParams(max_tokens=2))) == "a b"
    assert scope.usage["completion_tokens"] == 2 and scope.model_calls == 1


def test_retry_wait_is_exponential_jittered_and_capped():
    from guardgraph.tools.litellm_backend import RETRY_BACKOFF_CAP, retry_wait

    assert retry_wait(0, 0) == 0.0
    for attempt, ceiling in ((0, 0.25), (1, 0.5), (2, 1.0)):
        waits = [retry_wait(attempt, 0.25) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered: concurrent retries do not line up
    assert retry_wait(30, 0.25) <= RETRY_BACKOFF_CAP


@pytest.mark.parametrize("flaky", [1], indirect=True)
def test_retry_waits_before_the_next_attempt(flaky):
    import time

    model = LiteLLMModel("flaky/model", num_retries=1, retry_backoff=0.2)
    started = time.perf_counter()
    assert model.generate(MESSAGES).text == "recovered"
    assert time.perf_counter() - started >= 0.1  # at least half the base wait (full jitter)
    assert flaky.calls == 2


@pytest.mark.parametrize("flaky", [10], indirect=True)
def test_a_cancelled_request_stops_waiting_to_retry(flaky):
    import threading
    import time

    from guardgraph.tools.request_scope import RequestCancelled, RequestScope, request_scope

    model = LiteLLMModel("flaky/model", num_retries=3, retry_backoff=2.0)
    scope = RequestScope()
    threading.Timer(0.3, scope.cancel.set).start()
    started = time.perf_counter()
    with request_scope(scope), pytest.raises(RequestCancelled):
        model.generate(MESSAGES)
    assert time.perf_counter() - started < 1.5  # woke when cancelled, not after the 1-2 s back-off
    assert flaky.calls == 1
