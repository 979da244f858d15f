"""Progress bars on stderr (never stdout), shown only when stderr is a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars

from align.encoders import Progress


@contextmanager
def stderr_progress() -> Iterator[Progress]:
    """A ``progress(stage, done, total)`` callback drawing one bar per stage on stderr
    (``"documents"``, ``"embed"``, ``"encode"``, ``"align"``, ...); a stage's bar is reused
    when it starts again, e.g. for the next document."""
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
