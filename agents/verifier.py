"""Pairwise self-verifier: pick the best of the generator's candidates with the bound model.

Models are better at saying "A is better than B" than at giving a calibrated 1-10 score, so the
default method asks the model to compare two answers, in both orders, and lets the
uncertainty-guided tournament of :mod:`guardgraph.agents.tournament` decide which pairs are worth
a call. Pointwise scoring and majority vote stay available as cheaper baselines, and
``vinfer`` is the V_1-Infer-style reference scheme.

Checkers come first (:mod:`guardgraph.agents.checkers`): when a question can be computed
(arithmetic, unit conversion, letter counting, comparisons) or carries unit tests, a candidate
the checker accepts wins with no model call, and a computed answer is supplied when no candidate
agrees. Model judgement is for what cannot be checked.

Never worse than greedy: the greedy (temperature 0) candidate stays the answer unless the ranked
best states another answer *and* its confidence clears ``min_confidence`` (calibrated on a tuning
split, see ``benchmarks/reason_e2e.py``); below it the reply is the greedy answer, or an honest
"not sure" with ``fallback: unsure`` - never a random candidate (:func:`select_answer`).

Reads ``state["candidates"]``, ``state["query"]``, ``state["checker"]`` and ``state["reason_calls"]``;
writes ``ranking`` (the chosen entry first, its ``confidence`` the decision's), ``draft``,
``candidates`` (with ``score``/``confidence``/``checked``), ``reason_calls`` and a ``trace_detail``
with the calls spent and why the reply was chosen (``selected_by``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents import checkers
from guardgraph.agents.tournament import (
    TournamentResult,
    candidate_id,
    extract_final_answer,
    majority_rank,
    normalize_answer,
    pointwise_rank,
    run_tournament,
)
from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import Candidate, GuardState
from guardgraph.tools.base import ChatModel, GenerationParams

__all__ = [
    "ModelJudge",
    "ModelRater",
    "VerificationResult",
    "VerifierParams",
    "build_judge_messages",
    "build_rating_messages",
    "default_verifier_budget",
    "extract_final_answer",
    "normalize_answer",
    "parse_rating",
    "Selection",
    "apply_checkers",
    "parse_verdict",
    "select_answer",
    "verifier_node",
    "verify",
]

Method = Literal["pairwise", "vinfer", "pointwise", "majority"]

JUDGE_SYSTEM = (
    "You are a strict grader. You compare two answers to the same question and say which one is "
    "correct. Judge correctness first, then completeness. Do not favour an answer for its position "
    "or length."
)
JUDGE_TEMPLATE = (
    "Question:\n{question}\n\n[Answer A]\n{a}\n[End of Answer A]\n\n[Answer B]\n{b}\n[End of Answer B]\n\n"
    "Which answer is correct (or better)? Reply with a single letter: A or B."
)
RATER_SYSTEM = "You are a strict grader. You rate how correct and complete an answer is."
RATER_TEMPLATE = (
    "Question:\n{question}\n\n[Answer]\n{answer}\n[End of Answer]\n\n"
    "Rate the answer from 1 (wrong) to 10 (fully correct). Reply with just the number."
)


# --------------------------------------------------------------------------- prompts


def clip_text(text: str, max_chars: int) -> str:
    """Keep the head and the tail of a long answer: the final answer usually sits at the end."""
    text = (text or "").strip()
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    head = max_chars // 3
    tail = max_chars - head
    return f"{text[:head]}\n[...]\n{text[-tail:]}"


def build_judge_messages(question: str, a: str, b: str, *, max_chars: int = 3000) -> list[dict[str, str]]:
    """The compact comparison prompt: question, answer A, answer B, "reply A or B"."""
    user = JUDGE_TEMPLATE.format(
        question=clip_text(question, max_chars) or "(no question given)",
        a=clip_text(a, max_chars),
        b=clip_text(b, max_chars),
    )
    return [{"role": "system", "content": JUDGE_SYSTEM}, {"role": "user", "content": user}]


def build_rating_messages(question: str, answer: str, *, max_chars: int = 3000) -> list[dict[str, str]]:
    user = RATER_TEMPLATE.format(
        question=clip_text(question, max_chars) or "(no question given)", answer=clip_text(answer, max_chars)
    )
    return [{"role": "system", "content": RATER_SYSTEM}, {"role": "user", "content": user}]


# --------------------------------------------------------------------------- parsing

_MARKUP = re.compile(r"[*_`#>]")
_BARE = re.compile(r"^\W*\(?\[?\s*([AB])\s*\]?\)?\s*(?:[.:,;!)\]]|$|\s+(?:is|because|-|—))", re.IGNORECASE)
_EXPLICIT = [  # keywords case-insensitive, the letter itself upper case (so "a" the article never counts)
    re.compile(r"\[\[\s*([AB])\s*\]\]"),
    re.compile(r"(?i:\b(?:verdict|choice|pick|decision)\s*(?:is)?\s*[:\-]?\s*(?:answer\s+)?)\(?([AB])\b"),
    re.compile(r"(?i:\b(?:answer|option|response)\s+)\(?([AB])\)?(?i:\s+is\s+(?:the\s+)?(?:better|correct|more\s+\w+))"),
    re.compile(r"\b([AB])(?i:\s+is\s+(?:the\s+)?(?:better|correct|more\s+\w+))"),
    re.compile(r"(?i:\b(?:better|correct)\s+(?:answer|one|response|option)\s+is\s*[:\-]?\s*(?:answer\s+|option\s+)?)\(?([AB])\b"),
    re.compile(r"(?i:\b(?:choose|pick|prefer|select)\s*[:\-]?\s*(?:answer\s+|option\s+)?)\(?([AB])\b"),
    re.compile(r"^(?i:\s*(?:answer|option|reply)\s*[:\-]\s*)\(?([AB])\b"),
    re.compile(r"^(?i:\s*(?:answer|option)\s+)([AB])\s*[.!]?\s*$"),
]
_TIE = re.compile(r"\b(?:tie|neither|both\s+(?:answers\s+)?(?:are\s+)?(?:equally\s+)?(?:correct|wrong|good|bad|right)|equally)\b")


def parse_verdict(reply: str) -> float:
    """``P(A better)`` from the judge's reply: 1.0 for A, 0.0 for B, 0.5 when it cannot be told.

    Robust to markdown, "Answer B", "**B**", "B is better because...", "[[A]]", "Verdict: B".
    A reply that names both letters without a clear decision counts as unparsable (0.5).
    """
    text = _MARKUP.sub("", reply or "").strip()
    if not text:
        return 0.5
    bare = _BARE.match(text)
    if bare:
        return 1.0 if bare.group(1).upper() == "A" else 0.0
    found: set[str] = set()
    for pattern in _EXPLICIT:
        found.update(match.group(1) for match in pattern.finditer(text))
        if found:
            break
    if len(found) == 1:
        return 1.0 if found.pop() == "A" else 0.0
    if found or _TIE.search(text.lower()):
        return 0.5
    letters = set(re.findall(r"(?<![A-Za-z])([AB])(?![A-Za-z])", text))
    if len(letters) == 1:  # e.g. "Clearly: B." — exactly one letter mentioned
        return 1.0 if letters.pop() == "A" else 0.0
    return 0.5


_RATING_PATTERNS = [
    re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out\s+of)\s*10\b", re.IGNORECASE),
    re.compile(r"\b(?:rating|score|grade)\s*(?:is|:|=)?\s*(\d+(?:\.\d+)?)", re.IGNORECASE),
    re.compile(r"^\W*(\d+(?:\.\d+)?)\b"),
    re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])"),
]


def parse_rating(reply: str) -> float | None:
    """A 1-10 rating from the rater's reply (``"8"``, ``"8/10"``, ``"Rating: 7"``); None if absent."""
    text = _MARKUP.sub("", reply or "")
    for pattern in _RATING_PATTERNS:
        for match in pattern.finditer(text):
            value = float(match.group(1))
            if 1.0 <= value <= 10.0:
                return value
    return None


# --------------------------------------------------------------------------- model-backed judges


@dataclass
class _ModelAsker:
    """One model call per question, with the bookkeeping both model-backed scorers share.

    At ``temperature > 0`` each call gets its own seed so repeated questions are independent
    samples; at 0 a repeat would return the same verdict, so the verifier never repeats a pair.
    ``calls`` and ``replies`` record what was asked, for the trace and for tests.
    """

    model: ChatModel
    question: str
    max_tokens: int = 16
    temperature: float = 0.0
    max_chars: int = 3000
    seed: int = 0
    calls: int = 0
    replies: list[str] = field(default_factory=list)

    def _ask(self, messages: list[dict[str, str]]) -> str:
        seed = self.seed + self.calls if self.temperature > 0 else None
        params = GenerationParams(max_tokens=self.max_tokens, temperature=self.temperature, seed=seed)
        reply = self.model.generate(messages, params).text or ""
        self.calls += 1
        self.replies.append(reply)
        return reply


@dataclass
class ModelJudge(_ModelAsker):
    """``compare(a, b) -> P(a better)`` with one model call, ``a`` shown as Answer A."""

    def __call__(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
        text_a, text_b = str(a.get("text") or ""), str(b.get("text") or "")
        return parse_verdict(self._ask(build_judge_messages(self.question, text_a, text_b, max_chars=self.max_chars)))


@dataclass
class ModelRater(_ModelAsker):
    """``rate(candidate) -> 1..10 or None`` with one model call (the pointwise baseline)."""

    def __call__(self, candidate: Mapping[str, Any]) -> float | None:
        text = str(candidate.get("text") or "")
        return parse_rating(self._ask(build_rating_messages(self.question, text, max_chars=self.max_chars)))


# --------------------------------------------------------------------------- the verifier


class VerifierParams(BaseModel):
    """Spec ``params:`` of the verifier node.

    ``budget_calls`` is the hard maximum of model calls (None: :func:`default_verifier_budget`);
    0 means "no model calls": the ranking falls back to majority vote on final answers.
    """

    model_config = ConfigDict(extra="forbid")

    method: Method = "pairwise"
    budget_calls: int | None = Field(default=None, ge=0)
    judge_binding: str | None = None
    max_tokens: int = Field(default=16, ge=1, le=4096)
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_chars: int = Field(default=3000, ge=200)
    seed: int = 0
    use_checkers: bool = Field(True, description="exact checkers decide before any model call")
    min_confidence: float = Field(
        0.0, ge=0.0, le=1.01, description="confidence the ranked best needs to replace the greedy answer")
    fallback: Literal["greedy", "unsure"] = Field("greedy", description="low confidence: greedy, or say not sure")
    unsure_text: str = Field("I'm not sure of the answer to this one.", min_length=1, max_length=500)
    max_turn_calls: int | None = Field(None, ge=0, description="model calls per request, generation included")
    by_answer: bool = Field(
        True, description="rank one candidate per distinct final answer (the greedy one first), not every text")


def default_verifier_budget(method: str, n_unique: int) -> int:
    """Calls used when the spec gives no budget.

    ``pairwise``: 4 calls per candidate (the 2N-call coverage round plus 2N calls at the top).
    In the simulated benchmark (N = 8..32, judge accuracy 0.7..0.9) the tournament picks the true
    best more often at 4N than V_1-Infer-style, random pairs or round-robin with the same calls,
    but reaching 90 % takes 4N-24N depending on N and accuracy: raise ``budget_calls`` when
    calls are cheap. ``vinfer`` the same; ``pointwise`` one call per candidate; ``majority`` none.
    """
    if method == "majority":
        return 0
    if method == "pointwise":
        return n_unique
    return 4 * n_unique


@dataclass
class VerificationResult:
    ranking: list[dict[str, Any]]
    candidates: list[Candidate]
    best: Candidate
    calls: int
    method: str
    fallback: str | None
    budget: int


def _unique_count(candidates: Sequence[Mapping[str, Any]]) -> int:
    return len({" ".join(str(c.get("text") or "").split()) for c in candidates})


def verify(
    candidates: Sequence[Mapping[str, Any]],
    query: str,
    model: ChatModel | None,
    params: VerifierParams | None = None,
) -> VerificationResult:
    """Rank ``candidates`` for ``query`` with ``params.method``; the model is only used if needed."""
    params = params or VerifierParams()
    if not candidates:
        raise ValueError("verifier: no candidates to rank (state['candidates'] is empty)")
    for index, candidate in enumerate(candidates):
        if not isinstance(candidate, Mapping) or not isinstance(candidate.get("text"), str):
            raise ValueError(f"verifier: candidate {index} has no 'text' string: {candidate!r:.120}")
    n_unique = _unique_count(candidates)
    budget = default_verifier_budget(params.method, n_unique) if params.budget_calls is None else params.budget_calls
    needs_model = params.method != "majority" and budget > 0 and n_unique > 1
    if needs_model and model is None:
        raise ValueError(f"verifier: method {params.method!r} needs a model but none is bound")
    settings = dict(max_tokens=params.max_tokens, temperature=params.temperature, max_chars=params.max_chars, seed=params.seed)
    max_repeats = 1 if params.temperature == 0 else None  # a deterministic judge repeats itself
    result: TournamentResult
    if params.method == "majority":
        result = majority_rank(candidates)
    elif params.method == "pointwise":
        rater = ModelRater(model, query, **settings)  # type: ignore[arg-type]
        result = pointwise_rank(candidates, rater, budget_calls=budget, max_ratings=max_repeats, seed=params.seed)
    else:
        judge = ModelJudge(model, query, **settings)  # type: ignore[arg-type]
        result = run_tournament(
            candidates, judge, method=params.method, budget_calls=budget, max_meetings=max_repeats, seed=params.seed
        )
    updated = _with_scores(candidates, result.ranking)
    best = updated[result.ranking[0]["index"]]
    return VerificationResult(result.ranking, updated, best, result.calls, params.method, result.fallback, budget)


def _with_scores(candidates: Sequence[Mapping[str, Any]], ranking: list[dict[str, Any]]) -> list[Candidate]:
    """Copies of the candidates (input order) with ``score``, ``confidence`` and ``final_answer``."""
    by_index = {entry["index"]: entry for entry in ranking}
    updated: list[Candidate] = []
    for index, candidate in enumerate(candidates):
        entry = by_index[index]
        copy: dict[str, Any] = dict(candidate)
        copy.setdefault("id", candidate_id(candidate, index))
        copy["score"] = entry["score"]
        copy["confidence"] = entry["confidence"]
        if copy.get("final_answer") is None:
            copy["final_answer"] = extract_final_answer(copy.get("text"))
        updated.append(copy)  # type: ignore[arg-type]
    return updated


# --------------------------------------------------------------------------- choosing the reply

Fallback = Literal["greedy", "unsure"]


@dataclass
class Selection:
    """Which candidate becomes the draft, and why."""

    index: int | None  # None: the honest "not sure" text
    confidence: float
    reason: str  # checker | checker_supplied | agrees_with_greedy | confident | low_confidence | no_greedy


def greedy_index(candidates: Sequence[Mapping[str, Any]]) -> int | None:
    """Position of the greedy (temperature 0) candidate, if the pool has one."""
    return next((i for i, c in enumerate(candidates) if c.get("source") == "greedy"), None)


def select_answer(
    candidates: Sequence[Mapping[str, Any]],
    ranking: Sequence[Mapping[str, Any]],
    *,
    min_confidence: float,
    fallback: Fallback = "greedy",
) -> Selection:
    """Never worse than greedy: the ranked best replaces the greedy answer only when confident.

    * the top states the greedy candidate's final answer -> the greedy candidate (no change);
    * the top's confidence >= ``min_confidence`` (calibrated on a tuning split) -> the top;
    * otherwise -> the greedy candidate, or ``None`` (say "not sure") with ``fallback="unsure"``.
    Without a greedy candidate the top is taken when confident, else the fallback applies
    (``greedy`` then means: the top, as nothing safer exists).
    """
    top = ranking[0]
    index, confidence = int(top["index"]), float(top.get("confidence") or 0.0)
    greedy = greedy_index(candidates)
    if greedy is not None:
        greedy_answer = candidates[greedy].get("final_answer")
        if index == greedy or (greedy_answer is not None and candidates[index].get("final_answer") == greedy_answer):
            return Selection(greedy, confidence, "agrees_with_greedy")
    if confidence >= min_confidence:
        return Selection(index, confidence, "confident")
    if fallback == "unsure":
        return Selection(None, confidence, "low_confidence")
    if greedy is not None:
        return Selection(greedy, confidence, "low_confidence")
    return Selection(index, confidence, "no_greedy")


def apply_checkers(
    query: str, candidates: list[dict[str, Any]], solution_dict: Mapping[str, Any] | None
) -> tuple[list[dict[str, Any]], int | None, str | None]:
    """Checker verdicts first: (candidates with ``checked``, chosen index or None, reason).

    A candidate a checker accepts wins outright (the greedy one first). When the checker solved
    the question and no candidate agrees, its worked answer joins the pool and wins: the
    calculator is right even when the model cannot add.
    """
    solution = checkers.Solution(**solution_dict) if solution_dict else checkers.solve(query)
    missing = [i for i, c in enumerate(candidates) if "checked" not in c]
    if missing:
        verdicts = checkers.check_candidates(query, [candidates[i] for i in missing], solution)
        for i, verdict in zip(missing, verdicts):
            candidates[i]["checked"] = verdict
    right = [i for i, c in enumerate(candidates) if c.get("checked") is True]
    if right:
        greedy = greedy_index(candidates)
        return candidates, (greedy if greedy in right else right[0]), "checker"
    if solution is not None:
        candidates.append({
            "id": len(candidates), "text": solution.text, "seed": None, "source": "checker", "checked": True,
            "final_answer": extract_final_answer(solution.text), "round": -1,
        })
        return candidates, len(candidates) - 1, "checker_supplied"
    return candidates, None, None


def answer_representatives(candidates: Sequence[Mapping[str, Any]], indices: Sequence[int]) -> list[int]:
    """One index per distinct final answer (the greedy candidate's first, then input order).

    Judging texts that state the same answer spends calls on style; judging answers asks the
    question that matters. Candidates without a final answer are kept only when no other is left.
    """
    greedy = greedy_index(candidates)
    order = sorted(indices, key=lambda i: (i != greedy, i))
    seen: set[Any] = set()
    chosen: list[int] = []
    for i in order:
        answer = candidates[i].get("final_answer")
        if answer is None or answer in seen:
            continue
        seen.add(answer)
        chosen.append(i)
    return sorted(chosen) or list(indices)


@agent("verifier", params=VerifierParams, uses_model=True)
def verifier_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Checkers first, then rank with the model; the greedy answer stays unless beaten confidently."""
    ctx = node_context(config)
    params: VerifierParams = ctx.params
    candidates = [dict(c) for c in state.get("candidates") or []]
    if not candidates and not (params.use_checkers and state.get("checker")):
        raise ValueError("verifier: state['candidates'] is empty; put a generator before the verifier")
    for candidate in candidates:
        if candidate.get("final_answer") is None:
            candidate["final_answer"] = extract_final_answer(candidate.get("text"))
    query = state.get("query") or ""
    spent_before = int(state.get("reason_calls") or 0)
    if params.use_checkers:
        candidates, chosen, reason = apply_checkers(query, candidates, state.get("checker"))
        if chosen is not None:
            best = candidates[chosen]
            for i, c in enumerate(candidates):
                c["confidence"] = 1.0 if c.get("checked") is True else 0.0
                c["score"] = c["confidence"]
            ranking = [{"id": best.get("id", chosen), "index": chosen, "score": 1.0, "confidence": 1.0,
                        "final_answer": best.get("final_answer"), "method": "checker", "selected_by": reason}]
            ranking += [{"id": c.get("id", i), "index": i, "score": c["score"], "confidence": c["confidence"],
                         "final_answer": c.get("final_answer"), "method": "checker"}
                        for i, c in enumerate(candidates) if i != chosen]
            return {
                "ranking": ranking, "draft": str(best.get("text") or ""), "candidates": candidates,
                "reason_calls": spent_before,
                "trace_detail": {"method": "checker", "calls": 0, "selected_by": reason, "candidates": len(candidates),
                                 "best_id": best.get("id", chosen), "confidence": 1.0},
            }
    # candidates a checker rejected (failed unit tests) are not ranked
    eligible = [i for i, c in enumerate(candidates) if c.get("checked") is not False] or list(range(len(candidates)))
    if params.by_answer and params.method != "majority":
        eligible = answer_representatives(candidates, eligible)
    pool = [candidates[i] for i in eligible]
    budget_params = params
    if params.max_turn_calls is not None:
        cap = max(params.max_turn_calls - spent_before, 0)
        budget = default_verifier_budget(params.method, _unique_count(pool)) if params.budget_calls is None else params.budget_calls
        budget_params = params.model_copy(update={"budget_calls": min(budget, cap)})
    if params.min_confidence > 1.0 and params.fallback == "greedy" and greedy_index(candidates) is not None:
        # a judge that may never overrule the greedy answer is not asked (its calls would be wasted)
        budget_params = budget_params.model_copy(update={"budget_calls": 0})
    needs_model = (budget_params.method != "majority" and budget_params.budget_calls != 0
                   and _unique_count(pool) > 1)
    model = None
    if needs_model:
        model = ctx.model_for(params.judge_binding) if params.judge_binding else ctx.model
    result = verify(pool, query, model, budget_params)
    ranked = [dict(entry, index=eligible[entry["index"]]) for entry in result.ranking]
    for position, updated in zip(eligible, result.candidates):
        candidates[position] = dict(updated)
    selection = select_answer(candidates, ranked, min_confidence=params.min_confidence, fallback=params.fallback)
    if selection.index is None:
        draft = params.unsure_text
    else:
        draft = str(candidates[selection.index].get("text") or "")
        chosen_entry = next(e for e in ranked if e["index"] == selection.index)
        ranked = [dict(chosen_entry, confidence=selection.confidence, selected_by=selection.reason),
                  *(e for e in ranked if e["index"] != selection.index)]
    top = ranked[0]
    return {
        "ranking": ranked,
        "draft": draft,
        "candidates": candidates,
        "reason_calls": spent_before + result.calls,
        "trace_detail": {
            "method": result.method,
            "calls": result.calls,
            "budget": result.budget,
            "candidates": len(candidates),
            "fallback": result.fallback,
            "selected_by": selection.reason,
            "best_id": top["id"] if selection.index is not None else None,
            "confidence": round(float(selection.confidence), 4),
        },
    }


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Calibration:
    """The threshold a tuning split supports, and what it would have gained there."""

    min_confidence: float
    gain: int  # tasks fixed minus tasks broken on the tuning split at this threshold
    challenges: int  # tuning tasks where the ranked best disagreed with the greedy answer
    curve: tuple[tuple[float, int], ...]  # (threshold, gain) for every candidate threshold


NEVER = 1.01  # a threshold no confidence reaches: always keep the greedy answer


def calibrate_min_confidence(records: Sequence[tuple[float, bool, bool]], *, min_gain: int = 1) -> Calibration:
    """Pick ``min_confidence`` on a tuning split so that replacing the greedy answer pays.

    ``records`` has one ``(confidence, top_correct, greedy_correct)`` per tuning task where the
    ranked best stated another answer than the greedy one (other tasks cannot change). Replacing
    at threshold ``t`` gains ``sum(top_correct - greedy_correct)`` over records with confidence
    >= t. The threshold with the largest gain wins (ties: the higher, more conservative one); when
    no threshold gains at least ``min_gain`` the result is :data:`NEVER` - a judge that does not
    beat greedy on the tuning split is never allowed to overrule it.
    """
    points = sorted({round(float(conf), 4) for conf, _, _ in records})
    curve: list[tuple[float, int]] = []
    for threshold in points:
        gain = sum(int(top) - int(greedy) for conf, top, greedy in records if round(float(conf), 4) >= threshold)
        curve.append((threshold, gain))
    best_threshold, best_gain = NEVER, 0
    for threshold, gain in curve:
        if gain > best_gain or (gain == best_gain and gain > 0 and threshold > best_threshold):
            best_threshold, best_gain = threshold, gain
    if best_gain < min_gain:
        best_threshold, best_gain = NEVER, 0
    return Calibration(best_threshold, best_gain, len(records), tuple(curve))


def tuning_record(state: Mapping[str, Any], is_correct: Any) -> tuple[float, bool, bool] | None:
    """From a finished run with ``min_confidence: 0``: (confidence, top correct, greedy correct).

    None when the turn has no greedy candidate, when a checker decided, or when the ranked best
    states the greedy answer (nothing to replace). ``is_correct(text) -> bool`` grades a text.
    """
    ranking = state.get("ranking") or []
    candidates = state.get("candidates") or []
    greedy = greedy_index(candidates)
    if not ranking or greedy is None or ranking[0].get("method") == "checker":
        return None
    top = candidates[int(ranking[0]["index"])]
    if ranking[0]["index"] == greedy or top.get("final_answer") == candidates[greedy].get("final_answer"):
        return None
    return (float(ranking[0].get("confidence") or 0.0), bool(is_correct(str(top.get("text") or ""))),
            bool(is_correct(str(candidates[greedy].get("text") or ""))))
