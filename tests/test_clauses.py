import numpy as np
import pytest
from test_aligner import TokenEncoder

from align.clauses import (
    Clauses,
    clause_vectors,
    cut_points,
    encode_clauses,
    encode_over,
    nearest_cuts,
)


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


def test_clause_vectors_encoded_in_slices_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    enc = TokenEncoder({f"s{k}": rng.normal(size=8) for k in range(6)})
    sents = ["s0，s1，s2。", "s3。", "s4，s5。"]
    whole = clause_vectors(sents, enc.encode(sents), "zh", enc)
    monkeypatch.setattr("align.clauses._ENCODE_CUTS", 1)
    sliced = clause_vectors(sents, enc.encode(sents), "zh", enc)
    assert np.array_equal(whole.prefix, sliced.prefix)
    assert np.array_equal(whole.suffix, sliced.suffix)


def test_nearest_cuts_by_share_of_the_characters() -> None:
    # Cuts after 3, 10 and 13 of 24 characters: shares 0.125, 0.42, 0.54.
    assert nearest_cuts([3, 10, 13], 24, 0.5) == [13]
    assert nearest_cuts([3, 10, 13], 24, 0.5, 2) == [13, 10]
    assert nearest_cuts([3, 10, 13], 24, 0.0, 5) == [3, 10, 13]
    assert nearest_cuts([], 24, 0.5) == []


def test_encode_clauses_encodes_only_the_given_cuts() -> None:
    rng = np.random.default_rng(1)
    enc = TokenEncoder({f"s{k}": rng.normal(size=8) for k in range(5)})
    sents = ["s0，s1，s2。", "s3，s4。"]
    vecs = enc.encode(sents)
    cl = encode_clauses(sents, vecs, [[6], []], enc)  # sentence 0 only at its second cut
    assert cl.count.tolist() == [1, 1] and cl.start.tolist() == [0, 1]
    assert np.allclose(cl.prefix[0], enc.encode(["s0，s1，"])[0])
    assert np.allclose(cl.suffix[0], enc.encode(["s2。"])[0])
    assert np.array_equal(cl.prefix[1], vecs[1]) and np.array_equal(cl.suffix[1], vecs[1])
    assert encode_clauses(sents, vecs, [[], []], enc).prefix is vecs  # nothing cut: no copy


def test_encode_over_replaces_the_given_cuts_and_keeps_the_others() -> None:
    rng = np.random.default_rng(2)
    enc = TokenEncoder({f"s{k}": rng.normal(size=8) for k in range(5)})
    sents = ["s0，s1，s2。", "s3，s4。"]
    every = clause_vectors(sents, enc.encode(sents), "zh", enc)
    composed = Clauses(every.start, every.count, every.prefix * 0.5, every.suffix * 0.5)
    out = encode_over(composed, sents, [[6], []], "zh", enc)  # sentence 0's second cut
    assert np.allclose(out.prefix[1], every.prefix[1]) and np.allclose(
        out.suffix[1], every.suffix[1]
    )
    for row in (0, 2):  # the other cuts as they were
        assert np.array_equal(out.prefix[row], composed.prefix[row])
    assert np.array_equal(composed.prefix, every.prefix * 0.5)  # the input is not changed
    assert encode_over(composed, sents, [[], []], "zh", enc) is composed
