"""Paraphrase mode: non-monotonic links between a text and a retelling of it.

A retelling (a Chinese rewrite, a news summary, a second account) keeps the order of a
passage's sentences but moves whole passages, drops claims and adds new ones. The linker:

1. Scores every source sentence against every target sentence *and* every window of 2..W
   consecutive target sentences with the ratio margin of margin-based bitext mining
   (Artetxe & Schwenk 2019): ``cos(x, y) / ((knn(x) + knn(y)) / 2)``, where ``knn`` is the
   mean cosine of a sentence's k nearest neighbours on the other side. A window's ``knn`` is
   the mean over its sentences.
2. Reads the source in order as a hidden Markov chain over target windows plus an
   "unlinked" state: from window ``[j, j+w)`` the next source sentence continues at ``j+w``
   for free, stays in the same window (many-to-one) at a cost, or jumps anywhere (a moved
   passage) at a higher cost. Emissions are ``sharpness * (margin - bias)``.
3. Forward-backward gives, for each pair ``(i, j)``, the posterior probability that source
   sentence ``i`` is linked to a window holding target sentence ``j``. The same is done with
   the roles swapped (target order, source windows) and the two posteriors are averaged:
   that mean is the link score in [0, 1]. Links are the pairs whose score reaches the
   threshold, so a sentence may link to several (one-to-many, many-to-one) and any sentence
   may stay unlinked.
4. The mean posterior is mapped to a probability that the link is right by Platt scaling
   fitted on the benchmark (``CALIBRATION``).

Why not margin-scored mutual nearest neighbours alone: on the shuffled mac-dev benchmark
(`glossalign bench-paraphrase`) those reach recall 0.34 at precision 0.90 with the bundled
use-m3 encoder; the chain lifts that to about 0.80, because a weak pair is believed when its
neighbours continue the same passage. The price: on a pair that shares only a few scattered
claims (seeds/letter.en.txt vs article.en.txt) the chain also links topical look-alikes.

The constants of ``LinkModel`` were tuned by grid search on the benchmark (seed 0) and hold
on seeds 1 and 2 (recall at precision 0.90 within 0.004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from align.beads import Alignment, Bead, Lang, join_sentences
from align.encoders import Encoder
from align.io import InputError


@dataclass(frozen=True, slots=True)
class LinkModel:
    """Constants of the linker, tuned by grid search on `glossalign bench-paraphrase` (seed 0).

    ``k``: neighbours in the ratio margin; ``window``: longest target window W; ``sharpness``,
    ``bias``: emission ``sharpness * (margin - bias)``; ``jump``, ``stay``, ``unlink``:
    log-costs of moving to any window, staying in the same window, entering the unlinked state.
    """

    k: int = 4
    window: int = 3
    sharpness: float = 12.0
    bias: float = 0.7
    jump: float = 6.0
    stay: float = 1.0
    unlink: float = 2.0


DEFAULT_MODEL = LinkModel()
# Platt scaling of the raw score (mean posterior p): sigmoid(A * logit(p) + B), fitted by
# logistic regression on every pair with p >= 0.02 of the shuffled mac-dev benchmark (seed 0:
# 6,825 pairs, 2,152 gold). On seed 1 the share of correct links in each 0.1-wide score bin
# lies within 0.08 of the bin (e.g. 0.66 in [0.5, 0.6), 0.99 in [0.9, 1.0]).
CALIBRATION = (1.397, 0.251)
# A link is kept when it is more likely right than wrong; on the benchmark the links kept are
# 92 % correct (recall 0.78).
DEFAULT_THRESHOLD = 0.5
# n * m above this is refused: the chain keeps O(n * m * W) floats.
MAX_CELLS = 4_000_000


def knn_mean(sim: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mean of the ``k`` largest values of ``sim`` (n, m) along ``axis``: shape (n,) for
    ``axis=1`` (each row's neighbours), (m,) for ``axis=0``. ``k`` is capped at the axis size."""
    size = sim.shape[axis]
    if size == 0:
        return np.zeros(sim.shape[1 - axis], dtype=np.float64)
    kk = max(1, min(k, size))
    top = -np.partition(-sim, kk - 1, axis=axis)
    return np.asarray(np.take(top, range(kk), axis=axis).mean(axis=axis), dtype=np.float64)


def ratio_margin(sim: np.ndarray, src_knn: np.ndarray, tgt_knn: np.ndarray) -> np.ndarray:
    """Ratio margin ``sim[i, j] / ((src_knn[i] + tgt_knn[j]) / 2)``: (n, m) from (n, m),
    (n,), (m,). A denominator at or below zero (no similar neighbours at all) counts as tiny."""
    denom = (src_knn[:, None] + tgt_knn[None, :]) / 2
    return np.asarray(sim / np.maximum(denom, 1e-6), dtype=np.float64)


def window_margins(
    src: np.ndarray, tgt: np.ndarray, tgt_windows: Sequence[np.ndarray], k: int
) -> np.ndarray:
    """Margins of source sentences against target windows: (n, m, W) with W = 1 + len(windows).

    ``src`` (n, d) and ``tgt`` (m, d) are sentence embeddings; ``tgt_windows[w - 2]`` holds the
    embeddings of the ``m - w + 1`` windows of ``w`` consecutive target sentences. Entry
    ``[i, j, w - 1]`` scores source ``i`` against the window starting at ``j``; windows that
    would run past the end are ``-inf``. Neighbourhoods (``knn``) come from single sentences.
    """
    sim = src @ tgt.T
    src_knn = knn_mean(sim, k, axis=1)
    tgt_knn = knn_mean(sim, k, axis=0)
    n, m = sim.shape
    out = np.full((n, m, 1 + len(tgt_windows)), -np.inf)
    out[:, :, 0] = ratio_margin(sim, src_knn, tgt_knn)
    for w, emb in enumerate(tgt_windows, start=2):
        starts = m - w + 1
        if starts <= 0:
            continue
        win_knn = np.convolve(tgt_knn, np.ones(w) / w, mode="valid")
        out[:, :starts, w - 1] = ratio_margin(src @ emb.T, src_knn, win_knn)
    return out


def link_posteriors(margins: np.ndarray, model: LinkModel = DEFAULT_MODEL) -> np.ndarray:
    """Posterior probability of each link: (n, m) from window margins (n, m, W).

    States are the m * W target windows (start j, width w) plus one unlinked state, read in
    source order. Transitions (log-scores): window (j, w) -> (j + w, any) 0; same window
    ``-stay``; any window ``-jump``; window -> unlinked ``-unlink``; unlinked -> unlinked 0;
    unlinked -> any window ``-jump``. Pair (i, j) sums the posteriors of the windows that hold j.
    """
    n, m, width = margins.shape
    if n == 0 or m == 0:
        return np.zeros((n, m))
    states = m * width
    emit = np.zeros((n, states + 1))
    emit[:, :states] = (model.sharpness * (margins - model.bias)).reshape(n, states)
    fwd = _forward(emit, m, width, model)
    bwd = _backward(emit, m, width, model)
    log_post = fwd + bwd
    post = np.exp(log_post - np.logaddexp.reduce(log_post, axis=1, keepdims=True))
    windows = post[:, :states].reshape(n, m, width)
    pair = np.zeros((n, m))
    for w in range(1, width + 1):
        for offset in range(min(w, m)):
            pair[:, offset:] += windows[:, : m - offset, w - 1]
    return np.asarray(np.minimum(pair, 1.0))


def _forward(emit: np.ndarray, m: int, width: int, model: LinkModel) -> np.ndarray:
    n, total = emit.shape
    states = total - 1
    alpha = np.empty((n, total))
    alpha[0] = emit[0]
    for i in range(1, n):
        prev = alpha[i - 1]
        grid = prev[:states].reshape(m, width)
        advance = np.full(m, -np.inf)
        for w in range(1, min(width, m - 1) + 1):
            advance[w:] = np.logaddexp(advance[w:], grid[: m - w, w - 1])
        from_any = np.logaddexp.reduce(prev) - model.jump
        into = np.logaddexp.reduce(
            [np.repeat(advance, width), prev[:states] - model.stay, np.full(states, from_any)]
        )
        unlinked = np.logaddexp(prev[states], np.logaddexp.reduce(prev[:states]) - model.unlink)
        alpha[i, :states] = into + emit[i, :states]
        alpha[i, states] = unlinked + emit[i, states]
    return alpha


def _backward(emit: np.ndarray, m: int, width: int, model: LinkModel) -> np.ndarray:
    n, total = emit.shape
    states = total - 1
    beta = np.zeros((n, total))
    for i in range(n - 2, -1, -1):
        nxt = beta[i + 1] + emit[i + 1]
        to_windows = np.logaddexp.reduce(nxt[:states])
        next_start = np.logaddexp.reduce(nxt[:states].reshape(m, width), axis=1)
        advance = np.full((m, width), -np.inf)
        for w in range(1, min(width, m - 1) + 1):
            advance[: m - w, w - 1] = next_start[w:]
        beta[i, :states] = np.logaddexp.reduce(
            [
                advance.ravel(),
                nxt[:states] - model.stay,
                np.full(states, to_windows - model.jump),
                np.full(states, nxt[states] - model.unlink),
            ]
        )
        beta[i, states] = np.logaddexp(nxt[states], to_windows - model.jump)
    return beta


def calibrate(raw: np.ndarray) -> np.ndarray:
    """Probability that a link is right, from its raw score (any shape, values in [0, 1])."""
    p = np.clip(raw, 1e-6, 1 - 1e-6)
    a, b = CALIBRATION
    return np.asarray(1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + b))))


def select_links(scores: np.ndarray, threshold: float) -> tuple[Bead, ...]:
    """One bead ``(i,) -> (j,)`` per pair whose score (n, m) reaches ``threshold``,
    in source then target order, scored with it."""
    rows, cols = np.nonzero(scores >= threshold)
    return tuple(
        Bead((int(i),), (int(j),), round(float(scores[i, j]), 6))
        for i, j in zip(rows, cols, strict=True)
    )


def _embed_windows(
    texts: Sequence[str], lang: Lang, encoder: Encoder, longest: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Sentence embeddings (n, d) and, for w = 2..longest, window embeddings (n - w + 1, d)."""
    groups = [
        [join_sentences(texts[j : j + w], lang) for j in range(len(texts) - w + 1)]
        for w in range(2, longest + 1)
    ]
    vectors = encoder.encode([*texts, *(t for g in groups for t in g)])
    ends = np.cumsum([len(texts), *(len(g) for g in groups)])
    return vectors[: len(texts)], [vectors[a:b] for a, b in pairwise(ends)]


def link_scores(
    src: Sequence[str],
    tgt: Sequence[str],
    encoder: Encoder,
    src_lang: Lang,
    tgt_lang: Lang,
    model: LinkModel = DEFAULT_MODEL,
) -> np.ndarray:
    """Calibrated score of every link, (len(src), len(tgt)) in [0, 1], from the mean of the
    posteriors read in source order (target windows) and in target order (source windows),
    so that neither side's order is privileged."""
    n, m = len(src), len(tgt)
    if n * m > MAX_CELLS:
        raise InputError(
            f"paraphrase mode compares every sentence pair: {n} x {m} sentences is over the "
            f"limit of {MAX_CELLS:,} pairs; split the documents into smaller parts"
        )
    src_emb, src_windows = _embed_windows(src, src_lang, encoder, model.window)
    tgt_emb, tgt_windows = _embed_windows(tgt, tgt_lang, encoder, model.window)
    forward = link_posteriors(window_margins(src_emb, tgt_emb, tgt_windows, model.k), model)
    backward = link_posteriors(window_margins(tgt_emb, src_emb, src_windows, model.k), model)
    return calibrate((forward + backward.T) / 2)


def align_paraphrase(
    src: Sequence[str],
    tgt: Sequence[str],
    encoder: Encoder,
    *,
    src_lang: Lang,
    tgt_lang: Lang,
    threshold: float = DEFAULT_THRESHOLD,
    model: LinkModel = DEFAULT_MODEL,
) -> Alignment:
    """Paraphrase links between two segmented documents (``mode="paraphrase"``)."""
    scores = link_scores(src, tgt, encoder, src_lang, tgt_lang, model)
    return Alignment(
        tuple(src),
        tuple(tgt),
        select_links(scores, threshold),
        src_lang,
        tgt_lang,
        "paraphrase",
    )
