"""The `glossalign` command line: argument parsing, console output, error reporting."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from align import __version__
from align.io import InputError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="glossalign",
    help="Align Chinese-English translations and check them against a glossary.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str) -> typer.Exit:
    """Print one line on stderr and return the exit-1 exception to raise."""
    typer.echo(f"glossalign: error: {message}", err=True)
    return typer.Exit(1)


def errors(func: F) -> F:
    """Turn InputError (bad user input) into one stderr line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossalign {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Align Chinese-English translations and check them against a glossary."""


# Commands are registered below, one section per feature.
