"""The Pipeline: a compiled spec plus its models, services and checkpointer, behind a small API.

``invoke`` / ``stream`` are synchronous; ``ainvoke`` / ``astream`` run the same code in a worker
thread. Running the sync graph in a thread (rather than LangGraph's async path) keeps one
checkpointer implementation (the sync SQLite saver) valid for both, and the nodes are sync anyway
because both backends decode synchronously.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.message import REMOVE_ALL_MESSAGES

from guardgraph.errors import PipelineError
from guardgraph.graphs.builder import SequentialGraph, bind_models, build_nodes, compile_spec
from guardgraph.graphs.context import STREAM_EVENT, RunContext, Services
from guardgraph.graphs.registry import Registry
from guardgraph.graphs.spec import GraphSpec, load_spec
from guardgraph.graphs.state import AgentStep, RemoveMessage, openai_messages, turn_input
from guardgraph.tools.base import ChatModel
from guardgraph.tools.embedded import StatusCallback, data_dir as default_data_dir
from guardgraph.tools.request_scope import validate_settings
from guardgraph.tools.resolve import resolve_model

CheckpointerChoice = str | BaseCheckpointSaver | None


__all__ = ["MAX_ID_CHARS", "Pipeline", "PipelineError", "Reply", "check_id", "make_checkpointer", "scope_for"]

MAX_ID_CHARS = 256


def check_id(value: str | None, what: str) -> None:
    """A user, tenant or thread id: at most 256 characters, no control characters."""
    if value is None:
        return
    if not isinstance(value, str):
        raise PipelineError(f"{what} must be a string, got {type(value).__name__}")
    if len(value) > MAX_ID_CHARS:
        raise PipelineError(f"{what} is {len(value)} characters long (max {MAX_ID_CHARS})")
    bad = next((ch for ch in value if ord(ch) < 32 or 127 <= ord(ch) < 160), None)
    if bad is not None:
        raise PipelineError(f"{what} {value[:40]!r} contains a control character ({bad!r})")


def scope_for(level: str, *, user: str, tenant: str | None) -> Any:
    """The registry scope for a write at ``level``: the user's own, its tenant's, or global."""
    from guardgraph.memory.forget_store import Scope  # numpy + name folding: only the forget API needs them

    check_id(user, "scope")
    check_id(tenant, "tenant")

    if level == "user":
        return Scope.of_user(user, tenant)
    if level == "tenant":
        if not tenant:
            raise PipelineError("level='tenant' needs a tenant")
        return Scope.of_tenant(tenant)
    if level == "global":
        return Scope.global_()
    raise PipelineError(f"unknown level {level!r} (use user, tenant or global)")


@dataclass
class Reply:
    """What one turn produced: the text, this turn's trace, and the final state for inspection."""

    text: str
    thread: str
    turn: str
    trace: list[AgentStep] = field(default_factory=list)
    refused: bool = False
    state: dict[str, Any] = field(default_factory=dict, repr=False)


def make_checkpointer(choice: CheckpointerChoice, data_dir: Path) -> BaseCheckpointSaver | None:
    """``sqlite`` (default, file in data_dir), ``memory``, ``none``, a postgres URL, or a saver."""
    if choice is None or isinstance(choice, BaseCheckpointSaver):
        return choice
    if choice == "none":
        return None
    if choice == "memory":
        return InMemorySaver()
    if choice == "sqlite" or choice.startswith("sqlite:"):
        from langgraph.checkpoint.sqlite import SqliteSaver

        path = Path(choice.removeprefix("sqlite:")) if choice != "sqlite" else data_dir / "threads.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), check_same_thread=False)
        saver = SqliteSaver(connection)
        saver.setup()
        return saver
    if choice.startswith(("postgres://", "postgresql://")):
        try:
            from langgraph.checkpoint.postgres import PostgresSaver
            from psycopg import Connection
        except ImportError as exc:
            raise PipelineError("postgres checkpointer needs: pip install 'guardgraph[postgres]'") from exc
        saver = PostgresSaver(Connection.connect(choice, autocommit=True, prepare_threshold=0))
        saver.setup()
        return saver
    raise PipelineError(f"unknown checkpointer {choice!r} (use sqlite, sqlite:PATH, memory, none or a postgres URL)")



def _keep_control_marks(messages: list[dict[str, str]], stored: Sequence[Any]) -> list[Any]:
    """``messages`` (a client's conversation replacing a thread's) with the thread's control marks kept.

    A forget/revoke request and its confirmation are stored marked as control turns, which the model
    is never shown as conversation (``agents.forget_memory``). A client that resends them in a
    conversation that otherwise differs from the thread's must not turn them back into conversation:
    a resent message equal (role and text) to a stored control message keeps its mark. The stored
    copy may have been scrubbed since (the forgotten name replaced by ``[redacted]``), so each
    placeholder in it matches any text of the resent message.
    """
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    from guardgraph.agents.forget_memory import CONTROL_KEY, is_control

    from guardgraph.tools.holdback import REDACTION

    controls: list[tuple[str, re.Pattern[str], Any]] = []
    for message in stored:
        plain = openai_messages([message])
        if plain and is_control(message):
            marks = message if isinstance(message, Mapping) else message.additional_kwargs
            parts = plain[0]["content"].split(REDACTION)
            # a placeholder matches any text; past a few, only the exact text (no costly backtracking)
            pattern = ".+?".join(map(re.escape, parts)) if len(parts) <= 9 else re.escape(plain[0]["content"])
            controls.append((plain[0]["role"], re.compile(pattern, re.DOTALL), marks[CONTROL_KEY]))
    if not controls:
        return list(messages)
    types = {"user": HumanMessage, "assistant": AIMessage, "system": SystemMessage}
    out: list[Any] = []
    for m in messages:
        kind = next((k for role, pattern, k in controls if role == m["role"] and pattern.fullmatch(m["content"])), None)
        out.append(m if kind is None else types[m["role"]](content=m["content"], additional_kwargs={CONTROL_KEY: kind}))
    return out

class Pipeline:
    """Run a guardgraph graph: ``Pipeline.from_spec("chat", model="local").invoke("Hi")``."""

    def __init__(
        self,
        spec: GraphSpec,
        *,
        models: Mapping[str, ChatModel],
        services: Services,
        checkpointer: BaseCheckpointSaver | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.spec = spec
        self.models = bind_models(spec, models)
        self.services = services
        self.checkpointer = checkpointer
        nodes = build_nodes(spec, models=self.models, services=services, registry=registry)
        self.graph = compile_spec(spec, models=self.models, services=services, registry=registry,
                                  checkpointer=checkpointer, nodes=nodes)
        # Turns that are not checkpointed run the same node functions without LangGraph's
        # scheduler where that is equivalent (a chain: see SequentialGraph); False forces LangGraph.
        self.sequential = SequentialGraph.for_spec(spec, nodes, self.graph, registry)
        self.fast_path = True

    def run_context(self, settings: Mapping[str, Any] | None = None,
                    token_sink: Callable[[str], None] | None = None) -> RunContext:
        """The LangGraph runtime context every call passes: models, services, per-call settings."""
        return RunContext(models=self.models, services=self.services, settings=dict(settings or {}),
                          token_sink=token_sink)

    @classmethod
    def from_spec(
        cls,
        spec: str | Path | dict[str, Any] | GraphSpec,
        *,
        model: str | ChatModel | None = None,
        models: Mapping[str, str | ChatModel] | None = None,
        checkpointer: CheckpointerChoice = "sqlite",
        data_dir: str | Path | None = None,
        embedder: str = "auto",
        registry: Registry | None = None,
        on_status: StatusCallback | None = None,
        services: Mapping[str, Any] | None = None,
    ) -> "Pipeline":
        """Load a spec (prebuilt name, file, dict) and resolve its model bindings.

        ``model`` overrides the ``default`` binding, ``models`` any binding by name; bindings whose
        value names another binding (``judge: default``) follow it. ``services`` may inject
        ready-made components (``forget_registry``, ``handbook``, ``embedder``).
        """
        graph_spec = load_spec(spec, registry=registry)
        wanted: dict[str, str | ChatModel] = dict(graph_spec.models)
        if model is not None:
            wanted["default"] = model
        wanted.update(models or {})
        resolved: dict[str, ChatModel] = {}
        for binding, value in wanted.items():
            if isinstance(value, str) and value in wanted and value != binding:
                continue  # alias, bound after its target below
            resolved[binding] = resolve_model(value, on_status=on_status)
        for binding, value in wanted.items():
            if binding not in resolved:
                resolved[binding] = resolved[value]  # type: ignore[index]
        folder = Path(data_dir).expanduser() if data_dir else default_data_dir()
        shared = Services(data_dir=folder, embedder_name=embedder, overrides=dict(services or {}))
        return cls(
            graph_spec,
            models=resolved,
            services=shared,
            checkpointer=make_checkpointer(checkpointer, folder),
            registry=registry,
        )

    # ---- running turns -------------------------------------------------------------------

    def _graph_for(self, thread: str | None) -> Any:
        """The compiled graph for a turn: a turn without a thread is not checkpointed at all."""
        if thread or self.checkpointer is None:
            return self.graph
        stateless = self.__dict__.get("_stateless_graph")
        if stateless is None:
            stateless = self.__dict__["_stateless_graph"] = self.graph.copy(update={"checkpointer": None})
        return stateless

    def _history_messages(self, history: Sequence[Mapping[str, Any]] | None, thread: str | None) -> list[Any]:
        """The request's earlier messages as state messages (see ``invoke(history=...)``)."""
        if history is None:
            return []
        if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
            raise PipelineError("history must be a list of {'role', 'content'} messages")
        messages: list[dict[str, str]] = []
        for index, message in enumerate(history):
            role = message.get("role") if isinstance(message, Mapping) else None
            content = message.get("content") if isinstance(message, Mapping) else None
            if role not in {"user", "assistant", "system"} or not isinstance(content, str):
                raise PipelineError(
                    f"history[{index}] must be {{'role': 'user'|'assistant'|'system', 'content': str}}"
                )
            messages.append({"role": role, "content": content})
        if not messages or not thread or self.checkpointer is None:
            return messages  # no history given: a thread keeps what it stored
        raw = self._stored_messages(thread)
        stored = [{"role": m["role"], "content": m["content"]} for m in openai_messages(raw)]
        if stored and messages[: len(stored)] == stored:
            return messages[len(stored):]  # the client resent what the thread already holds
        if stored:  # the client's conversation differs from the thread's: the request wins
            return [RemoveMessage(id=REMOVE_ALL_MESSAGES), *_keep_control_marks(messages, raw)]
        return messages

    def _prepare(
        self, text: str, thread: str | None, scope: str, tenant: str | None, context: Sequence[str] | None,
        history: Sequence[Mapping[str, Any]] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any], str, str]:
        if not isinstance(text, str) or not text.strip():
            raise PipelineError("empty prompt: give a non-empty message")
        if not isinstance(scope, str) or not scope.strip():
            raise PipelineError("empty scope: give a user id (default 'default')")
        for what, value in (("scope", scope), ("tenant", tenant), ("thread", thread)):
            check_id(value, what)
        thread_id = thread or f"ephemeral-{uuid.uuid4().hex}"
        turn = uuid.uuid4().hex[:12]
        payload = turn_input(text, turn=turn, scope=scope, tenant=tenant, context=list(context or []))
        earlier = self._history_messages(history, thread)
        if earlier:
            payload["messages"] = [*earlier, *payload["messages"]]
        config = {"configurable": {"thread_id": thread_id}, "recursion_limit": 64}
        return payload, config, thread_id, turn

    @staticmethod
    def _reply(state: dict[str, Any], thread: str, turn: str) -> Reply:
        text = state.get("reply") or state.get("draft") or ""
        trace = [step for step in state.get("trace", []) if step.get("turn") == turn]
        return Reply(text=text, thread=thread, turn=turn, trace=trace, refused=bool(state.get("refused")), state=state)

    def invoke(
        self,
        text: str,
        *,
        thread: str | None = None,
        scope: str = "default",
        tenant: str | None = None,
        context: Sequence[str] | None = None,
        history: Sequence[Mapping[str, Any]] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Reply:
        """Run one turn and return its :class:`Reply`.

        ``history`` is the conversation before ``text`` (OpenAI-style ``{"role", "content"}``
        dicts, as an OpenAI client sends it): the turn sees it as its earlier messages. With a
        ``thread`` whose stored messages it extends, only the new part is added; a history that
        differs from the thread replaces it. ``settings`` are per-call decoding settings
        (``max_tokens``, ``temperature``, ``top_p``, ``stop``, ``seed``) the generator applies.
        Without ``thread`` the turn is not stored.
        """
        return self._run(text, thread, scope, tenant, context, history, settings, None)

    def stream(
        self,
        text: str,
        *,
        thread: str | None = None,
        scope: str = "default",
        tenant: str | None = None,
        context: Sequence[str] | None = None,
        history: Sequence[Mapping[str, Any]] | None = None,
        settings: Mapping[str, Any] | None = None,
        on_reply: Callable[[Reply], None] | None = None,
    ) -> Iterator[str]:
        """Yield the reply as it is produced (``history``/``settings`` as in :meth:`invoke`).

        ``on_reply`` is called with the final :class:`Reply` once the graph has finished, before
        any remaining text is yielded, so a caller can tell whether the reply it was streamed
        still stands (a later node may have rewritten it).

        Nodes that stream (a final generator) emit chunks as they decode; graphs whose reply is
        settled only at the end (e.g. after an unlearning filter) yield it whole once it is final,
        so nothing that a later node removes is ever shown.
        """
        settings = validate_settings(settings)
        payload, config, thread_id, turn = self._prepare(text, thread, scope, tenant, context, history)
        streamed: list[str] = []
        final: dict[str, Any] = {}
        graph = self._graph_for(thread)
        for mode, data in graph.stream(payload, config, stream_mode=["custom", "values"],
                                       context=self.run_context(settings)):
            if mode == "custom" and isinstance(data, dict) and STREAM_EVENT in data:
                streamed.append(data[STREAM_EVENT])
                yield data[STREAM_EVENT]
            elif mode == "values":
                final = data
        finished = self._reply(final, thread_id, turn)
        if on_reply is not None:
            on_reply(finished)
        reply = finished.text
        sent = "".join(streamed)
        if reply.startswith(sent) and reply != sent:
            yield reply[len(sent) :]  # e.g. whitespace trimmed, or a node that did not stream
        elif not sent and reply:
            yield reply

    def run_streaming(
        self,
        text: str,
        on_chunk: Callable[[str], None],
        *,
        thread: str | None = None,
        scope: str = "default",
        tenant: str | None = None,
        context: Sequence[str] | None = None,
        history: Sequence[Mapping[str, Any]] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Reply:
        """Run one turn in the calling thread; each chunk a streaming node emits goes to ``on_chunk``.

        The push form of :meth:`stream` for callers that already run the turn in a worker thread
        (the server): the graph runs like :meth:`invoke` — every node inline, no LangGraph
        background thread per request, no second thread hop per chunk — and the final
        :class:`Reply` is returned. Unlike :meth:`stream`, text that no node streamed (a rewrite,
        a trimmed tail) is not pushed: the caller compares the reply with what it received.
        """
        return self._run(text, thread, scope, tenant, context, history, settings, on_chunk)

    def _run(self, text: str, thread: str | None, scope: str, tenant: str | None, context: Sequence[str] | None,
             history: Sequence[Mapping[str, Any]] | None, settings: Mapping[str, Any] | None,
             on_chunk: Callable[[str], None] | None) -> Reply:
        """One turn run inline (:meth:`invoke`, and :meth:`run_streaming` with a chunk sink)."""
        settings = validate_settings(settings)
        payload, config, thread_id, turn = self._prepare(text, thread, scope, tenant, context, history)
        run_context = self.run_context(settings, on_chunk)
        if self.fast_path and self.sequential is not None and (not thread or self.checkpointer is None):
            state = self.sequential.invoke(payload, config, run_context)  # nothing to checkpoint: no scheduler
        else:
            state = self._graph_for(thread).invoke(payload, config, context=run_context)
        return self._reply(state, thread_id, turn)

    async def ainvoke(self, text: str, **kwargs: Any) -> Reply:
        return await asyncio.to_thread(self.invoke, text, **kwargs)

    async def astream(self, text: str, **kwargs: Any) -> AsyncIterator[str]:
        """Async view of :meth:`stream`: the graph runs in a worker thread, chunks come via a queue."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

        def produce() -> None:
            try:
                for chunk in self.stream(text, **kwargs):
                    loop.call_soon_threadsafe(queue.put_nowait, ("chunk", chunk))
            except BaseException as exc:  # re-raised in the consumer
                loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))
            else:
                loop.call_soon_threadsafe(queue.put_nowait, ("done", None))

        threading.Thread(target=produce, daemon=True).start()
        while True:
            kind, value = await queue.get()
            if kind == "chunk":
                yield value
            elif kind == "error":
                raise value
            else:
                return

    # ---- inspection ----------------------------------------------------------------------

    def history(self, thread: str) -> list[dict[str, str]]:
        """Messages stored for ``thread`` by the checkpointer (empty without one)."""
        return openai_messages(self._stored_messages(thread))

    def _stored_messages(self, thread: str) -> list[Any]:
        if self.checkpointer is None:
            return []
        snapshot = self.graph.get_state({"configurable": {"thread_id": thread}})
        return list(snapshot.values.get("messages") or [])

    def mermaid(self) -> str:
        """The graph as a mermaid flowchart."""
        return self.graph.get_graph().draw_mermaid()

    # ---- forgetting (direct API) ---------------------------------------------------------

    def forget(
        self,
        target: str,
        *,
        scope: str = "default",
        tenant: str | None = None,
        aliases: Sequence[str] = (),
        facts: Sequence[str] = (),
        requested_by: str = "",
        level: str = "user",
    ) -> Any:
        """Register ``target`` as forgotten for a user (``level='user'``), tenant or globally."""
        registry = self.services.forget_registry
        return registry.add(
            target,
            scope=scope_for(level, user=scope, tenant=tenant),
            aliases=aliases,
            facts=facts,
            requested_by=requested_by or scope,
        )

    def revoke(self, target: str, *, scope: str = "default", tenant: str | None = None, level: str = "user") -> bool:
        """Un-forget ``target`` in the caller's own scope; returns whether anything was revoked."""
        return self.services.forget_registry.revoke(
            target, scope=scope_for(level, user=scope, tenant=tenant), requested_by=scope
        )

    def forgotten(self, scope: str = "default", tenant: str | None = None) -> list[Any]:
        """Every active forget entry visible to user ``scope`` (own, tenant-wide and global)."""
        return self.services.forget_registry.visible(scope, tenant)

    def close(self) -> None:
        """Close the checkpointer's connection and every store the services opened; idempotent."""
        connection = getattr(self.checkpointer, "conn", None)
        try:
            if isinstance(connection, sqlite3.Connection):
                connection.close()
        finally:
            self.services.close()

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
