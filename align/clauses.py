"""Clause cuts inside a sentence, and the vectors of the two parts at each cut.

A translator who renders one sentence as two usually cuts it at a clause boundary (a comma, a
colon, a closing quote). When a bead pairs one sentence with several, the sentence's best cut
should give two parts that each match one part of the other side; a sentence of the neighbouring
bead wrongly attached matches no part. A cosine over the whole bead cannot tell these apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.beads import Lang
from align.encoders import Encoder

# Chinese: after clause punctuation, or after a sentence mark closed by a quote (“…？”他说).
_ZH_CUT = re.compile(r"[，；：,;:]+[”」’』]?|[。？！…]+[”」’』]+|——")
_EN_CUT = re.compile(r"[,;:][”’\"']?\s+|\s[—–-]{1,2}\s+|—")
MAX_CUTS = 6
_ENCODE_CUTS = 8192  # cuts encoded per call


@dataclass(frozen=True, slots=True)
class Clauses:
    """Part vectors of each sentence cut at its clause points.

    The k-th cut of sentence ``i`` (``k < count[i]``) is row ``start[i] + k`` of ``prefix`` and
    ``suffix`` (C, d): the vectors of the sentence up to and after that cut. A sentence without
    a cut has one row holding its own vector in both. ``start``, ``count``: (n,).
    """

    start: np.ndarray
    count: np.ndarray
    prefix: np.ndarray
    suffix: np.ndarray

    def rows(self, i: np.ndarray, k: int) -> np.ndarray:
        """Row of the k-th cut of the sentences ``i`` (any shape), the last cut where there are
        fewer (mask with ``k < count[i]``); non-decreasing in ``i``."""
        return self.start[i] + np.minimum(k, self.count[i] - 1)


def cut_points(sentence: str, lang: Lang, k_max: int = MAX_CUTS) -> list[int]:
    """Character offsets where ``sentence`` may be cut into two clauses (not at its ends), at
    most ``k_max`` of them, spread evenly over the sentence's cuts."""
    cut = _ZH_CUT if lang == "zh" else _EN_CUT
    end = len(sentence.rstrip()) - 1
    points = [m.end() for m in cut.finditer(sentence) if 0 < m.end() < end]
    if len(points) > k_max:
        pick = np.linspace(0, len(points) - 1, k_max).round().astype(int)
        points = [points[p] for p in pick]
    return points


def clause_vectors(
    sents: Sequence[str],
    vecs: np.ndarray,
    lang: Lang,
    encoder: Encoder,
    cut: np.ndarray | None = None,
    k_max: int = MAX_CUTS,
) -> Clauses:
    """Encode both parts of every sentence at each of its cuts; ``vecs`` (n, d) are the
    sentence vectors, used for sentences without a cut and those left out of ``cut`` (n,) bool
    (default: all are cut)."""
    cuts = [
        cut_points(s, lang, k_max) if cut is None or cut[i] else [] for i, s in enumerate(sents)
    ]
    return encode_clauses(sents, vecs, cuts, encoder)


def nearest_cuts(points: Sequence[int], length: int, share: float, count: int = 1) -> list[int]:
    """The ``count`` cut points (character offsets) of a sentence of ``length`` characters whose
    prefix holds the share of the characters nearest ``share`` (0..1)."""
    order = sorted(points, key=lambda c: (abs(c / max(length, 1) - share), c))
    return order[:count]


def encode_clauses(
    sents: Sequence[str], vecs: np.ndarray, cuts: Sequence[Sequence[int]], encoder: Encoder
) -> Clauses:
    """Encode both parts of each sentence at each of its ``cuts`` (character offsets, ascending;
    none: the sentence stands for both parts). ``vecs`` (n, d): the sentence vectors."""
    texts = [
        part.strip()
        for s, cs in zip(sents, cuts, strict=True)
        for c in cs
        for part in (s[:c], s[c:])
    ]
    if not texts:  # every sentence stands for both its parts: no copy of ``vecs``
        return Clauses(np.arange(len(sents)), np.ones(len(sents), np.int64), vecs, vecs)
    count = np.array([max(len(cs), 1) for cs in cuts], np.int64)
    start = np.cumsum(count) - count
    uncut = np.array([not cs for cs in cuts], bool)
    # Rows of the cut sentences' parts, in the order of ``texts``.
    rows = np.array([start[i] + k for i, cs in enumerate(cuts) for k in range(len(cs))], np.int64)
    prefix = np.empty((int(count.sum()), vecs.shape[1]), np.float32)
    suffix = np.empty_like(prefix)
    # In slices: the encoder's output for every part at once would double peak memory.
    for lo in range(0, len(rows), _ENCODE_CUTS):
        parts = encoder.encode(texts[2 * lo : 2 * (lo + _ENCODE_CUTS)])
        prefix[rows[lo : lo + _ENCODE_CUTS]] = parts[0::2]
        suffix[rows[lo : lo + _ENCODE_CUTS]] = parts[1::2]
    prefix[start[uncut]] = suffix[start[uncut]] = vecs[uncut]
    return Clauses(start, count, prefix, suffix)


def encode_over(
    clauses: Clauses,
    sents: Sequence[str],
    cuts: Sequence[Sequence[int]],
    lang: Lang,
    encoder: Encoder,
) -> Clauses:
    """``clauses`` of ``sents`` cut at all their clause points (``cut_points``), with the parts
    at ``cuts`` (character offsets a sentence, among its clause points) encoded instead."""
    rows, texts = [], []
    for i, (s, cs) in enumerate(zip(sents, cuts, strict=True)):
        points = cut_points(s, lang)
        for c in cs:
            rows.append(int(clauses.start[i]) + points.index(c))
            texts += [s[:c].strip(), s[c:].strip()]
    if not rows:
        return clauses
    parts = encoder.encode(texts)
    prefix, suffix = clauses.prefix.copy(), clauses.suffix.copy()
    prefix[rows], suffix[rows] = parts[0::2], parts[1::2]
    return Clauses(clauses.start, clauses.count, prefix, suffix)
