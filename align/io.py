"""File input and output at the edge: decoding, clear errors, atomic writes."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Literal

from align.errors import InputError

Encoding = Literal["utf-8", "auto", "gb18030", "big5"]


def read_text(path: Path, encoding: Encoding = "utf-8") -> str:
    """Read a text file as str with normalised line ends ("\\n").

    UTF-8 with or without BOM is always accepted. With ``encoding="auto"`` a file that is
    not valid UTF-8 is tried as GB18030 then Big5. An empty file is an error.
    """
    return require_text(decode_text(read_bytes(path), path, encoding), path)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; a missing or unreadable file is an InputError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
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
    """Decode bytes (BOM tolerated) and normalise CRLF/CR line ends to LF."""
    if encoding in ("utf-8", "auto"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if encoding == "utf-8":
                raise InputError(
                    f"{path}: not valid UTF-8 at byte offset {exc.start}; "
                    "re-save it as UTF-8 or pass --encoding auto (tries GB18030, Big5)"
                ) from None
            text = _decode_legacy(data, path)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid {encoding} at byte offset {exc.start}; check --encoding"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes, path: Path) -> str:
    for codec in ("gb18030", "big5"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: neither UTF-8, GB18030 nor Big5; convert it to UTF-8")


def atomic_write_text(path: Path, text: str) -> None:
    """Write text (UTF-8) so that readers see the old file or the whole new one."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        # mkstemp makes the file 0600; outputs get the usual umask-based mode instead.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, output: Path | None) -> None:
    """Send a result to ``output`` atomically, or to stdout when no path is given."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text)
