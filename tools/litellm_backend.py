"""Black-box API models through litellm: any provider string litellm knows.

A model with fallbacks goes through a ``litellm.Router`` (the library's fallback logic); one
without calls ``litellm.completion`` directly with the same parameters (the sync Router costs a
new event loop and a new connection per call). Retries never multiply load on an upstream that
is already saying no: a 429 and a timeout are not retried here (the 429 is passed on with its
``retry-after``; the client decides), only 5xx / dropped connections are, ``num_retries`` times.
Errors come out as the :mod:`guardgraph.errors` tree (``RateLimitError``, ``ModelTimeoutError``,
``UpstreamError``...), streams stop when the request is cancelled
(:mod:`guardgraph.tools.request_scope`), and the provider's token usage is reported to the
request. ``logit_bias`` is only sent where litellm says the provider accepts it; the streaming
hold-back guard (``tools/token_filter``) covers every provider, since bias alone
cannot stop a name that tokenises another way.
"""

from __future__ import annotations

import json
import os
import random
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # never fetch the cost map at import

import litellm  # noqa: E402

from litellm.types.router import RetryPolicy  # noqa: E402

from guardgraph.errors import (  # noqa: E402
    GuardGraphError,
    ModelError,
    ModelNotFoundError,
    ModelTimeoutError,
    RateLimitError,
    UpstreamError,
    UserInputError,
)
from guardgraph.tools.base import Generation, GenerationParams, require_messages  # noqa: E402
from guardgraph.tools.request_scope import add_usage, raise_if_cancelled, sleep_unless_cancelled  # noqa: E402

litellm.suppress_debug_info = True
PRIMARY = "primary"


def _retry_after(exc: BaseException) -> float | None:
    headers: Any = getattr(exc, "litellm_response_headers", None)
    if headers is None and getattr(exc, "response", None) is not None:
        headers = getattr(exc.response, "headers", None)
    try:
        value = headers.get("retry-after") if headers is not None else None
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def translate_error(exc: BaseException, model: str, what: str = "call") -> GuardGraphError:
    """A litellm/provider exception as the guardgraph error a server can answer with."""
    if isinstance(exc, GuardGraphError):
        return exc
    detail = str(getattr(exc, "message", "") or exc).replace("litellm.", "").strip()
    detail = detail.split("\n")[0][:300]
    name = type(exc).__name__
    if isinstance(exc, litellm.RateLimitError):
        return RateLimitError(f"model {model!r} is rate limited upstream (429): {detail}", retry_after=_retry_after(exc))
    if isinstance(exc, litellm.Timeout):
        return ModelTimeoutError(f"model {model!r} did not answer in time: {detail}")
    if isinstance(exc, litellm.ContextWindowExceededError):
        error = UserInputError(f"model {model!r}: the conversation is too long for the model: {detail}")
        error.code = "context_length_exceeded"
        return error
    if isinstance(exc, (litellm.APIError, litellm.APIConnectionError, litellm.BadRequestError,
                        litellm.AuthenticationError, litellm.NotFoundError, litellm.ServiceUnavailableError)):
        return UpstreamError(f"model {model!r} {what} failed upstream ({name}): {detail}")
    return UpstreamError(f"model {model!r} {what} failed: {name}: {detail}")


def _close(response: Any) -> None:
    """Close a streaming response so its HTTP connection is released (or dropped) at once.

    The Router wraps litellm's stream wrapper in a generator, which wraps the provider SDK's
    stream, which holds the HTTP response; none of the wrappers closes what it wraps, so the
    innermost objects are found and closed first (an upstream then sees the client leave).
    """
    seen: list[Any] = []
    todo = [response]
    while todo and len(seen) < 12:
        holder = todo.pop()
        if holder is None or any(holder is s for s in seen):
            continue
        seen.append(holder)
        frame = getattr(getattr(holder, "_sync_generator", None), "gi_frame", None)
        if frame is not None:
            todo.append(frame.f_locals.get("model_response"))
        todo.extend(getattr(holder, name, None) for name in ("completion_stream", "response", "_sync_generator"))
    for holder in reversed(seen):
        close = getattr(holder, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass


OPENAI_COMPATIBLE = {"openai", "hosted_vllm", "openai_like"}

# The Router's retry policy for a model without fallbacks, kept by the direct ``litellm.completion``
# path: these are never retried (a 429 is the client's to retry, a timeout would only double the
# wait); 5xx, dropped connections and other provider errors are, ``num_retries`` times.
_NOT_RETRIED = (litellm.RateLimitError, litellm.Timeout, litellm.BadRequestError, litellm.AuthenticationError,
                litellm.NotFoundError, litellm.PermissionDeniedError, GuardGraphError)
_USER_STREAM_LOGGING = litellm.disable_streaming_logging
RETRY_BACKOFF_CAP = 4.0  # seconds: the longest wait between two attempts


def retry_wait(attempt: int, base: float) -> float:
    """Seconds to wait before retry ``attempt + 1``: exponential from ``base``, full jitter, capped.

    Jitter spreads the retries of many concurrent requests that failed together (an upstream that
    restarted), so they do not hit it again in the same millisecond.
    """
    if base <= 0:
        return 0.0
    return random.uniform(0.5, 1.0) * min(RETRY_BACKOFF_CAP, base * (2 ** attempt))


def _quiet_stream_logging() -> None:
    """Skip litellm's per-chunk success logging while nobody listens to it.

    For every streamed chunk litellm submits a logging job that runs a fresh event loop
    (``asyncio.run``) in a worker thread: ~2 ms of CPU a chunk here, the largest single cost of
    a streamed request, and useless without a registered litellm callback or cache. As soon as
    one is registered (``litellm.callbacks``, ``success_callback``, ``litellm.cache``...), the
    logging is back on; a user's own ``disable_streaming_logging = True`` is never undone.
    """
    def foreign(callbacks: Any) -> bool:  # a Router's own deployment bookkeeping does not count
        return any(not isinstance(getattr(c, "__self__", None), litellm.Router) for c in callbacks or ())

    listening = (foreign(litellm.callbacks) or foreign(litellm.success_callback)
                 or foreign(litellm._async_success_callback) or foreign(litellm.input_callback)
                 or getattr(litellm, "cache", None) is not None)
    litellm.disable_streaming_logging = bool(_USER_STREAM_LOGGING) or not listening


def _upstream_error(response: Any, model: str) -> GuardGraphError:
    """The guardgraph error for a non-2xx answer of an OpenAI-compatible upstream."""
    try:
        body = response.json()
        detail = str((body.get("error") or {}).get("message") or body)[:300] if isinstance(body, dict) else str(body)
    except ValueError:
        detail = response.text[:300]
    status = response.status_code
    if status == 429:
        try:
            retry_after = float(response.headers.get("retry-after")) if response.headers.get("retry-after") else None
        except ValueError:
            retry_after = None
        return RateLimitError(f"model {model!r} is rate limited upstream (429): {detail}", retry_after=retry_after)
    if status == 400 and "context" in detail.lower() and "length" in detail.lower():
        error = UserInputError(f"model {model!r}: the conversation is too long for the model: {detail}")
        error.code = "context_length_exceeded"
        return error
    if status in (408, 504):
        return ModelTimeoutError(f"model {model!r} timed out upstream ({status}): {detail}")
    return UpstreamError(f"model {model!r} call failed upstream ({status}): {detail}")


class DirectOpenAI:
    """Plain HTTP to an OpenAI-compatible endpoint (a vLLM server, a local proxy, the test upstream).

    Sends exactly the body litellm would send, through one pooled ``httpx.Client``, and parses the
    SSE stream with ``json.loads``. Measured here, litellm's stream wrapper costs ~4 ms of CPU per
    chunk and ~20 ms per call (benchmarks/serve_load.py), more than the rest of a guarded turn;
    this path costs microseconds per chunk. It has the same error mapping and retry policy (5xx
    and dropped connections retried ``num_retries`` times before any text arrived; 429 and
    timeouts never). Used only where it is exactly equivalent: an explicit ``api_base``, no
    fallbacks, no mock.
    """

    def __init__(self, model: str, api_base: str, api_key: str | None, timeout: float, num_retries: int,
                 retry_backoff: float = 0.25) -> None:
        import httpx

        self.model = model
        self.num_retries = max(0, num_retries)
        self.retry_backoff = max(0.0, retry_backoff)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(
            base_url=api_base.rstrip("/"), headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=512, max_keepalive_connections=64),
        )
        self._httpx = httpx

    def close(self) -> None:
        self.client.close()

    def _send(self, body: dict[str, Any], name: str, stream: bool) -> Any:
        httpx = self._httpx
        for attempt in range(self.num_retries + 1):
            raise_if_cancelled()
            try:
                request = self.client.build_request("POST", "/chat/completions", json=body)
                response = self.client.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                raise ModelTimeoutError(f"model {name!r} did not answer in time: {type(exc).__name__}") from exc
            except httpx.HTTPError as exc:
                if attempt < self.num_retries:
                    sleep_unless_cancelled(retry_wait(attempt, self.retry_backoff))
                    continue
                raise UpstreamError(f"model {name!r} call failed: {type(exc).__name__}: {exc}") from exc
            if response.status_code < 400:
                return response
            if stream:
                response.read()
            response.close()
            error = _upstream_error(response, name)
            if response.status_code >= 500 and attempt < self.num_retries:
                sleep_unless_cancelled(retry_wait(attempt, self.retry_backoff))
                continue
            raise error
        raise UpstreamError(f"model {name!r} call failed")  # pragma: no cover - loop always returns or raises

    def complete(self, body: dict[str, Any], name: str) -> dict[str, Any]:
        response = self._send({**body, "model": self.model}, name, stream=False)
        try:
            return response.json()
        except ValueError as exc:
            raise UpstreamError(f"model {name!r} answered with something that is not JSON") from exc

    def stream(self, body: dict[str, Any], name: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
        """Yield ``(text, usage)`` pairs as the SSE events arrive; closes the response when left."""
        httpx = self._httpx
        response = self._send({**body, "model": self.model}, name, stream=True)
        try:
            for line in response.iter_lines():
                raise_if_cancelled()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    event = json.loads(data)
                except ValueError:
                    raise UpstreamError(f"model {name!r} sent an unreadable stream event") from None
                if isinstance(event, dict) and event.get("error"):
                    raise UpstreamError(f"model {name!r} stream failed upstream: {str(event['error'])[:300]}")
                choices = event.get("choices") or [] if isinstance(event, dict) else []
                delta = (choices[0].get("delta") or {}) if choices and isinstance(choices[0], dict) else {}
                text = delta.get("content") if isinstance(delta, dict) else None
                usage = event.get("usage") if isinstance(event, dict) else None
                if text or usage:
                    yield (text or ""), usage
        except httpx.TimeoutException as exc:
            raise ModelTimeoutError(f"model {name!r} stopped sending: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"model {name!r} stream failed: {type(exc).__name__}: {exc}") from exc
        finally:
            response.close()


def provider_of(model: str) -> str:
    """The litellm provider for ``model``, or a ModelError naming the unknown model."""
    try:
        return litellm.get_llm_provider(model)[1]
    except Exception as exc:  # litellm raises BadRequestError with a long banner
        raise ModelNotFoundError(
            f"unknown model {model!r}: litellm cannot tell its provider; use 'provider/model', "
            "e.g. 'openai/gpt-4o-mini', 'ollama/llama3', 'hosted_vllm/...', or 'local'"
        ) from exc


def supports_param(model: str, param: str) -> bool:
    """Whether litellm lists ``param`` among the OpenAI params this provider accepts."""
    try:
        supported = litellm.get_supported_openai_params(model=model, custom_llm_provider=provider_of(model))
    except Exception:
        return False
    return param in (supported or [])


class LiteLLMModel:
    """A litellm model: ``litellm.completion`` with retries and a timeout, a Router for fallbacks.

    ``mock_response`` is litellm's own offline mock: the full request path runs, only the provider
    HTTP call is replaced, which is what makes API-path tests meaningful without a network.
    """

    def __init__(
        self,
        model: str,
        *,
        fallbacks: Sequence[str] = (),
        num_retries: int = 1,
        retry_backoff: float = 0.25,
        timeout: float = 30.0,
        stream_timeout: float | None = None,
        mock_response: Any = None,
        direct: bool = False,
        **litellm_params: Any,
    ) -> None:
        self.model = model
        self.name = model
        # What rebuilds this backend in another process (ray workers, multiprocessing): the
        # Router holds locks and clients that cannot travel, the arguments can.
        self._init_kwargs: dict[str, Any] = dict(
            fallbacks=tuple(fallbacks), num_retries=num_retries, retry_backoff=retry_backoff, timeout=timeout,
            stream_timeout=stream_timeout, mock_response=mock_response, direct=direct, **litellm_params,
        )
        self.provider = provider_of(model)
        for fallback in fallbacks:
            provider_of(fallback)
        common: dict[str, Any] = dict(litellm_params)
        if mock_response is not None:
            common["mock_response"] = mock_response
        deployments = [{"model_name": PRIMARY, "litellm_params": {"model": model, **common}}]
        fallback_names = []
        for index, fallback in enumerate(fallbacks):
            name = f"fallback-{index}"
            fallback_names.append(name)
            deployments.append({"model_name": name, "litellm_params": {"model": fallback, **common}})
        self.timeout = timeout
        # litellm passes ``max_retries`` to the provider SDK client; 0 there, so the Router's
        # policy below is the only retry loop (the openai SDK would otherwise retry 429s too).
        deployments = [{**d, "litellm_params": {"max_retries": 0, **d["litellm_params"]}} for d in deployments]
        self._router_kwargs: dict[str, Any] = dict(
            model_list=deployments,
            num_retries=num_retries,
            timeout=timeout,
            stream_timeout=stream_timeout if stream_timeout is not None else timeout,
            retry_after=max(0.0, retry_backoff),  # the Router's minimum wait before a retry
            retry_policy=RetryPolicy(
                RateLimitErrorRetries=0, TimeoutErrorRetries=0, BadRequestErrorRetries=0,
                AuthenticationErrorRetries=0, ContentPolicyViolationErrorRetries=0, NotFoundErrorRetries=0,
                InternalServerErrorRetries=num_retries, ServiceUnavailableErrorRetries=num_retries,
                DefaultRetries=num_retries,
            ),
            disable_cooldowns=True,  # one deployment: a cool-down would fail every later request
            fallbacks=[{PRIMARY: fallback_names}] if fallback_names else [],
        )
        self._router: Any = None
        self._router_lock = threading.Lock()
        # Without fallbacks the Router adds nothing but cost: its sync ``completion`` runs each call
        # in a fresh asyncio event loop, opens a new HTTP connection per call (measured here: ~5 ms
        # and one TIME_WAIT socket per request) and registers itself as a global litellm success
        # callback. Such models call ``litellm.completion`` directly, with the same deployment
        # parameters, timeouts and retry policy (``_NOT_RETRIED``); the Router is built only for
        # fallbacks (or when ``.router`` is asked for).
        self.num_retries = max(0, int(num_retries))
        self.retry_backoff = max(0.0, float(retry_backoff))
        self.stream_timeout = stream_timeout if stream_timeout is not None else timeout
        self._plain: dict[str, Any] | None = None
        if not fallbacks:
            self._plain = {**deployments[0]["litellm_params"], "num_retries": 0}
        else:
            self.router  # noqa: B018 - built now, so a bad fallback list fails at start-up
        self.supports_logit_bias = supports_param(model, "logit_bias")
        # ``direct=True`` (opt-in, ``serve --direct-http``): plain HTTP to an OpenAI-compatible
        # ``api_base`` instead of litellm's client, where that is exactly equivalent (see
        # DirectOpenAI). The default stays litellm, the project's one path to every provider.
        self.direct: DirectOpenAI | None = None
        api_base = litellm_params.get("api_base")
        equivalent = (self.provider in OPENAI_COMPATIBLE and api_base and not fallbacks and mock_response is None
                      and set(litellm_params) <= {"api_base", "api_key"})
        if direct:
            if not equivalent:
                raise ModelError(f"direct=True needs an OpenAI-compatible model with api_base, got {model!r}")
            upstream_model = litellm.get_llm_provider(model)[0]
            key = litellm_params.get("api_key") or (os.environ.get("OPENAI_API_KEY") if self.provider == "openai"
                                                    else None)
            self.direct = DirectOpenAI(upstream_model, str(api_base), key, timeout, num_retries, self.retry_backoff)

    def warm_up(self) -> None:
        """Import what the first call would import, so the first user does not wait for it.

        The provider SDK's resources (~1-3 s here), then one offline ``mock_response`` call and one
        mock stream through litellm: they load litellm's lazily imported helpers (the tiktoken
        encoding its stream wrapper counts usage with, file-id handling). Measured here: the first
        streamed request after start-up took ~380 ms without this and ~57 ms with it. Nothing is
        sent to the provider.
        """
        if self.direct is not None:
            return
        if self.provider in OPENAI_COMPATIBLE | {"azure"}:
            import openai.resources  # noqa: F401 - litellm's OpenAI client imports it on its first request
        probe = {"model": self.model, "messages": [{"role": "user", "content": "warm-up"}], "mock_response": "ok"}
        try:
            litellm.completion(**probe)
            for _ in litellm.completion(**probe, stream=True):
                pass
        except Exception:  # noqa: BLE001 - best effort: a real call reports real problems
            pass

    @property
    def router(self) -> Any:
        """The ``litellm.Router`` over the primary and fallback deployments (built on first use)."""
        if self._router is None:
            with self._router_lock:
                if self._router is None:
                    self._router = litellm.Router(**self._router_kwargs)
        return self._router

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (partial(LiteLLMModel, self.model, **self._init_kwargs), ())

    def _request(self, messages: Sequence[dict[str, str]], params: GenerationParams, stream: bool) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": PRIMARY,
            "messages": require_messages(messages, self.name),
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "stream": stream,
        }
        if stream and self.provider in {"openai", "hosted_vllm", "azure", "openai_like"}:
            request["stream_options"] = {"include_usage": True}
        if params.top_p < 1.0:
            request["top_p"] = params.top_p
        if params.stop:
            request["stop"] = list(params.stop)
        if params.seed is not None:
            request["seed"] = params.seed
        bias = dict(params.logit_bias)
        if params.forbidden and self.supports_logit_bias:  # forbidden-handling: bias first tokens away
            from guardgraph.tools.token_filter import api_logit_bias

            bias.update(api_logit_bias(self.model, params.forbidden))
        if bias and self.supports_logit_bias:
            request["logit_bias"] = {str(k): v for k, v in bias.items()}
        return request

    def _call(self, request: dict[str, Any]) -> Any:
        raise_if_cancelled()
        if self._plain is None:  # fallbacks: the Router decides which deployment answers
            try:
                return self.router.completion(**request)
            except Exception as exc:
                raise translate_error(exc, self.name) from exc
        call = {**self._plain, **request, "model": self._plain["model"],
                "timeout": self.stream_timeout if request.get("stream") else self.timeout}
        if request.get("stream"):
            _quiet_stream_logging()
        for attempt in range(self.num_retries + 1):
            try:
                return litellm.completion(**call)
            except Exception as exc:
                if attempt < self.num_retries and not isinstance(exc, _NOT_RETRIED):
                    sleep_unless_cancelled(retry_wait(attempt, self.retry_backoff))
                    continue
                raise translate_error(exc, self.name) from exc
        raise UpstreamError(f"model {self.name!r} call failed")  # pragma: no cover - the loop returns or raises

    def _direct_stream(self, request: dict[str, Any]) -> Iterator[str]:
        assert self.direct is not None
        usage: dict[str, Any] | None = None
        completion_chars = 0
        try:
            for text, chunk_usage in self.direct.stream(request, self.name):
                usage = chunk_usage or usage
                if text:
                    completion_chars += len(text)
                    yield text
        finally:
            if usage:
                add_usage(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)
            else:
                prompt_chars = sum(len(str(m.get("content") or "")) for m in request["messages"])
                add_usage((prompt_chars + 3) // 4, (completion_chars + 3) // 4)

    def _raw_stream(self, messages: Sequence[dict[str, str]], params: GenerationParams) -> Iterator[str]:
        request = self._request(messages, params, stream=True)
        if self.direct is not None:
            yield from self._direct_stream(request)
            return
        response = self._call(request)
        usage = None
        completion_chars = 0
        try:
            for chunk in response:
                raise_if_cancelled()  # the client went away: stop reading, close the upstream call
                usage = getattr(chunk, "usage", None) or usage
                choices = getattr(chunk, "choices", None) or []
                text = getattr(choices[0].delta, "content", None) if choices else None
                if text:
                    completion_chars += len(text)
                    yield text
        except GuardGraphError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.name, "stream") from exc
        finally:
            _close(response)
            if usage is not None:
                add_usage(getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0)
            else:  # provider sent no usage: a rough estimate (4 characters a token) beats zero
                prompt_chars = sum(len(str(m.get("content") or "")) for m in request["messages"])
                add_usage((prompt_chars + 3) // 4, (completion_chars + 3) // 4)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        params = params or GenerationParams()
        if params.forbidden:  # forbidden-handling: hold-back buffer with cut + regeneration
            from guardgraph.tools.token_filter import guarded_stream

            yield from guarded_stream(self._raw_stream, list(messages), params, params.forbidden)
            return
        yield from self._raw_stream(messages, params)

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        params = params or GenerationParams()
        if params.forbidden:  # forbidden-handling: same guarantee as streaming
            return Generation("".join(self.stream(messages, params)), model=self.name)
        if self.direct is not None:
            answer = self.direct.complete(self._request(messages, params, stream=False), self.name)
            try:
                choice, usage = answer["choices"][0], answer.get("usage") or {}
                text = choice["message"].get("content") or ""
            except (KeyError, IndexError, TypeError, AttributeError):
                raise UpstreamError(f"model {self.name!r} answered without choices") from None
            add_usage(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)
            return Generation(text=text, prompt_tokens=usage.get("prompt_tokens") or 0,
                              completion_tokens=usage.get("completion_tokens") or 0,
                              finish_reason=choice.get("finish_reason") or "stop", model=self.name)
        response = self._call(self._request(messages, params, stream=False))
        choice = response.choices[0]
        usage = getattr(response, "usage", None)
        add_usage(getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0)
        return Generation(
            text=choice.message.content or "",
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            finish_reason=choice.finish_reason or "stop",
            model=self.name,
        )
