"""Declarative graph specs (YAML or JSON), validated by pydantic before anything is compiled.

A spec names agents from the registry, wires them with edges and conditional edges, and binds
models by role::

    name: chat
    models: {default: local}
    entry: generate
    nodes:
      - {id: generate, agent: generator, params: {max_tokens: 256}}
    edges:
      - {from: generate, to: END}

Every structural mistake is reported with the file, the field path (``nodes[1].agent``) and the
reason, so a user fixes a spec without reading a LangGraph traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_type_hints

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from guardgraph.errors import SpecError
from guardgraph.graphs.registry import DEFAULT_REGISTRY, Registry
from guardgraph.graphs.state import GuardState

END_NAMES = {"END", "__end__"}
PREBUILT_DIR = Path(__file__).parent / "specs"
STATE_FIELDS = frozenset(get_type_hints(GuardState, include_extras=False))


class NodeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_\-]*$")
    agent: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    model: str | None = None  # name of a binding in ``models``; defaults to "default"


class EdgeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: str = Field(alias="from", min_length=1)
    target: str = Field(alias="to", min_length=1)


class ConditionalEdgeSpec(BaseModel):
    """Branch after ``from``: on the value of a state ``field`` or on a registered ``router``.

    (Not ``on:``: YAML 1.1 reads a bare ``on`` key as the boolean ``true``.)
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: str = Field(alias="from", min_length=1)
    field: str | None = None
    router: str | None = None
    routes: dict[str, str] = Field(min_length=1)
    default: str | None = None

    @model_validator(mode="after")
    def _one_selector(self) -> "ConditionalEdgeSpec":
        if (self.field is None) == (self.router is None):
            raise ValueError("give exactly one of 'field' (a state field) or 'router' (a registered router)")
        if self.field is not None and self.field not in STATE_FIELDS:
            raise ValueError(f"'field: {self.field}' is not a state field (known: {', '.join(sorted(STATE_FIELDS))})")
        return self


class GraphSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    version: int = 1
    models: dict[str, str] = Field(default_factory=lambda: {"default": "local"})
    entry: str
    nodes: list[NodeSpec] = Field(min_length=1)
    edges: list[EdgeSpec] = Field(default_factory=list)
    conditional_edges: list[ConditionalEdgeSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_structure(self) -> "GraphSpec":
        problems = structural_problems(self)
        if problems:
            raise ValueError("; ".join(f"{where}: {why}" for where, why in problems))
        return self

    def node(self, node_id: str) -> NodeSpec:
        return next(n for n in self.nodes if n.id == node_id)


def structural_problems(spec: GraphSpec) -> list[tuple[str, str]]:
    """Cross-field checks pydantic cannot express per field: references, reachability, bindings."""
    problems: list[tuple[str, str]] = []
    ids = [n.id for n in spec.nodes]
    known = set(ids)
    for index, node_id in enumerate(ids):
        if node_id in ids[:index]:
            problems.append((f"nodes[{index}].id", f"duplicate node id {node_id!r}"))
        if node_id in END_NAMES:
            problems.append((f"nodes[{index}].id", f"{node_id!r} is reserved"))
    if "default" not in spec.models:
        problems.append(("models", "a 'default' model binding is required"))
    for binding, value in spec.models.items():
        if not value.strip():
            problems.append((f"models.{binding}", "empty model string"))
    for index, node in enumerate(spec.nodes):
        if node.model is not None and node.model not in spec.models:
            problems.append((f"nodes[{index}].model", f"unknown model binding {node.model!r} (known: {sorted(spec.models)})"))

    def check_target(where: str, target: str) -> None:
        if target not in known and target not in END_NAMES:
            problems.append((where, f"unknown node {target!r} (known: {sorted(known)} or END)"))

    if spec.entry not in known:
        problems.append(("entry", f"unknown node {spec.entry!r} (known: {sorted(known)})"))
    successors: dict[str, set[str]] = {node_id: set() for node_id in ids}
    for index, edge in enumerate(spec.edges):
        if edge.source not in known:
            problems.append((f"edges[{index}].from", f"unknown node {edge.source!r} (known: {sorted(known)})"))
        check_target(f"edges[{index}].to", edge.target)
        successors.setdefault(edge.source, set()).add(edge.target)
    for index, cond in enumerate(spec.conditional_edges):
        if cond.source not in known:
            problems.append((f"conditional_edges[{index}].from", f"unknown node {cond.source!r}"))
        for value, target in cond.routes.items():
            check_target(f"conditional_edges[{index}].routes.{value}", target)
            successors.setdefault(cond.source, set()).add(target)
        if cond.default is not None:
            check_target(f"conditional_edges[{index}].default", cond.default)
            successors.setdefault(cond.source, set()).add(cond.default)
    for index, node_id in enumerate(ids):
        if not successors.get(node_id):
            problems.append((f"nodes[{index}]", f"node {node_id!r} has no outgoing edge (add an edge to END)"))
    if problems:
        return problems
    reachable, frontier = {spec.entry}, [spec.entry]
    while frontier:
        for nxt in successors.get(frontier.pop(), ()):
            if nxt not in reachable and nxt not in END_NAMES:
                reachable.add(nxt)
                frontier.append(nxt)
    for index, node_id in enumerate(ids):
        if node_id not in reachable:
            problems.append((f"nodes[{index}]", f"node {node_id!r} is unreachable from entry {spec.entry!r}"))
    return problems


def registry_problems(spec: GraphSpec, registry: Registry) -> list[tuple[str, str]]:
    """Checks that need the agent registry: agent names, router names, each agent's params."""
    problems: list[tuple[str, str]] = []
    for index, node in enumerate(spec.nodes):
        try:
            entry = registry.get_agent(node.agent)
        except KeyError as exc:
            problems.append((f"nodes[{index}].agent", str(exc.args[0])))
            continue
        try:
            entry.params.model_validate(node.params)
        except ValidationError as exc:
            for error in exc.errors():
                loc = ".".join(str(part) for part in error["loc"])
                problems.append((f"nodes[{index}].params{'.' + loc if loc else ''}", error["msg"]))
    for index, cond in enumerate(spec.conditional_edges):
        if cond.router is not None:
            try:
                registry.get_router(cond.router)
            except KeyError as exc:
                problems.append((f"conditional_edges[{index}].router", str(exc.args[0])))
    return problems


def _pydantic_problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
        message = error["msg"].removeprefix("Value error, ")
        problems.append((where, message))
    return problems


def parse_spec(data: Any, *, source: str = "<spec>", registry: Registry | None = None) -> GraphSpec:
    """Validate already-parsed spec data; raises :class:`SpecError` listing every problem found."""
    if not isinstance(data, dict):
        raise SpecError(source, [("", f"a spec must be a mapping, got {type(data).__name__}")])
    try:
        spec = GraphSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(source, _pydantic_problems(exc)) from None
    problems = registry_problems(spec, registry or DEFAULT_REGISTRY)
    if problems:
        raise SpecError(source, problems)
    return spec


def prebuilt_specs() -> list[str]:
    return sorted(p.stem for p in PREBUILT_DIR.glob("*.yaml"))


def spec_path(ref: str | Path) -> Path:
    """Resolve a prebuilt spec name (``chat``) or a file path."""
    path = Path(ref).expanduser()
    if path.suffix in {".yaml", ".yml", ".json"} or path.exists():
        if not path.exists():
            raise SpecError(str(path), [("", "file not found")])
        return path
    prebuilt = PREBUILT_DIR / f"{ref}.yaml"
    if prebuilt.exists():
        return prebuilt
    raise SpecError(str(ref), [("", f"no such spec file or prebuilt spec (prebuilt: {', '.join(prebuilt_specs())})")])


def load_spec(ref: str | Path | dict[str, Any] | GraphSpec, *, registry: Registry | None = None) -> GraphSpec:
    """Load and validate a spec from a prebuilt name, a ``.yaml``/``.json`` path, a dict or a GraphSpec."""
    if isinstance(ref, GraphSpec):
        return ref
    if isinstance(ref, dict):
        return parse_spec(ref, registry=registry)
    path = spec_path(ref)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SpecError(str(path), [("", f"cannot parse {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}")]) from None
    return parse_spec(data, source=str(path), registry=registry)
