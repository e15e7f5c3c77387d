"""The one chat-model protocol every backend implements.

Agents never talk to litellm or transformers directly: they call a :class:`ChatModel`, so the same
graph runs on the embedded SmolLM2, on any local causal LM, or on an API model, and the token
filter can be applied in the way each backend allows (logits processors locally, ``logit_bias`` and
a hold-back stream remotely).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

from guardgraph.errors import ModelError

__all__ = ["ChatModel", "Generation", "GenerationParams", "ModelError", "require_messages"]


@dataclass(frozen=True)
class GenerationParams:
    """How to decode one reply.

    ``forbidden`` lists strings that must never appear in the output (forget targets); each backend
    enforces it during decoding. ``logits_processors`` only apply to local models and ``logit_bias``
    (token id -> bias) only to API providers that support it; other backends ignore them.
    """

    max_tokens: int = 256
    temperature: float = 0.0
    top_p: float = 1.0
    stop: tuple[str, ...] = ()
    seed: int | None = None
    forbidden: tuple[str, ...] = ()
    logits_processors: tuple[Any, ...] = ()
    logit_bias: dict[int, float] = field(default_factory=dict)

    def with_updates(self, **changes: Any) -> "GenerationParams":
        return replace(self, **changes)


@dataclass(frozen=True)
class Generation:
    """A finished reply with the counts needed for cost accounting."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"
    model: str = ""


@runtime_checkable
class ChatModel(Protocol):
    """Messages in, text (or a stream of text chunks) out."""

    name: str

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        ...

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        ...


def require_messages(messages: Sequence[dict[str, str]], model: str) -> list[dict[str, str]]:
    """Reject empty prompts early with a message that names the model, instead of a provider error."""
    cleaned = [dict(m) for m in messages]
    if not cleaned or not any((m.get("content") or "").strip() for m in cleaned if m.get("role") == "user"):
        raise ModelError(f"model {model!r}: empty prompt (no user message with content)")
    for message in cleaned:
        if message.get("role") not in {"system", "user", "assistant"}:
            raise ModelError(f"model {model!r}: unsupported message role {message.get('role')!r}")
    return cleaned
