"""Sentence-boundary precision, recall and F1 of a segmentation against gold sentences
(``glossalign bench-segment``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.beads import Lang, join_sentences
from align.bench.corpus import read_lines, sentence_files
from align.segment import segment


@dataclass(frozen=True, slots=True)
class Score:
    """Boundary counts: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def boundaries(sentences: Iterable[str]) -> frozenset[int]:
    """Offsets, counted in non-whitespace characters, where one sentence ends and the next starts.

    ``["Hi there.", "Bye."]`` → ``{8}``; the end of the last sentence is not a boundary.
    """
    ends = []
    pos = 0
    for s in sentences:
        n = sum(not ch.isspace() for ch in s)
        if n:
            pos += n
            ends.append(pos)
    return frozenset(ends[:-1])


def score(gold: Sequence[str], predicted: Sequence[str]) -> Score:
    """Compare the boundaries of two segmentations of the same text (whitespace-insensitive)."""
    g, p = boundaries(gold), boundaries(predicted)
    return Score(len(g & p), len(p - g), len(g - p))


def score_document(gold: Sequence[str], lang: Lang) -> Score:
    """Join gold sentences as running text (English with a space), re-segment it, compare."""
    predicted = [s.text for s in segment(join_sentences(gold, lang), lang)]
    return score(gold, predicted)


def total(scores: Iterable[Score]) -> Score:
    """Micro-average: add up the counts."""
    return sum(scores, Score())


def report_dict(by_lang: Mapping[str, Score], docs: Mapping[str, int]) -> dict[str, object]:
    """A JSON-ready report: per language and overall counts, precision, recall and F1."""

    def row(s: Score) -> dict[str, object]:
        return {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
        }

    out: dict[str, object] = {
        lang: {"documents": docs[lang], **row(s)} for lang, s in by_lang.items()
    }
    out["total"] = {"documents": sum(docs.values()), **row(total(by_lang.values()))}
    return out


def format_report(by_lang: Mapping[str, Score], docs: Mapping[str, int]) -> str:
    """A small fixed-width table, one row per language plus the total."""
    lines = [f"{'lang':<6}{'docs':>5}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    rows = [(lang, docs[lang], s) for lang, s in by_lang.items()]
    rows.append(("total", sum(docs.values()), total(by_lang.values())))
    for name, n, s in rows:
        lines.append(
            f"{name:<6}{n:>5}{s.tp + s.fn:>7}{s.tp + s.fp:>7}"
            f"{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}"
        )
    return "\n".join(lines) + "\n"


def bench_segmentation(data_dir: Path) -> tuple[dict[str, Score], dict[str, int]]:
    """Re-segment every gold file of ``data_dir`` (``en/*.txt``, ``zh/*.txt``): the summed
    score and the number of documents, per language."""
    by_lang: dict[str, Score] = {}
    docs: dict[str, int] = {}
    for lang, files in sentence_files(data_dir).items():
        by_lang[lang] = total(score_document(read_lines(f), lang) for f in files)
        docs[lang] = len(files)
    return by_lang, docs
