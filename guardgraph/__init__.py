"""guardgraph: multi-agent inference-time interventions on LLMs.

The public facade. Everything here is importable without torch; local models load on first use.

    from guardgraph import Pipeline
    pipe = Pipeline.from_spec("chat", model="local")
    print(pipe.invoke("What is the capital of France?").text)

Every error guardgraph raises on purpose subclasses :class:`GuardGraphError` (see
:mod:`guardgraph.errors` for the tree).
"""

import importlib
import os as _os
from typing import TYPE_CHECKING, Any

_os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from guardgraph.errors import (  # noqa: E402
    AuthenticationError,
    BatchInputError,
    ConfigurationError,
    EvalDataError,
    GraphRunError,
    GuardGraphError,
    ModelError,
    ModelNotFoundError,
    ModelTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    PipelineError,
    RateLimitError,
    RoutingError,
    SpecError,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
    UpstreamError,
    UserInputError,
)
# The rest of the facade is imported on first use (PEP 562), so `import guardgraph.errors` and
# CLI commands that need no graph (``--help``, ``handbook list``) do not pay for importing langgraph.
_LAZY = {
    "NodeContext": "guardgraph.graphs.context",
    "Services": "guardgraph.graphs.context",
    "emit_token": "guardgraph.graphs.context",
    "node_context": "guardgraph.graphs.context",
    "Registry": "guardgraph.graphs.registry",
    "agent": "guardgraph.graphs.registry",
    "router": "guardgraph.graphs.registry",
    "Pipeline": "guardgraph.graphs.runtime",
    "Reply": "guardgraph.graphs.runtime",
    "GraphSpec": "guardgraph.graphs.spec",
    "load_spec": "guardgraph.graphs.spec",
    "ChatModel": "guardgraph.tools.base",
    "Generation": "guardgraph.tools.base",
    "GenerationParams": "guardgraph.tools.base",
    "resolve_model": "guardgraph.tools.resolve",
}

if TYPE_CHECKING:  # for editors and type checkers: the same names, imported eagerly
    from guardgraph.graphs.context import NodeContext, Services, emit_token, node_context
    from guardgraph.graphs.registry import Registry, agent, router
    from guardgraph.graphs.runtime import Pipeline, Reply
    from guardgraph.graphs.spec import GraphSpec, load_spec
    from guardgraph.tools.base import ChatModel, Generation, GenerationParams
    from guardgraph.tools.resolve import resolve_model


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'guardgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "AuthenticationError",
    "BatchInputError",
    "ChatModel",
    "ConfigurationError",
    "EvalDataError",
    "Generation",
    "GenerationParams",
    "GraphRunError",
    "GraphSpec",
    "GuardGraphError",
    "ModelError",
    "ModelNotFoundError",
    "ModelTimeoutError",
    "NodeContext",
    "NotFoundError",
    "PermissionDeniedError",
    "Pipeline",
    "PipelineError",
    "RateLimitError",
    "Registry",
    "Reply",
    "RoutingError",
    "Services",
    "SpecError",
    "StoreCorruptError",
    "StoreError",
    "StoreVersionError",
    "UpstreamError",
    "UserInputError",
    "agent",
    "emit_token",
    "load_spec",
    "node_context",
    "resolve_model",
    "router",
]
