"""The composer agent: the turn's final answer, from the draft or the best rewrite, or a refusal.

Fast path: when the audit found nothing, the draft is the reply. Otherwise the highest-scored
rewrite wins if it reaches ``min_score``; below that the composer refuses. Whatever is chosen
passes a last redaction with the shared matcher, so a name can never reach the user even if an
upstream agent misbehaves.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.audit import target_finder
from guardgraph.graphs.context import emit_token, node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState, Message
from guardgraph.tools.holdback import strip_internal


class ComposerParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_score: int = Field(4, ge=1, le=5, description="lowest critic score a rewrite may have")
    refusal: str = "I'm sorry, I can't share information about that."


@agent("composer", params=ComposerParams)
def composer(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Merge the unlearning agents' work into the reply."""
    params: ComposerParams = node_context(config).params
    audit = state.get("audit") or {}
    refused = False
    if not audit.get("leaked"):
        reply, source = state.get("draft", ""), "draft"
    else:
        ranked = sorted(state.get("rewrites", []), key=lambda r: (r.get("score", 0), len(r["text"])), reverse=True)
        best = ranked[0] if ranked else None
        if best is not None and best.get("score", 0) >= params.min_score:
            reply, source = best["text"], best.get("source", "rewrite")
        else:
            reply, source, refused = params.refusal, "refusal", True
    targets = state.get("relevant_targets", [])
    reply = strip_internal(reply)  # an echoed guard instruction never reaches the user
    if targets:
        finder, _ = target_finder(targets)
        reply = finder.redact(reply)
    settings = getattr(node_context(config), "settings", None) or {}
    if not settings.get("stream_draft"):  # a stream_draft caller got the draft and settles the rest itself
        emit_token(reply)
    return {
        "reply": reply,
        "refused": refused,
        "messages": [Message(role="assistant", content=reply)],
        "trace_detail": {"source": source, "refused": refused},
    }
