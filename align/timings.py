"""A recorder of wall time by stage, passed down the pipeline by whoever wants the figures
(``bench``): ``with timings.stage("dp"): ...`` adds the block's ``perf_counter`` seconds."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Timings:
    """Seconds spent in each named stage, summed over every time it ran."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@contextlib.contextmanager
def stage(timings: Timings | None, name: str) -> Iterator[None]:
    """``timings.stage(name)``, or nothing when no recorder was passed."""
    if timings is None:
        yield
    else:
        with timings.stage(name):
            yield
