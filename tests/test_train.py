import numpy as np
from test_aligner import _gold, _padded, synthetic

from align.aligner import AlignConfig, build_context
from align.evaluate import score_alignments
from align.progress import no_progress
from align.scoring import default_model, gains_for_band
from align.train import Document, GapDoc, cross_validate, decode_gaps, fit_calibration, fit_gaps


def test_fit_calibration_recovers_the_weight_of_each_kind_of_evidence() -> None:
    rng = np.random.default_rng(0)
    evidence = np.stack([2 * rng.normal(size=6000), 3 * rng.normal(size=6000)], axis=1)
    truth = 1.0 * evidence[:, 0] + 0.5 * evidence[:, 1] - 0.2
    correct = rng.random(6000) < 1 / (1 + np.exp(-truth))
    alpha, gamma, beta = fit_calibration(evidence, correct)
    assert abs(alpha - 1.0) < 0.15 and abs(gamma - 0.5) < 0.1 and abs(beta + 0.2) < 0.15


def test_cross_validation_aligns_each_held_out_document_and_reports_its_beads() -> None:
    config = AlignConfig(lexical=False, blocks="mean")
    shapes = [(1, 1), (1, 2), (2, 1), (1, 1), (1, 3), (1, 1)] * 3
    docs = []
    for seed in range(3):
        src, tgt, enc = synthetic(shapes, seed)
        ctx, band = build_context(src, tgt, enc, None, config, "zh", "en", no_progress)
        docs.append(Document(ctx, band, tuple(_gold(shapes))))
    scores, pairs, evidence, correct = cross_validate(docs, config, epochs=5)
    assert scores.f1_strict > 0.9
    beads = [b for _, test in pairs for b in test]
    assert evidence.shape == (len(beads), 2) and correct.shape == (len(beads),)
    assert np.all(np.isfinite(evidence))
    # Column 0 is the posterior logit, which is also the bead's score before calibration.
    scores_back = 1 / (1 + np.exp(-evidence[:, 0]))
    assert np.allclose(scores_back, [b.score for b in beads], atol=1e-5)
    gold = {(b.src, b.tgt) for b in _gold(shapes)}
    assert correct.tolist() == [(b.src, b.tgt) in gold for b in beads]


def test_fit_gaps_picks_the_setting_that_leaves_missing_text_unaligned() -> None:
    model = default_model()
    shapes = [(1, 1), (1, 2), (2, 1), (1, 1)] * 6
    docs = []
    for seed, name in enumerate(("001", "002", "003")):
        src, tgt, enc, gold = _padded(shapes, [(12, 1, 30)], seed)
        config = AlignConfig(lexical=False, blocks="mean", model=model)
        ctx, band = build_context(src, tgt, enc, None, config, "zh", "en", no_progress)
        docs.append(GapDoc(name, gains_for_band(ctx, band, model), band, tuple(gold)))
    # Unaligned text costing 40 a sentence is never left unaligned: the 30 extra target
    # sentences are smeared over the beads around them.
    grid = [(-6.0, -40.0, -40.0), (-6.0, -2.5, -2.5)]
    best, loo, chosen = fit_gaps(docs, model, grid)
    assert best == grid[1] and set(chosen.values()) == {grid[1]}
    assert loo.f1_strict > 0.9
    smeared = [decode_gaps(d, model, grid[0]) for d in docs]
    assert (
        score_alignments([(list(d.gold), o) for d, o in zip(docs, smeared, strict=True)]).f1_strict
        < 0.9
    )
