"""Fit the logistic bead model on gold alignments (how ``align/data/bead_model.json`` is made).

Positives are the gold beads; negatives every other candidate bead ending near the gold path.
The DP offset ``mu`` and the score calibration are then fitted on the aligner's own output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from align.beads import Bead
from align.dp import Band
from align.evaluate import Scores, score_alignments
from align.scoring import FEATURES, BeadModel, DocContext, shape_features


@dataclass(frozen=True, slots=True)
class Document:
    """A prepared document pair with its gold beads."""

    ctx: DocContext
    band: Band
    gold: tuple[Bead, ...]


def candidate_table(
    doc: Document, shapes: Sequence[tuple[int, int]], off: Sequence[str] = (), near: int = 6
) -> tuple[np.ndarray, np.ndarray]:
    """Features (N, F) and labels (N,) of the candidate beads ending within ``near`` target
    sentences of the gold path."""
    band = doc.band
    gold = {(b.src, b.tgt) for b in doc.gold}
    lo_g = np.full(band.n + 1, band.m, np.int64)
    hi_g = np.zeros(band.n + 1, np.int64)
    for b in doc.gold:  # gold path boundaries (beads sorted in document order)
        i = (b.src[-1] + 1) if b.src else _row_before(doc.gold, b)
        j = (b.tgt[-1] + 1) if b.tgt else _col_before(doc.gold, b)
        lo_g[i], hi_g[i] = min(lo_g[i], j), max(hi_g[i], j)
    lo_g[0], hi_g[0] = 0, max(hi_g[0], 0)
    for i in range(1, band.n + 1):  # rows with no boundary inherit their neighbours'
        if lo_g[i] > hi_g[i]:
            lo_g[i], hi_g[i] = hi_g[i - 1], hi_g[i - 1]
    rows = np.arange(band.n + 1)
    xs, ys = [], []
    for a, b in shapes:
        x, valid = shape_features(doc.ctx, (a, b), rows, band, off=off)
        j = band.lo[:, None] + np.arange(band.width)
        keep = valid & (j >= lo_g[:, None] - near) & (j <= hi_g[:, None] + near)
        ii, tt = np.nonzero(keep)
        jj = band.lo[ii] + tt
        label = np.array(
            [(tuple(range(i - a, i)), tuple(range(j - b, j))) in gold for i, j in zip(ii, jj)],
            bool,
        )
        xs.append(x[ii, tt])
        ys.append(label)
    return np.concatenate(xs), np.concatenate(ys)


def _row_before(gold: Sequence[Bead], bead: Bead) -> int:
    k = gold.index(bead)
    return next((g.src[-1] + 1 for g in reversed(gold[:k]) if g.src), 0)


def _col_before(gold: Sequence[Bead], bead: Bead) -> int:
    k = gold.index(bead)
    return next((g.tgt[-1] + 1 for g in reversed(gold[:k]) if g.tgt), 0)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; ``x`` (N, F), ``y`` (N,) -> (F,).

    Column 0 is the bias and is not penalised; all-zero columns get weight 0.
    """
    x = x.astype(np.float64)
    f = x.shape[1]
    w = np.zeros(f)
    pen = np.full(f, l2)
    pen[0] = 1e-6
    for _ in range(iters):
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ (p - y) + pen * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit_model(
    docs: Sequence[Document], shapes: Sequence[tuple[int, int]], off: Sequence[str] = (),
    mu: float = 0.0, l2: float = 1.0,
) -> BeadModel:
    tables = [candidate_table(d, shapes, off) for d in docs]
    x = np.concatenate([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables]).astype(np.float64)
    return BeadModel(tuple(float(v) for v in fit_logistic(x, y, l2)), mu)


def calibrate(scores: np.ndarray, correct: np.ndarray) -> tuple[float, float]:
    """Platt scaling of output logits ``scores`` (N,) to correctness (N,) -> (alpha, beta)."""
    x = np.stack([np.ones_like(scores), scores], axis=1)
    w = fit_logistic(x, correct.astype(np.float64), l2=1e-3)
    return float(w[1]), float(w[0])


def evaluate(pairs: Sequence[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    return score_alignments(pairs)


def with_mu(model: BeadModel, mu: float) -> BeadModel:
    return replace(model, mu=mu)


__all__ = ["FEATURES", "Document", "calibrate", "candidate_table", "fit_logistic", "fit_model"]
