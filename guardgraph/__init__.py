"""guardgraph: multi-agent inference-time interventions on LLMs.

The public facade. Everything here is importable without torch; local models load on first use.

    from guardgraph import Pipeline
    pipe = Pipeline.from_spec("chat", model="local")
    print(pipe.invoke("What is the capital of France?").text)
"""

import os as _os

_os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from guardgraph.graphs.context import NodeContext, Services, emit_token, node_context  # noqa: E402
from guardgraph.graphs.registry import Registry, agent, router  # noqa: E402
from guardgraph.graphs.runtime import Pipeline, PipelineError, Reply  # noqa: E402
from guardgraph.graphs.spec import GraphSpec, SpecError, load_spec  # noqa: E402
from guardgraph.tools.base import ChatModel, Generation, GenerationParams, ModelError  # noqa: E402
from guardgraph.tools.resolve import resolve_model  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "ChatModel",
    "Generation",
    "GenerationParams",
    "GraphSpec",
    "ModelError",
    "NodeContext",
    "Pipeline",
    "PipelineError",
    "Registry",
    "Reply",
    "Services",
    "SpecError",
    "agent",
    "emit_token",
    "load_spec",
    "node_context",
    "resolve_model",
    "router",
]
