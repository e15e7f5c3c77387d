"""Close a reasoning turn: publish the verifier's draft, mark it verified, reward the meta-reasoner.

In the ``reason`` graph the verifier only sets ``draft``; this node makes it the turn's ``reply``,
appends the assistant message and streams it (once, whole: candidates were not final).

``verified``: a live graph has no ground truth, so "verified" here means *the verifier is
confident*: the top ranking entry's ``confidence`` (the tournament's estimate that it is the best
candidate, or its vote share under a majority fallback) is at least ``verified_threshold`` and,
with ``require_final_answer`` (default), the reply states a final answer: N identical "I am not
sure" samples give the tournament nothing to doubt (confidence 1.0) but verify nothing. The
curator only learns from verified turns, so this is what keeps unsupported answers out of the
handbook.

Meta-reasoner reward: every strategy decision the meta-reasoner left pending this turn
(``state["pending_decisions"]``) is rewarded with the verifier's confidence (1 when a checker
verified the reply, 0 when it has no final answer) minus its token-cost term (``record_pending``;
tokens per round from ``state["round_tokens"]``), then the pending list is cleared.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.verifier import extract_final_answer
from guardgraph.graphs.context import emit_token, node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState, Message

logger = logging.getLogger(__name__)


class RespondParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verified_threshold: float = Field(0.6, ge=0.0, le=1.0, description="top confidence that counts as verified")
    require_final_answer: bool = Field(True, description="verified also needs an extractable final answer")
    record_outcome: bool = Field(True, description="reward the meta-reasoner's pending decisions")
    stream: bool = Field(True, description="emit the reply to streaming callers")


def top_confidence(state: GuardState) -> float | None:
    """Confidence of the verifier's best entry, clipped to [0, 1]; None without a ranking."""
    ranking = state.get("ranking") or []
    if not ranking or ranking[0].get("confidence") is None:
        return None
    return min(max(float(ranking[0]["confidence"]), 0.0), 1.0)


def _reply_text(state: GuardState) -> str:
    if (state.get("draft") or "").strip():
        return state["draft"].strip()
    candidates = state.get("candidates") or []
    return str(candidates[0].get("text") or "").strip() if candidates else ""


def _reward_meta_reasoner(state: GuardState, services: Any, success: float) -> int:
    from guardgraph.agents.meta_reasoner import bandit_options, record_pending

    pending = list(state.get("pending_decisions") or [])
    if not pending:
        return 0
    round_tokens = [int(t) for t in state.get("round_tokens") or []]
    # decision k was taken after round k, so the round it paid for is round k + 1
    decided = [int(entry.get("round", 0)) + 1 for entry in pending]
    tokens: int | list[int] = (
        [round_tokens[r] if r < len(round_tokens) else 0 for r in decided] if round_tokens else 0
    )
    options = {key: pending[-1][key] for key in ("alpha", "policy", "prior_weight") if key in pending[-1]}
    return record_pending(services.strategy_bandit(**bandit_options(**options)), pending, success, tokens)


@agent("respond", params=RespondParams)
def respond_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Make the verified draft the reply; set ``verified``; reward the meta-reasoner."""
    ctx = node_context(config)
    params: RespondParams = ctx.params
    text = _reply_text(state)
    confidence = top_confidence(state)
    answered = not params.require_final_answer or extract_final_answer(text) is not None
    verified = answered and confidence is not None and confidence >= params.verified_threshold
    success = (confidence or 0.0) if answered else 0.0  # the bandit's reward, before the token cost
    recorded = 0
    if params.record_outcome:
        try:
            recorded = _reward_meta_reasoner(state, ctx.services, success)
        except Exception as exc:  # learning is best-effort: the user still gets the answer
            logger.warning("respond: could not record the meta-reasoner outcome: %s", exc)
    if params.stream:
        emit_token(text)
    update: dict[str, Any] = {
        "reply": text,
        "verified": verified,
        "messages": [Message(role="assistant", content=text)],
        "trace_detail": {"confidence": confidence, "verified": verified, "rewarded": recorded,
                         "selected_by": (state.get("ranking") or [{}])[0].get("selected_by")},
    }
    if state.get("pending_decisions"):
        update["pending_decisions"] = []
    return update
