"""Editor edits: hand-checked tables, and the invariants every edit keeps (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.beads import Alignment, Bead, check_beads
from align.review import edits, links, resegment
from align.review.edits import EditError, State

SRC = tuple(f"源{i}。" for i in range(6))
TGT = tuple(f"Target {j}." for j in range(6))


def state(*beads: tuple[tuple[int, ...], tuple[int, ...]]) -> State:
    alignment = Alignment(SRC, TGT, tuple(Bead(s, t, 0.4) for s, t in beads))
    return State(alignment, tuple("" for _ in beads))


def shape(s: State) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:
    return [(b.src, b.tgt, f) for b, f in zip(s.alignment.beads, s.status, strict=True)]


BASE = state(((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), ((4,), ()), ((5,), (4, 5)))


def test_confirm_always_confirms_and_unconfirm_takes_it_back() -> None:
    s = edits.set_confirmed(BASE, 2, True)
    assert s.status == ("", "", "confirmed", "", "")
    assert edits.set_confirmed(s, 2, False).status == BASE.status
    with pytest.raises(EditError, match="already confirmed"):
        edits.set_confirmed(s, 2, True)
    with pytest.raises(EditError, match="no bead 10"):  # numbered from 1, as the page shows
        edits.set_confirmed(s, 9, True)
    # An edited bead is confirmed by c, and unconfirmed back to unreviewed.
    merged = edits.merge(BASE, 0)
    assert edits.set_confirmed(merged, 0, True).status[0] == "confirmed"
    assert edits.set_confirmed(merged, 0, False).status[0] == ""
    with pytest.raises(EditError, match="not confirmed"):
        edits.set_confirmed(BASE, 0, False)


def test_bulk_confirm_a_range_and_above_a_score() -> None:
    scores = (0.95, 0.5, 0.91, 0.2, 0.99)
    beads = tuple(Bead(b.src, b.tgt, p) for b, p in zip(BASE.alignment.beads, scores, strict=True))
    scored = State(Alignment(SRC, TGT, beads), ("", "", "", "edited", ""))
    assert edits.confirm_above(scored, 0.9).status == (
        "confirmed", "", "confirmed", "edited", "confirmed",
    )  # fmt: skip
    assert edits.confirm_range(scored, 3, 1).status == ("", "confirmed", "confirmed", "edited", "")
    with pytest.raises(EditError, match="no unreviewed bead"):
        edits.confirm_range(scored, 3, 3)
    with pytest.raises(EditError, match="between 0 and 1"):
        edits.confirm_above(scored, 2.0)


def test_merge_with_next() -> None:
    assert shape(edits.merge(BASE, 2))[2:] == [((3, 4), (3,), "edited"), ((5,), (4, 5), "")]
    with pytest.raises(EditError, match="last one"):
        edits.merge(BASE, 4)


def test_split_at_a_sentence_boundary() -> None:
    assert shape(edits.split(BASE, 1, 1, 1))[1:3] == [
        ((1,), (1,), "edited"), ((2,), (2,), "edited"),
    ]  # fmt: skip
    assert shape(edits.split(BASE, 4, 1, 1))[4:] == [
        ((5,), (4,), "edited"), ((), (5,), "edited"),
    ]  # fmt: skip
    with pytest.raises(EditError, match="empty bead"):
        edits.split(BASE, 1, 0, 0)
    with pytest.raises(EditError, match="cannot cut"):
        edits.split(BASE, 1, 3, 1)


def test_move_asserts_the_new_boundary_only() -> None:
    # First target sentence of bead 1 to bead 0; last source sentence of bead 1 to bead 2.
    # Both beads stay unreviewed: the move fixes the boundary between them (a cut), which
    # re-alignment keeps, not their whole content.
    moved = edits.move(BASE, 1, "tgt", "prev")
    assert shape(moved)[:2] == [((0,), (0, 1), ""), ((1, 2), (2,), "")]
    assert moved.cuts == {(1, 2)}
    moved = edits.move(BASE, 1, "src", "next")
    assert shape(moved)[1:3] == [((1,), (1, 2), ""), ((2, 3), (3,), "")]
    assert moved.cuts == {(2, 3)}
    # A fixed bead that loses or gains a sentence becomes edited.
    confirmed = edits.set_confirmed(BASE, 2, True)
    assert shape(edits.move(confirmed, 2, "tgt", "prev"))[1:3] == [
        ((1, 2), (1, 2, 3), ""), ((3,), (), "edited"),
    ]  # fmt: skip
    # Bead 3 (a deletion) loses its only sentence: it disappears, and that is a merge.
    assert shape(edits.move(BASE, 3, "src", "prev"))[2:] == [
        ((3, 4), (3,), "edited"), ((5,), (4, 5), ""),
    ]  # fmt: skip
    with pytest.raises(EditError, match="no previous bead"):
        edits.move(BASE, 0, "src", "prev")
    with pytest.raises(EditError, match="no tgt sentence"):
        edits.move(BASE, 3, "tgt", "next")


def test_a_cut_goes_when_its_boundary_does() -> None:
    moved = edits.move(BASE, 1, "tgt", "prev")
    assert edits.merge(moved, 0).cuts == frozenset()
    # Moving again keeps the first cut and adds the new boundary.
    assert edits.move(moved, 1, "tgt", "next").cuts == {(1, 2), (3, 2)}


def test_mark_a_sentence_unaligned_fixes_that_sentence_only() -> None:
    assert shape(edits.unalign(BASE, 1, "tgt", 2))[1:3] == [
        ((1, 2), (1,), ""), ((), (2,), "edited"),
    ]  # fmt: skip
    assert shape(edits.unalign(BASE, 1, "src", 1))[1:3] == [
        ((1,), (), "edited"), ((2,), (1, 2), ""),
    ]  # fmt: skip
    with pytest.raises(EditError, match="already unaligned"):
        edits.unalign(BASE, 3, "src", 4)
    with pytest.raises(EditError, match="not in bead"):
        edits.unalign(BASE, 0, "src", 3)
    middle = state(((0, 1, 2), (0,)), ((3, 4, 5), (1, 2, 3, 4, 5)))
    with pytest.raises(EditError, match="split the bead first"):
        edits.unalign(middle, 0, "src", 1)


def test_edit_a_sentence_of_either_side() -> None:
    s = resegment.edit_text(BASE, "tgt", 2, "  The  second\nsentence. ")
    assert s.alignment.tgt[2] == "The second sentence."
    assert s.status == BASE.status and s.alignment.beads == BASE.alignment.beads
    assert resegment.edit_text(BASE, "src", 0, "新的第一句。").alignment.src[0] == "新的第一句。"
    with pytest.raises(EditError, match="cannot be empty"):
        resegment.edit_text(BASE, "tgt", 2, " ")
    with pytest.raises(EditError, match="no target sentence 7"):
        resegment.edit_text(BASE, "tgt", 6, "x")


def test_split_a_sentence_renumbers_the_rest() -> None:
    s = edits.move(BASE, 1, "tgt", "next")  # [1,2]:[1], [3]:[2,3], a cut (3, 2) between
    s = resegment.split_sentence(s, "tgt", 1, "Target one. And more.", 12)
    assert s.alignment.tgt[:4] == ("Target 0.", "Target one.", "And more.", "Target 2.")
    assert len(s.alignment.tgt) == 7
    assert shape(s)[:3] == [((0,), (0,), ""), ((1, 2), (1, 2), ""), ((3,), (3, 4), "")]
    assert s.cuts == {(3, 3)}  # the cut moved with the target ids after it
    with pytest.raises(EditError, match="caret inside"):
        resegment.split_sentence(BASE, "tgt", 1, "Target 1.", 0)


def test_join_two_sentences_of_neighbouring_beads() -> None:
    s = resegment.join_sentence(BASE, "src", 0)  # source 0 and 1, in beads 0 and 1
    assert s.alignment.src[:2] == ("源0。源1。", "源2。")
    assert shape(s)[:2] == [((0,), (0,), ""), ((1,), (1, 2), "")]
    s = resegment.join_sentence(BASE, "tgt", 4)  # target 4 and 5, in one bead
    assert s.alignment.tgt[4] == "Target 4. Target 5." and shape(s)[-1] == ((5,), (4,), "")
    with pytest.raises(EditError, match="the last one"):
        resegment.join_sentence(BASE, "tgt", 5)


def test_paragraphs_follow_a_split_and_a_join() -> None:
    s = replace(BASE, blocks=((0, 0, 1, 1, 2, 2), (0, 0, 1, 1, 2, 2)))
    assert resegment.split_sentence(s, "src", 1, "源一。源二。", 3).blocks == (
        (0, 0, 0, 1, 1, 2, 2), (0, 0, 1, 1, 2, 2),
    )  # fmt: skip
    assert resegment.join_sentence(s, "tgt", 1).blocks == ((0, 0, 1, 1, 2, 2), (0, 0, 1, 2, 2))


def test_link_in_order_and_across() -> None:
    s = state(*(((k,), (k,)) for k in range(6)))
    s = links.link(s, 2, 3)  # fits in order: an edited bead; 3 and 2 are left one-sided
    assert shape(s)[2:6] == [
        ((), (2,), ""),
        ((2,), (3,), "edited"),
        ((3,), (), ""),
        ((4,), (4,), ""),
    ]
    s = links.link(s, 3, 2)  # out of order: a crossing bead, confirmed, at its source place
    assert [(b.src, b.tgt, b.crossing) for b in s.alignment.beads[2:5]] == [
        ((2,), (3,), False), ((3,), (2,), True), ((4,), (4,), False),
    ]  # fmt: skip
    assert s.status[3] == "confirmed"
    with pytest.raises(EditError, match="crossing link: unlink"):
        edits.merge(s, 3)
    with pytest.raises(EditError, match="unlink it instead"):
        edits.set_confirmed(s, 3, False)
    back = links.unlink(s, 3)
    assert shape(back)[2:6] == [
        ((), (2,), ""),
        ((2,), (3,), "edited"),
        ((3,), (), ""),
        ((4,), (4,), ""),
    ]
    with pytest.raises(EditError, match="not a crossing link"):
        links.unlink(back, 3)
    with pytest.raises(EditError, match="inside bead"):
        links.link(state(((0, 1, 2), (0,)), ((3, 4, 5), (1, 2, 3, 4, 5))), 1, 3)


def test_flagged_beads_score_one() -> None:
    s = edits.set_confirmed(edits.merge(BASE, 0), 2, True)
    scores = [b.score for b in edits.flagged(s).beads]
    assert scores == [1.0, 0.4, 1.0, 0.4]


OPS = st.one_of(
    st.tuples(st.just("merge"), st.integers(0, 6)),
    st.tuples(st.just("split"), st.integers(0, 6), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(
        st.just("move"),
        st.integers(0, 6),
        st.sampled_from(["src", "tgt"]),
        st.sampled_from(["prev", "next"]),
    ),
    st.tuples(
        st.just("unalign"), st.integers(0, 6), st.sampled_from(["src", "tgt"]), st.integers(0, 5)
    ),
    st.tuples(st.just("link"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("unlink"), st.integers(0, 6)),
    st.tuples(st.just("split_sentence"), st.sampled_from(["src", "tgt"]), st.integers(0, 6)),
    st.tuples(st.just("join_sentence"), st.sampled_from(["src", "tgt"]), st.integers(0, 6)),
)


def apply(s: State, name: str, *args: Any) -> State:
    if name in ("link", "unlink"):
        return getattr(links, name)(s, *args)
    if name == "split_sentence":
        side, k = args
        texts = s.alignment.src if side == "src" else s.alignment.tgt
        return (
            resegment.split_sentence(s, side, k, "Part one part two", 5)
            if k < len(texts)
            else resegment.split_sentence(s, side, k, "", 0)
        )
    if name == "join_sentence":
        return resegment.join_sentence(s, *args)
    return getattr(edits, name)(s, *args)


@settings(max_examples=300)
@given(st.lists(OPS, max_size=14))
def test_every_edit_keeps_a_cover_in_order(ops: list[tuple[Any, ...]]) -> None:
    s = BASE
    for name, *args in ops:
        try:
            s = apply(s, name, *args)
        except EditError:
            continue
        beads = s.alignment.beads
        n, m = len(s.alignment.src), len(s.alignment.tgt)
        assert sorted(i for b in beads for i in b.src) == list(range(n))
        assert sorted(j for b in beads for j in b.tgt) == list(range(m))
        assert all(b.src or b.tgt for b in beads)
        assert len(s.status) == len(beads)
        assert check_beads(beads, "state", range(len(beads))) == "monotonic" or len(beads) < 2
        assert all(s.status[k] == "confirmed" for k, b in enumerate(beads) if b.crossing)
        assert s.cuts <= set(edits.boundaries(beads))
