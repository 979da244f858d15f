"""What ``glossalign review`` opens: two documents (with the paragraph of each sentence, so
that an edited text is saved with its paragraphs) or an alignment file, within the size
limits of ``glossalign align``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from align.beads import Alignment
from align.pipeline import DocumentOptions, Side, check_document_size, check_size, read_side

Split = Literal["auto", "lines"]


def read_documented(path: Path, options: DocumentOptions, side: Literal[0, 1]) -> Side:
    """One side of the documents to review (``align.pipeline.read_side``: its sentences,
    paragraphs, language and tag), no larger than a document ``align`` reads."""
    check_document_size(path)
    return read_side(path, options, side)


def read_alignment_file(path: Path) -> Alignment:
    """An alignment to review: TSV, JSONL or a bilingual CAT file, no larger than a document
    ``align`` reads."""
    from align.formats import read_any_alignment

    check_document_size(path)
    alignment = read_any_alignment(path)
    check_size(len(alignment.src), len(alignment.tgt))
    return alignment
