"""What the command line says besides its results: informational lines and timings on stderr,
governed by the global ``--quiet`` / ``--verbose`` (set once per invocation by ``align.cli``).

Results (stdout, output files) and errors never depend on the verbosity: ``--quiet`` drops
progress bars and informational lines, ``--verbose`` adds the time each stage and the whole
command took.
"""

from __future__ import annotations

import re
import sys
import time
from typing import Literal

Verbosity = Literal["quiet", "normal", "verbose"]

_level: list[Verbosity] = ["normal"]  # one process, one command line: set by the app callback


#: C0 and C1 control characters, DEL and the bidirectional overrides: what lets a file name or a
#: cell move the cursor, retitle the terminal (``\x1b]0;…\x07``) or reorder the text shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\r]")


def printable(text: str, lines: bool = False) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``, ``\\u202e``), so
    that what it quotes reaches the terminal as text; ``lines``: keep line breaks (a table),
    else they are escaped too (a message is one line). Tabs stay."""
    text = _CONTROL.sub(_escape, text)
    return text if lines else _LINE_BREAKS.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    return found[0].encode("unicode_escape").decode("ascii")


def set_verbosity(level: Verbosity) -> None:
    """Set the verbosity of this process's command (the ``glossalign`` callback calls it)."""
    _level[0] = level


def verbosity() -> Verbosity:
    return _level[0]


def info(message: str, *, stdout: bool = False) -> None:
    """An informational line on stderr (counts, summaries), or on stdout when the result went
    to a file (``stdout``), dropped under ``--quiet``."""
    if _level[0] != "quiet":
        print(printable(message, lines=True), file=sys.stdout if stdout else sys.stderr, flush=True)


def detail(message: str) -> None:
    """A line on stderr shown only under ``--verbose`` (timings)."""
    if _level[0] == "verbose":
        print(f"glossalign: {printable(message)}", file=sys.stderr, flush=True)


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
