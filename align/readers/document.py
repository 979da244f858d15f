"""The document model every reader returns: a file as a tuple of text blocks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from align.io import Encoding

DocFormat = Literal["auto", "text", "markdown", "html", "docx"]
BlockKind = Literal["paragraph", "heading", "item", "quote", "cell", "footnote", "meta"]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document: its plain text (markup removed), its kind, and where it sits
    in the original (char offsets for text/markdown, element index for html/docx)."""

    text: str
    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    format: str  # "text", "markdown", "html", "docx"
    blocks: tuple[Block, ...]


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes, path: Path, encoding: Encoding) -> Document: ...
