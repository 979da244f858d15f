"""Bead features and the linear bead model that turns them into a DP gain and a probability.

A bead of shape ``(a, b)`` ending at band cell ``(i, j)`` pairs the source window starting at
``s = i - a`` (``a`` sentences) with the target window starting at ``u = j - b``. Its features are
computed for a chunk of band rows at once, as ``(rows, width, F)`` arrays.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from align.clauses import Clauses
from align.dp import NEG, SHAPES, Band, BeadShape, Gaps, uniform_gaps
from align.windowcos import SKIP_REACH, WindowCos

NUMERIC = (
    "cos", "margin", "len_dev", "min_member", "lex_src", "lex_tgt", "lex_both",
    "skip_nb", "skip_len", "margin_multi", "member_multi", "len_multi", "split_cos",
    "marks_diff", "skip_local", "clause_src", "clause_tgt",
)  # fmt: skip
# Bead-type priors: an indicator each for the common shapes and the skips; any other shape is
# described by its size alone (extra sentences on each side, both sides merged), so a shape
# rare in the training gold (3-1: none of the 1,343 mac-dev beads) gets a smooth prior that carries
# over to texts where it is common (2.9% of Bible 001 beads), not a noisy weight of its own.
PRIOR_SHAPES: tuple[BeadShape, ...] = ((1, 2), (2, 1), (1, 3), (0, 1), (1, 0))
SHAPE_FEATURES = (
    *(f"shape_{a}_{b}" for a, b in PRIOR_SHAPES), "extra_src", "extra_tgt", "both_multi",
)  # fmt: skip
FEATURES = ("bias", *NUMERIC, *SHAPE_FEATURES)
_COL = {name: k for k, name in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class LexPairs:
    """Lexical hits between source sentence ``i`` and target sentence ``lo[i] + t``.

    ``src_hits[i, t]``: source units of ``i`` found in that target sentence; ``tgt_hits[i, t]``:
    target content tokens of it explained by ``i``; ``src_units`` (n,), ``tgt_units`` (m,) are
    the totals.
    """

    lo: np.ndarray
    src_hits: np.ndarray
    tgt_hits: np.ndarray
    src_units: np.ndarray
    tgt_units: np.ndarray


@dataclass(frozen=True, slots=True)
class DocContext:
    """Everything the features need about one document pair.

    ``src_win[k-1]``: (n-k+1, d) vectors of the k-sentence source windows (likewise target);
    ``*_len`` (n,)/(m,) character counts; ``*_nb`` mean top-k similarity of each sentence to the
    other side (the margin's neighbourhood); ``ratio`` target/source characters in the document;
    ``*_marks`` (n, 3)/(m, 3) counts of question marks, exclamation marks and opening quotes;
    ``*_clauses`` the part vectors of each sentence cut at its clause points.
    """

    src_win: tuple[np.ndarray, ...]
    tgt_win: tuple[np.ndarray, ...]
    src_len: np.ndarray
    tgt_len: np.ndarray
    src_nb: np.ndarray
    tgt_nb: np.ndarray
    ratio: float
    src_marks: np.ndarray
    tgt_marks: np.ndarray
    lex: LexPairs | None = None
    src_clauses: Clauses | None = None
    tgt_clauses: Clauses | None = None


_GAP_DEFAULTS = {"gap_open": -12.0, "gap_src": -1.0, "gap_tgt": -1.0}


@dataclass(frozen=True, slots=True)
class BeadModel:
    """A linear bead score ``z = w . x``; the best path maximises the sum of ``z + mu``.

    The weights are trained on whole paths (``align.train``). The aligner weighs every path by
    ``exp(sum / temperature)``, takes each bead's probability of lying on the path
    (``align.dp.bead_posteriors``) and outputs the path with the most expected right beads less
    ``bead_cost`` a bead. ``calib`` (alpha, gamma, beta) maps a bead's posterior ``p`` and its
    own ``z`` to the reported score ``sigmoid(alpha * logit(p) + gamma * z + beta)``, fitted on
    leave-one-out output beads: the posterior says whether a rival reading is close, ``z``
    whether the bead is good at all.

    ``gap_open``, ``gap_src``, ``gap_tgt``: the gain of leaving a stretch of text with no
    counterpart unaligned (``align.dp.Gaps``): once a stretch, and for each of its source and
    target sentences, fitted on documents with passages cut out (``align.train.fit_gaps``).
    """

    weights: tuple[float, ...]
    mu: float = 0.0
    calib: tuple[float, float, float] = (1.0, 0.0, 0.0)
    temperature: float = 1.0
    bead_cost: float = 0.3
    gap_open: float = _GAP_DEFAULTS["gap_open"]
    gap_src: float = _GAP_DEFAULTS["gap_src"]
    gap_tgt: float = _GAP_DEFAULTS["gap_tgt"]

    def gaps(self, n: int, m: int) -> Gaps:
        """The gap gains for ``n`` source and ``m`` target sentences."""
        return uniform_gaps(n, m, self.gap_open, self.gap_src, self.gap_tgt)

    def logit(self, x: np.ndarray) -> np.ndarray:
        """``x`` (..., F) -> (...)."""
        return x @ np.asarray(self.weights, np.float32)

    def gain(self, x: np.ndarray) -> np.ndarray:
        return self.logit(x) + self.mu

    def score(self, posterior: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Calibrated scores of beads with these posteriors and logits: (k,), (k,) -> (k,)."""
        a, c, b = self.calib
        return 1.0 / (1.0 + np.exp(-(a * posterior_logit(posterior) + c * z + b)))

    def to_json(self) -> str:
        w = dict(zip(FEATURES, self.weights, strict=True))
        data = {
            "weights": w, "mu": self.mu, "calib": list(self.calib),
            "temperature": self.temperature, "bead_cost": self.bead_cost,
            "gap_open": self.gap_open, "gap_src": self.gap_src, "gap_tgt": self.gap_tgt,
        }  # fmt: skip
        return json.dumps(data, indent=1)

    @staticmethod
    def from_json(text: str) -> BeadModel:
        data = json.loads(text)
        w = data["weights"]
        return BeadModel(
            tuple(float(w.get(f, 0.0)) for f in FEATURES), float(data["mu"]),
            (float(data["calib"][0]), float(data["calib"][1]), float(data["calib"][2])),
            float(data.get("temperature", 1.0)), float(data.get("bead_cost", 0.3)),
            *(float(data.get(k, d)) for k, d in _GAP_DEFAULTS.items()),
        )  # fmt: skip


def posterior_logit(p: np.ndarray) -> np.ndarray:
    """``log(p / (1 - p))``, clipped so that certain beads stay finite: (k,) -> (k,)."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


@functools.cache  # each document asks twice (first DP and pass 2)
def default_model() -> BeadModel:
    """The model shipped in ``align/data/bead_model.json``."""
    text = resources.files("align").joinpath("data/bead_model.json").read_text("utf-8")
    return BeadModel.from_json(text)


def window_cos(ctx: DocContext, band: Band, rows: np.ndarray) -> WindowCos:
    """The window and clause cosines of ``ctx`` near the band rows ``rows``."""
    clauses = (ctx.src_clauses, ctx.tgt_clauses)
    return WindowCos(ctx.src_win, ctx.tgt_win, band, rows, clauses)


def _skip_local(
    ctx: DocContext, rows: np.ndarray, j: np.ndarray, src: bool, wc: WindowCos
) -> np.ndarray:
    """Best cosine of each skipped sentence to the other side's sentences near its cell, rows
    ``i - reach .. i + reach - 1`` (an insertion) or columns ``j - reach .. j + reach - 1``
    (a deletion), ``reach`` = ``SKIP_REACH``: a skipped sentence should have no translation
    nearby. ``rows`` (r,), ``j`` (r, w) -> (r, w)."""
    n, m = len(ctx.src_win[0]), len(ctx.tgt_win[0])
    best = np.full(j.shape, -1.0, np.float32)
    skipped = np.clip(rows - 1, 0, n - 1)  # deletion of source sentence i - 1
    u = np.clip(j - 1, 0, m - 1)  # insertion of target sentence j - 1
    for off in range(-SKIP_REACH, SKIP_REACH):
        if src:
            sim = wc(1, skipped, 1, np.clip(j + off, 0, m - 1))
        else:
            sim = wc(1, np.clip(rows + off, 0, n - 1), 1, u)
        best = np.maximum(best, sim)
    return best


def _window_sums(values: np.ndarray, start: np.ndarray, k: int) -> np.ndarray:
    """Sum of the ``values`` (n,) or (n, c) rows ``start .. start + k - 1``, in float64, for
    ``start`` of any shape -> ``start.shape`` or (*start.shape, c)."""
    zero = np.zeros((1, *values.shape[1:]))
    prefix = np.concatenate([zero, np.cumsum(values, axis=0, dtype=np.float64)])
    return prefix[start + k] - prefix[start]


def _min_member(
    cos: np.ndarray, wc: WindowCos, a: int, b: int, sc: np.ndarray, uc: np.ndarray
) -> np.ndarray:
    """The bead's cosine, lowered to its worst member's: every sentence of a multi-sentence
    bead should match the other side on its own. (rows, width)."""
    member = cos.copy()
    for q in range(b if b > 1 else 0):
        member = np.minimum(member, wc(a, sc, 1, uc + q))
    for p in range(a if a > 1 else 0):
        member = np.minimum(member, wc(1, sc + p, b, uc))
    return member


def _skip_features(
    ctx: DocContext,
    x: np.ndarray,
    rows: np.ndarray,
    j: np.ndarray,
    sc: np.ndarray,
    uc: np.ndarray,
    wc: WindowCos,
    *,
    insertion: bool,
) -> None:
    """Fill the features of an insertion (0-1) or a deletion (1-0) into ``x`` (rows, width, F)."""
    if insertion:
        x[..., _COL["skip_nb"]] = ctx.tgt_nb[uc]
        x[..., _COL["skip_len"]] = np.log1p(ctx.tgt_len[uc])
        x[..., _COL["skip_local"]] = _skip_local(ctx, rows, j, False, wc)
    else:
        x[..., _COL["skip_nb"]] = ctx.src_nb[sc][:, None]
        x[..., _COL["skip_len"]] = np.log1p(ctx.src_len[sc])[:, None]
        x[..., _COL["skip_local"]] = _skip_local(ctx, rows, j, True, wc)


def shape_features(
    ctx: DocContext,
    shape: BeadShape,
    rows: np.ndarray,
    band: Band,
    *,
    off: Sequence[str] = (),
    wc: WindowCos | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Features ``(len(rows), width, F)`` float32 and validity mask of beads ending at the rows.

    Features named in ``off`` are left at 0 (ablation). ``wc``: the window cosines near these
    rows, shared by the shapes (made here if not given).
    """
    a, b = shape
    wc = wc or window_cos(ctx, band, rows)
    n, m, width = band.n, band.m, band.width
    j = band.lo[rows][:, None] + np.arange(width)
    s = rows - a
    u = j - b
    valid = (s >= 0)[:, None] & (u >= 0) & (j <= m)
    if a > 0:
        valid &= (s + a <= n)[:, None]
    sc = np.clip(s, 0, n - max(a, 1))
    uc = np.clip(u, 0, m - max(b, 1))
    x = np.zeros((*j.shape, len(FEATURES)), np.float32)
    x[..., 0] = 1.0
    if shape in PRIOR_SHAPES:
        x[..., _COL[f"shape_{a}_{b}"]] = 1.0
    if a and b:
        _both_sides_features(ctx, x, a, b, sc, uc, wc)
    else:
        _skip_features(ctx, x, rows, j, sc, uc, wc, insertion=b > 0)
    for name in off:
        x[..., _COL[name]] = 0.0
    return x, valid


def _both_sides_features(
    ctx: DocContext,
    x: np.ndarray,
    a: int,
    b: int,
    sc: np.ndarray,
    uc: np.ndarray,
    wc: WindowCos,
) -> None:
    """Fill the features of an (a, b) bead, a and b > 0, into ``x`` (rows, width, F)."""
    x[..., _COL["extra_src"]] = a - 1
    x[..., _COL["extra_tgt"]] = b - 1
    x[..., _COL["both_multi"]] = float(a > 1 and b > 1)
    cos = wc(a, sc, b, uc)
    x[..., _COL["cos"]] = cos
    nb_s = _window_sums(ctx.src_nb, sc, a) / a
    nb_t = _window_sums(ctx.tgt_nb, uc, b) / b
    x[..., _COL["margin"]] = cos - 0.5 * (nb_s[:, None] + nb_t)
    len_s = _window_sums(ctx.src_len, sc, a)
    len_t = _window_sums(ctx.tgt_len, uc, b)
    dev = np.log((len_s[:, None] * ctx.ratio + 20.0) / (len_t + 20.0))
    x[..., _COL["len_dev"]] = dev**2
    member = _min_member(cos, wc, a, b, sc, uc)
    x[..., _COL["min_member"]] = member
    if a + b > 2:  # multi-sentence beads get their own slopes
        x[..., _COL["margin_multi"]] = x[..., _COL["margin"]]
        x[..., _COL["member_multi"]] = member
        x[..., _COL["len_multi"]] = dev**2
    if a > 1 and b > 1:
        x[..., _COL["split_cos"]] = _split_cos(wc, a, b, sc, uc)
    marks_s = _window_sums(ctx.src_marks, sc, a)
    marks_t = _window_sums(ctx.tgt_marks, uc, b)
    x[..., _COL["marks_diff"]] = np.abs(marks_s[:, None, :] - marks_t).sum(axis=-1)
    if ctx.lex is not None:
        _lexical(ctx.lex, sc, uc, a, b, x)
    if a == 1 and b > 1 and ctx.src_clauses is not None:
        x[..., _COL["clause_src"]] = _clause_fit(wc, ctx.src_clauses, a, b, sc, uc)
    if b == 1 and a > 1 and ctx.tgt_clauses is not None:
        x[..., _COL["clause_tgt"]] = _clause_fit(wc, ctx.tgt_clauses, a, b, sc, uc)


def _split_cos(wc: WindowCos, a: int, b: int, sc: np.ndarray, uc: np.ndarray) -> np.ndarray:
    """Best two-bead split of an (a, b) bead, by the weaker part's cosine: (r, w).

    Two good 1-1 beads also make a good-looking 2-2 bead; this is what tells them apart.
    """
    best = np.full(uc.shape, -1.0, np.float32)
    for a1 in range(1, a):
        for b1 in range(1, b):
            first = wc(a1, sc, b1, uc)
            second = wc(a - a1, sc + a1, b - b1, uc + b1)
            best = np.maximum(best, np.minimum(first, second))
    return best


def _clause_fit(
    wc: WindowCos, cl: Clauses, a: int, b: int, sc: np.ndarray, uc: np.ndarray
) -> np.ndarray:
    """A 1-b bead's source sentence (or an a-1 bead's target sentence) cut at its best clause
    point, its two parts against the other side's window cut in two, by the weaker part's
    cosine: (r, w)."""
    src = a == 1
    count = np.broadcast_to(cl.count[sc][:, None], uc.shape) if src else cl.count[uc]
    best = np.full(uc.shape, -1.0, np.float32)
    for k in range(int(count.max())):
        rows = cl.rows(sc if src else uc, k)
        for q in range(1, b if src else a):
            if src:
                first = wc.src_part("prefix", rows, q, uc)
                second = wc.src_part("suffix", rows, b - q, uc + q)
            else:
                first = wc.tgt_part(q, sc, "prefix", rows)
                second = wc.tgt_part(a - q, sc + q, "suffix", rows)
            best = np.where(k < count, np.maximum(best, np.minimum(first, second)), best)
    return best


def _lexical(lex: LexPairs, sc: np.ndarray, uc: np.ndarray, a: int, b: int, x: np.ndarray) -> None:
    """Coverage of the source units by the target window and of the target tokens by the source.

    Sums per-sentence-pair hits, capped by each sentence's own total (an approximation of the
    union that keeps everything a vectorised gather).
    """
    width_lex = lex.src_hits.shape[1]
    src_cov = np.zeros(uc.shape, np.float32)
    tgt_hit_sum = np.zeros((b, *uc.shape), np.float32)
    for p in range(a):
        i = sc + p
        hits = np.zeros(uc.shape, np.float32)
        for q in range(b):
            t = uc + q - lex.lo[i][:, None]
            ok = (t >= 0) & (t < width_lex)
            tc = np.clip(t, 0, width_lex - 1)
            hits += np.where(ok, np.take_along_axis(lex.src_hits[i], tc, axis=1), 0)
            tgt_hit_sum[q] += np.where(ok, np.take_along_axis(lex.tgt_hits[i], tc, axis=1), 0)
        src_cov += np.minimum(hits, lex.src_units[i][:, None])
    src_total = sum(lex.src_units[sc + p] for p in range(a))[:, None]
    tgt_cov = sum(np.minimum(tgt_hit_sum[q], lex.tgt_units[uc + q]) for q in range(b))
    tgt_total = sum(lex.tgt_units[uc + q] for q in range(b))
    rs = src_cov / np.maximum(src_total, 1)
    rt = tgt_cov / np.maximum(tgt_total, 1)
    x[..., _COL["lex_src"]] = rs
    x[..., _COL["lex_tgt"]] = rt
    x[..., _COL["lex_both"]] = 2 * rs * rt / np.maximum(rs + rt, 1e-6)


def gains_for_band(
    ctx: DocContext,
    band: Band,
    model: BeadModel,
    *,
    shapes: Sequence[BeadShape] = SHAPES,
    off: Sequence[str] = (),
    chunk_cells: int = 1 << 16,
) -> dict[BeadShape, np.ndarray]:
    """DP gains ``(n+1, width)`` per shape (``NEG`` where the bead is impossible). The rows go
    in chunks of about ``chunk_cells`` cells, each with its window cosines (``WindowCos``)."""
    out = {shape: np.full((band.n + 1, band.width), NEG, np.float64) for shape in shapes}
    step = max(1, chunk_cells // band.width)
    fits = [s for s in shapes if s[0] <= band.n and s[1] <= band.m]
    for start in range(0, band.n + 1, step):
        rows = np.arange(start, min(start + step, band.n + 1))
        wc = window_cos(ctx, band, rows)
        for shape in fits:
            x, valid = shape_features(ctx, shape, rows, band, off=off, wc=wc)
            out[shape][rows] = np.where(valid, model.gain(x), NEG)
    return out
