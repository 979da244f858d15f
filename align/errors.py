"""Bad user input and how the command line reports it: one line on stderr, exit code 1."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from align.console import printable

if TYPE_CHECKING:
    import typer

F = TypeVar("F", bound=Callable[..., Any])

#: Errors of writing to a full, failing or closed stream.
_STREAM_ERRORS = (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT)


class InputError(Exception):
    """Bad user input: the CLI prints the message on one line and exits with code 1."""


def warn(message: str) -> None:
    """One warning line on stderr (control characters escaped); the command goes on."""
    print(f"glossalign: warning: {printable(message)}", file=sys.stderr, flush=True)


def fail(message: str) -> typer.Exit:
    """Print one line on stderr (control characters and line breaks escaped) and return the
    exit-1 exception to raise."""
    import typer

    typer.echo(f"glossalign: error: {printable(message)}", err=True)
    return typer.Exit(1)


def shorten(text: str, width: int = 60) -> str:
    """``text``, or its start up to the last word boundary within ``width`` characters and
    ``…`` (a single word longer than ``width`` is cut inside it, the ``…`` saying so): for
    quoting user input in a message without cutting a word unmarked."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    cut = head.rsplit(maxsplit=1)[0] if " " in head.strip() else head
    return f"{cut.rstrip()}… ({len(text):,} characters)"


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
            if exc.filename is not None:  # a path the command could not stat, list or open
                raise fail(str(os_error(exc.filename, exc, "cannot access"))) from None
            if exc.errno not in _STREAM_ERRORS:
                raise
            # A console write the output layer did not see (a summary echoed to /dev/full).
            discard_stdout()
            raise fail(str(os_error("stdout", exc))) from None

    return wrapper  # type: ignore[return-value]


def os_error(path: os.PathLike[str] | str, exc: OSError, verb: str = "cannot write") -> InputError:
    """One line for an OS error on ``path``, with the fix when there is an obvious one."""
    reason = exc.strerror or type(exc).__name__
    hint = {
        errno.ENOSPC: "; free some space or write elsewhere",
        errno.EDQUOT: "; free some space or write elsewhere",
        errno.EACCES: "; check the permissions"
        + (" or write elsewhere" if "write" in verb else ""),
        errno.EROFS: "; write elsewhere",
        errno.ENAMETOOLONG: "; use a shorter name",
    }.get(exc.errno or 0, "")
    return InputError(f"{path}: {verb} ({reason}){hint}")


def discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush of what could not be
    written fails no more (Python's documented recipe for a broken pipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's capture): nothing will be flushed at exit
