"""Translation-memory clean-up: which aligned beads become TMX units, and duplicates merged.

A bead is left out of a TMX, for the first reason that applies:

* ``one-sided``: a sentence with no counterpart (never a unit);
* ``low score``: its score as written in the file (3 decimals) is below ``--min-score``, so a
  bead printed ``0.950`` passes ``--min-score 0.95``;
* ``no letters``: a side holds no word (``has_words``): numbers, codes, paths, option and
  directive names such as ``3.1.1``, ``--min-score``, ``ServerName``, ``/usr/bin``;
* ``identical``: both sides are the same text once case, width, spaces and punctuation are set
  aside (``normalised``): untranslated text, names, commands.

``--keep-identical`` keeps the last two kinds. Across a corpus, units with the same two texts
are written once (``merge_duplicates``): the others are left out as ``duplicate``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

Reason = Literal["one-sided", "low score", "no letters", "identical", "duplicate"]
REASONS: tuple[Reason, ...] = get_args(Reason)

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Letters only (any script), with inner apostrophes or hyphens: "don't", "built-in", "API".
_WORD = re.compile(r"[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*|[^\W\d_](?:['’][^\W\d_]+)+")
_CAMEL = re.compile(r"[a-z][A-Z]")
# What may wrap a word in running text; a backtick, slash, dash or sigil before it makes it code.
_WRAPPING = "\"'“”‘’()[]{}<>«»「」『』（）《》【】〈〉.,;:!?。，；：！？、…*"


@dataclass(frozen=True, slots=True)
class TmFilter:
    """Which beads a TMX keeps: ``min_score`` (0-1, as written, 3 decimals) and whether units
    with no letters or identical sides are kept."""

    min_score: float = 0.0
    keep_identical: bool = False

    def reason(self, src: str, tgt: str, score: float | None) -> Reason | None:
        """Why the unit ``src``/``tgt`` scoring ``score`` (as written; None: no score) is left
        out, or None when it is written."""
        if not (src.strip() and tgt.strip()):
            return "one-sided"
        if self.min_score > 0 and (score is None or score < self.min_score):
            return "low score"
        if self.keep_identical:
            return None
        if not (has_words(src) and has_words(tgt)):
            return "no letters"
        if normalised(src) == normalised(tgt):
            return "identical"
        return None


#: The TMX default: no score threshold, identical and letterless units left out.
DEFAULT_UNITS = TmFilter()


@dataclass(frozen=True, slots=True)
class UnitCounts:
    """Units written and units left out, by reason (``REASONS``)."""

    written: int = 0
    one_sided: int = 0
    low_score: int = 0
    no_letters: int = 0
    identical: int = 0
    duplicate: int = 0

    @classmethod
    def of(cls, written: int, reasons: Iterable[Reason]) -> UnitCounts:
        counts = Counter(reasons)
        return cls(written, *(counts[r] for r in REASONS))

    @property
    def left_out(self) -> tuple[int, ...]:
        """The counts left out, in ``REASONS`` order."""
        return (self.one_sided, self.low_score, self.no_letters, self.identical, self.duplicate)


NO_UNITS = UnitCounts()


def written_score(score: float) -> float | None:
    """``score`` as the alignment files print it (3 decimals); None for NaN (no score)."""
    return None if math.isnan(score) else round(score, 3)


def normalised(text: str) -> str:
    """``text`` for comparing the two sides of a unit: NFKC (full-width forms become ASCII),
    case-folded, without spaces, punctuation, symbols or control characters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")


def has_words(text: str) -> bool:
    """Whether ``text`` holds a word: a Han character, or a token of letters (two or more, or
    with an inner apostrophe) that is not code-like (camelCase, ``snake_case``, ``a/b``,
    ``--option``, in backticks, mixed with digits)."""
    if _HAN.search(text):
        return True
    for token in text.split():
        core = token.strip(_WRAPPING)
        if core and _WORD.fullmatch(core) and not _CAMEL.search(core):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Merged:
    """A unit written once: its position in the input, how many times it occurred and the
    documents it came from (first occurrence's first, no repeats)."""

    index: int
    count: int
    documents: tuple[str, ...]


def merge_duplicates(units: Sequence[tuple[str, str, str]]) -> tuple[list[Merged], Counter[str]]:
    """Units ``(document, src, tgt)`` with the same two texts, merged into their first
    occurrence; also how many units each document had left out as duplicates."""
    first: dict[tuple[str, str], int] = {}  # texts -> their Merged's position in ``kept``
    kept: list[tuple[int, list[str]]] = []  # (index, documents)
    counts: list[int] = []
    left: Counter[str] = Counter()
    for index, (document, src, tgt) in enumerate(units):
        at = first.setdefault((src, tgt), len(kept))
        if at == len(kept):
            kept.append((index, [document]))
            counts.append(1)
            continue
        counts[at] += 1
        left[document] += 1
        if document not in kept[at][1]:
            kept[at][1].append(document)
    return [Merged(i, n, tuple(docs)) for (i, docs), n in zip(kept, counts, strict=True)], left
