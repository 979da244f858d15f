"""Pooled token states of texts, and the protocol of the encoders that give them
(``align.compose`` composes vectors from them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Pooled:
    """The pooled token states of ``n`` texts, each cut at its clause points.

    ``inner`` (n, d): the sum of a text's token states but its start and end markers;
    ``bos``, ``eos`` (n, d): those two markers' states; ``tokens`` (n,): its tokens, markers
    included. Cut ``k`` of text ``i`` (``k < cut_count[i]``) is row ``cut_start[i] + k`` of
    ``cut_inner`` (C, d), the sum up to the cut (markers excluded), and of ``cut_tokens`` (C,),
    the tokens it sums.
    """

    inner: np.ndarray
    bos: np.ndarray
    eos: np.ndarray
    tokens: np.ndarray
    cut_start: np.ndarray
    cut_count: np.ndarray
    cut_inner: np.ndarray
    cut_tokens: np.ndarray


class Composer(Protocol):
    """Pooled states of texts, and the head that turns a token sum into a vector."""

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        """The states of ``texts`` cut at ``cuts`` (character offsets a text, ascending)."""
        ...

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """Token sums (r, d) over ``tokens`` (r,) tokens -> float32 unit vectors (r, d)."""
        ...


class Counting(Protocol):
    texts_encoded: int


@dataclass(frozen=True, slots=True)
class CountedComposer:
    """``inner``, counting the texts it pools into ``owner.texts_encoded``: a pass over a
    text through the model, like encoding it."""

    inner: Composer
    owner: Counting

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        self.owner.texts_encoded += len(texts)
        return self.inner.pooled(texts, cuts)

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        return self.inner.head(sums, tokens)


def concat_pooled(parts: Sequence[Pooled]) -> Pooled:
    """The states of several batches of texts as one batch, in order."""
    counts = np.concatenate([p.cut_count for p in parts])
    return Pooled(
        np.concatenate([p.inner for p in parts]),
        np.concatenate([p.bos for p in parts]),
        np.concatenate([p.eos for p in parts]),
        np.concatenate([p.tokens for p in parts]),
        np.cumsum(counts) - counts,
        counts,
        np.concatenate([p.cut_inner for p in parts]),
        np.concatenate([p.cut_tokens for p in parts]),
    )


def split_pooled(p: Pooled) -> list[Pooled]:
    """Each text's states as a batch of its own (``concat_pooled`` joins them back)."""
    return [
        Pooled(
            p.inner[i : i + 1],
            p.bos[i : i + 1],
            p.eos[i : i + 1],
            p.tokens[i : i + 1],
            np.zeros(1, np.int64),
            p.cut_count[i : i + 1],
            p.cut_inner[s : s + c],
            p.cut_tokens[s : s + c],
        )
        for i, (s, c) in enumerate(zip(p.cut_start.tolist(), p.cut_count.tolist(), strict=True))
    ]


@dataclass(slots=True)
class MemoComposer:
    """``inner`` with an in-memory cache of each text's states by text and cuts (the review
    editor re-aligns the same sentences again and again)."""

    inner: Composer
    memo: dict[tuple[str, tuple[int, ...]], Pooled]

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        keys = [(t, tuple(c)) for t, c in zip(texts, cuts, strict=True)]
        missing = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if missing:
            found = self.inner.pooled([t for t, _ in missing], [c for _, c in missing])
            self.memo.update(zip(missing, split_pooled(found), strict=True))
        if not texts:
            return self.inner.pooled([], [])
        return concat_pooled([self.memo[k] for k in keys])

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        return self.inner.head(sums, tokens)
