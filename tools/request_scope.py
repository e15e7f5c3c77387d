"""What one request carries down to the model calls it causes: cancellation and token usage.

A server request runs the graph in a worker thread, and LangGraph runs each node in a pool thread;
``contextvars`` follow both hops (LangGraph copies the context into its tasks), so a backend can
ask "was my request cancelled?" and report "this call used N tokens" without any node having to
pass anything along.

* :func:`request_scope` opens a scope (a cancel event + a usage counter) for the code inside it.
* Backends call :func:`raise_if_cancelled` between stream chunks and before a call, and
  :func:`add_usage` with what the provider reported.
* :func:`apply_settings` turns per-request settings (``max_tokens``, ``temperature``, ``top_p``,
  ``stop``, ``seed``) into the :class:`GenerationParams` the generator decodes with.
  ``stream_draft`` (a ``Pipeline.stream`` setting) lets a guarded, non-final generator stream
  its draft: for callers that keep their own hold-back guard and handle a later rewrite (the
  server does); plain ``Pipeline.stream`` keeps yielding such replies only once they are final.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from guardgraph.errors import GraphRunError, UserInputError

__all__ = [
    "RequestCancelled",
    "RequestScope",
    "SETTING_KEYS",
    "add_usage",
    "apply_settings",
    "current_scope",
    "raise_if_cancelled",
    "request_scope",
    "validate_settings",
]

SETTING_KEYS = ("max_tokens", "temperature", "top_p", "stop", "seed")


class RequestCancelled(GraphRunError):
    """The caller went away (client disconnect or deadline); the run stopped its model calls."""

    status = 499
    code = "request_cancelled"


@dataclass
class RequestScope:
    """Cancellation flag and token usage shared by every model call of one request."""

    cancel: threading.Event = field(default_factory=threading.Event)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model_calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self.prompt_tokens += max(0, int(prompt_tokens or 0))
            self.completion_tokens += max(0, int(completion_tokens or 0))
            self.model_calls += 1

    @property
    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens}


_SCOPE: contextvars.ContextVar[RequestScope | None] = contextvars.ContextVar("guardgraph_request_scope", default=None)


def current_scope() -> RequestScope | None:
    return _SCOPE.get()


@contextmanager
def request_scope(scope: RequestScope | None = None) -> Iterator[RequestScope]:
    """Run the block inside ``scope`` (a new one by default); model calls in it report to it."""
    scope = scope or RequestScope()
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)


def raise_if_cancelled() -> None:
    scope = _SCOPE.get()
    if scope is not None and scope.cancel.is_set():
        raise RequestCancelled("request cancelled: the client went away or the deadline passed")


def sleep_unless_cancelled(seconds: float) -> None:
    """Sleep ``seconds`` (a retry back-off); a cancelled request wakes at once and raises."""
    if seconds <= 0:
        return
    scope = _SCOPE.get()
    if scope is None:
        time.sleep(seconds)
    elif scope.cancel.wait(seconds):
        raise RequestCancelled("request cancelled: the client went away or the deadline passed")


def add_usage(prompt_tokens: int, completion_tokens: int) -> None:
    scope = _SCOPE.get()
    if scope is not None:
        scope.add(prompt_tokens, completion_tokens)


def validate_settings(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """Checked copy of per-request decoding settings; unknown keys and bad values are a UserInputError."""
    if not settings:
        return {}
    clean: dict[str, Any] = {}
    for key, value in settings.items():
        if value is None:
            continue
        if key == "max_tokens":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32768:
                raise UserInputError(f"max_tokens must be an integer between 1 and 32768, got {value!r}")
        elif key == "temperature":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 2.0:
                raise UserInputError(f"temperature must be a number between 0 and 2, got {value!r}")
            value = float(value)
        elif key == "top_p":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value <= 1.0:
                raise UserInputError(f"top_p must be a number in (0, 1], got {value!r}")
            value = float(value)
        elif key == "stop":
            stops = [value] if isinstance(value, str) else value
            if (not isinstance(stops, (list, tuple)) or len(stops) > 4
                    or not all(isinstance(s, str) and s and len(s) <= 256 for s in stops)):
                raise UserInputError("stop must be a string or a list of at most 4 non-empty strings")
            value = tuple(stops)
        elif key == "seed":
            if isinstance(value, bool) or not isinstance(value, int):
                raise UserInputError(f"seed must be an integer, got {value!r}")
        elif key == "stream_draft":
            value = bool(value)
        else:
            raise UserInputError(f"unknown setting {key!r} (known: {', '.join(SETTING_KEYS)}, stream_draft)")
        clean[key] = value
    return clean


def apply_settings(params: Any, settings: Mapping[str, Any] | None) -> Any:
    """``params`` (a GenerationParams) with the request's decoding settings applied."""
    if not settings:
        return params
    changes = {key: settings[key] for key in SETTING_KEYS if settings.get(key) is not None}
    if "stop" in changes:
        changes["stop"] = tuple(changes["stop"])
    return params.with_updates(**changes) if changes else params
