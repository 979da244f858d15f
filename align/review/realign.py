"""Constrained re-alignment: the DP again, with every confirmed bead fixed.

Confirmed beads cut a monotonic alignment into gaps: the sentences between two consecutive
confirmed beads (or a document end). Each gap is aligned on its own, as a sub-document, by
``align.aligner.align_sentences`` on the two slices, and its bead ids are shifted back. The
best path through the whole document that keeps every confirmed bead is the concatenation of
the best path of each gap, since a monotonic path cannot cross a confirmed bead.

A ``Realigner`` keeps two in-memory caches for a session: sentence and window vectors by text
(``MemoEncoder``, in front of the on-disk cache) and each gap's beads by its texts, so after
one edit only the gaps it touched are aligned again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from align.aligner import Progress, align_sentences
from align.beads import Alignment, Bead, Lang
from align.compose import composer_of
from align.encoders import Encoder
from align.pipeline import blas_threads
from align.pooled import MemoComposer


@dataclass(frozen=True, slots=True)
class Gap:
    """Sentences ``src[src_lo:src_hi]`` and ``tgt[tgt_lo:tgt_hi]`` between confirmed beads."""

    src_lo: int
    src_hi: int
    tgt_lo: int
    tgt_hi: int


class MemoEncoder:
    """``encoder`` with an in-memory cache by text, for vectors and pooled states
    (``composer``): a warm re-alignment encodes nothing."""

    def __init__(self, encoder: Encoder) -> None:
        self.inner = encoder
        self.name = encoder.name
        self._vectors: dict[str, np.ndarray] = {}
        inner = composer_of(encoder)
        self.composer = None if inner is None else MemoComposer(inner, {})

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32 rows, as the wrapped encoder returns them."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, row in zip(missing, self.inner.encode(missing), strict=True):
                self._vectors[text] = row
        if not texts:
            return self.inner.encode([])
        return np.stack([self._vectors[t] for t in texts])


def gaps(beads: Sequence[Bead], confirmed: Sequence[bool], n_src: int, n_tgt: int) -> list[Gap]:
    """The spans between consecutive confirmed beads of a monotonic bead list, in order
    (empty spans included, so a gap sits before, between and after the confirmed beads)."""
    out: list[Gap] = []
    gap_src = gap_tgt = 0  # where the current gap starts
    src_at = tgt_at = 0  # sentences of each side in the beads so far
    for bead, fixed in zip(beads, confirmed, strict=True):
        if fixed:
            out.append(Gap(gap_src, src_at, gap_tgt, tgt_at))
            gap_src, gap_tgt = src_at + len(bead.src), tgt_at + len(bead.tgt)
        src_at, tgt_at = src_at + len(bead.src), tgt_at + len(bead.tgt)
    out.append(Gap(gap_src, n_src, gap_tgt, n_tgt))
    return out


def shift(beads: Sequence[Bead], di: int, dj: int) -> list[Bead]:
    """Beads with every source id moved by ``di`` and every target id by ``dj``."""
    return [
        Bead(tuple(i + di for i in b.src), tuple(j + dj for j in b.tgt), b.score) for b in beads
    ]


class Realigner:
    """Re-aligns documents around confirmed beads, caching vectors and gap results."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = MemoEncoder(encoder)
        self._gaps: dict[tuple[tuple[str, ...], tuple[str, ...], Lang, Lang], list[Bead]] = {}
        self.aligned = 0  # gaps aligned by the DP (not served from the cache), for the bench

    def align_gap(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        langs: tuple[Lang, Lang],
        progress: Progress | None = None,
    ) -> list[Bead]:
        """The best beads for one gap, ids from 0 (cached by the gap's texts)."""
        key = (tuple(src), tuple(tgt), *langs)
        if key not in self._gaps:
            self.aligned += 1
            # One BLAS thread, as for `glossalign align`: the products are small, and on busy
            # cores a second OpenBLAS thread made each one ~100x slower.
            with blas_threads():
                self._gaps[key] = align_sentences(
                    list(src), list(tgt), self.encoder, src_lang=langs[0], tgt_lang=langs[1],
                    progress=progress,
                )  # fmt: skip
        return self._gaps[key]

    def realign(
        self, alignment: Alignment, confirmed: Sequence[bool]
    ) -> tuple[Alignment, list[bool]]:
        """``alignment`` with every unconfirmed bead replaced by the best path between the
        confirmed ones, and which beads of the result are confirmed (the same ones)."""
        beads: list[Bead] = []
        fixed: list[bool] = []
        kept = [b for b, c in zip(alignment.beads, confirmed, strict=True) if c]
        spans = gaps(alignment.beads, confirmed, len(alignment.src), len(alignment.tgt))
        langs = (alignment.src_lang, alignment.tgt_lang)
        for k, gap in enumerate(spans):
            src = alignment.src[gap.src_lo : gap.src_hi]
            tgt = alignment.tgt[gap.tgt_lo : gap.tgt_hi]
            found = shift(self.align_gap(src, tgt, langs), gap.src_lo, gap.tgt_lo)
            beads += found
            fixed += [False] * len(found)
            if k < len(kept):
                beads.append(kept[k])
                fixed.append(True)
        return replace(alignment, beads=tuple(beads)), fixed  # the sides' tags kept
