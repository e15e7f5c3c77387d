"""The watchdog on the frozen held-out split v8 (tests/data/watchdog_heldout_v8.jsonl).

The split is written by an independent writer who sees neither the watchdog's code nor its tuning data,
and it is never used for tuning: this test prints and asserts AGGREGATES ONLY (no per-message output, on
success or failure), scored by benchmarks/watchdog_eval.py. The earlier splits (v1 to v7) were each
retired into development data once scored; they are tested in tests/test_watchdog_dev.py.
Thresholds (issue #8): macro-F1 >= 0.95, target exact match >= 0.90, false forgets <= 1 % of hard negatives.

Scored once on v8 (benchmarks/results/watchdog_eval.json; 358 messages by an eighth independent writer, users of ten
further kinds of deployed assistants, target-heavy, 52 % non-English; detector of commit 51b4adb): macro-F1 0.904,
target exact 63.2 %, false forgets 5/163 (3.1 %).
None of the thresholds is met, so they stay non-strict xfails until a later detector passes; the floors
reached are asserted so that a regression still fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _benchmarks import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "watchdog_heldout_v8.jsonl"

pytestmark = pytest.mark.skipif(
    not HELDOUT.exists(),
    reason=f"frozen held-out split {HELDOUT.relative_to(ROOT)} is not present (written separately, never tuned on)",
)


@pytest.fixture(scope="module")
def metrics() -> dict:
    module = load_benchmark("watchdog_eval")
    rows = module.load_rows(HELDOUT)
    detect, _clear = module._after()
    scored, _errors = module.score(rows, detect)  # per-message errors are dropped, never shown
    scored["composition"] = module.composition(rows)
    summary = {k: scored[k] for k in ("n", "macro_f1", "target_exact", "false_forget_rate", "hard_negatives")}
    summary["f1"] = {k: v["f1"] for k, v in scored["per_intent"].items()}
    print(f"held-out v8 aggregates: {summary}")
    return scored


def test_heldout_split_shape(metrics):
    comp = metrics["composition"]
    assert metrics["n"] >= 150
    assert comp["non_english"] >= 0.30
    assert metrics["hard_negatives"] >= 0.40 * metrics["n"]


@pytest.mark.xfail(reason="macro-F1 0.904 on v8 (goal 0.95): issue #8 open", strict=False)
def test_heldout_intent_f1(metrics):
    assert metrics["macro_f1"] >= 0.95, f"macro-F1 {metrics['macro_f1']}"


@pytest.mark.xfail(reason="target exact 63.2 % on v8 (goal 90 %): issue #8 open", strict=False)
def test_heldout_target_exact(metrics):
    assert metrics["target_exact"] >= 0.90, f"target exact {metrics['target_exact']}"


@pytest.mark.xfail(reason="false forgets 3.1 % of hard negatives on v8 (goal 1 %): issue #8 open", strict=False)
def test_heldout_false_forgets(metrics):
    assert metrics["false_forget_rate"] <= 0.01, (
        f"false forgets {metrics['false_forgets']}/{metrics['hard_negatives']}")


def test_heldout_floors_reached(metrics):
    """What the committed detector reached on its one scoring: a change that loses ground fails here."""
    assert metrics["macro_f1"] >= 0.895, f"macro-F1 {metrics['macro_f1']}"
    assert metrics["target_exact"] >= 0.625, f"target exact {metrics['target_exact']}"
    assert metrics["false_forget_rate"] <= 0.035, f"false forgets {metrics['false_forgets']}/{metrics['hard_negatives']}"
