from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_aligner import TokenEncoder

from align.aligner import AlignConfig, build_context
from align.progress import no_progress
from align.scoring import _COL, FEATURES, BeadModel, shape_features
from align.windowcos import pair_cos


def test_the_best_cut_tells_a_true_one_to_two_bead_from_a_neighbour_attached() -> None:
    # Source 0 is two clauses translated as targets 0 and 1; source 1 is target 2.
    rng = np.random.default_rng(1)
    meaning = rng.normal(size=(3, 64))
    table = {f"s{k}": meaning[k] for k in range(3)} | {f"t{k}": meaning[k] for k in range(3)}
    src, tgt = ["s0，s1。", "s2。"], ["t0.", "t1.", "t2."]
    ctx, band = build_context(
        src, tgt, TokenEncoder(table), None, AlignConfig(lexical=False), "zh", "en", no_progress
    )
    x, valid = shape_features(ctx, (1, 2), np.array([1, 2]), band)
    true_bead, wrong_bead = x[0, 2 - band.lo[1]], x[1, 3 - band.lo[2]]  # s0|t0 t1, s1|t1 t2
    assert valid[0, 2 - band.lo[1]] and valid[1, 3 - band.lo[2]]
    assert true_bead[_COL["clause_src"]] > 0.99
    assert wrong_bead[_COL["clause_src"]] < 0.5  # "s2" has no cut: itself against t1 and t2
    assert true_bead[_COL["clause_tgt"]] == 0.0  # only a-1 beads cut their target sentence


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 300), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_pair_cos_equals_the_dot_products_it_gathers(r: int, w: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(r, 4)).astype(np.float32)
    b = rng.normal(size=(400, 4)).astype(np.float32)
    # A drifting band (as in the aligner) with some far outliers.
    idx = np.clip(np.arange(r)[:, None] + np.arange(w) + rng.integers(-3, 3, (r, 1)), 0, 399)
    idx[rng.random(r) < 0.05] = 399
    assert np.allclose(pair_cos(a, b, idx), np.einsum("rd,rwd->rw", a, b[idx]), atol=1e-5)


def test_a_two_to_one_bead_cuts_its_target_sentence() -> None:
    rng = np.random.default_rng(2)
    meaning = rng.normal(size=(3, 64))
    table = {f"s{k}": meaning[k] for k in range(3)} | {f"t{k}": meaning[k] for k in range(3)}
    src, tgt = ["s0。", "s1。", "s2。"], ["t0, and t1.", "t2."]
    ctx, band = build_context(
        src, tgt, TokenEncoder(table), None, AlignConfig(lexical=False), "zh", "en", no_progress
    )
    x, _ = shape_features(ctx, (2, 1), np.array([2, 3]), band)
    true_bead, wrong_bead = x[0, 1 - band.lo[2]], x[1, 2 - band.lo[3]]  # s0 s1|t0t1, s1 s2|t2
    assert true_bead[_COL["clause_tgt"]] > 0.99
    assert wrong_bead[_COL["clause_tgt"]] < 0.5
    assert true_bead[_COL["clause_src"]] == 0.0


def test_bead_model_keeps_its_decoding_settings_and_scores_both_kinds_of_evidence() -> None:
    model = BeadModel(
        tuple(range(len(FEATURES))), 0.0, (2.0, 0.5, -1.0), temperature=1.5, bead_cost=0.2
    )
    again = BeadModel.from_json(model.to_json())
    assert again == replace(model, weights=tuple(float(w) for w in model.weights))
    assert (again.temperature, again.bead_cost) == (1.5, 0.2)
    posterior = np.array([0.0, 0.3, 0.5, 0.9, 1.0])
    scores = model.score(posterior, np.zeros(5))
    assert np.all(np.isfinite(scores)) and np.all(np.diff(scores) > 0)
    assert scores[0] > 0.0 and scores[-1] < 1.0
    # At p = 0.5 and z = 0 the score is sigmoid(beta); a better bead of the same posterior
    # (larger z) scores higher.
    assert np.isclose(scores[2], 1 / (1 + np.exp(1.0)))
    assert np.all(model.score(posterior, np.full(5, 2.0)) > scores)
