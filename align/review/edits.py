"""The editor's state and its structural edits: pure functions from one ``State`` to the next.

A ``State`` is an alignment, a status per bead and the bead boundaries a translator asserted.
A status is ``""`` (unreviewed), ``"confirmed"`` (a translator said the bead is right) or
``"edited"`` (a translator built it: merged two beads, split one, took a sentence out on its
own). Confirmed and edited beads are *fixed*: re-alignment keeps them as they are.

An edit fixes only what the translator asserted:

- merge and split fix the beads they make; ``c`` confirms a bead (an edited one too) and
  ``unconfirm`` takes any fixed bead back to unreviewed;
- moving a sentence to the neighbouring bead asserts the new boundary between the two beads
  (a *cut*), not their whole content: re-alignment never crosses a cut but may re-split the
  beads on either side of it; a fixed bead that loses or gains a sentence becomes edited, and
  a bead that receives the only sentence of its neighbour is edited (that is a merge);
- marking a sentence unaligned fixes the one-sided bead it gets; the bead it left keeps its
  status (a fixed one becomes edited).

A cut ``(a, b)`` is a boundary after which every source id of the monotonic beads is at
least ``a`` and every target id at least ``b`` (``boundaries``). Crossing beads (``Bead.
crossing``, made by ``align.review.links``) are always confirmed and sit in the bead list at
their source position; the other beads take the remaining ids in order. Every edit keeps every
sentence in exactly one bead. A bad edit raises ``EditError`` and changes nothing. Bead
numbers in messages count from 1, as the page shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from align.beads import Alignment, Bead

Status = Literal["", "confirmed", "edited"]
Side = Literal["src", "tgt"]
Direction = Literal["prev", "next"]
Cut = tuple[int, int]


class EditError(ValueError):
    """An edit that does not apply to the current beads (the message says why)."""


@dataclass(frozen=True, slots=True)
class State:
    """An alignment, a status per bead, the asserted cuts, and the paragraph of each
    sentence of each side (``blocks``; ``None``: every sentence its own paragraph)."""

    alignment: Alignment
    status: tuple[Status, ...]
    cuts: frozenset[Cut] = frozenset()
    blocks: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    @property
    def fixed(self) -> list[bool]:
        """Which beads re-alignment keeps: the confirmed and the edited ones."""
        return [s != "" for s in self.status]


def bead_at(state: State, k: int) -> Bead:
    if not 0 <= k < len(state.alignment.beads):
        raise EditError(f"no bead {k + 1}; there are {len(state.alignment.beads)}")
    return state.alignment.beads[k]


def boundaries(beads: Sequence[Bead]) -> list[Cut]:
    """The cell after each bead (len(beads),): one past the largest source and target id of
    the monotonic beads up to it (crossing beads move nothing)."""
    out, a, b = [], 0, 0
    for bead in beads:
        if not bead.crossing:
            a = max([a, *(i + 1 for i in bead.src)])
            b = max([b, *(j + 1 for j in bead.tgt)])
        out.append((a, b))
    return out


def pruned(state: State) -> State:
    """``state`` keeping only the cuts that are still bead boundaries."""
    cells = set(boundaries(state.alignment.beads))
    return replace(state, cuts=frozenset(c for c in state.cuts if c in cells))


def replaced(
    state: State, start: int, stop: int, beads: Sequence[Bead], status: Sequence[Status]
) -> State:
    """``state`` with beads ``start:stop`` replaced by ``beads`` (and their statuses)."""
    old = state.alignment.beads
    return State(
        replace(state.alignment, beads=(*old[:start], *beads, *old[stop:])),
        (*state.status[:start], *status, *state.status[stop:]),
        state.cuts,
        state.blocks,
    )


def side_of(bead: Bead, side: Side) -> tuple[int, ...]:
    return bead.src if side == "src" else bead.tgt


def with_side(bead: Bead, side: Side, ids: tuple[int, ...]) -> Bead:
    return replace(bead, src=ids) if side == "src" else replace(bead, tgt=ids)


def _monotonic(state: State, k: int, what: str) -> Bead:
    bead = bead_at(state, k)
    if bead.crossing:
        raise EditError(f"bead {k + 1} is a crossing link: unlink it before you {what} it")
    return bead


def _touched(status: Status) -> Status:
    """A bead's status after a translator changed its content: fixed beads become edited."""
    return "edited" if status else ""


def set_confirmed(state: State, k: int, confirmed: bool) -> State:
    """Confirm bead ``k`` (an edited bead too: it becomes confirmed), or take it back to
    unreviewed (``confirmed=False``) whether it was confirmed or edited."""
    bead = bead_at(state, k)
    if confirmed and state.status[k] == "confirmed":
        raise EditError(f"bead {k + 1} is already confirmed")
    if not confirmed and not state.status[k]:
        raise EditError(f"bead {k + 1} is not confirmed")
    if not confirmed and bead.crossing:
        raise EditError(f"bead {k + 1} is a crossing link: unlink it instead")
    return replaced(state, k, k + 1, [bead], ["confirmed" if confirmed else ""])


def confirm_all(state: State, ks: Iterable[int]) -> State:
    """Confirm the unreviewed beads among ``ks`` (one edit: one undo step)."""
    todo = sorted({k for k in ks if 0 <= k < len(state.status) and not state.status[k]})
    if not todo:
        raise EditError("no unreviewed bead there to confirm")
    status = list(state.status)
    for k in todo:
        status[k] = "confirmed"
    return replace(state, status=tuple(status))


def confirm_range(state: State, first: int, last: int) -> State:
    """Confirm every unreviewed bead from ``first`` to ``last`` (inclusive)."""
    bead_at(state, first)
    bead_at(state, last)
    return confirm_all(state, range(min(first, last), max(first, last) + 1))


def confirm_above(state: State, score: float) -> State:
    """Confirm every unreviewed bead scoring at least ``score``."""
    if not 0.0 <= score <= 1.0:
        raise EditError(f"a score is between 0 and 1, not {score}")
    beads = state.alignment.beads
    return confirm_all(state, (k for k, b in enumerate(beads) if b.score >= score))


def merge(state: State, k: int) -> State:
    """Bead ``k`` and the next one as one (edited) bead."""
    a = _monotonic(state, k, "merge")
    if k + 1 >= len(state.alignment.beads):
        raise EditError(f"bead {k + 1} is the last one: nothing to merge it with")
    b = _monotonic(state, k + 1, "merge")
    return pruned(
        replaced(state, k, k + 2, [Bead(a.src + b.src, a.tgt + b.tgt, a.score)], ["edited"])
    )


def split(state: State, k: int, src_cut: int, tgt_cut: int) -> State:
    """Bead ``k`` as two edited beads: its first ``src_cut`` source and ``tgt_cut`` target
    sentences, then the rest. Neither part may be empty on both sides."""
    bead = _monotonic(state, k, "split")
    if not (0 <= src_cut <= len(bead.src) and 0 <= tgt_cut <= len(bead.tgt)):
        raise EditError(
            f"bead {k + 1} has {bead.kind} sentences: cannot cut at {src_cut}, {tgt_cut}"
        )
    first = Bead(bead.src[:src_cut], bead.tgt[:tgt_cut], bead.score)
    second = Bead(bead.src[src_cut:], bead.tgt[tgt_cut:], bead.score)
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise EditError(f"splitting bead {k + 1} at {src_cut}, {tgt_cut} leaves an empty bead")
    return replaced(state, k, k + 1, [first, second], ["edited", "edited"])


def move(state: State, k: int, side: Side, direction: Direction) -> State:
    """Move the boundary sentence of bead ``k`` on ``side`` to the neighbouring bead: its
    first sentence to the previous bead, or its last to the next; the new boundary between
    the two is a cut. A bead left with no sentence disappears (the other is then edited)."""
    bead = _monotonic(state, k, "move a sentence of")
    ids = side_of(bead, side)
    other = k - 1 if direction == "prev" else k + 1
    if not ids:
        raise EditError(f"bead {k + 1} has no {side} sentence to move")
    if not 0 <= other < len(state.alignment.beads):
        raise EditError(f"bead {k + 1} has no {'previous' if direction == 'prev' else 'next'} bead")
    neighbour = _monotonic(state, other, "move a sentence into")
    near = side_of(neighbour, side)
    if direction == "prev":
        moved, kept = with_side(neighbour, side, near + ids[:1]), with_side(bead, side, ids[1:])
        pair, flags = [moved, kept], [state.status[other], state.status[k]]
    else:
        moved, kept = with_side(neighbour, side, ids[-1:] + near), with_side(bead, side, ids[:-1])
        pair, flags = [kept, moved], [state.status[k], state.status[other]]
    start = min(k, other)
    if not (kept.src or kept.tgt):  # the only sentence went over: a merge
        return pruned(replaced(state, start, start + 2, [moved], ["edited"]))
    result = replaced(state, start, start + 2, pair, [_touched(s) for s in flags])
    cut = boundaries(result.alignment.beads)[start]
    return pruned(replace(result, cuts=result.cuts | {cut}))


def unalign(state: State, k: int, side: Side, sentence: int) -> State:
    """Take ``sentence`` (the first or last of bead ``k`` on ``side``) out into an edited
    bead of its own with nothing on the other side: a deletion (source) or an insertion
    (target). The bead it leaves keeps its status (a fixed one becomes edited)."""
    bead = _monotonic(state, k, "take a sentence out of")
    ids = side_of(bead, side)
    if sentence not in ids:
        raise EditError(f"{_name(side)} sentence {sentence + 1} is not in bead {k + 1}")
    if len(ids) + len(side_of(bead, "tgt" if side == "src" else "src")) == 1:
        raise EditError(f"{_name(side)} sentence {sentence + 1} is already unaligned")
    if sentence not in (ids[0], ids[-1]):
        raise EditError(
            f"{_name(side)} sentence {sentence + 1} is inside bead {k + 1}: split the bead "
            "first, then mark it unaligned"
        )
    alone = with_side(Bead((), (), bead.score), side, (sentence,))
    rest = with_side(bead, side, tuple(i for i in ids if i != sentence))
    pair = [alone, rest] if sentence == ids[0] else [rest, alone]
    flags: list[Status] = ["edited", _touched(state.status[k])]
    return pruned(replaced(state, k, k + 1, pair, flags if sentence == ids[0] else flags[::-1]))


def _name(side: Side) -> str:
    return "source" if side == "src" else "target"


def flagged(state: State) -> Alignment:
    """The alignment to save: confirmed and edited beads score 1.0."""
    beads = tuple(
        replace(b, score=1.0) if s else b
        for b, s in zip(state.alignment.beads, state.status, strict=True)
    )
    return replace(state.alignment, beads=beads)
