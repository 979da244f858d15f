"""Progress reports: the callback type the pipeline takes, and bars on stderr (never stdout),
shown only when stderr is a terminal."""

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
    starts again, e.g. for the next document."""
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
        disable=not console.is_terminal,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
