"""Forget-registry nodes: apply a watchdog decision, and recall the targets relevant to a turn.

``forget_update`` writes the watchdog's targets to the user's own scope and confirms *without
repeating the names* (the confirmation is already a reply that must not reveal them).
``forget_lookup`` fetches only the registered targets that matter for this query and its context
documents, so every later agent's cost depends on those few, not on the registry's size.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.graphs.context import emit_token, node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState, Message
from guardgraph.memory.forget_store import Scope


class ForgetUpdateParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    forget_reply: str = "Understood. I have forgotten it and will not bring it up again."
    revoke_reply: str = "Understood. I can talk about it again."
    nothing_reply: str = "I could not tell what to forget; please name it, e.g. 'forget Jane Doe'."


class ForgetLookupParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(8, ge=1, le=64, description="most targets fetched per turn")
    include_context: bool = Field(True, description="also match the turn's context documents")
    semantic: bool = True


def target_record(hit: Any) -> dict[str, Any]:
    """A registry hit as the plain dict kept in ``state['relevant_targets']``."""
    entry = hit.entry
    return {
        "id": entry.id,
        "target": entry.target,
        "aliases": list(entry.aliases),
        "facts": list(entry.facts),
        "match": hit.match,
        "score": round(float(hit.score), 4),
    }


def _finish(reply: str) -> dict[str, Any]:
    emit_token(reply)
    return {"reply": reply, "draft": reply, "messages": [Message(role="assistant", content=reply)]}


@agent("forget_update", params=ForgetUpdateParams)
def forget_update(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Register (or revoke) the watchdog's targets in the requesting user's scope."""
    ctx = node_context(config)
    params: ForgetUpdateParams = ctx.params
    registry = ctx.services.forget_registry
    scope = Scope.of_user(state.get("scope", "default"), state.get("tenant"))
    targets = [t for t in state.get("intent_targets", []) if t.strip()]
    if not targets:
        return {**_finish(params.nothing_reply), "trace_detail": {"intent": state.get("intent"), "targets": 0}}
    if state.get("intent") == "revoke":
        revoked = sum(bool(registry.revoke(t, scope=scope, requested_by=scope.id)) for t in targets)
        return {**_finish(params.revoke_reply), "trace_detail": {"revoked": revoked}}
    for target in targets:
        registry.add(target, scope=scope, requested_by=scope.id, reason=state.get("query", "")[:500])
    return {**_finish(params.forget_reply), "trace_detail": {"registered": len(targets)}}


@agent("forget_lookup", params=ForgetLookupParams)
def forget_lookup(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Fetch the registered targets relevant to this query (and its context documents)."""
    ctx = node_context(config)
    params: ForgetLookupParams = ctx.params
    text = "\n".join(state.get("context", [])) if params.include_context else ""
    hits = ctx.services.forget_registry.relevant(
        state.get("query", ""),
        user=state.get("scope"),
        tenant=state.get("tenant"),
        k=params.k,
        text=text,
        semantic=params.semantic,
    )
    records = [target_record(hit) for hit in hits]
    return {"relevant_targets": records, "trace_detail": {"relevant": len(records)}}
