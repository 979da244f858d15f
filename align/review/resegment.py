"""Edits of the sentences themselves, on either side: change a sentence's text, split one at
a character offset, join two adjacent ones.

Splitting or joining renumbers the sentences after it on that side; every bead, cut and
paragraph follows (ids stay zero-based and consecutive). The two halves of a split sentence
stay in its bead and its paragraph; a joined sentence stays in the first one's bead and
paragraph. The page then re-aligns the beads around the change (``Session``), in the same
undo step. A fixed bead whose sentences change becomes edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from align.beads import Alignment, join_sentences
from align.review.edits import EditError, Side, State, pruned

MAX_SENTENCE_CHARS = 20_000


def _texts(state: State, side: Side) -> tuple[str, ...]:
    return state.alignment.src if side == "src" else state.alignment.tgt


def _with_texts(alignment: Alignment, side: Side, texts: tuple[str, ...]) -> Alignment:
    if side == "src":
        return replace(alignment, src=texts)
    return replace(alignment, tgt=texts)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise EditError("a sentence cannot be empty; mark it unaligned instead")
    if len(text) > MAX_SENTENCE_CHARS:
        raise EditError(f"a sentence holds at most {MAX_SENTENCE_CHARS:,} characters")
    return text


def _check(state: State, side: Side, sentence: int) -> None:
    n = len(_texts(state, side))
    if not 0 <= sentence < n:
        name = "source" if side == "src" else "target"
        raise EditError(f"no {name} sentence {sentence + 1}; there are {n}")


def holder(state: State, side: Side, sentence: int) -> int:
    """The position of the bead holding ``sentence`` of ``side``."""
    return next(
        k
        for k, b in enumerate(state.alignment.beads)
        if sentence in (b.src if side == "src" else b.tgt)
    )


def _renumbered(
    state: State, side: Side, texts: tuple[str, ...], ids: Callable[[int], tuple[int, ...]],
    touched: set[int],
) -> State:  # fmt: skip
    """``state`` with ``side``'s sentences ``texts``, each old id ``x`` of a bead becoming
    ``ids(x)`` (none, one or two ids); beads in ``touched`` are changed (fixed -> edited),
    emptied beads dropped, cuts and paragraphs renumbered."""
    beads, status = [], []
    for k, (bead, flag) in enumerate(zip(state.alignment.beads, state.status, strict=True)):
        old = bead.src if side == "src" else bead.tgt
        new = tuple(y for x in old for y in ids(x))
        bead = replace(bead, src=new) if side == "src" else replace(bead, tgt=new)
        if bead.src or bead.tgt:
            beads.append(bead)
            status.append("edited" if flag and k in touched and not bead.crossing else flag)
    n_old = len(_texts(state, side))
    at = 0 if side == "src" else 1

    def cell(x: int) -> int:  # a boundary before old id x -> before its first new id
        return next((ids(z)[0] for z in range(x, n_old) if ids(z)), len(texts))

    cuts = {(cell(c[0]), c[1]) if at == 0 else (c[0], cell(c[1])) for c in state.cuts}
    blocks = state.blocks
    if blocks is not None:
        side_blocks = tuple(blocks[at][x] for x in range(n_old) for _ in ids(x))
        blocks = (side_blocks, blocks[1]) if at == 0 else (blocks[0], side_blocks)
    alignment = _with_texts(replace(state.alignment, beads=tuple(beads)), side, texts)
    return pruned(State(alignment, tuple(status), frozenset(cuts), blocks))


def edit_text(state: State, side: Side, sentence: int, text: str) -> State:
    """Sentence ``sentence`` of ``side`` replaced by ``text`` (whitespace collapsed). The
    alignment does not change: only the sentence's text."""
    _check(state, side, sentence)
    old = _texts(state, side)
    new = (*old[:sentence], _clean(text), *old[sentence + 1 :])
    return replace(state, alignment=_with_texts(state.alignment, side, new))


def split_sentence(state: State, side: Side, sentence: int, text: str, at: int) -> State:
    """Sentence ``sentence`` of ``side``, given as ``text`` (the edited text, or its text),
    split before character ``at`` into two sentences; the later sentences move up one id."""
    _check(state, side, sentence)
    if not 0 < at < len(text) or not text[:at].strip() or not text[at:].strip():
        raise EditError("put the caret inside the sentence, between two parts with text")
    old = _texts(state, side)
    texts = (*old[:sentence], _clean(text[:at]), _clean(text[at:]), *old[sentence + 1 :])

    def ids(x: int) -> tuple[int, ...]:
        return (x,) if x < sentence else (x, x + 1) if x == sentence else (x + 1,)

    return _renumbered(state, side, texts, ids, {holder(state, side, sentence)})


def join_sentence(state: State, side: Side, sentence: int) -> State:
    """Sentence ``sentence`` of ``side`` and the next one as one sentence (in the first one's
    bead); the later sentences move down one id."""
    _check(state, side, sentence)
    old = _texts(state, side)
    if sentence + 1 >= len(old):
        raise EditError(f"sentence {sentence + 1} is the last one: nothing to join it with")
    first, second = holder(state, side, sentence), holder(state, side, sentence + 1)
    beads = state.alignment.beads
    if first != second and (beads[first].crossing or beads[second].crossing):
        raise EditError("one of the two sentences is in a crossing link: unlink it first")
    lang = state.alignment.src_lang if side == "src" else state.alignment.tgt_lang
    joined = join_sentences(old[sentence : sentence + 2], lang)
    texts = (*old[:sentence], joined, *old[sentence + 2 :])

    def ids(x: int) -> tuple[int, ...]:
        return (x,) if x <= sentence else () if x == sentence + 1 else (x - 1,)

    return _renumbered(state, side, texts, ids, {first, second})


def neighbourhood(state: State, side: Side, sentence: int) -> set[int]:
    """The positions of the bead holding ``sentence`` and of the monotonic beads on either
    side of it: what is aligned again after a split or a join there."""
    beads = state.alignment.beads
    k = holder(state, side, sentence)
    around = {k}
    for step in (-1, 1):
        p = k + step
        while 0 <= p < len(beads) and beads[p].crossing:
            p += step
        if 0 <= p < len(beads):
            around.add(p)
    return around
