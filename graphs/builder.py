"""Compile a validated :class:`GraphSpec` into a LangGraph ``StateGraph``.

The builder adds exactly one thing around each agent: a thin wrapper that builds the agent's
:class:`NodeContext` from the run's :class:`RunContext` (LangGraph's runtime context), checks the
update's keys against the state schema and appends one timed step to the trace. Everything else
(scheduling, checkpointing, streaming) is LangGraph's own machinery.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import var_child_runnable_config
from langgraph._internal._constants import CONFIG_KEY_RUNTIME
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.errors import GraphRecursionError, InvalidUpdateError
from langgraph.graph import END, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from guardgraph.errors import GraphRunError, RoutingError, SpecError
from guardgraph.graphs.context import NodeContext, RunContext, Services, make_node_config
from guardgraph.graphs.registry import DEFAULT_REGISTRY, AgentEntry, Registry
from guardgraph.graphs.spec import END_NAMES, ConditionalEdgeSpec, GraphSpec, NodeSpec, binding_problems
from guardgraph.graphs.state import STATE_FIELDS, AgentStep, GuardState
from guardgraph.tools.base import ChatModel

__all__ = [
    "DEFAULT_BRANCH", "RoutingError", "SequentialGraph", "bind_models", "branch_map", "build_nodes", "compile_spec",
    "make_node", "make_router",
]

TRACE_DETAIL = "trace_detail"  # popped from an update into the node's trace step


def _target(name: str) -> str:
    return END if name in END_NAMES else name


def make_node(node: NodeSpec, entry: AgentEntry, context: NodeContext[Any]):
    """Wrap ``entry.function`` as a LangGraph node that records a trace step.

    ``context`` holds the compile-time models and services; a run that passes a
    :class:`RunContext` (every ``Pipeline`` call does) replaces them for that run.
    """
    function = entry.function

    def run_node(state: GuardState, config: RunnableConfig, runtime: Runtime[RunContext]) -> dict[str, Any]:
        started = time.perf_counter()
        ctx = context
        run = getattr(runtime, "context", None)
        if isinstance(run, RunContext):
            ctx = NodeContext(
                node_id=context.node_id,
                agent=context.agent,
                params=context.params,
                model_binding=context.model_binding,
                models=run.models,
                services=run.services,
                settings=run.settings,
            )
        update = function(state, make_node_config(ctx, config))
        if update is None:
            update = {}
        if not isinstance(update, dict):
            raise GraphRunError(
                f"agent {entry.name!r} (node {node.id!r}) must return a dict update, got {type(update).__name__}"
            )
        update = dict(update)
        detail = update.pop(TRACE_DETAIL, None) or {}
        unknown = sorted(str(key) for key in update if key not in STATE_FIELDS)
        if unknown:
            raise GraphRunError(
                f"node {node.id!r} (agent {entry.name!r}) returned update key(s) {unknown} that are not "
                f"state fields; add them to GuardState or drop them (known: {', '.join(sorted(STATE_FIELDS))})"
            )
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


def build_nodes(
    spec: GraphSpec,
    *,
    models: Mapping[str, ChatModel],
    services: Services,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """Every node's function (:func:`make_node`), keyed by node id, after checking the bindings.

    Raises :class:`SpecError` when a node (or a ``*_binding`` param) names a model binding that
    ``models`` does not provide, so a wrong name fails here and never at run time.
    """
    registry = registry or DEFAULT_REGISTRY
    bound = bind_models(spec, models)
    problems = binding_problems(spec, registry, bound=set(bound))
    if problems:
        raise SpecError(spec.name, problems)
    nodes: dict[str, Any] = {}
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
        nodes[node.id] = make_node(node, entry, context)
    return nodes


def compile_spec(
    spec: GraphSpec,
    *,
    models: Mapping[str, ChatModel],
    services: Services,
    registry: Registry | None = None,
    checkpointer: BaseCheckpointSaver | None = None,
    nodes: Mapping[str, Any] | None = None,
) -> CompiledStateGraph:
    """Build and compile the graph; models are already-resolved backends keyed by binding name.

    ``nodes`` are the node functions from :func:`build_nodes` (built here when not given), so a
    caller that also runs them another way (:class:`SequentialGraph`) runs the very same objects.
    """
    registry = registry or DEFAULT_REGISTRY
    if nodes is None:
        nodes = build_nodes(spec, models=models, services=services, registry=registry)
    graph = StateGraph(GuardState, context_schema=RunContext)
    for node in spec.nodes:
        graph.add_node(node.id, nodes[node.id])
    graph.set_entry_point(spec.entry)
    for edge in spec.edges:
        graph.add_edge(edge.source, _target(edge.target))
    for cond in spec.conditional_edges:
        graph.add_conditional_edges(cond.source, make_router(cond, registry), branch_map(cond))
    return graph.compile(checkpointer=checkpointer, name=spec.name)


class SequentialGraph:
    """The same graph run without LangGraph's scheduler, for turns where that is exactly equivalent.

    A spec whose every node has at most one successor (one plain edge or one conditional edge:
    no fan-out, so LangGraph runs one node per superstep) is a chain of node calls. Pregel's
    per-superstep work (task preparation, write application, checkpoint bookkeeping, callbacks)
    costs ~0.5 ms a step here (3-4 ms a forget_guard turn, as much as the watchdog), so for
    a turn that is not checkpointed (no thread) this runs the *same* node functions
    (:func:`build_nodes`) and routers (:func:`make_router`) in the same order, folding each
    update into the compiled graph's own channels (so ``add_messages`` and every other reducer
    behave exactly as in LangGraph), with the run's :class:`RunContext` visible to
    ``get_runtime()`` (``emit_token``) as inside a LangGraph run. ``tests/test_server_units.py``
    checks both paths give the same state, trace and chunks.

    :meth:`for_spec` returns ``None`` for a spec it cannot run this way (fan-out, several entry
    edges); callers then use the compiled graph.
    """

    def __init__(self, entry: str, nodes: Mapping[str, Any], edges: Mapping[str, str],
                 branches: Mapping[str, tuple[Any, dict[str, str]]], channels: Mapping[str, Any]) -> None:
        self.entry = entry
        self.nodes = dict(nodes)
        self.edges = dict(edges)
        self.branches = dict(branches)
        self.channels = {name: channels[name] for name in STATE_FIELDS if name in channels}

    @classmethod
    def for_spec(cls, spec: GraphSpec, nodes: Mapping[str, Any], compiled: CompiledStateGraph,
                 registry: Registry | None = None) -> "SequentialGraph | None":
        registry = registry or DEFAULT_REGISTRY
        edges: dict[str, str] = {}
        branches: dict[str, tuple[Any, dict[str, str]]] = {}
        for edge in spec.edges:
            if edge.source in edges or edge.source in branches:
                return None  # fan-out: several nodes in one superstep
            edges[edge.source] = _target(edge.target)
        for cond in spec.conditional_edges:
            if cond.source in edges or cond.source in branches:
                return None
            branches[cond.source] = (make_router(cond, registry), branch_map(cond))
        if any(name not in compiled.channels for name in ("messages", "trace")):
            return None
        return cls(spec.entry, nodes, edges, branches, compiled.channels)

    def invoke(self, payload: Mapping[str, Any], config: Mapping[str, Any], context: RunContext) -> dict[str, Any]:
        """Run one turn from an empty state (no checkpointer); returns the final state values."""
        channels = {name: channel.copy() for name, channel in self.channels.items()}

        def write(update: Mapping[str, Any]) -> None:
            for key, value in update.items():
                channel = channels.get(key)
                if channel is None:
                    raise InvalidUpdateError(f"unknown state key {key!r}")
                channel.update([value])

        def values() -> dict[str, Any]:
            return {name: channel.get() for name, channel in channels.items() if channel.is_available()}

        runtime = Runtime(context=context)
        node_config = {**config, "configurable": {**(config.get("configurable") or {}), CONFIG_KEY_RUNTIME: runtime}}
        limit = int(config.get("recursion_limit", 25))
        write(payload)
        token = var_child_runnable_config.set(node_config)  # what get_config()/get_runtime() read in a node
        try:
            current, steps = self.entry, 0
            while current != END:
                steps += 1
                if steps > limit:
                    raise GraphRecursionError(f"Recursion limit of {limit} reached without hitting a stop condition.")
                write(self.nodes[current](values(), node_config, runtime))
                if current in self.branches:
                    route, mapping = self.branches[current]
                    current = mapping[route(values())]
                else:
                    current = self.edges.get(current, END)
        finally:
            var_child_runnable_config.reset(token)
        return values()
