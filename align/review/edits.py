"""The editor's state and its edits: pure functions from one ``State`` to the next.

A ``State`` is a monotonic alignment and a status per bead: ``""`` (unreviewed),
``"confirmed"`` (a translator said it is right) or ``"edited"`` (a translator changed it:
merged, split, moved a sentence, marked one unaligned, or edited its English). Confirmed and
edited beads are the constraints of ``realign``; every edit keeps the beads monotonic and
every sentence in exactly one bead. A bad edit raises ``EditError`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from align.beads import Alignment, Bead

Status = Literal["", "confirmed", "edited"]
Side = Literal["src", "tgt"]
Direction = Literal["prev", "next"]


class EditError(ValueError):
    """An edit that does not apply to the current beads (the message says why)."""


@dataclass(frozen=True, slots=True)
class State:
    alignment: Alignment
    status: tuple[Status, ...]

    @property
    def fixed(self) -> list[bool]:
        """Which beads re-alignment keeps: the confirmed and the edited ones."""
        return [s != "" for s in self.status]


def _bead(state: State, k: int) -> Bead:
    if not 0 <= k < len(state.alignment.beads):
        raise EditError(f"no bead {k}; there are {len(state.alignment.beads)}")
    return state.alignment.beads[k]


def _with(
    state: State, start: int, stop: int, beads: Sequence[Bead], status: Sequence[Status]
) -> State:
    """``state`` with beads ``start:stop`` replaced by ``beads`` (and their statuses)."""
    old = state.alignment.beads
    return State(
        replace(state.alignment, beads=(*old[:start], *beads, *old[stop:])),
        (*state.status[:start], *status, *state.status[stop:]),
    )


def _side(bead: Bead, side: Side) -> tuple[int, ...]:
    return bead.src if side == "src" else bead.tgt


def _set_side(bead: Bead, side: Side, ids: tuple[int, ...]) -> Bead:
    return Bead(ids, bead.tgt, bead.score) if side == "src" else Bead(bead.src, ids, bead.score)


def set_confirmed(state: State, k: int, confirmed: bool) -> State:
    """Confirm bead ``k`` (it becomes a constraint) or take the confirmation back."""
    bead = _bead(state, k)
    if confirmed == (state.status[k] != ""):
        raise EditError(f"bead {k} is already {'confirmed' if confirmed else 'unconfirmed'}")
    return _with(state, k, k + 1, [bead], ["confirmed" if confirmed else ""])


def merge(state: State, k: int) -> State:
    """Bead ``k`` and the next one as one bead."""
    a = _bead(state, k)
    if k + 1 >= len(state.alignment.beads):
        raise EditError(f"bead {k} is the last one: nothing to merge it with")
    b = state.alignment.beads[k + 1]
    return _with(state, k, k + 2, [Bead(a.src + b.src, a.tgt + b.tgt, a.score)], ["edited"])


def split(state: State, k: int, src_cut: int, tgt_cut: int) -> State:
    """Bead ``k`` as two: its first ``src_cut`` source and ``tgt_cut`` target sentences, then
    the rest. Neither part may be empty on both sides."""
    bead = _bead(state, k)
    if not (0 <= src_cut <= len(bead.src) and 0 <= tgt_cut <= len(bead.tgt)):
        raise EditError(f"bead {k} has {bead.kind} sentences: cannot cut at {src_cut}, {tgt_cut}")
    first = Bead(bead.src[:src_cut], bead.tgt[:tgt_cut], bead.score)
    second = Bead(bead.src[src_cut:], bead.tgt[tgt_cut:], bead.score)
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise EditError(f"splitting bead {k} at {src_cut}, {tgt_cut} leaves an empty bead")
    return _with(state, k, k + 1, [first, second], ["edited", "edited"])


def move(state: State, k: int, side: Side, direction: Direction) -> State:
    """Move the boundary sentence of bead ``k`` on ``side`` to the neighbouring bead: its
    first sentence to the previous bead, or its last to the next. A bead left with no
    sentence on either side disappears."""
    bead = _bead(state, k)
    ids = _side(bead, side)
    other = k - 1 if direction == "prev" else k + 1
    if not ids:
        raise EditError(f"bead {k} has no {side} sentence to move")
    if not 0 <= other < len(state.alignment.beads):
        raise EditError(f"bead {k} has no {'previous' if direction == 'prev' else 'next'} bead")
    neighbour = state.alignment.beads[other]
    near = _side(neighbour, side)
    if direction == "prev":
        moved, kept = _set_side(neighbour, side, near + ids[:1]), _set_side(bead, side, ids[1:])
        pair = [moved, kept]
    else:
        moved, kept = _set_side(neighbour, side, ids[-1:] + near), _set_side(bead, side, ids[:-1])
        pair = [kept, moved]
    beads = [b for b in pair if b.src or b.tgt]
    start = min(k, other)
    return _with(state, start, start + 2, beads, ["edited"] * len(beads))


def unalign(state: State, k: int, side: Side, sentence: int) -> State:
    """Take ``sentence`` (the first or last of bead ``k`` on ``side``) out into a bead of its
    own with nothing on the other side: a deletion (source) or an insertion (target)."""
    bead = _bead(state, k)
    ids = _side(bead, side)
    if sentence not in ids:
        raise EditError(f"{side} sentence {sentence} is not in bead {k}")
    if len(ids) + len(_side(bead, "tgt" if side == "src" else "src")) == 1:
        raise EditError(f"{side} sentence {sentence} is already unaligned")
    if sentence not in (ids[0], ids[-1]):
        raise EditError(
            f"{side} sentence {sentence} is inside bead {k}: split the bead first, "
            "then mark it unaligned"
        )
    alone = _set_side(Bead((), (), bead.score), side, (sentence,))
    rest = _set_side(bead, side, tuple(i for i in ids if i != sentence))
    pair = [alone, rest] if sentence == ids[0] else [rest, alone]
    return _with(state, k, k + 1, pair, ["edited", "edited"])


def edit_target(state: State, sentence: int, text: str) -> State:
    """The English sentence ``sentence`` replaced by ``text`` (whitespace collapsed); its
    bead becomes edited."""
    tgt = state.alignment.tgt
    text = " ".join(text.split())
    if not 0 <= sentence < len(tgt):
        raise EditError(f"no target sentence {sentence}; there are {len(tgt)}")
    if not text:
        raise EditError("a sentence cannot be empty; mark it unaligned instead")
    k = next(k for k, b in enumerate(state.alignment.beads) if sentence in b.tgt)
    new_tgt = (*tgt[:sentence], text, *tgt[sentence + 1 :])
    alignment = replace(state.alignment, tgt=new_tgt)
    return _with(State(alignment, state.status), k, k + 1, [alignment.beads[k]], ["edited"])


def flagged(state: State) -> Alignment:
    """The alignment to save: confirmed and edited beads score 1.0."""
    beads = tuple(
        Bead(b.src, b.tgt, 1.0) if s else b
        for b, s in zip(state.alignment.beads, state.status, strict=True)
    )
    return replace(state.alignment, beads=beads)
