"""What ``glossalign review`` opens: two documents (with the paragraph of each sentence, so
that an edited text is saved with its paragraphs) or an alignment file, within the size
limits of ``glossalign align``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from align.beads import Alignment, Lang
from align.io import Encoding
from align.pipeline import check_document_size, check_size
from align.readers import DocFormat, block_sentences, document_text, read_document
from align.segment import detect_lang, one_line

Split = Literal["auto", "lines"]


def paragraphed(
    path: Path, split: Split, fmt: DocFormat = "auto", encoding: Encoding = "auto"
) -> tuple[list[str], tuple[int, ...] | None, Lang]:
    """The sentences of a document (as ``align.pipeline.read_sentences`` gives them), the
    paragraph of each (a block of the file, or a blank-line paragraph of a text file; None
    with ``split="lines"``: one sentence a line), and its language."""
    check_document_size(path)
    doc = read_document(path, fmt, encoding)
    lang = detect_lang(document_text(doc))
    if split == "lines":
        from align.readers import document_sentences

        return document_sentences(doc, split, lang), None, lang
    found = block_sentences(doc, lang)
    keys = [(k, sentence.paragraph) for k, sentence in found]
    numbers = {key: n for n, key in enumerate(dict.fromkeys(keys))}
    return [one_line(s.text) for _, s in found], tuple(numbers[key] for key in keys), lang


def read_alignment_file(path: Path) -> Alignment:
    """An alignment to review: TSV, JSONL or a bilingual CAT file, no larger than a document
    ``align`` reads."""
    from align.formats import read_any_alignment

    check_document_size(path)
    alignment = read_any_alignment(path)
    check_size(len(alignment.src), len(alignment.tgt))
    return alignment
