"""Segmentation figures of a ``glossalign batch`` run, for ``glossalign bench-tm``: sentences
cut from a paragraph that are only a conjunction, and cuts inside a quotation or bracket (both
goal 0); paragraphs that are only a conjunction (``or`` between two code blocks: the page's own
text, not a cut) are counted apart.

Each pair's two documents are read and segmented again as ``batch`` read them
(``align.pipeline.read_side``: the same reader, languages and paragraphs), which gives the very
sentences it aligned. A conjunction-only sentence is one ``align.segment.conjunction_only``
accepts (``以及``, ``或``, ``and``...); it is a cut when its paragraph holds other sentences.
A split inside quotes is a cut between two sentences of one paragraph that falls inside a
pair of marks (``“”`` ``‘’`` ``「」`` ``『』`` ``《》``, both widths of parentheses, straight
``"``) as ``align.quotes.pairs`` pairs them over the paragraph's sentences: the quotation
opens in one sentence and closes in a later one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.quotes import pairs
from align.segment import conjunction_only


@dataclass(frozen=True, slots=True)
class SegmentCheck:
    """The sentences of some documents that are only a conjunction, cut from a paragraph
    (``conjunctions``) or a paragraph of their own (``conjunction_paragraphs``), and the pairs
    of consecutive sentences split inside a quotation (``first | second``)."""

    sentences: int = 0
    conjunctions: tuple[str, ...] = ()
    quote_splits: tuple[str, ...] = ()
    conjunction_paragraphs: tuple[str, ...] = ()

    def __add__(self, other: SegmentCheck) -> SegmentCheck:
        return SegmentCheck(
            self.sentences + other.sentences,
            self.conjunctions + other.conjunctions,
            self.quote_splits + other.quote_splits,
            self.conjunction_paragraphs + other.conjunction_paragraphs,
        )


def check_sentences(sentences: Sequence[str], paragraphs: Sequence[int]) -> SegmentCheck:
    """The figures of one document's sentences, ``paragraphs[k]`` the paragraph of
    ``sentences[k]`` (sentences of a paragraph are consecutive)."""
    splits: list[str] = []
    cut: list[str] = []
    whole: list[str] = []
    for _, group in itertools.groupby(range(len(sentences)), key=lambda k: paragraphs[k]):
        ids = list(group)
        alone = [sentences[k] for k in ids if conjunction_only(sentences[k])]
        (whole if len(ids) == 1 else cut).extend(alone)
        text, cuts = "", []
        for k in ids:
            text += sentences[k] + " "
            cuts.append(len(text) - 1)  # the space after each sentence
        spans = pairs(text, 0, len(text))
        splits += [
            f"{sentences[k]} | {sentences[k + 1]}"
            for k, cut in zip(ids[:-1], cuts[:-1], strict=True)
            if any(a < cut < b for a, b in spans)
        ]
    return SegmentCheck(len(sentences), tuple(cut), tuple(splits), tuple(whole))


def check_pair(folder: Path, source: str, target: str, langs: tuple[str, str]) -> SegmentCheck:
    """The figures of a pair's two documents (paths relative to ``folder``), read as ``batch``
    reads them with the declared languages ``langs``."""
    from align.pipeline import DocumentOptions, read_side

    options = DocumentOptions(encoding="utf-8", src_lang=langs[0], tgt_lang=langs[1])
    sides = (read_side(folder / source, options, 0), read_side(folder / target, options, 1))
    return sum(
        (check_sentences(s.sentences, s.paragraphs or (0,) * len(s.sentences)) for s in sides),
        SegmentCheck(),
    )
