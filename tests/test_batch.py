"""Batch runs: input parsing, order, per-item errors, the ray executor and the CLI."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from guardgraph.cli import app
from guardgraph.graphs.batch import BatchInputError, coerce_item, read_batch_items, run_batch
from guardgraph.tools.base import Generation, GenerationParams, ModelError
from guardgraph.tools.litellm_backend import LiteLLMModel

runner = CliRunner()


class EchoModel:
    """Answers with the upper-cased question; fails on any question containing 'boom'."""

    name = "echo"

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        question = messages[-1]["content"]
        if "boom" in question:
            raise ModelError("echo: provider returned 503")
        return Generation(question.upper(), model=self.name)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def test_results_come_back_in_input_order_with_per_item_errors(tmp_path: Path) -> None:
    items = ["first question", {"id": "b", "text": "second boom", "scope": "bob"}, {"text": "third one"}]
    seen: list[tuple[int, int]] = []
    results = run_batch("chat", items, model=EchoModel(), data_dir=tmp_path, embedder="hashing", workers=3,
                        on_result=lambda done, total, _r: seen.append((done, total)))
    assert [r.id for r in results] == ["0", "b", "2"]
    assert results[0].text == "FIRST QUESTION" and results[2].text == "THIRD ONE"
    assert results[0].nodes == ["generate"] and results[0].error is None
    assert results[1].text == "" and "503" in results[1].error and "ModelError" in results[1].error
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


def test_bad_arguments_are_rejected_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="workers must be >= 1"):
        run_batch("chat", ["q"], model=EchoModel(), data_dir=tmp_path, workers=0)
    with pytest.raises(ValueError, match="unknown executor 'spark'"):
        run_batch("chat", ["q"], model=EchoModel(), data_dir=tmp_path, executor="spark")  # type: ignore[arg-type]
    with pytest.raises(BatchInputError, match="text: Value error, the prompt is empty"):
        run_batch("chat", [{"text": ""}], model=EchoModel(), data_dir=tmp_path)
    with pytest.raises(BatchInputError, match="got int"):
        coerce_item(42)
    assert run_batch("chat", [], model=EchoModel(), data_dir=tmp_path) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "ok"}\n{not json\n', r"in\.jsonl:2: not JSON"),
        ('{"text": "ok"}\n{"text": "x", "colour": "red"}\n', r"in\.jsonl:2: colour: Extra inputs are not permitted"),
        ('{"scope": "alice"}\n', r"in\.jsonl:1: text: Field required"),
        ("\n\n", r"in\.jsonl: no items"),
    ],
)
def test_input_file_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(content)
    with pytest.raises(BatchInputError, match=message):
        read_batch_items(path)


def test_read_batch_items_accepts_strings_and_objects(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('"plain question"\n\n{"id": "7", "text": "q", "context": ["doc"], "tenant": "acme"}\n')
    items = read_batch_items(path)
    assert [i.text for i in items] == ["plain question", "q"]
    assert items[1].context == ["doc"] and items[1].tenant == "acme" and items[1].id == "7"
    with pytest.raises(BatchInputError, match="cannot read batch input"):
        read_batch_items(tmp_path / "missing.jsonl")


def test_api_backend_pickles_as_its_arguments() -> None:
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="pong", num_retries=1, fallbacks=["openai/gpt-4o"])
    clone = pickle.loads(pickle.dumps(model))
    assert clone is not model and clone.name == "openai/gpt-4o-mini"
    assert clone.generate([{"role": "user", "content": "ping"}]).text == "pong"


def test_ray_executor_spreads_items_over_actors(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="from a ray actor")
    items = [{"id": f"q{i}", "text": f"question {i}"} for i in range(6)]
    results = run_batch("chat", items, model=model, data_dir=tmp_path, embedder="hashing",
                        executor="ray", workers=2, cpus_per_worker=0.5)
    assert [r.id for r in results] == [f"q{i}" for i in range(6)]
    assert all(r.text == "from a ray actor" and r.error is None for r in results)
    pids = {r.worker.rsplit(":", 1)[1] for r in results}
    assert str(os.getpid()) not in pids  # the work ran in the actors, not here


def test_cli_batch_writes_results_and_fails_on_a_bad_item(tmp_path: Path) -> None:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text('{"id": "a", "text": "hello"}\n"   "\n')
    result = runner.invoke(app, ["batch", "chat", str(inputs), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "in.jsonl:2: text: Value error, the prompt is empty" in result.output  # whitespace-only line 2
    result = runner.invoke(app, ["batch", "chat", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1 and "cannot read batch input" in result.output
    inputs.write_text('{"id": "a", "text": "hello"}\n')
    result = runner.invoke(app, ["batch", "chat", str(inputs), "--model", "nonsense-model", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "nonsense-model" in result.output


@pytest.mark.model
def test_cli_batch_on_the_embedded_model(embedded_model_dir, tmp_path: Path) -> None:
    spec = yaml.safe_load((Path(__file__).parents[1] / "graphs" / "specs" / "chat.yaml").read_text())
    spec["nodes"][0]["params"]["max_tokens"] = 12
    spec_path = tmp_path / "short_chat.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    inputs = tmp_path / "in.jsonl"
    inputs.write_text('"What is the capital of France?"\n{"id": "x", "text": "Name a colour."}\n')
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(spec_path), str(inputs), "--out", str(out), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["0", "x"]
    assert "Paris" in rows[0]["text"] and rows[1]["text"].strip() and all(r["error"] is None for r in rows)
