import numpy as np
from test_aligner import _gold, synthetic

from align.aligner import AlignConfig, build_context
from align.progress import no_progress
from align.train import Document, cross_validate, fit_calibration


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
