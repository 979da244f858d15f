"""Tables derived from bundled data, built once and stored: CC-CEDICT's glosses, jieba's
dictionary, use-m3's weights unpacked.

Building them takes seconds (parsing CC-CEDICT, decompressing weights) where a command should
start in well under one, so each is built on first use, stored in the project cache dir
(``align.cache.project_cache_dir``; ``$GLOSSALIGN_TABLES_DIR`` if set) and memory-mapped by
every later process. A table's file
name carries a digest of its *key*: the versions of the data it derives from and of the code
that builds it (``TABLES_VERSION``, and the builder's own ``version``), so a new package or a
changed builder builds a new file (the old one is deleted). A file that does not read back
(truncated, damaged, not ours) is rebuilt after one warning line. When the cache dir cannot be
written, the table is built in memory for the process, as before.

File layout: ``MAGIC``, a 4-byte little-endian header length, a JSON header (key, CRC-32 of
the data, each part's dtype, shape, offset and length), then the parts, each aligned to 64
bytes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import mmap
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from align.cache import project_cache_dir
from align.errors import warn

#: Bumped when the file layout or a shared builder changes: every table is rebuilt.
TABLES_VERSION = 1
MAGIC = b"GLOSSTBL"
TABLES_ENV = "GLOSSALIGN_TABLES_DIR"
_ALIGN = 64

Parts = Mapping[str, np.ndarray]


def package_key(dist: str, module: str, *files: str) -> str:
    """The key of a table built from ``files`` of package ``dist`` (importable as ``module``):
    its version and the files' sizes."""
    from importlib.metadata import version
    from importlib.util import find_spec

    spec = find_spec(module)
    folder = Path(spec.origin).parent if spec and spec.origin else Path()
    sizes = [(folder / f).stat().st_size if (folder / f).exists() else -1 for f in files]
    return f"{dist} {version(dist)} {sizes}"


def tables_dir() -> Path:
    """Where the tables are stored: ``$GLOSSALIGN_TABLES_DIR``, else ``tables`` in the project
    cache dir (the tables depend only on the installed packages, so caches that differ in
    nothing else, such as the test suite's, may share one folder)."""
    env = os.environ.get(TABLES_ENV)
    return Path(env).expanduser() if env else project_cache_dir() / "tables"


def table_path(name: str, key: str) -> Path:
    """Where table ``name`` built for ``key`` is stored."""
    digest = hashlib.sha256(f"{TABLES_VERSION}\0{name}\0{key}".encode()).hexdigest()[:16]
    return tables_dir() / f"{name}-{digest}.table"


def stored_table(name: str, key: str, build: Callable[[], Parts]) -> Parts:
    """Table ``name``'s parts (read-only arrays): read from its file when that is there and
    whole, else built by ``build`` and stored. ``key`` names what the table derives from."""
    path = table_path(name, key)
    found = _read(path, key, name, warn_damaged=True)
    if found is not None:
        return found
    with _build_lock(path.parent / f".{name}.lock"):
        found = _read(path, key, name, warn_damaged=False)  # another process built it meanwhile
        if found is not None:
            return found
        parts = {k: np.ascontiguousarray(v) for k, v in build().items()}
        try:
            write_table(path, key, parts)
        except OSError:  # a read-only cache dir: this process keeps what it built
            return parts
    for old in path.parent.glob(f"{name}-*.table"):
        if old != path:
            old.unlink(missing_ok=True)
    return parts


def _read(path: Path, key: str, name: str, *, warn_damaged: bool) -> Parts | None:
    try:
        return read_table(path, key)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        if warn_damaged:
            warn(f"{path}: stored {name} table unreadable ({exc}); rebuilding it")
        return None


@contextmanager
def _build_lock(lock_file: Path) -> Iterator[None]:
    """Held while a table is built: processes starting together (batch workers) build it once,
    the others wait and read it. Without a lock (a read-only folder) each builds its own."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = open(lock_file, "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def write_table(path: Path, key: str, parts: Parts) -> None:
    """Store ``parts`` under ``key`` at ``path``, atomically (temp file, then rename)."""
    layout, offset, blobs = [], 0, []
    for part, array in parts.items():
        data = np.ascontiguousarray(array).tobytes()
        pad = -offset % _ALIGN
        blobs.append(b"\0" * pad + data)
        offset += pad
        layout.append([part, array.dtype.str, list(array.shape), offset, len(data)])
        offset += len(data)
    crc = 0
    for blob in blobs:
        crc = zlib.crc32(blob, crc)
    header = json.dumps({"key": key, "crc": crc, "size": offset, "parts": layout}).encode()
    head = MAGIC + struct.pack("<I", len(header)) + header
    head += b"\0" * (-len(head) % _ALIGN)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # readable by whoever shares the folder, as any cache file
        with os.fdopen(fd, "wb") as fh:
            fh.write(head)
            for blob in blobs:
                fh.write(blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_table(path: Path, key: str) -> Parts:
    """The parts stored at ``path``, memory-mapped; ValueError when the file is not a whole
    table built for ``key``."""
    with open(path, "rb") as fh:
        try:
            buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            raise ValueError("empty file") from None
    if buf[: len(MAGIC)] != MAGIC or len(buf) < len(MAGIC) + 4:
        raise ValueError("not a glossalign table")
    (length,) = struct.unpack_from("<I", buf, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        header = json.loads(bytes(buf[start : start + length]))
        base = start + length + (-(start + length) % _ALIGN)
        size, crc, layout = int(header["size"]), int(header["crc"]), header["parts"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"bad header: {exc}") from None
    if header.get("key") != key:
        raise ValueError("built for other data")
    if len(buf) != base + size:
        raise ValueError(f"{len(buf)} bytes where {base + size} were written")
    data = memoryview(buf)[base:]
    if zlib.crc32(data) != crc:
        raise ValueError("checksum mismatch")
    try:
        return {
            part: np.frombuffer(data[offset : offset + nbytes], np.dtype(dtype)).reshape(shape)
            for part, dtype, shape, offset, nbytes in layout
        }
    except (ValueError, TypeError) as exc:
        raise ValueError(f"bad layout: {exc}") from None
