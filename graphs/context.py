"""What a node gets besides the state: its params, its bound model and the shared services.

Nodes stay plain ``(state, config) -> update`` functions. The builder puts a :class:`NodeContext`
into ``config["configurable"]`` for each node call, so an agent reads its validated params and its
model binding from there instead of from globals, and a test can call an agent directly by passing
a config it built with :func:`make_node_config`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel

from guardgraph.tools.base import ChatModel, ModelError

if TYPE_CHECKING:  # heavy modules, imported only when a service is first used
    from guardgraph.memory.embeddings import Embedder
    from guardgraph.memory.forget_registry import ForgetRegistry
    from guardgraph.memory.handbook import Handbook

CONTEXT_KEY = "guardgraph_node"
STREAM_EVENT = "guardgraph_token"

P = TypeVar("P", bound=BaseModel)


@dataclass
class Services:
    """Durable components shared by the nodes of a pipeline, created on first use.

    Everything lives under ``data_dir`` so one folder is a pipeline's whole persistent memory.
    """

    data_dir: Path
    embedder_name: str = "auto"
    overrides: dict[str, Any] = field(default_factory=dict)

    def _override(self, name: str) -> Any:
        return self.overrides.get(name)

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

        self.data_dir.mkdir(parents=True, exist_ok=True)
        return ForgetRegistry(self.data_dir / "forget.sqlite3", embedder=self.embedder)

    @cached_property
    def handbook(self) -> "Handbook":
        if (given := self._override("handbook")) is not None:
            return given
        from guardgraph.memory.handbook import Handbook

        return Handbook(self.data_dir / "handbook", embedder=self.embedder)

    @property
    def meta_reasoner_db(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir / "meta_reasoner.sqlite3"


@dataclass(frozen=True)
class NodeContext(Generic[P]):
    """Per-node view: validated params, the node's model binding, all bound models, services."""

    node_id: str
    agent: str
    params: P
    model_binding: str | None
    models: Mapping[str, ChatModel]
    services: Services

    @property
    def model(self) -> ChatModel:
        """The chat model bound to this node; a clear error when the spec bound none."""
        binding = self.model_binding or "default"
        try:
            return self.models[binding]
        except KeyError:
            raise ModelError(
                f"node {self.node_id!r} (agent {self.agent!r}) needs model binding {binding!r}, "
                f"but the pipeline has only {sorted(self.models) or 'none'}"
            ) from None

    def model_for(self, binding: str) -> ChatModel:
        """Another binding by name, e.g. a separate ``judge`` model for the verifier."""
        if binding in self.models:
            return self.models[binding]
        return self.model


def node_context(config: RunnableConfig) -> NodeContext[Any]:
    """The :class:`NodeContext` the builder put in ``config`` for the running node."""
    try:
        return (config.get("configurable") or {})[CONTEXT_KEY]
    except KeyError:
        raise RuntimeError(
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
        from langgraph.config import get_stream_writer

        writer = get_stream_writer()
    except RuntimeError:  # not inside a graph run (direct agent call in a test)
        return
    writer({STREAM_EVENT: chunk})
