"""Re-alignment in the background, so that the page stays editable while it runs.

``Background`` runs one re-alignment at a time in a thread. It reads the state and its
version, aligns (a second or more on a long document), and puts the result in as one undo step
only if nothing changed meanwhile. An edit made while it runs is applied at once (the page
never waits nor loses it); the re-alignment then gives up at its next run of sentences
(``Cancelled``) and starts again from the edited state, so it ends on the state the
translator left. ``progress`` tells the page how far it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from align.review.edits import State
from align.review.realign import Cancelled

Step = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Hooks:
    """What the job needs of a session: its lock, its (version, state), the re-alignment of
    a state, and how to put a result in (for the version it started from)."""

    lock: threading.RLock
    current: Callable[[], tuple[int, State]]
    compute: Callable[[State, Step], State]
    put: Callable[[State, int], None]


class Background:
    def __init__(self, hooks: Hooks) -> None:
        self.hooks = hooks
        self.active = False  # a thread runs _run (set and cleared under the lock)
        self.wanted = False
        self.done = self.total = 0
        self.started = self.finished = 0.0
        self.error = ""

    def start(self) -> None:
        """Re-align (again, if one runs: it restarts from the state as it is now)."""
        with self.hooks.lock:
            self.wanted, self.error = True, ""
            if self.active:
                return
            self.active = True
            self.started, self.finished, self.done, self.total = time.monotonic(), 0.0, 0, 0
            threading.Thread(target=self._run, name="realign", daemon=True).start()

    def progress(self) -> dict[str, Any]:
        return {
            "running": self.active,
            "done": self.done,
            "total": self.total,
            "seconds": round((self.finished or time.monotonic()) - self.started, 2)
            if self.started
            else 0.0,
            "error": self.error,
        }

    def _run(self) -> None:
        hooks = self.hooks
        while True:
            with hooks.lock:
                if not self.wanted:
                    self.active, self.finished = False, time.monotonic()
                    return
                self.wanted = False
                version, state = hooks.current()

            def step(done: int, total: int, version: int = version) -> None:
                self.done, self.total = done, total
                if self.wanted or hooks.current()[0] != version:
                    raise Cancelled

            try:
                result = hooks.compute(state, step)
            except Cancelled:
                self.wanted = True
                continue
            except Exception as exc:  # shown on the page; the session is unchanged
                with hooks.lock:
                    self.error, self.wanted, self.active = (
                        f"re-alignment failed: {exc}",
                        False,
                        False,
                    )
                return
            with hooks.lock:
                if self.wanted or hooks.current()[0] != version:
                    self.wanted = True
                    continue
                hooks.put(result, version)
