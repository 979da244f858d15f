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
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from align.errors import InputError

CACHE_ENV = "GLOSSALIGN_CACHE_DIR"
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
                self.directory.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path(encoder_name), timeout=_BUSY_TIMEOUT_S)
                # Before the first table exists: a 2 KB vector then fits in a page.
                db.execute("PRAGMA page_size=16384")
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS embedding "
                    "(key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
                )
                db.commit()
            except (OSError, sqlite3.Error) as exc:
                raise self._error(encoder_name, exc) from None
            self._connections[encoder_name] = db
        return db

    def get(self, encoder_name: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys`` (missing ones are simply absent)."""
        db = self._db(encoder_name)
        found: dict[bytes, np.ndarray] = {}
        try:
            for chunk in chunks(keys, _LOOKUP_CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, vector FROM embedding WHERE key IN ({marks})", tuple(chunk)
                )
                found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        except sqlite3.Error as exc:
            raise self._error(encoder_name, exc) from None
        return found

    def put(self, encoder_name: str, keys: Sequence[bytes], vectors: np.ndarray) -> None:
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
