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
from align.errors import InputError, warn
from align.io import Encoding
from align.languages import detect_lang
from align.readers import sniff
from align.readers.document import (
    DEFAULTS,
    Block,
    BlockKind,
    DocFormat,
    Document,
    Reader,
    ReadOptions,
)
from align.segment import Sentence

__all__ = [
    "Block",
    "BlockKind",
    "DocFormat",
    "Document",
    "ReadOptions",
    "Reader",
    "block_sentences",
    "code_summary",
    "document_sentences",
    "document_text",
    "format_document",
    "paragraphed",
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


def reader_for(path: Path, fmt: DocFormat = "auto", data: bytes | None = None) -> Reader:
    """The reader ``fmt`` names. ``auto`` goes by the last suffix when a reader claims it
    (``a.md``, ``a.html``, ``a.docx``); else by ``data``, the file's content, when it shows
    an HTML page or a Word package (``page.html.en``, ``README``); else by an inner suffix
    (``handler.html.zh-cn.utf8``, ``notes.md.bak``); else plain text."""
    table = readers()
    if fmt != "auto":
        return table[fmt]
    by_suffix = {suffix: r for r in table.values() for suffix in r.suffixes}
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in by_suffix:
        return by_suffix[suffixes[-1]]
    shown = sniff.content_format(data) if data is not None else None
    if shown is not None:
        return table[shown]
    inner = next((by_suffix[s] for s in reversed(suffixes) if s in by_suffix), None)
    return inner or table["text"]


def read_document(
    path: Path,
    fmt: DocFormat = "auto",
    encoding: Encoding = "utf-8",
    options: ReadOptions = DEFAULTS,
) -> Document:
    """Read ``path`` as ``fmt``; a missing, unreadable, mislabelled or empty file is an
    ``InputError`` naming it. The reader's warnings go to stderr, and so does one when a file
    read as plain text by ``auto`` looks like HTML, XML or Markdown."""
    data = io.read_bytes(path, limit=io.DOCUMENTS)
    reader = reader_for(path, fmt, data)
    doc = reader.read(data, path, encoding, options)
    for warning in doc.warnings:
        warn(warning)
    looks = sniff.looks_like(data) if fmt == "auto" and reader.name == "text" else None
    if looks is not None:
        hint = "html if it is a web page (XHTML)" if looks == "XML" else looks.lower()
        warn(f"{path}: read as plain text, but it looks like {looks}; pass --from {hint}")
    if not any(block.text.strip() for block in doc.blocks):
        if doc.format == "text":
            raise InputError(f"{path}: file is empty; give a file with text in it")
        raise InputError(f"{path}: no text found in this {doc.format} file")
    return doc


def code_summary(doc: Document, options: ReadOptions = DEFAULTS) -> str | None:
    """The stderr line about the code blocks that gave no sentences (``None``: there were
    none)."""
    n = doc.code_blocks
    if not n:
        return None
    blocks, their = (f"{n} code blocks", "their") if n != 1 else ("1 code block", "its")
    if options.code == "comments":
        return f"{doc.path}: {blocks} read for {their} comments only"
    return f"{doc.path}: {blocks} left out (--code comments keeps {their} comments)"


def document_text(doc: Document) -> str:
    """The blocks' text joined by blank lines (for language detection)."""
    return "\n\n".join(block.text for block in doc.blocks)


def block_sentences(doc: Document, lang: Lang | None = None) -> list[tuple[int, Sentence]]:
    """Every sentence of the document with the index of its block, in order; a sentence's
    ``start``/``end`` are offsets into its block's text; a heading is one sentence.
    ``lang=None`` detects the language once over the whole document, so that a short block (a
    name, a number) is not read as the other one."""
    language = lang or detect_lang(document_text(doc))
    return [
        (k, sentence)
        for k, block in enumerate(doc.blocks)
        for sentence in segment.segment(block.text, language, heading=block.kind == "heading")
    ]


def document_sentences(
    doc: Document, split: Literal["auto", "lines"], lang: Lang | None = None
) -> list[str]:
    """The sentences (``split="auto"``) or non-blank lines (``"lines"``) of every block in
    order; no sentence crosses a block (language: as ``block_sentences``)."""
    if split == "lines":
        return [line for block in doc.blocks for line in io.non_blank_lines(block.text)]
    return [segment.one_line(sentence.text) for _, sentence in block_sentences(doc, lang)]


def paragraphed(doc: Document, lang: Lang) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The sentences of ``document_sentences(doc, "auto", lang)`` and the paragraph of each,
    numbered from 0 in order (a block of the file, or a blank-line paragraph within a text
    block), so that edited text can be written back with its paragraphs."""
    found = block_sentences(doc, lang)
    keys = [(k, sentence.paragraph) for k, sentence in found]
    numbers = {key: n for n, key in enumerate(dict.fromkeys(keys))}
    texts = tuple(segment.one_line(sentence.text) for _, sentence in found)
    return texts, tuple(numbers[key] for key in keys)


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
