"""What a file is by its content: the document format when its name does not tell
(``--from auto`` on ``page.html.en``, ``handler.html.zh-cn.utf8``, a name without extension),
and what it looks like when it is not the text format it claims to be (magic bytes).

HTML is known by its doctype or root element (``<!DOCTYPE html``, ``<html``, after a BOM,
white space, an XML declaration and comments), a Word document by its package's content types
(``[Content_Types].xml`` naming WordprocessingML's main part); Markdown only by extension."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Literal

from align.errors import InputError
from align.io import detect_encoding

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy or password-protected Office file: save it as .docx without a password",
    ),
    (b"{\\rtf", "an RTF document"),
)
_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CONTENT_TYPES_BYTES = 1 << 16  # a real [Content_Types].xml is a few kB
_PROLOGUE = re.compile(r"(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*", re.DOTALL)
_HTML_START = re.compile(r"<!doctype\s+html\b|<html\b", re.IGNORECASE)
_XML_START = re.compile(r"<\?xml\b|<[A-Za-z_][\w.:-]*[\s>/]")
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),  # an ATX heading
    re.compile(r"^(?:```|~~~)", re.MULTILINE),  # a code fence
    re.compile(r"!?\[[^\]\n]+\]\([^)\s]+\)"),  # a link or an image
    re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),  # strong emphasis
    re.compile(r"^\|.*\|[ \t]*\n\|[ :|-]+\|[ \t]*$", re.MULTILINE),  # a table
    re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*$", re.DOTALL | re.MULTILINE),  # front matter
)

WORD_DOCUMENT = "a Word document: pass --from docx"
Looks = Literal["HTML", "XML", "Markdown"]


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
    if b"\x00" not in data[:8192]:
        return None
    # UTF-16/32 text (with a BOM, or plausible without) is text: its NULs are in its letters.
    return None if (detect_encoding(data) or "").startswith(("utf-16", "utf-32")) else "binary data"


def content_format(data: bytes) -> Literal["html", "docx"] | None:
    """The format ``data`` shows by its content: a Word package or an HTML page (``None``:
    neither)."""
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_word_package(data) else None
    return "html" if _HTML_START.match(_head(data)) else None


def looks_like(data: bytes) -> Looks | None:
    """What markup a file read as plain text holds, if any: an HTML page, other XML, or
    Markdown (two kinds of its marks, such as a heading and a link)."""
    head = _head(data)
    if _HTML_START.match(head):
        return "HTML"
    if _XML_START.match(head):
        return "XML"
    text = data[:65536].decode("utf-8", "replace")
    return "Markdown" if sum(1 for s in _MARKDOWN_SIGNS if s.search(text)) >= 2 else None


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` opens like an HTML page."""
    return _HTML_START.match(_head(data)) is not None


def _head(data: bytes) -> str:
    """The start of ``data`` as text (a UTF-16 BOM honoured), past any XML declaration,
    comments and white space."""
    raw = data[:4096]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", "replace")
    else:
        text = raw.decode("utf-8", "replace")
    text = text.lstrip("\ufeff")
    return text[_PROLOGUE.match(text).end() :]  # type: ignore[union-attr]


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as package, package.open("[Content_Types].xml") as f:
            return _WORD_MAIN in f.read(_CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def check_not_binary(data: bytes, path: Path, fmt: str) -> None:
    """Refuse binary data read as a text format, saying what it looks like instead."""
    what = sniff(data)
    if what is not None:
        raise InputError(f"{path}: expected a {fmt} file, but it looks like {what}")
