"""An alignment rebuilt from its bead records (ids, score, each side's text): what the TSV and
JSONL readers (``align.formats``) and our own TMX read back (``align.readers.bilingual``) share.

``assemble`` restores the sentence lists so that ``alignment.src_text(bead)`` and
``tgt_text(bead)`` give back each record's texts exactly: per-sentence texts when the record
has them (JSONL), else a multi-sentence side is re-split with the segmenter when it finds the
right number of sentences, otherwise split arbitrarily so that the join still reproduces the
text. A sentence in no bead reads back as ``""``. Languages are detected from the texts; the
mode is ``monotonic`` when the beads cover consecutive ids in order, else ``paraphrase``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from align.beads import Alignment, Bead, Lang, Mode, join_sentences
from align.segment import detect_lang, segment


class Row:
    """One bead as read from a file: ids, score, texts and (JSONL) per-sentence texts."""

    __slots__ = ("bead", "linked", "src_sents", "src_text", "tgt_sents", "tgt_text")

    def __init__(
        self,
        bead: Bead,
        src_text: str,
        tgt_text: str,
        src_sents: list[str] | None = None,
        tgt_sents: list[str] | None = None,
        linked: bool = True,
    ) -> None:
        self.bead, self.linked = bead, linked
        self.src_text, self.tgt_text = src_text, tgt_text
        self.src_sents, self.tgt_sents = src_sents, tgt_sents


def _split(text: str, n: int, lang: Lang) -> list[str]:
    """``n`` sentences whose join is ``text``: the segmenter's when it finds ``n``, else a
    split at the last spaces (English) or the whole text then empty strings (Chinese)."""
    if n == 1:
        return [text]
    found = [s.text for s in segment(text, lang)]
    if len(found) == n and join_sentences(found, lang) == text:
        return found
    if lang == "en" and text.count(" ") >= n - 1:
        return text.rsplit(" ", n - 1)
    return [text] + [""] * (n - 1)


def _sentences(rows: Sequence[Row], side: Literal["src", "tgt"], lang: Lang) -> tuple[str, ...]:
    slots: dict[int, str] = {}
    for row in rows:
        ids = row.bead.src if side == "src" else row.bead.tgt
        if not ids or all(i in slots for i in ids):
            continue
        given = row.src_sents if side == "src" else row.tgt_sents
        text = row.src_text if side == "src" else row.tgt_text
        for i, sent in zip(ids, given or _split(text, len(ids), lang), strict=True):
            slots.setdefault(i, sent)
    size = max(slots, default=-1) + 1
    return tuple(slots.get(i, "") for i in range(size))


def _mode(beads: Sequence[Bead]) -> Mode:
    next_src = next_tgt = 0
    for b in beads:
        if b.src != tuple(range(next_src, next_src + len(b.src))):
            return "paraphrase"
        if b.tgt != tuple(range(next_tgt, next_tgt + len(b.tgt))):
            return "paraphrase"
        next_src, next_tgt = next_src + len(b.src), next_tgt + len(b.tgt)
    return "monotonic"


def assemble(rows: Sequence[Row]) -> Alignment:
    src_lang = detect_lang("".join(r.src_text for r in rows))
    tgt_lang = detect_lang("".join(r.tgt_text for r in rows))
    beads = tuple(r.bead for r in rows if r.linked)
    return Alignment(
        src=_sentences(rows, "src", src_lang),
        tgt=_sentences(rows, "tgt", tgt_lang),
        beads=beads,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        mode="paraphrase" if not all(r.linked for r in rows) else _mode(beads),
    )
