"""Document readers: turn a Markdown, HTML, Word or plain-text file into blocks of plain text.

A block is a unit of layout (paragraph, heading, list item, quotation, table cell, footnote,
metadata line) that no sentence crosses. Each block points back into the original file
(``start``/``end``: character offsets for text and Markdown, element indexes for HTML and
paragraph indexes for DOCX; each reader's docstring says which) so that reports can show where a
sentence came from. Readers are pure: bytes in, ``Document`` out; only ``read_document`` touches
the file system.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from align import io, segment
from align.beads import Lang
from align.errors import InputError
from align.io import Encoding
from align.readers.document import Block, BlockKind, DocFormat, Document, Reader
from align.segment import Sentence

__all__ = [
    "Block",
    "BlockKind",
    "DocFormat",
    "Document",
    "Reader",
    "block_sentences",
    "document_sentences",
    "document_text",
    "format_document",
    "read_document",
    "reader_for",
    "readers",
]


@cache
def readers() -> Mapping[str, Reader]:
    """Every reader by format name, imported on first use: a command that reads no document
    loads no parser."""
    from align.readers import docx, html, markdown, text

    return {r.name: r for r in (text.READER, markdown.READER, html.READER, docx.READER)}


def reader_for(path: Path, fmt: DocFormat = "auto") -> Reader:
    """The reader ``fmt`` names; ``auto`` goes by suffix, plain text when no reader claims it."""
    table = readers()
    if fmt != "auto":
        return table[fmt]
    suffix = path.suffix.lower()
    return next((r for r in table.values() if suffix in r.suffixes), table["text"])


def read_document(path: Path, fmt: DocFormat = "auto", encoding: Encoding = "utf-8") -> Document:
    """Read ``path`` as ``fmt``; a missing, unreadable, mislabelled or empty file is an
    ``InputError`` naming it."""
    doc = reader_for(path, fmt).read(io.read_bytes(path, limit=io.DOCUMENTS), path, encoding)
    if not any(block.text.strip() for block in doc.blocks):
        if doc.format == "text":
            raise InputError(f"{path}: file is empty; give a file with text in it")
        raise InputError(f"{path}: no text found in this {doc.format} file")
    return doc


def document_text(doc: Document) -> str:
    """The blocks' text joined by blank lines (for language detection)."""
    return "\n\n".join(block.text for block in doc.blocks)


def block_sentences(doc: Document, lang: Lang | None = None) -> list[tuple[int, Sentence]]:
    """Every sentence of the document with the index of its block, in order; a sentence's
    ``start``/``end`` are offsets into its block's text. ``lang=None`` detects the language
    once over the whole document, so that a short block (a name, a number) is not read as the
    other one."""
    language = lang or segment.detect_lang(document_text(doc))
    return [
        (k, sentence)
        for k, block in enumerate(doc.blocks)
        for sentence in segment.segment(block.text, language)
    ]


def document_sentences(
    doc: Document, split: Literal["auto", "lines"], lang: Lang | None = None
) -> list[str]:
    """The sentences (``split="auto"``) or non-blank lines (``"lines"``) of every block in
    order; no sentence crosses a block (language: as ``block_sentences``)."""
    if split == "lines":
        return [line for block in doc.blocks for line in io.non_blank_lines(block.text)]
    return [segment.one_line(sentence.text) for _, sentence in block_sentences(doc, lang)]


def format_document(doc: Document, lang: Lang | None, fmt: Literal["lines", "jsonl"]) -> str:
    """``glossalign segment``'s output for a document: one sentence a line, or one JSON object
    a line. A plain-text file keeps the text format's ``{id, paragraph, start, end, text}``
    (offsets into the decoded file); other formats give ``{id, block, kind, block_start,
    block_end, start, end, text}``: the block's index, kind and pointer into the original (as
    ``Block``) and the sentence's offsets into the block's text."""
    if doc.format == "text":
        return segment.format_sentences(segment.segment(doc.blocks[0].text, lang or "auto"), fmt)
    found = block_sentences(doc, lang)
    if fmt == "lines":
        return segment.format_sentences([s for _, s in found], fmt)
    rows = []
    for i, (k, s) in enumerate(found):
        block = doc.blocks[k]
        record = {
            "id": i, "block": k, "kind": block.kind, "block_start": block.start,
            "block_end": block.end, "start": s.start, "end": s.end, "text": s.text,
        }  # fmt: skip
        rows.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(rows)
