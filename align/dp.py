"""Monotonic bead search: sparse anchors (pass 1), then dynamic programming in a band (pass 2).

Cells are sentence boundaries ``(i, j)``: ``i`` source and ``j`` target sentences consumed. A bead
of shape ``(a, b)`` ends at ``(i, j)`` and covers source ``i-a .. i-1`` and target ``j-b .. j-1``.
Row ``i`` of a band holds the cells ``j = lo[i] + t`` for ``t`` in ``0 .. width-1``, so memory and
time grow with ``(n + m) * width``, not ``n * m``.

Besides beads, a path may *jump* from a cell ``(i1, j1)`` to any later cell ``(i2, j2)``: source
``i1 .. i2-1`` and target ``j1 .. j2-1`` are left unaligned (``Gaps``). A jump may leave the band
and land anywhere in it, or on the end ``(n, m)`` even outside it, so text with no counterpart
(at the start, the end or in the middle, on either side) costs what its sentences cost, whatever
the band, and every search has a path. A jump is never followed by another jump or by an
insertion bead in its row, so that each alignment has one reading: the forward and backward
passes below keep two states a cell, arrived by a bead (``X``) or by a jump (``J``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

BeadShape = tuple[int, int]
Step = tuple[BeadShape, int, int]

# Every (a, b) with a + b <= 6 (3-3 too), insertions, deletions: 99.7% of mac-dev gold beads.
SHAPES: tuple[BeadShape, ...] = (
    (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2),
    (1, 5), (5, 1), (2, 4), (4, 2), (3, 3), (0, 1), (1, 0),
)  # fmt: skip

NEG = -1e9  # "impossible" gain: finite, so sums never produce nan
# Gain of opening a jump when no gap model is given: a path always exists, and any path of
# beads beats one that jumps.
FALLBACK_OPEN = -1e6


@dataclass(frozen=True, slots=True)
class Band:
    """Searchable cells: row ``i`` (0..n) covers target boundaries ``lo[i] .. lo[i]+width-1``.

    ``lo`` is non-decreasing with ``lo[0] == 0`` (the start is always inside)."""

    lo: np.ndarray  # (n+1,) int64
    width: int
    n: int
    m: int

    def cols(self, i: int) -> np.ndarray:
        """Target boundaries of row ``i``: (width,)."""
        return self.lo[i] + np.arange(self.width)


@dataclass(frozen=True, slots=True)
class Gaps:
    """The gain of leaving text unaligned by a jump: ``open`` once a jump, plus ``src[i]`` for
    each source sentence ``i`` (n,) and ``tgt[j]`` for each target sentence ``j`` (m,) skipped."""

    open: float
    src: np.ndarray
    tgt: np.ndarray

    def scaled(self, factor: float) -> Gaps:
        return Gaps(self.open * factor, self.src * factor, self.tgt * factor)


def uniform_gaps(n: int, m: int, open_gain: float, src: float, tgt: float) -> Gaps:
    """The same gain for every skipped source (``src``) and target (``tgt``) sentence."""
    return Gaps(open_gain, np.full(n, src), np.full(m, tgt))


def full_band(n: int, m: int) -> Band:
    """The whole ``(n+1) x (m+1)`` grid: exact search for small documents."""
    return Band(np.zeros(n + 1, np.int64), m + 1, n, m)


def _inside(band: Band) -> np.ndarray:
    """Which band cells are real target boundaries (``j <= m``): (n+1, width) bool."""
    return band.lo[:, None] + np.arange(band.width) <= band.m


def _insertion_steps(insertion: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The gain of the insertion reaching each band cell from the one before it in its row
    (n+1, width), ``NEG`` where there is none (a run of insertions cannot pass there)."""
    return np.where(inside & (insertion > NEG / 2), insertion, NEG)


def _run_scan(row: np.ndarray, step: np.ndarray, op: Literal["max", "lse", "back"]) -> np.ndarray:
    """Extend ``row`` (width,) by runs of insertions along it, with ``step`` from
    ``_insertion_steps``: the best (``max``) or log-sum-exp (``lse``) over the cells a run
    starts from, or (``back``) over the cells a run from each cell ends at. Runs never cross an
    impossible step, so the cumulative sums stay exact."""
    out = row.copy()
    cuts = [0, *(np.flatnonzero(step[1:] <= NEG / 2) + 1).tolist(), len(row)]
    for lo, hi in itertools.pairwise(cuts):
        if hi - lo < 2:
            continue
        c = np.concatenate([[0.0], np.cumsum(step[lo + 1 : hi])])
        seg = row[lo:hi]
        if op == "max":
            out[lo:hi] = np.maximum.accumulate(seg - c) + c
        elif op == "lse":
            out[lo:hi] = np.logaddexp.accumulate(seg - c) + c
        else:
            out[lo:hi] = np.logaddexp.accumulate((seg + c)[::-1])[::-1] - c
    return out


class _FromRow:
    """Where row ``i``'s target boundaries shifted by ``db`` fall in row ``k`` of the band: the
    column indices (width,) and whether each lies inside row ``k`` (width,) bool. They depend
    on ``lo[i] + db - lo[k]`` alone, so each offset is computed once (the DP asks ~100 times a
    row)."""

    def __init__(self, band: Band) -> None:
        self.lo, self.width = band.lo.tolist(), band.width
        self._found: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, i: int, k: int, db: int) -> tuple[np.ndarray, np.ndarray]:
        offset = self.lo[i] + db - self.lo[k]
        found = self._found.get(offset)
        if found is None:
            pt = np.arange(self.width) + offset
            ok = (pt >= 0) & (pt < self.width)
            pt = np.clip(pt, 0, self.width - 1)
            pt.flags.writeable = ok.flags.writeable = False  # shared by every row asking
            found = self._found[offset] = (pt, ok)
        return found


def _gap_sums(gaps: Gaps | None, n: int, m: int) -> tuple[Gaps, np.ndarray, np.ndarray]:
    """The gaps (the fallback if none) and their prefix sums over source (n+1,) and target
    (m+1,): a jump from (i1, j1) to (i2, j2) gains ``open + cs[i2] - cs[i1] + ct[j2] - ct[j1]``."""
    if gaps is None:
        gaps = Gaps(FALLBACK_OPEN, np.zeros(n), np.zeros(m))
    cs = np.concatenate([[0.0], np.cumsum(gaps.src, dtype=np.float64)])
    ct = np.concatenate([[0.0], np.cumsum(gaps.tgt, dtype=np.float64)])
    return gaps, cs, ct


def _accumulate(v: np.ndarray, op: Literal["max", "lse"]) -> tuple[np.ndarray, np.ndarray]:
    """Running max (and the position holding it) or log-sum-exp of ``v`` (k,): (k,), (k,)."""
    if op == "lse":
        return np.logaddexp.accumulate(v), np.zeros(len(v), np.int64)
    acc = np.maximum.accumulate(v)
    return acc, np.maximum.accumulate(np.where(v >= acc, np.arange(len(v)), 0))


class _Before:
    """The best (``max``, with the cell holding it) or the log-sum-exp of the values merged so
    far, over the cells at each target boundary ``<= j``. Rows are merged in order; each row
    reaches at least as far right as the one before (``Band.lo`` is non-decreasing)."""

    def __init__(self, m: int, op: Literal["max", "lse"]) -> None:
        self.val = np.full(m + 1, NEG)
        self.row = np.zeros(m + 1, np.int64)
        self.col = np.zeros(m + 1, np.int64)
        self.top = -1  # columns past it hold the value at it: every merged cell is left of them
        self.op = op

    def query(self, lo: int, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Value, row and column at boundaries ``lo .. lo+count-1``: (count,) each."""
        if self.top < 0:
            return np.full(count, NEG), np.zeros(count, np.int64), np.zeros(count, np.int64)
        k = np.minimum(np.arange(lo, lo + count), self.top)
        return self.val[k], self.row[k], self.col[k]

    def merge(self, i: int, lo: int, v: np.ndarray) -> None:
        """Add row ``i``'s values ``v`` at boundaries ``lo .. lo+len(v)-1``."""
        top = lo + len(v) - 1
        if top > self.top:
            if self.top >= 0:
                for arr in (self.val, self.row, self.col):
                    arr[self.top + 1 : top + 1] = arr[self.top]
            self.top = top
        acc, arg = _accumulate(v, self.op)
        seg = slice(lo, top + 1)
        if self.op == "lse":
            self.val[seg] = np.logaddexp(self.val[seg], acc)
            return
        better = acc > self.val[seg]
        self.val[seg] = np.where(better, acc, self.val[seg])
        self.row[seg] = np.where(better, i, self.row[seg])
        self.col[seg] = np.where(better, lo + arg, self.col[seg])


class _After:
    """The log-sum-exp of the values merged so far over the cells at each target boundary
    ``>= j``; rows are merged from the last, each reaching no further right than the one after."""

    def __init__(self, m: int) -> None:
        self.val = np.full(m + 1, NEG)
        self.low = m + 1  # columns before it hold the total: every merged cell is right of them
        self.total = NEG

    def query(self, lo: int, count: int) -> np.ndarray:
        cols = np.arange(lo, lo + count)
        return np.where(cols < self.low, self.total, self.val[np.minimum(cols, len(self.val) - 1)])

    def merge(self, lo: int, v: np.ndarray) -> None:
        if lo < self.low:
            self.val[lo : self.low] = self.total
            self.low = lo
        acc = np.logaddexp.accumulate(v[::-1])[::-1]
        self.val[lo : lo + len(v)] = np.logaddexp(self.val[lo : lo + len(v)], acc)
        self.total = float(np.logaddexp(self.total, acc[0]))


def _row_before(v: np.ndarray, op: Literal["max", "lse"]) -> tuple[np.ndarray, np.ndarray]:
    """For each position of a row, the best (or log-sum-exp) of the positions strictly before
    it and where that is: (k,), (k,)."""
    acc, arg = _accumulate(v, op)
    return np.concatenate([[NEG], acc[:-1]]), np.concatenate([[0], arg[:-1]])


@dataclass(slots=True)
class _Viterbi:
    """Best-path tables (n+1, width): ``x`` the best gain reaching a cell by a bead and ``f``
    by a bead or a jump; ``back`` the bead into ``x``; ``jump`` whether ``f`` jumped there, from
    ``(jr, jc)``."""

    x: np.ndarray
    f: np.ndarray
    back: np.ndarray
    jump: np.ndarray
    jr: np.ndarray
    jc: np.ndarray


def _viterbi(
    gains: Mapping[BeadShape, np.ndarray], band: Band, gaps: Gaps | None
) -> tuple[_Viterbi, tuple[int, int] | None]:
    """Fill the best-path tables; returns them and, when the end ``(n, m)`` lies outside the
    band, the cell the best jump onto it starts from (else None)."""
    n, m, width = band.n, band.m, band.width
    gaps, cs, ct = _gap_sums(gaps, n, m)
    shapes = [s for s in gains if s != (0, 1)]
    shape_ids = {s: k for k, s in enumerate(gains)}
    t = _Viterbi(
        np.full((n + 1, width), NEG), np.full((n + 1, width), NEG),
        np.full((n + 1, width), -1, np.int16), np.zeros((n + 1, width), bool),
        np.zeros((n + 1, width), np.int64), np.zeros((n + 1, width), np.int64),
    )  # fmt: skip
    t.x[0, band.cols(0) == 0] = 0.0
    inside = _inside(band)
    steps = _insertion_steps(gains[0, 1], inside) if (0, 1) in gains else None
    before, from_row = _Before(m, "max"), _FromRow(band)
    for i in range(n + 1):
        row, brow = t.x[i], t.back[i]
        for a, b in shapes:
            if a > i:
                continue
            pt, ok = from_row(i, i - a, -b)
            cand = np.where(ok & inside[i], t.f[i - a, pt] + gains[a, b][i], NEG)
            better = cand > row
            row[better] = cand[better]
            brow[better] = shape_ids[a, b]
        if steps is not None:  # runs of insertions along the row
            shifted = _run_scan(row, steps[i], "max")
            better = shifted > row + 1e-9
            row[better] = shifted[better]
            brow[better] = shape_ids[0, 1]
        lo = int(band.lo[i])
        count = min(width, m - lo + 1)
        c = cs[i] + ct[lo : lo + count]
        v = row[:count] - c
        pv, pr, pc = before.query(lo, count)
        ev, ec = _row_before(v, "max")
        own = ev > pv
        best = np.where(own, ev, pv)
        jv = gaps.open + c + best
        jumped = (jv > row[:count] + 1e-9) & (best > NEG / 2)
        t.f[i] = row
        t.f[i, :count] = np.where(jumped, jv, row[:count])
        t.jump[i, :count] = jumped
        t.jr[i, :count] = np.where(own, i, pr)
        t.jc[i, :count] = np.where(own, lo + ec, pc)
        before.merge(i, lo, v)
    if 0 <= m - int(band.lo[n]) < width:  # jumps onto the end are in its cell already
        return t, None
    _, pr, pc = before.query(m, 1)
    return t, (int(pr[0]), int(pc[0]))


def _jump_steps(i1: int, j1: int, i2: int, j2: int) -> list[Step]:
    """A jump as one-sided steps, last first: insertions along row ``i2``, then deletions
    down column ``j1``."""
    ins = [((0, 1), i2, j) for j in range(j2, j1, -1)]
    return ins + [((1, 0), i, j1) for i in range(i2, i1, -1)]


def best_path(
    gains: Mapping[BeadShape, np.ndarray], band: Band, gaps: Gaps | None = None
) -> list[Step]:
    """Pass 2: the monotonic bead sequence from (0, 0) to (n, m) with the largest total gain.

    ``gains[(a, b)]``: (n+1, width), the gain of the bead of that shape ending at each band cell
    (``NEG`` where impossible); ``gaps``: what a jump gains (``None``: only when nothing else
    gets through). Returns ``[(shape, i_end, j_end), ...]`` in document order; a jump comes out
    as single insertions and deletions, which may lie outside the band. Never fails: a jump from
    (0, 0) to (n, m) is always possible.
    """
    n, m = band.n, band.m
    t, end_jump = _viterbi(gains, band, gaps)
    ordered = list(gains)
    path: list[Step] = []
    i, j, via_bead = n, m, False
    if end_jump is not None:
        path += _jump_steps(end_jump[0], end_jump[1], n, m)
        i, j, via_bead = end_jump[0], end_jump[1], True
    while i > 0 or j > 0:
        tt = j - int(band.lo[i])
        if not via_bead and t.jump[i, tt]:
            i1, j1 = int(t.jr[i, tt]), int(t.jc[i, tt])
            path += _jump_steps(i1, j1, i, j)
            i, j, via_bead = i1, j1, True
            continue
        a, b = ordered[int(t.back[i, tt])]
        path.append(((a, b), i, j))
        i, j, via_bead = i - a, j - b, a == 0
    return path[::-1]


def _forward(
    g: Mapping[BeadShape, np.ndarray], band: Band, gaps: Gaps, cs: np.ndarray, ct: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Log-sum of the paths reaching each cell by a bead (``x``) and by a bead or a jump
    (``f``): (n+1, width) each, and the log-sum of all paths ``log_z``."""
    n, m, width = band.n, band.m, band.width
    shapes = [s for s in g if s != (0, 1)]
    inside = _inside(band)
    steps = _insertion_steps(g[0, 1], inside) if (0, 1) in g else None
    x, f = np.full((n + 1, width), NEG), np.full((n + 1, width), NEG)
    x[0, band.cols(0) == 0] = 0.0
    before, from_row = _Before(m, "lse"), _FromRow(band)
    for i in range(n + 1):
        row = x[i]
        for a, b in shapes:
            if a <= i:
                pt, ok = from_row(i, i - a, -b)
                row[:] = np.logaddexp(row, np.where(ok, f[i - a, pt], NEG) + g[a, b][i])
        if steps is not None:  # runs of insertions along the row
            row[:] = _run_scan(row, steps[i], "lse")
        row[:] = np.where(inside[i], np.maximum(row, NEG), NEG)
        lo = int(band.lo[i])
        count = min(width, m - lo + 1)
        c = cs[i] + ct[lo : lo + count]
        v = row[:count] - c
        jv = gaps.open + c + np.logaddexp(before.query(lo, count)[0], _row_before(v, "lse")[0])
        f[i] = row
        f[i, :count] = np.maximum(np.logaddexp(row[:count], jv), NEG)
        before.merge(i, lo, v)
    tt = m - int(band.lo[n])
    if 0 <= tt < width:
        return x, f, float(f[n, tt])
    return x, f, float(gaps.open + cs[n] + ct[m] + before.query(m, 1)[0][0])


def _backward(
    g: Mapping[BeadShape, np.ndarray], band: Band, gaps: Gaps, cs: np.ndarray, ct: np.ndarray
) -> np.ndarray:
    """Log-sum of the ways on from each cell reached by a bead (the one state beads end in):
    (n+1, width)."""
    n, m, width = band.n, band.m, band.width
    shapes = [s for s in g if s != (0, 1)]
    inside = _inside(band)
    steps = _insertion_steps(g[0, 1], inside) if (0, 1) in g else None
    bx = np.full((n + 1, width), NEG)
    after, from_row = _After(m), _FromRow(band)
    tt = m - int(band.lo[n])
    if not 0 <= tt < width:  # the end lies outside the band: only a jump reaches it
        after.merge(m, np.array([cs[n] + ct[m]]))
    for i in range(n, -1, -1):
        onward = np.full(width, NEG)  # by a bead to a later row, or the end
        if i == n and 0 <= tt < width:
            onward[tt] = 0.0
        for a, b in shapes:
            if i + a <= n:
                pt, ok = from_row(i, i + a, b)
                nxt = bx[i + a, pt] + g[a, b][i + a, pt]
                onward = np.logaddexp(onward, np.where(ok, nxt, NEG))
        onward = np.where(inside[i], np.maximum(onward, NEG), NEG)
        lo = int(band.lo[i])
        count = min(width, m - lo + 1)
        c = cs[i] + ct[lo : lo + count]
        w = onward[:count] + c  # a cell reached by a jump goes on by a bead or ends
        later = np.logaddexp.accumulate(w[::-1])[::-1]
        row_after = np.concatenate([later[1:], [NEG]])
        row = onward.copy()
        row[:count] = np.logaddexp(
            row[:count], gaps.open - c + np.logaddexp(after.query(lo, count), row_after)
        )
        if steps is not None:
            row = _run_scan(row, steps[i], "back")
        bx[i] = np.where(inside[i], np.maximum(row, NEG), NEG)
        after.merge(lo, w)
    return bx


def bead_posteriors(
    gains: Mapping[BeadShape, np.ndarray],
    band: Band,
    temperature: float = 1.0,
    gaps: Gaps | None = None,
) -> dict[BeadShape, np.ndarray]:
    """The probability that each bead lies on the path, when paths through the band (jumps
    included, ``gaps``) are weighted by ``exp(total gain / temperature)``: (n+1, width) per
    shape, 0 where impossible.

    Forward-backward in log space, the sum-product twin of ``best_path``. A bead the DP picks
    narrowly over a rival reading gets a low probability: a better confidence than its own gain.
    """
    n, width = band.n, band.width
    g = {s: np.where(v > NEG / 2, v / temperature, NEG) for s, v in gains.items()}
    gaps, cs, ct = _gap_sums(gaps, n, band.m)
    gaps, cs, ct = gaps.scaled(1 / temperature), cs / temperature, ct / temperature
    x, f, log_z = _forward(g, band, gaps, cs, ct)
    bx = _backward(g, band, gaps, cs, ct)
    inside = _inside(band)
    out = {}
    rows = np.arange(n + 1)
    for (a, b), gv in g.items():
        post = np.zeros((n + 1, width))
        ends = rows[a:]
        pt = band.lo[ends, None] + np.arange(width) - b - band.lo[ends - a, None]
        ok = (pt >= 0) & (pt < width) & inside[a:] & (gv[a:] > NEG / 2)
        origin = x if a == 0 else f  # an insertion never follows a jump
        prev = np.take_along_axis(origin[ends - a], np.clip(pt, 0, width - 1), axis=1)
        log_p = np.minimum(prev + gv[a:] + bx[a:] - log_z, 0.0)
        post[a:] = np.where(ok, np.exp(log_p), 0.0)
        out[a, b] = post
    return out


def unaligned(post: Mapping[BeadShape, np.ndarray], band: Band) -> tuple[np.ndarray, np.ndarray]:
    """The probability that each source (n,) and target (m,) sentence has no counterpart: one
    less the posteriors (``bead_posteriors``) of the beads with both sides that hold it."""
    n, m = band.n, band.m
    cover_s, cover_t = np.zeros(n + 1), np.zeros(m + 1)
    for (a, b), p in post.items():
        if not (a and b):
            continue
        ii, tt = np.nonzero(p > 0)
        jj, w = band.lo[ii] + tt, p[ii, tt]
        np.add.at(cover_s, ii - a, w)
        np.add.at(cover_s, ii, -w)
        np.add.at(cover_t, jj - b, w)
        np.add.at(cover_t, jj, -w)
    return (
        np.clip(1 - np.cumsum(cover_s)[:n], 0.0, 1.0),
        np.clip(1 - np.cumsum(cover_t)[:m], 0.0, 1.0),
    )


def mbr_path(
    gains: Mapping[BeadShape, np.ndarray],
    band: Band,
    temperature: float,
    bead_cost: float,
    gaps: Gaps | None = None,
) -> tuple[list[Step], dict[BeadShape, np.ndarray]]:
    """The path with the most expected right beads less ``bead_cost`` a bead, and the
    posteriors (``bead_posteriors``) it was chosen by.

    Strict F1 counts a right bead and charges every output bead; the cost keeps the path from
    cutting a doubtful region into many small beads that each have some probability. A
    sentence left unaligned, by a one-sided bead or a jump, is right with the probability that
    it has no counterpart (``unaligned``).
    """
    post = bead_posteriors(gains, band, temperature, gaps)
    us, ut = unaligned(post, band)
    gain = {s: np.where(gains[s] > NEG / 2, p - bead_cost, NEG) for s, p in post.items()}
    cols = band.lo[:, None] + np.arange(band.width)
    if (1, 0) in gain:
        rows = np.clip(np.arange(band.n + 1) - 1, 0, max(band.n - 1, 0))
        one = us[rows][:, None] if band.n else np.zeros((1, 1))
        gain[1, 0] = np.where(gains[1, 0] > NEG / 2, one - bead_cost, NEG)
    if (0, 1) in gain and band.m:
        one = ut[np.clip(cols - 1, 0, band.m - 1)]
        gain[0, 1] = np.where(gains[0, 1] > NEG / 2, one - bead_cost, NEG)
    return best_path(gain, band, Gaps(0.0, us - bead_cost, ut - bead_cost)), post
