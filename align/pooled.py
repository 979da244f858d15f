"""Pooled token states of texts, and the protocol of the encoders that give them
(``align.compose`` composes vectors from them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from align.cache import COMMIT_EVERY, EmbeddingCache, text_key


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


def pooled_key(text: str, cuts: Sequence[int]) -> bytes:
    """The cache key of a text's states: the text and its cuts."""
    return text_key(text + "\0" + ",".join(map(str, cuts)))


def pack(p: Pooled) -> np.ndarray:
    """One text's states (a batch of one) as a float32 row: its tokens, its cuts, ``inner``,
    ``bos``, ``eos``, then each cut's tokens and sums."""
    head = np.array([p.tokens[0], p.cut_count[0]], np.float32)
    parts = (head, p.inner[0], p.bos[0], p.eos[0], p.cut_tokens, p.cut_inner.ravel())
    return np.concatenate(parts).astype(np.float32)


def unpack(row: np.ndarray) -> Pooled | None:
    """A row of ``pack`` as a batch of one; None when it cannot be one (its width follows
    from its length and cut count)."""
    if len(row) < 5 or not np.isfinite(row).all():
        return None
    tokens, cuts = int(row[0]), int(row[1])
    dim, extra = divmod(len(row) - 2 - cuts, 3 + cuts) if cuts >= 0 else (0, 1)
    if tokens < 2 or dim < 1 or extra:
        return None
    at = 2 + 3 * dim
    return Pooled(
        row[2 : 2 + dim][None], row[2 + dim : at - dim][None], row[at - dim : at][None],
        np.array([tokens], np.int64), np.zeros(1, np.int64), np.array([cuts], np.int64),
        row[at + cuts :].reshape(cuts, dim), row[at : at + cuts].astype(np.int64),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CachedComposer:
    """``inner`` with each text's states kept in the embedding cache under ``cache_id``;
    the texts pooled (the misses) count into ``owner.texts_encoded``."""

    inner: Composer
    cache: EmbeddingCache
    cache_id: str
    owner: Counting

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        if not texts:
            return self.inner.pooled([], [])
        keys = [pooled_key(t, c) for t, c in zip(texts, cuts, strict=True)]
        found = self.cache.read(self.cache_id, list(dict.fromkeys(keys)), unpack)
        misses: dict[bytes, int] = {}  # the first text of each key not found
        for i, key in enumerate(keys):
            if key not in found:
                misses.setdefault(key, i)
        order = list(misses)
        for lo in range(0, len(order), COMMIT_EVERY):
            chunk = order[lo : lo + COMMIT_EVERY]
            batch = [misses[k] for k in chunk]
            fresh = split_pooled(
                self.inner.pooled([texts[i] for i in batch], [cuts[i] for i in batch])
            )
            self.owner.texts_encoded += len(chunk)
            self.cache.put(self.cache_id, chunk, [pack(p) for p in fresh])
            found.update(zip(chunk, fresh, strict=True))
        return concat_pooled([found[k] for k in keys])

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        return self.inner.head(sums, tokens)
