import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.anchors import path_band
from align.dp import (
    NEG,
    SHAPES,
    Band,
    Gaps,
    bead_posteriors,
    best_path,
    full_band,
    mbr_path,
    unaligned,
    uniform_gaps,
)


def drifting_band(rng: np.random.Generator, n: int, m: int, width: int) -> Band:
    """A band whose rows start along the diagonal, a few cells off at random (non-decreasing)."""
    lo = np.arange(n + 1) * m // max(n, 1) - width // 2 + rng.integers(-3, 3, n + 1)
    lo = np.maximum.accumulate(np.clip(lo, 0, m))
    lo[0] = 0
    return Band(lo.astype(np.int64), width, n, m)


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


def _all_paths(
    band: Band, shapes: list[tuple[int, int]]
) -> list[list[tuple[tuple[int, int], int, int]]]:
    """Every monotonic path from (0, 0) to (n, m) whose cells lie in the band (brute force)."""

    def inside(i: int, j: int) -> bool:
        return i <= band.n and j <= band.m and 0 <= j - band.lo[i] < band.width

    def walk(i: int, j: int) -> list[list[tuple[tuple[int, int], int, int]]]:
        if (i, j) == (band.n, band.m):
            return [[]]
        return [
            [((a, b), i + a, j + b), *rest]
            for a, b in shapes
            if inside(i + a, j + b)
            for rest in walk(i + a, j + b)
        ]

    return walk(0, 0)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.booleans(), st.integers(0, 2**32 - 1))
def test_bead_posteriors_equal_the_enumerated_path_probabilities(
    n: int, m: int, banded: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    band = full_band(n, m)
    if banded:  # a narrow band around the diagonal, as in pass 2
        band = path_band([((1, 1), i, round(i * m / n)) for i in range(n + 1)], n, m, 1)
    gains = {s: 2 * rng.normal(size=(n + 1, band.width)) for s in SHAPES}
    temperature = 0.7
    paths = _all_paths(band, list(SHAPES))
    totals = np.array([sum(gains[s][i, j - band.lo[i]] for s, i, j in p) for p in paths])
    weights = np.exp((totals - totals.max()) / temperature)
    weights /= weights.sum()
    expected = {s: np.zeros((n + 1, band.width)) for s in SHAPES}
    for p, w in zip(paths, weights, strict=True):
        for s, i, j in p:
            expected[s][i, j - band.lo[i]] += w
    post = bead_posteriors(gains, band, temperature)
    for s in SHAPES:
        assert np.allclose(post[s], expected[s], atol=1e-9)


def test_mbr_takes_the_reading_with_more_expected_right_beads() -> None:
    # 2 x 2 sentences: one 2-2 bead (gain 1.0) or two 1-1 beads (0.45 + 0.45). The 2-2 wins by a
    # hair, so it is right with p = e / (e + e^0.9) = 0.525, and each 1-1 bead with 0.475.
    band = full_band(2, 2)
    g11, g22 = np.full((3, 3), NEG), np.full((3, 3), NEG)
    g11[1, 1] = g11[2, 2] = 0.45
    g22[2, 2] = 1.0
    gains = {(1, 1): g11, (2, 2): g22}
    assert [s for s, _, _ in best_path(gains, band)] == [(2, 2)]
    post = bead_posteriors(gains, band)
    assert np.isclose(post[2, 2][2, 2], np.e / (np.e + np.exp(0.9)))
    assert np.isclose(post[1, 1][1, 1], 1 - post[2, 2][2, 2])
    # Expected right beads less the cost a bead: 0.95 - 2c against 0.525 - c.
    path, _ = mbr_path(gains, band, 1.0, bead_cost=0.3)
    assert [s for s, _, _ in path] == [(1, 1), (1, 1)]
    path, _ = mbr_path(gains, band, 1.0, bead_cost=0.5)
    assert [s for s, _, _ in path] == [(2, 2)]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=8), st.integers(0, 2**32 - 1))
def test_mbr_at_low_temperature_is_the_best_path(shapes: list, seed: int) -> None:
    n, m = sum(a for a, _ in shapes), sum(b for _, b in shapes)
    band = full_band(n, m)
    gains = _gains_for(shapes, band, np.random.default_rng(seed))
    path, post = mbr_path(gains, band, temperature=0.05, bead_cost=0.0)
    # One-sided beads are right whatever their order (a sentence is unaligned or not), so only
    # the beads as sets of sentences must agree.
    assert _beads(path) == _beads(best_path(gains, band)) == _beads(_steps(shapes))
    free_src, free_tgt = unaligned(post, band)
    for (a, b), i, j in path:
        assert (post[a, b][i, j] if a and b else (free_src[i - 1] if a else free_tgt[j - 1])) > 0.99


def _steps(shapes: list[tuple[int, int]]) -> list[tuple[tuple[int, int], int, int]]:
    i = j = 0
    out = []
    for a, b in shapes:
        i, j = i + a, j + b
        out.append(((a, b), i, j))
    return out


def _beads(path: list) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(tuple(range(i - a, i)), tuple(range(j - b, j))) for (a, b), i, j in path}


Move = tuple[str, tuple[int, int], int, int]  # ("bead", shape, i, j) or ("jump", (i1, j1), i, j)


def _all_paths_with_jumps(band: Band, shapes: list[tuple[int, int]]) -> list[list[Move]]:
    """Every path from (0, 0) to (n, m) of beads ending in the band and jumps to any later cell
    of the band or to (n, m); a jump is followed by a bead of at least one source sentence or
    by the end (brute force)."""
    n, m = band.n, band.m

    def inside(i: int, j: int) -> bool:
        return i <= n and j <= m and 0 <= j - band.lo[i] < band.width

    def walk(i: int, j: int, jumped: bool) -> list[list[Move]]:
        out: list[list[Move]] = [[]] if (i, j) == (n, m) else []
        for a, b in shapes:
            if inside(i + a, j + b) and not (jumped and a == 0):
                out += [[("bead", (a, b), i + a, j + b), *r] for r in walk(i + a, j + b, False)]
        if not jumped:
            for i2 in range(i, n + 1):
                for j2 in range(j, m + 1):
                    if (i2, j2) != (i, j) and (inside(i2, j2) or (i2, j2) == (n, m)):
                        out += [[("jump", (i, j), i2, j2), *r] for r in walk(i2, j2, True)]
        return out

    return walk(0, 0, False)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.booleans(), st.integers(0, 2**32 - 1))
def test_posteriors_and_best_path_with_jumps_match_enumeration(
    n: int, m: int, banded: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    band = full_band(n, m)
    if banded:  # narrow, and the end may lie outside it: only a jump reaches it then
        lo = np.minimum(np.sort(rng.integers(0, m + 1, n + 1)), m)
        lo[0] = 0
        band = Band(lo, 2, n, m)
    shapes = [(1, 1), (1, 2), (2, 1), (0, 1), (1, 0)]
    gains = {s: 2 * rng.normal(size=(n + 1, band.width)) for s in shapes}
    gaps = Gaps(float(rng.normal() - 1), rng.normal(size=n), rng.normal(size=m))
    cs, ct = np.cumsum([0, *gaps.src]), np.cumsum([0, *gaps.tgt])

    def gain(move: Move) -> float:
        kind, s, i, j = move
        if kind == "bead":
            return float(gains[s][i, j - band.lo[i]])
        (i1, j1) = s
        return gaps.open + cs[i] - cs[i1] + ct[j] - ct[j1]

    paths = _all_paths_with_jumps(band, shapes)
    totals = np.array([sum(gain(mv) for mv in p) for p in paths])
    temperature = 0.8
    weights = np.exp((totals - totals.max()) / temperature)
    weights /= weights.sum()
    expected = {s: np.zeros((n + 1, band.width)) for s in shapes}
    for p, w in zip(paths, weights, strict=True):
        for kind, s, i, j in p:
            if kind == "bead":
                expected[s][i, j - band.lo[i]] += w
    post = bead_posteriors(gains, band, temperature, gaps)
    for s in shapes:
        assert np.allclose(post[s], expected[s], atol=1e-9)
    # The best path's gain is the enumerated best (its jumps come out as one-sided steps).
    best = paths[int(np.argmax(totals))]
    found = best_path(gains, band, gaps)
    assert found[-1][1:] == (n, m)
    skipped = [(s, i, j) for s, i, j in found if not (0 <= j - band.lo[i] < band.width)]
    assert len({s for s, _, _ in skipped} - {(0, 1), (1, 0)}) == 0
    beads = [(s, i, j) for kind, s, i, j in best if kind == "bead"]
    assert all(step in found for step in beads)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 12),
    st.integers(0, 12),
    st.integers(1, 5),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_any_band_and_any_gains_give_a_path(
    n: int, m: int, width: int, with_gaps: bool, seed: int
) -> None:
    # Bands with holes, impossible beads, an end outside the band: a jump always gets through.
    rng = np.random.default_rng(seed)
    lo = np.sort(rng.integers(0, m + 1, n + 1))
    lo[0] = 0
    band = Band(lo, width, n, m)
    gains = {
        s: np.where(rng.random((n + 1, width)) < 0.5, NEG, rng.normal(size=(n + 1, width)))
        for s in SHAPES
    }
    gaps = Gaps(-3.0, rng.normal(size=n) - 1, rng.normal(size=m) - 1) if with_gaps else None
    for path in (best_path(gains, band, gaps), mbr_path(gains, band, 0.7, 0.3, gaps)[0]):
        i = j = 0
        for (a, b), i_end, j_end in path:
            assert (i_end, j_end) == (i + a, j + b)
            i, j = i_end, j_end
        assert (i, j) == (n, m)


def test_a_passage_with_no_counterpart_is_one_jump_at_its_gap_gain() -> None:
    # 1-1 beads along the diagonal of 4 x 4 sentences, then 6 target sentences with none: a gap
    # gain of -1 a sentence beats the insertions' -3.
    n, m = 4, 10
    band = full_band(n, m)
    gains = {s: np.full((n + 1, m + 1), -5.0) for s in ((1, 1), (0, 1), (1, 0))}
    for k in range(1, 5):
        gains[1, 1][k, k] = 2.0
    gains[0, 1][:] = -3.0
    gaps = uniform_gaps(n, m, -2.0, -1.0, -1.0)
    path = best_path(gains, band, gaps)
    assert path == [((1, 1), k, k) for k in range(1, 5)] + [((0, 1), 4, j) for j in range(5, 11)]
    without = best_path(gains, band)
    assert without == path  # the insertions read the same, at a higher cost
    post = bead_posteriors(gains, band, 1.0, gaps)
    free_src, free_tgt = unaligned(post, band)
    assert np.all(free_src < 0.05) and np.all(free_tgt[4:] > 0.95) and np.all(free_tgt[:4] < 0.05)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_where_a_row_falls_in_another_is_the_same_for_every_row_asking(
    n: int, m: int, width: int, seed: int
) -> None:
    from align.dp import _FromRow

    rng = np.random.default_rng(seed)
    band = drifting_band(rng, n, m, width)
    from_row = _FromRow(band)
    for _ in range(50):
        i, k, db = (
            int(rng.integers(0, n + 1)),
            int(rng.integers(0, n + 1)),
            int(rng.integers(-5, 6)),
        )
        pt = band.cols(i) + db - band.lo[k]  # the definition, cell by cell
        got, ok = from_row(i, k, db)
        np.testing.assert_array_equal(ok, (pt >= 0) & (pt < width))
        np.testing.assert_array_equal(got[ok], pt[ok])
        assert got.min() >= 0 and got.max() < width and not got.flags.writeable
