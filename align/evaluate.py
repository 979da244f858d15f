"""Strict and lax precision, recall and F1 over beads: the Vecalign/Bertalign definition.

Precision is counted over the test beads against the gold: a bead with both sides empty is
dropped; a test bead that is also in the gold is a strict and lax true positive; any other is a
strict false positive, and a lax true positive when its target ids meet the gold targets of one
of its source ids. Recall is the same count with gold and test swapped, after beads with an
empty side (insertions, deletions) are removed from both. Counts are summed over documents
(micro-average); a division by zero gives 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from align.beads import Bead

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Scores:
    p_strict: float
    r_strict: float
    f1_strict: float
    p_lax: float
    r_lax: float
    f1_lax: float


@dataclass(frozen=True, slots=True)
class _Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(
            self.tp_strict + other.tp_strict,
            self.fp_strict + other.fp_strict,
            self.tp_lax + other.tp_lax,
            self.fp_lax + other.fp_lax,
        )


def _precision(gold: Sequence[_Key], test: Sequence[_Key]) -> _Counts:
    gold_set = set(gold)
    # Union over gold beads that hold a source id: equivalent to Vecalign's nested loops.
    gold_tgt_of: dict[int, set[int]] = {}
    for src, tgt in gold:
        for i in src:
            gold_tgt_of.setdefault(i, set()).update(tgt)
    tp_s = fp_s = tp_l = fp_l = 0
    for src, tgt in test:
        if not src and not tgt:
            continue
        if (src, tgt) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        if any(not gold_tgt_of.get(i, set()).isdisjoint(tgt) for i in src):
            tp_l += 1
        else:
            fp_l += 1
    return _Counts(tp_s, fp_s, tp_l, fp_l)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return _div(2 * p * r, p + r)


def score_alignments(pairs: Sequence[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Micro-averaged scores over ``(gold, test)`` bead lists, one pair per document."""
    pc = rc = _Counts()
    for gold, test in pairs:
        g = [(b.src, b.tgt) for b in gold]
        t = [(b.src, b.tgt) for b in test]
        pc += _precision(g, t)
        rc += _precision([x for x in t if x[0] and x[1]], [x for x in g if x[0] and x[1]])
    p_s = _div(pc.tp_strict, pc.tp_strict + pc.fp_strict)
    p_l = _div(pc.tp_lax, pc.tp_lax + pc.fp_lax)
    r_s = _div(rc.tp_strict, rc.tp_strict + rc.fp_strict)
    r_l = _div(rc.tp_lax, rc.tp_lax + rc.fp_lax)
    return Scores(p_s, r_s, _f1(p_s, r_s), p_l, r_l, _f1(p_l, r_l))


def _one_sided(beads: Sequence[Bead]) -> set[tuple[str, int]]:
    """The sentences of the beads with one side empty, as ("src", i) or ("tgt", j)."""
    out = {("src", i) for b in beads if not b.tgt for i in b.src}
    return out | {("tgt", j) for b in beads if not b.src for j in b.tgt}


def one_sided_scores(
    pairs: Sequence[tuple[Sequence[Bead], Sequence[Bead]]],
) -> tuple[float, float, int]:
    """Precision and recall of the sentences left unaligned (in a bead with one side empty),
    micro-averaged over ``(gold, test)`` pairs, and how many gold ones there are."""
    hit = found = total = 0
    for gold, test in pairs:
        g, t = _one_sided(gold), _one_sided(test)
        hit, found, total = hit + len(g & t), found + len(t), total + len(g)
    return _div(hit, found), _div(hit, total), total


def oriented(gold: list[Bead], n_src: int, n_tgt: int) -> list[Bead]:
    """Gold beads as (source ids, target ids) for documents of ``n_src`` and ``n_tgt``
    sentences. Some gold files (the Bible set) list the English ids first: one whose last ids
    match the documents only the other way round is swapped."""

    def ends(beads: list[Bead]) -> tuple[int, int]:
        last_src = max((i for b in beads for i in b.src), default=-1)
        last_tgt = max((j for b in beads for j in b.tgt), default=-1)
        return last_src + 1, last_tgt + 1

    if ends(gold) != (n_src, n_tgt) and ends(gold)[::-1] == (n_src, n_tgt):
        return [Bead(b.tgt, b.src, b.score) for b in gold]
    return gold
