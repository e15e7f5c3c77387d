"""``guardgraph handbook``: inspect and edit the concept memory from the shell.

Mounted by the main CLI with ``app.add_typer(handbook.app, name="handbook")``. The handbook is opened
lazily inside each command so ``--help`` never loads an embedding model. Output meant for scripts
(``search``, ``list --plain``, ``export -``) is plain tab-separated text on stdout; messages go to
stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.table import Table

from guardgraph.cli.errors import fail

if TYPE_CHECKING:
    from guardgraph.memory.handbook import Handbook

app = typer.Typer(
    help="Concept memory: reusable lessons distilled from verified solutions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

_EMBEDDER_KEYS = {"all-MiniLM-L6-v2": "minilm", "hashing-ngrams": "hashing"}


class Kind(str, Enum):
    concept = "concept"
    behaviour = "behaviour"


@dataclass
class _Options:
    path: Path
    embedder: Optional[str]


def default_path() -> Path:
    """``$GUARDGRAPH_DATA_DIR/handbook`` or the platform user-data dir's ``handbook`` folder."""
    override = os.environ.get("GUARDGRAPH_DATA_DIR")
    if override:
        return Path(override) / "handbook"
    import platformdirs

    return Path(platformdirs.user_data_dir("guardgraph")) / "handbook"




@contextmanager
def _handbook_errors() -> Iterator[None]:
    """A broken handbook file is a clear one-line error, not a traceback."""
    from guardgraph.memory.handbook import HandbookError

    try:
        yield
    except HandbookError as exc:
        raise fail(str(exc)) from None


def _open(ctx: typer.Context) -> "Handbook":
    """Open the handbook with the requested embedder, or the one it was built with, or ``auto``."""
    from guardgraph.memory.embeddings import load_embedder
    from guardgraph.memory.handbook import Handbook, HandbookError

    options: _Options = ctx.obj
    name = options.embedder
    if name is None:
        stored = Handbook.stored_embedder(options.path)
        name = _EMBEDDER_KEYS.get(stored[0], "auto") if stored else "auto"
    try:
        embedder = load_embedder(name)
        handbook = Handbook(options.path, embedder=embedder)
    except (HandbookError, ValueError, RuntimeError, OSError) as exc:
        raise fail(str(exc)) from None
    ctx.call_on_close(handbook.close)
    return handbook


@app.callback()
def main(
    ctx: typer.Context,
    path: Optional[Path] = typer.Option(
        None, "--path", help="Handbook directory (default: $GUARDGRAPH_DATA_DIR/handbook or the user data dir)."
    ),
    embedder: Optional[str] = typer.Option(
        None, "--embedder", help="auto | minilm | hashing (default: the one the handbook was built with, else auto)."
    ),
) -> None:
    """Concept memory: reusable lessons distilled from verified solutions."""
    if embedder is not None and embedder not in {"auto", "minilm", "hashing"}:
        raise typer.BadParameter("choose auto, minilm or hashing", param_hint="--embedder")
    ctx.obj = _Options(path=path or default_path(), embedder=embedder)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@app.command("list")
def list_entries(
    ctx: typer.Context,
    kind: Optional[Kind] = typer.Option(None, "--kind", help="Only concepts or only behaviours."),
    plain: bool = typer.Option(False, "--plain", help="Tab-separated lines (id, kind, uses, name, instruction)."),
) -> None:
    """List every entry, oldest first."""
    with _handbook_errors():
        entries = _open(ctx).list(kind.value if kind else None)
    if plain:
        for e in entries:
            typer.echo(f"{e.id}\t{e.kind}\t{e.uses}\t{_one_line(e.name)}\t{_one_line(e.instruction)}")
        return
    table = Table(title=f"Handbook ({len(entries)} entries)", show_lines=False)
    table.add_column("name", style="bold", overflow="fold")
    table.add_column("kind")
    table.add_column("uses", justify="right")
    table.add_column("instruction", overflow="fold")
    table.add_column("when to use", overflow="fold")
    table.add_column("id", style="dim")
    for e in entries:
        table.add_row(e.name, e.kind, str(e.uses), e.instruction, e.when_to_use, e.id)
    Console().print(table)


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="What you are working on."),
    k: int = typer.Option(5, "-k", "--k", min=1, help="How many entries."),
    min_score: float = typer.Option(0.0, "--min-score", help="Cosine similarity threshold."),
) -> None:
    """Entries closest to QUERY, one per line: name, score, instruction (tab-separated)."""
    handbook = _open(ctx)
    try:
        with _handbook_errors():
            hits = handbook.search(query, k=k, min_score=min_score, record_use=False)  # looking is not using
    except ValueError as exc:
        raise fail(str(exc)) from None
    if not hits:
        err.print("no matching entries")
    for entry, score in hits:
        typer.echo(f"{_one_line(entry.name)}\t{score:.3f}\t{_one_line(entry.instruction)}")


@app.command()
def add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Short title."),
    instruction: str = typer.Option(..., "--instruction", help="What to do."),
    when_to_use: str = typer.Option("", "--when-to-use", help="When it applies."),
    kind: Kind = typer.Option(Kind.concept, "--kind"),
) -> None:
    """Add an entry (merged into an existing one when it is a near-duplicate)."""
    from pydantic import ValidationError

    from guardgraph.memory.handbook import HandbookEntry

    try:
        entry = HandbookEntry(name=name, instruction=instruction, when_to_use=when_to_use, kind=kind.value)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise fail(f"invalid entry: {problems}") from None
    with _handbook_errors():
        stored, merged = _open(ctx).add(entry)
    verb = "merged into" if merged else "added"
    err.print(f"{verb} {stored.name!r} ({stored.id})", highlight=False)
    typer.echo(stored.id)


@app.command()
def remove(ctx: typer.Context, name_or_id: str = typer.Argument(..., metavar="NAME_OR_ID")) -> None:
    """Delete one entry by id or name."""
    with _handbook_errors():
        removed = _open(ctx).remove(name_or_id)
    if not removed:
        raise fail(f"no handbook entry with id or name {name_or_id!r}")
    err.print(f"removed {name_or_id!r}", highlight=False)


@app.command()
def export(ctx: typer.Context, file: str = typer.Argument(..., help="JSONL file, or - for stdout.")) -> None:
    """Write every entry as JSON lines."""
    handbook = _open(ctx)
    try:
        with _handbook_errors():
            count = handbook.export_jsonl(sys.stdout if file == "-" else Path(file))
    except OSError as exc:
        raise fail(f"cannot write {file}: {exc}") from None
    err.print(f"exported {count} entries", highlight=False)


@app.command("import")
def import_entries(ctx: typer.Context, file: Path = typer.Argument(..., help="JSONL file (one entry per line).")) -> None:
    """Add the entries of a JSONL file; bad lines are reported (exit code 1) and skipped."""
    handbook = _open(ctx)
    try:
        with _handbook_errors():
            report = handbook.import_jsonl(file)
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc}") from None
    for issue in report.errors:
        err.print(f"{file}:{issue.line}: {issue.message}", highlight=False, markup=False)
    err.print(report.summary(), highlight=False)
    if report.errors:
        raise typer.Exit(1)
