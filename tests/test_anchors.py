import numpy as np

from align.anchors import anchor_band, anchor_chain, anchors, path_band, topk_similar


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


def test_path_band_follows_the_path_and_rows_inside_a_bead_follow_the_cell_before() -> None:
    # Beads 1-1, 3-1 (rows 2 and 3 lie inside it), 1-2, 1-1 over 6 x 5 sentences.
    steps = [((1, 1), 1, 1), ((3, 1), 4, 2), ((1, 2), 5, 4), ((1, 1), 6, 5)]
    band = path_band(steps, 6, 5, half_width=1)
    assert band.width == 3
    assert band.lo.tolist() == [0, 0, 0, 0, 1, 3, 3]  # centres 0 1 1 1 2 4 5, clipped to m - 2
    for _, i, j in steps:
        assert j in band.cols(i).tolist()


def test_anchor_band_runs_along_text_with_no_counterpart() -> None:
    # Anchors 0-9 on the diagonal, then the target jumps 50 sentences ahead (a passage the
    # source lacks), then 10 more anchors: the band follows the anchors, not the diagonal.
    ii = np.arange(20)
    jj = np.concatenate([np.arange(10), np.arange(60, 70)])
    band = anchor_band(ii, jj, 20, 70, half_width=2)
    for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
        assert j in band.cols(i).tolist() and j + 1 in band.cols(i + 1).tolist()
    assert band.width == 5 + 50 - 2  # wide enough for the run along row 10
