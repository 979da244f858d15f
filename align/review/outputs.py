"""What Save writes: the corrected alignment as ``.align``, ``.tsv``, ``.jsonl`` and ``.tmx``,
plus each side's edited text when its sentences were edited, split or joined.

Confirmed and edited beads score 1.0 and carry their status: a ``status`` column in the TSV
and field in the JSONL, a ``<prop type="x-glossalign-status">`` in the TMX; a crossing bead's
status is ``crossing`` (``align.formats.bead_status``). With no status at all the files are
byte for byte what ``align.formats.render`` writes.

The edited text (``<stem>.edited.<lang>.txt``) keeps the paragraphs of the document it was
read from: the sentences of one paragraph (one block of a Markdown, HTML or Word file) are
written as one line, in order, with a blank line between paragraphs. An alignment opened from
a file knows no paragraphs: one sentence a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from align.beads import Alignment, Lang, join_sentences
from align.formats import Format, render
from align.output import write_outputs as write_files
from align.review.edits import State, flagged


def paragraphs(sentences: Sequence[str], blocks: Sequence[int] | None, lang: Lang) -> str:
    """The text of ``sentences``: those of one block joined (``join_sentences``), blocks
    separated by a blank line; without blocks one sentence a line."""
    if blocks is None:
        return "".join(s + "\n" for s in sentences)
    runs = groupby(zip(blocks, sentences, strict=True), key=lambda pair: pair[0])
    return "\n".join(join_sentences([s for _, s in run], lang) + "\n" for _, run in runs)


def render_outputs(state: State, original: Alignment) -> dict[str, str]:
    """File suffix -> content for every output of ``state`` (``original``: the documents as
    opened, to tell which side was edited)."""
    alignment = flagged(state)
    status = list(state.status) if any(state.status) else None
    formats: tuple[tuple[str, Format], ...] = (
        (".align", "beads"), (".tsv", "tsv"), (".jsonl", "jsonl"), (".tmx", "tmx"),
    )  # fmt: skip
    texts = {suffix: render(alignment, fmt, status=status) for suffix, fmt in formats}
    blocks = state.blocks or (None, None)
    for k, (now, before, lang) in enumerate(
        (
            (alignment.src, original.src, alignment.src_lang),
            (alignment.tgt, original.tgt, alignment.tgt_lang),
        )
    ):
        if tuple(now) != tuple(before):
            texts[f".edited.{lang}.txt"] = paragraphs(now, blocks[k], lang)
    return texts


def write_outputs(state: State, original: Alignment, stem: Path) -> list[Path]:
    """Write every output next to ``stem`` (``out/letter`` -> ``out/letter.tsv``): all of
    them or none (``align.output.write_outputs``)."""
    texts = render_outputs(state, original)
    paths = [stem.with_name(stem.name + suffix) for suffix in texts]
    write_files(list(zip(paths, (t.encode("utf-8") for t in texts.values()), strict=True)))
    return paths
