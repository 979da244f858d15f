"""What the command line says besides its results: informational lines and timings on stderr,
governed by the global ``--quiet`` / ``--verbose`` (set once per invocation by ``align.cli``).

Results (stdout, output files) and errors never depend on the verbosity: ``--quiet`` drops
progress bars and informational lines, ``--verbose`` adds the time each stage and the whole
command took.
"""

from __future__ import annotations

import sys
import time
from typing import Literal

Verbosity = Literal["quiet", "normal", "verbose"]

_level: list[Verbosity] = ["normal"]  # one process, one command line: set by the app callback


def set_verbosity(level: Verbosity) -> None:
    """Set the verbosity of this process's command (the ``glossalign`` callback calls it)."""
    _level[0] = level


def verbosity() -> Verbosity:
    return _level[0]


def info(message: str, *, stdout: bool = False) -> None:
    """An informational line on stderr (counts, summaries), or on stdout when the result went
    to a file (``stdout``), dropped under ``--quiet``."""
    if _level[0] != "quiet":
        print(message, file=sys.stdout if stdout else sys.stderr, flush=True)


def detail(message: str) -> None:
    """A line on stderr shown only under ``--verbose`` (timings)."""
    if _level[0] == "verbose":
        print(f"glossalign: {message}", file=sys.stderr, flush=True)


class StageTimer:
    """A ``Progress`` callback that reports, under ``--verbose``, how long each stage took from
    its first report to its last: ``embed: 1,234 of 1,234 in 3.21 s``."""

    def __init__(self) -> None:
        self._started: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        started = self._started.setdefault(stage, now)
        if done >= total:
            del self._started[stage]
            detail(f"{stage}: {done:,} of {total:,} in {now - started:.2f} s")
