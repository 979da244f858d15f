"""File input and output at the edge: decoding, clear errors, atomic writes."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal

from align.errors import InputError
from align.output import atomic_write_bytes, atomic_write_text, emit

__all__ = [
    "Encoding", "atomic_write_bytes", "atomic_write_text", "decode_text", "detect_encoding", "emit",
    "non_blank_lines", "read_bytes", "read_text", "require_text",
]  # fmt: skip

Encoding = Literal["utf-8", "auto", "utf-16", "gb18030", "big5"]


def read_text(path: Path, encoding: Encoding = "auto") -> str:
    """Read a text file as str with normalised line ends ("\\n").

    A byte-order mark (UTF-8, UTF-16) is always honoured; ``encoding="auto"`` detects the
    encoding (``detect_encoding``). An empty file is an error.
    """
    return require_text(decode_text(read_bytes(path), path, encoding), path)


def read_bytes(path: Path, expected: str = "a text file") -> bytes:
    """The bytes of ``path``; a missing or unreadable file is an InputError (``expected``: what
    the command wanted, named when ``path`` is a folder)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected {expected}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def require_text(text: str, path: Path) -> str:
    """``text`` unless it is blank (an InputError naming ``path``)."""
    if not text.strip():
        raise InputError(f"{path}: file is empty; give a file with text in it")
    return text


def non_blank_lines(text: str) -> list[str]:
    """The stripped non-blank lines of a one-item-a-line text, split at "\\n" only (what
    ``read_text`` leaves): U+2028 and other characters that ``str.splitlines`` breaks at may
    sit inside a sentence, and line ids must match the line numbers editors show."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def decode_text(data: bytes, path: Path, encoding: Encoding = "utf-8") -> str:
    """Decode bytes and normalise CRLF/CR line ends to LF.

    A byte-order mark always decides (UTF-8, UTF-16). Otherwise ``encoding`` is the codec, or
    with ``auto`` the one ``detect_encoding`` finds. A file that does not decode is an
    InputError naming the byte offset and, when another encoding fits, the option to pass."""
    codec = _bom_codec(data) or (detect_encoding(data) if encoding == "auto" else encoding)
    if codec is None:
        raise InputError(f"{path}: not text in UTF-8, UTF-16, GB18030 or Big5; convert it to UTF-8")
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {_decode_fix(data, codec, exc.start)}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_fix(data: bytes, codec: str, offset: int) -> str:
    name = "UTF-8" if codec == "utf-8" else codec
    guess = detect_encoding(data)
    if guess is None:
        return f"not valid {name} at byte offset {offset}; re-save it as UTF-8"
    shown = {"gb18030": "GB18030", "big5": "Big5"}.get(guess, guess)
    option = guess if guess in ("gb18030", "big5") else "auto"
    return (
        f"not valid {name} at byte offset {offset}, it looks like {shown}; "
        f"pass --encoding {option} (or re-save it as UTF-8)"
    )


def _bom_codec(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec reads the BOM and drops it
    return None


def detect_encoding(data: bytes) -> str | None:
    """The codec of a text file, or None when nothing fits: a BOM (UTF-8, UTF-16), else
    UTF-16 without BOM when every other byte of an ASCII-rich start is NUL, else UTF-8 when
    it decodes, else the more plausible of GB18030 and Big5 (``plausibility``; both
    decode most double-byte text, so "the first that decodes" reads Big5 as GB18030
    mojibake). Shared by the text readers and the glossary tables."""
    bom = _bom_codec(data)
    if bom:
        return bom
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if max(odd, even) > len(head) / 4:
        return "utf-16-le" if odd >= even else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text[:_SAMPLE_CHARS]), codec))
    best = max(scored, default=None, key=lambda s: s[0])  # ties keep GB18030
    return best[1] if best is not None and best[0] >= _PLAUSIBLE else None


#: Characters ``detect_encoding`` scores: enough for a verdict, bounded on big files.
_SAMPLE_CHARS = 200_000
#: Below this share of common characters a decoding is mojibake (measured: the seeds letter in
#: Big5 read as GB18030 scores 0.47, read as Big5 0.995; the letter in GB18030 0.98).
_PLAUSIBLE = 0.75


def plausibility(text: str) -> float:
    """Share of characters that are ASCII, common CJK ideographs (U+4E00-U+9FA5), CJK or
    general punctuation or full-width forms: a wrong legacy decoding yields kana, Cyrillic,
    box drawing and rare ideographs instead."""
    common = sum(
        c.isascii()
        or "\u4e00" <= c <= "\u9fa5"
        or "\u3000" <= c <= "\u303f"
        or "\u2010" <= c <= "\u2027"
        or "\uff00" <= c <= "\uffef"
        for c in text
    )
    return common / max(len(text), 1)
