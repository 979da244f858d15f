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
from pathlib import Path
from typing import Literal

from align.beads import (
    Alignment,
    Bead,
    Lang,
    Mode,
    check_beads,
    following,
    format_bead,
    join_sentences,
)
from align.errors import InputError
from align.languages import detect_lang
from align.segment import segment


class Row:
    """One bead as read from a file: ids, score, texts, (JSONL) per-sentence texts and the
    line it starts on."""

    __slots__ = ("bead", "line", "linked", "src_sents", "src_text", "tgt_sents", "tgt_text")

    def __init__(
        self,
        bead: Bead,
        line: int,
        texts: tuple[str, str],
        sents: tuple[list[str] | None, list[str] | None] = (None, None),
        linked: bool = True,
    ) -> None:
        self.bead, self.line, self.linked = bead, line, linked
        self.src_text, self.tgt_text = texts
        self.src_sents, self.tgt_sents = sents


def _split(text: str, n: int, lang: Lang) -> list[str]:
    """``n`` sentences whose join is ``text``: the segmenter's when it finds ``n``, else a
    split at the last spaces, else the whole text then empty strings."""
    if n == 1:
        return [text]
    for found in ([s.text for s in segment(text, lang)], text.rsplit(" ", n - 1)):
        if len(found) == n and join_sentences(found, lang) == text:
            return found
    return [text] + [""] * (n - 1)


_SIDE_NAMES = {"src": "source", "tgt": "target"}


def _sentences(
    rows: Sequence[Row], side: Literal["src", "tgt"], lang: Lang, path: Path
) -> tuple[str, ...]:
    """Each sentence of one side by id (``""`` for an id in no row); InputError when two rows
    give one sentence different texts, or a JSONL text is not its sentences joined."""
    slots: dict[int, tuple[str, int]] = {}
    for row in rows:
        ids = row.bead.src if side == "src" else row.bead.tgt
        given = row.src_sents if side == "src" else row.tgt_sents
        text = row.src_text if side == "src" else row.tgt_text
        # files written before the joining rule of align.beads joined by language
        joins = (join_sentences(given, lang), "".join(given), " ".join(given)) if given else ("",)
        if given is not None and text not in joins:
            raise InputError(
                f"{path}:{row.line}: {side}_text is not {side}_sents joined; correct one of them"
            )
        if not ids:
            continue
        for i, sent in zip(ids, given or _split(text, len(ids), lang), strict=True):
            first, line = slots.setdefault(i, (sent, row.line))
            if first != sent:
                raise InputError(
                    f"{path}:{row.line}: {_SIDE_NAMES[side]} sentence {i} reads {sent[:40]!r} "
                    f"here but {first[:40]!r} on line {line}; give one text per sentence"
                )
    size = max(slots, default=-1) + 1
    return tuple(slots[i][0] if i in slots else "" for i in range(size))


def _check_rows(rows: Sequence[Row], path: Path, limit: int, gaps: bool = False) -> Mode:
    """The mode of the rows' beads (see align.beads.check_beads), after checking that every id
    is below ``limit`` -- before anything is allocated by id -- and that each unlinked row
    (paraphrase TSV) names one sentence that no other row holds."""
    for row in rows:
        for side, ids in (("source", row.bead.src), ("target", row.bead.tgt)):
            if ids and max(ids) >= limit:
                raise InputError(
                    f"{path}:{row.line}: {side} id {max(ids)} is past the sentences this "
                    f"{limit}-character file can describe; ids count sentences from 0"
                )
    linked = [r for r in rows if r.linked]
    mode = check_beads([r.bead for r in linked], path, [r.line for r in linked], gaps=gaps)
    unlinked = [r for r in rows if not r.linked]
    if unlinked and mode == "monotonic" and any(len(r.bead.src) != 1 for r in linked):
        raise InputError(
            f"{path}:{unlinked[0].line}: a row without a score lists an unlinked sentence, "
            "which only paraphrase alignments (one-to-one links) have"
        )
    held = {("s", i) for r in linked for i in r.bead.src} | {
        ("t", j) for r in linked for j in r.bead.tgt
    }
    for row in unlinked:
        keys = [("s", i) for i in row.bead.src] + [("t", j) for j in row.bead.tgt]
        if len(keys) != 1 or keys[0] in held:
            raise InputError(
                f"{path}:{row.line}: a row without a score lists one unlinked sentence "
                f"(ids on one side only, of a sentence in no other row); found "
                f"{format_bead(row.bead, False)}"
            )
        held.add(keys[0])
    return "paraphrase" if unlinked else mode


def assemble_alignment(
    records: Sequence[tuple[Bead, str, str]], path: Path, limit: int, *, gaps: bool = False
) -> Alignment:
    """An alignment from beads with their two texts as another reader found them in ``path``
    (our own TMX: record k from its k-th unit, which error messages name like a line), validated
    as TSV rows are; ids must be below ``limit`` (e.g. the file's size) and, with ``gaps``, may
    skip sentences."""
    rows = [Row(bead, k, (src, tgt)) for k, (bead, src, tgt) in enumerate(records, 1)]
    return assemble(rows, path, limit, gaps)


def _takes_next(bead: Bead, next_ids: list[int], held: tuple[set[int], set[int]]) -> bool:
    """Whether ``bead`` takes the next ids of both sides (past the ids ``held`` by crossing
    beads); if so, moves ``next_ids`` past them."""
    src = following(next_ids[0], len(bead.src), held[0])
    tgt = following(next_ids[1], len(bead.tgt), held[1])
    if bead.src != src or bead.tgt != tgt:
        return False
    next_ids[:] = [src[-1] + 1 if src else next_ids[0], tgt[-1] + 1 if tgt else next_ids[1]]
    return True


def in_place(rows: Sequence[Row]) -> list[Row]:
    """Rows as TSV and JSONL list them -- beads with both sides, then the one-sided beads
    (``align.formats.listing_order``) -- back in bead order: each one-sided bead goes where it
    takes the next ids of its side (crossing beads, listed at their source position, stay
    there and hold their ids out of the others' order). Rows in any other order (bead order
    included) stay as given, for ``check_beads`` to judge."""
    linked = [r for r in rows if r.linked]
    k = len(linked)
    while k and not (linked[k - 1].bead.src and linked[k - 1].bead.tgt):
        k -= 1
    if k in (0, len(linked)):
        return list(rows)
    merged: list[Row] = []
    single, next_ids = iter(linked[k:]), [0, 0]
    crossing = [r.bead for r in linked if r.bead.crossing]
    held = ({i for b in crossing for i in b.src}, {j for b in crossing for j in b.tgt})
    pending = next(single, None)
    for row in (*linked[:k], None):
        while pending is not None and _takes_next(pending.bead, next_ids, held):
            merged.append(pending)
            pending = next(single, None)
        if row is None:
            break
        if not (row.bead.crossing or _takes_next(row.bead, next_ids, held)):
            return list(rows)
        merged.append(row)
    if pending is not None:
        return list(rows)
    return merged + [r for r in rows if not r.linked]


def assemble(rows: Sequence[Row], path: Path, limit: int, gaps: bool = False) -> Alignment:
    rows = in_place(rows)
    mode = _check_rows(rows, path, limit, gaps)
    src_lang = detect_lang("".join(r.src_text for r in rows))
    tgt_lang = detect_lang("".join(r.tgt_text for r in rows))
    return Alignment(
        src=_sentences(rows, "src", src_lang, path),
        tgt=_sentences(rows, "tgt", tgt_lang, path),
        beads=tuple(r.bead for r in rows if r.linked),
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        mode=mode,
    )
