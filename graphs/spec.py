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
import types
import typing
from typing import Any, Literal, get_args, get_origin, get_type_hints

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from guardgraph.errors import SpecError
from guardgraph.graphs.registry import DEFAULT_REGISTRY, Registry
from guardgraph.graphs.state import STATE_FIELDS, GuardState

__all__ = [
    "END_NAMES",
    "PREBUILT_DIR",
    "ConditionalEdgeSpec",
    "EdgeSpec",
    "GraphSpec",
    "NodeSpec",
    "SpecError",
    "binding_problems",
    "load_spec",
    "parse_spec",
    "prebuilt_specs",
    "registry_problems",
    "spec_path",
    "structural_problems",
]

END_NAMES = {"END", "__end__"}
PREBUILT_DIR = Path(__file__).parent / "specs"
BINDING_SUFFIX = "_binding"  # a params field named like this holds the name of a model binding
MAX_SPEC_BYTES = 1_000_000


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
    exits = _can_reach_end(successors)
    for index, node_id in enumerate(ids):
        if node_id in reachable and node_id not in exits:
            problems.append((f"nodes[{index}]", f"node {node_id!r} cannot reach END (a cycle with no exit)"))
    for index, cond in enumerate(spec.conditional_edges):
        if cond.field is not None:
            problems.extend(_route_problems(f"conditional_edges[{index}]", cond, _field_values(cond.field)))
    return problems


def _can_reach_end(successors: dict[str, set[str]]) -> set[str]:
    """Nodes with a path to END (fixed point over the successor map)."""
    done: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node_id, nexts in successors.items():
            if node_id not in done and any(n in END_NAMES or n in done for n in nexts):
                done.add(node_id)
                changed = True
    return done


def _field_values(field: str) -> set[str] | None:
    """Every value ``str(state[field])`` can take, when the field's type bounds it; else None."""
    hint = get_type_hints(GuardState).get(field)
    values: set[str] = set()
    for option in get_args(hint) if get_origin(hint) in (typing.Union, types.UnionType) else (hint,):
        if option is type(None):
            values.add("None")
        elif option is bool:
            values |= {"True", "False"}
        elif get_origin(option) is Literal:
            values |= {str(v) for v in get_args(option)}
        else:
            return None
    return values


def _route_problems(where: str, cond: "ConditionalEdgeSpec", possible: "set[str] | frozenset[str] | None") -> list[tuple[str, str]]:
    """Routes whose value can never come up, and values with neither a route nor a default."""
    if possible is None:
        return []
    selector = f"router {cond.router!r}" if cond.router else f"state field {cond.field!r}"
    problems = [
        (f"{where}.routes.{value}", f"{selector} never gives {value!r} (it gives {sorted(possible)})")
        for value in cond.routes
        if value not in possible
    ]
    missing = sorted(possible - set(cond.routes))
    if missing and cond.default is None:
        problems.append((f"{where}.routes", f"{selector} can give {missing}, which have no route; add them or a 'default'"))
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
                continue
            outputs = registry.router_outputs.get(cond.router)
            problems.extend(_route_problems(f"conditional_edges[{index}]", cond, outputs))
    if not problems:
        problems.extend(binding_problems(spec, registry))
    return problems


def binding_problems(spec: GraphSpec, registry: Registry, *, bound: set[str] | None = None) -> list[tuple[str, str]]:
    """Model bindings each node will ask for, checked against the ones that exist.

    A node of an agent registered with ``uses_model=True`` asks for its ``model:`` (else
    ``default``); an agent that never calls a model must not be given one; every params field
    named ``*_binding`` names a binding too (e.g. the verifier's ``judge_binding``). ``bound`` is
    the set of binding names the pipeline resolved (default: the spec's ``models`` keys).
    """
    known = set(spec.models) if bound is None else set(bound)
    problems: list[tuple[str, str]] = []
    for index, node in enumerate(spec.nodes):
        entry = registry.get_agent(node.agent)
        if node.model is not None and not entry.uses_model:
            problems.append((f"nodes[{index}].model", f"agent {entry.name!r} does not call a model; remove 'model: {node.model}'"))
        wanted = node.model or "default"
        if (entry.uses_model or node.model is not None) and wanted not in known:
            problems.append((f"nodes[{index}].model", f"unknown model binding {wanted!r} (known: {sorted(known)})"))
        params = entry.params.model_validate(node.params)
        for name in type(params).model_fields:
            value = getattr(params, name)
            if name.endswith(BINDING_SUFFIX) and isinstance(value, str) and value not in known:
                problems.append((f"nodes[{index}].params.{name}", f"unknown model binding {value!r} (known: {sorted(known)})"))
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
    if isinstance(ref, str) and (not ref.strip() or any(ord(ch) < 32 for ch in ref)):
        raise SpecError(repr(ref), [("", "a spec is a prebuilt name or a file path, without control characters")])
    path = Path(ref).expanduser()
    if path.suffix in {".yaml", ".yml", ".json"} or path.exists():
        if not path.exists():
            raise SpecError(str(path), [("", "file not found")])
        if path.is_dir():
            raise SpecError(str(path), [("", "is a directory, not a spec file")])
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
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(str(path), [("", f"file is larger than {MAX_SPEC_BYTES} bytes; not a spec")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError(str(path), [("", "not a text file (cannot decode it as UTF-8)")]) from None
    except OSError as exc:
        raise SpecError(str(path), [("", f"cannot read: {exc.strerror or exc}")]) from None
    if "\x00" in text:
        raise SpecError(str(path), [("", "not a text file (contains NUL bytes)")])
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise SpecError(str(path), [("", f"cannot parse {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}")]) from None
    return parse_spec(data, source=str(path), registry=registry)
