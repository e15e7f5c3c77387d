"""Meta-reasoner: progress-report parsing, features, the persisted numpy LinUCB bandit, rules, node and router."""

from __future__ import annotations

import math
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from guardgraph.agents.meta_reasoner import (
    FEATURE_NAMES,
    FEATURE_SET,
    N_FEATURES,
    MetaReasonerParams,
    ProgressReport,
    compute_reward,
    context_features,
    meta_reasoner_node,
    meta_reasoner_route,
    parse_progress_report,
    prior_scores,
    record_pending,
    strategy_instruction,
)
from guardgraph.agents import strategy_bandit
from guardgraph.agents.strategy_bandit import STRATEGIES, BanditStoreError, StrategyBandit
from guardgraph.errors import StoreError
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.graphs.registry import DEFAULT_REGISTRY


def _bandit(path, **kw) -> StrategyBandit:
    return StrategyBandit(path, n_features=N_FEATURES, feature_set=FEATURE_SET, **kw)


def _ctx(**named: float) -> np.ndarray:
    vector = np.zeros(N_FEATURES)
    vector[0] = 1.0
    for name, value in named.items():
        vector[FEATURE_NAMES.index(name)] = value
    return vector


# ---- progress reports --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("work...\nPROGRESS REPORT\nstatus: on_track\nconfidence: 70\nanswer: none\nissue: none",
         dict(status="on_track", confidence=0.7, answer=None, issue=None, doubt=False, stuck=False)),
        ("**Status:** stuck\n**Confidence:** low\n- answer: 12\n- issue: step 3 has an arithmetic error",
         dict(status="stuck", confidence=0.3, answer="12", doubt=True, stuck=True)),
        ("I think the final answer is 3.5. I'm fairly confident.",
         dict(status="done", confidence=0.6, answer="3.5", doubt=False)),
        ("So the answer is \\boxed{7}. But wait, I might have made a mistake.",
         dict(status="unsure", answer="7", doubt=True)),
        ("I'm not sure what the question is asking; it is ambiguous.",
         dict(unclear=True, confidence=0.3)),
        ("I checked every step and found no errors. Confidence 8/10.",
         dict(confidence=0.8, doubt=False)),
        ("status: DONE\nconfidence: 0.95\nanswer: $1,200\nissue: n/a",
         dict(status="done", confidence=0.95, answer="$1,200", issue=None, doubt=False)),
        ("", dict(status="unknown", confidence=None, answer=None, doubt=False, stuck=False, unclear=False)),
        (None, dict(status="unknown")),
        ("}{ \\boxed{ :::: status:::", dict()),  # junk must not raise
    ],
)
def test_parse_progress_report_is_robust(text, expected):
    report = parse_progress_report(text)
    for field, value in expected.items():
        assert getattr(report, field) == value, (field, report)


def test_report_after_reasoning_uses_the_report_block_not_earlier_labels():
    text = "Answer: 4 (first try)\nPROGRESS REPORT\nstatus: unsure\nconfidence: 40%\nanswer: 5\nissue: step 2?"
    report = parse_progress_report(text)
    assert (report.answer, report.confidence, report.status) == ("5", 0.4, "unsure")


# ---- features ----------------------------------------------------------------------------------
def test_context_features_are_fixed_size_and_read_the_state():
    candidates = [{"text": "x" * 50, "final_answer": a} for a in ("1,000", "1000.", "7", None)]
    report = parse_progress_report("status: unsure\nconfidence: 20\nanswer: 1000\nissue: maybe wrong unit")
    x = context_features(round_index=2, query="How many cents are in ten dollars?", candidates=candidates,
                         report=report, verified=False)
    f = dict(zip(FEATURE_NAMES, x))
    assert x.shape == (N_FEATURES,) and np.all(np.isfinite(x))
    assert f["bias"] == 1 and f["round"] == pytest.approx(2 / 6)
    assert f["has_final"] == pytest.approx(0.75)
    assert f["agreement"] == pytest.approx(0.5)  # "1,000" and "1000." normalise to the same answer
    assert f["confidence"] == pytest.approx(0.2) and f["doubt"] == 1 and f["stuck"] == 0
    assert f["numeric_question"] == 1 and f["verified"] == -1
    empty = dict(zip(FEATURE_NAMES, context_features(round_index=0, query="Why?")))
    assert empty["has_final"] == 0 and empty["confidence"] == 0.5 and empty["numeric_question"] == 0
    assert empty["verified"] == 0


def test_cold_start_prior_prefers_sensible_arms():
    def best(x):
        scores = prior_scores(x)
        return max(STRATEGIES, key=lambda a: scores[a])

    assert best(_ctx(confidence=0.5)) == "continue"  # round 0, nothing yet
    assert best(_ctx(has_final=1, agreement=1, confidence=0.9)) == "stop"
    assert best(_ctx(has_final=1, agreement=0.5, doubt=1)) == "backtrack"
    assert best(_ctx(unclear=1, doubt=1)) == "clarify"
    assert best(_ctx(stuck=1, doubt=1)) == "alternative"
    assert best(_ctx(has_final=1, agreement=1, confidence=0.9, verified=-1)) == "restart"


# ---- instructions and reward -------------------------------------------------------------------
def test_strategy_instruction_differs_per_strategy_and_cites_the_report():
    report = ProgressReport(answer="42", issue="the unit conversion in step 2")
    texts = {s: strategy_instruction(s, report) for s in STRATEGIES}
    assert len(set(texts.values())) == len(STRATEGIES)
    assert "step 2" in texts["backtrack"] and "go back" in texts["backtrack"].lower()
    assert "42" in texts["restart"] and "scratch" in texts["restart"]
    assert "restate" in texts["clarify"].lower()
    assert "different method" in texts["alternative"]
    assert "final answer" in texts["stop"]
    assert strategy_instruction("continue")  # works without a report
    raw = "status: unsure\nanswer: 42\nissue: the unit conversion in step 2"
    assert strategy_instruction("backtrack", raw) == texts["backtrack"]  # raw report text is parsed
    with pytest.raises(ValueError, match="unknown strategy"):
        strategy_instruction("panic", report)


def test_compute_reward():
    assert compute_reward(1.0, 0, 0.3) == 1.0
    assert compute_reward(1.0, 1024, 0.3) == pytest.approx(0.85)
    assert compute_reward(0.0, 10**6, 0.3) == pytest.approx(-0.3)  # cost capped at 1
    with pytest.raises(ValueError):
        compute_reward(1.5, 0, 0.3)


# ---- bandit math -------------------------------------------------------------------------------
def test_bandit_learns_the_best_arm_per_context(tmp_path):
    rng = np.random.default_rng(0)
    a, b = _ctx(doubt=1), _ctx(stuck=1, round=0.5)
    with _bandit(tmp_path / "m.sqlite3", alpha=0.5) as bandit:
        for _ in range(15):
            for arm in STRATEGIES:
                bandit.record(a + rng.normal(0, 0.01, N_FEATURES), arm, 1.0 if arm == "clarify" else 0.0)
                bandit.record(b + rng.normal(0, 0.01, N_FEATURES), arm, 1.0 if arm == "restart" else 0.0)
        assert bandit.choose(a).strategy == "clarify"
        assert bandit.choose(b).strategy == "restart"
        # a prior pointing elsewhere does not override 15 observations per arm
        assert bandit.choose(a, prior={"stop": 0.5}).strategy == "clarify"
        assert bandit.counts == {arm: 30 for arm in STRATEGIES}
        assert bandit.choose(a, exclude=["clarify"]).strategy != "clarify"


def test_linucb_bound_shrinks_with_data_and_matches_ridge_closed_form(tmp_path):
    x = _ctx(confidence=1.0)
    sq = float(x @ x)
    alpha, reward = 1.0, 0.5
    with _bandit(tmp_path / "m.sqlite3", alpha=alpha) as bandit:
        cold = bandit.expectations(x)
        assert len(set(cold.values())) == 1 and cold["stop"] == pytest.approx(alpha * math.sqrt(sq))
        previous = cold["stop"]
        for n in (1, 5, 25, 125):
            while bandit.counts["stop"] < n:
                bandit.record(x, "stop", reward)
            value = bandit.expectations(x)["stop"]
            # ridge with A = I + n x x^T: mean = n|x|^2 r / (1 + n|x|^2), width = sqrt(|x|^2 / (1 + n|x|^2))
            mean = n * sq * reward / (1 + n * sq)
            width = math.sqrt(sq / (1 + n * sq))
            assert value == pytest.approx(mean + alpha * width, rel=1e-9)
            assert value < previous  # optimism shrinks towards the true 0.5
            previous = value
        assert previous - reward < 0.1
        assert bandit.expectations(x)["continue"] == pytest.approx(cold["continue"])  # untouched arm


def test_record_rejects_bad_input_without_storing(tmp_path):
    with _bandit(tmp_path / "m.sqlite3") as bandit:
        bandit.record(_ctx(), "continue", 0.2)
        for args, match in [
            ((_ctx(), "panic", 0.1), "unknown strategy"),
            ((_ctx(), "stop", 3.0), r"\[-1, 1\]"),
            ((_ctx(), "stop", float("nan")), r"\[-1, 1\]"),
            (([1.0, 2.0], "stop", 0.1), "features"),
            ((np.full(N_FEATURES, np.inf), "stop", 0.1), "NaN or infinity"),
        ]:
            with pytest.raises(ValueError, match=match):
                bandit.record(*args)
        with pytest.raises(ValueError, match="unknown strategy"):  # a batch is all or nothing
            bandit.record_many([(_ctx(), "stop", 0.5), (_ctx(), "panic", 0.1)])
        assert bandit.n_observations == 1
    with sqlite3.connect(tmp_path / "m.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM observations").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ---- persistence -------------------------------------------------------------------------------
def test_observations_persist_across_processes(tmp_path):
    db = tmp_path / "shared.sqlite3"
    reader = _bandit(db, alpha=0.5)  # opened before the writer exists: must pick its rows up
    # the writer loads only the bandit module (no guardgraph package import: a lean, fast child)
    module_file = str(Path(strategy_bandit.__file__))
    script = textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("strategy_bandit", {module_file!r})
        sb = importlib.util.module_from_spec(spec); sys.modules["strategy_bandit"] = sb; spec.loader.exec_module(sb)
        x = [0.0] * {N_FEATURES}; x[0] = 1.0; x[{FEATURE_NAMES.index("doubt")}] = 1.0
        with sb.StrategyBandit({str(db)!r}, n_features={N_FEATURES}, feature_set={FEATURE_SET!r}) as b:
            for _ in range(10):
                for arm in sb.STRATEGIES:
                    b.record(x, arm, 1.0 if arm == "alternative" else 0.0)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    x = _ctx(doubt=1)
    assert reader.choose(x).strategy == "alternative"  # choose() refreshes from the log
    assert reader.n_observations == 60
    reader.close()
    with _bandit(db, alpha=0.5) as reopened:  # a fresh open rebuilds from the log
        assert reopened.n_observations == 60
        assert reopened.choose(x).strategy == "alternative"
        assert reopened.expectations(x) == pytest.approx(_bandit(db, alpha=0.5).expectations(x))


def test_rows_of_another_feature_set_are_kept_but_not_learnt(tmp_path):
    db = tmp_path / "m.sqlite3"
    with StrategyBandit(db, n_features=3, feature_set="old") as old:
        old.record([1, 0, 0], "stop", 1.0)
    with _bandit(db) as bandit:
        assert bandit.n_observations == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM observations").fetchone()[0] == 1


def test_corrupt_database_is_a_clear_error_and_untouched(tmp_path):
    db = tmp_path / "meta.sqlite3"
    garbage = b"this is not a database\x00" * 100
    db.write_bytes(garbage)
    with pytest.raises(BanditStoreError, match="not an SQLite file"):
        _bandit(db)
    assert db.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.sqlite3"]

    # a valid SQLite file with a broken page
    good = tmp_path / "good.sqlite3"
    with _bandit(good) as bandit:
        bandit.record_many([(_ctx(round=i / 300), "continue", 0.1) for i in range(300)])
    data = bytearray(good.read_bytes())
    for page in range(4096, len(data), 4096):  # smash every b-tree page header after the first
        data[page : page + 12] = b"\xff" * 12
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(data))
    with pytest.raises(BanditStoreError, match="corrupt|integrity"):
        _bandit(broken)
    assert broken.read_bytes() == bytes(data)

    # someone else's SQLite database
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE observations (id INTEGER PRIMARY KEY, payload TEXT)")
        conn.execute("INSERT INTO observations(payload) VALUES ('keep me')")
    before = foreign.read_bytes()
    with pytest.raises(BanditStoreError, match="not a meta-reasoner database"):
        _bandit(foreign)
    assert foreign.read_bytes() == before


# ---- node and router ---------------------------------------------------------------------------
def _config(tmp_path, services=None, **params):
    params.setdefault("min_answers", 1)  # these tests drive the bandit, not the sampling rules
    context = NodeContext(node_id="meta", agent="meta_reasoner", params=MetaReasonerParams(**params),
                          model_binding=None, models={}, services=services or Services(data_dir=tmp_path))
    return make_node_config(context)


SLIP = "PROGRESS REPORT\nstatus: unsure\nconfidence: 40\nanswer: 12\nissue: step 2 may be wrong"


def _state(report: str, round_index: int = 0, verified=None, answers=("12", "13")):
    return {"query": "How many eggs are left?", "round": round_index, "verified": verified,
            "progress_reports": ["older report", report],
            "candidates": [{"id": i, "text": "reasoning", "final_answer": a} for i, a in enumerate(answers)]}


def test_node_registered_and_params_validated():
    entry = DEFAULT_REGISTRY.agents["meta_reasoner"]
    assert entry.function is meta_reasoner_node and entry.uses_model is False
    assert DEFAULT_REGISTRY.routers["meta_reasoner_route"] is meta_reasoner_route
    with pytest.raises(Exception):
        MetaReasonerParams(max_rounds=0)
    with pytest.raises(Exception):
        MetaReasonerParams(temperature=1.0)


def test_node_cold_start_then_learns_from_recorded_outcomes(tmp_path):
    services = Services(data_dir=tmp_path)
    config = _config(tmp_path, services=services, max_rounds=5)
    update = meta_reasoner_node(_state(SLIP), config)
    assert update["strategy"] == "backtrack" and update["round"] == 1
    detail = update["trace_detail"]
    assert detail["reason"] == "bandit" and detail["n_observations"] == 0
    assert detail["prior"]["backtrack"] > 0 and set(detail["learnt"]) == set(STRATEGIES)  # both reported
    pending = update["pending_decisions"]
    assert len(pending) == 1 and len(pending[0]["context"]) == N_FEATURES

    fresh = meta_reasoner_node(_state("status: on_track\nanswer: none", answers=(None, None)), config)
    assert fresh["strategy"] == "continue"
    done = meta_reasoner_node(_state("status: done\nconfidence: 95\nanswer: 12\nissue: none", answers=("12", "12")),
                              config)
    assert done["strategy"] == "stop" and done["trace_detail"]["reason"] == "agreement"

    # in this situation backtracking keeps failing and a different method keeps working (every arm
    # gets data: LinUCB would otherwise rightly explore the untried ones first)
    bandit = services.strategy_bandit(n_features=N_FEATURES, feature_set=FEATURE_SET, alpha=1.0,
                                      policy="linucb", prior_weight=20.0)
    success = {"backtrack": 0.0, "alternative": 1.0}
    for _ in range(20):
        for strategy in STRATEGIES:
            record_pending(bandit, [{**pending[0], "strategy": strategy}], success.get(strategy, 0.2), 600)
    again = meta_reasoner_node({**_state(SLIP), "pending_decisions": pending}, config)
    assert again["strategy"] == "alternative"
    assert again["trace_detail"]["n_observations"] == 20 * len(STRATEGIES)
    assert len(again["pending_decisions"]) == 2  # appended to the earlier decision
    # the bandit lives in the pipeline's Services (one per data folder), not in a module cache
    other = Services(data_dir=tmp_path / "other")
    assert meta_reasoner_node(_state(SLIP), _config(tmp_path, services=other, max_rounds=5))["strategy"] == "backtrack"


def test_rules_stop_on_checker_budget_and_agreement_before_the_bandit(tmp_path):
    state = _state(SLIP, answers=("12", "13", "14"))
    rules = dict(min_answers=3, max_rounds=5)
    assert meta_reasoner_node(state, _config(tmp_path, **rules))["trace_detail"]["reason"] == "bandit"
    few = meta_reasoner_node(_state(SLIP, answers=("12",)), _config(tmp_path, **rules))
    assert (few["strategy"], few["trace_detail"]["reason"]) == ("continue", "min_answers")
    assert few["pending_decisions"] == []  # rule decisions are not the bandit's to learn from
    checked = meta_reasoner_node({**state, "checker": {"kind": "arithmetic", "answer": "12", "text": "12"}},
                                 _config(tmp_path, **rules))
    assert (checked["strategy"], checked["trace_detail"]["reason"]) == ("stop", "checker")
    calls = meta_reasoner_node({**state, "reason_calls": 5}, _config(tmp_path, max_calls=6, round_calls=2, **rules))
    assert (calls["strategy"], calls["trace_detail"]["reason"]) == ("stop", "budget:calls")
    tokens = meta_reasoner_node({**state, "round_tokens": [300, 300]}, _config(tmp_path, max_tokens=500, **rules))
    assert tokens["trace_detail"]["reason"] == "budget:tokens"
    slow = meta_reasoner_node({**state, "reason_started": 1.0}, _config(tmp_path, max_seconds=5, **rules))
    assert slow["trace_detail"]["reason"] == "budget:seconds"
    agree = meta_reasoner_node(_state(SLIP, answers=("12", "12", "12", "13")), _config(tmp_path, **rules))
    assert (agree["strategy"], agree["trace_detail"]["reason"]) == ("stop", "agreement")
    no_bandit = meta_reasoner_node(state, _config(tmp_path, use_bandit=False, **rules))
    assert (no_bandit["strategy"], no_bandit["trace_detail"]["reason"]) == ("continue", "no_bandit")


def test_node_stops_at_max_rounds_and_when_verified(tmp_path):
    config = _config(tmp_path, max_rounds=3)
    assert meta_reasoner_node(_state(SLIP, round_index=1), config)["strategy"] != "stop"
    last = meta_reasoner_node(_state(SLIP, round_index=2), config)
    assert last["strategy"] == "stop" and last["round"] == 3 and last["trace_detail"]["reason"] == "max_rounds"
    verified = meta_reasoner_node(_state(SLIP, verified=True), config)
    assert verified["strategy"] == "stop" and verified["trace_detail"]["reason"] == "verified"
    keep = meta_reasoner_node(_state(SLIP, verified=True), _config(tmp_path, stop_when_verified=False))
    assert keep["trace_detail"]["reason"] == "bandit"


def test_record_pending_splits_tokens_and_stop_is_free(tmp_path):
    db = tmp_path / "m.sqlite3"
    pending = [{"context": _ctx().tolist(), "strategy": s, "cost_weight": 0.5} for s in ("continue", "stop")]
    with _bandit(db) as bandit:
        assert record_pending(bandit, pending, 1.0, 4096) == 2
        with pytest.raises(ValueError, match="token counts"):
            record_pending(bandit, pending, 1.0, [10])
    with sqlite3.connect(db) as conn:
        rewards = dict(conn.execute("SELECT strategy, reward FROM observations"))
    assert rewards == {"continue": pytest.approx(0.5), "stop": pytest.approx(1.0)}


def test_bandit_store_error_joins_the_error_tree():
    assert issubclass(BanditStoreError, StoreError)


def test_lints_policy_draws_around_the_ridge_mean(tmp_path):
    x = _ctx(confidence=1.0)
    with _bandit(tmp_path / "m.sqlite3", policy="lints", alpha=0.1, seed=1) as bandit:
        for _ in range(50):
            bandit.record(x, "stop", 0.8)
        draws = [bandit.expectations(x)["stop"] for _ in range(20)]
    assert 0.6 < float(np.mean(draws)) < 0.9 and np.std(draws) > 0


def test_router_returns_strategy_name():
    for strategy in STRATEGIES:
        assert meta_reasoner_route({"strategy": strategy}) == strategy
    with pytest.raises(ValueError, match="meta_reasoner node"):
        meta_reasoner_route({"strategy": ""})
