"""``guardgraph watchdog``: run the forget/revoke detector from the shell.

Contract (scripts depend on it, keep it stable):

* ``guardgraph watchdog "TEXT"`` prints exactly one JSON object on one line:
  ``{"intent": "forget"|"revoke"|"none", "targets": [...]}``.
* ``guardgraph watchdog -`` reads JSON Lines ``{"text": ...}`` from stdin and prints one such
  object per input line, in order. Blank lines are skipped. The first malformed line stops the
  run with an error on stderr naming its line number and exit code 2 (objects for the lines
  before it have already been printed, so stdout stays aligned with the valid prefix).

Nothing but these JSON objects is written to stdout (``ensure_ascii=False``, so names in any
script stay readable). Mount with ``main_app.command("watchdog")(watchdog_command)``.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

import typer

EXIT_BAD_INPUT = 2


def _detector() -> Any:
    # Imported on use: mounting the command must not load the agents package.
    from guardgraph.agents.watchdog import detect_intent

    return detect_intent


def _payload(detect: Any, text: str) -> str:
    result = detect(text)
    return json.dumps({"intent": result.intent, "targets": list(result.targets)}, ensure_ascii=False)


def _read_text(line: str, number: int) -> str:
    """The ``text`` of one JSONL line, or a ValueError naming the line and the problem."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"line {number}: expected a JSON object like {{\"text\": ...}}, got {type(record).__name__}")
    if "text" not in record:
        raise ValueError(f"line {number}: missing required key \"text\"")
    if not isinstance(record["text"], str):
        raise ValueError(f"line {number}: \"text\" must be a string, got {type(record['text']).__name__}")
    return record["text"]


def run_jsonl(stream: TextIO, out: TextIO, err: TextIO) -> int:
    """Process JSONL from ``stream``; returns the exit code (0, or 2 at the first malformed line)."""
    detect = _detector()
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            text = _read_text(line, number)
        except ValueError as exc:
            err.write(f"error: {exc}\n")
            err.flush()
            return EXIT_BAD_INPUT
        out.write(_payload(detect, text) + "\n")
        out.flush()
    return 0


def watchdog_command(
    text: str = typer.Argument(
        ..., help='Message to classify, or "-" to read JSON Lines {"text": ...} from stdin.', show_default=False
    ),
) -> None:
    """Detect whether TEXT asks to forget (or to stop forgetting) something; print JSON."""
    if text == "-":
        code = run_jsonl(sys.stdin, sys.stdout, sys.stderr)
        if code:
            raise typer.Exit(code)
        return
    typer.echo(_payload(_detector(), text))


app = typer.Typer(
    name="watchdog",
    help="Forget / revoke intent detector.",
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(watchdog_command)
