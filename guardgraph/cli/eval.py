"""``guardgraph eval``: evaluation commands (a thin shell over :mod:`guardgraph.graphs.evaluation`).

``guardgraph eval forget --forget F --retain R [--model M] [--limit N] [--out FILE]`` runs the
``forget_guard`` pipeline and the unguarded ``chat`` baseline on TOFU-format files, judges every
reply with the independent leak judge (:mod:`guardgraph.graphs.leak_judge`), prints a
guarded-vs-unguarded table (name leak, key-fact recall, refusals, latency, innocent damage) and
a per-attack-family leak table, and writes the JSON result. ``--shard K/N`` runs every N-th row
from the K-th, so a full run can be split over machines and joined with ``guardgraph eval merge``.

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
        attacks = Table("family", "n", "guarded leak", "unguarded leak", "guarded as written", "unguarded as written",
                        title="Attack leak rates (share of replies naming the author, independent judge)")
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
    families: Optional[str] = typer.Option(None, "--families", help="Comma-separated attack families (default: all)."),
    innocent: bool = typer.Option(True, "--innocent/--no-innocent", help="Also put the innocent-mention sentences to both pipelines."),
    innocent_limit: Optional[int] = typer.Option(None, "--innocent-limit", min=1, help="Innocent sentences (evenly sampled). Default: all."),
    shard: Optional[str] = typer.Option(None, "--shard", help="K/N: keep every N-th sampled row from the K-th (0-based), for `eval merge`."),
    judge: str = typer.Option("script", "--judge", help="'script' (independent scripted judge) or 'model' (also ask --judge-model yes/no)."),
    judge_model: Optional[str] = typer.Option(None, "--judge-model", help="Model for --judge model (default: the evaluated model)."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON result here."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Folder for the run's forget registry (default: a temporary one)."),
    samples: bool = typer.Option(True, "--samples/--no-samples", help="Keep every reply in the JSON."),
) -> None:
    """Forgetting on TOFU: leak rate, ROUGE-L recall, refusals and latency, guarded vs unguarded."""
    from guardgraph.graphs.evaluation import EvalDataError, load_forget_rows, load_retain_rows, run_forget_eval, write_result
    from guardgraph.tools.base import ModelError

    from guardgraph.graphs.attacks import FAMILIES

    try:
        forget_rows = load_forget_rows(forget)
        retain_rows = load_retain_rows(retain)
    except EvalDataError as exc:
        raise fail(str(exc)) from None
    chosen = tuple(f.strip() for f in families.split(",") if f.strip()) if families else FAMILIES
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        raise fail(f"unknown attack families {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    if judge not in ("script", "model"):
        raise fail(f"--judge must be 'script' or 'model', got {judge!r}")
    shard_pair = None
    if shard:
        try:
            k, n = (int(x) for x in shard.split("/"))
        except ValueError:
            raise fail(f"--shard must look like K/N (e.g. 0/4), got {shard!r}") from None
        if n < 1 or not 0 <= k < n:
            raise fail(f"--shard K/N needs 0 <= K < N, got {shard!r}")
        shard_pair = (k, n)

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
                attacks=attacks, attacks_per_family=attacks_per_family, attack_families=chosen, innocent=innocent,
                innocent_limit=innocent_limit, shard=shard_pair, judge=judge, judge_model=judge_model,
                data_dir=data_dir, progress=advance, keep_samples=samples,
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
    seen: dict[str, Path] = {}  # resolved path or content -> first file, so no shard counts twice
    for path in results:
        try:
            text = path.read_text(encoding="utf-8")
            loaded.append(json.loads(text))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise fail(f"{path}: cannot read an evaluation result: {exc}") from None
        for key in (f"path:{path.resolve()}", f"content:{text.strip()}"):
            if key in seen:
                raise fail(f"{path} repeats {seen[key]}: merging a shard twice would double-count it")
            seen[key] = path
    try:
        merged = merge_results(loaded)
    except EvalDataError as exc:
        raise fail(str(exc)) from None
    print_tables(merged)
    if out_file is not None:
        console.print(f"wrote {write_result(merged, out_file)}")
