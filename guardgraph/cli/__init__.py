"""guardgraph command line: chat, run, graph, models (+ watchdog, handbook, eval sub-commands).

Every user error ends as one ``error: ...`` line on stderr and a non-zero exit
(:mod:`guardgraph.cli.errors`); replies go to stdout unwrapped, so piping them is safe.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Optional

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from guardgraph.cli.errors import GuardGraphGroup, fail  # noqa: E402

app = typer.Typer(
    name="guardgraph",
    cls=GuardGraphGroup,
    help="Multi-agent inference-time interventions on LLMs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no '<bool>' type column for flags, no boxes when piped
)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)  # never hard-wrap replies (piped output is not cut at 80 columns)


def write_text(text: str, *, end: str = "\n") -> None:
    """A reply chunk on stdout, exactly as produced (no markup, no wrapping, flushed)."""
    sys.stdout.write(text + end)
    sys.stdout.flush()


def _version(value: bool) -> None:
    if value:
        from guardgraph import __version__

        write_text(f"guardgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens (model loading, stores) on stderr."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the result and errors: no banner, spinner or status."),
) -> None:
    """Multi-agent inference-time interventions on LLMs."""
    if verbose and quiet:
        raise fail("give at most one of --verbose and --quiet")
    console.quiet = quiet
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)

ModelOption = typer.Option(None, "--model", "-m", envvar="GUARDGRAPH_MODEL", help="Model: 'local', 'local:<dir>' or a litellm string.")
DataDirOption = typer.Option(None, "--data-dir", help="Where registries, handbook and threads live.")




def check_data_dir(data_dir: Optional[Path]) -> Optional[Path]:
    """``--data-dir`` must be a directory (or not exist yet); a file there is a user error."""
    if data_dir is not None:
        data_dir = data_dir.expanduser()
        if data_dir.exists() and not data_dir.is_dir():
            raise fail(f"--data-dir {data_dir} is a file, not a directory")
    return data_dir


def load_pipeline(spec: str, model: Optional[str], data_dir: Optional[Path], checkpointer: str = "sqlite"):
    """Build a Pipeline with a rich progress display for the first-time model conversion.

    Errors (bad spec, unknown model, unusable data dir) propagate to :class:`GuardGraphGroup`,
    which prints them as one line.
    """
    from guardgraph import Pipeline

    data_dir = check_data_dir(data_dir)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True,
        disable=console.quiet or not console.is_terminal,
    ) as progress:
        task = progress.add_task("Loading pipeline", total=None)

        def status(message: str) -> None:
            progress.update(task, description=message)
            console.log(message)

        pipe = Pipeline.from_spec(spec, model=model, data_dir=data_dir, checkpointer=checkpointer, on_status=status)
        progress.update(task, description="Loading model weights")
        for bound in {id(m): m for m in pipe.models.values()}.values():
            getattr(bound, "model", None)  # local backends load weights lazily; do it under the spinner
    return pipe


@app.command()
def chat(
    spec: str = typer.Option(
        "forget_guard", "--spec", "-s",
        help="Prebuilt spec name or path (default forget_guard: 'Forget X.' is honoured; 'chat' is plain).",
    ),
    model: Optional[str] = ModelOption,
    thread: str = typer.Option("cli", "--thread", "-t", help="Conversation thread id (kept across runs)."),
    scope: str = typer.Option("default", "--scope", help="User id for forget registry / handbook."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Interactive chat on the embedded model (or --model). Ctrl-D or /exit to quit."""
    from guardgraph import ModelError
    from guardgraph.graphs.runtime import check_id

    check_id(scope, "--scope")
    check_id(thread, "--thread")
    pipe = load_pipeline(spec, model, data_dir)
    interactive = sys.stdin.isatty()
    console.print(f"[bold]guardgraph[/] · spec [cyan]{pipe.spec.name}[/] · model [cyan]{pipe.models['default'].name}[/]")
    if pipe.spec.name == "forget_guard":
        console.print("[dim]say 'Forget <name>.' to stop the assistant mentioning it; 'You can mention <name> again.' undoes it[/]")
    while True:
        try:
            line = input("you> ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        line = line.strip()
        if line in {"/exit", "/quit"}:
            break
        if not line:
            continue
        if interactive:
            write_text("bot> ", end="")
        try:
            for chunk in pipe.stream(line, thread=thread, scope=scope):
                write_text(chunk, end="")
        except ModelError as exc:
            console.print(f"\n[red]model error:[/] {exc}")
            continue
        write_text("")
    pipe.close()


@app.command()
def run(
    spec: str = typer.Argument(..., help="Prebuilt spec name (chat, forget_guard, reason) or a path."),
    input: str = typer.Option(..., "--input", "-i", help="The user message."),
    model: Optional[str] = ModelOption,
    thread: Optional[str] = typer.Option(None, "--thread", "-t"),
    scope: str = typer.Option("default", "--scope"),
    context: list[str] = typer.Option([], "--context", "-c", help="Context document (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print {text, trace, ...} as JSON."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Run one turn of SPEC on --input and print the reply."""
    from guardgraph.graphs.runtime import check_id

    check_id(scope, "--scope")
    check_id(thread, "--thread")
    pipe = load_pipeline(spec, model, data_dir, checkpointer="sqlite" if thread else "none")
    try:
        reply = pipe.invoke(input, thread=thread, scope=scope, context=context)
    finally:
        pipe.close()
    if as_json:
        payload = {"text": reply.text, "refused": reply.refused, "thread": reply.thread, "turn": reply.turn, "trace": reply.trace}
        write_text(json.dumps(payload, default=str, ensure_ascii=False, indent=2))
    else:
        write_text(reply.text)


@app.command()
def graph(
    spec: str = typer.Argument("chat", help="Prebuilt spec name or path."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the mermaid text to this file."),
) -> None:
    """Print a spec's graph as a mermaid diagram (no model is loaded)."""
    from guardgraph.graphs.builder import compile_spec
    from guardgraph.graphs.context import Services
    from guardgraph.graphs.spec import load_spec
    from guardgraph.tools.embedded import data_dir

    graph_spec = load_spec(spec)

    class Unbound:
        """Placeholder so the graph compiles without loading any model."""

        def __init__(self, name: str) -> None:
            self.name = name

    models = {binding: Unbound(value) for binding, value in graph_spec.models.items()}
    compiled = compile_spec(graph_spec, models=models, services=Services(data_dir=data_dir()))  # type: ignore[arg-type]
    text = compiled.get_graph().draw_mermaid()
    if out_file:
        out_file.write_text(text)
        console.print(f"wrote {out_file}")
    else:
        write_text(text)


@app.command()
def models(
    check: list[str] = typer.Argument(None, help="Model strings to check (default: the embedded one)."),
) -> None:
    """Show installed / configured models and whether each resolves (exit 1 if one does not)."""
    from guardgraph.tools.base import ModelError
    from guardgraph.tools.embedded import converted_folder, embedded_gguf_path, is_converted
    from guardgraph.tools.resolve import describe_model

    rows: list[tuple[str, str, str, str]] = []
    try:
        gguf = embedded_gguf_path()
        folder = converted_folder(gguf)
        status = f"converted ({folder})" if is_converted(folder) else "installed, converts on first use"
        rows.append(("local", "transformers", f"embedded SmolLM2-135M-Instruct ({gguf.name})", status))
    except ModelError as exc:
        rows.append(("local", "transformers", "embedded SmolLM2-135M-Instruct", f"error: {exc}"))
    configured = os.environ.get("GUARDGRAPH_MODEL")
    failed = []
    for spec in [*(check or []), *([configured] if configured else [])]:
        try:
            info = describe_model(spec)
            rows.append((info["model"], info["backend"], info["source"], "ok"))
        except ModelError as exc:
            rows.append((spec, "?", "?", f"error: {exc}"))
            failed.append(spec)
    print_rows(("model", "backend", "source", "status"), rows, title="guardgraph models")
    if failed:
        raise fail(f"{len(failed)} model string(s) do not resolve: {', '.join(failed)}")


def print_rows(columns: tuple[str, ...], rows: list[tuple[str, ...]], *, title: str = "") -> None:
    """A rich table on a terminal; tab-separated lines when piped, so scripts can parse it."""
    if out.is_terminal:
        table = Table(*columns, title=title or None)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    for row in rows:
        print("\t".join(row))


@app.command()
def serve(
    spec: str = typer.Option("forget_guard", "--spec", "-s", help="Prebuilt spec name or path."),
    model: Optional[str] = ModelOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (0.0.0.0 needs API keys)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    data_dir: Optional[Path] = DataDirOption,
    keys: Optional[Path] = typer.Option(
        None, "--keys", help="Keys file, one KEY=TENANT/USER[:admin] (or sha256:HEX=...) a line; "
        "GUARDGRAPH_API_KEYS adds comma-separated ones."),
    embedder: str = typer.Option("auto", "--embedder", help="Embedder for the registry: auto, minilm or hashing."),
    checkpointer: str = typer.Option(
        "sqlite", "--checkpointer", help="Thread store: sqlite, sqlite:PATH, memory, none or a postgresql:// URL "
        "(use Postgres with several workers)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1, help="Whole-request deadline in seconds (then 504)."),
    upstream_timeout: float = typer.Option(30.0, "--upstream-timeout", min=0.1,
                                           help="Per upstream call, in seconds (litellm models)."),
    api_base: Optional[str] = typer.Option(None, "--api-base", help="Upstream base URL (e.g. a vLLM server)."),
    direct_http: bool = typer.Option(
        False, "--direct-http", help="With --api-base: talk to the OpenAI-compatible upstream over plain HTTP "
        "instead of through litellm (less CPU per streamed chunk; no fallbacks)."),
    served_model: Optional[str] = typer.Option(None, "--served-model", help="Model id clients ask for."),
    max_body: int = typer.Option(2_000_000, "--max-body", min=1024, help="Largest request body in bytes (then 413)."),
    log_prompts: bool = typer.Option(False, "--log-prompts", help="Put the user's message in the access log."),
) -> None:
    """Serve SPEC as an OpenAI-compatible API (/v1/chat/completions, /v1/models, /v1/forget)."""
    import uvicorn

    from guardgraph.errors import GuardGraphError
    from guardgraph.server import ENV_CONFIG, KeyStore, ServerConfig, build_pipeline, configure_logging, create_app

    try:
        key_store = KeyStore.load(keys)
    except GuardGraphError as exc:
        raise fail(str(exc)) from None
    if not key_store and host not in {"127.0.0.1", "localhost", "::1"}:
        console.print(f"[yellow]no API keys configured: binding 127.0.0.1 instead of {host}[/] "
                      "(set GUARDGRAPH_API_KEYS or --keys to serve other machines)")
        host = "127.0.0.1"
    elif not key_store:
        console.print("[yellow]no API keys configured: local use only (127.0.0.1); "
                      "the request's 'user' field picks the forget scope[/]")
    else:
        console.print(f"{len(key_store)} API key(s) loaded")
    if workers > 1 and (checkpointer == "sqlite" or checkpointer.startswith("sqlite:")):
        console.print("[yellow]several workers share the SQLite thread store; use --checkpointer postgresql://... "
                      "for real concurrency[/]")
    options = {
        "spec": spec, "model": model, "data_dir": str(data_dir) if data_dir else None, "embedder": embedder,
        "checkpointer": checkpointer, "upstream_timeout": upstream_timeout, "keys_file": str(keys) if keys else None,
        "served_models": [served_model] if served_model else [], "max_body_bytes": max_body,
        "request_timeout": timeout, "log_prompts": log_prompts,
        "litellm_params": {"api_base": api_base} if api_base else {}, "direct_http": direct_http,
    }
    configure_logging()
    url = f"http://{host}:{port}/v1"
    if workers > 1:
        os.environ[ENV_CONFIG] = json.dumps(options)
        console.print(f"serving [cyan]{spec}[/] on {url} with {workers} workers")
        uvicorn.run("guardgraph.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False, timeout_keep_alive=30, backlog=2048)
        return
    try:
        pipe = build_pipeline(options)
        config = ServerConfig(keys=key_store, served_models=options["served_models"], max_body_bytes=max_body,
                              request_timeout=timeout, log_prompts=log_prompts)
        console.print("loading the embedder and opening the stores...")
        application = create_app(pipe, config=config)
    except GuardGraphError as exc:
        raise fail(str(exc)) from None
    console.print(f"serving [cyan]{pipe.spec.name}[/] on {url} (model {pipe.models['default'].name})")
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30,
                backlog=2048)


def main() -> None:
    app()


def _mount_subcommands() -> None:
    """Sub-command groups live in their own modules; each imports its heavy parts lazily."""
    from guardgraph.cli.batch import batch_command
    from guardgraph.cli.eval import app as eval_app
    from guardgraph.cli.handbook import app as handbook_app
    from guardgraph.cli.watchdog import watchdog_command

    app.command("watchdog", help="Classify TEXT (or JSONL on stdin with '-') as forget/revoke/none.")(watchdog_command)
    app.command("batch", help="Run every line of a JSONL file through SPEC (threads or ray actors).")(batch_command)
    app.add_typer(handbook_app, name="handbook")
    app.add_typer(eval_app, name="eval")


_mount_subcommands()
