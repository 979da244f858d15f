"""One review session: the edit history with undo/redo, the background re-alignment, the
glossary findings and ignores, the term candidates, and the files it reads and writes.

Every change is saved at once to the session file (``<stem>.review.json``, atomic, see
``align.review.sessionfile``) and the session is restored from it on start when it belongs to
the same documents, so a crash or a closed tab loses nothing.

The page sends each change with the version it was made on and an id (``submit``). A change
made on the current version applies. One made on the version just before an automatic
re-alignment (the page had not seen its result yet) takes that result back, applies, and
re-aligns again after it: an edit is never refused because a re-alignment finished. A change
whose id was already applied (the page resends after a restart) is not applied twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from align.beads import Alignment
from align.errors import InputError
from align.io import atomic_write_text
from align.review import sessionfile
from align.review.edits import EditError, State, pruned
from align.review.ignores import apply_ignores, ignore_for, read_ignores, write_ignores
from align.review.jobs import Background, Hooks, Step
from align.review.ops import arguments
from align.review.outputs import write_outputs
from align.review.realign import Realigner
from align.review.resegment import neighbourhood
from align.review.terms import Terms
from glossary.checks import Finding, check_alignment
from glossary.model import Glossary

T = TypeVar("T")
_COUNTED = (("", "unreviewed"), ("confirmed", "confirmed"), ("edited", "edited"))


class Stale(Exception):
    """A change made on a version of the session that is no longer the current one."""


@dataclass(frozen=True, slots=True)
class Paths:
    """Where a session writes: outputs next to ``stem``, the session file, the ignore list,
    and the glossary that accepted terms are added to."""

    stem: Path
    ignore: Path
    glossary: Path | None

    @property
    def session(self) -> Path:
        return self.stem.with_name(self.stem.name + ".review.json")


class Session:
    """The state of one editor; methods raise ``EditError`` on an edit that does not apply.
    ``blocks``: the paragraph of each sentence of each side, as read (None: unknown)."""

    def __init__(
        self,
        alignment: Alignment,
        paths: Paths,
        realigner: Realigner | None = None,
        glossary: Glossary | None = None,
        blocks: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
    ) -> None:
        if alignment.mode != "monotonic":
            raise InputError("review edits monotonic alignments only (not --mode paraphrase)")
        self.paths, self.realigner, self.base = paths, realigner, alignment
        self.history = [State(alignment, tuple("" for _ in alignment.beads), blocks=blocks)]
        self.at = self.version = 0
        self.lock = threading.RLock()
        self.applied: list[str] = []
        self.server: tuple[int, str] | None = None
        self.auto: tuple[int, int] | None = None  # (version re-aligned from, version it made)
        self.terms = Terms(glossary, paths.glossary, paths.stem, alignment)
        self.ignores = read_ignores(paths.ignore)
        self._findings: tuple[int, list[Finding]] | None = None
        self.foreign = False  # a session file of other documents is there (and will be replaced)
        self.restored = self._restore()
        hooks = Hooks(self.lock, lambda: (self.version, self.state), self._compute, self._put)
        self.background = Background(hooks)

    # --- state and history ---------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.history[self.at]

    def _push(self, state: State) -> None:
        del self.history[self.at + 1 :]
        self.history.append(state)
        self.at += 1
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self.auto = None
        self._write_session()

    def undo(self) -> None:
        if self.at == 0:
            raise EditError("nothing to undo")
        self.at -= 1
        self._changed()

    def redo(self) -> None:
        if self.at + 1 >= len(self.history):
            raise EditError("nothing to redo")
        self.at += 1
        self._changed()

    def submit(self, version: Any, request: Any, work: Callable[[], T]) -> T | None:
        """Run ``work`` (a change the page made on ``version``, with the id ``request``)
        under the session's lock; see the module docstring. ``Stale`` when the page's
        version is out of date in any other way; None when ``request`` was applied before."""
        with self.lock:
            if isinstance(request, str) and request in self.applied:
                return None
            rerun = False
            if version != self.version:
                if self.auto is None or self.auto != (version, self.version):
                    raise Stale
                del self.history[self.at :]
                self.at -= 1
                self._changed()
                rerun = True
            result = work()
            if isinstance(request, str) and request:
                self.applied = [*self.applied[-sessionfile.MAX_APPLIED + 1 :], request]
                self._write_session()
            if rerun:
                self.background.start()
            return result

    def edit(self, op: str, args: Mapping[str, Any]) -> None:
        """Apply one named edit (``align.review.ops.OPS``, or undo, redo, realign)."""
        with self.lock:
            if op == "undo":
                return self.undo()
            if op == "redo":
                return self.redo()
            if op == "realign":
                return self._push(self._compute(self.state, lambda done, total: None))
            spec, values = arguments(op, args)
            state = spec.func(self.state, *values)
            if spec.resegments:
                state = self._around(state, values[0], values[1])
            self._push(state)

    def _compute(self, state: State, step: Step) -> State:
        """Every unfixed bead of ``state`` re-aligned between the fixed ones and the cuts."""
        return self._realigned(state, state.fixed, step)

    def _realigned(self, state: State, fixed: list[bool], step: Step) -> State:
        if self.realigner is None:
            raise EditError("no encoder: re-alignment is not available in this session")
        alignment, kept = self.realigner.realign(state.alignment, fixed, state.cuts, step)
        status = tuple(state.status[k] if k is not None else "" for k in kept)
        return pruned(replace(state, alignment=alignment, status=status))

    def _around(self, state: State, side: Any, sentence: Any) -> State:
        """``state`` with the unfixed beads around ``sentence`` of ``side`` aligned again."""
        if self.realigner is None:
            return state
        around = neighbourhood(state, side, sentence)
        fixed = [bool(s) or k not in around for k, s in enumerate(state.status)]
        return self._realigned(state, fixed, lambda done, total: None)

    def _put(self, state: State, version: int) -> None:
        self._push(state)
        self.auto = (version, self.version)

    def counts(self) -> dict[str, int]:
        status = self.state.status
        return {name: sum(1 for x in status if x == s) for s, name in _COUNTED}

    # --- glossary ------------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """The glossary's findings on the current beads, ignores included."""
        if self._findings is None or self._findings[0] != self.version:
            terms = self.terms
            found = check_alignment(self.state.alignment, terms.glossary, terms.matcher)
            self._findings = (self.version, found)
        return self._findings[1]

    def findings(self) -> list[Finding]:
        """The findings that are not ignored."""
        return apply_ignores(self.all_findings(), self.state.alignment, self.ignores)

    def ignore(self, index: int, reason: str) -> None:
        """Ignore the shown finding ``index`` with a reason, in the project's ignore file."""
        shown = self.findings()
        if not 0 <= index < len(shown):
            raise EditError(f"no finding {index + 1}; there are {len(shown)}")
        if not reason.strip():
            raise EditError("give a reason to ignore a finding")
        self.ignores = (*self.ignores, ignore_for(shown[index], self.state.alignment, reason))
        write_ignores(self.paths.ignore, self.ignores)
        self._changed_aside()

    def decide_term(self, source: str, target: str | None) -> None:
        """Accept the candidate ``source`` rendered as ``target`` into the glossary file, or
        reject it when ``target`` is None (``align.review.terms``)."""
        self.terms.decide(source, target)
        self._findings = None
        self._changed_aside()

    def _changed_aside(self) -> None:
        """A change outside the edit history (ignores, terms): a new version, kept on disk."""
        self.version += 1
        self.auto = None
        self._write_session()

    # --- files ---------------------------------------------------------------------------

    def save(self) -> list[Path]:
        return write_outputs(self.state, self.base, self.paths.stem)

    @property
    def server_file(self) -> Path:
        """The file that keeps the server's port and token: the session file."""
        return self.paths.session

    def remember_server(self, port: int, token: str) -> None:
        """Keep the port and token in the session file, for a restart to answer the page."""
        self.server = (port, token)
        if not self.foreign:
            self._write_session()

    def _write_session(self) -> None:
        text = sessionfile.record(
            self.state, self.base, self.terms.decided, self.version, tuple(self.applied),
            self.server,
        )  # fmt: skip
        atomic_write_text(self.paths.session, text)
        self.foreign = False

    def _restore(self) -> bool:
        """Take up the session file's state when it belongs to these documents."""
        path = self.paths.session
        if not path.exists():
            return False
        data = sessionfile.belongs(path, self.base)
        if data is None:
            self.foreign = True
            return False
        saved = sessionfile.restore(path, self.history[0], data)
        self.history, self.at, self.version = [saved.state], 0, saved.revision
        self.terms.decided, self.applied, self.server = (
            saved.terms,
            list(saved.applied),
            saved.server,
        )
        return True
