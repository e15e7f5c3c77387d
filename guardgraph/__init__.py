"""guardgraph: multi-agent inference-time interventions on LLMs.

The public facade. Everything here is importable without torch; local models load on first use.

    from guardgraph import Pipeline
    pipe = Pipeline.from_spec("chat", model="local")
    print(pipe.invoke("What is the capital of France?").text)

Every error guardgraph raises on purpose subclasses :class:`GuardGraphError` (see
:mod:`guardgraph.errors` for the tree).
"""

import os as _os

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
from guardgraph.graphs.context import NodeContext, Services, emit_token, node_context  # noqa: E402
from guardgraph.graphs.registry import Registry, agent, router  # noqa: E402
from guardgraph.graphs.runtime import Pipeline, Reply  # noqa: E402
from guardgraph.graphs.spec import GraphSpec, load_spec  # noqa: E402
from guardgraph.tools.base import ChatModel, Generation, GenerationParams  # noqa: E402
from guardgraph.tools.resolve import resolve_model  # noqa: E402

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
