"""Cosines of source windows against target windows near a band: each product of two window
sizes computed once for a chunk of band rows, then gathered.

A bead's features compare many windows: its own two (``cos``), each member sentence against
the other side's window (``min_member``), the two parts of every split (``split_cos``), a
skipped sentence against the sentences near it (``skip_local``). For a chunk of band rows all
of them are entries of a few products ``src_win[ka-1] @ tgt_win[kb-1].T`` near the band, at
most one for each pair of window sizes ``(ka, kb)``; each feature computing its own took 357
matrix products for the 184-sentence seeds letter, ~20 of them distinct.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from align.clauses import Clauses
from align.dp import Band

#: How far (in band rows) the features look around a bead's end row: ``_skip_local``'s reach.
SKIP_REACH = 3


def pair_cos(a: np.ndarray, b: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``a`` (r, d) rows against ``b[idx]`` for ``idx`` (r, w) -> (r, w) dot products.

    In a band the columns drift with the rows, so the rows go in blocks whose columns span
    a few widths: small matrix products instead of gathering an (r, w, d) copy of ``b``.
    """
    r, w = idx.shape
    out = np.empty(idx.shape, np.float32)
    if idx.size == 0:
        return out
    step = r if r * w <= 4096 else w
    for s in range(0, r, step):
        block = idx[s : s + step]
        lo, hi = int(block.min()), int(block.max()) + 1
        if hi - lo <= 8 * w:
            out[s : s + step] = np.take_along_axis(a[s : s + step] @ b[lo:hi].T, block - lo, 1)
        else:
            out[s : s + step] = np.einsum("rd,rwd->rw", a[s : s + step], b[block])
    return out


@dataclass(frozen=True, slots=True)
class Near:
    """Where the rows of one family of vectors meet another's near the band: row ``first + k``
    meets the other's rows ``base[k] + t``, ``t < width``."""

    first: int
    base: np.ndarray
    width: int

    def product(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """(S, width): ``left``'s rows ``first ..`` (as many as it has, at most ``len(base)``)
        against ``right``'s rows near each."""
        rows = left[self.first : self.first + len(self.base)]
        idx = np.minimum(self.base[: len(rows), None] + np.arange(self.width), len(right) - 1)
        return pair_cos(rows, right, idx)

    def gather(
        self, product: np.ndarray, left: np.ndarray, right: np.ndarray, i: np.ndarray,
        j: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        """``left[i]`` (r,) against ``right[j]`` (r, w): (r, w), from ``product`` where it
        holds the pair, else computed."""
        row = i - self.first
        rc = np.clip(row, 0, max(len(product) - 1, 0))
        t = j - self.base[rc][:, None] if len(product) else j
        hit = ((row >= 0) & (row < len(product)))[:, None] & (t >= 0) & (t < self.width)
        if hit.all():
            return product[rc[:, None], t]
        out = np.empty(j.shape, np.float32)
        out[hit] = product[np.broadcast_to(rc[:, None], j.shape)[hit], t[hit]]
        rr, cc = np.nonzero(~hit)
        out[rr, cc] = np.einsum("kd,kd->k", left[i[rr]], right[j[rr, cc]])
        return out


Part = Literal["prefix", "suffix"]


class WindowCos:
    """Dot products of the source windows starting at ``starts`` (a range of sentences) with
    the target windows starting near the band rows around them, for every pair of window sizes
    asked for, each product computed on first use; likewise the source sentences' clause parts
    (``align.clauses``) with target windows, and source windows with the target's parts.

    Source start ``s`` meets the target starts ``base[s - starts[0]] + t``, ``t < width``: the
    band rows ``s - SKIP_REACH + 1 .. s + k_max`` reach them (a bead of up to ``k_max``
    sentences a side ending there, a skipped sentence near it). Any other pair asked for is
    computed on its own."""

    def __init__(
        self, src_win: tuple[np.ndarray, ...], tgt_win: tuple[np.ndarray, ...], band: Band,
        rows: np.ndarray, clauses: tuple[Clauses | None, Clauses | None] = (None, None),
    ) -> None:  # fmt: skip
        k_max, n, m = len(src_win), band.n, band.m
        self.src_win, self.tgt_win, self.clauses = src_win, tgt_win, clauses
        first = max(int(rows.min()) - k_max, 0) if rows.size else 0
        starts = np.arange(
            first, max(min(int(rows.max()) + SKIP_REACH, n), first) if rows.size else 0
        )
        near_lo = band.lo[np.clip(starts - SKIP_REACH + 1, 0, n)]  # lo is non-decreasing
        near_hi = band.lo[np.clip(starts + k_max, 0, n)]
        base = np.maximum(near_lo - max(k_max, SKIP_REACH), 0)
        top = np.maximum(np.minimum(near_hi + band.width + SKIP_REACH, m), base)
        self.windows = Near(first, base, int((top - base).max(initial=0)))
        self.src_parts = _parts_near(clauses[0], starts, self.windows)
        self.tgt_parts = _parts_of_near(clauses[1], self.windows, top)
        self._products: dict[tuple[object, ...], np.ndarray] = {}

    def _get(
        self, key: tuple[object, ...], near: Near, left: np.ndarray, right: np.ndarray,
        i: np.ndarray, j: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        product = self._products.get(key)
        if product is None:
            product = self._products[key] = near.product(left, right)
        return near.gather(product, left, right, i, j)

    def __call__(self, ka: int, s: np.ndarray, kb: int, u: np.ndarray) -> np.ndarray:
        """Source windows of ``ka`` sentences starting at ``s`` (r,) against target windows of
        ``kb`` sentences starting at ``u`` (r, w): (r, w)."""
        left, right = self.src_win[ka - 1], self.tgt_win[kb - 1]
        return self._get(("win", ka, kb), self.windows, left, right, s, u)

    def src_part(self, part: Part, c: np.ndarray, kb: int, u: np.ndarray) -> np.ndarray:
        """The source clause parts (rows ``c`` (r,) of ``part``) against target windows of
        ``kb`` sentences starting at ``u`` (r, w): (r, w)."""
        cl = self.clauses[0]
        assert cl is not None and self.src_parts is not None
        left, right = getattr(cl, part), self.tgt_win[kb - 1]
        return self._get(("src", part, kb), self.src_parts, left, right, c, u)

    def tgt_part(self, ka: int, s: np.ndarray, part: Part, c: np.ndarray) -> np.ndarray:
        """Source windows of ``ka`` sentences starting at ``s`` (r,) against the target clause
        parts (rows ``c`` (r, w) of ``part``): (r, w)."""
        cl = self.clauses[1]
        assert cl is not None and self.tgt_parts is not None
        left, right = self.src_win[ka - 1], getattr(cl, part)
        return self._get(("tgt", ka, part), self.tgt_parts, left, right, s, c)


def _parts_near(cl: Clauses | None, starts: np.ndarray, windows: Near) -> Near | None:
    """Where the source clause parts of the sentences at ``starts`` meet target windows: as
    their sentences do."""
    if cl is None or not starts.size:
        return None
    first = int(cl.start[starts[0]])
    last = int(cl.start[starts[-1]] + cl.count[starts[-1]])
    owner = np.repeat(np.arange(len(cl.count)), cl.count)[first:last]
    return Near(first, windows.base[owner - windows.first], windows.width)


def _parts_of_near(cl: Clauses | None, windows: Near, top: np.ndarray) -> Near | None:
    """Where source windows meet the target clause parts: the parts of the target sentences
    ``base .. top - 1`` each meets as windows."""
    if cl is None or not len(cl.count) or not len(windows.base):
        return None
    base = cl.start[np.minimum(windows.base, len(cl.count) - 1)]
    last = np.maximum(top - 1, windows.base)
    last = np.minimum(last, len(cl.count) - 1)
    end = cl.start[last] + cl.count[last]
    return Near(windows.first, base, int((end - base).max(initial=0)))
