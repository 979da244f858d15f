"""One review session: the edit history with undo/redo, the glossary findings and ignores,
the term candidates, and the files it reads and writes.

Every change is saved at once to the session file (``<stem>.review.json``, atomic) and the
session is restored from it on start when it belongs to the same documents, so a crash or a
closed tab loses nothing. ``save`` writes the outputs (``align.review.outputs``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align.beads import Alignment, Bead
from align.errors import InputError
from align.io import atomic_write_text, read_text
from align.review import edits
from align.review.edits import EditError, State, Status
from align.review.ignores import apply_ignores, ignore_for, read_ignores, write_ignores
from align.review.outputs import write_outputs
from align.review.realign import Realigner
from glossary.checks import Finding, check_alignment
from glossary.extract import Proposal, extract_terms
from glossary.io import glossary_format, read_glossary, write_glossary
from glossary.matching import TermMatcher
from glossary.model import Glossary, default_case

SESSION_VERSION = 1
_STATUSES: tuple[Status, ...] = ("", "confirmed", "edited")


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
    """The state of one editor; methods raise ``EditError`` on an edit that does not apply."""

    def __init__(
        self,
        alignment: Alignment,
        paths: Paths,
        realigner: Realigner | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        if alignment.mode != "monotonic":
            raise InputError("review edits monotonic alignments only (not --mode paraphrase)")
        self.paths, self.realigner = paths, realigner
        self.original_tgt = alignment.tgt
        self.history = [State(alignment, tuple("" for _ in alignment.beads))]
        self.at = 0
        self.version = 0
        self.glossary = glossary if glossary is not None else Glossary()
        self.matcher = TermMatcher(self.glossary)
        self.ignores = read_ignores(paths.ignore)
        self.decided: dict[str, str] = {}  # term source -> "accepted" | "rejected"
        self._findings: tuple[int, list[Finding]] | None = None
        self._proposals: list[Proposal] | None = None
        self.foreign = False  # a session file of other documents is there (and will be replaced)
        self.restored = self._restore()

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
        self._findings = None
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

    def edit(self, op: str, args: Mapping[str, Any]) -> None:
        """Apply one named edit (see ``OPS``) with its arguments from the page."""
        if op == "undo":
            return self.undo()
        if op == "redo":
            return self.redo()
        if op == "realign":
            return self._push(self.realigned())
        if op not in OPS:
            raise EditError(f"unknown edit {op!r}")
        func, kinds = OPS[op]
        try:
            values = [kind(args[name]) for name, kind in kinds.items()]
        except (KeyError, TypeError, ValueError):
            raise EditError(f"{op} needs {', '.join(kinds)}") from None
        self._push(func(self.state, *values))

    def realigned(self) -> State:
        """Every unconfirmed, unedited bead re-aligned between the fixed ones."""
        if self.realigner is None:
            raise EditError("no encoder: re-alignment is not available in this session")
        state = self.state
        alignment, fixed = self.realigner.realign(state.alignment, state.fixed)
        fixed_status = iter(s for s in state.status if s)
        return State(alignment, tuple(next(fixed_status) if f else "" for f in fixed))

    def counts(self) -> dict[str, int]:
        status = self.state.status
        return {s or "unreviewed": sum(1 for x in status if x == s) for s in _STATUSES}

    # --- glossary ------------------------------------------------------------------------

    def all_findings(self) -> list[Finding]:
        """The glossary's findings on the current beads, ignores included."""
        if self._findings is None or self._findings[0] != self.version:
            found = check_alignment(self.state.alignment, self.glossary, self.matcher)
            self._findings = (self.version, found)
        return self._findings[1]

    def findings(self) -> list[Finding]:
        """The findings that are not ignored."""
        return apply_ignores(self.all_findings(), self.state.alignment, self.ignores)

    def ignore(self, index: int, reason: str) -> None:
        """Ignore the shown finding ``index`` with a reason, in the project's ignore file."""
        shown = self.findings()
        if not 0 <= index < len(shown):
            raise EditError(f"no finding {index}; there are {len(shown)}")
        if not reason.strip():
            raise EditError("give a reason to ignore a finding")
        self.ignores = (*self.ignores, ignore_for(shown[index], self.state.alignment, reason))
        write_ignores(self.paths.ignore, self.ignores)
        self.version += 1

    def proposals(self) -> list[Proposal]:
        """Term candidates (``glossary extract``) not yet accepted or rejected."""
        if self._proposals is None:
            self._proposals = extract_terms(self.history[0].alignment, self.glossary)
        return [p for p in self._proposals if p.source not in self.decided]

    def decide_term(self, source: str, target: str | None) -> None:
        """Accept the candidate ``source`` rendered as ``target`` into the glossary file
        (``status=admitted``), or reject it when ``target`` is None."""
        proposal = next((p for p in self.proposals() if p.source == source), None)
        if proposal is None:
            raise EditError(f"no open term candidate {source!r}")
        if target is not None:
            self._add_entry(proposal, " ".join(target.split()))
        self.decided[source] = "rejected" if target is None else "accepted"
        self._changed()

    def _add_entry(self, proposal: Proposal, target: str) -> None:
        if not target:
            raise EditError("give the English rendering of the term")
        path = self.paths.glossary or self.paths.stem.with_name(self.paths.stem.name + ".terms.csv")
        current = read_glossary(path) if path.exists() else Glossary()
        entry = replace(
            proposal.entry(), target=target, case=default_case(target), status="admitted"
        )
        self.glossary = Glossary((*current.entries, entry))
        fmt = glossary_format(path)
        if fmt == "xlsx":  # never rewrite a spreadsheet: accepted terms go to a CSV beside it
            path, fmt = path.with_suffix(".accepted.csv"), "csv"
        write_glossary(self.glossary, path, fmt)
        self.matcher = TermMatcher(self.glossary)

    # --- files ---------------------------------------------------------------------------

    def save(self) -> list[Path]:
        return write_outputs(self.state, self.original_tgt, self.paths.stem)

    def _write_session(self) -> None:
        state = self.state
        record = {
            "version": SESSION_VERSION,
            "src": list(state.alignment.src),
            "original_tgt": list(self.original_tgt),
            "tgt": list(state.alignment.tgt),
            "beads": [
                [list(b.src), list(b.tgt), b.score, s]
                for b, s in zip(state.alignment.beads, state.status, strict=True)
            ],
            "terms": self.decided,
        }
        atomic_write_text(self.paths.session, json.dumps(record, ensure_ascii=False) + "\n")

    def _restore(self) -> bool:
        """Take up the session file's state when it belongs to these documents."""
        path = self.paths.session
        if not path.exists():
            return False
        try:
            record = json.loads(read_text(path))
            base = self.history[0].alignment
            if record["src"] != list(base.src) or record["original_tgt"] != list(base.tgt):
                self.foreign = True
                return False
            beads = tuple(Bead(tuple(s), tuple(t), float(p)) for s, t, p, _ in record["beads"])
            status = tuple(_STATUSES[_STATUSES.index(x)] for *_, x in record["beads"])
            decided = {str(k): str(v) for k, v in record["terms"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(
                f"{path}: not a review session file; move it away to start afresh"
            ) from None
        alignment = replace(self.history[0].alignment, tgt=tuple(record["tgt"]), beads=beads)
        self.history, self.at, self.decided = [State(alignment, status)], 0, decided
        return True


def _side(value: Any) -> edits.Side:
    if value not in ("src", "tgt"):
        raise ValueError(value)
    return value


def _direction(value: Any) -> edits.Direction:
    if value not in ("prev", "next"):
        raise ValueError(value)
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


#: Edits by name: the function and its arguments (name -> converter), in order.
OPS: dict[str, tuple[Callable[..., State], dict[str, Callable[[Any], Any]]]] = {
    "confirm": (lambda s, k: edits.set_confirmed(s, k, True), {"bead": _int}),
    "unconfirm": (lambda s, k: edits.set_confirmed(s, k, False), {"bead": _int}),
    "merge": (edits.merge, {"bead": _int}),
    "split": (edits.split, {"bead": _int, "src_cut": _int, "tgt_cut": _int}),
    "move": (edits.move, {"bead": _int, "side": _side, "direction": _direction}),
    "unalign": (edits.unalign, {"bead": _int, "side": _side, "sentence": _int}),
    "edit": (edits.edit_target, {"sentence": _int, "text": _str}),
}
