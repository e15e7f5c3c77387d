"""``guardgraph eval``: evaluation commands (a thin shell over :mod:`guardgraph.graphs.evaluation`).

``guardgraph eval forget --forget F --retain R [--model M] [--limit N] [--out FILE]`` runs the
``forget_guard`` pipeline and the unguarded ``chat`` baseline on TOFU-format files, prints a
guarded-vs-unguarded table and a per-attack-family leak table, and writes the JSON result.

Mount with ``main_app.add_typer(eval_app, name="eval")`` (``from guardgraph.cli.eval import app as eval_app``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from guardgraph.cli.errors import fail

app = typer.Typer(name="eval", help="Evaluate pipelines on benchmark data.", no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
out = Console()


@app.callback()
def _group() -> None:
    """Evaluate pipelines on benchmark data."""
    # A callback keeps ``forget`` a named sub-command even while it is the only one.




def print_tables(result: dict, target: Console = out) -> None:
    """The main guarded-vs-unguarded table and, when attacks ran, the attack table."""
    from guardgraph.graphs.evaluation import attack_rows, summary_rows

    config = result["config"]
    table = Table("metric", "guarded (forget_guard)", "unguarded (chat)",
                  title=f"Forget evaluation — model {config['model']}, max_tokens {config['max_tokens']}")
    for row in summary_rows(result):
        table.add_row(*row)
    target.print(table)
    rows = attack_rows(result)
    if rows:
        attacks = Table("family", "n", "guarded exact", "unguarded exact", "guarded deobf.", "unguarded deobf.",
                        title="Attack leak rates (share of replies naming the author)")
        for row in rows:
            attacks.add_row(*row)
        target.print(attacks)


@app.command("forget")
def forget_command(
    forget: Path = typer.Option(..., "--forget", help="TOFU forget file (JSON list or JSONL: author, question, answer, ...)."),
    retain: Path = typer.Option(..., "--retain", help="TOFU retain file (question, answer)."),
    model: str = typer.Option("local", "--model", "-m", envvar="GUARDGRAPH_MODEL", help="'local', 'local:<dir>' or any litellm model string."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Rows of each file (forget: evenly across authors). Default: all."),
    max_tokens: int = typer.Option(64, "--max-tokens", min=8, help="Token budget of every answer and eraser rewrite."),
    max_docs: int = typer.Option(6, "--max-docs", min=1, help="Most context documents per forget/attack question."),
    attacks: bool = typer.Option(True, "--attacks/--no-attacks", help="Also run the extraction attack set."),
    attacks_per_family: int = typer.Option(5, "--attacks-per-family", min=0, help="Attacks per family (0 = all)."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON result here."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Folder for the run's forget registry (default: a temporary one)."),
    samples: bool = typer.Option(True, "--samples/--no-samples", help="Keep every reply in the JSON."),
) -> None:
    """Forgetting on TOFU: leak rate, ROUGE-L recall, refusals and latency, guarded vs unguarded."""
    from guardgraph.graphs.evaluation import EvalDataError, load_forget_rows, load_retain_rows, run_forget_eval, write_result
    from guardgraph.tools.base import ModelError

    try:
        forget_rows = load_forget_rows(forget)
        retain_rows = load_retain_rows(retain)
    except EvalDataError as exc:
        raise fail(str(exc)) from None

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("loading model and registering authors", total=None)

        step = 0

        def advance(done: int, total: int, label: str) -> None:
            nonlocal step
            progress.update(task, completed=done, total=total, description=label)
            # Logs and CI have no live bar: print a plain line every ~5% instead.
            if not console.is_terminal and total and (done * 20 // total > step or done == total):
                step = done * 20 // total
                console.print(f"{label}: {done}/{total} ({progress.tasks[0].elapsed or 0:.0f} s)")

        try:
            result = run_forget_eval(
                forget_rows, retain_rows, model=model, limit=limit, max_tokens=max_tokens, max_docs=max_docs,
                attacks=attacks, attacks_per_family=attacks_per_family, data_dir=data_dir, progress=advance,
                keep_samples=samples,
            )
        except (ModelError, EvalDataError, ValueError) as exc:
            raise fail(str(exc)) from None
    print_tables(result)
    if out_file is not None:
        console.print(f"wrote {write_result(result, out_file)}")


@app.command("merge")
def merge_command(
    results: list[Path] = typer.Argument(..., help="JSON results of `eval forget` runs over disjoint slices."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the merged JSON here."),
) -> None:
    """Merge shard results (each written with samples) and print the combined tables."""
    import json

    from guardgraph.graphs.evaluation import EvalDataError, merge_results, write_result

    loaded = []
    for path in results:
        try:
            loaded.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise fail(f"{path}: cannot read an evaluation result: {exc}") from None
    try:
        merged = merge_results(loaded)
    except EvalDataError as exc:
        raise fail(str(exc)) from None
    print_tables(merged)
    if out_file is not None:
        console.print(f"wrote {write_result(merged, out_file)}")
