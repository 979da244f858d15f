"""The shuffled benchmark: block permutation, gold renumbering, pooled precision/recall."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.beads import Bead
from align.bench.paraphrase import Point, block_order, cut_blocks, gold_pairs, pr_curve
from align.cli import app


@given(st.integers(0, 300), st.integers(0, 2**32 - 1))
def test_block_order_is_a_seeded_permutation_of_blocks_of_3_to_8(n: int, seed: int) -> None:
    order = block_order(n, seed)
    assert sorted(order) == list(range(n)) and order == block_order(n, seed)
    blocks = cut_blocks(n, np.random.default_rng(seed))
    assert [i for b in blocks for i in b] == list(range(n))
    assert all(3 <= len(b) <= 8 for b in blocks[:-1]) and all(len(b) <= 8 for b in blocks)
    where = {old: new for new, old in enumerate(order)}
    for b in blocks:  # each block lands in one piece, in its own order
        assert [where[i] for i in b] == list(range(where[b[0]], where[b[0]] + len(b)))


def test_block_order_shuffles_and_depends_on_the_seed() -> None:
    assert block_order(100, 1) != tuple(range(100))
    assert block_order(100, 1) != block_order(100, 2)


def test_gold_pairs_follow_the_sentences_to_their_new_place() -> None:
    tgt = [f"e{j}" for j in range(20)]
    beads = [Bead((0,), (0, 1)), Bead((1, 2), (2,)), Bead((3,), ()), Bead((4,), (19,))]
    order = block_order(20, 7)
    shuffled = [tgt[j] for j in order]
    pairs = gold_pairs(beads, order)
    assert {(i, shuffled[j]) for i, j in pairs} == {
        (0, "e0"),
        (0, "e1"),
        (1, "e2"),
        (2, "e2"),
        (4, "e19"),
    }


def test_pr_curve_pools_documents_and_counts_gold_pairs() -> None:
    scores = [np.array([[0.9, 0.2], [0.6, 0.7]]), np.array([[0.8]])]
    golds = [frozenset({(0, 0), (1, 1), (1, 0)}), frozenset({(0, 0)})]
    low, high = pr_curve(scores, golds, (0.5, 0.75))
    assert low == Point(0.5, 4, 4, 1.0, 1.0)
    assert high == Point(0.75, 2, 2, 1.0, 0.5)
    (none,) = pr_curve([np.zeros((1, 1))], [frozenset({(0, 0)})], (0.5,))
    assert none.precision == 1.0 and none.recall == 0.0


def test_bench_paraphrase_reports_a_missing_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench-paraphrase", str(tmp_path)])
    assert result.exit_code == 1 and "no zh/*.txt" in result.output


@given(st.integers(0, 200), st.integers(0, 2**32 - 1), st.floats(0.0, 1.0))
def test_keep_drops_whole_blocks_and_the_gold_pairs_that_pointed_into_them(
    n: int, seed: int, keep: float
) -> None:
    order = block_order(n, seed, keep)
    assert len(set(order)) == len(order) and set(order) <= set(range(n))
    survivors = [b for b in cut_blocks(n, np.random.default_rng(seed)) if b[0] in order]
    assert sorted(order) == [i for b in survivors for i in b]  # blocks go whole or not at all
    beads = [Bead((i,), (i,)) for i in range(n)]
    assert {order[j] for _, j in gold_pairs(beads, order)} == set(order)


def test_keep_one_is_the_plain_shuffle() -> None:
    assert block_order(50, 3, 1.0) == block_order(50, 3)
    assert len(block_order(200, 3, 0.2)) < 100
