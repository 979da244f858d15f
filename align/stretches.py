"""Unaligned stretches: runs of consecutive sentences of one side that no bead pairs with the
other side (one-sided beads, or sentences a paraphrase alignment left unlinked), and the lines
``align`` and ``run`` print about them.

Sentence ids are zero-based in the data; the texts a translator reads number sentences from 1
(with ``--split lines``, sentence k is the k-th non-blank line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from align.beads import Alignment, Lang

Side = Literal["src", "tgt"]
LANG_NAMES: dict[Lang, str] = {"zh": "Chinese", "en": "English"}
#: How many stretches the summary names, longest first.
SHOWN = 3


@dataclass(frozen=True, slots=True)
class Stretch:
    """Sentences ``start .. end - 1`` (zero-based) of ``side`` have no counterpart."""

    side: Side
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def _runs(unaligned: Sequence[bool], side: Side) -> list[Stretch]:
    """The maximal runs of True in ``unaligned`` (one flag a sentence) as stretches."""
    runs: list[Stretch] = []
    start = None
    for k, flag in enumerate((*unaligned, False)):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append(Stretch(side, start, k))
            start = None
    return runs


def unaligned_stretches(alignment: Alignment) -> list[Stretch]:
    """Every stretch of either side, source ones first, each side in document order. A sentence
    is unaligned when no bead with both sides holds it."""
    paired = [b for b in alignment.beads if b.src and b.tgt]
    src = {i for b in paired for i in b.src}
    tgt = {j for b in paired for j in b.tgt}
    return _runs([i not in src for i in range(len(alignment.src))], "src") + _runs(
        [j not in tgt for j in range(len(alignment.tgt))], "tgt"
    )


def describe(stretch: Stretch, alignment: Alignment) -> str:
    """``English sentences 71–200: no Chinese counterpart (130 sentences)`` (numbered from 1)."""
    own, other = alignment.src_lang, alignment.tgt_lang
    if stretch.side == "tgt":
        own, other = other, own
    span = (
        f"sentence {stretch.start + 1}"
        if len(stretch) == 1
        else f"sentences {stretch.start + 1}\u2013{stretch.end}"
    )
    count = "1 sentence" if len(stretch) == 1 else f"{len(stretch)} sentences"
    return f"{LANG_NAMES[own]} {span}: no {LANG_NAMES[other]} counterpart ({count})"


def unaligned_summary(alignment: Alignment, shown: int = SHOWN) -> list[str]:
    """Lines for stderr: how many sentences of each side are unaligned and the ``shown``
    longest stretches (longest first, then in document order); nothing when all are aligned."""
    stretches = unaligned_stretches(alignment)
    if not stretches:
        return []
    counts = []
    for side, lang, n in (
        ("src", alignment.src_lang, len(alignment.src)),
        ("tgt", alignment.tgt_lang, len(alignment.tgt)),
    ):
        left = sum(len(s) for s in stretches if s.side == side)
        counts.append(f"{left} of {n} {LANG_NAMES[lang]}")
    longest = sorted(stretches, key=lambda s: -len(s))[:shown]
    head = f"unaligned: {' and '.join(counts)} sentences; longest stretches (numbered from 1):"
    return [head, *(f"  {describe(s, alignment)}" for s in longest)]
