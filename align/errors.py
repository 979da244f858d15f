"""Bad user input and how the command line reports it: one line on stderr, exit code 1."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import typer

F = TypeVar("F", bound=Callable[..., Any])


class InputError(Exception):
    """Bad user input: the CLI prints the message on one line and exits with code 1."""


def fail(message: str) -> typer.Exit:
    """Print one line on stderr and return the exit-1 exception to raise."""
    import typer

    typer.echo(f"glossalign: error: {message}", err=True)
    return typer.Exit(1)


def errors(func: F) -> F:
    """Turn InputError (bad user input) into one stderr line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import typer

        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]
