"""The typed state every guardgraph graph shares.

One schema for all prebuilt graphs keeps agents composable: a watchdog, a verifier and a curator
can sit in the same graph because they read and write named, documented fields instead of
passing ad-hoc dicts. Fields that accumulate over a conversation (``messages``, ``trace``) have
reducers; everything else is per-turn and is reset by :func:`turn_input` at the start of a turn, so
a checkpointed thread never leaks one turn's draft into the next.

``messages`` uses LangGraph's ``add_messages`` reducer: a node appends by returning
``{"messages": [Message(role="assistant", content=...)]}`` (plain OpenAI-shaped dicts are
accepted) and removes one by returning ``RemoveMessage(id=...)`` (e.g. a history scrub). The
stored values are LangChain message objects; read them with :func:`openai_messages`, which gives
the ``{"role", "content"}`` dicts every backend takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, TypedDict, get_type_hints

from langchain_core.messages import AnyMessage, BaseMessage, RemoveMessage
from langgraph.graph.message import add_messages

__all__ = [
    "AgentStep",
    "Candidate",
    "GuardState",
    "Intent",
    "MAX_TRACE_STEPS",
    "Message",
    "RemoveMessage",
    "STATE_FIELDS",
    "keep_recent_steps",
    "openai_messages",
    "turn_input",
]

MAX_TRACE_STEPS = 500


class Message(TypedDict):
    """One chat message, in the OpenAI shape every backend accepts."""

    role: Literal["system", "user", "assistant"]
    content: str


class AgentStep(TypedDict, total=False):
    """One entry of the trace: which node ran which agent, for how long, and what it reported."""

    turn: str
    node: str
    agent: str
    duration_ms: float
    detail: dict[str, Any]


class Candidate(TypedDict, total=False):
    """One sampled answer; the verifier fills ``score``/``rank``, the generator the rest."""

    id: int
    text: str
    seed: int | None
    final_answer: str | None
    score: float | None
    confidence: float | None
    round: int  # generation round that produced it (0 = the greedy round)
    source: str  # "greedy" (temperature 0), "sample", or "checker" (computed by a checker)
    checked: bool | None  # a checker's verdict: True right, False wrong, None not checkable
    tokens: int  # completion tokens the backend reported (0 when unknown)


Intent = Literal["forget", "revoke", "none"]


def keep_recent_steps(left: list[AgentStep], right: list[AgentStep]) -> list[AgentStep]:
    """Append trace steps but keep only the newest ``MAX_TRACE_STEPS`` so checkpoints stay small."""
    merged = (left or []) + (right or [])
    return merged[-MAX_TRACE_STEPS:]


class GuardState(TypedDict, total=False):
    """State of one conversation thread.

    Conversation-level (persist across turns): ``messages``, ``trace``, ``scope``, ``tenant``.
    Turn-level (reset each turn): everything else.
    """

    # conversation
    messages: Annotated[list[AnyMessage], add_messages]
    trace: Annotated[list[AgentStep], keep_recent_steps]
    scope: str  # user id the forget registry and handbook are scoped to
    tenant: str | None

    # the current turn
    turn: str  # id of the current turn; trace steps carry it
    query: str  # the user's message this turn
    context: list[str]  # documents retrieved by the app (RAG) for this turn
    draft: str  # the answer being worked on
    reply: str  # the final answer of the turn
    refused: bool

    # forgetting (watchdog, registry, unlearning filter, token filter)
    intent: Intent
    intent_targets: list[str]
    relevant_targets: list[dict[str, Any]]  # registry entries that matter for this query
    audit: dict[str, Any]  # audit agent's findings on the draft
    rewrites: list[dict[str, Any]]  # erase agent output, scored by the critic

    # reasoning (generator N candidates, verifier, meta-reasoner, curator)
    candidates: list[Candidate]
    ranking: list[dict[str, Any]]
    round: int
    strategy: str
    progress_reports: list[str]
    handbook_entries: list[dict[str, Any]]  # retrieved concept-memory entries for the prompt
    verified: bool | None
    candidate_pool: list[Candidate]  # every candidate of the turn, all rounds (progress node)
    round_tokens: list[int]  # completion tokens per generation round (progress node)
    reason_calls: int  # model calls the turn has spent (generator rounds + verifier)
    reason_started: float  # time.time() when the turn's first round was pooled
    pending_decisions: list[dict[str, Any]]  # meta-reasoner decisions awaiting their reward
    checker: dict[str, Any] | None  # a checker's exact solution of the query (agents/checkers.py)


STATE_FIELDS: frozenset[str] = frozenset(get_type_hints(GuardState, include_extras=False))
"""Every key a node may put in its update (the builder rejects any other)."""

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "user": "user", "assistant": "assistant"}


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, Mapping) else ""
            for part in content
        )
    return "" if content is None else str(content)


def openai_messages(messages: Iterable[Any] | None) -> list[Message]:
    """``state["messages"]`` as OpenAI-shaped ``{"role", "content"}`` dicts.

    Accepts LangChain message objects (what the ``add_messages`` reducer stores) and plain dicts
    (what a test or an app may put in a hand-made state); tool and function messages, which no
    guardgraph prompt uses, are skipped.
    """
    converted: list[Message] = []
    for message in messages or []:
        if isinstance(message, BaseMessage):
            role, content = _ROLES.get(message.type), message.content
        elif isinstance(message, Mapping):
            role, content = _ROLES.get(str(message.get("role"))), message.get("content")
        else:
            continue
        if role is not None:
            converted.append(Message(role=role, content=_text(content)))  # type: ignore[typeddict-item]
    return converted


def turn_input(
    query: str,
    *,
    turn: str,
    scope: str,
    tenant: str | None,
    context: list[str] | None,
) -> dict[str, Any]:
    """The update that opens a turn: the user's message plus a reset of every per-turn field."""
    return {
        "messages": [Message(role="user", content=query)],
        "scope": scope,
        "tenant": tenant,
        "turn": turn,
        "query": query,
        "context": list(context or []),
        "draft": "",
        "reply": "",
        "refused": False,
        "intent": "none",
        "intent_targets": [],
        "relevant_targets": [],
        "audit": {},
        "rewrites": [],
        "candidates": [],
        "ranking": [],
        "round": 0,
        "strategy": "",
        "progress_reports": [],
        "handbook_entries": [],
        "verified": None,
        "candidate_pool": [],
        "round_tokens": [],
        "reason_calls": 0,
        "reason_started": 0.0,
        "pending_decisions": [],
        "checker": None,
    }
