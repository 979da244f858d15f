"""On-disk embedding cache: one SQLite database per encoder, keyed by the text's SHA-256.

Location: ``$GLOSSALIGN_CACHE_DIR`` if set, else ``platformdirs.user_cache_dir("glossalign")
/embeddings``; each encoder gets its own ``.sqlite`` file there, named by its cache id (the
encoder name with the package version, or for a model folder a fingerprint of its files, made
file-safe plus a short hash of the full id). Rows are ``(sha256(text), float32 vector)``.

Two runs may share a cache: the database is in WAL mode, so readers never block the writer
and never see part of a transaction, and each batch of new vectors is committed in one
transaction (``INSERT OR IGNORE``: two runs that encode the same text store it once).
New vectors are committed every ``COMMIT_EVERY`` texts, so an interrupted run keeps what it
had encoded. ``align.encoders.CachedEncoder`` puts an encoder in front of it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from align.errors import InputError, warn

CACHE_ENV = "GLOSSALIGN_CACHE_DIR"
T = TypeVar("T")
_LOOKUP_CHUNK = 500  # keys per SELECT ... IN (...): well under SQLite's variable limit
COMMIT_EVERY = 2048  # texts encoded and stored per transaction
_BUSY_TIMEOUT_S = 60.0


def project_cache_dir() -> Path:
    """Where glossalign keeps caches: ``$GLOSSALIGN_CACHE_DIR``, else the user cache dir."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("glossalign"))


def default_cache_dir() -> Path:
    """The embedding databases: ``$GLOSSALIGN_CACHE_DIR`` itself, else ``embeddings`` in the
    user cache dir."""
    return project_cache_dir() if os.environ.get(CACHE_ENV) else project_cache_dir() / "embeddings"


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def db_file_name(encoder_name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", encoder_name).strip("-.")[-60:]
    if safe == encoder_name:
        return f"{safe}.sqlite"
    digest = hashlib.sha256(encoder_name.encode("utf-8")).hexdigest()[:10]
    return f"{safe}-{digest}.sqlite"


def chunks(items: Sequence[bytes], size: int) -> Iterator[Sequence[bytes]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class EmbeddingCache:
    """Vectors by ``(encoder name, text)`` under ``directory`` (created on first use)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._connections: dict[str, sqlite3.Connection] = {}

    @classmethod
    def default(cls) -> EmbeddingCache:
        return cls(default_cache_dir())

    def path(self, encoder_name: str) -> Path:
        return self.directory / db_file_name(encoder_name)

    def _error(self, encoder_name: str, exc: Exception) -> InputError:
        return InputError(
            f"{self.path(encoder_name)}: embedding cache unusable ({exc}); "
            f"pass --no-cache, or point {CACHE_ENV} at a writable folder"
        )

    def _db(self, encoder_name: str) -> sqlite3.Connection:
        db = self._connections.get(encoder_name)
        if db is None:
            try:
                db = self._open(encoder_name)
            except sqlite3.DatabaseError as exc:
                if not _is_corrupt(exc):
                    raise self._error(encoder_name, exc) from None
                self._move_aside(encoder_name, exc)
                try:
                    db = self._open(encoder_name)
                except sqlite3.Error as exc2:
                    raise self._error(encoder_name, exc2) from None
            except OSError as exc:
                raise self._error(encoder_name, exc) from None
            self._connections[encoder_name] = db
        return db

    def _open(self, encoder_name: str) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path(encoder_name), timeout=_BUSY_TIMEOUT_S)
        try:
            # Before the first table exists: a 2 KB vector then fits in a page.
            db.execute("PRAGMA page_size=16384")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS embedding (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
            )
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self, encoder_name: str, exc: Exception) -> None:
        """Rename a corrupt database (and its WAL files) to ``*.corrupt``; the next open
        starts an empty one, so later runs do not fail on it again."""
        db = self._connections.pop(encoder_name, None)
        if db is not None:
            db.close()
        path = self.path(encoder_name)
        aside = path.with_name(f"{path.name}.corrupt")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = path.with_name(path.name + suffix)
                if part.exists():
                    os.replace(part, aside.with_name(aside.name + suffix))
        except OSError as exc2:
            raise self._error(encoder_name, exc2) from None
        warn(f"{path}: embedding cache was corrupt ({exc}); moved it to {aside}, rebuilding")

    def get(self, encoder_name: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys`` (missing ones are simply absent). Rows that
        cannot be a vector (a length that is not whole float32s, NaN or infinite values,
        not unit length) are deleted with a warning and reported missing, to be encoded
        again; a corrupt database is moved aside and everything is missing."""
        return self.read(encoder_name, keys, unit_vector)

    def read(
        self,
        encoder_name: str,
        keys: Sequence[bytes],
        parse: Callable[[np.ndarray], T | None],
    ) -> dict[bytes, T]:
        """``get`` for rows of any kind: each stored row, as float32s, made into what
        ``parse`` returns; rows that are not whole float32s or that ``parse`` refuses (None)
        are deleted with a warning and reported missing."""
        db = self._db(encoder_name)
        found: dict[bytes, T] = {}
        bad: list[bytes] = []
        try:
            for chunk in chunks(keys, _LOOKUP_CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, vector FROM embedding WHERE key IN ({marks})", tuple(chunk)
                )
                for key, blob in rows:
                    floats = as_floats(blob)
                    value = None if floats is None else parse(floats)
                    if value is None:
                        bad.append(key)
                    else:
                        found[key] = value
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise self._error(encoder_name, exc) from None
            self._move_aside(encoder_name, exc)
            return {}
        if bad:
            self.drop(encoder_name, bad, "not a valid vector")
        return found

    def drop(self, encoder_name: str, keys: Sequence[bytes], why: str) -> None:
        """Delete the rows of ``keys`` (bad entries, to be encoded again), with a warning."""
        db = self._db(encoder_name)
        warn(
            f"{self.path(encoder_name)}: {len(keys)} cached vector(s) {why}; "
            "dropped them, encoding again"
        )
        try:
            with db:
                db.executemany("DELETE FROM embedding WHERE key = ?", [(k,) for k in keys])
        except sqlite3.Error as exc:
            raise self._error(encoder_name, exc) from None

    def put(
        self, encoder_name: str, keys: Sequence[bytes], vectors: np.ndarray | Sequence[np.ndarray]
    ) -> None:
        """Store rows of ``vectors`` under ``keys`` in one transaction."""
        db = self._db(encoder_name)
        rows = [
            (key, np.ascontiguousarray(vec, dtype=np.float32).tobytes())
            for key, vec in zip(keys, vectors, strict=True)
        ]
        try:
            with db:
                db.executemany("INSERT OR IGNORE INTO embedding VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise self._error(encoder_name, exc) from None


def as_floats(blob: object) -> np.ndarray | None:
    """A stored row as float32s, or None when it is not whole float32s."""
    if not isinstance(blob, bytes) or not blob or len(blob) % 4:
        return None
    return np.frombuffer(blob, dtype=np.float32)


def unit_vector(row: np.ndarray) -> np.ndarray | None:
    """``row`` if it can be one of our vectors, else None: NaN or infinite values, or not unit
    length (encoders L2-normalise; all-zero rows, which ``normalise`` leaves zero, pass)."""
    if not np.isfinite(row).all():
        return None
    norm = float(np.linalg.norm(row))
    return row if norm == 0.0 or abs(norm - 1.0) < 1e-3 else None


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """SQLite says the file is not a database or its image is malformed."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
