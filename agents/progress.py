"""Progress of a reasoning turn, derived from its candidates (no model call).

After every generation round this node:

* labels the round's candidates (``id`` across rounds, ``round``, ``final_answer``) and asks the
  checkers (:mod:`guardgraph.agents.checkers`) whether each one is right (``checked``); the
  checker's own exact solution of the query is computed once per turn (``state["checker"]``);
* pools them with the earlier rounds' candidates (``candidate_pool``; the generator replaces
  ``candidates`` each round), so the verifier ranks every answer the turn produced;
* counts what the turn spent (``reason_calls``, ``round_tokens``, ``reason_started``) for the
  meta-reasoner's per-request budget;
* writes a progress report for the meta-reasoner. Asking a small model to write one lengthens
  every candidate and often yields a malformed report, while the candidates already carry the
  signal: whether they reached a final answer and whether they agree. The report is honestly
  labelled as derived (``confidence`` is the share of the pool agreeing with the modal answer,
  and is withheld until ``min_answers`` answers exist: one answer always agrees with itself).

All of it lives in typed, per-turn state fields that ``turn_input`` resets, so a later turn of the
same thread starts empty.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents import checkers
from guardgraph.agents.tournament import extract_final_answer
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent, router
from guardgraph.graphs.state import Candidate, GuardState

CHARS_PER_TOKEN = 4  # token estimate when the backend gave no count


class ProgressParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pool: bool = Field(True, description="keep earlier rounds' candidates for the verifier")
    done_agreement: float = Field(0.75, ge=0.0, le=1.0, description="agreement share that counts as done")
    min_answers: int = Field(3, ge=1, le=64, description="answers needed before agreement counts")
    use_checkers: bool = Field(True, description="ask the exact checkers about every candidate")


def estimate_tokens(texts: Sequence[str]) -> int:
    """Rough completion-token count of a round (characters / 4)."""
    return sum(len(t) for t in texts) // CHARS_PER_TOKEN


def derive_report(
    candidates: Sequence[Mapping[str, Any]], done_agreement: float = 0.75, min_answers: int = 1
) -> tuple[str, dict[str, Any]]:
    """A report in the meta-reasoner's format, and the numbers it was derived from."""
    answers = [c.get("final_answer") for c in candidates]
    present = [a for a in answers if a]
    votes = Counter(present)
    modal, count = votes.most_common(1)[0] if votes else (None, 0)
    agreement = count / len(candidates) if candidates else 0.0
    checked = [c for c in candidates if c.get("checked") is True]
    if checked:
        status, issue, agreement = "done", "none", 1.0
        modal = checked[0].get("final_answer") or modal
    elif not present:
        status, issue = "stuck", "no candidate reached a final answer"
    elif len(present) < min_answers:
        status, issue = "on_track", "none"
    elif agreement >= done_agreement:
        status, issue = "done", "none"
    else:
        listed = ", ".join(str(a) for a, _ in votes.most_common(4))
        status, issue = "unsure", f"the candidates disagree: {len(votes)} different answers ({listed})"
    shown = agreement if (checked or len(present) >= min_answers) else None
    report = (
        "PROGRESS REPORT\n"
        f"status: {status}\n"
        f"confidence: {'unknown' if shown is None else round(100 * shown)}\n"
        f"answer: {modal if modal is not None else 'none'}\n"
        f"issue: {issue}"
    )
    numbers = {"status": status, "agreement": round(agreement, 4), "answers": len(votes), "modal": modal,
               "checked_right": len(checked)}
    return report, numbers


@agent("progress", params=ProgressParams)
def progress_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Label and check candidates, pool them across rounds, count spending, write a report."""
    params: ProgressParams = node_context(config).params
    earlier: list[Candidate] = list(state.get("candidate_pool") or []) if params.pool else []
    query = state.get("query") or ""
    update: dict[str, Any] = {}
    solution_dict = state.get("checker")
    if params.use_checkers and solution_dict is None:
        solution = checkers.solve(query)
        solution_dict = solution.as_dict() if solution else {}
        update["checker"] = solution_dict
    solution = checkers.Solution(**solution_dict) if solution_dict else None
    fresh = [dict(c) for c in state.get("candidates") or []]
    round_index = int(state.get("round") or 0)
    verdicts = (checkers.check_candidates(query, fresh, solution) if params.use_checkers
                else [None] * len(fresh))
    for offset, (candidate, verdict) in enumerate(zip(fresh, verdicts), start=len(earlier)):
        candidate["id"] = offset
        candidate["round"] = round_index
        candidate.setdefault("source", "sample")
        candidate["checked"] = verdict
        if candidate.get("final_answer") is None:
            candidate["final_answer"] = extract_final_answer(candidate.get("text"))
    pool = [*earlier, *fresh]
    report, numbers = derive_report(pool, params.done_agreement, params.min_answers)
    tokens = sum(int(c.get("tokens") or 0) for c in fresh) or estimate_tokens([str(c.get("text") or "") for c in fresh])
    round_tokens = [*(state.get("round_tokens") or []), tokens]
    update.update({
        "candidates": pool,
        "candidate_pool": pool,
        "round_tokens": round_tokens,
        "reason_calls": int(state.get("reason_calls") or 0) + len(fresh),
        "reason_started": float(state.get("reason_started") or 0.0) or time.time(),
        "progress_reports": [*(state.get("progress_reports") or []), report],
        "trace_detail": {**numbers, "pooled": len(pool), "round_tokens": tokens,
                         "checker": (solution.kind if solution else None)},
    })
    return update


class CheckParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@agent("checker", params=CheckParams)
def checker_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Solve the query exactly when a checker can (``state["checker"]``); no model call.

    With the ``checker_route`` router a spec sends a solved query straight to the verifier, which
    answers with the checker's worked result: the model is not asked what a calculator knows.
    """
    solution = checkers.solve(state.get("query") or "")
    return {"checker": solution.as_dict() if solution else {},
            "trace_detail": {"solved": solution is not None, "kind": solution.kind if solution else None}}


@router("checker_route", outputs=("solved", "open"))
def checker_route(state: GuardState) -> str:
    """``solved`` when the checker node computed the answer, else ``open``."""
    return "solved" if state.get("checker") else "open"
