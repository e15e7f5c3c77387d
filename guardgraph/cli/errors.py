"""The one place the CLI turns an error into what a user sees.

Every command runs inside :class:`GuardGraphGroup`, whose ``invoke`` catches the errors a user can
cause (every :class:`~guardgraph.GuardGraphError`, and ``OSError`` for paths that are files,
directories, unreadable or full) and prints exactly one line on stderr, ``error: ...``, then exits
with status 1. Anything else is a bug and keeps its traceback. Commands may still raise
``fail(message)`` for checks of their own.
"""

from __future__ import annotations

import typer
import typer.core
from rich.console import Console
from rich.text import Text

from guardgraph.errors import GuardGraphError

__all__ = ["GuardGraphGroup", "fail", "one_line", "report"]

_stderr = Console(stderr=True)
# typer >= 0.20 ships its own copy of click; take its exception classes from typer's public ones.
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
ClickException: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
Exit = typer.Exit
USER_ERRORS: tuple[type[BaseException], ...] = (GuardGraphError, OSError, UnicodeDecodeError)


def one_line(message: object) -> str:
    """``message`` on a single line: newlines and control characters shown as spaces/escapes."""
    text = " ".join(str(message).split("\n"))
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text).strip()


def report(message: object) -> None:
    """Print ``error: message`` on stderr (one line, never parsed as rich markup)."""
    _stderr.print(Text.assemble(("error: ", "bold red"), one_line(message)), soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` and return the Exit to raise."""
    report(message)
    return typer.Exit(code)


def describe(exc: BaseException) -> str:
    """The user-facing text of ``exc``: the message, plus the path for OS errors."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot read the file as UTF-8 text ({exc.reason} at byte {exc.start})"
    return str(exc) or type(exc).__name__


class GuardGraphGroup(typer.core.TyperGroup):
    """Root command group: maps user errors to one line and exit status 1 (see module doc)."""

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # bad option value, unknown option or command: one line, exit 2
            where = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) is not None else ""
            report(f"{exc.format_message()}{where}")
            raise Exit(exc.exit_code) from None
        except (Exit, ClickException, typer.Abort):
            raise
        except USER_ERRORS as exc:
            if isinstance(exc, BrokenPipeError):  # `guardgraph ... | head`: typer exits quietly
                raise
            report(describe(exc))
            raise Exit(1) from None
