"""Fit the bead model on gold alignments (how ``align/data/bead_model.json`` is made).

1. A logistic regression separates the gold beads from every other candidate bead ending near
   the gold path; its weights, plus a bonus ``mu`` per bead, start
2. an averaged structured perceptron that decodes whole paths with the DP, so the weights are
   tuned for the DP's choices (1-2 against 1-1 + 1-1, ...), not for isolated beads.
3. The aligner outputs the path with the most expected right beads (``align.dp.mbr_path``);
   the reported score is each bead's posterior, Platt-calibrated on the beads output in
   leave-one-out runs.
4. The gain of leaving text unaligned (``BeadModel.gap_*``) is picked from a grid on copies of
   the chapters with passages cut out or spliced in (``align.bench.partial``), leave-one-
   chapter-out (``fit_gaps``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from align.aligner import AlignConfig
from align.anchors import path_band
from align.beads import Bead
from align.bench.corpus import corpus_documents, read_gold, read_lines
from align.dp import Band, BeadShape, mbr_path
from align.encoders import Encoder
from align.evaluate import Scores, score_alignments
from align.io import atomic_write_text
from align.progress import no_progress
from align.scoring import (
    FEATURES,
    BeadModel,
    DocContext,
    gains_for_band,
    posterior_logit,
    shape_features,
)

# Training sees every multi-sentence window as a true concatenation: what the aligner's refined
# windows approximate, and independent of the model that picks which windows to refine.
TRAIN_CONFIG = AlignConfig(blocks="concat")


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
    lo_g[0] = hi_g[0] = 0
    for _, i, j in bead_steps(doc.gold):
        lo_g[i], hi_g[i] = min(lo_g[i], j), max(hi_g[i], j)
    for i in range(1, band.n + 1):  # rows inside a bead inherit the boundary before it
        if lo_g[i] > hi_g[i]:
            lo_g[i], hi_g[i] = hi_g[i - 1], hi_g[i - 1]
    rows = np.arange(band.n + 1)
    cols = band.lo[:, None] + np.arange(band.width)
    xs, ys = [], []
    for a, b in shapes:
        x, valid = shape_features(doc.ctx, (a, b), rows, band, off=off)
        keep = valid & (cols >= lo_g[:, None] - near) & (cols <= hi_g[:, None] + near)
        ii, tt = np.nonzero(keep)
        ends = zip(ii.tolist(), (band.lo[ii] + tt).tolist(), strict=True)
        label = np.array(
            [(tuple(range(i - a, i)), tuple(range(j - b, j))) in gold for i, j in ends]
        )
        xs.append(x[ii, tt])
        ys.append(label)
    return np.concatenate(xs), np.concatenate(ys)


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


def fit_calibration(evidence: np.ndarray, correct: np.ndarray) -> tuple[float, float, float]:
    """Platt scaling of output beads' posterior logits and logits ``evidence`` (N, 2) to
    correctness (N,) -> (alpha, gamma, beta) (``BeadModel.calib``)."""
    x = np.concatenate([np.ones((len(evidence), 1)), evidence], axis=1)
    w = fit_logistic(x, correct.astype(np.float64), l2=1e-3)
    return float(w[1]), float(w[2]), float(w[0])


def bead_steps(beads: Sequence[Bead]) -> list[tuple[tuple[int, int], int, int]]:
    """Monotonic beads as DP steps ``(shape, i_end, j_end)``."""
    steps, i, j = [], 0, 0
    for b in beads:
        i, j = i + len(b.src), j + len(b.tgt)
        steps.append(((len(b.src), len(b.tgt)), i, j))
    return steps


def gold_path(doc: Document) -> list[tuple[tuple[int, int], int, int]]:
    return bead_steps(doc.gold)


def gold_band(doc: Document, half_width: int) -> Band:
    """A band of ``2 * half_width + 1`` cells a row around the gold path."""
    return path_band(gold_path(doc), doc.band.n, doc.band.m, half_width)


Step = tuple[tuple[int, int], int, int]


def path_features(
    feats: dict[tuple[int, int], np.ndarray], band: Band, path: Sequence[Step]
) -> np.ndarray:
    """Sum of the feature vectors of a path's beads: (F,)."""
    return sum((feats[s][i, j - band.lo[i]] for s, i, j in path), np.zeros(len(FEATURES)))


def perceptron(
    docs: Sequence[Document],
    shapes: Sequence[tuple[int, int]],
    init: np.ndarray,
    off: Sequence[str] = (),
    epochs: int = 20,
    rate: float = 0.05,
    cost: float = 1.0,
    half_width: int = 8,
) -> np.ndarray:
    """Averaged structured perceptron with cost-augmented decoding; returns weights (F,).

    The DP runs in a band around the gold path; every non-gold bead gets ``+cost`` during
    training, so the gold path must win by a margin.
    """
    from align.dp import NEG, best_path

    prepared = []
    for doc in docs:
        band = gold_band(doc, half_width)
        rows = np.arange(band.n + 1)
        feats, valid, is_gold = {}, {}, {}
        for s in shapes:
            feats[s], valid[s] = shape_features(doc.ctx, s, rows, band, off=off)
            is_gold[s] = np.zeros(valid[s].shape, bool)
        # Gold beads of shapes the aligner lacks (1-6, 3-5) become fixed, featureless steps.
        forced: dict[tuple[int, int], np.ndarray] = {}
        for s, i, j in gold_path(doc):
            if s not in is_gold:
                forced.setdefault(s, np.full(valid[shapes[0]].shape, NEG))[i, j - band.lo[i]] = 0.0
            else:
                is_gold[s][i, j - band.lo[i]] = True
        path = [p for p in gold_path(doc) if p[0] in is_gold]
        prepared.append((band, feats, valid, is_gold, forced, path_features(feats, band, path)))
    w = init.astype(np.float64).copy()
    total, count = np.zeros_like(w), 0
    for _ in range(epochs):
        for band, feats, valid, is_gold, forced, phi_gold in prepared:
            gains = {s: np.where(valid[s], feats[s] @ w + cost * ~is_gold[s], NEG) for s in shapes}
            pred = [p for p in best_path(gains | forced, band) if p[0] in feats]
            w += rate * (phi_gold - path_features(feats, band, pred))
            total += w
            count += 1
    return total / max(count, 1)


def train(
    docs: Sequence[Document],
    config: AlignConfig,
    *,
    mu: float = 2.0,
    epochs: int = 60,
) -> BeadModel:
    """Logistic regression on candidate beads, then the structured perceptron from there."""
    shapes, off = config.shapes, config.disabled_features
    tables = [candidate_table(d, shapes, off) for d in docs]
    x = np.concatenate([t[0] for t in tables])
    y = np.concatenate([t[1] for t in tables]).astype(np.float64)
    w0 = fit_logistic(x, y)
    w0[0] += mu  # the perceptron's linear gain starts near log p + mu
    w = perceptron(docs, shapes, w0, off, epochs=epochs)
    return BeadModel(tuple(float(v) for v in w), 0.0)


def cross_validate(
    docs: Sequence[Document], config: AlignConfig, **kw: float
) -> tuple[Scores, list[tuple[list[Bead], list[Bead]]], np.ndarray, np.ndarray]:
    """Leave-one-document-out: scores, (gold, test) pairs, and every output bead's posterior
    logit and logit (N, 2) and correctness (N,), for calibration."""
    from align.aligner import decode, path_beads

    pairs, evidence, correct = [], [], []
    for k, doc in enumerate(docs):
        model = train([d for q, d in enumerate(docs) if q != k], config, **kw)  # type: ignore[arg-type]
        path, posterior, z = decode(doc.ctx, doc.band, model, config)
        test = path_beads(path, posterior)
        gold = {(b.src, b.tgt) for b in doc.gold}
        evidence.append(np.stack([posterior_logit(posterior), z], axis=1))
        correct += [(t.src, t.tgt) in gold for t in test]
        pairs.append((list(doc.gold), test))
    return score_alignments(pairs), pairs, np.concatenate(evidence), np.array(correct)


def prepare(
    data_dir: Path,
    encoder: Encoder,
    config: AlignConfig,
    *,
    names: Sequence[str] | None = None,
) -> list[Document]:
    """Read and prepare every ``zh/NNN.txt``, ``en/NNN.txt``, ``gold/NNN.align`` of a folder."""
    from align.aligner import build_context

    docs = []
    for doc in corpus_documents(data_dir, names):
        zh, en = read_lines(doc.zh), read_lines(doc.en)
        gold = tuple(read_gold(doc, len(zh), len(en), any_order=False))
        ctx, band = build_context(zh, en, encoder, None, config, "zh", "en", no_progress)
        docs.append(Document(ctx, band, gold))
    return docs


def prepare_from_args(args: Sequence[str], usage: str, config: AlignConfig) -> list[Document]:
    """The documents of the DATA_DIR that ``args`` starts with (use-m3); exit with ``usage``
    when there is none. Shared by the training and ablation scripts."""
    import sys

    from align.encoders import load_encoder

    if not args or args[0].startswith("-") or not (Path(args[0]) / "zh").is_dir():
        sys.exit(usage)
    return prepare(Path(args[0]), load_encoder("use-m3"), config)


GapSetting = tuple[float, float, float]  # gap_open, gap_src, gap_tgt
GAP_GRID: tuple[GapSetting, ...] = tuple(
    itertools.product((-4.0, -6.0, -8.0, -10.0), (-2.0, -2.5, -3.0), (-2.0, -2.5, -3.0))
)


@dataclass(frozen=True, slots=True)
class GapDoc:
    """A (perturbed) chapter ready for decoding: its bead gains in its band and its gold."""

    chapter: str
    gains: dict[BeadShape, np.ndarray]
    band: Band
    gold: tuple[Bead, ...]


def prepare_gap_docs(
    data_dir: Path, encoder: Encoder, model: BeadModel, seed: int = 0
) -> list[GapDoc]:
    """Every chapter of ``data_dir`` and its perturbed copies (``align.bench.partial``), each
    prepared as the aligner does with ``model``."""
    from align.aligner import build_context
    from align.bench.partial import build_cases, read_chapters

    config = AlignConfig(model=model)
    docs = []
    for case in build_cases(read_chapters(data_dir), seed):
        src, tgt = list(case.src), list(case.tgt)
        ctx, band = build_context(src, tgt, encoder, None, config, "zh", "en", no_progress)
        docs.append(GapDoc(case.name, gains_for_band(ctx, band, model), band, case.gold))
    return docs


def decode_gaps(doc: GapDoc, model: BeadModel, setting: GapSetting) -> list[Bead]:
    """The aligner's output on ``doc`` with the gap gains ``setting``."""
    from align.aligner import path_beads

    gaps = replace(model, gap_open=setting[0], gap_src=setting[1], gap_tgt=setting[2])
    gaps_of = gaps.gaps(doc.band.n, doc.band.m)
    path, _ = mbr_path(doc.gains, doc.band, model.temperature, model.bead_cost, gaps_of)
    return path_beads(path, np.ones(len(path)))


def fit_gaps(
    docs: Sequence[GapDoc], model: BeadModel, grid: Sequence[GapSetting] = GAP_GRID
) -> tuple[GapSetting, Scores, dict[str, GapSetting]]:
    """The grid setting with the best strict F1 over all ``docs``; the leave-one-chapter-out
    scores (each chapter's copies decoded with the setting best on the other chapters) and the
    setting each chapter got."""
    outputs = {s: [decode_gaps(d, model, s) for d in docs] for s in grid}

    def f1(setting: GapSetting, keep: Sequence[bool]) -> float:
        pairs = [
            (list(d.gold), o) for d, o, k in zip(docs, outputs[setting], keep, strict=True) if k
        ]
        return score_alignments(pairs).f1_strict

    chapters = sorted({d.chapter for d in docs})
    chosen, held_out = {}, []
    for name in chapters:
        train_docs = [d.chapter != name for d in docs]
        chosen[name] = max(grid, key=lambda s: f1(s, train_docs))
        held_out += [
            (list(d.gold), o)
            for d, o in zip(docs, outputs[chosen[name]], strict=True)
            if d.chapter == name
        ]
    best = max(grid, key=lambda s: f1(s, [True] * len(docs)))
    return best, score_alignments(held_out), chosen


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m align.train DATA_DIR [OUT.json] [--gaps-only]``: cross-validate, fit on
    everything, then fit the gap gains; ``--gaps-only`` keeps the shipped weights."""
    import sys

    from align.encoders import load_encoder
    from align.scoring import default_model

    args = list(sys.argv[1:] if argv is None else argv)
    gaps_only = "--gaps-only" in args
    args = [a for a in args if a != "--gaps-only"]
    config = TRAIN_CONFIG
    usage = "usage: python -m align.train DATA_DIR [OUT.json] [--gaps-only] (zh/, en/, gold/)"
    if gaps_only:
        if not args or not (Path(args[0]) / "zh").is_dir():
            sys.exit(usage)
        model = default_model()
    else:
        docs = prepare_from_args(args, usage, config)
        scores, _, evidence, correct = cross_validate(docs, config)
        print(f"leave-one-out: strict F1 {scores.f1_strict:.4f}, lax F1 {scores.f1_lax:.4f}")
        model = replace(train(docs, config), calib=fit_calibration(evidence, correct))
    gap_docs = prepare_gap_docs(Path(args[0]), load_encoder("use-m3"), model)
    (g_open, g_src, g_tgt), loo, chosen = fit_gaps(gap_docs, model)
    print(f"gaps: open {g_open}, source {g_src}, target {g_tgt}; leave-one-chapter-out on the")
    print(f"perturbed copies: strict F1 {loo.f1_strict:.4f} (settings {chosen})")
    model = replace(model, gap_open=g_open, gap_src=g_src, gap_tgt=g_tgt)
    if len(args) > 1:
        atomic_write_text(Path(args[1]), model.to_json() + "\n")


if __name__ == "__main__":
    main()
