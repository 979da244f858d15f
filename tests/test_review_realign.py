"""Constrained re-alignment on synthetic embeddings: designed vectors, so the right path is
known, and the real aligner (align_sentences) between the confirmed beads."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_info, threadpool_limits

from align.beads import Alignment, Bead
from align.review.realign import MemoEncoder, Realigner, mapped, runs

N = 8
ZH = [chr(0x4E00 + 37 * k) + "。" for k in range(N)]  # one distinct character a sentence
EN = ["Alpha.", "Bravo.", "Charlie.", "Delta.", "Echo.", "Foxtrot.", "Golf.", "Hotel."]


class DesignedEncoder:
    """Sentence k of either side has vector k; a window (joined sentences) the normalised
    sum of its sentences' vectors. Counts the texts it is asked for."""

    name = "designed"

    def __init__(self) -> None:
        rng = np.random.default_rng(7)
        self.base = rng.standard_normal((N, 48)).astype(np.float32)
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        parts = [k for k in range(N) if ZH[k][0] in text or EN[k][:-1] in text]
        v = self.base[parts].sum(axis=0) if parts else np.ones(48, np.float32)
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return np.array([self._vector(t) for t in texts], np.float32).reshape(len(texts), 48)


GOLD = tuple(Bead((k,), (k,)) for k in range(N))


def alignment(beads: tuple[Bead, ...] = GOLD) -> Alignment:
    return Alignment(tuple(ZH), tuple(EN), beads)


def ids(beads: tuple[Bead, ...] | list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def test_runs_between_fixed_beads_and_cuts() -> None:
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((), (2,)), Bead((3,), (3, 4))]
    assert runs(beads, [False, True, False, False], set()) == [[0], [2, 3]]
    assert runs(beads, [False, False, True, True], set()) == [[0, 1]]
    assert runs(beads, [False] * 4, set()) == [[0, 1, 2, 3]]
    # A cut after bead 1 (source ids < 3, target ids < 2 before it) parts the run there.
    assert runs(beads, [False] * 4, {(3, 2)}) == [[0, 1], [2, 3]]
    # A crossing bead parts nothing and is never aligned again.
    crossing = [Bead((0,), (1,), crossing=True), Bead((1,), (0,)), Bead((2,), (2,))]
    assert runs(crossing, [True, False, False], set()) == [[1, 2]]


def test_mapped_puts_sub_document_ids_back() -> None:
    assert mapped([Bead((0, 1), (), 0.5)], [3, 5], []) == [Bead((3, 5), (), 0.5)]


def test_unconstrained_alignment_finds_the_designed_pairs() -> None:
    realigner = Realigner(DesignedEncoder())
    result, kept = realigner.realign(alignment(), [False] * N)
    assert ids(result.beads) == ids(GOLD)
    assert kept == [None] * N
    declared = replace(alignment(), tags=("zh-Hant", "en-GB"))
    assert realigner.realign(declared, [False] * N)[0].tags == ("zh-Hant", "en-GB")


@settings(max_examples=12, deadline=None)
@given(st.lists(st.booleans(), min_size=N, max_size=N))
def test_any_confirmed_gold_beads_give_back_the_gold(confirmed: list[bool]) -> None:
    start = alignment(tuple(Bead(b.src, b.tgt, 0.5) for b in GOLD))
    result, kept = Realigner(DesignedEncoder()).realign(start, confirmed)
    assert ids(result.beads) == ids(GOLD)
    assert [k is not None for k in kept] == confirmed


def test_a_wrong_confirmed_bead_is_kept_and_the_rest_aligned_around_it() -> None:
    # Confirm [3]:[3,4] (wrong) over a scrambled start: it must stay, and the best path on
    # either side of it is the designed one; source 4 lost its partner to the bead.
    scrambled = (
        Bead((0, 1), (0,)), Bead((2,), (1, 2)), Bead((3,), (3, 4)), Bead((4, 5), (5, 6)),
        Bead((6, 7), (7,)),
    )  # fmt: skip
    result, kept = Realigner(DesignedEncoder()).realign(
        alignment(scrambled), [False, False, True, False, False]
    )
    got = ids(result.beads)
    assert got[:3] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert got[3] == ((3,), (3, 4)) and kept[3] == 2 and kept.count(None) == len(kept) - 1
    assert got[-3:] == [((5,), (5,)), ((6,), (6,)), ((7,), (7,))]
    assert [i for b in result.beads for i in b.src] == list(range(N))
    assert [j for b in result.beads for j in b.tgt] == list(range(N))


def test_confirmed_insertion_and_deletion_are_honoured() -> None:
    beads = (*GOLD[:2], Bead((2,), ()), Bead((), (2,)), *GOLD[3:])
    confirmed = [False, False, True, True] + [False] * (N - 3)
    result, kept = Realigner(DesignedEncoder()).realign(alignment(beads), confirmed)
    assert ids(result.beads) == ids(beads)
    assert [k is not None for k in kept] == confirmed


def test_only_the_gaps_an_edit_touched_are_aligned_again() -> None:
    encoder = DesignedEncoder()
    realigner = Realigner(encoder)
    confirmed = [k in (2, 5) for k in range(N)]
    realigner.realign(alignment(), confirmed)
    assert realigner.aligned == 3  # before 2, between 2 and 5, after 5
    calls = encoder.calls
    realigner.realign(alignment(), confirmed)
    assert (realigner.aligned, encoder.calls) == (3, calls)  # all from the caches
    realigner.realign(alignment(), [k in (2, 5, 7) for k in range(N)])
    assert realigner.aligned == 4  # the last run is now bead 6 alone; the others cached
    assert encoder.calls == calls  # every sentence vector already in memory


def test_memo_encoder_encodes_each_text_once() -> None:
    inner = DesignedEncoder()
    memo = MemoEncoder(inner)
    first = memo.encode([EN[0], EN[1], EN[0]])
    again = memo.encode([EN[1], EN[2]])
    assert inner.calls == 3
    np.testing.assert_array_equal(first[1], again[0])
    assert memo.encode([]).shape == (0, 48)


def test_gaps_are_aligned_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # As for `glossalign align` (align.pipeline.blas_threads): on 2 busy cores a second
    # OpenBLAS thread made the editor's re-alignment of the letter ~100x slower.
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    seen: list[set[int]] = []

    class Recording(DesignedEncoder):
        def encode(self, texts: list[str]) -> np.ndarray:
            seen.append({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})
            return super().encode(texts)

    with threadpool_limits(limits=2, user_api="blas"):
        Realigner(Recording()).realign(alignment(), [False] * N)
    assert seen and all(threads == {1} for threads in seen)
