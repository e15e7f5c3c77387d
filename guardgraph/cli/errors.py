"""The one way every CLI command reports a user error: a red line on stderr, then exit code 1."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.text import Text

_stderr = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` (never parsed as rich markup) and return the Exit to raise."""
    _stderr.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    return typer.Exit(code)
