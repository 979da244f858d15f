"""Sentence ends by the script of each candidate (align.sentence_ends)."""

from __future__ import annotations

import pytest

from align.sentence_ends import sentence_ends

# (text, declared language, the text up to each end)
CASES = [
    ("今天下雨。明天晴天", "en", ["今天下雨。"]),  # a Chinese stop ends a sentence in any page
    ("Hello there. Bye", "zh", ["Hello there."]),  # an English sentence in a Chinese page
    ("版本 v2.0 发布。好", "zh", ["版本 v2.0 发布。"]),  # a decimal is no end
    ("见 Dr. Li 的信。好", "zh", ["见 Dr. Li 的信。"]),  # nor an English title
    ("好!走吧", "en", ["好!"]),  # a half-width stop after a Chinese character: Chinese rules
    ("Yahoo!是公司", "zh", []),  # after a Latin letter: English rules (no space, no end)
    ("北京. Then", "en", ["北京."]),  # a Latin sentence follows
    ("共 100. 然后", "zh", []),  # after a digit: the declared language
    ("共 100. Then", "zh", ["共 100."]),
    ("甲；乙; 丙", "zh", []),  # semicolons never end a sentence
    ("A; it works. Then", "en", ["A; it works."]),
    ("转义（eg. '%2F' -> '/'）。好", "zh", ["转义（eg. '%2F' -> '/'）。"]),  # eg. after a （
    (
        "escaped (eg. '%2F'). Then (ie. x). Go",
        "en",
        ["escaped (eg. '%2F').", "escaped (eg. '%2F'). Then (ie. x)."],
    ),
    (
        "链接（https://.../package.tgz）。好",
        "zh",
        ["链接（https://.../package.tgz）。"],
    ),  # in a word
    ("从1...9。我想...算了。", "zh", ["从1...9。", "从1...9。我想..."]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_sentence_ends(text: str, lang: str, expected: list[str]) -> None:
    ends = sorted(sentence_ends(text, 0, len(text), lang))  # type: ignore[arg-type]
    assert [text[:e] for e in ends] == expected
