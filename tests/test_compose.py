"""Composition of window and clause vectors from pooled states, on hand-made states."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.compose import clause_parts, composed_windows, window_sums
from align.pooled import Pooled, concat_pooled, split_pooled


class MeanHead:
    """A head that returns the mean state (sum over tokens): composition is then checkable by
    hand. Counts the rows it is given."""

    def __init__(self) -> None:
        self.rows = 0

    def pooled(self, texts: list[str], cuts: object) -> Pooled:
        raise AssertionError("never pooled here")

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        self.rows += len(sums)
        return (sums / tokens[:, None]).astype(np.float32)


def states() -> Pooled:
    """Three texts, width 2: text 0 has 4 tokens (2 content), text 1 has 5 and one cut after
    its first content token, text 2 has 3."""
    return Pooled(
        inner=np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]], np.float32),
        bos=np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32),
        eos=np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], np.float32),
        tokens=np.array([4, 5, 3]),
        cut_start=np.array([0, 0, 1]),
        cut_count=np.array([0, 1, 0]),
        cut_inner=np.array([[0.0, 1.0]], np.float32),
        cut_tokens=np.array([1]),
    )


@pytest.mark.parametrize(
    ("k", "sums", "tokens"),
    [
        (1, [[3.0, 1.0], [1.0, 4.0], [4.0, 4.0]], [4, 5, 3]),
        # texts 0+1: inner 0 + inner 1 + bos 0 + eos 1; 4 + 5 tokens less the two markers
        (2, [[4.0, 3.0], [3.0, 7.0]], [7, 6]),
        (3, [[6.0, 6.0]], [8]),
        (4, np.zeros((0, 2)), []),
    ],
)
def test_window_sums_join_the_inner_sums_between_the_outer_markers(
    k: int, sums: list[list[float]], tokens: list[int]
) -> None:
    got_sums, got_tokens = window_sums(states(), k)
    np.testing.assert_array_equal(got_sums, np.array(sums, np.float32).reshape(-1, 2))
    assert got_tokens.tolist() == tokens


def test_composed_windows_run_every_window_through_the_head() -> None:
    head = MeanHead()
    out = composed_windows(head, states(), 4)
    assert [w.shape for w in out] == [(3, 2), (2, 2), (1, 2), (0, 2)]
    np.testing.assert_allclose(out[1][0], [4 / 7, 3 / 7])
    assert head.rows == 6


def test_clause_parts_split_the_inner_sum_at_the_cut_and_keep_the_markers() -> None:
    p = states()
    vecs = np.arange(6, dtype=np.float32).reshape(3, 2)
    parts = clause_parts(MeanHead(), p, vecs)
    assert parts.start.tolist() == [0, 1, 2] and parts.count.tolist() == [1, 1, 1]
    # Text 1: prefix = cut_inner + bos + eos = (1, 2) over 1 + 2 tokens; suffix = inner - cut
    # + markers = (1, 3) over 2 + 2 tokens. Uncut texts keep their own vectors in both parts.
    np.testing.assert_allclose(parts.prefix, np.array([[0, 1], [1 / 3, 2 / 3], [4, 5]]))
    np.testing.assert_allclose(parts.suffix, np.array([[0, 1], [1 / 4, 3 / 4], [4, 5]]))


@given(st.lists(st.integers(0, 3), min_size=1, max_size=6))
def test_split_then_concat_gives_the_batch_back(cut_counts: list[int]) -> None:
    rng = np.random.default_rng(len(cut_counts))
    n, c = len(cut_counts), sum(cut_counts)
    counts = np.array(cut_counts)
    inner, bos, eos = (rng.normal(size=(n, 3)).astype(np.float32) for _ in range(3))
    p = Pooled(
        inner, bos, eos, rng.integers(2, 40, n), np.cumsum(counts) - counts, counts,
        rng.normal(size=(c, 3)).astype(np.float32), rng.integers(0, 30, c),
    )  # fmt: skip
    parts = split_pooled(p)
    assert len(parts) == n and all(len(q.inner) == 1 for q in parts)
    back = concat_pooled(parts)
    for name in Pooled.__slots__:
        np.testing.assert_array_equal(getattr(back, name), getattr(p, name))
