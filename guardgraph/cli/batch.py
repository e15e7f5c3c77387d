"""``guardgraph batch SPEC INPUT.jsonl``: run many turns, here or on a ray cluster.

Each input line is ``{"text": ..., "id"?, "scope"?, "tenant"?, "thread"?, "context"?: [...]}`` or a
plain JSON string. Results are JSON lines ``{"id", "text", "refused", "error", "duration_ms",
"nodes", "worker"}`` in input order, on stdout or in ``--out``. The exit code is 1 when any item
failed (all results are still written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from guardgraph.cli.errors import fail

err = Console(stderr=True)


def batch_command(
    spec: str = typer.Argument(..., help="Prebuilt spec name (chat, forget_guard, reason) or a path."),
    input_file: Path = typer.Argument(..., help="JSONL: one {\"text\": ...} object or JSON string per line."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write result lines here (default: stdout)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", envvar="GUARDGRAPH_MODEL", help="'local', 'local:<dir>' or a litellm string."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Threads (local) or ray actors (--ray)."),
    use_ray: bool = typer.Option(False, "--ray", help="Spread the items over ray actors."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Join this ray cluster ('auto', 'ray://host:10001'); implies --ray."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Where registries and handbook live (shared storage for a cluster)."),
) -> None:
    """Run every line of INPUT_FILE through SPEC and write one JSON result per line."""
    from guardgraph import ModelError, SpecError
    from guardgraph.graphs.batch import BatchInputError, read_batch_items, run_batch

    try:
        items = read_batch_items(input_file)
    except BatchInputError as exc:
        raise fail(str(exc)) from None
    executor = "ray" if use_ray or ray_address else "local"
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(f"{spec} on {executor}", total=len(items))
        try:
            results = run_batch(
                spec, items, model=model, data_dir=data_dir, executor=executor, workers=workers,
                ray_address=ray_address, on_result=lambda done, total, _result: progress.update(task, completed=done),
            )
        except (SpecError, ModelError, RuntimeError, ValueError) as exc:
            raise fail(str(exc)) from None
    lines = "".join(json.dumps(result.model_dump(), ensure_ascii=False) + "\n" for result in results)
    if out_file is None:
        typer.echo(lines, nl=False)
    else:
        out_file.write_text(lines, encoding="utf-8")
        err.print(f"wrote {len(results)} results to {out_file}")
    failed = [result for result in results if result.error]
    if failed:
        err.print(f"[red]{len(failed)} of {len(results)} items failed[/]; first: {failed[0].id}: {failed[0].error}")
        raise typer.Exit(1)
