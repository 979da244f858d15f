"""Boundary precision/recall/F1 of a segmentation against gold sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.bench.segment import Score, boundaries, format_report, report_dict, score, score_document


def test_boundaries_are_whitespace_insensitive() -> None:
    assert boundaries(["Hi there.", "Bye."]) == {8}
    assert boundaries(["a b", " c ", "d"]) == {2, 3}
    assert boundaries(["只有一句。"]) == frozenset()
    assert boundaries([]) == frozenset()


def test_score_counts() -> None:
    gold = ["A b.", "C d.", "E f."]  # boundaries at 3 and 6
    predicted = ["A b. C d. E", "f."]  # boundaries at 8
    assert score(gold, predicted) == Score(tp=0, fp=1, fn=2)
    assert score(gold, gold) == Score(tp=2)


def test_precision_recall_f1() -> None:
    s = Score(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 1.0  # nothing to find, nothing found
    assert Score(fp=2).f1 == 0.0
    assert Score(1, 2, 3) + Score(10, 20, 30) == Score(11, 22, 33)


def test_score_document_joins_by_language() -> None:
    assert score_document(["He came.", "She left."], "en") == Score(tp=1)
    # "Dr." does not end a sentence, so the gold boundary after it is missed
    assert score_document(["Ask the Dr.", "He knows."], "en") == Score(fn=1)
    assert score_document(["他来了。", "她走了。"], "zh") == Score(tp=1)


def test_report() -> None:
    by_lang = {"en": Score(9, 1, 0), "zh": Score(1, 0, 1)}
    report = report_dict(by_lang, {"en": 2, "zh": 1})
    assert report["en"] == {
        "documents": 2,
        "tp": 9,
        "fp": 1,
        "fn": 0,
        "precision": 0.9,
        "recall": 1.0,
        "f1": 0.9474,
    }
    assert report["total"]["documents"] == 3  # type: ignore[index]
    assert report["total"]["tp"] == 10  # type: ignore[index]
    table = format_report(by_lang, {"en": 2, "zh": 1}).splitlines()
    assert table[0].split() == ["lang", "docs", "gold", "pred", "P", "R", "F1"]
    assert table[1].split() == ["en", "2", "9", "10", "0.9000", "1.0000", "0.9474"]
    assert table[3].split()[:4] == ["total", "3", "11", "11"]


words = st.lists(st.text(alphabet="ab .", min_size=1, max_size=5), min_size=1, max_size=10)


@given(words, words)
def test_score_is_bounded_and_symmetric(gold: list[str], predicted: list[str]) -> None:
    s = score(gold, predicted)
    assert 0.0 <= s.f1 <= 1.0
    mirror = score(predicted, gold)
    assert (mirror.tp, mirror.fp, mirror.fn) == (s.tp, s.fn, s.fp)
    assert score(gold, gold).f1 == 1.0
