"""An OpenAI-compatible HTTP server in front of a guardgraph pipeline.

Existing OpenAI clients point their ``base_url`` here and need no other change: the pipeline
(e.g. ``forget_guard`` around a black-box API model) sits between them and the model.

* **Keys fix who is asking.** ``GUARDGRAPH_API_KEYS="k1=acme/alice,k2=acme/bob,k3=acme/ops:admin"``
  (or a keys file, one ``KEY=TENANT/USER[:admin]`` or ``sha256:HEX=TENANT/USER[:admin]`` a line)
  maps each bearer key to a tenant and a user; keys are kept only as SHA-256 hashes. The request's
  ``user`` field may name another user only with an admin key, and only inside the key's tenant.
  Without keys the server is for one local operator: it binds 127.0.0.1 and ``user`` picks the
  scope, as before.
* **Forget management** (``POST /v1/forget``, ``POST /v1/forget/revoke``, ``GET /v1/forget``) and
  chat-typed "forget X" requests act on the caller's own scope.
* **OpenAI semantics.** The request's messages are the conversation: earlier user/assistant
  messages are the turn's history (forgotten targets scrubbed before they can go upstream), system
  messages are its context; ``max_tokens``/``max_completion_tokens``, ``temperature``, ``top_p``,
  ``stop``, ``seed`` reach the model; ``n`` > 1 is a clear 400; ``usage`` is the upstream's;
  errors have OpenAI's ``{"error": {...}}`` shape and status (429 keeps ``retry-after``).
* **Streaming** releases text as soon as it is safe: behind a hold-back window about one target
  long, and never a mention of a forgotten target (see :class:`StreamRelease`).
* Threads (``X-Thread-Id``) are namespaced by tenant and user; requests without one are not stored.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import hmac
import json
import logging
import os
import threading
import time
import unicodedata
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from guardgraph.errors import (
    AuthenticationError,
    ConfigurationError,
    GuardGraphError,
    ModelTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StoreError,
    UserInputError,
)
from guardgraph.graphs.runtime import Pipeline, Reply
from guardgraph.tools.request_scope import RequestCancelled, RequestScope, request_scope, validate_settings

__all__ = [
    "Identity",
    "KeyStore",
    "ServerConfig",
    "StreamRelease",
    "app_from_env",
    "build_pipeline",
    "configure_logging",
    "create_app",
]

log = logging.getLogger("guardgraph.server")
access_log = logging.getLogger("guardgraph.access")

MAX_USER_LEN = 256
MAX_THREAD_LEN = 128
MAX_TARGETS = 100
ENV_KEYS = "GUARDGRAPH_API_KEYS"
ENV_CONFIG = "GUARDGRAPH_SERVE_CONFIG"


# ---------------------------------------------------------------------------------------------
# Errors in OpenAI's shape
# ---------------------------------------------------------------------------------------------


def bad_request(message: str, param: str | None = None) -> UserInputError:
    error = UserInputError(message)
    error.param = param  # type: ignore[attr-defined]
    return error


def error_body(message: str, type_: str, code: str | None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "code": code, "param": param}}


def error_response(exc: GuardGraphError) -> JSONResponse:
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimitError) and exc.retry_after is not None:
        headers["retry-after"] = str(int(exc.retry_after) if float(exc.retry_after).is_integer() else exc.retry_after)
    if isinstance(exc, AuthenticationError):
        headers["www-authenticate"] = "Bearer"
    return JSONResponse(error_body(exc.message, exc.type, exc.code, getattr(exc, "param", None)),
                        status_code=exc.status, headers=headers)


# ---------------------------------------------------------------------------------------------
# Keys -> identities
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who a request acts for: a tenant, a user in it, and whether the key may name sub-users."""

    tenant: str | None
    user: str
    admin: bool = False
    key_id: str = "-"  # first hex digits of the key's hash, for logs


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _check_id(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_USER_LEN or any(unicodedata.category(c) in {"Cc", "Cf", "Cs"} for c in value):
        raise ConfigurationError(f"{what} {value[:40]!r} must be 1-{MAX_USER_LEN} printable characters")
    if "/" in value:
        raise ConfigurationError(f"{what} {value!r} may not contain '/'")
    return value


class KeyStore:
    """API keys (kept as SHA-256 hashes) mapped to identities."""

    def __init__(self, entries: Mapping[str, Identity] | None = None) -> None:
        self._by_hash: dict[str, Identity] = dict(entries or {})

    def __bool__(self) -> bool:
        return bool(self._by_hash)

    def __len__(self) -> int:
        return len(self._by_hash)

    def add(self, key_or_hash: str, identity_spec: str) -> None:
        key_or_hash = key_or_hash.strip()
        if key_or_hash.startswith("sha256:"):
            digest = key_or_hash[len("sha256:"):].lower()
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                raise ConfigurationError("a 'sha256:' key must be followed by 64 hex digits")
        else:
            if len(key_or_hash) < 8:
                raise ConfigurationError("API keys must be at least 8 characters long")
            digest = _hash_key(key_or_hash)
        spec, _, flag = identity_spec.strip().partition(":")
        if flag not in {"", "admin"}:
            raise ConfigurationError(f"unknown key flag {flag!r} (only ':admin')")
        tenant, slash, user = spec.partition("/")
        if not slash:
            raise ConfigurationError(f"key identity {identity_spec!r} must be TENANT/USER[:admin]")
        self._by_hash[digest] = Identity(_check_id(tenant, "tenant"), _check_id(user, "user"), flag == "admin",
                                         digest[:8])

    @classmethod
    def parse(cls, text: str) -> "KeyStore":
        """``KEY=TENANT/USER[:admin]`` items separated by commas or new lines (``#`` comments)."""
        store = cls()
        for raw in text.replace(",", "\n").splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            key, eq, identity = line.partition("=")
            if not eq:
                raise ConfigurationError(f"key entry {line[:12]!r}... must be KEY=TENANT/USER[:admin]")
            store.add(key, identity)
        return store

    @classmethod
    def load(cls, path: str | Path | None = None, env: Mapping[str, str] | None = None) -> "KeyStore":
        """Keys from a file (``--keys``) and/or the ``GUARDGRAPH_API_KEYS`` variable."""
        env = os.environ if env is None else env
        store = cls()
        if path:
            try:
                text = Path(path).expanduser().read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigurationError(f"cannot read keys file {path}: {exc}") from None
            store._by_hash.update(cls.parse(text)._by_hash)
        if env.get(ENV_KEYS):
            store._by_hash.update(cls.parse(env[ENV_KEYS])._by_hash)
        return store

    def authenticate(self, authorization: str | None) -> Identity:
        if not authorization:
            raise AuthenticationError("no API key: send 'Authorization: Bearer <key>'")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("malformed Authorization header: use 'Bearer <key>'")
        digest = _hash_key(token.strip())
        for known, identity in self._by_hash.items():  # constant-time comparison of hashes
            if hmac.compare_digest(known, digest):
                return identity
        raise AuthenticationError("invalid API key")


def clean_user_field(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request("'user' must be a string", "user")
    if not value.strip() or len(value) > MAX_USER_LEN:
        raise bad_request(f"'user' must be 1-{MAX_USER_LEN} characters", "user")
    bad = next((c for c in value if unicodedata.category(c) in {"Cc", "Cf", "Cs"}), None)
    if bad is not None:
        raise bad_request(f"'user' contains a control or invalid character (U+{ord(bad):04X})", "user")
    return value.strip()


def act_as(identity: Identity, requested: Any) -> tuple[str | None, str]:
    """The (tenant, user) a request acts for, given its key and its ``user`` field."""
    user = clean_user_field(requested)
    if user is None or user == identity.user:
        return identity.tenant, identity.user
    if not identity.admin:
        raise PermissionDeniedError(
            f"this key acts as {identity.tenant}/{identity.user}; only an admin key may name another user"
        )
    if "/" in user:
        tenant, _, sub = user.partition("/")
        if tenant != identity.tenant or not sub or "/" in sub:
            raise PermissionDeniedError("a key may only name users inside its own tenant")
        user = sub
    return identity.tenant, user


# ---------------------------------------------------------------------------------------------
# Request bodies
# ---------------------------------------------------------------------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: StrictStr
    text: StrictStr | None = None


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: StrictStr | list[ContentPart] | None = None
    name: StrictStr | None = None

    def text(self, index: int) -> str:
        if isinstance(self.content, list):
            for part in self.content:
                if part.type != "text" or part.text is None:
                    raise bad_request(f"messages[{index}]: only text content parts are supported "
                                      f"(got type {part.type!r})", f"messages[{index}].content")
            return "".join(part.text or "" for part in self.content)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: StrictStr
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=2000)
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    user: Any = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: StrictStr | list[StrictStr] | None = None
    n: int | None = None
    seed: int | None = None


def check_text(text: str, where: str) -> str:
    """Refuse text that cannot be processed safely: lone surrogates and NUL characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(f"{where} contains an invalid character (a lone UTF-16 surrogate)", where) from None
    if "\x00" in text:
        raise bad_request(f"{where} contains a NUL character", where)
    return text


def _loc(loc: Iterable[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if item == "body":
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in {"str", "list[ContentPart]", "list[str]", "function-after"}:
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def validation_error(exc: ValidationError | RequestValidationError) -> UserInputError:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    where = _loc(first.get("loc", ()))
    return bad_request(f"invalid request: {where or 'body'}: {first.get('msg')}", where or None)


async def read_json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise bad_request(f"the body is not valid JSON: {str(exc)[:120]}") from None
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object")
    try:  # a lone surrogate anywhere (stop strings, user, names...) could never be sent on
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("the body contains an invalid character (a lone UTF-16 surrogate)") from None
    return body


# ---------------------------------------------------------------------------------------------
# Streaming release
# ---------------------------------------------------------------------------------------------


def target_strings(entries: Iterable[Any]) -> list[str]:
    strings: list[str] = []
    for entry in entries:
        strings.append(str(getattr(entry, "target", "") or ""))
        strings.extend(str(a) for a in getattr(entry, "aliases", ()) or ())
    return [s for s in dict.fromkeys(strings) if s.strip()]


class StreamRelease:
    """What a streaming reply may send, chunk by chunk (the server's last line of defence).

    Every chunk the pipeline streams goes through a hold-back guard over every target visible to
    the caller, in redaction mode: text is released once no forgotten target can still start in
    it (a window about one target long), and a mention is never released. When the graph finishes,
    :meth:`finish` compares the final reply with what was streamed: the same reply (the usual
    case) only releases its tail; a reply a later node rewrote (a late leak found by the audit) is
    continued from what was already sent if it extends it, sent whole if nothing was sent yet, and
    otherwise the stream stops there with ``finish_reason="content_filter"`` rather than sending
    anything unchecked.
    """

    def __init__(self, targets: Iterable[str], finder: Any = None) -> None:
        self.targets = [t for t in targets if t.strip()]
        self.finder = finder  # the turn's MentionFinder (which targets the turn is about); else all strict
        self.guard = self._new_guard()
        self.streamed = ""  # raw text received from the pipeline
        self.sent = ""  # text released to the client
        self.decided = False  # the final reply is known: later pipeline chunks are ignored
        self.cut = False  # the reply was rewritten in a way that cannot continue what was sent

    def _new_guard(self) -> Any:
        if not self.targets:
            return None
        from guardgraph.tools.holdback import HoldBackGuard

        return HoldBackGuard(self.finder if self.finder is not None else self.targets, redact=True)

    def _feed(self, chunk: str, final: bool = False) -> str:
        if self.guard is None:
            out = chunk
        else:
            out = self.guard.feed(chunk, final=final)[0] if chunk or final else ""
        self.sent += out
        return out

    def feed(self, chunk: str) -> str:
        self.streamed += chunk
        return self._feed(chunk)

    def finish(self, reply: str) -> str:
        """Release what is left once the final reply is known."""
        self.decided = True
        streamed = self.streamed
        if reply.startswith(streamed):
            rest = reply[len(streamed):]
        elif streamed.strip() and reply.startswith(streamed.strip()):
            rest = reply[len(streamed.strip()):]
        elif streamed.lstrip() and reply.startswith(streamed.lstrip()):
            rest = reply[len(streamed.lstrip()):]
        else:  # rewritten after streaming began: drop what was held back, restart from what was sent
            self.guard = self._new_guard()
            sent = self.sent
            if not sent.strip():
                rest = reply
                self.sent = ""
            elif reply.startswith(sent):
                rest = reply[len(sent):]
            else:
                self.cut = True
                return ""
        return self._feed(rest, final=True)


# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------


@dataclass
class ServerConfig:
    keys: KeyStore = field(default_factory=KeyStore)
    served_models: list[str] = field(default_factory=list)
    max_body_bytes: int = 2_000_000
    request_timeout: float = 60.0
    max_concurrency: int = 64
    log_prompts: bool = False
    warm: bool = True


def completion_body(text: str, model: str, completion_id: str, finish: str, usage: dict[str, int]) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None,
                     "finish_reason": finish}],
        "usage": usage,
    }


def sse(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def chunk_body(delta: dict[str, str], model: str, completion_id: str, finish: str | None) -> str:
    return sse({"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]})


def thread_key(tenant: str | None, user: str, thread: str) -> str:
    """A client's thread id, namespaced by its owner: another key never reaches it."""
    digest = hashlib.sha256(json.dumps([tenant, user, thread]).encode("utf-8")).hexdigest()[:32]
    return f"thr-{digest}"


class _LimitsAndAccessLog:
    """ASGI middleware: a body-size limit (413) and one structured access-log line per request."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0, "bytes_in": 0}
        too_large = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_large = int(value) > self.max_body
                except ValueError:
                    too_large = True
        if too_large:
            await self._reject(send, status)
            self._log(scope, status, started)
            return

        async def limited_receive() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "http.request":
                status["bytes_in"] += len(message.get("body", b""))
                if status["bytes_in"] > self.max_body:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not status["code"]:
                await self._reject(send, status)
        finally:
            self._log(scope, status, started)

    async def _reject(self, send: Any, status: dict[str, Any]) -> None:
        body = json.dumps(error_body(f"request body larger than {self.max_body} bytes", "invalid_request_error",
                                     "request_too_large")).encode()
        status["code"] = 413
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _log(scope: dict[str, Any], status: dict[str, Any], started: float) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            return
        state = scope.get("state") or {}
        identity: Identity | None = state.get("identity")
        record = {
            "ts": round(time.time(), 3), "method": scope.get("method"), "path": scope.get("path"),
            "status": status["code"], "ms": round((time.perf_counter() - started) * 1000, 2),
            "bytes_in": status["bytes_in"], "key": identity.key_id if identity else None,
            "tenant": identity.tenant if identity else None, "user": state.get("acting_user"),
            "stream": state.get("stream"), "messages": state.get("n_messages"),
        }
        if state.get("prompt") is not None:
            record["prompt"] = state["prompt"]
        access_log.info(json.dumps(record, ensure_ascii=False))


class _BodyTooLarge(UserInputError):
    """The request body passed ``max_body`` bytes (caught by the middleware, answered 413)."""

    status = 413
    code = "request_too_large"


def create_app(
    pipeline: Pipeline,
    *,
    served_model: str | None = None,
    keys: KeyStore | None = None,
    config: ServerConfig | None = None,
) -> FastAPI:
    """A FastAPI app exposing the OpenAI chat API and the forget endpoints for ``pipeline``."""
    config = config or ServerConfig()
    if keys is not None:
        config.keys = keys
    served = list(config.served_models) or [served_model or f"guardgraph-{pipeline.spec.name}"]
    if served_model and served_model not in served:
        served.insert(0, served_model)
    executor = ThreadPoolExecutor(max_workers=config.max_concurrency, thread_name_prefix="guardgraph-req")
    health_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="guardgraph-health")

    app = FastAPI(title="guardgraph", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.pipeline = pipeline
    app.state.config = config
    app.add_middleware(_LimitsAndAccessLog, max_body=config.max_body_bytes)
    if config.warm:
        warm_up(pipeline)

    @app.on_event("shutdown")
    def _shutdown() -> None:  # pragma: no cover - exercised by uvicorn
        executor.shutdown(wait=False, cancel_futures=True)
        health_executor.shutdown(wait=False, cancel_futures=True)

    # ---- errors ------------------------------------------------------------------------------

    @app.exception_handler(GuardGraphError)
    async def _guardgraph_error(request: Request, exc: GuardGraphError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(str(exc.detail), "invalid_request_error", code), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse(error_body("internal server error", "server_error", "internal_error"), status_code=500)

    # ---- who is asking -----------------------------------------------------------------------

    def identify(request: Request) -> Identity:
        if config.keys:
            identity = config.keys.authenticate(request.headers.get("authorization"))
        else:  # no keys: one local operator, the ``user`` field picks the scope
            identity = Identity(tenant=None, user="default", admin=True, key_id="open")
        request.state.identity = identity
        return identity

    def release_finder(user: str, tenant: str | None, query: str, texts: list[str], entries: Any = None) -> Any:
        """The reply guard's finder: every visible target, strict only for those the turn is about.

        As in the graph's ``forget_lookup``: a target is the turn's subject when the request names it
        in full or by an explicit alias (lexical lookup over the query, history and context). Other
        targets' ambiguous parts ("Kuwaiti", "Williams", "Park") count only where they name the
        forgotten person, so "the Kuwaiti dinar" or "Robin Williams" pass untouched. The graph's
        own guard (generator stream, audit) already applied its stricter, semantic notion of
        "about"; this pass is the last line of defence and never stricter than the graph's.
        """
        from guardgraph.agents.audit import target_finder
        from guardgraph.agents.forget_memory import is_about

        entries = pipeline.forgotten(user, tenant) if entries is None else entries
        if not entries:
            return None
        hits = pipeline.services.forget_registry.relevant(
            query, user=user, tenant=tenant, text="\n".join(t for t in texts if t), semantic=False, k=64)
        about = {hit.entry.id for hit in hits if is_about(hit, 1.01)}
        records = [{"target": e.target, "aliases": list(e.aliases), "about": e.id in about} for e in entries]
        return target_finder(records)[0]

    # ---- models and health -------------------------------------------------------------------

    @app.get("/v1/models")
    async def list_models(request: Request) -> dict[str, Any]:
        identify(request)
        return {"object": "list", "data": [{"id": m, "object": "model", "created": 0, "owned_by": "guardgraph"}
                                           for m in served]}

    @app.get("/v1/models/{model_id:path}")
    async def get_model(model_id: str, request: Request) -> dict[str, Any]:
        identify(request)
        if model_id not in served:
            raise _model_not_found(model_id, served)
        return {"id": model_id, "object": "model", "created": 0, "owned_by": "guardgraph"}

    @app.get("/health")
    async def health() -> JSONResponse:
        loop = asyncio.get_running_loop()
        try:
            checks = await asyncio.wait_for(loop.run_in_executor(health_executor, check_stores, pipeline), 5.0)
        except asyncio.TimeoutError:
            checks = {"stores": "timeout: a store did not answer within 5 s"}
        ok = all(value == "ok" for value in checks.values())
        return JSONResponse({"status": "ok" if ok else "error", "spec": pipeline.spec.name, "checks": checks},
                            status_code=200 if ok else 503)

    # ---- forget management -------------------------------------------------------------------

    async def forget_request(request: Request) -> tuple[dict[str, Any], str | None, str, Identity]:
        identity = identify(request)
        body = await read_json(request)
        tenant, user = act_as(identity, body.get("user"))
        request.state.acting_user = user
        return body, tenant, user, identity

    def target_list(body: Mapping[str, Any], key: str, required: bool = True) -> list[str]:
        values = body.get(key)
        if values is None and not required:
            return []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or (required and not values) or len(values) > MAX_TARGETS:
            raise bad_request(f"'{key}' must be a list of 1-{MAX_TARGETS} strings", key)
        cleaned = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip() or len(value) > 500:
                raise bad_request(f"'{key}[{index}]' must be a non-empty string of at most 500 characters", key)
            cleaned.append(check_text(value, f"{key}[{index}]").strip())
        return cleaned

    def level_of(body: Mapping[str, Any], identity: Identity) -> str:
        level = body.get("level", "user")
        if level not in {"user", "tenant"}:
            raise bad_request("'level' must be 'user' or 'tenant'", "level")
        if level == "tenant" and not (identity.admin and identity.tenant):
            raise PermissionDeniedError("only an admin key of a tenant may add or revoke tenant-wide forgets")
        return level

    @app.post("/v1/forget")
    async def forget(request: Request) -> dict[str, Any]:
        body, tenant, user, identity = await forget_request(request)
        targets = target_list(body, "targets")
        aliases = target_list(body, "aliases", required=False)
        level = level_of(body, identity)

        def work() -> list[Any]:
            return [pipeline.forget(t, scope=user, tenant=tenant, aliases=aliases, level=level,
                                    requested_by=f"key:{identity.key_id}") for t in targets]

        entries = await asyncio.get_running_loop().run_in_executor(executor, _wrap_value_errors(work))
        return {"object": "list", "data": [entry_json(e) for e in entries]}

    @app.post("/v1/forget/revoke")
    async def revoke(request: Request) -> dict[str, Any]:
        body, tenant, user, identity = await forget_request(request)
        targets = target_list(body, "targets")
        level = level_of(body, identity)

        def work() -> dict[str, list[str]]:
            done = {t: pipeline.revoke(t, scope=user, tenant=tenant, level=level) for t in targets}
            return {"revoked": [t for t, ok in done.items() if ok], "not_found": [t for t, ok in done.items() if not ok]}

        return await asyncio.get_running_loop().run_in_executor(executor, _wrap_value_errors(work))

    @app.get("/v1/forget")
    async def list_forgotten(request: Request, user: str | None = None) -> dict[str, Any]:
        identity = identify(request)
        tenant, acting = act_as(identity, user)
        request.state.acting_user = acting
        entries = await asyncio.get_running_loop().run_in_executor(
            executor, _wrap_value_errors(lambda: pipeline.forgotten(acting, tenant)))
        return {"object": "list", "data": [entry_json(e) for e in entries]}

    # ---- chat completions --------------------------------------------------------------------

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: Request):
        identity = identify(request)
        body = await read_json(request)
        try:
            chat = ChatCompletionRequest.model_validate(body)
        except ValidationError as exc:
            raise validation_error(exc) from None
        if chat.model not in served:
            raise _model_not_found(chat.model, served)
        if chat.n not in (None, 1):
            raise bad_request("n > 1 is not supported: ask for one choice per request", "n")
        if body.get("tools") or body.get("functions"):
            raise bad_request("tools / function calling are not supported by this server", "tools")
        tenant, user = act_as(identity, chat.user)
        request.state.acting_user = user
        request.state.stream = chat.stream
        request.state.n_messages = len(chat.messages)
        query, history, context = split_messages(chat.messages)
        if config.log_prompts:
            request.state.prompt = query
        settings = validate_settings({
            "max_tokens": chat.max_completion_tokens or chat.max_tokens, "temperature": chat.temperature,
            "top_p": chat.top_p, "stop": chat.stop, "seed": chat.seed,
        })
        thread_header = request.headers.get("x-thread-id")
        thread = None
        if thread_header is not None:
            if (not thread_header.strip() or len(thread_header) > MAX_THREAD_LEN
                    or not thread_header.isprintable()):
                raise bad_request(f"X-Thread-Id must be 1-{MAX_THREAD_LEN} printable characters", "X-Thread-Id")
            thread = thread_key(tenant, user, thread_header)

        loop = asyncio.get_running_loop()
        guard: dict[str, Any] = {}  # the caller's visible targets and the reply finder, set by scrubbed()

        def scrubbed() -> dict[str, Any]:
            """The turn's arguments with forgotten targets scrubbed (runs in the request's worker thread).

            Done in the same executor hop as the pipeline run: one thread hand-off per request
            instead of two (each costs a wake-up of the event loop and, under load, a GIL switch).
            """
            entries = pipeline.forgotten(user, tenant)  # one registry read for the targets and the finder
            targets = target_strings(entries)
            finder, scrubbed_history, scrubbed_context = None, history, context
            if targets:
                from guardgraph.tools.holdback import guard_text  # forgotten targets never go upstream again

                finder = release_finder(user, tenant, query, [m["content"] for m in history] + list(context),
                                        entries)
                scrubbed_history = [{**m, "content": guard_text(m["content"], targets)} for m in history]
                scrubbed_context = [guard_text(doc, targets) for doc in context]
            guard.update(targets=targets, finder=finder)
            return {"thread": thread, "scope": user, "tenant": tenant, "context": scrubbed_context,
                    "history": scrubbed_history}

        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        model_name = chat.model
        scope = RequestScope()

        if not chat.stream:
            def run() -> tuple[Reply, str]:
                kwargs = scrubbed()
                with request_scope(scope):
                    reply = pipeline.invoke(query, settings=settings, **kwargs)
                targets, finder = guard["targets"], guard["finder"]
                if not targets:
                    return reply, reply.text
                from guardgraph.tools.holdback import guard_text  # last line of defence, as when streaming

                return reply, guard_text(reply.text, finder if finder is not None else targets)

            reply, text = await run_cancellable(
                request, scope, loop.run_in_executor(executor, _wrap_value_errors(run)), config.request_timeout)
            finish = "content_filter" if reply.refused else "stop"
            return completion_body(text, model_name, completion_id, finish, scope.usage)

        include_usage = bool((chat.stream_options or {}).get("include_usage"))
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        relay = _Relay(loop, queue)
        put = relay.put

        def produce() -> None:
            with request_scope(scope):
                try:
                    kwargs = _wrap_value_errors(scrubbed)()

                    def on_chunk(chunk: str) -> None:  # called by the streaming node, in this thread
                        if scope.cancel.is_set():
                            raise RequestCancelled("request cancelled: the client went away")
                        put("chunk", chunk)

                    # The graph runs here, inline: chunks go straight from the generator node to the
                    # event loop (one thread hop), with no LangGraph stream thread per request.
                    reply = pipeline.run_streaming(query, on_chunk, settings={**settings, "stream_draft": True},
                                                   **kwargs)
                    put("reply", reply)
                    put("done", None)
                except BaseException as exc:  # noqa: BLE001 - handed to the event loop
                    put("error", _as_guardgraph_error(exc))

        deadline = time.monotonic() + config.request_timeout
        loop.run_in_executor(executor, contextvars.copy_context().run, produce)
        # The first event decides the HTTP status: an upstream 429 before any text is a real 429.
        first = await next_event(queue, deadline, scope)
        if first[0] == "error":
            raise first[1]
        release = StreamRelease(guard["targets"], guard["finder"])  # set before the first event was put

        async def events() -> AsyncIterator[str]:
            pending: tuple[str, Any] | None = first
            finish = "stop"
            try:
                yield chunk_body({"role": "assistant", "content": ""}, model_name, completion_id, None)
                while True:
                    kind, value = pending if pending is not None else await next_event(queue, deadline, scope)
                    pending = None
                    while kind == "chunk" and not queue.empty():  # under load: scan several chunks at once
                        next_kind, next_value = queue.get_nowait()
                        if next_kind != "chunk":
                            pending = (next_kind, next_value)
                            break
                        value += next_value
                    if kind == "chunk":
                        if release.decided:
                            continue
                        out = release.feed(value)
                        if out:
                            yield chunk_body({"content": out}, model_name, completion_id, None)
                    elif kind == "reply":
                        out = release.finish(value.text)
                        if out:
                            yield chunk_body({"content": out}, model_name, completion_id, None)
                        if value.refused or release.cut:
                            finish = "content_filter"
                    elif kind == "error":
                        raise value
                    else:  # done
                        break
                yield chunk_body({}, model_name, completion_id, finish)
                if include_usage:
                    yield sse({"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()),
                               "model": model_name, "choices": [], "usage": scope.usage})
                yield "data: [DONE]\n\n"
            except GuardGraphError as exc:
                yield sse(error_body(exc.message, exc.type, exc.code))
            except Exception:  # noqa: BLE001 - headers are sent: report in the stream, never a traceback
                log.exception("stream failed after it started")
                yield sse(error_body("internal server error", "server_error", "internal_error"))
            finally:
                scope.cancel.set()  # client gone, error, or finished: any upstream call still open stops

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"cache-control": "no-cache", "x-accel-buffering": "no"})

    return app


class _Relay:
    """Hands events from the pipeline's worker thread to the event loop, waking it once per batch.

    ``call_soon_threadsafe`` per streamed chunk costs a self-pipe write and, under load, a GIL
    hand-off to the event loop for every few characters (measured: ~15 % of a streamed request's
    CPU here). Events are appended to a buffer; only the first event of a batch schedules the
    loop, which moves the whole batch into the request's queue in order.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue) -> None:
        self.loop, self.queue = loop, queue
        self.buffer: list[tuple[str, Any]] = []
        self.lock = threading.Lock()
        self.scheduled = False

    def put(self, kind: str, value: Any) -> None:
        with self.lock:
            self.buffer.append((kind, value))
            if self.scheduled:
                return
            self.scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is closed (server shutting down): nobody is listening
            pass

    def _drain(self) -> None:
        with self.lock:
            batch, self.buffer, self.scheduled = self.buffer, [], False
        for event in batch:
            self.queue.put_nowait(event)


async def next_event(queue: asyncio.Queue, deadline: float, scope: RequestScope) -> tuple[str, Any]:
    remaining = deadline - time.monotonic()
    try:
        return await asyncio.wait_for(queue.get(), max(0.001, remaining))
    except asyncio.TimeoutError:
        scope.cancel.set()
        raise ModelTimeoutError("no answer within the server's request timeout") from None


async def run_cancellable(request: Request, scope: RequestScope, future: Any, timeout: float) -> Any:
    """Await the pipeline's future; a client disconnect or the deadline cancels its model calls."""

    async def watch() -> None:
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                scope.cancel.set()
                return

    watcher = asyncio.ensure_future(watch())
    try:
        return await asyncio.wait_for(asyncio.shield(future), timeout)
    except asyncio.TimeoutError:
        scope.cancel.set()
        raise ModelTimeoutError(f"no answer within the server's request timeout ({timeout:g} s)") from None
    finally:
        watcher.cancel()


def _as_guardgraph_error(exc: BaseException) -> GuardGraphError:
    if isinstance(exc, GuardGraphError):
        return exc
    if isinstance(exc, (ValueError, TypeError)):
        return bad_request(str(exc)[:300])
    log.error("pipeline failed: %s: %s", type(exc).__name__, exc)
    error = GuardGraphError("internal error while running the pipeline")
    return error


def _wrap_value_errors(function: Any) -> Any:
    """Run ``function``; plain ValueErrors from lower layers (bad scope ids...) become 400s."""

    def run() -> Any:
        try:
            return function()
        except GuardGraphError:
            raise
        except ValueError as exc:
            raise bad_request(str(exc)[:300]) from None

    return run


def _model_not_found(model: str, served: list[str]) -> NotFoundError:
    error = NotFoundError(f"model {model[:100]!r} is not served here; available: {', '.join(served)}")
    error.code = "model_not_found"
    error.param = "model"  # type: ignore[attr-defined]
    return error


def split_messages(messages: list[ChatMessageIn]) -> tuple[str, list[dict[str, str]], list[str]]:
    """(query, history, context): the last user message, the conversation before it, system texts."""
    last = messages[-1]
    query = check_text(last.text(len(messages) - 1), f"messages[{len(messages) - 1}].content")
    if last.role != "user" or not query.strip():
        raise bad_request("the last message must be a user message with text (empty prompt)", "messages")
    history: list[dict[str, str]] = []
    context: list[str] = []
    for index, message in enumerate(messages[:-1]):
        text = check_text(message.text(index), f"messages[{index}].content")
        if message.role in {"system", "developer"}:
            if text.strip():
                context.append(text)
        elif message.role == "tool":
            raise bad_request("tool messages are not supported by this server", f"messages[{index}]")
        else:
            history.append({"role": message.role, "content": text})
    return query, history, context


def entry_json(entry: Any) -> dict[str, Any]:
    data = entry.as_dict() if hasattr(entry, "as_dict") else dict(entry)
    data["object"] = "forget.entry"
    return data


def check_stores(pipeline: Pipeline) -> dict[str, str]:
    """Each durable store answers a real query (a corrupt forget registry is not ok)."""
    checks: dict[str, str] = {}
    try:
        registry = pipeline.services.forget_registry
        registry.visible("__health__", None)
        store = getattr(registry, "store", None)
        check = getattr(store, "check", None) or getattr(store, "quick_check", None)
        if callable(check):
            check()
        checks["forget_registry"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["forget_registry"] = f"error: {type(exc).__name__}: {str(exc)[:200]}"
    connection = getattr(pipeline.checkpointer, "conn", None)
    if connection is not None and hasattr(connection, "execute"):
        try:
            lock = getattr(pipeline.checkpointer, "lock", None)
            if lock is not None:
                with lock:
                    connection.execute("SELECT 1").fetchall()
            else:
                connection.execute("SELECT 1").fetchall()
            checks["checkpointer"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["checkpointer"] = f"error: {type(exc).__name__}: {str(exc)[:200]}"
    return checks


def warm_up(pipeline: Pipeline) -> None:
    """Load the embedder and open the stores now, so the first request does not wait for them."""
    try:
        pipeline.services.embedder.embed(["warm up"]) if hasattr(pipeline.services.embedder, "embed") else None
    except Exception as exc:  # noqa: BLE001 - the first request will report it properly
        log.warning("embedder did not load at start-up: %s", exc)
    try:  # the watchdog's detector and the mention matcher build their tables on first use
        if any(node.agent == "watchdog" for node in pipeline.spec.nodes):
            from guardgraph.agents.watchdog import warm_up as warm_up_watchdog

            warm_up_watchdog()  # encoder, weights and every language's word lists (zh/ja: 1-3 s)
        from guardgraph.tools.holdback import HoldBackGuard, guard_text

        guard_text("warm up Warmup Quillonby", ["Warmup Quillonby"])
        HoldBackGuard(["Warmup Quillonby"], redact=True).feed("warm up", final=True)
    except Exception as exc:  # noqa: BLE001
        log.warning("warm-up of the detectors failed: %s", exc)
    for model in {id(m): m for m in pipeline.models.values()}.values():
        try:  # the first request would otherwise import the provider SDK (seconds)
            getattr(model, "warm_up", lambda: None)()
        except Exception as exc:  # noqa: BLE001
            log.warning("model warm-up failed: %s", exc)
    try:
        pipeline.services.forget_registry.visible("__warmup__", None)
    except StoreError as exc:
        log.error("forget registry unusable at start-up (/health will say so): %s", exc)
    except Exception as exc:  # noqa: BLE001
        log.warning("forget registry warm-up failed: %s", exc)


def configure_logging(level: int = logging.INFO) -> None:
    """Access log (one JSON line per request, no prompt text unless asked) and server messages to stderr."""
    root = logging.getLogger("guardgraph")
    if not any(getattr(h, "_guardgraph", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._guardgraph = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.propagate = False  # one line per event, not a second copy through the root logger
    root.setLevel(level)


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` / ``serve --workers N``: config in ``GUARDGRAPH_SERVE_CONFIG``."""
    raw = os.environ.get(ENV_CONFIG)
    if not raw:
        raise ConfigurationError(f"{ENV_CONFIG} is not set (use 'guardgraph serve')")
    options = json.loads(raw)
    configure_logging()
    pipeline = build_pipeline(options)
    config = ServerConfig(
        keys=KeyStore.load(options.get("keys_file")),
        served_models=list(options.get("served_models") or []),
        max_body_bytes=int(options.get("max_body_bytes", 2_000_000)),
        request_timeout=float(options.get("request_timeout", 60.0)),
        max_concurrency=int(options.get("max_concurrency", 64)),
        log_prompts=bool(options.get("log_prompts", False)),
    )
    return create_app(pipeline, config=config)


def build_pipeline(options: Mapping[str, Any]) -> Pipeline:
    """The served pipeline from ``serve`` options (model, spec, embedder, checkpointer, timeouts)."""
    model: Any = options.get("model")
    if model and not str(model).startswith("local"):
        from guardgraph.tools.litellm_backend import LiteLLMModel

        params = dict(options.get("litellm_params") or {})
        model = LiteLLMModel(model, timeout=float(options.get("upstream_timeout", 30.0)),
                             num_retries=int(options.get("num_retries", 0)),
                             direct=bool(options.get("direct_http", False)), **params)
    return Pipeline.from_spec(
        options.get("spec", "forget_guard"),
        model=model,
        checkpointer=options.get("checkpointer", "sqlite"),
        data_dir=options.get("data_dir"),
        embedder=options.get("embedder", "auto"),
    )
