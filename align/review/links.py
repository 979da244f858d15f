"""Links a translator draws between two sentences, in order or not (a swapped footnote, a
moved paragraph).

``link`` takes a source and a target sentence out of their beads and makes them one bead.
When that bead fits between the others in order it is an ordinary edited bead; otherwise it
is a *crossing* bead (``Bead.crossing``), always confirmed, listed at its source position,
and the other beads take the remaining ids in order around it. Re-alignment never changes a
crossing bead (``align.review.realign``). ``unlink`` gives its sentences back as one-sided
beads at their places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from align.beads import Bead
from align.review.edits import EditError, State, Status, bead_at, pruned

Placed = list[tuple[Bead, Status]]
T = TypeVar("T")


def by_source(
    backbone: Sequence[tuple[Bead, T]], crossing: Sequence[tuple[Bead, T]]
) -> list[tuple[Bead, T]]:
    """The monotonic beads in order with each crossing bead before the first bead holding a
    later source sentence (its source position); each bead with what goes with it."""
    out: list[tuple[Bead, T]] = []
    pending = sorted(crossing, key=lambda c: c[0].src[0])
    for bead, status in backbone:
        while pending and bead.src and bead.src[0] > pending[0][0].src[0]:
            out.append(pending.pop(0))
        out.append((bead, status))
    return out + pending


def _state(state: State, placed: Placed) -> State:
    alignment = replace(state.alignment, beads=tuple(b for b, _ in placed))
    return pruned(replace(state, alignment=alignment, status=tuple(s for _, s in placed)))


def _split_off(placed: Placed) -> tuple[Placed, Placed]:
    return [p for p in placed if not p[0].crossing], [p for p in placed if p[0].crossing]


def _fits(backbone: Sequence[Bead], i: int, j: int) -> int | None:
    """Where bead ``[i]:[j]`` goes among the monotonic ``backbone`` in order, or None."""
    n = len(backbone)
    # after[p]: the smallest ids from bead p on; every bead before p must stay below (i, j).
    after = [(10**18, 10**18)] * (n + 1)
    for p in range(n - 1, -1, -1):
        b = backbone[p]
        after[p] = (min([after[p + 1][0], *b.src]), min([after[p + 1][1], *b.tgt]))
    low_src = low_tgt = -1
    for p in range(n + 1):
        if low_src < i < after[p][0] and low_tgt < j < after[p][1]:
            return p
        if p < n:
            low_src = max([low_src, *backbone[p].src])
            low_tgt = max([low_tgt, *backbone[p].tgt])
    return None


def _without(placed: Placed, side: int, sentence: int) -> Placed:
    """``placed`` with ``sentence`` taken out of its bead (first or last of its side)."""
    out: Placed = []
    for k, (bead, status) in enumerate(placed):
        ids = (bead.src, bead.tgt)[side]
        if sentence not in ids:
            out.append((bead, status))
            continue
        name = ("source", "target")[side]
        if bead.crossing:
            raise EditError(
                f"{name} sentence {sentence + 1} is in a crossing link: unlink it first"
            )
        if sentence not in (ids[0], ids[-1]):
            raise EditError(
                f"{name} sentence {sentence + 1} is inside bead {k + 1}: split the bead first"
            )
        rest = tuple(x for x in ids if x != sentence)
        bead = Bead(rest, bead.tgt, bead.score) if side == 0 else Bead(bead.src, rest, bead.score)
        if bead.src or bead.tgt:
            out.append((bead, "edited" if status else ""))
    return out


def link(state: State, i: int, j: int) -> State:
    """Source sentence ``i`` and target sentence ``j`` as one bead of their own (each must be
    the first or last of its bead); a crossing bead when it does not fit in order."""
    alignment = state.alignment
    if not (0 <= i < len(alignment.src) and 0 <= j < len(alignment.tgt)):
        raise EditError(f"no source sentence {i + 1} or no target sentence {j + 1}")
    placed = list(zip(alignment.beads, state.status, strict=True))
    if any(b.src == (i,) and b.tgt == (j,) for b, _ in placed):
        raise EditError(f"source sentence {i + 1} and target sentence {j + 1} are linked already")
    backbone, crossing = _split_off(_without(_without(placed, 0, i), 1, j))
    at = _fits([b for b, _ in backbone], i, j)
    if at is not None:
        backbone.insert(at, (Bead((i,), (j,), 1.0), "edited"))
    else:
        crossing.append((Bead((i,), (j,), 1.0, crossing=True), "confirmed"))
    return _state(state, by_source(backbone, crossing))


def unlink(state: State, k: int) -> State:
    """Crossing bead ``k``'s sentences back at their places: as unreviewed one-sided beads, or
    inside a bead merged around them meanwhile (``_given_back``)."""
    bead = bead_at(state, k)
    if not bead.crossing:
        raise EditError(f"bead {k + 1} is not a crossing link")
    placed = list(zip(state.alignment.beads, state.status, strict=True))
    backbone, crossing = _split_off(placed[:k] + placed[k + 1 :])
    for side, ids in ((0, bead.src), (1, bead.tgt)):
        for x in ids:
            backbone = _given_back(backbone, side, x, bead.score)
    return _state(state, by_source(backbone, crossing))


def _given_back(backbone: Placed, side: int, x: int, score: float) -> Placed:
    """``backbone`` with sentence ``x`` of ``side`` back in place: inside the bead whose ids
    surround it (a bead merged while ``x`` was linked elsewhere), else a one-sided bead."""
    for p, (b, _) in enumerate(backbone):
        ids = (b.src, b.tgt)[side]
        if ids and ids[0] < x < ids[-1]:
            ids = tuple(sorted((*ids, x)))
            grown = Bead(ids, b.tgt, b.score) if side == 0 else Bead(b.src, ids, b.score)
            return [*backbone[:p], (grown, "edited"), *backbone[p + 1 :]]
    at = next(
        (p for p, (b, _) in enumerate(backbone) if (b.src, b.tgt)[side][:1] > (x,)),
        len(backbone),
    )
    alone = Bead((x,), (), score) if side == 0 else Bead((), (x,), score)
    return [*backbone[:at], (alone, ""), *backbone[at:]]
