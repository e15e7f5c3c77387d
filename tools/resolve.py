"""Model strings are turned into backends here, and only here.

- ``local``: the embedded SmolLM2-135M-Instruct (converted once to the cache dir).
- ``local:<folder or hub id>``: any transformers causal LM the user has (offline: a folder).
- anything else: a litellm model string (``openai/gpt-4o-mini``, ``ollama/llama3``...).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from guardgraph.tools.base import ChatModel, ModelError
from guardgraph.tools.embedded import StatusCallback, ensure_embedded_model

LOCAL_PREFIX = "local:"


def local_source(spec: str) -> tuple[str, bool]:
    """(folder or hub id, is a folder) of a ``local:...`` string; ModelError when it cannot be one.

    A path-like source (``/...``, ``~...``, ``./...``, or anything but ``org/name``) must be an
    existing folder with a ``config.json``; ``org/name`` is taken as a hub id from the local cache.
    """
    source = spec[len(LOCAL_PREFIX) :].strip()
    if not source:
        raise ModelError("'local:' needs a folder or hub id, e.g. 'local:/models/qwen2.5-0.5b'")
    path = Path(source).expanduser()
    if path.exists():
        if not (path / "config.json").exists():
            raise ModelError(f"local model folder {path} has no config.json")
        return str(path), True
    if source.startswith(("/", "~", ".")) or "\\" in source or source.count("/") != 1:
        raise ModelError(f"local model folder {path} does not exist")
    return source, False


def describe_model(spec: str) -> dict[str, str]:
    """What a model string means, without loading anything (for ``guardgraph models``)."""
    if spec == "local":
        return {"model": spec, "backend": "transformers", "source": "embedded SmolLM2-135M-Instruct"}
    if spec.startswith(LOCAL_PREFIX):
        source, is_folder = local_source(spec)
        note = "" if is_folder else " (hub id: must be in the local HF cache)"
        return {"model": spec, "backend": "transformers", "source": source + note}
    from guardgraph.tools.litellm_backend import provider_of

    return {"model": spec, "backend": "litellm", "source": provider_of(spec)}


@lru_cache(maxsize=4)
def _shared_local_model(source: str, name: str) -> ChatModel:
    """One loaded copy per weights folder per process: several pipelines share its memory."""
    from guardgraph.tools.local_backend import LocalModel

    return LocalModel(source, name=name)


def resolve_model(spec: str | ChatModel, *, on_status: StatusCallback | None = None, **options: Any) -> ChatModel:
    """Return a ready :class:`ChatModel` for ``spec``; ``options`` go to the litellm backend."""
    if not isinstance(spec, str):
        if isinstance(spec, ChatModel):
            return spec
        raise ModelError(f"not a model: {spec!r} (give a model string or a ChatModel)")
    spec = spec.strip()
    if not spec:
        raise ModelError("empty model string (use 'local' or a litellm model such as 'openai/gpt-4o-mini')")
    if spec == "local":
        folder = ensure_embedded_model(on_status)
        return _shared_local_model(str(folder), "local")
    if spec.startswith(LOCAL_PREFIX):
        source, _ = local_source(spec)
        return _shared_local_model(source, spec)
    from guardgraph.tools.litellm_backend import LiteLLMModel

    return LiteLLMModel(spec, **options)
