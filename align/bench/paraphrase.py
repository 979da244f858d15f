"""The shuffled benchmark for paraphrase mode (`glossalign bench-paraphrase`).

Each mac-dev chapter's English side is cut into blocks of 3-8 consecutive sentences and the
blocks are put in a seeded random order; the gold beads are renumbered with it. A link
``(i, j)`` is correct when some gold bead holds both ``i`` and ``j``. Recall counts gold
*pairs*: every (Chinese, English) sentence pair inside a gold bead, so a 1-3 bead needs three
links to be fully recalled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.beads import Bead
from align.bench.corpus import CorpusDocument, corpus_documents, read_gold, read_lines
from align.encoders import Encoder
from align.paraphrase import DEFAULT_MODEL, LinkModel, link_scores
from align.pipeline import blas_threads

THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95)


def cut_blocks(
    n: int, rng: np.random.Generator, shortest: int = 3, longest: int = 8
) -> tuple[range, ...]:
    """``range(n)`` cut into consecutive blocks of ``shortest..longest`` ids (random sizes);
    only the last block may be shorter."""
    blocks: list[range] = []
    start = 0
    while start < n:
        size = int(rng.integers(shortest, longest + 1))
        blocks.append(range(start, min(n, start + size)))
        start += size
    return tuple(blocks)


def block_order(n: int, seed: int, keep: float = 1.0) -> tuple[int, ...]:
    """A permutation of ``range(n)``, ``order[new] = old``: the blocks of ``cut_blocks``
    (drawn from ``default_rng(seed)``) in a random order, each kept in its own order.
    With ``keep < 1`` each block survives with that probability (a sparse retelling)."""
    rng = np.random.default_rng(seed)
    blocks = cut_blocks(n, rng)
    order = [int(b) for b in rng.permutation(len(blocks))]
    if keep < 1.0:
        survives = rng.random(len(blocks)) < keep
        order = [b for b in order if survives[b]]
    return tuple(old for b in order for old in blocks[b])


def gold_pairs(beads: Iterable[Bead], tgt_order: Sequence[int]) -> frozenset[tuple[int, int]]:
    """Every (source, target) pair inside a gold bead, target ids renumbered by
    ``tgt_order`` (``order[new] = old``, as from ``block_order``); pairs whose target sentence
    is not in ``tgt_order`` are left out."""
    new_id = {old: new for new, old in enumerate(tgt_order)}
    return frozenset((i, new_id[j]) for b in beads for i in b.src for j in b.tgt if j in new_id)


@dataclass(frozen=True, slots=True)
class Point:
    """Precision and recall of the links at or above ``threshold``."""

    threshold: float
    links: int
    correct: int
    precision: float
    recall: float


def pr_curve(
    scores: Sequence[np.ndarray],
    golds: Sequence[frozenset[tuple[int, int]]],
    thresholds: Sequence[float],
) -> tuple[Point, ...]:
    """Pooled precision/recall over documents; ``scores[d]`` is (n, m), recall over pairs."""
    total_gold = sum(len(g) for g in golds)
    points = []
    for t in thresholds:
        links = correct = 0
        for score, gold in zip(scores, golds, strict=True):
            rows, cols = np.nonzero(score >= t)
            links += len(rows)
            correct += sum((int(i), int(j)) in gold for i, j in zip(rows, cols, strict=True))
        points.append(
            Point(
                t,
                links,
                correct,
                correct / links if links else 1.0,
                correct / total_gold if total_gold else 1.0,
            )
        )
    return tuple(points)


@dataclass(frozen=True, slots=True)
class BenchResult:
    """Corpus size, the shuffle seed, the score at ``threshold`` and the table over
    ``THRESHOLDS`` (``--json`` prints it as one object)."""

    documents: int
    src_sentences: int
    tgt_sentences: int
    gold_pairs: int
    seed: int
    keep: float
    threshold: float
    at_threshold: Point
    table: tuple[Point, ...]


def run_bench(
    data_dir: Path,
    encoder: Encoder,
    seed: int,
    threshold: float,
    keep: float = 1.0,
    model: LinkModel = DEFAULT_MODEL,
) -> BenchResult:
    """Shuffle each ``en/NNN.txt`` (seed + document index, keeping each block with probability
    ``keep``), link it to ``zh/NNN.txt``, score."""
    documents = corpus_documents(data_dir)
    with blas_threads():
        scores, golds, n_src, n_tgt = _score_documents(documents, encoder, seed, keep, model)
    (at,) = pr_curve(scores, golds, (threshold,))
    return BenchResult(
        len(documents),
        n_src,
        n_tgt,
        sum(map(len, golds)),
        seed,
        keep,
        threshold,
        at,
        pr_curve(scores, golds, THRESHOLDS),
    )


def _score_documents(
    documents: Sequence[CorpusDocument],
    encoder: Encoder,
    seed: int,
    keep: float,
    model: LinkModel,
) -> tuple[list[np.ndarray], list[frozenset[tuple[int, int]]], int, int]:
    """Per document the link scores (n, m) against the shuffled English and the gold pairs;
    the sentence counts."""
    scores, golds = [], []
    n_src = n_tgt = 0
    for k, doc in enumerate(documents):
        src, tgt = read_lines(doc.zh), read_lines(doc.en)
        order = block_order(len(tgt), seed + k, keep)
        golds.append(gold_pairs(read_gold(doc, len(src), len(tgt)), order))
        scores.append(link_scores(src, [tgt[j] for j in order], encoder, "zh", "en", model))
        n_src += len(src)
        n_tgt += len(order)
    return scores, golds, n_src, n_tgt


def format_bench(result: BenchResult) -> str:
    """Human-readable summary and P/R table."""
    at = result.at_threshold
    lines = [
        f"documents {result.documents}, sentences {result.src_sentences} zh / "
        f"{result.tgt_sentences} en (shuffled in blocks of 3-8, seed {result.seed}"
        + (f", blocks kept with probability {result.keep:g}" if result.keep < 1 else "")
        + f"), gold pairs {result.gold_pairs}",
        f"threshold {at.threshold:.2f}: precision {at.precision:.3f} recall {at.recall:.3f} "
        f"({at.correct}/{at.links} links correct)",
        "",
        "threshold  links  precision  recall",
    ]
    lines += [
        f"{p.threshold:9.2f}  {p.links:5d}  {p.precision:9.3f}  {p.recall:6.3f}"
        for p in result.table
    ]
    return "\n".join(lines) + "\n"
