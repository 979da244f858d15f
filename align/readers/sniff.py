"""What a file looks like when it is not the text format it claims to be (magic bytes)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

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
    if b"\x00" not in data[:8192]:
        return None
    # UTF-16/32 text (with a BOM, or plausible without) is text: its NULs are in its letters.
    return None if (detect_encoding(data) or "").startswith(("utf-16", "utf-32")) else "binary data"


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` opens like an HTML page (after a BOM and white space)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def check_not_binary(data: bytes, path: Path, fmt: str) -> None:
    """Refuse binary data read as a text format, saying what it looks like instead."""
    what = sniff(data)
    if what is not None:
        raise InputError(f"{path}: expected a {fmt} file, but it looks like {what}")
