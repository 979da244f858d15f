"""Document readers: a file in, a ``Document`` of text blocks out, chosen by format or suffix.

A reader is one module in this package with a class satisfying ``Reader`` (it imports the
types from ``align.readers.document``, not from this package, so no import cycle); add one line
to ``READERS``. ``auto`` picks the reader whose ``suffixes`` hold the file's suffix, plain text
otherwise. Sentences never cross a block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from align.beads import Lang
from align.errors import InputError
from align.io import Encoding, non_blank_lines, read_bytes
from align.readers.document import Block, BlockKind, DocFormat, Document, Reader
from align.readers.text import TextReader

__all__ = [
    "READERS",
    "Block",
    "BlockKind",
    "DocFormat",
    "Document",
    "Reader",
    "document_sentences",
    "document_text",
    "read_document",
    "reader_for",
]

#: Format name -> reader: one line per reader module.
READERS: dict[str, Reader] = {
    "text": TextReader(),
}


def reader_for(path: Path, fmt: DocFormat = "auto") -> Reader:
    """The reader for ``fmt``; ``auto``: by suffix, plain text for anything unknown."""
    if fmt == "auto":
        suffix = path.suffix.lower()
        return next((r for r in READERS.values() if suffix in r.suffixes), READERS["text"])
    if fmt not in READERS:
        known = ", ".join(READERS)
        raise InputError(f"{path}: no reader for format {fmt!r} yet; choose one of: {known}")
    return READERS[fmt]


def read_document(path: Path, fmt: DocFormat = "auto", encoding: Encoding = "utf-8") -> Document:
    """Read ``path`` with the reader for ``fmt`` (one clear InputError on unreadable input)."""
    data = read_bytes(path)
    return reader_for(path, fmt).read(data, path, encoding)


def document_sentences(
    doc: Document, split: Literal["auto", "lines"], lang: Lang | None = None
) -> list[str]:
    """The sentences of every block in order (segmented block by block), or with ``lines``
    the non-blank lines of every block."""
    if split == "lines":
        return [line for block in doc.blocks for line in non_blank_lines(block.text)]
    from align.segment import sentence_texts

    return [s for block in doc.blocks for s in sentence_texts(block.text, lang or "auto")]


def document_text(doc: Document) -> str:
    """The blocks' text joined by blank lines (for language detection)."""
    return "\n\n".join(block.text for block in doc.blocks)
