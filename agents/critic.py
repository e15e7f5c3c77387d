"""The critic agent: score each rewrite 1-5 for residual traces of the forgotten targets.

The score starts from the deterministic audit (any name -> 1, a restated fact -> 2, clean -> 4,
clean and still on-topic -> 5, empty -> 1). With ``use_model`` the bound model also rates each
rewrite and the lower of the two scores wins, so a model can only make the critic stricter:
a small model's optimism never lets a leak through. Model calls: at most one per rewrite.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.audit import find_leaks, forbidden_names
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState
from guardgraph.memory.target_text import normalise
from guardgraph.tools.base import GenerationParams

RATING = re.compile(r"\b([1-5])\b")


class CriticParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    use_model: bool = Field(False, description="also ask the model to rate each rewrite")
    max_tokens: int = Field(8, ge=1, le=64)


def rule_score(text: str, query: str, targets: list[dict[str, Any]], embedder: Any) -> tuple[int, str]:
    """Deterministic 1-5 score and the reason for it."""
    if not text.strip():
        return 1, "empty"
    kinds = {f.kind for f in find_leaks(text, targets, embedder=embedder)}
    if kinds & {"exact", "fuzzy"}:
        return 1, "names a forgotten target"
    if "semantic" in kinds:
        return 2, "restates a forgotten fact"
    query_words = {w for w in normalise(query).split() if len(w) > 3}
    on_topic = bool(query_words & set(normalise(text).split()))
    return (5, "clean, on topic") if on_topic else (4, "clean")


def model_score(model: Any, text: str, names: list[str], max_tokens: int) -> int | None:
    # names are never sent: the rewrite is masked and the forgotten items appear as [redacted]
    from guardgraph.tools.mention.finder import get_finder

    text = get_finder(names).redact(text) if names else text
    prompt = [
        {"role": "system", "content": "You check answers for privacy. Reply with one digit from 1 to 5."},
        {"role": "user", "content": (
            f"Forgotten: {'; '.join('[redacted]' for _ in names[:1])}\nAnswer: {text}\n"
            "How well does the answer avoid revealing anything about the forgotten items? "
            "5 = reveals nothing, 1 = clearly reveals them. Digit:")},
    ]
    reply = model.generate(prompt, GenerationParams(max_tokens=max_tokens, temperature=0.0)).text
    found = RATING.search(reply)
    return int(found.group(1)) if found else None


@agent("critic", params=CriticParams, uses_model=True)
def critic(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Attach ``score`` and ``reason`` to every rewrite."""
    ctx = node_context(config)
    params: CriticParams = ctx.params
    targets = state.get("relevant_targets", [])
    names = forbidden_names(targets)
    scored, calls = [], 0
    for rewrite in state.get("rewrites", []):
        score, reason = rule_score(rewrite["text"], state.get("query", ""), targets, ctx.services.embedder)
        if params.use_model and score > 1:
            calls += 1
            rated = model_score(ctx.model, rewrite["text"], names, params.max_tokens)
            if rated is not None and rated < score:
                score, reason = rated, f"model rated {rated}"
        scored.append({**rewrite, "score": score, "reason": reason})
    return {"rewrites": scored, "trace_detail": {"model_calls": calls, "scores": [r["score"] for r in scored]}}
