"""Compile a validated :class:`GraphSpec` into a LangGraph ``StateGraph``.

The builder adds exactly one thing around each agent: a thin wrapper that hands the agent its
:class:`NodeContext` and appends one timed step to the trace. Everything else (scheduling,
checkpointing, streaming) is LangGraph's own machinery.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, StateGraph
from langgraph.graph.state import CompiledStateGraph

from guardgraph.errors import GraphRunError, RoutingError
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.graphs.registry import DEFAULT_REGISTRY, AgentEntry, Registry
from guardgraph.graphs.spec import END_NAMES, ConditionalEdgeSpec, GraphSpec, NodeSpec
from guardgraph.graphs.state import AgentStep, GuardState
from guardgraph.tools.base import ChatModel


def _target(name: str) -> str:
    return END if name in END_NAMES else name


def make_node(node: NodeSpec, entry: AgentEntry, context: NodeContext[Any]):
    """Wrap ``entry.function`` as a LangGraph node that records a trace step."""
    function = entry.function

    def run_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
        started = time.perf_counter()
        update = function(state, make_node_config(context, config))
        if update is None:
            update = {}
        if not isinstance(update, dict):
            raise TypeError(f"agent {entry.name!r} (node {node.id!r}) must return a dict update, got {type(update).__name__}")
        update = dict(update)
        detail = update.pop("trace_detail", None) or {}
        step = AgentStep(
            turn=state.get("turn", ""),
            node=node.id,
            agent=entry.name,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            detail=detail,
        )
        update["trace"] = [step]
        return update

    run_node.__name__ = f"node_{node.id}"
    return run_node


DEFAULT_BRANCH = "otherwise"


def make_router(cond: ConditionalEdgeSpec, registry: Registry):
    """A routing function returning the *branch name*; :func:`branch_map` maps names to nodes.

    Returning branch names (not node ids) lets LangGraph label the edges in the mermaid picture.
    """
    if cond.router is not None:
        select = registry.get_router(cond.router)
    else:
        field = cond.field

        def select(state: GuardState) -> str:
            return str(state.get(field))  # type: ignore[arg-type]

    def route(state: GuardState) -> str:
        value = select(state)
        if value in cond.routes:
            return value
        if cond.default is not None:
            return DEFAULT_BRANCH
        selector = f"router {cond.router!r}" if cond.router else f"state field {cond.field!r}"
        raise RoutingError(
            f"conditional edge from {cond.source!r}: {selector} gave {value!r}, "
            f"which has no route (routes: {sorted(cond.routes)}) and no default"
        )

    route.__name__ = f"route_after_{cond.source}"
    return route


def branch_map(cond: ConditionalEdgeSpec) -> dict[str, str]:
    """Branch name -> target node (END resolved), including the default branch."""
    mapping = {value: _target(target) for value, target in cond.routes.items()}
    if cond.default is not None:
        mapping[DEFAULT_BRANCH] = _target(cond.default)
    return mapping


def bind_models(spec: GraphSpec, models: Mapping[str, ChatModel]) -> dict[str, ChatModel]:
    """Map every binding to a model; a binding whose value names another binding aliases it."""
    bound: dict[str, ChatModel] = dict(models)
    for binding, value in spec.models.items():
        if binding not in bound and value in bound:
            bound[binding] = bound[value]
    return bound


def compile_spec(
    spec: GraphSpec,
    *,
    models: Mapping[str, ChatModel],
    services: Services,
    registry: Registry | None = None,
    checkpointer: BaseCheckpointSaver | None = None,
) -> CompiledStateGraph:
    """Build and compile the graph; models are already-resolved backends keyed by binding name."""
    registry = registry or DEFAULT_REGISTRY
    bound = bind_models(spec, models)
    graph = StateGraph(GuardState)
    for node in spec.nodes:
        entry = registry.get_agent(node.agent)
        context = NodeContext(
            node_id=node.id,
            agent=entry.name,
            params=entry.params.model_validate(node.params),
            model_binding=node.model,
            models=bound,
            services=services,
        )
        graph.add_node(node.id, make_node(node, entry, context))
    graph.set_entry_point(spec.entry)
    for edge in spec.edges:
        graph.add_edge(edge.source, _target(edge.target))
    for cond in spec.conditional_edges:
        graph.add_conditional_edges(cond.source, make_router(cond, registry), branch_map(cond))
    return graph.compile(checkpointer=checkpointer, name=spec.name)
