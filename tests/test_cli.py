"""CLI smoke tests through typer's runner."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from guardgraph.cli import app

runner = CliRunner()


def test_graph_prints_mermaid(tmp_path):
    result = runner.invoke(app, ["graph", "chat"])
    assert result.exit_code == 0, result.output
    assert "graph TD" in result.stdout and "generate" in result.stdout
    out = tmp_path / "chat.mmd"
    result = runner.invoke(app, ["graph", "chat", "--out", str(out)])
    assert result.exit_code == 0 and "graph TD" in out.read_text()


def test_invalid_spec_exits_nonzero_with_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"name": "x", "entry": "a", "nodes": [{"id": "a", "agent": "ghost"}], "edges": [{"from": "a", "to": "END"}]}))
    result = runner.invoke(app, ["graph", str(bad)])
    assert result.exit_code == 1
    assert "unknown agent 'ghost'" in result.output and "nodes[0].agent" in result.output


def test_models_lists_the_embedded_model_and_checks_strings():
    result = runner.invoke(app, ["models", "openai/gpt-4o-mini"])
    assert result.exit_code == 0, result.output
    assert "SmolLM2-135M-Instruct" in result.stdout and "openai" in result.stdout
    result = runner.invoke(app, ["models", "openai/gpt-4o-mini", "nonsense-model", "local:/nonexistent"])
    assert result.exit_code == 1  # a model string that does not resolve is an error, not "ok"
    assert "unknown model" in result.stdout and "/nonexistent does not exist" in result.stdout
    assert "2 model string(s) do not resolve" in result.stderr


@pytest.mark.model
def test_run_answers_with_the_embedded_model(embedded_model_dir, tmp_path):
    result = runner.invoke(app, ["run", "chat", "--input", "What is the capital of France?", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Paris" in result.stdout and '"trace"' in result.stdout


@pytest.mark.model
def test_chat_reads_stdin_lines(embedded_model_dir, tmp_path):
    result = runner.invoke(app, ["chat", "--data-dir", str(tmp_path)], input="What is the capital of France?\n/exit\n")
    assert result.exit_code == 0, result.output
    assert "Paris" in result.stdout


def test_unknown_model_is_reported(tmp_path):
    result = runner.invoke(app, ["run", "chat", "--input", "hi", "--model", "nonsense-model", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown model 'nonsense-model'" in result.output
