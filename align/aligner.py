"""Monotonic sentence alignment: embeddings + lexical evidence, scored by one linear bead model.

1. Encode the sentences; pass 1 chains confident 1-1 anchors and draws a band around them
   (small documents are searched whole).
2. Build k-sentence window vectors as normalised sums of sentence vectors, neighbourhood means
   for the margin, and lexical hits. A first DP over these gives each bead's probability; only
   the windows of the plausible multi-sentence beads are re-encoded as true concatenations,
   which a sum approximates poorly, and their single sentences cut into clauses where the
   other side's lengths say (``refine_context``).
3. Pass 2, in a band around the first DP's path: every bead shape of ``align.dp.SHAPES`` is
   scored by the bead model (``align/data/bead_model.json``). Forward-backward over the band
   gives each bead's probability of lying on the path, and the DP picks the path with the most
   expected right beads. Each output bead carries its calibrated probability of being right.

Text with no counterpart is left unaligned by jumps of the DP (``align.dp``), at the gap gains
of the bead model, wherever it lies; the length ratio is measured where the texts correspond.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from align.anchors import anchor_band, anchors, path_band, topk_similar
from align.beads import Bead, Lang, join_sentences
from align.clauses import cut_points, encode_clauses, encode_over, nearest_cuts
from align.compose import Blocks, composer_of, side_blocks
from align.dp import (
    SHAPES,
    Band,
    BeadShape,
    bead_posteriors,
    best_path,
    full_band,
    mbr_path,
    unaligned,
)
from align.encoders import Encoder
from align.lexical import marks
from align.progress import Progress, no_progress
from align.scoring import BeadModel, DocContext, default_model, gains_for_band
from align.timings import Timings, stage

Refine = Literal["path", "posterior"]


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Which signals the aligner uses (for ablations) and how it searches.

    ``disabled_features``: feature names (``align.scoring.FEATURES``) forced to 0. ``blocks``: how
    multi-sentence windows are embedded: every one as the encoded concatenation (``"concat"``),
    every one as the normalised sum of its sentence vectors (``"mean"``), or sums refined by
    concatenations where a first DP puts multi-sentence beads (``"auto"``). Sentences are cut
    into clauses (``align.clauses``) likewise: all of them at every cut, none, or as ``auto``
    refines. ``refine`` says which windows ``auto`` refines: those of the multi-sentence beads
    whose posterior exceeds ``plausible`` (``"posterior"``), over ``refine_rounds`` first DPs,
    with every sub-window (``sub_windows``) or only each bead's whole one, and the single
    sentence of those of the last round above ``plausible_cut`` cut at the ``clause_cuts``
    cuts nearest each split of the other side; or every window and
    cut around the first path's beads other than 1-1, widened by ``refine_reach`` sentences
    (``"path"``, the earlier method: 2.3x the texts). Composed windows and cuts (an encoder
    with a composer, ``align.compose``) are refined in one round: the windows of the beads
    above ``plausible_composed``, and the matched source cuts of the contested 1-b beads, those
    above ``plausible_cut`` but not above ``contested_cut`` (a sure bead's composed cuts serve
    it; 0 keeps every cut composed). Documents with at most
    ``full_cells`` grid cells are searched whole, others in a band of ``2 * band + 1`` cells a
    row. ``model=None`` uses the shipped bead model.
    """

    disabled_features: tuple[str, ...] = ()
    lexical: bool = True
    blocks: Blocks = "auto"
    refine: Refine = "posterior"
    plausible: float = 0.05
    refine_rounds: int = 2
    plausible_cut: float = 0.1
    plausible_composed: float = 0.2
    contested_cut: float = 0.5
    sub_windows: bool = True
    clause_cuts: int = 1
    refine_reach: int = 1
    max_window: int = 5
    band: int = 12
    full_cells: int = 40_000
    shapes: tuple[BeadShape, ...] = SHAPES
    model: BeadModel | None = field(default=None, compare=False)


def build_context(
    src: Sequence[str],
    tgt: Sequence[str],
    encoder: Encoder,
    band: Band | None,
    config: AlignConfig,
    src_lang: Lang,
    tgt_lang: Lang,
    progress: Progress,
    timings: Timings | None = None,
) -> tuple[DocContext, Band]:
    """Encode, draw the band (if not given) and collect every per-document quantity.

    With ``blocks="auto"`` the windows and the band are then refined (``refine_context``).
    ``timings`` records the ``features`` and ``dp`` stages."""
    progress("encode", 0, 2)
    composer = composer_of(encoder) if config.blocks == "auto" else None
    blocks, k_max = config.blocks, config.max_window
    src_win, src_clauses = side_blocks(src, src_lang, encoder, composer, blocks, k_max, progress)
    tgt_win, tgt_clauses = side_blocks(tgt, tgt_lang, encoder, composer, blocks, k_max, progress)
    src_vec, tgt_vec = src_win[0], tgt_win[0]
    n, m = len(src), len(tgt)
    top_idx, top_sim, tgt_top = topk_similar(src_vec, tgt_vec, 4)
    anchor_src, anchor_tgt = anchors(top_idx, top_sim)
    if band is None:
        full = (n + 1) * (m + 1) <= config.full_cells
        band = full_band(n, m) if full else anchor_band(anchor_src, anchor_tgt, n, m, config.band)
    progress("encode", 1, 2)
    src_nb, tgt_nb = top_sim.mean(axis=1), tgt_top.mean(axis=1)
    src_len = np.array([len(s) for s in src], np.float64)
    tgt_len = np.array([len(t) for t in tgt], np.float64)
    lex = None
    if config.lexical:
        from align.lexical import lexical_pairs

        pairs = list(zip(anchor_src.tolist(), anchor_tgt.tolist(), strict=True))
        with stage(timings, "features"):
            lex = lexical_pairs(
                src, tgt, band, src_lang, tgt_lang, reach=config.max_window, pairs=pairs
            )
    ratio = length_ratio(src_len, tgt_len, anchor_src, anchor_tgt)
    src_marks, tgt_marks = marks(src), marks(tgt)
    ctx = DocContext(
        src_win, tgt_win, src_len, tgt_len, src_nb, tgt_nb, ratio, src_marks, tgt_marks, lex,
        src_clauses, tgt_clauses,
    )  # fmt: skip
    if config.blocks == "auto":
        composed = composer is not None
        if composed:  # windows near the truth already: one round, surer beads
            config = replace(config, plausible=config.plausible_composed, refine_rounds=1)
        ctx, band = refine_context(
            ctx, band, src, tgt, encoder, config, src_lang, tgt_lang, timings, composed
        )
    progress("encode", 2, 2)
    return ctx, band


def length_ratio(
    src_len: np.ndarray, tgt_len: np.ndarray, anchor_src: np.ndarray, anchor_tgt: np.ndarray
) -> float:
    """Target characters a source character, over the stretches between consecutive anchors
    (and the document's ends) that translate each other: a stretch whose two sides are out of
    proportion by more than 2.5 times (3 sentences' worth of slack), text with no counterpart,
    is left out. ``*_len`` (n,), (m,); anchors (p,) as from ``align.anchors.anchors``. With no such
    stretch, the ratio of the whole documents. Out of proportion means against the median
    ratio of the stretches."""
    cs = np.concatenate([[0.0], np.cumsum(src_len)])
    ct = np.concatenate([[0.0], np.cumsum(tgt_len)])
    ds = np.diff(cs[np.concatenate([[0], anchor_src, [len(src_len)]])])
    dt = np.diff(ct[np.concatenate([[0], anchor_tgt, [len(tgt_len)]])])
    whole = float(ct[-1] / max(cs[-1], 1.0))
    both = (ds > 0) & (dt > 0)
    typical = float(np.median(dt[both] / ds[both])) if both.any() else whole
    slack = 3 * cs[-1] / max(len(src_len), 1) * typical
    keep = np.abs(np.log((dt + slack) / (ds * typical + slack))) <= np.log(2.5)
    if not keep.any() or ds[keep].sum() <= 0:
        return whole
    return float(dt[keep].sum() / ds[keep].sum())


def refine_context(
    ctx: DocContext,
    band: Band,
    src: Sequence[str],
    tgt: Sequence[str],
    encoder: Encoder,
    config: AlignConfig,
    src_lang: Lang,
    tgt_lang: Lang,
    timings: Timings | None = None,
    composed: bool = False,
) -> tuple[DocContext, Band]:
    """A first DP over ``ctx``'s summed windows: re-encode as true concatenations the windows
    of the multi-sentence beads it finds plausible (``refine_beads``), cut their single
    sentences at the clause points that match the other side, and narrow the band to
    ``2 * config.band + 1`` cells a row around its path (lax F1 is ≥ 0.99 there: only bead
    boundaries are left to decide). With ``refine_rounds`` > 1 the first DP runs again on the
    refined windows, and the beads that became plausible get their windows too."""
    n, m, k_max = band.n, band.m, config.max_window
    sub = config.refine == "path" or config.sub_windows
    model = config.model or default_model()
    src_done, tgt_done = windows_inside([], n, k_max), windows_inside([], m, k_max)
    rounds = 1 if config.refine == "path" else config.refine_rounds
    for last in (r == rounds - 1 for r in range(rounds)):
        with stage(timings, "features"):
            gains = gains_for_band(
                ctx, band, model, shapes=config.shapes, off=config.disabled_features
            )
        with stage(timings, "dp"):  # each search only where its result is used
            path = best_path(gains, band, model.gaps(n, m)) if last else []
            post = (
                {}
                if config.refine == "path"
                else bead_posteriors(gains, band, model.temperature, model.gaps(n, m))
            )
        beads, reach = refine_beads(path, post, band, config)
        # Cuts for the path's beads, or the last round's above a higher bar (surer by then).
        # Composed: a sure bead's composed cuts serve it, a contested one's are encoded.
        below = config.contested_cut if composed else 1.0
        cut = (
            beads
            if config.refine == "path"
            else plausible_beads(post, band, config.plausible_cut, below)
        )
        del gains, post  # before the next round's: both are (n+1, width) a shape
        src_spans = widen(sorted({(i - a, i) for a, _, i, _ in beads}), n, reach)
        tgt_spans = widen(sorted({(j - b, j) for _, b, _, j in beads}), m, reach)
        src_need = not_yet(windows_inside(src_spans, n, k_max, sub), src_done)
        tgt_need = not_yet(windows_inside(tgt_spans, m, k_max, sub), tgt_done)
        ctx = replace(
            ctx,
            src_win=refine_windows(src, ctx.src_win, src_need, src_lang, encoder),
            tgt_win=refine_windows(tgt, ctx.tgt_win, tgt_need, tgt_lang, encoder),
        )
    cuts = refine_cuts(src, tgt, cut, (src_spans, tgt_spans), config, (src_lang, tgt_lang))
    ctx = with_cuts(ctx, (src, tgt), cuts, (src_lang, tgt_lang), encoder, composed)
    return ctx, path_band(path, n, m, config.band)


def with_cuts(
    ctx: DocContext,
    sents: tuple[Sequence[str], Sequence[str]],
    cuts: tuple[Sequence[Sequence[int]], Sequence[Sequence[int]]],
    langs: tuple[Lang, Lang],
    encoder: Encoder,
    composed: bool,
) -> DocContext:
    """``ctx`` with the parts at ``cuts`` (per side, per sentence) encoded as the only cuts, or
    when every cut is ``composed`` (``align.compose``), the source side's over the composed
    parts: a 1-b bead's source cut weighs most in its score, and encoding the target side's
    too (a-1 beads) moved nothing but two Bible beads, for the worse."""
    if composed and ctx.src_clauses:
        src_cl = encode_over(ctx.src_clauses, sents[0], cuts[0], langs[0], encoder)
        tgt_cl = ctx.tgt_clauses
    else:
        src_cl = encode_clauses(sents[0], ctx.src_win[0], cuts[0], encoder)
        tgt_cl = encode_clauses(sents[1], ctx.tgt_win[0], cuts[1], encoder)
    return replace(ctx, src_clauses=src_cl, tgt_clauses=tgt_cl)


def not_yet(need: Sequence[np.ndarray], done: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The windows of ``need`` not in ``done`` (masks as from ``windows_inside``), which are
    then marked in ``done``: each window is encoded once over the rounds."""
    out = [w & ~d for w, d in zip(need, done, strict=True)]
    for d, w in zip(done, out, strict=True):
        d |= w
    return out


def refine_cuts(
    src: Sequence[str],
    tgt: Sequence[str],
    beads: Sequence[tuple[int, int, int, int]],
    spans: tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]],
    config: AlignConfig,
    langs: tuple[Lang, Lang],
) -> tuple[list[list[int]], list[list[int]]]:
    """The clause cuts to encode on each side (character offsets a sentence): every cut of the
    sentences in ``spans`` (``refine="path"``), else the cuts of the single sentence of each
    1-b (a-1) bead that match the other side (``split_cuts``), the only ones ever scored."""
    if config.refine == "path":
        return (
            [
                cut_points(s, langs[0]) if c else []
                for s, c in zip(src, covered(spans[0], len(src)), strict=True)
            ],
            [
                cut_points(t, langs[1]) if c else []
                for t, c in zip(tgt, covered(spans[1], len(tgt)), strict=True)
            ],
        )
    flipped = [(b, a, j, i) for a, b, i, j in beads]
    return (
        split_cuts(src, tgt, beads, langs[0], config.clause_cuts),
        split_cuts(tgt, src, flipped, langs[1], config.clause_cuts),
    )


def refine_beads(
    path: Sequence[tuple[BeadShape, int, int]],
    post: dict[BeadShape, np.ndarray],
    band: Band,
    config: AlignConfig,
) -> tuple[list[tuple[int, int, int, int]], int]:
    """The beads ``(a, b, i_end, j_end)`` whose windows are worth encoding, and how many
    sentences to widen them by: the path's beads other than 1-1, widened by
    ``config.refine_reach`` (``refine="path"``), or the plausible multi-sentence beads
    (``plausible_beads``), as they are."""
    if config.refine == "path":
        return [(a, b, i, j) for (a, b), i, j in path if (a, b) != (1, 1)], config.refine_reach
    return plausible_beads(post, band, config.plausible), 0


def split_cuts(
    sents: Sequence[str],
    other: Sequence[str],
    beads: Sequence[tuple[int, int, int, int]],
    lang: Lang,
    per_split: int,
) -> list[list[int]]:
    """The clause cuts worth encoding in each sentence of ``sents``: for every 1-b bead
    ``(1, b, i_end, j_end)``, b > 1, the ``per_split`` cuts of its sentence nearest in length
    share to each split of its b ``other`` sentences (the translator's own cut)."""
    chosen: list[set[int]] = [set() for _ in sents]
    for a, b, i, j in beads:
        if a != 1 or b < 2:
            continue
        sent = sents[i - 1]
        points = cut_points(sent, lang)
        lengths = np.cumsum([len(t) for t in other[j - b : j]])
        for q in range(1, b):
            share = lengths[q - 1] / max(lengths[-1], 1)
            chosen[i - 1].update(nearest_cuts(points, len(sent), share, per_split))
    return [sorted(c) for c in chosen]


def plausible_beads(
    post: dict[BeadShape, np.ndarray], band: Band, threshold: float, below: float = 1.0
) -> list[tuple[int, int, int, int]]:
    """Beads ``(a, b, i_end, j_end)`` with more than one sentence on a side whose posterior
    (``align.dp.bead_posteriors``, (n+1, width) a shape) exceeds ``threshold`` (and is at most
    ``below``)."""
    out: list[tuple[int, int, int, int]] = []
    for (a, b), p in post.items():
        if max(a, b) < 2 or min(a, b) < 1:
            continue
        rows, cols = np.nonzero((p > threshold) & (p <= below))
        js = band.lo[rows] + cols
        out += [(a, b, i, j) for i, j in zip(rows.tolist(), js.tolist(), strict=True)]
    return out


def widen(spans: Sequence[tuple[int, int]], n: int, reach: int) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of one side widened by ``reach`` sentences, clipped to ``0..n``.
    An empty span (the other side's insertion) still widens to the sentences around it."""
    return [(max(start - reach, 0), min(end + reach, n)) for start, end in spans]


def covered(spans: Sequence[tuple[int, int]], n: int) -> np.ndarray:
    """Which of ``n`` sentences lie in a span: (n,) bool."""
    out = np.zeros(n, bool)
    for start, end in spans:
        out[start:end] = True
    return out


def windows_inside(
    spans: Sequence[tuple[int, int]], n: int, k_max: int, sub: bool = True
) -> list[np.ndarray]:
    """Which multi-sentence windows lie inside a span (``sub``) or are one (not ``sub``):
    ``out[k-1]`` is a bool mask (n-k+1,), k = 1..k_max; k = 1 is never needed (sentence
    vectors are exact)."""
    out = [np.zeros(max(n - k + 1, 0), bool) for k in range(1, k_max + 1)]
    for lo, hi in spans:
        for k in range(2 if sub else hi - lo, min(k_max, hi - lo) + 1):
            out[k - 1][lo : hi - k + 1] = True
    return out


def refine_windows(
    sents: Sequence[str],
    windows: tuple[np.ndarray, ...],
    need: Sequence[np.ndarray],
    lang: Lang,
    encoder: Encoder,
) -> tuple[np.ndarray, ...]:
    """``windows`` (``window_vectors``) with the rows marked in ``need`` re-encoded as the true
    concatenation of their sentences."""
    starts = [np.nonzero(mask)[0] for mask in need]
    texts = [
        join_sentences(sents[s : s + k], lang)
        for k, ss in enumerate(starts, 1)
        for s in ss.tolist()
    ]
    if not texts:
        return windows
    enc = encoder.encode(texts)
    out, pos = [], 0
    for win, ss in zip(windows, starts, strict=True):
        win = win.copy()
        win[ss] = enc[pos : pos + len(ss)]
        pos += len(ss)
        out.append(win)
    return tuple(out)


def align_context(
    ctx: DocContext,
    band: Band,
    config: AlignConfig,
    progress: Progress = no_progress,
    timings: Timings | None = None,
) -> list[Bead]:
    """Pass 2 on a prepared document: the path with the most expected right beads
    (``BeadModel``), each bead with its calibrated score."""
    model = config.model or default_model()
    progress("align", 0, 1)
    path, posterior, z = decode(ctx, band, model, config, timings)
    progress("align", 1, 1)
    return path_beads(path, bead_scores(model, path, posterior, z))


def decode(
    ctx: DocContext,
    band: Band,
    model: BeadModel,
    config: AlignConfig,
    timings: Timings | None = None,
) -> tuple[list[tuple[BeadShape, int, int]], np.ndarray, np.ndarray]:
    """The bead model's path ``[(shape, i_end, j_end), ...]`` (``align.dp.mbr_path``), and the
    posterior and logit ``z`` of each of its beads (len(path),), (len(path),). A one-sided
    bead's posterior is the probability that its sentence has no counterpart
    (``align.dp.unaligned``), its ``z`` 0: it may come from a jump, outside the band."""
    with stage(timings, "features"):
        gains = gains_for_band(ctx, band, model, shapes=config.shapes, off=config.disabled_features)
    gaps = model.gaps(band.n, band.m)
    with stage(timings, "dp"):
        path, post = mbr_path(gains, band, model.temperature, model.bead_cost, gaps)
    free_src, free_tgt = unaligned(post, band)
    posterior, z = np.zeros(len(path)), np.zeros(len(path))
    for k, ((a, b), i, j) in enumerate(path):
        if a and b:
            t = j - band.lo[i]
            posterior[k], z[k] = post[a, b][i, t], gains[a, b][i, t] - model.mu
        else:
            posterior[k] = free_src[i - 1] if a else free_tgt[j - 1]
    return path, posterior, z


def bead_scores(
    model: BeadModel,
    path: Sequence[tuple[BeadShape, int, int]],
    posterior: np.ndarray,
    z: np.ndarray,
) -> np.ndarray:
    """Each bead's reported score (len(path),): the calibrated ``model.score`` of a bead with
    both sides, the probability of having no counterpart of a one-sided bead."""
    two_sided = np.array([a > 0 and b > 0 for (a, b), _, _ in path], bool)
    return np.where(two_sided, model.score(posterior, z), posterior)


def path_beads(path: Sequence[tuple[BeadShape, int, int]], scores: np.ndarray) -> list[Bead]:
    """DP steps ``(shape, i_end, j_end)`` as beads with these scores (len(path),)."""
    return [
        Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), float(p))
        for ((a, b), i, j), p in zip(path, scores, strict=True)
    ]


def align_sentences(
    src: list[str],
    tgt: list[str],
    encoder: Encoder,
    *,
    src_lang: Lang = "zh",
    tgt_lang: Lang = "en",
    progress: Progress | None = None,
    config: AlignConfig = AlignConfig(),
    timings: Timings | None = None,
) -> list[Bead]:
    """Align ``src`` to ``tgt`` monotonically: every sentence of both sides in exactly one bead.

    Beads are 1-1 up to 1-5/5-1, 2-4/4-2, 3-3, plus insertions (0-1) and deletions (1-0), each
    with the calibrated probability that it is correct as ``score`` (for an insertion or a
    deletion: that its sentence has no counterpart). Text with no counterpart anywhere (a
    translated excerpt against the whole book, a missing passage) comes out as a run of
    insertions or deletions. Deterministic. ``timings`` records the ``features`` and ``dp``
    stages.
    """
    progress = progress or no_progress
    if not src or not tgt:
        return [Bead((i,), (), 1.0) for i in range(len(src))] + [
            Bead((), (j,), 1.0) for j in range(len(tgt))
        ]
    ctx, band = build_context(
        src, tgt, encoder, None, config, src_lang, tgt_lang, progress, timings
    )
    return align_context(ctx, band, config, progress, timings)
