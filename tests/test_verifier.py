"""Pairwise self-verifier: tournament algorithm, judge prompting/parsing, baselines and the node."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from _benchmarks import load_benchmark

from guardgraph.agents.tournament import (
    combine_orders,
    extract_final_answer,
    majority_rank,
    pointwise_rank,
    run_tournament,
    verdict_probability,
)
from guardgraph.agents.verifier import (
    ModelJudge,
    VerifierParams,
    build_judge_messages,
    parse_rating,
    parse_verdict,
    verifier_node,
    verify,
)
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.tools.base import Generation, GenerationParams


# random / round_robin are benchmark-only schedules: importing benchmarks/tournament_baselines.py registers them
load_benchmark("tournament_baselines")

ANSWER_BLOCK = re.compile(r"\[Answer ([AB])\]\n(.*?)\n\[End of Answer \1\]", re.S)
RATED_BLOCK = re.compile(r"\[Answer\]\n(.*?)\n\[End of Answer\]", re.S)


class ScriptedJudge:
    """A ChatModel that knows each answer's hidden quality and compares them.

    Position bias: when the qualities differ by less than ``blind_margin`` it cannot tell and
    says "A" (whatever sits first) - the bias the two-order comparison has to cancel.
    """

    name = "scripted-judge"

    def __init__(self, quality: dict[str, float], blind_margin: float = 0.0, style: str = "{letter}") -> None:
        self.quality = quality
        self.blind_margin = blind_margin
        self.style = style
        self.prompts: list[tuple[str, str]] = []  # (text in slot A, text in slot B) per call

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        user = messages[-1]["content"]
        blocks = dict(ANSWER_BLOCK.findall(user))
        if blocks:
            a, b = blocks["A"], blocks["B"]
            self.prompts.append((a, b))
            qa, qb = self.quality[a], self.quality[b]
            letter = "A" if abs(qa - qb) < self.blind_margin or qa > qb else "B"
            return Generation(self.style.format(letter=letter))
        rated = RATED_BLOCK.search(user)
        assert rated, "unexpected prompt"
        self.prompts.append((rated.group(1), ""))
        return Generation(f"Rating: {round(self.quality[rated.group(1)])}/10")

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def make_candidates(qualities: Sequence[float]) -> tuple[list[dict], dict[str, float]]:
    candidates = [{"id": k, "text": f"Solution {k}: the answer is {k * 11}."} for k in range(len(qualities))]
    return candidates, {c["text"]: q for c, q in zip(candidates, qualities)}


QUALITIES = [3.0, 7.0, 1.0, 9.0, 5.0, 2.0, 8.0, 6.0]


# --------------------------------------------------------------------------- tournament


def test_full_budget_tournament_returns_true_order_with_biased_judge():
    candidates, quality = make_candidates(QUALITIES)
    model = ScriptedJudge(quality, blind_margin=0.5)
    judge = ModelJudge(model, "Which is right?")
    n = len(candidates)
    result = run_tournament(candidates, judge, budget_calls=n * (n - 1), seed=3)
    order = [entry["id"] for entry in result.ranking]
    assert order == sorted(range(n), key=lambda k: -QUALITIES[k])
    assert result.calls == judge.calls == n * (n - 1)
    assert result.best["confidence"] > 1.0 / n
    assert all(0.0 <= e["confidence"] <= 1.0 for e in result.ranking)


def test_default_budget_finds_best_and_asks_both_orders():
    candidates, quality = make_candidates(QUALITIES)
    model = ScriptedJudge(quality)
    result = run_tournament(candidates, ModelJudge(model, "q"), seed=1)
    assert result.best["id"] == 3
    assert result.calls == 4 * len(candidates)
    # every comparison is asked as (a, b) then (b, a): consecutive prompts are mirrored
    assert len(model.prompts) == result.calls
    for first, second in zip(model.prompts[0::2], model.prompts[1::2]):
        assert first == (second[1], second[0])
    assert len(result.matches) == result.calls // 2


def test_order_swap_cancels_position_bias():
    # The judge always says "A" when it cannot tell: a single order would crown whoever is first.
    candidates, quality = make_candidates([5.0, 5.2])
    model = ScriptedJudge(quality, blind_margin=1.0)
    judge = ModelJudge(model, "q")
    p_ab = judge(candidates[0], candidates[1])
    p_ba = judge(candidates[1], candidates[0])
    assert p_ab == 1.0 and p_ba == 1.0  # biased single verdicts contradict each other
    assert combine_orders(p_ab, p_ba) == 0.5
    # The single-order V_1 scheme is at the mercy of the slot; the two-order tournament is not.
    bias_model = ScriptedJudge(quality, blind_margin=1.0)
    result = run_tournament(candidates, ModelJudge(bias_model, "q"), budget_calls=2)
    assert result.matches[0].outcome == 0.5
    assert result.ranking[0]["mu"] == pytest.approx(result.ranking[1]["mu"])


def test_biased_judge_misleads_single_order_but_not_both_orders():
    # close pairs (gap < 1) are "can't tell -> A"; the best only shows against clearly worse ones
    qualities = [9.5, 10.0, 8.8, 8.6, 5.0, 4.0]
    candidates, quality = make_candidates(qualities)
    n = len(candidates)
    both = run_tournament(candidates, ModelJudge(ScriptedJudge(quality, 1.0), "q"), budget_calls=n * (n - 1))
    assert both.best["id"] == 1

    class FixedSlotJudge:  # single order with the lower index always in slot A
        def __init__(self) -> None:
            self.inner = ModelJudge(ScriptedJudge(quality, 1.0), "q")

        def __call__(self, a, b):
            if a["id"] > b["id"]:
                return 1.0 - self.inner(b, a)
            return self.inner(a, b)

    single = run_tournament(candidates, FixedSlotJudge(), method="round_robin", budget_calls=n * (n - 1))
    # round_robin asks both orders, but FixedSlotJudge answers both from the same slot order:
    # the biased verdict is never cancelled and candidate 0 (first slot) beats the true best
    top_two = [single.ranking[0]["id"], single.ranking[1]["id"]]
    assert top_two[0] == 0


@pytest.mark.parametrize("method", ["pairwise", "vinfer", "random", "round_robin"])
@pytest.mark.parametrize("budget", [0, 1, 2, 3, 7, 10, 25])
def test_budget_is_never_exceeded(method, budget):
    candidates, quality = make_candidates(QUALITIES)
    model = ScriptedJudge(quality)
    judge = ModelJudge(model, "q")
    result = run_tournament(candidates, judge, method=method, budget_calls=budget, seed=budget)
    assert result.calls == judge.calls == len(model.prompts) <= budget
    per_match = 1 if method == "vinfer" else 2
    if budget >= per_match:
        assert result.calls == budget - (budget % per_match)  # spent all it could afford
    assert len(result.ranking) == len(candidates)


def test_repeats_allowed_spend_the_whole_budget_and_deterministic_mode_stops():
    candidates, quality = make_candidates(QUALITIES[:4])
    judge = ModelJudge(ScriptedJudge(quality), "q")
    capped = run_tournament(candidates, judge, budget_calls=100, max_meetings=1)
    assert capped.calls == 4 * 3  # every pair once, both orders, then nothing left to learn
    judge2 = ModelJudge(ScriptedJudge(quality), "q")
    repeated = run_tournament(candidates, judge2, budget_calls=100, max_meetings=None)
    assert repeated.calls == 100 and repeated.best["id"] == 3


def test_edge_cases():
    with pytest.raises(ValueError, match="empty candidate list"):
        run_tournament([], lambda a, b: 0.5)
    with pytest.raises(ValueError, match="unknown tournament method"):
        run_tournament([{"text": "x"}], lambda a, b: 0.5, method="elo")
    with pytest.raises(ValueError, match="budget_calls"):
        run_tournament([{"text": "x"}, {"text": "y"}], lambda a, b: 0.5, budget_calls=-1)

    def never(a, b):
        raise AssertionError("judge must not be called")

    single = run_tournament([{"id": "only", "text": "42"}], never)
    assert single.calls == 0 and single.best["id"] == "only" and single.best["confidence"] == 1.0

    # budget 0 -> majority vote on final answers, confidence = vote share, no comparisons
    texts = ["so the answer is 7", "I get 5", "The answer is 7.", "\\boxed{7}", "maybe 5"]
    zero = run_tournament([{"text": t} for t in texts], never, budget_calls=0)
    assert zero.fallback == "majority" and zero.calls == 0
    assert zero.best["index"] == 0 and zero.best["confidence"] == pytest.approx(3 / 5)

    # identical texts are tied for free: only the two distinct texts are ever compared
    calls: list[tuple[str, str]] = []

    def judge(a, b):
        calls.append((a["text"], b["text"]))
        return 1.0 if "right" in a["text"] else 0.0

    dup = [{"id": k, "text": t} for k, t in enumerate(["wrong 1", "right 2", " right  2 ", "wrong 1", "right 2"])]
    result = run_tournament(dup, judge, budget_calls=50)
    assert len(calls) == 2 and {c for pair in calls for c in pair} == {"wrong 1", "right 2"}
    assert [e["id"] for e in result.ranking] == [1, 2, 4, 0, 3]
    assert result.ranking[0]["mu"] == result.ranking[2]["mu"] and result.ranking[0]["duplicates"] == 3
    all_same = run_tournament([{"text": "same"}, {"text": "same "}], never)
    assert all_same.calls == 0 and len(all_same.ranking) == 2


def test_judge_verdicts_are_validated():
    assert verdict_probability("A") == 1.0 and verdict_probability("b") == 0.0 and verdict_probability("tie") == 0.5
    assert verdict_probability(0.25) == 0.25
    for bad in (1.5, float("nan"), "maybe", None):
        with pytest.raises(ValueError):
            verdict_probability(bad)
    with pytest.raises(ValueError, match="expected P"):
        run_tournament([{"text": "x"}, {"text": "y"}], lambda a, b: 2.0)


def test_soft_outcomes_move_ratings_less_than_hard_wins():
    cands = [{"text": "x"}, {"text": "y"}]
    hard = run_tournament(cands, lambda a, b: 1.0 if a["text"] == "x" else 0.0, budget_calls=2)
    soft = run_tournament(cands, lambda a, b: 0.7 if a["text"] == "x" else 0.3, budget_calls=2)
    gap = lambda r: r.ranking[0]["mu"] - r.ranking[1]["mu"]  # noqa: E731
    assert hard.best["index"] == soft.best["index"] == 0
    assert 0 < gap(soft) < gap(hard)


def test_vinfer_uses_single_order_and_win_rate():
    candidates, quality = make_candidates(QUALITIES)
    model = ScriptedJudge(quality)
    result = run_tournament(candidates, ModelJudge(model, "q"), method="vinfer", budget_calls=20)
    assert result.calls == 20 and len(result.matches) == 20
    assert all(m.calls == 1 for m in result.matches)
    assert 0.0 <= result.best["score"] <= 1.0
    assert result.best["id"] == 3


# --------------------------------------------------------------------------- baselines


def test_extract_final_answer_and_majority():
    assert extract_final_answer("so \\boxed{\\frac{1}{2}} done") == "1/2"
    assert extract_final_answer("x \\boxed{{a}+1} y") == "{a}+1"
    assert extract_final_answer("The answer is 42 apples.") == "42"
    assert extract_final_answer("Final answer: Paris.") == "paris"
    assert extract_final_answer("#### 1,234") == "1234"
    assert extract_final_answer("first 3 then 4.0") == "4"
    assert extract_final_answer("no digits here") is None
    assert extract_final_answer("") is None
    ranked = majority_rank([{"text": "is 4"}, {"text": "answer is 5"}, {"text": "\\boxed{5}"}, {"text": "??"}])
    assert [e["index"] for e in ranked.ranking] == [1, 2, 0, 3]
    assert ranked.ranking[-1]["score"] == 0.0 and ranked.ranking[0]["final_answer"] == "5"


def test_parse_verdict_and_rating_robustly():
    assert parse_verdict("B") == 0.0
    assert parse_verdict("**A**") == 1.0
    assert parse_verdict("Answer B is better because it checks the units.") == 0.0
    assert parse_verdict("The better answer is A.") == 1.0
    assert parse_verdict("[[B]]") == 0.0
    assert parse_verdict("I prefer a shorter answer, so B.") == 0.0
    assert parse_verdict("A or B, hard to say") == 0.5
    assert parse_verdict("Both are correct.") == 0.5
    assert parse_verdict("no idea") == 0.5
    assert parse_rating("8/10") == 8.0 and parse_rating("Rating: 7") == 7.0 and parse_rating("**6**") == 6.0
    assert parse_rating("score: 11") is None and parse_rating("none") is None


def test_pointwise_baseline_ranks_by_rating_and_respects_budget():
    candidates, quality = make_candidates(QUALITIES)
    model = ScriptedJudge(quality)
    result = verify(candidates, "q", model, VerifierParams(method="pointwise"))
    assert result.calls == len(candidates) == len(model.prompts)
    assert result.best["id"] == 3 and result.ranking[0]["score"] == 9.0
    partial = pointwise_rank(candidates, lambda c: quality[c["text"]], budget_calls=3)
    assert partial.calls == 3
    assert [e["index"] for e in partial.ranking[:3]] == [1, 0, 2]  # rated ones first
    assert all(e["score"] is None for e in partial.ranking[3:])


def test_prompt_is_compact_and_clips_long_answers():
    messages = build_judge_messages("Q?", "x" * 10_000, "short", max_chars=600)
    user = messages[-1]["content"]
    assert "Reply with a single letter: A or B" in user and "[...]" in user and len(user) < 2000


# --------------------------------------------------------------------------- litellm path


def test_litellm_mock_judge_parses_b_answers():
    from guardgraph.tools.litellm_backend import LiteLLMModel

    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="**B** — it is the correct one.")
    judge = ModelJudge(model, "What is 2+2?")
    assert judge({"text": "5"}, {"text": "4"}) == 0.0
    # a judge that always says B has a pure position bias: both orders cancel to a tie
    result = run_tournament([{"text": "5"}, {"text": "4"}], judge, budget_calls=2)
    assert judge.calls == 3 and result.matches[0].outcome == 0.5


# --------------------------------------------------------------------------- node


def node_config(tmp_path: Path, params: VerifierParams, models: dict) -> dict:
    context = NodeContext(
        node_id="verify",
        agent="verifier",
        params=params,
        model_binding=None,
        models=models,
        services=Services(data_dir=tmp_path),
    )
    return make_node_config(context)


def test_node_ranks_sets_draft_and_reports_calls(tmp_path):
    candidates, quality = make_candidates(QUALITIES)
    judge_model = ScriptedJudge(quality)
    unused = ScriptedJudge({})
    config = node_config(
        tmp_path, VerifierParams(budget_calls=24, judge_binding="judge"), {"default": unused, "judge": judge_model}
    )
    update = verifier_node({"candidates": candidates, "query": "Which?"}, config)
    assert update["draft"] == candidates[3]["text"]
    assert update["ranking"][0]["id"] == 3
    assert update["trace_detail"]["calls"] == 24 == len(judge_model.prompts)
    assert update["trace_detail"]["method"] == "pairwise"
    assert unused.prompts == []
    by_id = {c["id"]: c for c in update["candidates"]}
    assert by_id[3]["confidence"] == update["ranking"][0]["confidence"]
    assert all(c["score"] is not None for c in update["candidates"])
    assert by_id[3]["final_answer"] == "33"
    assert "score" not in candidates[0]  # input not mutated


def test_node_majority_and_zero_budget_need_no_model(tmp_path):
    candidates = [{"id": "a", "text": "answer is 4"}, {"id": "b", "text": "answer is 5"}, {"id": "c", "text": "4"}]
    for params in (VerifierParams(method="majority"), VerifierParams(budget_calls=0)):
        update = verifier_node({"candidates": candidates, "query": "2+2?"}, node_config(tmp_path, params, {}))
        assert update["draft"] == "answer is 4" and update["trace_detail"]["calls"] == 0
    with pytest.raises(ValueError, match="candidates"):
        verifier_node({"candidates": [], "query": "q"}, node_config(tmp_path, VerifierParams(), {}))
    with pytest.raises(Exception):
        VerifierParams(method="elo")
    with pytest.raises(Exception):
        VerifierParams(budget_calls=-2)


@pytest.mark.model
def test_real_small_model_judge_runs_within_budget(local_model):
    candidates = [
        {"id": "right", "text": "2 + 2 = 4. The answer is 4."},
        {"id": "wrong", "text": "2 + 2 = 5. The answer is 5."},
        {"id": "dup", "text": "2 + 2 = 4.  The answer is 4."},
    ]
    result = verify(candidates, "What is 2 + 2?", local_model, VerifierParams(budget_calls=3, max_tokens=8))
    assert result.calls == 2  # two distinct texts: one comparison in both orders; the odd call is kept
    assert {e["id"] for e in result.ranking} == {"right", "wrong", "dup"}
    assert result.ranking[0]["id"] in {"right", "wrong", "dup"}
    # the duplicate shares the rating of its twin, whatever the small model said
    by_id = {e["id"]: e for e in result.ranking}
    assert by_id["right"]["mu"] == by_id["dup"]["mu"]
