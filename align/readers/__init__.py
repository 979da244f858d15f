"""Document readers: turn a Markdown, HTML, Word or plain-text file into blocks of plain text.

A block is a unit of layout (paragraph, heading, list item, quotation, table cell, footnote,
metadata line) that no sentence crosses. Each block points back into the original file
(``start``/``end``: character offsets for text and Markdown, element indexes for HTML and
paragraph indexes for DOCX; each reader's docstring says which) so that reports can show where a
sentence came from. Readers are pure: bytes in, ``Document`` out; only ``read_document`` touches
the file system.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Literal, Protocol

from align import io, segment
from align.beads import Lang
from align.io import Encoding, InputError

DocFormat = Literal["auto", "text", "markdown", "html", "docx"]
BlockKind = Literal["paragraph", "heading", "item", "quote", "cell", "footnote", "meta"]


@dataclass(frozen=True, slots=True)
class Block:
    """Plain text of one block (markup removed, never blank) and its span in the original."""

    text: str
    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    format: str
    blocks: tuple[Block, ...]


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document: ...


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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a document") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    doc = reader_for(path, fmt).read(data, path, encoding)
    if not any(block.text.strip() for block in doc.blocks):
        if doc.format == "text":
            raise InputError(f"{path}: file is empty; give a file with text in it")
        raise InputError(f"{path}: no text found in this {doc.format} file")
    return doc


def document_text(doc: Document) -> str:
    """The blocks' text joined by blank lines (for language detection)."""
    return "\n\n".join(block.text for block in doc.blocks)


def document_sentences(
    doc: Document, split: Literal["auto", "lines"], lang: Lang | None = None
) -> list[str]:
    """The sentences (``split="auto"``) or non-blank lines (``"lines"``) of every block in
    order; no sentence crosses a block. ``lang=None`` detects the language once over the
    whole document, so that a short block (a name, a number) is not read as the other one."""
    if split == "lines":
        return [line for block in doc.blocks for line in io.non_blank_lines(block.text)]
    language = lang or segment.detect_lang(document_text(doc))
    return [s for block in doc.blocks for s in segment.sentence_texts(block.text, language)]


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy or password-protected Office file: save it as .docx without a password",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\xff\xfe", "UTF-16 text: re-save it as UTF-8"),
    (b"\xfe\xff", "UTF-16 text: re-save it as UTF-8"),
)


WORD_DOCUMENT = "a Word document: pass --from docx"


def sniff(data: bytes) -> str | None:
    """What ``data`` looks like when it is not plain text (``None`` when it may be text)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return "a damaged ZIP archive"
        if "word/document.xml" in names:
            return WORD_DOCUMENT
        return "a ZIP archive, not a Word document (no word/document.xml)"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return "binary data" if b"\x00" in data[:8192] else None


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` opens like an HTML page (after a BOM and white space)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def check_not_binary(data: bytes, path: Path, fmt: str) -> None:
    """Refuse binary data read as a text format, saying what it looks like instead."""
    what = sniff(data)
    if what is not None:
        raise InputError(f"{path}: expected a {fmt} file, but it looks like {what}")
