"""Progress report for the meta-reasoner, derived from the round's candidates (no model call).

The meta-reasoner decides from a progress report in the :func:`progress_report_prompt` format.
Asking the generator to write one would lengthen every candidate and, on a small model, often
produce a malformed report; the candidates already carry the signal the report is meant to give:
whether the samples reached a final answer and whether they agree. So this node writes the report
itself, honestly labelled as derived (``confidence`` is the share of candidates agreeing with the
modal answer, not a self-assessment).

It also pools candidates across rounds, so the verifier ranks every answer the turn produced,
not only the last round's (the generator replaces ``candidates`` each round). The pool and the
per-round token estimates live in ``extras["reason"]``, keyed by turn id so a later turn in the
same thread starts empty (``extras`` persists across turns).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.verifier import extract_final_answer
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import Candidate, GuardState

EXTRAS_KEY = "reason"
CHARS_PER_TOKEN = 4  # token cost estimate when the backend's counts are not in the state


class ProgressParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pool: bool = Field(True, description="keep earlier rounds' candidates for the verifier")
    done_agreement: float = Field(0.75, ge=0.0, le=1.0, description="agreement share that counts as done")


def estimate_tokens(texts: Sequence[str]) -> int:
    """Rough completion-token count of a round (characters / 4)."""
    return sum(len(t) for t in texts) // CHARS_PER_TOKEN


def derive_report(candidates: Sequence[Mapping[str, Any]], done_agreement: float = 0.75) -> tuple[str, dict[str, Any]]:
    """A report in the meta-reasoner's format, and the numbers it was derived from."""
    answers = [c.get("final_answer") for c in candidates]
    present = [a for a in answers if a]
    votes = Counter(present)
    modal, count = votes.most_common(1)[0] if votes else (None, 0)
    agreement = count / len(candidates) if candidates else 0.0
    if not present:
        status, issue = "stuck", "no candidate reached a final answer"
    elif agreement >= done_agreement:
        status, issue = "done", "none"
    else:
        listed = ", ".join(str(a) for a, _ in votes.most_common(4))
        status, issue = "unsure", f"the candidates disagree: {len(votes)} different answers ({listed})"
    report = (
        "PROGRESS REPORT\n"
        f"status: {status}\n"
        f"confidence: {round(100 * agreement)}\n"
        f"answer: {modal if modal is not None else 'none'}\n"
        f"issue: {issue}"
    )
    numbers = {"status": status, "agreement": round(agreement, 4), "answers": len(votes), "modal": modal}
    return report, numbers


def turn_memory(state: Mapping[str, Any]) -> dict[str, Any]:
    """This turn's ``extras["reason"]`` (empty when it belongs to an earlier turn)."""
    memory = dict((state.get("extras") or {}).get(EXTRAS_KEY) or {})
    return memory if memory.get("turn") == state.get("turn") else {"turn": state.get("turn")}


@agent("progress", params=ProgressParams)
def progress_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Label candidates with final answers, pool them across rounds, and write a progress report."""
    params: ProgressParams = node_context(config).params
    memory = turn_memory(state)
    earlier: list[Candidate] = list(memory.get("pool") or []) if params.pool else []
    fresh = [dict(c) for c in state.get("candidates") or []]
    for offset, candidate in enumerate(fresh, start=len(earlier)):
        candidate["id"] = offset
        candidate["round"] = int(state.get("round") or 0)
        if candidate.get("final_answer") is None:
            candidate["final_answer"] = extract_final_answer(candidate.get("text"))
    report, numbers = derive_report(fresh, params.done_agreement)
    pool = [*earlier, *fresh]
    round_tokens = [*(memory.get("round_tokens") or []), estimate_tokens([str(c.get("text") or "") for c in fresh])]
    return {
        "candidates": pool,
        "progress_reports": [*(state.get("progress_reports") or []), report],
        "extras": {EXTRAS_KEY: {"turn": state.get("turn"), "pool": pool, "round_tokens": round_tokens}},
        "trace_detail": {**numbers, "pooled": len(pool), "round_tokens": round_tokens[-1]},
    }
