"""The typed state every guardgraph graph shares.

One schema for all prebuilt graphs keeps agents composable: a watchdog, a verifier and a curator
can sit in the same graph because they read and write named, documented fields instead of
passing ad-hoc dicts. Fields that accumulate over a conversation (``messages``, ``trace``) have
reducers; everything else is per-turn and is reset by :func:`turn_input` at the start of a turn, so
a checkpointed thread never leaks one turn's draft into the next.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

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


Intent = Literal["forget", "revoke", "none"]


def keep_recent_steps(left: list[AgentStep], right: list[AgentStep]) -> list[AgentStep]:
    """Append trace steps but keep only the newest ``MAX_TRACE_STEPS`` so checkpoints stay small."""
    merged = (left or []) + (right or [])
    return merged[-MAX_TRACE_STEPS:]


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Shallow-merge updates into ``extras`` so user agents can add keys without a schema change."""
    return {**(left or {}), **(right or {})}


class GuardState(TypedDict, total=False):
    """State of one conversation thread.

    Conversation-level (persist across turns): ``messages``, ``trace``, ``scope``, ``tenant``.
    Turn-level (reset each turn): everything else.
    """

    # conversation
    messages: Annotated[list[Message], operator.add]
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

    extras: Annotated[dict[str, Any], merge_dicts]


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
    }
