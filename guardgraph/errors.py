"""Every error guardgraph raises, in one tree.

Catch :class:`GuardGraphError` to handle anything the framework raises on purpose. Each class
carries the HTTP status and OpenAI-style error ``type``/``code`` it maps to, so the server and the
CLI translate errors in exactly one place (``status``/``type``/``code`` below) instead of keeping
their own tables. The module imports nothing from guardgraph, so every layer (tools, memory,
agents, graphs, the facade) can import it without cycles.

    GuardGraphError
    ├── UserInputError (ValueError)          bad input to a call: empty prompt, bad scope, bad file
    │   ├── SpecError                         a graph spec that cannot be built
    │   ├── PipelineError                     bad arguments to a Pipeline call
    │   ├── BatchInputError                   a malformed batch input file
    │   └── EvalDataError                     a malformed evaluation data file
    ├── ConfigurationError                   the installation or settings cannot do what was asked
    ├── AuthenticationError                  no or wrong API key (401)
    ├── PermissionDeniedError                a key asked for something outside its scope (403)
    ├── NotFoundError (LookupError)          an unknown model, thread or entry (404)
    ├── ModelError                           a model backend failed
    │   ├── ModelNotFoundError               the backend does not know the model (404)
    │   ├── RateLimitError                   the upstream said 429 (passed through, retry_after)
    │   ├── ModelTimeoutError                the upstream did not answer in time (504)
    │   └── UpstreamError                    any other upstream failure (502)
    ├── StoreError                           a durable store cannot be used
    │   ├── StoreCorruptError                integrity or WAL check failed at open
    │   └── StoreVersionError                written by a newer guardgraph
    └── GraphRunError                        a graph misbehaved at run time
        └── RoutingError                     a conditional edge met a value it has no route for
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BatchInputError",
    "ConfigurationError",
    "EvalDataError",
    "GraphRunError",
    "GuardGraphError",
    "ModelError",
    "ModelNotFoundError",
    "ModelTimeoutError",
    "NotFoundError",
    "PermissionDeniedError",
    "PipelineError",
    "RateLimitError",
    "RoutingError",
    "SpecError",
    "StoreCorruptError",
    "StoreError",
    "StoreVersionError",
    "UpstreamError",
    "UserInputError",
]


class GuardGraphError(Exception):
    """Base of every error guardgraph raises on purpose.

    ``status`` is the HTTP status the server answers with, ``type``/``code`` the OpenAI error
    body's fields. Subclasses override the class attributes; an instance may override ``status``.
    """

    status: int = 500
    type: str = "server_error"
    code: str = "internal_error"

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class UserInputError(GuardGraphError, ValueError):
    """Bad input to a call; the message names what is wrong."""

    status = 400
    type = "invalid_request_error"
    code = "invalid_input"


class SpecError(UserInputError):
    """A graph spec (YAML/JSON/dict) that cannot be built; the message names the spot.

    ``SpecError(source, problems)`` lists ``(where, why)`` pairs found in ``source`` (a file name
    or ``<spec>``); ``SpecError("message")`` is a single problem without a location. ``str()`` is
    one line: ``invalid graph spec: SOURCE: WHERE: WHY; ...``.
    """

    code = "invalid_spec"

    def __init__(self, source: str = "", problems: "list[tuple[str, str]] | None" = None) -> None:
        if problems is None:
            problems = [("", source)]
            source = ""
        self.source = source
        self.problems = list(problems)
        parts = []
        for where, why in self.problems:
            head = ": ".join(part for part in (source, where) if part)
            parts.append(f"{head}: {why}" if head else why)
        super().__init__("invalid graph spec: " + "; ".join(parts))


class PipelineError(UserInputError):
    """Bad arguments to a Pipeline call (empty prompt, bad scope...)."""


class BatchInputError(UserInputError):
    """A batch input file that cannot be read."""

    code = "invalid_batch_input"


class EvalDataError(UserInputError):
    """An evaluation data file that cannot be read."""

    code = "invalid_eval_data"


class ConfigurationError(GuardGraphError):
    """The installation or settings cannot do what was asked (missing extra, bad option)."""

    status = 500
    type = "server_error"
    code = "configuration_error"


class AuthenticationError(GuardGraphError):
    """No API key, or one the server does not know."""

    status = 401
    type = "invalid_request_error"
    code = "invalid_api_key"


class PermissionDeniedError(GuardGraphError):
    """The key is valid but may not act on the scope it asked for."""

    status = 403
    type = "invalid_request_error"
    code = "permission_denied"


class NotFoundError(GuardGraphError, LookupError):
    """An unknown model, thread or entry."""

    status = 404
    type = "invalid_request_error"
    code = "not_found"


class ModelError(GuardGraphError):
    """A model backend failed (load, call, or answer)."""

    status = 502
    type = "api_error"
    code = "model_error"


class ModelNotFoundError(ModelError):
    """The backend does not know the model it was asked for."""

    status = 404
    type = "invalid_request_error"
    code = "model_not_found"


class RateLimitError(ModelError):
    """The upstream answered 429; ``retry_after`` (seconds) is passed on to the client."""

    status = 429
    type = "rate_limit_error"
    code = "rate_limit_exceeded"

    def __init__(self, message: str = "", *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class ModelTimeoutError(ModelError):
    """The upstream did not answer within the configured timeout."""

    status = 504
    type = "api_error"
    code = "upstream_timeout"


class UpstreamError(ModelError):
    """Any other upstream failure (5xx, closed connection, unreadable answer)."""

    status = 502
    type = "api_error"
    code = "upstream_error"


class StoreError(GuardGraphError):
    """A durable store (forget registry, handbook, bandit state) cannot be used."""

    status = 503
    type = "server_error"
    code = "store_unavailable"


class StoreCorruptError(StoreError):
    """A store failed its integrity or WAL check at open; nothing was written to it."""

    code = "store_corrupt"


class StoreVersionError(StoreError):
    """A store written by a newer guardgraph (schema version ahead of this code)."""

    code = "store_version"


class GraphRunError(GuardGraphError):
    """A graph misbehaved at run time (bad node update, no route)."""

    status = 500
    type = "server_error"
    code = "graph_error"


class RoutingError(GraphRunError):
    """A conditional edge met a value its spec has no route (and no default) for."""

    code = "routing_error"
