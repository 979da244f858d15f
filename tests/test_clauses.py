import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_aligner import TokenEncoder

from align.aligner import AlignConfig, _noop, build_context
from align.clauses import clause_vectors, cut_points
from align.scoring import _COL, _pair_cos, shape_features


def _parts(sentence: str, lang: str, k_max: int = 6) -> list[str]:
    return [sentence[:c] for c in cut_points(sentence, lang, k_max)]  # type: ignore[arg-type]


def test_chinese_cuts_follow_clause_marks_and_quotes_closing_a_sentence() -> None:
    s = "韦小宝道：“你说什么？”那人笑了笑，说道：“没什么。”"
    assert _parts(s, "zh") == [
        "韦小宝道：", "韦小宝道：“你说什么？”", "韦小宝道：“你说什么？”那人笑了笑，",
        "韦小宝道：“你说什么？”那人笑了笑，说道：",
    ]  # fmt: skip
    assert _parts("他走了。", "zh") == []
    assert _parts("他走了，", "zh") == []  # never at the end


def test_english_cuts_follow_commas_colons_and_dashes() -> None:
    s = 'He laughed, then said: "Nothing -- go on." He left.'
    cut = ["He laughed, ", "He laughed, then said: ", 'He laughed, then said: "Nothing -- ']
    assert _parts(s, "en") == cut
    assert _parts("Yes—no, maybe.", "en") == ["Yes—", "Yes—no, "]
    assert _parts("No cut here.", "en") == []


def test_many_cuts_are_thinned_evenly() -> None:
    s = "，".join("甲乙丙丁戊己庚辛") + "。"
    assert len(cut_points(s, "zh", 7)) == 7
    assert [len(p) for p in _parts(s, "zh", 3)] == [2, 8, 14]  # first, middle, last cut


def test_clause_vectors_hold_both_parts_and_the_sentence_itself_when_uncut() -> None:
    rng = np.random.default_rng(0)
    enc = TokenEncoder({f"s{k}": rng.normal(size=8) for k in range(4)})
    sents = ["s0，s1，s2。", "s3。"]
    vecs = enc.encode(sents)
    cl = clause_vectors(sents, vecs, "zh", enc)
    assert cl.count.tolist() == [2, 1] and cl.start.tolist() == [0, 2]
    assert np.allclose(cl.prefix[1], enc.encode(["s0，s1，"])[0])
    assert np.allclose(cl.suffix[1], enc.encode(["s2。"])[0])
    assert np.allclose(cl.prefix[2], vecs[1]) and np.allclose(cl.suffix[2], vecs[1])
    # Sentence 1 has one cut: asking for its third gives its last; rows never decrease.
    assert cl.rows(np.array([0, 0, 1]), 2).tolist() == [1, 1, 2]


def test_the_best_cut_tells_a_true_one_to_two_bead_from_a_neighbour_attached() -> None:
    # Source 0 is two clauses translated as targets 0 and 1; source 1 is target 2.
    rng = np.random.default_rng(1)
    meaning = rng.normal(size=(3, 64))
    table = {f"s{k}": meaning[k] for k in range(3)} | {f"t{k}": meaning[k] for k in range(3)}
    src, tgt = ["s0，s1。", "s2。"], ["t0.", "t1.", "t2."]
    ctx, band = build_context(
        src, tgt, TokenEncoder(table), None, AlignConfig(lexical=False), "zh", "en", _noop
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
    assert np.allclose(_pair_cos(a, b, idx), np.einsum("rd,rwd->rw", a, b[idx]), atol=1e-5)
