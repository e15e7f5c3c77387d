"""A small OpenAI-compatible upstream for tests and benchmarks: it repeats what it is told.

It runs for real over HTTP (uvicorn on 127.0.0.1, in a thread or as a process), so litellm,
the ``openai`` client and the guardgraph server talk to it exactly as they would to a provider.

What it answers (``POST /v1/chat/completions``, stream or not):

* the last user message contains ``SAY: <text>`` or ``Say exactly: <text>`` → it answers exactly
  ``<text>`` (everything after the marker, to the end of the message);
* otherwise it echoes the last user message.

``max_tokens`` (tokens are ``\\s*\\S+`` pieces: a word with the whitespace before it), ``stop``
and ``n`` are honoured, ``usage`` is filled with the same token count, and with
``stream_options.include_usage`` the stream ends with a usage chunk, as OpenAI does.

Every request is recorded: ``GET /_requests`` lists ``{"id", "body", "headers", "status",
"chunks_sent", "finished", "disconnected"}`` entries, ``DELETE /_requests`` clears them.

Faults, chosen per request by the ``x-upstream-fault`` header or a ``FAULT:<spec>`` token in the
last user message, or for every following request with ``POST /_config {"fault": <spec>}``
(``{"fault": null}`` clears it; ``"fault_count": k`` applies it to the next k requests only):

* ``429`` or ``429:<retry_after>`` → 429 with a ``retry-after`` header and an OpenAI error body;
* ``500`` (or any ``4xx``/``5xx`` code) → that status with an OpenAI error body;
* ``slow:<seconds>`` → wait before the first token (non-stream: before answering);
* ``pace:<seconds>`` → wait between stream chunks;
* ``hang`` or ``hang:<seconds>`` → never answer (until the client goes away, or the seconds pass);
* ``close`` → start the answer, then drop the connection mid-body.

Several faults combine with commas: ``FAULT:slow:0.2,pace:0.01``. The stream chunk size (in
characters) comes from ``x-upstream-chunk-size``, a ``CHUNK:<n>`` token, or ``/_config
{"chunk_size": n}`` (default 4). ``GET /v1/models`` lists the configured model ids; any model
name is accepted in completions and echoed back.

Use from pytest with the ``upstream`` fixture (see :func:`upstream`): ``upstream.base_url``
(``http://127.0.0.1:PORT/v1``), ``upstream.model("echo")`` → ``"openai/echo"`` plus
``upstream.litellm_params()`` → ``{"api_base": ..., "api_key": ...}``, ``upstream.requests()``,
``upstream.reset()``, ``upstream.configure(...)``. From a shell:
``python tests/upstream.py --port 8001``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

SAY = re.compile(r"(?:\bSAY:\s?|\bsay exactly:\s?)(.*)\Z", re.IGNORECASE | re.DOTALL)
FAULT = re.compile(r"\bFAULT:(\S+)")
CHUNK = re.compile(r"\bCHUNK:(\d+)")
TOKEN = re.compile(r"\s*\S+|\s+\Z")
API_KEY = "sk-upstream-test"


def tokens(text: str) -> list[str]:
    """The upstream's tokens: each word with the whitespace before it (joined back = the text)."""
    return TOKEN.findall(text)


def message_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            return message_text(message.get("content"))
    return ""


def reply_for(body: dict[str, Any]) -> str:
    """What the upstream says to ``body``: the ``SAY:`` text, else the last user message."""
    text = last_user_text(body)
    said = SAY.search(text)
    return said.group(1) if said else text


@dataclass
class Faults:
    status: int | None = None
    retry_after: str | None = None
    slow: float = 0.0
    pace: float = 0.0
    hang: float | None = None
    close: bool = False

    @classmethod
    def parse(cls, spec: str | None) -> "Faults":
        faults = cls()
        for part in (spec or "").split(","):
            kind, _, arg = part.strip().partition(":")
            kind = kind.lower()
            if not kind:
                continue
            if kind.isdigit():
                faults.status = int(kind)
                if faults.status == 429:
                    faults.retry_after = arg or "1"
            elif kind == "slow":
                faults.slow = float(arg or 1.0)
            elif kind == "pace":
                faults.pace = float(arg or 0.05)
            elif kind == "hang":
                faults.hang = float(arg or 3600.0)
            elif kind == "close":
                faults.close = True
        return faults


@dataclass
class UpstreamState:
    """What the app remembers: recorded requests and the standing configuration."""

    models: list[str] = field(default_factory=lambda: ["echo"])
    chunk_size: int = 4
    fault: str | None = None
    fault_count: int | None = None  # None: the standing fault applies to every request
    records: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self) -> str | None:
        with self.lock:
            if self.fault is None:
                return None
            fault = self.fault
            if self.fault_count is not None:
                self.fault_count -= 1
                if self.fault_count <= 0:
                    self.fault, self.fault_count = None, None
            return fault


def error_body(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "code": code, "param": None}}


def create_upstream_app(state: UpstreamState | None = None) -> FastAPI:
    state = state or UpstreamState()
    app = FastAPI(title="guardgraph test upstream")
    app.state.upstream = state

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "upstream"} for m in state.models]}

    @app.get("/_requests")
    async def list_requests() -> list[dict[str, Any]]:
        return list(state.records)

    @app.delete("/_requests")
    async def clear_requests() -> dict[str, int]:
        with state.lock:
            count = len(state.records)
            state.records.clear()
        return {"cleared": count}

    @app.post("/_config")
    async def configure(request: Request) -> dict[str, Any]:
        changes = await request.json()
        with state.lock:
            if "fault" in changes:
                state.fault = changes["fault"]
                state.fault_count = changes.get("fault_count")
            if changes.get("chunk_size"):
                state.chunk_size = int(changes["chunk_size"])
            if changes.get("models"):
                state.models = list(changes["models"])
        return {"fault": state.fault, "fault_count": state.fault_count, "chunk_size": state.chunk_size,
                "models": state.models}

    @app.post("/v1/chat/completions", response_model=None)
    async def chat(request: Request):
        raw = await request.body()
        try:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("body is not an object")
        except ValueError as exc:
            return JSONResponse(error_body(f"invalid JSON body: {exc}", "invalid_request_error", None), 400)
        record: dict[str, Any] = {
            "id": len(state.records), "body": body, "headers": dict(request.headers), "time": time.time(),
            "status": 200, "chunks_sent": 0, "finished": False, "disconnected": False,
        }
        with state.lock:
            record["id"] = len(state.records)
            state.records.append(record)
        user_text = last_user_text(body)
        spec = ",".join(
            s for s in (request.headers.get("x-upstream-fault"), *FAULT.findall(user_text), state.take_fault()) if s
        )
        faults = Faults.parse(spec)
        chunk_match = CHUNK.search(user_text)
        chunk_size = int(request.headers.get("x-upstream-chunk-size") or (chunk_match.group(1) if chunk_match else 0)
                         or state.chunk_size)
        if faults.status:
            record["status"] = faults.status
            record["finished"] = True
            headers = {"retry-after": faults.retry_after} if faults.retry_after else {}
            kind = "rate_limit_error" if faults.status == 429 else "server_error"
            return JSONResponse(error_body(f"injected upstream fault {faults.status}", kind, str(faults.status)),
                                faults.status, headers=headers)
        if faults.hang is not None:
            deadline = time.monotonic() + faults.hang
            while time.monotonic() < deadline:
                if await request.is_disconnected():
                    record["disconnected"] = True
                    return JSONResponse(error_body("client went away", "server_error", None), 499)
                await asyncio.sleep(0.05)
        if faults.slow:
            await asyncio.sleep(faults.slow)

        text = reply_for(body)
        pieces = tokens(text)
        finish = "stop"
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
        if isinstance(max_tokens, int) and max_tokens >= 0 and len(pieces) > max_tokens:
            pieces, finish = pieces[:max_tokens], "length"
        text = "".join(pieces)
        stops = body.get("stop")
        stops = [stops] if isinstance(stops, str) else [s for s in (stops or []) if isinstance(s, str) and s]
        cut = min((text.find(s) for s in stops if s in text), default=-1)
        if cut >= 0:
            text, finish = text[:cut], "stop"
        prompt_tokens = sum(len(tokens(message_text(m.get("content"))))
                            for m in body.get("messages") or [] if isinstance(m, dict))
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": len(tokens(text)),
                 "total_tokens": prompt_tokens + len(tokens(text))}
        n = body.get("n") if isinstance(body.get("n"), int) and body.get("n") > 0 else 1
        model = str(body.get("model") or state.models[0])
        completion_id = f"chatcmpl-up{uuid.uuid4().hex[:20]}"
        created = int(time.time())

        if not body.get("stream"):
            answer = json.dumps({
                "id": completion_id, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
                            for i in range(n)],
                "usage": usage,
            }).encode()
            if faults.close:
                return _CloseMidBody(answer, record)
            record["finished"] = True
            return JSONResponse(json.loads(answer))

        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(delta: dict[str, Any], finish_reason: str | None, index: int = 0) -> str:
            payload = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                       "choices": [{"index": index, "delta": delta, "finish_reason": finish_reason}]}
            return f"data: {json.dumps(payload)}\n\n"

        async def events() -> AsyncIterator[str]:
            try:
                for i in range(n):
                    yield chunk({"role": "assistant", "content": ""}, None, i)
                for start in range(0, len(text), max(1, chunk_size)):
                    if faults.close and record["chunks_sent"] >= 1:
                        raise _DropConnection("injected close")
                    if faults.pace and record["chunks_sent"]:
                        await asyncio.sleep(faults.pace)
                    for i in range(n):
                        yield chunk({"content": text[start:start + chunk_size]}, None, i)
                    record["chunks_sent"] += 1
                if faults.close:
                    raise _DropConnection("injected close")
                for i in range(n):
                    yield chunk({}, finish, i)
                if include_usage:
                    payload = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                               "model": model, "choices": [], "usage": usage}
                    yield f"data: {json.dumps(payload)}\n\n"
                yield "data: [DONE]\n\n"
                record["finished"] = True
            except asyncio.CancelledError:
                record["disconnected"] = True
                raise
            finally:
                if not record["finished"]:
                    record["disconnected"] = True

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


class _DropConnection(Exception):
    """Raised inside a started response: the server drops the connection mid-body."""


class _CloseMidBody(Response):
    """An ASGI response that promises ``len(answer)`` bytes, sends half, then drops the connection."""

    def __init__(self, answer: bytes, record: dict[str, Any]) -> None:
        super().__init__(answer, media_type="application/json")
        self.answer, self.record = answer, record

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(self.answer)).encode())]})
        await send({"type": "http.response.body", "body": self.answer[: len(self.answer) // 2], "more_body": True})
        self.record["disconnected"] = True
        raise _DropConnection("injected close")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThreadedServer:
    """Any ASGI app served by uvicorn on 127.0.0.1 in a daemon thread (start/stop, base URL)."""

    def __init__(self, app: Any, port: int | None = None, *, log_level: str = "critical") -> None:
        import uvicorn

        self.app = app
        self.port = port or free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level=log_level, access_log=False,
                                lifespan="auto", timeout_keep_alive=30, backlog=4096)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> "ThreadedServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server on port {self.port} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> "ThreadedServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class Upstream(ThreadedServer):
    """The test upstream running in a thread, with helpers for litellm and for inspection."""

    def __init__(self, port: int | None = None, *, chunk_size: int = 4, models: list[str] | None = None) -> None:
        self.state = UpstreamState(chunk_size=chunk_size, models=list(models or ["echo"]))
        super().__init__(create_upstream_app(self.state), port)

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (``.../v1``) to give litellm's ``api_base`` or ``openai.OpenAI``."""
        return f"{self.url}/v1"

    def model(self, name: str = "echo") -> str:
        """The litellm model string for this upstream; pass :meth:`litellm_params` along with it."""
        return f"openai/{name}"

    def litellm_params(self) -> dict[str, str]:
        return {"api_base": self.base_url, "api_key": API_KEY}

    def backend(self, name: str = "echo", **kwargs: Any) -> Any:
        """A guardgraph ``LiteLLMModel`` pointed at this upstream."""
        from guardgraph.tools.litellm_backend import LiteLLMModel

        return LiteLLMModel(self.model(name), **self.litellm_params(), **kwargs)

    def requests(self) -> list[dict[str, Any]]:
        """The recorded request bodies, oldest first."""
        return [r["body"] for r in self.state.records]

    def records(self) -> list[dict[str, Any]]:
        """The full records (body, headers, status, chunks_sent, finished, disconnected)."""
        return list(self.state.records)

    def reset(self) -> None:
        """Forget the recorded requests and clear any standing fault (chunk size back to default)."""
        with self.state.lock:
            self.state.records.clear()
            self.state.fault, self.state.fault_count = None, None

    def configure(self, *, fault: str | None = None, fault_count: int | None = None,
                  chunk_size: int | None = None) -> None:
        """Set a standing fault (``None`` clears it) and/or the default stream chunk size."""
        with self.state.lock:
            self.state.fault, self.state.fault_count = fault, fault_count
            if chunk_size:
                self.state.chunk_size = chunk_size


try:
    import pytest
except ImportError:  # pragma: no cover - the module also runs as a plain script
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture(scope="session")
    def upstream_server() -> Any:
        """One test upstream for the whole session (started lazily, stopped at the end)."""
        server = Upstream().start()
        yield server
        server.stop()

    @pytest.fixture
    def upstream(upstream_server: Upstream) -> Any:
        """The session's test upstream, with recorded requests and faults cleared for this test."""
        upstream_server.reset()
        upstream_server.state.chunk_size = 4
        yield upstream_server
        upstream_server.reset()


def main() -> None:
    parser = argparse.ArgumentParser(description="guardgraph's OpenAI-compatible test upstream")
    parser.add_argument("--port", type=int, default=0, help="0: a free port (printed)")
    parser.add_argument("--chunk-size", type=int, default=4)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    import uvicorn

    port = args.port or free_port()
    print(f"upstream listening on http://127.0.0.1:{port}/v1", flush=True)
    uvicorn.run(create_upstream_app(UpstreamState(chunk_size=args.chunk_size)), host="127.0.0.1", port=port,
                log_level=args.log_level, access_log=False, backlog=4096)


if __name__ == "__main__":
    main()
