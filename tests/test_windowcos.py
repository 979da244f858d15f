"""align.windowcos: the window and clause cosines near a band are the dot products they stand
for, wherever they are asked for, and the features never ask outside what is computed."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_aligner import synthetic
from test_dp import drifting_band

from align import windowcos
from align.aligner import AlignConfig, build_context
from align.clauses import Clauses
from align.progress import no_progress
from align.scoring import default_model, gains_for_band
from align.windowcos import WindowCos


def _windows(rng: np.random.Generator, n: int, k_max: int) -> tuple[np.ndarray, ...]:
    sizes = [max(n - k + 1, 0) for k in range(1, k_max + 1)]
    return tuple(rng.normal(size=(size, 8)).astype(np.float32) for size in sizes)


def _clauses(rng: np.random.Generator, n: int) -> Clauses:
    count = rng.integers(1, 4, n)
    start = np.cumsum(count) - count
    rows = int(count.sum())
    prefix, suffix = (rng.normal(size=(rows, 8)).astype(np.float32) for _ in range(2))
    return Clauses(start, count, prefix, suffix)


def _close(got: np.ndarray, left: np.ndarray, right: np.ndarray) -> bool:
    return np.allclose(got, np.einsum("rd,rwd->rw", left, right), atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(st.integers(6, 60), st.integers(6, 60), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_every_pair_asked_is_the_dot_product_near_the_band_or_not(
    n: int, m: int, width: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    k_max = 3
    src, tgt = _windows(rng, n, k_max), _windows(rng, m, k_max)
    cl_src, cl_tgt = _clauses(rng, n), _clauses(rng, m)
    band = drifting_band(rng, n, m, width)
    lo_row = int(rng.integers(0, n + 1))
    rows = np.arange(lo_row, min(lo_row + int(rng.integers(1, 20)), n + 1))
    wc = WindowCos(src, tgt, band, rows, (cl_src, cl_tgt))
    r, w = len(rows), 7
    for ka in range(1, k_max + 1):
        for kb in range(1, k_max + 1):
            # near the rows, as the features ask, and anywhere (computed on their own)
            near = np.clip(band.lo[rows][:, None] + np.arange(w) - kb, 0, m - kb)
            anywhere = rng.integers(0, m - kb + 1, (r, w))
            s = np.clip(rows - ka, 0, n - ka)
            for u in (near, anywhere):
                assert _close(wc(ka, s, kb, u), src[ka - 1][s], tgt[kb - 1][u])
        c = cl_src.rows(np.clip(rows - 1, 0, n - 1), int(rng.integers(0, 3)))
        u = rng.integers(0, m - ka + 1, (r, w))
        for part in ("prefix", "suffix"):
            left = getattr(cl_src, part)[c]
            assert _close(wc.src_part(part, c, ka, u), left, tgt[ka - 1][u])
            ct = rng.integers(0, len(cl_tgt.prefix), (r, w))
            s = np.clip(rows - ka, 0, n - ka)
            right = getattr(cl_tgt, part)[ct]
            assert _close(wc.tgt_part(ka, s, part, ct), src[ka - 1][s], right)


@pytest.fixture
def misses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the pairs a ``WindowCos`` computes on their own (outside its products)."""
    counted: list[int] = []
    gather = windowcos.Near.gather

    def counting(self: windowcos.Near, product: np.ndarray, *args: np.ndarray) -> np.ndarray:
        _, _, i, j = args
        row = i - self.first
        rc = np.clip(row, 0, max(len(product) - 1, 0))
        t = j - self.base[rc][:, None]
        ok = ((row >= 0) & (row < len(product)))[:, None] & (t >= 0) & (t < self.width)
        counted.append(int((~ok).sum()))
        return gather(self, product, *args)

    monkeypatch.setattr(windowcos.Near, "gather", counting)
    yield counted


@pytest.mark.parametrize("full_cells", [0, 40_000])  # in a band, and the whole grid
def test_the_features_ask_only_for_pairs_near_the_band(misses: list[int], full_cells: int) -> None:
    shapes = [(1, 1), (1, 2), (2, 1), (0, 1), (1, 3), (1, 0), (3, 1), (2, 2)] * 8
    src, tgt, enc = synthetic(shapes, 5)
    config = AlignConfig(lexical=False, band=4, full_cells=full_cells)
    ctx, band = build_context(src, tgt, enc, None, config, "zh", "en", no_progress)
    assert ctx.src_clauses is not None and band.width < band.m  # clauses cut, rows banded
    gains_for_band(ctx, band, default_model(), chunk_cells=band.width * 7)  # several chunks
    assert len(misses) > 1000 and sum(misses) == 0
