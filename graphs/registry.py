"""Name -> node-function registry, so declarative specs can refer to agents by name.

A spec says ``agent: generator``; the builder looks the name up here. Users add their own
agent with one decorator::

    from pydantic import BaseModel
    from guardgraph import agent

    class ShoutParams(BaseModel):
        suffix: str = "!"

    @agent("shout", params=ShoutParams)
    def shout(state, config):
        params = node_context(config).params
        return {"draft": state["draft"].upper() + params.suffix}

Routers (functions ``state -> branch name`` used by conditional edges) are registered the same
way with :func:`router`.

Why a registry object rather than a bare dict: the builder can be given another registry (tests,
sandboxes), while the default one is filled lazily by importing :mod:`guardgraph.agents` the
first time a name is looked up, so importing guardgraph stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict
from langchain_core.runnables import RunnableConfig

from guardgraph.errors import UserInputError

__all__ = ["DEFAULT_REGISTRY", "AgentEntry", "NoParams", "NodeFunction", "Registry", "RouterFunction", "agent", "router"]

NodeFunction = Callable[[dict[str, Any], RunnableConfig], dict[str, Any]]
RouterFunction = Callable[[dict[str, Any]], str]


class NoParams(BaseModel):
    """Params model for agents that take none; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class AgentEntry:
    """One registered agent: its node function, its params model and a one-line description."""

    name: str
    function: NodeFunction
    params: type[BaseModel]
    description: str
    uses_model: bool


@dataclass
class Registry:
    """Agents and routers known to the spec compiler."""

    agents: dict[str, AgentEntry] = field(default_factory=dict)
    routers: dict[str, RouterFunction] = field(default_factory=dict)
    router_outputs: dict[str, frozenset[str]] = field(default_factory=dict)
    autoload: tuple[str, ...] = ()
    _loaded: bool = False

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for module in self.autoload:
            importlib.import_module(module)

    def add_agent(
        self,
        name: str,
        function: NodeFunction,
        params: type[BaseModel] = NoParams,
        description: str = "",
        uses_model: bool = False,
    ) -> None:
        if name in self.agents and self.agents[name].function is not function:
            raise UserInputError(f"agent {name!r} is already registered")
        doc = description or (function.__doc__ or "").strip().splitlines()[0:1]
        self.agents[name] = AgentEntry(
            name=name,
            function=function,
            params=params,
            description=doc if isinstance(doc, str) else (doc[0] if doc else ""),
            uses_model=uses_model,
        )

    def add_router(self, name: str, function: RouterFunction, outputs: "Iterable[str] | None" = None) -> None:
        """Register a router; ``outputs`` (every branch name it can return) lets specs be checked."""
        if name in self.routers and self.routers[name] is not function:
            raise UserInputError(f"router {name!r} is already registered")
        self.routers[name] = function
        if outputs is not None:
            self.router_outputs[name] = frozenset(str(value) for value in outputs)

    def get_agent(self, name: str) -> AgentEntry:
        self._ensure_loaded()
        try:
            return self.agents[name]
        except KeyError:
            known = ", ".join(sorted(self.agents)) or "none"
            raise KeyError(f"unknown agent {name!r} (known: {known})") from None

    def get_router(self, name: str) -> RouterFunction:
        self._ensure_loaded()
        try:
            return self.routers[name]
        except KeyError:
            known = ", ".join(sorted(self.routers)) or "none"
            raise KeyError(f"unknown router {name!r} (known: {known})") from None

    def agent_names(self) -> list[str]:
        self._ensure_loaded()
        return sorted(self.agents)

    def router_names(self) -> list[str]:
        self._ensure_loaded()
        return sorted(self.routers)


DEFAULT_REGISTRY = Registry(autoload=("guardgraph.agents",))


def agent(
    name: str,
    *,
    params: type[BaseModel] = NoParams,
    description: str = "",
    uses_model: bool = False,
    registry: Registry | None = None,
) -> Callable[[NodeFunction], NodeFunction]:
    """Register ``function(state, config) -> update`` under ``name``.

    ``params`` is the pydantic model that validates the spec's ``params:`` block for this agent;
    ``uses_model`` marks agents that call the node's bound chat model: the builder checks a binding
    exists for them, and rejects a ``model:`` given to a node whose agent never calls one.
    """

    def decorate(function: NodeFunction) -> NodeFunction:
        (registry or DEFAULT_REGISTRY).add_agent(name, function, params, description, uses_model)
        return function

    return decorate


def router(
    name: str, *, outputs: "Iterable[str] | None" = None, registry: Registry | None = None
) -> Callable[[RouterFunction], RouterFunction]:
    """Register ``function(state) -> branch`` for use in a spec's ``conditional_edges``.

    ``outputs`` declares every branch name the router can return; specs using it are then
    rejected when a route can never match or a possible branch has neither route nor default.
    """

    def decorate(function: RouterFunction) -> RouterFunction:
        (registry or DEFAULT_REGISTRY).add_router(name, function, outputs)
        return function

    return decorate
