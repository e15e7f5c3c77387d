"""Batch runs: many independent turns through one spec, on this machine or across a ray cluster.

Why this module exists: evaluations and offline jobs send thousands of prompts through the same
graph. Building a :class:`~guardgraph.graphs.runtime.Pipeline` is the expensive part (model
weights, embedder, registry), so each worker builds one and reuses it for every item it gets:

* ``executor="local"``: one pipeline in this process, ``workers`` threads sharing it (useful for
  API models, whose calls wait on the network; a local model decodes one request at a time).
* ``executor="ray"``: ``workers`` ray actors, each with its own pipeline, fed by an ``ActorPool``;
  ``ray_address`` joins an existing cluster (``"auto"`` or ``"ray://host:10001"``), none starts
  a local one. Forget registries and handbooks live under ``data_dir``: on several machines
  point it at a shared filesystem, or every machine has its own.

One failing item never stops the batch: its :class:`BatchResult` carries the error instead.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guardgraph.errors import BatchInputError, ConfigurationError
from guardgraph.tools.base import ChatModel

Executor = Literal["local", "ray"]


__all__ = [
    "BatchInputError",
    "BatchItem",
    "BatchResult",
    "BatchWorker",
    "PipelineSettings",
    "coerce_item",
    "read_batch_items",
    "run_batch",
    "run_item",
]


class BatchItem(BaseModel):
    """One turn to run: the user's text plus who asks and what documents come with it."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    text: str
    thread: str | None = None
    scope: str = "default"
    tenant: str | None = None
    context: list[str] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is empty")
        return value


class BatchResult(BaseModel):
    """What one item produced; ``error`` is set (and ``text`` empty) when the turn failed."""

    id: str
    text: str = ""
    refused: bool = False
    error: str | None = None
    duration_ms: float = 0.0
    nodes: list[str] = Field(default_factory=list)
    worker: str = ""


ResultCallback = Callable[[int, int, BatchResult], None]


def read_batch_items(path: str | Path) -> list[BatchItem]:
    """Items from a JSONL file: each line an object (``{"text": ..., "scope": ...}``) or a string."""
    source = Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BatchInputError(f"{source}: cannot read batch input: {exc.strerror or exc}") from exc
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(coerce_item(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise BatchInputError(f"{source}:{number}: not JSON: {exc.msg}") from None
        except BatchInputError as exc:
            raise BatchInputError(f"{source}:{number}: {exc}") from None
    if not items:
        raise BatchInputError(f"{source}: no items (expected one JSON object or string per line)")
    return items


def coerce_item(raw: Any) -> BatchItem:
    """A :class:`BatchItem` from a string, a mapping or an item; a clear error otherwise."""
    if isinstance(raw, BatchItem):
        return raw
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, Mapping):
        raise BatchInputError(f"expected an object with 'text' or a string, got {type(raw).__name__}")
    try:
        return BatchItem.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "item"
        raise BatchInputError(f"{where}: {first['msg']}") from None


@dataclass
class PipelineSettings:
    """Everything needed to build the same pipeline in another process (it must pickle)."""

    spec: str | Path | dict[str, Any]
    model: str | ChatModel | None = None
    models: dict[str, str | ChatModel] = field(default_factory=dict)
    data_dir: str | Path | None = None
    embedder: str = "auto"
    checkpointer: str = "none"

    def build(self) -> Any:
        from guardgraph.graphs.runtime import Pipeline

        return Pipeline.from_spec(
            self.spec, model=self.model, models=self.models or None, data_dir=self.data_dir,
            embedder=self.embedder, checkpointer=self.checkpointer,  # type: ignore[arg-type]
        )


def run_item(pipeline: Any, item: BatchItem, index: int) -> BatchResult:
    """Run one item; any exception becomes the result's ``error`` so the batch goes on."""
    item_id = item.id if item.id is not None else str(index)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    started = time.perf_counter()
    try:
        reply = pipeline.invoke(item.text, thread=item.thread, scope=item.scope, tenant=item.tenant,
                                context=item.context)
    except Exception as exc:  # noqa: BLE001 - reported per item, never swallowed silently
        return BatchResult(id=item_id, error=f"{type(exc).__name__}: {exc}", worker=worker,
                           duration_ms=(time.perf_counter() - started) * 1000)
    return BatchResult(
        id=item_id, text=reply.text, refused=reply.refused, worker=worker,
        duration_ms=(time.perf_counter() - started) * 1000, nodes=[step["node"] for step in reply.trace],
    )


class BatchWorker:
    """Holds one pipeline and runs items on it (the body of a ray actor, or used in-process)."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.pipeline = settings.build()

    def run(self, index: int, item: BatchItem) -> tuple[int, BatchResult]:
        return index, run_item(self.pipeline, item, index)

    def close(self) -> None:
        self.pipeline.close()


def run_batch(
    spec: str | Path | dict[str, Any],
    items: Iterable[BatchItem | Mapping[str, Any] | str],
    *,
    model: str | ChatModel | None = None,
    models: Mapping[str, str | ChatModel] | None = None,
    data_dir: str | Path | None = None,
    embedder: str = "auto",
    checkpointer: str = "none",
    executor: Executor = "local",
    workers: int = 1,
    ray_address: str | None = None,
    cpus_per_worker: float = 1.0,
    on_result: ResultCallback | None = None,
) -> list[BatchResult]:
    """Run every item through ``spec``; results come back in input order.

    ``on_result(done, total, result)`` is called as each item finishes (in completion order).
    ``checkpointer`` defaults to ``"none"``: batch items are independent turns; pass ``"sqlite"``
    to keep the items' threads in ``data_dir``.
    """
    batch = [coerce_item(raw) for raw in items]
    if workers < 1:
        raise BatchInputError(f"workers must be >= 1, got {workers}")
    if executor not in ("local", "ray"):
        raise BatchInputError(f"unknown executor {executor!r} (use 'local' or 'ray')")
    settings = PipelineSettings(spec, model, dict(models or {}), data_dir, embedder, checkpointer)
    results: list[BatchResult | None] = [None] * len(batch)
    done = 0

    def record(index: int, result: BatchResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if on_result is not None:
            on_result(done, len(batch), result)

    if batch:
        run = _run_on_ray if executor == "ray" else _run_here
        run(settings, batch, record, workers=workers, ray_address=ray_address, cpus_per_worker=cpus_per_worker)
    return [result for result in results if result is not None]


def _run_here(
    settings: PipelineSettings, batch: Sequence[BatchItem], record: Callable[[int, BatchResult], None], *,
    workers: int, **_: Any,
) -> None:
    worker = BatchWorker(settings)
    try:
        with ThreadPoolExecutor(max_workers=min(workers, len(batch))) as pool:
            futures = [pool.submit(worker.run, index, item) for index, item in enumerate(batch)]
            for future in as_completed(futures):
                record(*future.result())
    finally:
        worker.close()


def _run_on_ray(
    settings: PipelineSettings, batch: Sequence[BatchItem], record: Callable[[int, BatchResult], None], *,
    workers: int, ray_address: str | None, cpus_per_worker: float,
) -> None:
    try:
        import ray
        from ray.util import ActorPool
    except ImportError as exc:
        raise ConfigurationError("executor='ray' needs ray: pip install 'guardgraph[ray]'") from exc

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=ray_address, include_dashboard=False, log_to_driver=False)
    try:
        actor_class = ray.remote(num_cpus=cpus_per_worker)(BatchWorker)
        actors = [actor_class.remote(settings) for _ in range(min(workers, len(batch)))]
        pool = ActorPool(actors)
        for index, result in pool.map_unordered(lambda actor, job: actor.run.remote(*job), enumerate(batch)):
            record(index, result)
        ray.get([actor.close.remote() for actor in actors])
    finally:
        if started_here:
            ray.shutdown()
