"""Constrained re-alignment: the DP again, keeping every fixed bead, crossing link and cut.

Fixed beads (confirmed or edited) and cuts (boundaries a translator asserted) part the
monotonic beads into runs of unfixed beads (``runs``). Each run's sentences are aligned on
their own, as a sub-document, by ``align.aligner.align_sentences``, and its bead ids mapped
back. The best path through the whole document that keeps every fixed bead and cut is the
concatenation of the best path of each run, since a monotonic path can cross neither.
Crossing beads hold their sentences out of the monotonic ones and are put back at their
source position (``align.review.links.by_source``).

A ``Realigner`` keeps two in-memory caches for a session: sentence and window vectors by text
(``MemoEncoder``, in front of the on-disk cache) and each run's beads by its texts, so after
one edit only the runs it touched are aligned again.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np

from align.aligner import Progress, align_sentences
from align.beads import Alignment, Bead, Lang
from align.compose import composer_of
from align.encoders import Encoder
from align.pipeline import blas_threads
from align.pooled import MemoComposer
from align.review.edits import Cut, boundaries
from align.review.links import by_source

T = TypeVar("T")


class OneThread:
    """Runs the calls given to ``submit`` one after another on one daemon thread (a daemon,
    unlike ``ThreadPoolExecutor``'s, so Ctrl-C during an alignment exits at once)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._started = False
        self._lock = threading.Lock()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        with self._lock:
            if not self._started:
                threading.Thread(target=self._work, name="encoder", daemon=True).start()
                self._started = True
        future: Future[T] = Future()
        self._queue.put((call, future))
        return future

    def _work(self) -> None:
        while True:
            call, future = self._queue.get()
            try:
                future.set_result(call())
            except BaseException as exc:  # handed to the caller, who raises it
                future.set_exception(exc)


class MemoEncoder:
    """``encoder`` with an in-memory cache by text, for vectors and pooled states
    (``composer``): a warm re-alignment encodes nothing."""

    def __init__(self, encoder: Encoder) -> None:
        self.inner = encoder
        self.name = encoder.name
        self._vectors: dict[str, np.ndarray] = {}
        inner = composer_of(encoder)
        self.composer = None if inner is None else MemoComposer(inner, {})

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32 rows, as the wrapped encoder returns them."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, row in zip(missing, self.inner.encode(missing), strict=True):
                self._vectors[text] = row
        if not texts:
            return self.inner.encode([])
        return np.stack([self._vectors[t] for t in texts])


def runs(beads: Sequence[Bead], fixed: Sequence[bool], cuts: Collection[Cut]) -> list[list[int]]:
    """The positions of the monotonic beads to align again, in runs: unfixed beads in a row,
    not parted by a fixed bead or a cut (crossing beads are skipped: they part nothing)."""
    out: list[list[int]] = [[]]
    cells = boundaries(beads)
    for k, bead in enumerate(beads):
        if bead.crossing:
            continue
        if fixed[k]:
            out.append([])
            continue
        out[-1].append(k)
        if cells[k] in cuts:
            out.append([])
    return [run for run in out if run]


class Cancelled(Exception):
    """A re-alignment given up because the state it started from changed."""


def mapped(beads: Sequence[Bead], src: Sequence[int], tgt: Sequence[int]) -> list[Bead]:
    """Beads of a sub-document (ids from 0) with their ids mapped to the document's ids."""
    return [
        Bead(tuple(src[i] for i in b.src), tuple(tgt[j] for j in b.tgt), b.score) for b in beads
    ]


class Realigner:
    """Re-aligns documents around fixed beads, caching vectors and run results."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = MemoEncoder(encoder)
        self._runs: dict[tuple[tuple[str, ...], tuple[str, ...], Lang, Lang], list[Bead]] = {}
        self.aligned = 0  # runs aligned by the DP (not served from the cache), for the bench
        # The model and its SQLite cache are used from one thread only, whichever thread
        # asks (the command, a request, the background re-alignment).
        self._thread = OneThread()
        # One BLAS thread, as for `glossalign align`: the products are small, and on busy
        # cores a second OpenBLAS thread made each one ~100x slower. Set here, from the
        # thread that makes the realigner: OpenBLAS ignores a limit set in another thread.
        self._blas = contextlib.ExitStack()
        self._blas.enter_context(blas_threads())

    def align_gap(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        langs: tuple[Lang, Lang],
        progress: Progress | None = None,
    ) -> list[Bead]:
        """The best beads for one run of sentences, ids from 0 (cached by their texts)."""
        key = (tuple(src), tuple(tgt), *langs)
        if key not in self._runs:
            self.aligned += 1
            self._runs[key] = self._thread.submit(lambda: self._align(key, progress)).result()
        return self._runs[key]

    def _align(
        self, key: tuple[tuple[str, ...], tuple[str, ...], Lang, Lang], progress: Progress | None
    ) -> list[Bead]:
        src, tgt, src_lang, tgt_lang = key
        return align_sentences(
            list(src), list(tgt), self.encoder, src_lang=src_lang, tgt_lang=tgt_lang,
            progress=progress,
        )  # fmt: skip

    def cached(self, alignment: Alignment, run: Sequence[int]) -> bool:
        src, tgt = _run_texts(alignment, run)
        return (src, tgt, alignment.src_lang, alignment.tgt_lang) in self._runs

    def realign(
        self,
        alignment: Alignment,
        fixed: Sequence[bool],
        cuts: Collection[Cut] = frozenset(),
        step: Callable[[int, int], None] = lambda done, total: None,
    ) -> tuple[Alignment, list[int | None]]:
        """``alignment`` with every run of unfixed beads replaced by its best path, and for
        each bead of the result the position of the bead it kept (None: a new bead).
        ``step(done, total)`` is called before each run the DP aligns (not cached) and may
        raise (``Cancelled``) to give up."""
        beads = alignment.beads
        todo = runs(beads, fixed, cuts)
        new = [r for r in todo if not self.cached(alignment, r)]
        out: dict[int, list[Bead]] = {}
        for run in todo:
            if run in new:
                step(new.index(run), len(new))
            src_ids = [i for k in run for i in beads[k].src]
            tgt_ids = [j for k in run for j in beads[k].tgt]
            texts = _run_texts(alignment, run)
            found = self.align_gap(*texts, (alignment.src_lang, alignment.tgt_lang))
            out[run[0]] = mapped(found, src_ids, tgt_ids)
        step(len(new), len(new))
        redone = {k for run in todo for k in run}
        backbone: list[tuple[Bead, int | None]] = []
        for k, bead in enumerate(beads):
            if k in out:
                backbone += [(b, None) for b in out[k]]
            elif k not in redone and not bead.crossing:
                backbone.append((bead, k))
        crossing = [(b, k) for k, b in enumerate(beads) if b.crossing]
        placed = by_source(backbone, crossing)
        result = replace(alignment, beads=tuple(b for b, _ in placed))
        return result, [k for _, k in placed]


def _run_texts(alignment: Alignment, run: Sequence[int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    beads = alignment.beads
    return (
        tuple(alignment.src[i] for k in run for i in beads[k].src),
        tuple(alignment.tgt[j] for k in run for j in beads[k].tgt),
    )
