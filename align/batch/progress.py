"""One progress bar for a corpus on stderr (only when stderr is a terminal): pairs done of
those to align, sentences done, the rate in sentences a second, and the time left."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: ``progress(sentences)``: one more pair finished (or failed), holding that many sentences.
CorpusProgress = Callable[[int], None]


@contextmanager
def corpus_progress(pairs: int) -> Iterator[CorpusProgress]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bars

    console = Console(stderr=True)
    started, sentences = time.perf_counter(), 0
    with Bars(
        TextColumn("pairs"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[sentences]} sentences, {task.fields[rate]}/s"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bars:
        task = bars.add_task("pairs", total=pairs, sentences=0, rate="-")

        def advance(more: int) -> None:
            nonlocal sentences
            sentences += more
            rate = sentences / max(time.perf_counter() - started, 1e-9)
            bars.update(task, advance=1, sentences=sentences, rate=f"{rate:.0f}")

        yield advance
