"""An OpenAI-compatible HTTP server in front of a guardgraph pipeline.

Existing OpenAI clients point their ``base_url`` here and need no other change: the pipeline
(e.g. ``forget_guard`` around a black-box API model) sits between them and the model. The
``user`` field of a request is the forget/handbook scope; the last user message is the turn's
query and earlier messages become the thread's history through a per-request thread id (or the
``X-Thread-Id`` header to keep server-side memory across requests).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from guardgraph.graphs.runtime import Pipeline, PipelineError
from guardgraph.tools.base import ModelError


class ChatMessageIn(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # OpenAI content parts: keep the text ones
            return "".join(part.get("text", "") for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model: str = "guardgraph"
    messages: list[ChatMessageIn] = Field(min_length=1)
    stream: bool = False
    user: str | None = None
    # accepted for compatibility; decoding settings come from the pipeline's spec
    temperature: float | None = None
    max_tokens: int | None = None


def completion_body(reply_text: str, model: str, completion_id: str, refused: bool) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": reply_text},
            "finish_reason": "content_filter" if refused else "stop",
        }],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def chunk_body(delta: dict[str, str], model: str, completion_id: str, finish: str | None) -> str:
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def create_app(pipeline: Pipeline, *, served_model: str | None = None) -> FastAPI:
    """A FastAPI app exposing ``/v1/models`` and ``/v1/chat/completions`` for ``pipeline``."""
    app = FastAPI(title="guardgraph", version="0.1.0")
    model_id = served_model or f"guardgraph-{pipeline.spec.name}"

    def split(request: ChatCompletionRequest) -> tuple[str, list[str]]:
        users = [m for m in request.messages if m.role == "user"]
        if not users or not users[-1].text().strip():
            raise HTTPException(status_code=400, detail="empty prompt: the last user message has no text")
        context = [m.text() for m in request.messages if m.role in {"system", "developer"} and m.text().strip()]
        return users[-1].text(), context

    @app.get("/v1/models")
    def list_models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_id, "object": "model", "owned_by": "guardgraph"}]}

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "spec": pipeline.spec.name}

    @app.post("/v1/chat/completions", response_model=None)
    def chat_completions(request: ChatCompletionRequest, x_thread_id: str | None = Header(default=None)):
        query, context = split(request)
        scope = request.user or "default"
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        kwargs = {"thread": x_thread_id, "scope": scope, "context": context}
        if not request.stream:
            try:
                reply = pipeline.invoke(query, **kwargs)
            except PipelineError as exc:
                raise HTTPException(status_code=400, detail=str(exc)) from None
            except ModelError as exc:
                raise HTTPException(status_code=502, detail=str(exc)) from None
            return completion_body(reply.text, model_id, completion_id, reply.refused)

        def events() -> Iterator[str]:
            yield chunk_body({"role": "assistant"}, model_id, completion_id, None)
            try:
                for chunk in pipeline.stream(query, **kwargs):
                    yield chunk_body({"content": chunk}, model_id, completion_id, None)
            except (PipelineError, ModelError) as exc:
                yield f"data: {json.dumps({'error': {'message': str(exc)}})}\n\n"
                return
            yield chunk_body({}, model_id, completion_id, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app
