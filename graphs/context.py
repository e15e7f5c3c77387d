"""What a node gets besides the state: its params, its bound model and the shared services.

Two layers:

* :class:`RunContext` is the graph's LangGraph runtime context (``context_schema``): the bound
  models, the :class:`Services` and per-call ``settings``. ``Pipeline`` passes one to every run
  (``graph.invoke(..., context=RunContext(...))``); LangGraph hands it to the node wrapper as
  ``runtime.context``.
* :class:`NodeContext` is what one agent sees: that run context plus the node's id, validated
  params and model binding.

Nodes stay plain ``(state, config) -> update`` functions. The builder's wrapper builds the
:class:`NodeContext` from the runtime and puts it into ``config["configurable"]`` for the call, so
an agent reads it with :func:`node_context`, and a test can call an agent directly by passing a
config it built with :func:`make_node_config`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel

from guardgraph.errors import ConfigurationError, GraphRunError
from guardgraph.tools.base import ChatModel

if TYPE_CHECKING:  # heavy modules, imported only when a service is first used
    from guardgraph.memory.embeddings import Embedder
    from guardgraph.memory.forget_registry import ForgetRegistry
    from guardgraph.memory.handbook import Handbook
    from guardgraph.agents.strategy_bandit import StrategyBandit

__all__ = [
    "CONTEXT_KEY",
    "STREAM_EVENT",
    "NodeContext",
    "RunContext",
    "Services",
    "emit_token",
    "make_node_config",
    "node_context",
]

CONTEXT_KEY = "guardgraph_node"
STREAM_EVENT = "guardgraph_token"

P = TypeVar("P", bound=BaseModel)


@dataclass
class Services:
    """Durable components shared by the nodes of a pipeline, created on first use.

    Everything lives under ``data_dir`` so one folder is a pipeline's whole persistent memory.
    Services own what they open (forget registry, handbook, bandits) and close it in
    :meth:`close` (``Pipeline.close()`` calls it; ``with Services(...) as services:`` works too).
    Components passed in ``overrides`` belong to the caller and are left open.
    """

    data_dir: Path
    embedder_name: str = "auto"
    overrides: dict[str, Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False, compare=False)

    def _override(self, name: str) -> Any:
        return self.overrides.get(name)

    def _data_dir(self) -> Path:
        """``data_dir``, created if missing; a clear error when it is a file or cannot be made."""
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise ConfigurationError(f"data dir {self.data_dir} is a file, not a directory")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(f"cannot create data dir {self.data_dir}: {exc.strerror or exc}") from exc
        return self.data_dir

    @cached_property
    def embedder(self) -> "Embedder":
        if (given := self._override("embedder")) is not None:
            return given
        from guardgraph.memory.embeddings import load_embedder

        return load_embedder(self.embedder_name)

    @cached_property
    def forget_registry(self) -> "ForgetRegistry":
        if (given := self._override("forget_registry")) is not None:
            return given
        from guardgraph.memory.forget_registry import ForgetRegistry

        return ForgetRegistry(self._data_dir() / "forget.sqlite3", embedder=self.embedder)

    @cached_property
    def handbook(self) -> "Handbook":
        if (given := self._override("handbook")) is not None:
            return given
        from guardgraph.memory.handbook import Handbook

        return Handbook(self._data_dir() / "handbook", embedder=self.embedder)

    @property
    def meta_reasoner_db(self) -> Path:
        return self._data_dir() / "meta_reasoner.sqlite3"

    def strategy_bandit(self, **options: Any) -> "StrategyBandit":
        """The meta-reasoner's bandit over ``meta_reasoner_db``, one per option set, opened once.

        An override ``"strategy_bandit"`` (a ready bandit) wins; the instance still re-reads the
        log before each choice, so rows other processes append are learnt.
        """
        if (given := self._override("strategy_bandit")) is not None:
            return given
        bandits: dict[tuple[Any, ...], Any] = self.__dict__.setdefault("_bandits", {})
        key = tuple(sorted(options.items()))
        with self._lock:
            if key not in bandits:
                from guardgraph.agents.strategy_bandit import StrategyBandit

                bandits[key] = StrategyBandit(self.meta_reasoner_db, **options)
            return bandits[key]

    def close(self) -> None:
        """Close every store these services opened (not the injected ``overrides``); idempotent."""
        with self._lock:
            owned: list[Any] = list(self.__dict__.pop("_bandits", {}).values())
            for name in ("handbook", "forget_registry"):
                if name in self.__dict__ and self._override(name) is None:
                    owned.append(self.__dict__.pop(name))
        errors: list[BaseException] = []
        for resource in owned:
            try:
                resource.close()
            except Exception as exc:  # close the rest, then report the first failure
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class RunContext:
    """The LangGraph runtime context of one run (the compiled graph's ``context_schema``).

    ``settings`` carries per-call options (e.g. the server's per-request settings) to every node.
    """

    models: Mapping[str, ChatModel]
    services: Services
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Receives streamed reply chunks directly (``Pipeline.run_streaming``), instead of LangGraph's
    # "custom" stream, which runs every node in a background thread and relays each chunk.
    token_sink: Callable[[str], None] | None = None


@dataclass(frozen=True)
class NodeContext(Generic[P]):
    """Per-node view: validated params, the node's model binding, all bound models, services."""

    node_id: str
    agent: str
    params: P
    model_binding: str | None
    models: Mapping[str, ChatModel]
    services: Services
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def model(self) -> ChatModel:
        """The chat model bound to this node (``model:`` in the spec, else ``default``)."""
        return self.model_for(self.model_binding or "default")

    def model_for(self, binding: str) -> ChatModel:
        """A binding by name, e.g. a separate ``judge`` model for the verifier.

        The builder checks every binding a spec names before the graph runs, so a miss here means
        the agent asked for a name its spec never declared: an error, never a silent fallback.
        """
        try:
            return self.models[binding]
        except KeyError:
            raise ConfigurationError(
                f"node {self.node_id!r} (agent {self.agent!r}) needs model binding {binding!r}, "
                f"but the pipeline binds only {sorted(self.models) or 'none'}"
            ) from None


def node_context(config: RunnableConfig) -> NodeContext[Any]:
    """The :class:`NodeContext` the builder put in ``config`` for the running node."""
    try:
        return (config.get("configurable") or {})[CONTEXT_KEY]
    except KeyError:
        raise GraphRunError(
            "guardgraph node called without a NodeContext; build the graph with "
            "guardgraph.graphs.builder.compile_spec or pass make_node_config(...)"
        ) from None


def make_node_config(context: NodeContext[Any], base: RunnableConfig | None = None) -> RunnableConfig:
    """A config carrying ``context``; used by the builder and by tests that call agents directly."""
    base = base or {}
    configurable = {**(base.get("configurable") or {}), CONTEXT_KEY: context}
    return {**base, "configurable": configurable}


def emit_token(chunk: str) -> None:
    """Send a reply chunk to ``Pipeline.stream`` consumers; a no-op outside a streaming run."""
    if not chunk:
        return
    try:
        from langgraph.runtime import get_runtime

        runtime = get_runtime()
    except RuntimeError:  # not inside a graph run (direct agent call in a test)
        return
    sink = getattr(runtime.context, "token_sink", None)
    if sink is not None:
        sink(chunk)
        return
    runtime.stream_writer({STREAM_EVENT: chunk})
