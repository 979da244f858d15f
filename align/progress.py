"""Progress bars on stderr (never stdout), shown only when stderr is a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

#: ``progress(stage, done, total)``: the callback ``align_sentences`` reports to.
ProgressCallback = Callable[[str, int, int], None]


@contextmanager
def stderr_progress(prefix: str = "") -> Iterator[ProgressCallback]:
    """A callback drawing one bar per stage (``"encode"``, ``"align"``, ...) on stderr.

    ``prefix`` goes before each stage name, e.g. the document being aligned.
    """
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns,
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(f"{prefix}{stage}", total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
