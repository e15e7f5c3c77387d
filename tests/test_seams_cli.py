"""Every CLI user error: non-zero exit, exactly one 'error: ...' line on stderr, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from guardgraph.cli import app

runner = CliRunner()


def one_line_error(result, code: int | None = None) -> str:
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def spec_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "directory": tmp_path / "a_dir",
        "binary": tmp_path / "blob.yaml",
        "nul": tmp_path / "nul.yaml",
        "empty": tmp_path / "empty.yaml",
        "list": tmp_path / "list.json",
        "broken_yaml": tmp_path / "broken.yaml",
        "cycle": tmp_path / "cycle.yaml",
        "bad_route": tmp_path / "route.yaml",
        "huge": tmp_path / "huge.yaml",
    }
    files["directory"].mkdir()
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["nul"].write_text("name: x\x00\n")
    files["empty"].write_text("")
    files["list"].write_text("[1, 2, 3]")
    files["broken_yaml"].write_text("name: [unclosed\n")
    files["cycle"].write_text(yaml.safe_dump({
        "name": "loop", "entry": "a",
        "nodes": [{"id": "a", "agent": "generator"}, {"id": "b", "agent": "generator"}],
        "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}],
    }))
    files["bad_route"].write_text(yaml.safe_dump({
        "name": "route", "entry": "w",
        "nodes": [{"id": "w", "agent": "watchdog"}],
        "conditional_edges": [{"from": "w", "field": "intent", "routes": {"forgett": "END", "none": "END"}}],
    }))
    files["huge"].write_text("# " + "x" * 1_100_000)
    return files


@pytest.mark.parametrize("kind,expect", [
    ("directory", "is a directory"),
    ("binary", "not a text file"),
    ("nul", "not a text file"),
    ("empty", "must be a mapping"),
    ("list", "must be a mapping"),
    ("broken_yaml", "cannot parse YAML"),
    ("cycle", "cannot reach END"),
    ("bad_route", "never gives 'forgett'"),
    ("huge", "larger than"),
])
def test_bad_spec_files_are_one_line_errors(spec_files, kind, expect, tmp_path):
    for command in (["graph", str(spec_files[kind])],
                    ["run", str(spec_files[kind]), "--input", "hi", "--data-dir", str(tmp_path)]):
        line = one_line_error(runner.invoke(app, command), 1)
        assert expect in line, line


@pytest.mark.parametrize("spec", ["no-such-prebuilt", "chat\x07", " ", "../../etc/passwd.yaml"])
def test_bad_spec_names_are_one_line_errors(spec):
    one_line_error(runner.invoke(app, ["graph", spec]), 1)


@pytest.mark.parametrize("scope", ["a\tb", "line\nbreak", "nul\x00", "bell\x07", "x" * 300, "del\x7f"])
def test_bad_scopes_are_one_line_errors(scope, tmp_path):
    line = one_line_error(runner.invoke(app, ["run", "chat", "--input", "hi", "--scope", scope,
                                              "--model", "nonsense-model", "--data-dir", str(tmp_path)]), 1)
    assert "--scope" in line


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http", "1e3"])
def test_bad_ports_are_one_line_usage_errors(port, tmp_path):
    line = one_line_error(runner.invoke(app, ["serve", "--port", port, "--data-dir", str(tmp_path)]), 2)
    assert "--port" in line


def test_data_dir_that_is_a_file(tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x")
    for command in (["run", "chat", "--input", "hi", "--data-dir", str(afile)],
                    ["chat", "--data-dir", str(afile)]):
        line = one_line_error(runner.invoke(app, command, input="hi\n"), 1)
        assert "is a file" in line


def test_unknown_command_and_missing_argument_are_one_line():
    assert "No such command" in one_line_error(runner.invoke(app, ["nope"]), 2)
    assert "Missing argument" in one_line_error(runner.invoke(app, ["run", "--input", "hi"]), 2)


def test_unknown_model_and_empty_prompt(tmp_path):
    assert "unknown model 'nonsense-model'" in one_line_error(
        runner.invoke(app, ["run", "chat", "--input", "hi", "--model", "nonsense-model", "--data-dir", str(tmp_path)]), 1)
    assert "local model folder" in one_line_error(
        runner.invoke(app, ["run", "chat", "--input", "hi", "--model", "local:/nonexistent", "--data-dir", str(tmp_path)]), 1)


def test_version_and_global_flags():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("guardgraph 0.")
    assert "at most one" in one_line_error(runner.invoke(app, ["-v", "-q", "models"]), 1)
    help_text = runner.invoke(app, ["run", "--help"]).stdout
    assert "--json" in help_text and "<bool>" not in help_text


def test_chat_defaults_to_the_forget_guard():
    help_text = runner.invoke(app, ["chat", "--help"]).stdout
    assert "forget_guard" in help_text


def test_eval_merge_refuses_the_same_shard_twice(tmp_path):
    shard = tmp_path / "A.json"
    shard.write_text(json.dumps({"samples": []}))
    copy = tmp_path / "B.json"
    copy.write_text(shard.read_text())
    for command in (["eval", "merge", str(shard), str(shard)], ["eval", "merge", str(shard), str(copy)]):
        assert "double-count" in one_line_error(runner.invoke(app, command), 1)


def test_handbook_list_loads_no_embedding_model(tmp_path):
    """An empty `handbook list` in a fresh process must not import torch / sentence-transformers."""
    code = (
        "import sys\n"
        "from guardgraph.cli import app\n"
        "try:\n"
        "    app(['handbook', '--path', sys.argv[1], 'list', '--plain'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'langgraph') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "hb")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout, done.stdout + done.stderr


def test_piped_reply_is_not_hard_wrapped(tmp_path):
    """`graph` output (like run/chat replies) goes to a pipe unwrapped: no line is cut at 80 columns."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "40"}
    done = subprocess.run([sys.executable, "-m", "guardgraph.cli", "graph", "reason"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    longest = max(len(line) for line in done.stdout.splitlines())
    assert longest > 40
