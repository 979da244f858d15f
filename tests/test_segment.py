"""Sentence segmentation: a table of hard cases, span invariants, language detection."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.segment import Sentence, detect_lang, one_line, segment

EN_CASES = [
    # abbreviations: titles, Latin, acronyms, mid-sentence etc.
    (
        "Mr. Smith met Dr. Jones at St. Paul's. They talked.",
        ["Mr. Smith met Dr. Jones at St. Paul's.", "They talked."],
    ),
    (
        "Use a tool, e.g. a hammer, i.e. the right one. Then stop.",
        ["Use a tool, e.g. a hammer, i.e. the right one.", "Then stop."],
    ),
    (
        "The U.S. Army came. She lives in the U.S. The end.",
        ["The U.S. Army came.", "She lives in the U.S.", "The end."],
    ),
    (
        "Apples, pears, etc. are fruit. We sold pears, etc. Then we left.",
        ["Apples, pears, etc. are fruit.", "We sold pears, etc.", "Then we left."],
    ),
    ("Go to No. 5 now. It is there.", ["Go to No. 5 now.", "It is there."]),
    (
        "We meet at 5 p.m. Tomorrow we go. At 5 p.m. Smith comes.",
        ["We meet at 5 p.m.", "Tomorrow we go.", "At 5 p.m. Smith comes."],
    ),
    # decimals and versions
    (
        "Pi is 3.14 in v2.0 of the app. Version 1.2.3 is out.",
        ["Pi is 3.14 in v2.0 of the app.", "Version 1.2.3 is out."],
    ),
    # ellipses
    (
        "I waited... Nothing came. Then… silence… and more.",
        ["I waited...", "Nothing came.", "Then… silence… and more."],
    ),
    ("Wait . . . Now go.", ["Wait . . .", "Now go."]),
    # closing quotes and brackets stay with the sentence
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("She said “yes.” Then she left.", ["She said “yes.”", "Then she left."]),
    ("He said 'fine.' Then he went.", ["He said 'fine.'", "Then he went."]),
    ("(Save that for later.) Next one.", ["(Save that for later.)", "Next one."]),
    ("It was “Stop!” at the gate. Then quiet.", ["It was “Stop!” at the gate.", "Then quiet."]),
    # footnote markers after (or before) the full stop
    (
        "It was nothing.[5] In 2019 it grew. It was nothing[5]. Then more.",
        ["It was nothing.[5]", "In 2019 it grew.", "It was nothing[5].", "Then more."],
    ),
    # ?! runs
    ("Really?! Yes!! No?? Fine.", ["Really?!", "Yes!!", "No??", "Fine."]),
    ("'Where?' he asked. 'Here!' she said.", ["'Where?' he asked.", "'Here!' she said."]),
    # initials
    ("J. R. R. Tolkien wrote it. He died.", ["J. R. R. Tolkien wrote it.", "He died."]),
    # URLs and e-mail addresses
    (
        "See https://example.com/a.b?x=1 or write to me@example.org. Done.",
        ["See https://example.com/a.b?x=1 or write to me@example.org.", "Done."],
    ),
    # a quotation embedded in a sentence is not split
    (
        "When someone says, “I don’t want to join. I stay”, did anyone object?",
        ["When someone says, “I don’t want to join. I stay”, did anyone object?"],
    ),
    # an interrupted quotation followed by another one
    ("'Wait, I—' 'No time!'", ["'Wait, I—'", "'No time!'"]),
    # a dash is not a sentence end
    ("September 13th, 2021 — a day. It ended.", ["September 13th, 2021 — a day.", "It ended."]),
]

ZH_CASES = [
    ("今天下雨。明天晴天！后天呢？", ["今天下雨。", "明天晴天！", "后天呢？"]),
    ("他们来了；我们走了。", ["他们来了；", "我们走了。"]),
    ("真的吗？！是的……他走了。", ["真的吗？！", "是的……", "他走了。"]),
    # closing quotes and brackets stay with the sentence they close
    ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
    ("他说“我来了。”她笑了。", ["他说“我来了。”", "她笑了。"]),
    (
        "「走吧！」他说。『好。』（完。）再见。",
        ["「走吧！」", "他说。", "『好。』", "（完。）", "再见。"],
    ),
    (  # full-width square and lenticular brackets close the sentence they hold
        "［甲。乙。］【丙。】丁。",
        ["［甲。", "乙。］", "【丙。】", "丁。"],
    ),
    ("他读了《红楼梦。》又读了别的。", ["他读了《红楼梦。》", "又读了别的。"]),
    # speech tags after a quotation start a new sentence (as in the mac-dev gold)
    ("“走吧！”他说。", ["“走吧！”", "他说。"]),
    # a stop inside a quotation that goes on, then a comma after it: no split
    ("“好！”，他说。", ["“好！”，他说。"]),
    (
        "他说：“皮人是死的，有什么好玩？我来跟你玩。”",
        ["他说：“皮人是死的，有什么好玩？", "我来跟你玩。”"],
    ),
    # an embedded quotation without a final stop is part of the sentence
    ("他说“我不去。我累了”的时候，她哭了。", ["他说“我不去。我累了”的时候，她哭了。"]),
    # hesitation inside dialogue is no sentence end; a trailing ellipsis outside is
    ("他道：“我……我记不起了。”", ["他道：“我……我记不起了。”"]),
    ("她闪烁着……他走了。", ["她闪烁着……", "他走了。"]),
    ("倘或你肯赦免，……不然算了。", ["倘或你肯赦免，……不然算了。"]),
    # half-width punctuation after Chinese; Latin text and numbers inside Chinese
    ("好!走吧?嗯;完了.", ["好!", "走吧?", "嗯;", "完了."]),
    (
        "人口3.5亿，见Wikipedia.org网站，即“IPBE”豁免。Yahoo!是公司。",
        ["人口3.5亿，见Wikipedia.org网站，即“IPBE”豁免。", "Yahoo!是公司。"],
    ),
    ("注释见此。[1]下一句。", ["注释见此。[1]", "下一句。"]),
]

LAYOUT_CASES = [
    # paragraphs are never merged; hard-wrapped prose is joined
    (
        "One sentence\nwrapped here.\n\nNext paragraph",
        ["One sentence\nwrapped here.", "Next paragraph"],
    ),
    # one sentence a line, even before a lowercase line
    ("First line.\nsecond line.", ["First line.", "second line."]),
    # a heading is one sentence; a short unpunctuated title line stands alone
    ("# A. B. Title\nBody text. More.", ["# A. B. Title", "Body text.", "More."]),
    (
        "Chapter One\nIt was a dark and stormy night in the old town of ours.",
        ["Chapter One", "It was a dark and stormy night in the old town of ours."],
    ),
    # list and footnote lines stand alone, and split only at sentence ends, not after a marker
    (
        "Intro:\n- one thing\n* two. Three.\n+ four\n1. Five\n(a) six\n[1]: Note. More note.",
        [
            "Intro:",
            "- one thing",
            "* two.",
            "Three.",
            "+ four",
            "1. Five",
            "(a) six",
            "[1]: Note.",
            "More note.",
        ],
    ),
    ("一、总则\n二、细则", ["一、总则", "二、细则"]),
    # an indented line wraps the item above; prose wrapped before a list stays whole
    (
        "Some prose that wraps\nonto this line:\n- an item that\n  wraps. Two.\n- next",
        ["Some prose that wraps\nonto this line:", "- an item that\n  wraps.", "Two.", "- next"],
    ),
    ("这是第一句。\n这是第二句\n接着写完。", ["这是第一句。", "这是第二句\n接着写完。"]),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text, "en")] == expected


@pytest.mark.parametrize(("text", "expected"), ZH_CASES)
def test_chinese(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text, "zh")] == expected


@pytest.mark.parametrize(("text", "expected"), LAYOUT_CASES)
def test_layout(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text)] == expected


def test_paragraph_index_and_spans() -> None:
    text = "  Hi there. Bye.\n\n\n \nNew one.\n"
    got = segment(text)
    assert got == [
        Sentence("Hi there.", 0, 2, 11),
        Sentence("Bye.", 0, 12, 16),
        Sentence("New one.", 1, 21, 29),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        got[0].text = "x"  # type: ignore[misc]


def test_seed_letter_headings_and_footnotes() -> None:
    text = (
        "Cast Away Illusions — A Letter\n\nby Lu Zu\n\n"
        "[This is a translation. Original content is licensed. ]\n\n"
        "It grew[1], they said. It failed.\n\n[1]: Tencent QQ is an app. It is popular."
    )
    assert [s.text for s in segment(text)] == [
        "Cast Away Illusions — A Letter",
        "by Lu Zu",
        "[This is a translation.",
        "Original content is licensed. ]",
        "It grew[1], they said.",
        "It failed.",
        "[1]: Tencent QQ is an app.",
        "It is popular.",
    ]


def test_empty_and_blank_text() -> None:
    assert segment("") == []
    assert segment(" \n\n\t") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The quick brown fox.", "en"),
        ("今天天气很好。", "zh"),
        ("很快，他调出了另外两颗卫星WMAP和Planck的宇宙背景辐射实时数据。", "zh"),
        ("The word 维基百科 means Wikipedia in Chinese, as every editor knows.", "en"),
        ("", "en"),
        ("12345 !!!", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_auto_uses_detected_language() -> None:
    # "。" only ends a sentence with the Chinese rules; "Dr." only survives the English ones.
    assert len(segment("第一句。第二句。")) == 2
    assert len(segment("Dr. Who is here. Yes.")) == 2


def test_one_line() -> None:
    assert one_line("a\nb") == "a b"
    assert one_line("a  \n  b") == "a b"
    assert one_line("第二\n句") == "第二句"
    assert one_line("word\n句") == "word 句"
    assert one_line("a\r\n b\u2028c") == "a b c"
    assert one_line("no break") == "no break"


_ALPHABET = st.sampled_from(
    [
        *"ab Z.!?;:,…—-'\"“”‘’「」()[]（）《》。！？；，1 \n\t#*",
        *["\n\n", "Mr.", "e.g.", "...", "[1]", "[1]: ", "- ", "1. ", "他说", "好", "U.S."],
    ]
)
texts = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["auto", "en", "zh"]))
def test_spans_cover_non_whitespace_in_order(text: str, lang: str) -> None:
    sentences = segment(text, lang)  # type: ignore[arg-type]
    pos = 0
    for s in sentences:
        assert s.text == text[s.start : s.end]
        assert s.text and s.text == s.text.strip()
        assert text[pos : s.start].strip() == ""  # nothing skipped, no overlap
        pos = s.end
    assert text[pos:].strip() == ""
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)
    # a sentence never spans a blank line
    assert not any(re.search(r"\n[^\S\n]*\n", s.text) for s in sentences)


@settings(max_examples=100, deadline=None)
@given(texts)
def test_deterministic_and_language_forced(text: str) -> None:
    assert segment(text, "en") == segment(text, "en")
    assert segment(text) == segment(text, detect_lang(text))
