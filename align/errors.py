"""Bad user input and how the command line reports it: one line on stderr, exit code 1."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import typer

F = TypeVar("F", bound=Callable[..., Any])

#: Errors of writing to a full, failing or closed stream.
_STREAM_ERRORS = (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT)


class InputError(Exception):
    """Bad user input: the CLI prints the message on one line and exits with code 1."""


def warn(message: str) -> None:
    """One warning line on stderr; the command goes on."""
    print(f"glossalign: warning: {message}", file=sys.stderr, flush=True)


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
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _STREAM_ERRORS:
                raise
            # A console write the output layer did not see (a summary echoed to /dev/full).
            from align.output import discard_stdout, os_error

            discard_stdout()
            raise fail(str(os_error("stdout", exc))) from None

    return wrapper  # type: ignore[return-value]
