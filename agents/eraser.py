"""The erase agent: rewrite a leaking draft without the forgotten targets (ALU's eraser).

It asks the bound model for N rewrites, decoding with the targets as ``forbidden`` strings so the
token filter keeps the names out of the rewrites themselves, and adds one deterministic rewrite
(the draft minus every sentence that leaks) so the composer always has a safe candidate even
when a small model rewrites poorly. Model calls: exactly ``n`` per leaking turn.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.audit import SENTENCE, find_leaks
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState
from guardgraph.tools.base import GenerationParams

ERASE_INSTRUCTIONS = (
    "You edit answers so they reveal nothing about certain forgotten people or topics. "
    "Rewrite the answer below: remove every name, fact or hint about them, keep everything else "
    "that still answers the question. If nothing useful remains, reply exactly: {refusal}"
)


class EraserParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(2, ge=0, le=8, description="model rewrites per leaking draft")
    temperature: float = Field(0.7, ge=0, le=2)
    max_tokens: int = Field(160, ge=8, le=2048)
    refusal: str = "I'm sorry, I can't share information about that."


def redact_sentences(text: str, targets: list[dict[str, Any]], embedder: Any) -> str:
    """The draft without the sentences that leak (deterministic fallback rewrite)."""
    kept = [s for s in SENTENCE.split(text) if s.strip() and not find_leaks(s, targets, embedder=embedder)]
    return " ".join(kept).strip()


@agent("eraser", params=EraserParams, uses_model=True)
def eraser(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Produce candidate rewrites of the draft that omit the relevant forgotten targets."""
    ctx = node_context(config)
    params: EraserParams = ctx.params
    targets = state.get("relevant_targets", [])
    from guardgraph.agents.generator import forbidden_strings
    from guardgraph.agents.forget_memory import mask_messages
    from guardgraph.tools.holdback import strip_internal

    forbidden = forbidden_strings(state)
    draft = state.get("draft", "")
    # The forgotten names never leave the process: the model sees them masked as [redacted].
    messages = mask_messages([
        {"role": "system", "content": ERASE_INSTRUCTIONS.format(refusal=params.refusal)
         + "\nThe forgotten names are shown as [redacted]; remove what the answer says about them."},
        {"role": "user", "content": f"Question: {state.get('query', '')}\nAnswer: {draft}"},
    ], targets)
    rewrites = []
    for index in range(params.n):
        decoding = GenerationParams(max_tokens=params.max_tokens, temperature=params.temperature, seed=index,
                                    forbidden=forbidden)
        text = strip_internal(ctx.model.generate(messages, decoding).text.strip())
        rewrites.append({"text": text, "source": f"model-{index}"})
    rewrites.append({"text": redact_sentences(draft, targets, ctx.services.embedder), "source": "redaction"})
    return {"rewrites": rewrites, "trace_detail": {"model_calls": params.n, "candidates": len(rewrites)}}
