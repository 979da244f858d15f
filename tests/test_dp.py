import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.dp import (
    SHAPES,
    Band,
    anchor_band,
    anchor_chain,
    anchors,
    best_path,
    full_band,
    path_band,
    topk_similar,
)


def _gains_for(path: list[tuple[int, int]], band: Band, rng: np.random.Generator) -> dict:
    """Gain 1 for the beads of ``path`` (shapes in order), at most -0.5 for every other bead."""
    gains = {s: -0.5 - rng.random((band.n + 1, band.width)) for s in SHAPES}
    i = j = 0
    for a, b in path:
        i, j = i + a, j + b
        gains[a, b][i, j - band.lo[i]] = 1.0
    return gains


def test_every_bead_shape_insertions_and_deletions_are_recovered() -> None:
    shapes = [*SHAPES, (0, 1), (0, 1), (1, 0), (1, 1)]
    n, m = sum(a for a, _ in shapes), sum(b for _, b in shapes)
    band = full_band(n, m)
    path = best_path(_gains_for(shapes, band, np.random.default_rng(0)), band)
    assert [shape for shape, _, _ in path] == shapes
    assert path[-1][1:] == (n, m)


def test_banded_search_matches_the_full_grid_when_the_path_is_inside() -> None:
    shapes = [(1, 1), (1, 2), (2, 1), (0, 1), (1, 1), (3, 2), (1, 0), (1, 1)] * 6
    n, m = sum(a for a, _ in shapes), sum(b for _, b in shapes)
    centre = np.round(np.arange(n + 1) * m / n).astype(np.int64)
    band = Band(np.clip(centre - 6, 0, m - 6), 13, n, m)
    path = best_path(_gains_for(shapes, band, np.random.default_rng(1)), band)
    assert [shape for shape, _, _ in path] == shapes


def test_anchor_chain_takes_the_heaviest_monotonic_chain() -> None:
    i = np.array([0, 1, 1, 2, 3, 4])
    j = np.array([0, 5, 1, 2, 1, 3])
    w = np.array([1.0, 1.5, 1.0, 1.0, 5.0, 1.0])
    # (0,0) (3,1) (4,3) weighs 7; (0,0) (1,1) (2,2) (4,3) only 4; (1,5) blocks everything after.
    assert anchor_chain(i, j, w).tolist() == [0, 4, 5]


def test_topk_similar_orders_neighbours_best_first() -> None:
    a = np.eye(3, dtype=np.float32)
    b = np.array([[0.1, 0.9, 0], [0.8, 0.2, 0], [0, 0, 1]], np.float32)
    idx, sim, sim_b = topk_similar(a, b, 2, chunk=2)
    assert idx.tolist() == [[1, 0], [0, 1], [2, 0]]
    assert np.all(sim[:, 0] >= sim[:, 1])
    assert np.allclose(np.sort(sim_b, axis=1), np.sort((b @ a.T), axis=1)[:, 1:])


def test_anchor_band_contains_a_noisy_diagonal() -> None:
    rng = np.random.default_rng(2)
    n, m = 400, 300
    tgt = rng.normal(size=(m, 64)).astype(np.float32)
    truth = np.minimum((np.arange(n) * m) // n, m - 1)
    src = tgt[truth] + 0.5 * rng.normal(size=(n, 64)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    idx, sim, _ = topk_similar(src, tgt, 4)
    ii, jj = anchors(idx, sim)
    band = anchor_band(ii, jj, n, m, half_width=5)
    assert band.width == 11
    assert np.all(np.diff(ii) > 0) and np.all(np.diff(jj) > 0)
    assert np.mean(jj == truth[ii]) > 0.9
    for i in range(n):
        assert band.lo[i] <= truth[i] < band.lo[i] + band.width


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_any_gains_give_a_monotonic_cover_of_both_sides(n: int, m: int, seed: int) -> None:
    band = full_band(n, m)
    rng = np.random.default_rng(seed)
    gains = {s: rng.normal(size=(n + 1, m + 1)) for s in SHAPES}
    path = best_path(gains, band)
    i = j = 0
    for (a, b), ie, je in path:
        assert (ie, je) == (i + a, j + b)
        i, j = ie, je
    assert (i, j) == (n, m)


def test_path_band_follows_the_path_and_rows_inside_a_bead_follow_the_cell_before() -> None:
    # Beads 1-1, 3-1 (rows 2 and 3 lie inside it), 1-2, 1-1 over 6 x 5 sentences.
    steps = [((1, 1), 1, 1), ((3, 1), 4, 2), ((1, 2), 5, 4), ((1, 1), 6, 5)]
    band = path_band(steps, 6, 5, half_width=1)
    assert band.width == 3
    assert band.lo.tolist() == [0, 0, 0, 0, 1, 3, 3]  # centres 0 1 1 1 2 4 5, clipped to m - 2
    for (_, i, j) in steps:
        assert j in band.cols(i).tolist()
