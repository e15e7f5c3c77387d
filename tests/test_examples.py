"""The shipped examples run as a user would run them (API model through litellm's mock_response)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_custom_agent_example_trims_the_answer() -> None:
    done = subprocess.run([sys.executable, str(EXAMPLES / "custom_agent.py")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Paris is the capital of France and its ..."  # 8 words, then the ellipsis
    assert "('trim', {'words_in': 24})" in lines[1]
    assert "generate --> trim" in done.stdout


def test_batch_example_inputs_are_valid() -> None:
    from guardgraph.graphs.batch import read_batch_items

    items = read_batch_items(EXAMPLES / "batch_questions.jsonl")
    assert [item.scope for item in items] == ["default", "alice", "alice", "bob"]
