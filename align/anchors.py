"""Pass 1 of the bead search: confident 1-1 anchors, and the bands the DP searches in.

Every sentence's top-k neighbours on the other side are chained into the heaviest monotonic
chain of anchors; the band follows that chain (``anchor_band``), or later the first DP's path
(``path_band``). Bands follow text with no counterpart along a row or down a column rather
than cutting across it diagonally; what they still miss, a jump of the DP crosses
(``align.dp``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.dp import Band, Step


def topk_similar(
    a: np.ndarray, b: np.ndarray, k: int, chunk: int = 2048
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-k cosine neighbours between the rows of ``a`` (n, d) and ``b`` (m, d), both ways.

    Returns ``(idx, sim, sim_b)``: ``idx``, ``sim`` (n, k') the best rows of ``b`` for each row
    of ``a``, best first; ``sim_b`` (m, k'') the best similarities of
    each row of ``b`` to ``a`` (unordered). Blocks of ``chunk`` rows on both sides, so memory
    is ``(n + m) * k + chunk * chunk`` floats, never ``n * m``.
    """
    n, m = len(a), len(b)
    k, kb = min(k, m), min(k, n)
    idx = np.zeros((n, k), np.int64)
    sim = np.zeros((n, k), np.float32)
    best_b = np.full((kb, m), -np.inf, np.float32)
    if k == 0 or kb == 0:
        return idx, sim, best_b.T
    for s in range(0, n, chunk):
        rows = a[s : s + chunk]
        top_v = np.full((len(rows), 0), -np.inf, np.float32)
        top_i = np.zeros((len(rows), 0), np.int64)
        for t in range(0, m, chunk):
            block = rows @ b[t : t + chunk].T  # (rows, cols)
            part = np.argpartition(-block, k - 1, axis=1)[:, :k] if block.shape[1] > k else (
                np.broadcast_to(np.arange(block.shape[1]), block.shape))  # fmt: skip
            cand_v = np.concatenate([top_v, np.take_along_axis(block, part, axis=1)], axis=1)
            cand_i = np.concatenate([top_i, t + part], axis=1)
            keep = np.lexsort((cand_i, -cand_v), axis=1)[:, :k]
            top_v = np.take_along_axis(cand_v, keep, axis=1)
            top_i = np.take_along_axis(cand_i, keep, axis=1)
            both = np.concatenate([best_b[:, t : t + chunk], block], axis=0)
            best_b[:, t : t + chunk] = -np.partition(-both, kb - 1, axis=0)[:kb]
        idx[s : s + chunk], sim[s : s + chunk] = top_i, top_v
    return idx, sim, best_b.T


def anchor_chain(i: np.ndarray, j: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Heaviest chain of points strictly increasing in both ``i`` and ``j`` (weights ``w`` > 0).

    ``i, j, w``: (p,). Returns the indices of the chosen points in chain order. O(p log m) with a
    Fenwick tree of prefix maxima over ``j``.
    """
    if len(i) == 0:
        return np.zeros(0, np.int64)
    size = int(j.max()) + 2
    tree_val = np.zeros(size + 1)
    tree_arg = np.full(size + 1, -1, np.int64)
    best = np.zeros(len(i))
    prev = np.full(len(i), -1, np.int64)
    # Same i: larger j first, so two points of one row never chain.
    order = np.lexsort((-j, i))
    for p in order.tolist():
        q, v, arg = int(j[p]), 0.0, -1  # prefix max over j' < j[p]
        while q > 0:
            if tree_val[q] > v:
                v, arg = tree_val[q], int(tree_arg[q])
            q -= q & -q
        best[p], prev[p] = v + float(w[p]), arg
        q = int(j[p]) + 1
        while q <= size:
            if best[p] > tree_val[q]:
                tree_val[q], tree_arg[q] = best[p], p
            q += q & -q
    chain = []
    p = int(np.argmax(best))
    while p >= 0:
        chain.append(p)
        p = int(prev[p])
    return np.array(chain[::-1], np.int64)


def anchors(idx: np.ndarray, sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Confident 1-1 pairs: each source sentence's top-k targets (``topk_similar``: ``idx``,
    ``sim`` (n, k)) weighted by their margin over its mean top-k similarity, chained
    monotonically. Returns source and target indices (p,), (p,) in document order."""
    margin = sim - sim.mean(axis=1, keepdims=True)
    keep = margin > 0
    ii = np.broadcast_to(np.arange(len(idx))[:, None], idx.shape)[keep]
    jj, ww = idx[keep], margin[keep]
    chain = anchor_chain(ii, jj, ww)
    return ii[chain], jj[chain]


def anchor_band(
    ii: np.ndarray, jj: np.ndarray, n: int, m: int, half_width: int, budget: int = 200_000
) -> Band:
    """Pass 1: a band around the 1-1 anchors ``(ii, jj)`` (``anchors``) for ``n`` source and
    ``m`` target sentences, ``2 * half_width + 1`` cells a row or wider (``_staircase_band``).

    Its centre follows the polyline through (0, 0), each anchor bead's first and last cell and
    (n, m): between anchors far apart on one side only (text with no counterpart) it runs along
    a row or down a column, never diagonally through that text.
    """
    xs = np.concatenate([[0], np.stack([ii, ii + 1], axis=1).ravel(), [n]]).astype(np.float64)
    ys = np.concatenate([[0], np.stack([jj, jj + 1], axis=1).ravel(), [m]]).astype(np.float64)
    rows = np.arange(n + 1, dtype=np.float64)
    first = np.clip(np.searchsorted(xs, rows, "left"), 1, len(xs) - 1)
    last = np.clip(np.searchsorted(xs, rows, "right") - 1, 0, len(xs) - 2)

    def along(k: np.ndarray, other: np.ndarray) -> np.ndarray:
        # y where the segment between points k and other crosses each row (exact at a point)
        span = xs[other] - xs[k]
        t = np.divide(rows - xs[k], span, out=np.zeros_like(rows), where=span != 0)
        return ys[k] + t * (ys[other] - ys[k])

    entry = np.where(xs[first] == rows, ys[first], along(first - 1, first))
    exit_ = np.where(xs[last] == rows, ys[last], along(last, last + 1))
    entry_i = np.floor(np.minimum(entry, exit_)).astype(np.int64)
    exit_i = np.ceil(np.maximum(entry, exit_)).astype(np.int64)
    return _staircase_band(entry_i, exit_i, m, half_width, budget)


def _staircase_band(
    entry: np.ndarray, exit_: np.ndarray, m: int, half_width: int, budget: int
) -> Band:
    """A band whose row ``i`` starts ``half_width`` cells before ``entry[i]`` (n+1,), the
    first cell a path visits in that row, and is wide enough to reach ``exit_[i]``, the last,
    in every row where that fits in ``budget`` cells (a longer run within a row is left to a
    jump, which costs at most the bead at its end)."""
    n = len(entry) - 1
    base = 2 * half_width + 1
    cap = max(4 * base, budget // (n + 1) - base)
    runs = exit_ - entry - half_width
    fits = runs[runs <= cap]
    width = base + int(max(fits.max(initial=0), 0))
    lo = np.clip(entry - half_width, 0, max(0, m - width + 1))
    lo = np.maximum.accumulate(lo)
    lo[0] = 0
    return Band(lo.astype(np.int64), width, n, m)


def path_band(
    steps: Sequence[Step], n: int, m: int, half_width: int, budget: int = 200_000
) -> Band:
    """A band of ``2 * half_width + 1`` cells a row around a path of steps ``(shape, i, j)``,
    wider where the path runs along a row (``_staircase_band``); rows inside a multi-sentence
    bead follow the cell before it."""
    entry = np.full(n + 1, -1, np.int64)
    exit_ = np.zeros(n + 1, np.int64)
    entry[0] = 0
    for _, i, j in steps:
        if entry[i] < 0:
            entry[i] = j
        exit_[i] = j
    for i in range(1, n + 1):
        if entry[i] < 0:
            entry[i] = exit_[i] = exit_[i - 1]
    return _staircase_band(entry, np.maximum(exit_, entry), m, half_width, budget)
