"""Progress reports: the callback type the pipeline takes, and bars on stderr (never stdout),
shown only when stderr is a terminal (and not under ``--quiet``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: ``progress(stage, done, total)``: ``stage`` is e.g. ``"documents"``, ``"embed"``,
#: ``"encode"`` or ``"align"``; ``done`` of ``total`` units are finished.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """A ``Progress`` that reports nothing."""


@contextmanager
def stderr_progress() -> Iterator[Progress]:
    """A ``Progress`` drawing one bar per stage on stderr; a stage's bar is reused when it
    starts again, e.g. for the next document. Under ``--verbose`` each stage's time is
    printed when it finishes."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    from align.console import StageTimer, verbosity

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
