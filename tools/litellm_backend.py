"""Black-box API models through litellm: any provider string litellm knows.

Every call goes through a ``litellm.Router`` so retries, timeouts and fallbacks are the library's
well-tested logic, not ours. ``logit_bias`` is only sent where litellm says the provider accepts
it; the streaming hold-back guard (``tools/token_filter``) covers every provider, since bias alone
cannot stop a name that tokenises another way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # never fetch the cost map at import

import litellm  # noqa: E402

from guardgraph.tools.base import Generation, GenerationParams, ModelError, require_messages  # noqa: E402

litellm.suppress_debug_info = True
PRIMARY = "primary"


def provider_of(model: str) -> str:
    """The litellm provider for ``model``, or a ModelError naming the unknown model."""
    try:
        return litellm.get_llm_provider(model)[1]
    except Exception as exc:  # litellm raises BadRequestError with a long banner
        raise ModelError(
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
    """A litellm model behind a Router (retries, timeout, fallbacks).

    ``mock_response`` is litellm's own offline mock: the full request path runs, only the provider
    HTTP call is replaced, which is what makes API-path tests meaningful without a network.
    """

    def __init__(
        self,
        model: str,
        *,
        fallbacks: Sequence[str] = (),
        num_retries: int = 2,
        timeout: float = 60.0,
        mock_response: Any = None,
        **litellm_params: Any,
    ) -> None:
        self.model = model
        self.name = model
        # What rebuilds this backend in another process (ray workers, multiprocessing): the
        # Router holds locks and clients that cannot travel, the arguments can.
        self._init_kwargs: dict[str, Any] = dict(
            fallbacks=tuple(fallbacks), num_retries=num_retries, timeout=timeout,
            mock_response=mock_response, **litellm_params,
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
        self.router = litellm.Router(
            model_list=deployments,
            num_retries=num_retries,
            timeout=timeout,
            retry_after=0,
            fallbacks=[{PRIMARY: fallback_names}] if fallback_names else [],
        )
        self.supports_logit_bias = supports_param(model, "logit_bias")

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
        try:
            return self.router.completion(**request)
        except Exception as exc:
            raise ModelError(f"model {self.name!r} call failed: {type(exc).__name__}: {exc}") from exc

    def _raw_stream(self, messages: Sequence[dict[str, str]], params: GenerationParams) -> Iterator[str]:
        response = self._call(self._request(messages, params, stream=True))
        try:
            for chunk in response:
                choices = getattr(chunk, "choices", None) or []
                text = getattr(choices[0].delta, "content", None) if choices else None
                if text:
                    yield text
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"model {self.name!r} stream failed: {type(exc).__name__}: {exc}") from exc

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
        response = self._call(self._request(messages, params, stream=False))
        choice = response.choices[0]
        usage = getattr(response, "usage", None)
        return Generation(
            text=choice.message.content or "",
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
            finish_reason=choice.finish_reason or "stop",
            model=self.name,
        )
