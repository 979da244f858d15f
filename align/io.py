"""File input at the edge: bounded reads from any source, decoding with clear errors.

Every input is read through ``read_bytes``: at most a documented number of bytes
(``MAX_INPUT_BYTES``, documents ``MAX_DOCUMENT_BYTES``) from a file, a FIFO, a device such as
``/dev/zero`` or standard input (``-``), else one line naming the limit. Writes are
``align.output``'s (re-exported here).
"""

from __future__ import annotations

import os
import stat
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.encodings import (
    bom_codec,
    describe,
    detect_encoding,
    foreign,
    name,
    too_many_nuls,
    wide_without_bom,
)  # fmt: skip
from align.errors import InputError
from align.output import atomic_write_bytes, atomic_write_text, emit

__all__ = [
    "ALIGNMENTS", "DOCUMENTS", "GLOSSARIES", "MAX_DOCUMENT_BYTES", "MAX_INPUT_BYTES", "STDIN",
    "Encoding", "Limit",
    "atomic_write_bytes", "atomic_write_text", "check_size", "decode_bytes", "decode_text",
    "detect_encoding", "emit", "is_stdin", "non_blank_lines", "read_bytes", "read_text",
    "require_text",
]  # fmt: skip

Encoding = Literal["utf-8", "auto", "utf-16", "utf-16le", "utf-16be", "utf-32", "gb18030", "big5"]

#: The name that stands for standard input (and, as an output, standard output).
STDIN = "-"
#: At most this much is read from one input file (a glossary, an alignment, a session...).
MAX_INPUT_BYTES = 64 * 2**20
#: At most this much is read from one document (50 MB of text is several hundred thousand
#: sentences, far over what one alignment holds: ``align.pipeline.MAX_SENTENCES``).
MAX_DOCUMENT_BYTES = 16 * 2**20


@dataclass(frozen=True, slots=True)
class Limit:
    """How much ``read_bytes`` reads, what the limit is called and the way around it."""

    bytes: int = MAX_INPUT_BYTES
    of: str = "one input file"
    fix: str = "split it"


_BATCH = "align the parts with `glossalign batch`"
DOCUMENTS = Limit(MAX_DOCUMENT_BYTES, "one document", f"split it (e.g. by chapter) and {_BATCH}")
#: Alignment and bilingual files (TSV, JSONL, .align, XLIFF, TMX, PO): 16 MiB is about 100,000
#: beads, more than one alignment holds; the commands that read one peak at 630 MB on it
#: (``glossary extract``; ``report``, ``check`` and ``evaluate`` 340-360 MB).
ALIGNMENTS = Limit(16 * 2**20, "one alignment file", f"split the documents and {_BATCH}")
#: Glossaries: 8 MiB of one-word CSV rows is 344,000 terms, which ``glossary lint`` reads in
#: 67 s at 830 MB (memory and time grow with the rows).
GLOSSARIES = Limit(8 * 2**20, "one glossary", "keep the terms this job needs")

_stdin_read: weakref.WeakKeyDictionary[object, bytes] = weakref.WeakKeyDictionary()


def is_stdin(path: Path | str | None) -> bool:
    """Whether ``path`` is ``-``, standard input (or output)."""
    return path is not None and str(path) == STDIN


def read_text(path: Path, encoding: Encoding = "auto", limit: Limit = Limit()) -> str:
    """Read a text file (at most ``limit``) as str with normalised line ends ("\\n").

    A byte-order mark (UTF-8, UTF-16, UTF-32) is always honoured; ``encoding="auto"`` detects
    the encoding (``detect_encoding``). An empty file is an error."""
    return require_text(decode_text(read_bytes(path, limit=limit), path, encoding), path)


def read_bytes(path: Path, expected: str = "a text file", limit: Limit = Limit()) -> bytes:
    """The bytes of ``path`` (``-``: standard input), at most ``limit.bytes`` of them; a
    missing, unreadable or oversized input is an InputError (``expected``: what the command
    wanted, named when ``path`` is a folder)."""
    if is_stdin(path):
        return _stdin_bytes(limit)
    try:
        with open(path, "rb") as fh:
            check_size(path, limit, os.fstat(fh.fileno()))
            data = fh.read(limit.bytes + 1)  # a FIFO or device may never end
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected {expected}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}){_hint(exc)}") from None
    if len(data) > limit.bytes:
        raise _too_big(path, limit, None)
    return data


def check_size(path: Path, limit: Limit = DOCUMENTS, info: os.stat_result | None = None) -> None:
    """Refuse a regular file larger than ``limit`` before reading it (``info``: its stat,
    else taken here; a file that cannot be stat'ed is left to the read to report)."""
    if info is None:
        if is_stdin(path):
            return
        try:
            info = os.stat(path)
        except OSError:
            return
    if stat.S_ISREG(info.st_mode) and info.st_size > limit.bytes:
        raise _too_big(path, limit, info.st_size)


def _too_big(path: Path | str, limit: Limit, size: int | None) -> InputError:
    over = "more than" if size is None else f"{size / 2**20:.1f} MiB, over"
    return InputError(
        f"{path}: {over} the {limit.bytes // 2**20} MiB {limit.of} may have; {limit.fix}"
    )


def _hint(exc: OSError) -> str:
    return "; check its permissions" if isinstance(exc, PermissionError) else ""


def _stdin_bytes(limit: Limit) -> bytes:
    """Standard input, read once per process (a command may look at it twice: its kind, then
    its content) and at most ``limit.bytes``."""
    stream = sys.stdin
    if stream is None:
        raise InputError("-: standard input is closed; give a file name")
    if stream in _stdin_read:
        return _stdin_read[stream]
    try:
        data = stream.buffer.read(limit.bytes + 1)
    except (OSError, ValueError) as exc:
        raise InputError(f"-: cannot read standard input ({exc})") from None
    if len(data) > limit.bytes:
        raise _too_big("-", limit, None)
    _stdin_read[stream] = data
    return data


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


def decode_text(data: bytes, path: Path, encoding: Encoding | str = "utf-8") -> str:
    """``decode_bytes``, with CRLF and CR line ends normalised to LF."""
    return decode_bytes(data, path, encoding).replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, path: Path, encoding: Encoding | str = "utf-8") -> str:
    """Decode a text file's bytes (a byte-order mark dropped, line ends as written).

    A byte-order mark always decides (UTF-8, UTF-16, UTF-32). Otherwise ``encoding`` is the
    codec, or with ``auto`` the one ``detect_encoding`` finds. Refused, with one line naming
    what the bytes look like and the option to pass: bytes that do not decode, text with NUL
    characters (UTF-16 without byte-order mark read as UTF-8, or binary data), and GB18030 or
    Big5 that is Japanese or Korean text read as Chinese mojibake."""
    codec = bom_codec(data) or (detect_encoding(data) if encoding == "auto" else encoding)
    if codec is None:
        raise InputError(f"{path}: {describe(data)}")
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {_decode_fix(data, codec, exc.start)}") from None
    if too_many_nuls(text):
        raise InputError(f"{path}: {_nul_fix(data, codec, text.index(chr(0)))}")
    if codec in ("gb18030", "big5"):
        found = foreign(data)
        if found:
            raise InputError(
                f"{path}: it looks like {found}, not Chinese; glossalign reads Chinese and English"
            )
    return text.removeprefix("\ufeff")


def _decode_fix(data: bytes, codec: str, offset: int) -> str:
    shown = "UTF-8" if codec == "utf-8" else codec
    where = f"not valid {shown} at byte offset {offset}"
    guess = detect_encoding(data)
    if guess is None:
        return f"{where}; {describe(data)}"
    wide = wide_without_bom(guess)
    if wide:
        return f"{where}; it looks like UTF-16 without a byte-order mark: pass --encoding {wide}"
    option = guess if guess in ("gb18030", "big5") else "auto"
    return (
        f"{where}, it looks like {name(guess)}; pass --encoding {option} (or re-save it as UTF-8)"
    )


def _nul_fix(data: bytes, codec: str, offset: int) -> str:
    guess = detect_encoding(data)
    wide = wide_without_bom(guess)
    if wide and guess != codec:
        return f"it looks like UTF-16 without a byte-order mark: pass --encoding {wide}"
    if guess and guess.startswith("utf-32-") and guess != codec:
        return "it looks like UTF-32 without a byte-order mark: pass --encoding auto"
    return f"a NUL character at {name(codec)} character {offset}: binary data, not text"
