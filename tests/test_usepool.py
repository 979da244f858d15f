"""USE-m3's pooled states against the library's own vectors and true concatenations."""

from __future__ import annotations

import numpy as np
import pytest

from align.aligner import AlignConfig, align_sentences
from align.beads import Lang, join_sentences, parse_beads
from align.clauses import cut_points, encode_clauses
from align.compose import clause_parts, composed_windows
from align.encoders import MAX_TEXT_CHARS, PoolEncoder, UseM3Encoder, close_encoder
from align.pipeline import SEEDS
from align.segment import segment

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def use_m3() -> UseM3Encoder:
    return UseM3Encoder()


@pytest.fixture(scope="module")
def letter() -> dict[str, list[str]]:
    return {
        lang: [s.text for s in segment((SEEDS / f"letter.{lang}.txt").read_text("utf-8"), lang)][
            :40
        ]
        for lang in ("zh", "en")
    }


def test_the_head_of_a_text_s_states_is_the_library_s_vector(use_m3: UseM3Encoder) -> None:
    texts = ["我今天很高兴。", "He is fishing by the river.", "", "长" * (MAX_TEXT_CHARS + 300)]
    composer = use_m3.composer
    windows = composed_windows(composer, composer.pooled(texts, [[]] * 4), 1)
    np.testing.assert_allclose(windows[0], use_m3.encode(texts), atol=2e-6)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_composed_windows_are_near_the_true_concatenation_and_nearer_than_sums(
    use_m3: UseM3Encoder, letter: dict[str, list[str]], lang: Lang
) -> None:
    sents = letter[lang]
    composer = use_m3.composer
    composed = composed_windows(composer, composer.pooled(sents, [[]] * len(sents)), 2)[1]
    true = use_m3.encode([join_sentences(sents[i : i + 2], lang) for i in range(len(sents) - 1)])
    vecs = use_m3.encode(sents)
    summed = vecs[:-1] + vecs[1:]
    summed /= np.linalg.norm(summed, axis=1, keepdims=True)
    near, sums = (composed * true).sum(1), (summed * true).sum(1)
    assert near.mean() > 0.97 and near.mean() > sums.mean() + 0.03


def test_composed_clause_parts_are_near_the_encoded_parts(
    use_m3: UseM3Encoder, letter: dict[str, list[str]]
) -> None:
    sents = letter["zh"]
    cuts = [cut_points(s, "zh") for s in sents]
    assert sum(map(len, cuts)) > 20
    composer = use_m3.composer
    vecs = use_m3.encode(sents)
    parts = clause_parts(composer, composer.pooled(sents, cuts), vecs)
    true = encode_clauses(sents, vecs, cuts, use_m3)
    assert parts.count.tolist() == true.count.tolist()
    assert (parts.prefix * true.prefix).sum(1).min() > 0.85
    assert (parts.suffix * true.suffix).sum(1).mean() > 0.95


@pytest.mark.slow
def test_worker_processes_pool_the_states_of_one_bit_for_bit(use_m3: UseM3Encoder) -> None:
    texts = [
        f"句子{i}，然后是第二部分。" if i % 2 else f"Sentence {i}, and more." for i in range(600)
    ]
    cuts = [cut_points(t, "zh" if i % 2 else "en") for i, t in enumerate(texts)]
    pool = PoolEncoder("use-m3", 2)
    try:
        composer = pool.composer
        assert composer is not None
        pooled = composer.pooled(texts, cuts)
    finally:
        close_encoder(pool)
    local = use_m3.composer.pooled(texts, cuts)
    for name in ("inner", "bos", "eos", "tokens", "cut_count", "cut_inner", "cut_tokens"):
        np.testing.assert_array_equal(getattr(pooled, name), getattr(local, name))
    assert pool.texts_encoded == 600


def test_pooling_runs_blas_on_one_thread_as_the_library_does(use_m3: UseM3Encoder) -> None:
    # In a --workers process nothing else limits BLAS: two workers of two threads each on two
    # cores pooled 3x slower.
    from threadpoolctl import threadpool_info

    from align.usepool import UseM3Composer

    composer = UseM3Composer(use_m3.model()._model, MAX_TEXT_CHARS)
    with composer._threads():
        assert {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"} == {1}


class Asked:
    """``inner``, recording every text it is asked to encode."""

    def __init__(self, inner: UseM3Encoder) -> None:
        self.inner, self.name, self.texts = inner, inner.name, list[str]()

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.encode(texts)

    @property
    def composer(self) -> object:
        return self.inner.composer


def test_composed_alignment_encodes_the_source_cuts_of_contested_beads_only(
    use_m3: UseM3Encoder,
) -> None:
    src, tgt = (
        [s.text for s in segment((SEEDS / f"letter.{lang}.txt").read_text("utf-8"), lang)]
        for lang in ("zh", "en")
    )
    gold = {(b.src, b.tgt) for b in parse_beads((SEEDS / "letter.gold.align").read_text())}
    runs = {}
    for contested in (0.0, 0.5, 1.0):
        asked = Asked(use_m3)
        beads = align_sentences(src, tgt, asked, config=AlignConfig(contested_cut=contested))
        assert {(b.src, b.tgt) for b in beads} == gold
        runs[contested] = asked.texts
    windows = set(runs[0.0])  # every cut composed: only joined windows are encoded
    cut_parts = set(runs[1.0]) - windows
    assert cut_parts and all(any(p in s for s in src) for p in cut_parts)  # Chinese parts
    assert set(runs[0.5]) - windows <= cut_parts  # the contested beads' cuts among them
