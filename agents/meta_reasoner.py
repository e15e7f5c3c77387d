"""Meta-reasoner: after each reasoning round, decide *whether* and *how* the generator goes on.

The ``progress`` node ends every round with a derived progress report (agreement of the pooled
answers, checker verdicts). This agent applies the hard stops first, in this order, each named in
the trace as ``reason``:

* ``max_rounds`` - the spec's round limit;
* ``checker`` - a checker computed the answer or verified a candidate: more samples cannot help;
* ``budget`` - the per-request budget (``max_calls`` model calls, ``max_tokens`` completion
  tokens, ``max_seconds`` wall time) would be exceeded by another round;
* ``min_answers`` - fewer answers than the self-consistency check needs: sample again (rule);
* ``agreement`` - the pooled answers agree (self-consistency stopping);
* ``verified`` - the verifier already accepted.

Otherwise it turns the report, the candidates and the question into a fixed-size context vector
(:data:`FEATURE_NAMES`), asks the pipeline's persisted contextual bandit (``Services.strategy_bandit``)
which strategy paid off in similar situations, and hands the generator the instruction for the
chosen strategy (:func:`strategy_instruction`, read by the generator from ``state["strategy"]``).
The trace reports both the cold-start prior and the learnt value of every arm. When the turn
closes, ``respond`` rewards every pending decision (:func:`record_pending`), so the choice of
when more rounds pay improves across runs and processes.

Round semantics: ``state["round"]`` is the index of the generation round that just finished
(0 after the first). The node returns ``round + 1``; once that reaches ``max_rounds`` the strategy
is ``stop`` whatever the bandit says, so at most ``max_rounds`` generation rounds run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import time
from typing import Any, Literal

import numpy as np
from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.strategy_bandit import STRATEGIES, Choice, StrategyBandit, validate_strategy
from guardgraph.agents.tournament import normalize_answer
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent, router

FEATURE_SET = "meta-v1"
# Each feature is in [0, 1] (``verified`` in [-1, 1]) so LinUCB's widths are comparable across them.
FEATURE_NAMES: tuple[str, ...] = (
    "bias",  # constant 1: the ridge models have no intercept of their own
    "round",  # min(round, 6) / 6: how far into the loop we are
    "answer_length",  # log1p(chars of the newest candidate) / log1p(4000), capped at 1
    "has_final",  # share of candidates with a final answer (report's answer if no candidates)
    "agreement",  # share of candidates agreeing with the modal final answer (0 when none)
    "confidence",  # self-reported confidence in [0, 1]; 0.5 when the report gives none
    "doubt",  # report names an error / wrong step / being unsure
    "stuck",  # report says it is stuck / making no progress / approach not working
    "unclear",  # report says the question is ambiguous / unclear what is asked
    "question_length",  # log1p(words in the question) / log1p(200), capped at 1
    "numeric_question",  # the question asks for a number (how many/much, compute, digits...)
    "verified",  # +1 verified, -1 verification failed, 0 not verified yet
)
N_FEATURES = len(FEATURE_NAMES)
TOKEN_SCALE = 2048  # tokens that count as a "full" cost of 1 in the reward

Status = Literal["on_track", "stuck", "done", "unsure", "unknown"]


# ---- progress report ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressReport:
    """What the generator said about its own progress; every field tolerates a missing value."""

    status: Status = "unknown"
    confidence: float | None = None
    answer: str | None = None
    issue: str | None = None
    doubt: bool = False
    stuck: bool = False
    unclear: bool = False
    raw: str = ""


_FIELD_RE = re.compile(
    r"^[\s>*#-]*\**\s*(status|confidence|answer|final answer|issue|problem|doubt)\s*\**\s*[:=]\s*(.*?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_NONE_RE = re.compile(r"^(none|n/?a|nothing|no(ne)?\.?|-|no issues?|no errors?|not yet|unknown)\.?$", re.IGNORECASE)
_NEGATED = r"(?<!no )(?<!not )(?<!without )(?<!any )"
_DOUBT_RE = re.compile(
    _NEGATED + r"\b(errors?|wrong|mistakes?|incorrect|unsure|not sure|doubt\w*|contradict\w*|inconsistent|"
    r"miscalculat\w*|might be off|suspicious|uncertain)\b",
    re.IGNORECASE,
)
_STUCK_RE = re.compile(
    r"\b(stuck|no progress|not making progress|dead[ -]end|(is|was)n'?t working|not working|going in circles|"
    r"can(no|')t (solve|proceed|continue|figure)|don'?t know how|gave up|give up)\b",
    re.IGNORECASE,
)
_UNCLEAR_RE = re.compile(
    r"\b(ambiguous|ambiguity|unclear|not clear|misread|misunderstood|misunderstand\w*|"
    r"(not sure|unsure|unclear|don'?t know) what (exactly )?(the question |it |this )?(is|was) (being )?ask\w*|"
    r"what (exactly )?is being asked|interpretations?)\b",
    re.IGNORECASE,
)
_ANSWER_RE = re.compile(
    r"(?:\\boxed\{([^{}]+)\}"
    r"|final answer\s*(?:is|:)\s*\$?([^\n$]+?)\$?\s*(?:\.\s|\.$|\n|$)"
    r"|answer is\s*:?\s*([^\n]+?)\s*(?:\.\s|\.$|\n|$))",
    re.IGNORECASE,
)
_CONFIDENCE_WORDS: tuple[tuple[str, float], ...] = (
    (r"very (high|confident|sure)|certain|definitely", 0.9),
    (r"very low|no idea|guess(ing)?", 0.15),
    (r"\blow\b|not (very )?(confident|sure)|unsure|doubtful", 0.3),
    (r"medium|moderate|somewhat|fairly|reasonably|partly", 0.6),
    (r"\bhigh\b|confident|sure", 0.8),
)
_STATUS_WORDS: tuple[tuple[Status, str], ...] = (
    ("stuck", r"stuck|blocked|no progress"),
    ("done", r"done|finished|complete|solved"),
    ("unsure", r"unsure|uncertain|not sure|doubt"),
    ("on_track", r"on[ _-]?track|progress|continuing|in progress|working|good"),
)


def _parse_confidence(value: str) -> float | None:
    number = re.search(r"(\d+(?:\.\d+)?)\s*(%|/\s*100|/\s*10\b|/\s*5\b)?", value)
    if number:
        amount, unit = float(number.group(1)), (number.group(2) or "").replace(" ", "")
        if unit == "/10":
            amount /= 10
        elif unit == "/5":
            amount /= 5
        elif unit in {"%", "/100"} or amount > 1:
            amount /= 100
        return min(max(amount, 0.0), 1.0)
    for pattern, level in _CONFIDENCE_WORDS:
        if re.search(pattern, value, re.IGNORECASE):
            return level
    return None


def _parse_status(value: str) -> Status:
    for status, pattern in _STATUS_WORDS:
        if re.search(pattern, value, re.IGNORECASE):
            return status
    return "unknown"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\\boxed\{([^{}]*)\}", r"\1", value).strip().strip("*`\"' ").strip()
    return None if not value or _NONE_RE.match(value) else value


def parse_progress_report(text: str | None) -> ProgressReport:
    """Read a report in the prompted form, or whatever free text the model wrote instead.

    Labelled lines win; missing fields fall back to keyword cues in the whole text (confidence
    words, "final answer is", ``\\boxed{}``, "I'm stuck", "ambiguous"). Never raises on odd text.
    """
    raw = (text or "").strip()
    if "PROGRESS REPORT" in raw.upper():  # the report is the tail; earlier reasoning may quote labels
        raw_report = raw[raw.upper().rfind("PROGRESS REPORT") :]
    else:
        raw_report = raw
    fields: dict[str, str] = {}
    for key, value in _FIELD_RE.findall(raw_report):
        key = {"final answer": "answer", "problem": "issue", "doubt": "issue"}.get(key.lower(), key.lower())
        fields[key] = value  # last one wins: models sometimes restate a field
    status = _parse_status(fields["status"]) if "status" in fields else "unknown"
    confidence = _parse_confidence(fields["confidence"]) if "confidence" in fields else None
    if confidence is None:
        cue = re.search(r"[^.\n]{0,16}\b(confiden\w*|sure|certain\w*)\b[^.\n]{0,40}", raw, re.IGNORECASE)
        confidence = _parse_confidence(cue.group(0)) if cue else None
    answer = _clean(fields.get("answer"))
    if answer is None and "answer" not in fields:
        matches = _ANSWER_RE.findall(raw)
        if matches:
            answer = _clean(next(group for group in matches[-1] if group))
    issue = _clean(fields.get("issue"))
    # cues are read from the text minus the status/confidence values, so "status: unsure" is not
    # double counted and "issue: none" does not trigger anything.
    cue_text = _FIELD_RE.sub(lambda m: "" if m.group(1).lower() in {"status", "confidence"} else m.group(0), raw)
    cue_text = re.sub(r"(issue|problem|doubt)\s*[:=]\s*(none|n/?a|no issues?|no errors?)\b", "", cue_text, flags=re.I)
    doubt = bool(_DOUBT_RE.search(cue_text)) or status == "unsure" or (issue is not None and status != "done")
    stuck = bool(_STUCK_RE.search(cue_text)) or status == "stuck"
    unclear = bool(_UNCLEAR_RE.search(cue_text))
    if status == "unknown":
        status = "stuck" if stuck else "unsure" if doubt else "done" if answer else "unknown"
    return ProgressReport(
        status=status, confidence=confidence, answer=answer, issue=issue,
        doubt=doubt, stuck=stuck, unclear=unclear, raw=raw,
    )


# ---- context features --------------------------------------------------------------------------
def _answer_key(answer: Any) -> str | None:
    """Voting key of a final answer (the verifier's own :func:`normalize_answer`)."""
    return None if answer is None else normalize_answer(str(answer))


_NUMERIC_RE = re.compile(r"\b(how (many|much|long|far|old)|compute|calculate|evaluate|sum|product|total|"
                         r"percent\w*|probability|what is \d|value of)\b|\d", re.IGNORECASE)


def context_features(
    *,
    round_index: int,
    query: str,
    candidates: Sequence[Mapping[str, Any]] = (),
    report: ProgressReport | None = None,
    verified: bool | None = None,
) -> np.ndarray:
    """The fixed-size context vector (:data:`FEATURE_NAMES`) for one decision."""
    report = report or ProgressReport()
    answers = [_answer_key(c.get("final_answer")) for c in candidates]
    present = [a for a in answers if a]
    if candidates:
        has_final = len(present) / len(candidates)
        agreement = Counter(present).most_common(1)[0][1] / len(candidates) if present else 0.0
        newest = str(candidates[-1].get("text") or "")
    else:
        has_final = 1.0 if report.answer else 0.0
        agreement = 1.0 if report.answer else 0.0  # a single answer agrees with itself
        newest = report.raw
    words = len((query or "").split())
    vector = [
        1.0,
        min(max(round_index, 0), 6) / 6,
        min(math.log1p(len(newest)) / math.log1p(4000), 1.0),
        has_final,
        agreement,
        0.5 if report.confidence is None else report.confidence,
        float(report.doubt),
        float(report.stuck),
        float(report.unclear),
        min(math.log1p(words) / math.log1p(200), 1.0),
        float(bool(_NUMERIC_RE.search(query or ""))),
        0.0 if verified is None else (1.0 if verified else -1.0),
    ]
    return np.asarray(vector, dtype=float)


def prior_scores(features: Sequence[float]) -> dict[str, float]:
    """Cold-start heuristic in [0, 1] per strategy, read off the named features.

    It encodes the obvious: keep going while no answer exists, stop on a confident consensus,
    backtrack on a spotted error, clarify when the question seems misread, switch method when
    stuck, restart after a failed verification. The bandit adds it with a per-arm fading weight,
    so learnt values take over once an arm has data.
    """
    f = dict(zip(FEATURE_NAMES, (float(v) for v in features)))
    failed = max(-f["verified"], 0.0)
    calm = (1 - f["doubt"]) * (1 - f["stuck"]) * (1 - f["unclear"])
    return {
        "continue": 0.6 * (1 - f["has_final"]) * calm * (1 - failed),
        "backtrack": 0.7 * f["doubt"] * (1 - f["stuck"]) * (1 - f["unclear"]),
        "restart": 0.8 * failed,
        "clarify": 0.7 * f["unclear"],
        "alternative": 0.5 * f["stuck"] + 0.3 * f["has_final"] * (1 - f["agreement"]) * (1 - f["stuck"]),
        "stop": 0.8 * f["has_final"] * f["agreement"] * f["confidence"] * calm * (1 - failed)
        + 0.2 * max(f["verified"], 0.0),
    }


# ---- strategy instructions ---------------------------------------------------------------------
def strategy_instruction(strategy: str, report: ProgressReport | str | None = None) -> str:
    """The text the generator's next prompt receives for ``strategy``, citing the report's issue.

    ``report`` may be the raw report text (as stored in ``state["progress_reports"]``); it is parsed.
    """
    validate_strategy(strategy)
    if not isinstance(report, ProgressReport):
        report = parse_progress_report(report)
    issue = f" You noted: {report.issue}." if report.issue else ""
    previous = f" (your previous answer was {report.answer})" if report.answer else ""
    texts = {
        "continue": "Keep going from where you are: continue your reasoning step by step and reach a final answer.",
        "backtrack": "Your last step may be wrong." + issue + " Go back to the last step you are sure of, "
        "check it, and redo the reasoning from there.",
        "restart": "Discard your previous attempt entirely" + previous + " and solve the problem again from "
        "scratch, without reusing its steps or its result.",
        "clarify": "Before solving, restate the question precisely in your own words and list exactly what "
        "is asked and which facts are given." + issue + " Then solve it.",
        "alternative": "Solve the problem with a different method than before" + previous + "; do not "
        "reuse the previous approach. Then compare the results.",
        "stop": "Finish now: do not explore further, and give your final answer clearly" + previous + ".",
    }
    return texts[strategy]


# ---- reward feedback ---------------------------------------------------------------------------
def compute_reward(success: float, tokens: int, cost_weight: float, token_scale: int = TOKEN_SCALE) -> float:
    """Verified success (1/0 or a verifier confidence in [0, 1]) minus ``cost_weight`` x normalised tokens."""
    if not (0.0 <= float(success) <= 1.0):
        raise ValueError(f"success must be in [0, 1], got {success}")
    if tokens < 0 or token_scale <= 0:
        raise ValueError(f"tokens must be >= 0 and token_scale > 0, got {tokens}, {token_scale}")
    if not (0.0 <= cost_weight <= 1.0):
        raise ValueError(f"cost_weight must be in [0, 1], got {cost_weight}")
    return float(success) - cost_weight * min(tokens / token_scale, 1.0)


def bandit_options(alpha: float = 1.0, policy: str = "linucb", prior_weight: float = 20.0) -> dict[str, Any]:
    """Constructor options of the meta-reasoner's bandit (``Services.strategy_bandit(**options)``)."""
    return {"n_features": N_FEATURES, "feature_set": FEATURE_SET, "alpha": alpha, "policy": policy,
            "prior_weight": prior_weight}


def record_pending(
    bandit: StrategyBandit,
    pending: Sequence[Mapping[str, Any]],
    success: float,
    tokens: int | Sequence[int] = 0,
) -> int:
    """Reward every decision the node left in ``state["pending_decisions"]``.

    ``success`` is the turn's verified outcome; ``tokens`` is either the tokens each decision's
    round cost (one per pending entry) or a total that is split evenly. Returns rows written.
    """
    if isinstance(tokens, int):
        per = [tokens // max(len(pending), 1)] * len(pending)
    else:
        per = [int(t) for t in tokens]
        if len(per) != len(pending):
            raise ValueError(f"got {len(per)} token counts for {len(pending)} pending decisions")
    observations = [
        (entry["context"], entry["strategy"],
         compute_reward(success, 0 if entry["strategy"] == "stop" else spent, float(entry.get("cost_weight", 0.3))))
        for entry, spent in zip(pending, per)
    ]
    bandit.record_many(observations)  # one transaction: all of the turn's decisions or none
    return len(pending)


# ---- graph node and router ---------------------------------------------------------------------
class MetaReasonerParams(BaseModel):
    """Spec ``params:`` of the meta-reasoner node (the per-request budget lives here)."""

    model_config = ConfigDict(extra="forbid")
    max_rounds: int = Field(3, ge=1, le=50, description="generation rounds at most; then stop")
    max_calls: int | None = Field(None, ge=1, description="model calls per request (generation rounds)")
    round_calls: int = Field(2, ge=1, le=64, description="calls one more round costs (the sampler's n)")
    max_tokens: int | None = Field(None, ge=1, description="completion tokens per request")
    max_seconds: float | None = Field(None, gt=0, description="wall time per request before no new round starts")
    min_answers: int = Field(3, ge=1, le=64, description="answers the self-consistency check needs")
    stop_agreement: float = Field(
        0.75, ge=0.0, le=1.01, description="share of pooled answers that ends sampling (above 1: never)")
    use_bandit: bool = Field(True, description="False: keep sampling (strategy continue) until a rule stops")
    alpha: float = Field(1.0, ge=0, le=10, description="LinUCB/LinTS exploration strength")
    cost_weight: float = Field(0.3, ge=0, le=1, description="lambda: reward = success - lambda * tokens/2048")
    policy: Literal["linucb", "lints"] = "linucb"
    prior_weight: float = Field(20.0, ge=0, description="pseudo-count of the cold-start prior per arm")
    stop_when_verified: bool = Field(True, description="stop at once when the verifier already accepted")


def pool_agreement(candidates: Sequence[Mapping[str, Any]]) -> tuple[int, float]:
    """(answers present, share of all candidates agreeing with the modal answer)."""
    keys = [_answer_key(c.get("final_answer")) for c in candidates]
    present = [k for k in keys if k]
    if not candidates or not present:
        return len(present), 0.0
    return len(present), Counter(present).most_common(1)[0][1] / len(candidates)


def budget_spent(state: Mapping[str, Any], params: MetaReasonerParams) -> str | None:
    """Which budget another round would break (``"calls"``, ``"tokens"``, ``"seconds"``), or None."""
    if params.max_calls is not None and int(state.get("reason_calls") or 0) + params.round_calls > params.max_calls:
        return "calls"
    if params.max_tokens is not None and sum(int(t) for t in state.get("round_tokens") or []) >= params.max_tokens:
        return "tokens"
    started = float(state.get("reason_started") or 0.0)
    if params.max_seconds is not None and started and time.time() - started >= params.max_seconds:
        return "seconds"
    return None


def _decide(
    state: Mapping[str, Any], params: MetaReasonerParams, services: Any
) -> tuple[str, str, Choice | None, np.ndarray, ProgressReport]:
    """(strategy, reason, bandit choice or None when a rule decided, features, parsed report)."""
    round_index = int(state.get("round") or 0)
    reports = state.get("progress_reports") or []
    report = parse_progress_report(reports[-1] if reports else "")
    verified = state.get("verified")
    candidates = state.get("candidates") or []
    features = context_features(
        round_index=round_index, query=state.get("query") or "", candidates=candidates,
        report=report, verified=verified,
    )
    if round_index + 1 >= params.max_rounds:
        return "stop", "max_rounds", None, features, report
    if state.get("checker") or any(c.get("checked") is True for c in candidates):
        return "stop", "checker", None, features, report
    spent = budget_spent(state, params)
    if spent is not None:
        return "stop", f"budget:{spent}", None, features, report
    answers, agreement = pool_agreement(candidates)
    if answers < params.min_answers:
        return "continue", "min_answers", None, features, report
    if agreement >= params.stop_agreement:
        return "stop", "agreement", None, features, report
    if params.stop_when_verified and verified is True:
        return "stop", "verified", None, features, report
    if not params.use_bandit:
        return "continue", "no_bandit", None, features, report
    bandit = services.strategy_bandit(**bandit_options(params.alpha, params.policy, params.prior_weight))
    choice = bandit.choose(features, prior=prior_scores(features))
    return choice.strategy, "bandit", choice, features, report


@agent("meta_reasoner", params=MetaReasonerParams, uses_model=False)
def meta_reasoner_node(state: dict[str, Any], config: RunnableConfig) -> dict[str, Any]:
    """Stop on a rule (checker, budget, agreement) or pick the next strategy with the bandit."""
    ctx = node_context(config)
    params: MetaReasonerParams = ctx.params
    strategy, reason, choice, features, report = _decide(state, params, ctx.services)
    round_index = int(state.get("round") or 0)
    pending = list(state.get("pending_decisions") or [])
    if choice is not None:  # rule-made decisions are not the bandit's to learn from
        pending.append({
            "context": [round(float(v), 6) for v in features], "strategy": strategy, "round": round_index,
            "cost_weight": params.cost_weight, "feature_set": FEATURE_SET,
            "alpha": params.alpha, "policy": params.policy, "prior_weight": params.prior_weight,
        })
    detail: dict[str, Any] = {
        "strategy": strategy, "reason": reason, "round": round_index, "report_status": report.status,
        "calls_spent": int(state.get("reason_calls") or 0),
    }
    if choice is not None:
        detail["scores"] = {k: round(v, 4) for k, v in choice.scores.items()}
        detail["prior"] = {k: round(v, 4) for k, v in choice.prior.items()}
        detail["learnt"] = {k: round(v, 4) for k, v in choice.bandit.items()}
        detail["n_observations"] = choice.n_observations
    return {
        "strategy": strategy,
        "round": round_index + 1,
        "pending_decisions": pending,
        "trace_detail": detail,
    }


@router("meta_reasoner_route", outputs=STRATEGIES)
def meta_reasoner_route(state: Mapping[str, Any]) -> str:
    """Branch name = the chosen strategy; a spec maps every strategy but ``stop`` back to the generator."""
    strategy = state.get("strategy") or ""
    if strategy not in STRATEGIES:
        raise ValueError(
            f"meta_reasoner_route: state strategy {strategy!r} is not one of {', '.join(STRATEGIES)}; "
            "run the meta_reasoner node before this router"
        )
    return strategy
