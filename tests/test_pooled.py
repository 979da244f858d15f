"""Pooled states: packed rows for the cache, the cached and the in-memory composers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from align.cache import EmbeddingCache, db_file_name
from align.pooled import (
    CachedComposer,
    MemoComposer,
    Pooled,
    concat_pooled,
    pack,
    pooled_key,
    unpack,
)


class Fake:
    """A composer whose states are made from the text: width 2, one cut row per cut."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.texts_encoded = 0

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        self.asked += texts
        return concat_pooled([self._one(t, c) for t, c in zip(texts, cuts, strict=True)])

    @staticmethod
    def _one(text: str, cuts: Sequence[int]) -> Pooled:
        v = np.array([[len(text), 1.0]], np.float32)
        return Pooled(
            v, v + 1, v + 2, np.array([len(text) + 2]), np.zeros(1, np.int64),
            np.array([len(cuts)]), np.array([[c, 0.5] for c in cuts], np.float32).reshape(-1, 2),
            np.array(cuts, np.int64),
        )  # fmt: skip

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        return sums.astype(np.float32)


def test_a_packed_row_unpacks_to_the_same_states() -> None:
    one = Fake._one("abc", [1, 2])
    back = unpack(pack(one))
    assert back is not None
    for name in Pooled.__slots__:
        np.testing.assert_array_equal(getattr(back, name), getattr(one, name))


@pytest.mark.parametrize(
    "row",
    [
        [5.0, 0.0, 1.0, 2.0],  # shorter than three states of width 1
        [1.0, 0.0, 1.0, 2.0, 3.0],  # fewer than the two markers
        [5.0, 1.0, 1.0, 2.0, 3.0, 4.0],  # one cut announced, no room for its sum
        [5.0, 0.0, 1.0, np.nan, 3.0],
    ],
)
def test_rows_that_cannot_be_states_are_refused(row: list[float]) -> None:
    assert unpack(np.array(row, np.float32)) is None


def test_cached_states_are_pooled_once_and_count_as_encoded(tmp_path: Path) -> None:
    fake, cache = Fake(), EmbeddingCache(tmp_path)
    first = CachedComposer(fake, cache, "fake+pooled", fake)
    texts, cuts = ["ab", "c", "ab"], [[1], [], [1]]
    got = first.pooled(texts, cuts)
    assert fake.asked == ["ab", "c"] and fake.texts_encoded == 2  # "ab" once
    again = CachedComposer(fake, EmbeddingCache(tmp_path), "fake+pooled", fake)
    same = again.pooled(texts, cuts)
    assert fake.asked == ["ab", "c"] and fake.texts_encoded == 2
    for name in Pooled.__slots__:
        np.testing.assert_array_equal(getattr(same, name), getattr(got, name))
    # Other cuts are other states.
    again.pooled(["ab"], [[]])
    assert fake.asked[-1] == "ab" and fake.texts_encoded == 3


def test_a_damaged_row_is_dropped_with_a_warning_and_pooled_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = Fake()
    CachedComposer(fake, EmbeddingCache(tmp_path), "fake+pooled", fake).pooled(["ab"], [[1]])
    with sqlite3.connect(tmp_path / db_file_name("fake+pooled")) as db:
        db.execute("UPDATE embedding SET vector = ?", (b"\x00\x00\x80\x7f" * 9,))  # +inf
    composer = CachedComposer(fake, EmbeddingCache(tmp_path), "fake+pooled", fake)
    got = composer.pooled(["ab"], [[1]])
    assert fake.asked == ["ab", "ab"] and got.tokens.tolist() == [4]
    assert "not a valid vector" in capsys.readouterr().err
    assert pooled_key("ab", [1]) != pooled_key("ab", [])


def test_the_memo_pools_each_text_and_cut_once() -> None:
    fake = Fake()
    memo = MemoComposer(fake, {})
    memo.pooled(["x", "yy"], [[], [1]])
    got = memo.pooled(["yy", "x", "yy"], [[1], [], [1]])
    assert fake.asked == ["x", "yy"] and got.inner[:, 0].tolist() == [2, 1, 2]
