"""Progress reports: the callback type the pipeline takes, and bars on stderr (never stdout),
shown only when stderr is a terminal (and not under ``--quiet``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: ``progress(stage, done, total)``: ``stage`` is e.g. ``"documents"``, ``"embed"``,
#: ``"encode"`` or ``"align"``; ``done`` of ``total`` units are finished.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """A ``Progress`` that reports nothing."""


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except ValueError:  # closed
        return False


@contextmanager
def stderr_progress() -> Iterator[Progress]:
    """A ``Progress`` drawing one bar per stage on stderr; a stage's bar is reused when it
    starts again, e.g. for the next document. Under ``--verbose`` each stage's time is
    printed when it finishes."""
    from align.console import StageTimer, verbosity

    if verbosity() == "quiet" or (verbosity() != "verbose" and not _stderr_is_terminal()):
        yield no_progress  # no bars to draw: rich (~0.1 s to import) stays unloaded
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    console = Console(stderr=True)
    with Bars(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or verbosity() == "quiet",
    ) as bars:
        tasks: dict[str, TaskID] = {}
        timer = StageTimer() if verbosity() == "verbose" else None

        def update(stage: str, done: int, total: int) -> None:
            if timer is not None:
                timer(stage, done, total)
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
