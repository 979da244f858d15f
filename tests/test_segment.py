"""Sentence segmentation: a table of hard cases, span invariants, language detection."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.languages import detect_lang
from align.scripts import is_blank
from align.segment import Sentence, one_line, segment

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
    ("他们来了；我们走了。", ["他们来了；我们走了。"]),  # ；never ends a sentence
    ("真的吗？！是的……他走了。", ["真的吗？！", "是的……", "他走了。"]),
    # closing quotes and brackets stay with the sentence they close
    ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
    (
        "「走吧！」他说。『好。』（完。）再见。",
        ["「走吧！」", "他说。", "『好。』", "（完。）", "再见。"],
    ),
    (  # full-width square and lenticular brackets close the sentence they hold
        "［甲。乙。］【丙。】丁。",
        ["［甲。", "乙。］", "【丙。】", "丁。"],
    ),
    ("他读了《红楼梦。》又读了别的。", ["他读了《红楼梦。》又读了别的。"]),  # a title goes on
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
    ("好!走吧?嗯;完了.", ["好!", "走吧?", "嗯;完了."]),
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


# Quotations and brackets: no sentence ends inside one that the sentence goes on after, unless
# the quotation is a speech (after ：or at the start) or holds several sentences.
QUOTE_CASES = [
    ("使用「！」是合理的语境。下一句。", "zh", ["使用「！」是合理的语境。", "下一句。"]),
    ("他说“我来了。”她笑了。", "zh", ["他说“我来了。”她笑了。"]),
    ("这个函数（见下文。）返回一个值。", "zh", ["这个函数（见下文。）返回一个值。"]),
    ("请阅读『注意！』一节。好。", "zh", ["请阅读『注意！』一节。", "好。"]),
    ("他说：“好。”然后走了。", "zh", ["他说：“好。”", "然后走了。"]),
    ("（完。）再见。", "zh", ["（完。）", "再见。"]),
    (
        "刘老老道“这倒也不然。我替你们想出一个机会来。”",
        "zh",
        ["刘老老道“这倒也不然。", "我替你们想出一个机会来。”"],
    ),
    ("Call it (see below.) and return. Done.", "en", ["Call it (see below.) and return.", "Done."]),
    (
        "He said ‘I don’t know. Maybe’, and left. Fine.",
        "en",
        ["He said ‘I don’t know. Maybe’, and left.", "Fine."],
    ),
    ("The mark “?” ends questions. Yes.", "en", ["The mark “?” ends questions.", "Yes."]),
    ("He said “no.” Then he left.", "en", ["He said “no.”", "Then he left."]),
]

# ；and ; are alike: neither ends a sentence; a conjunction never stands alone.
SEMICOLON_CASES = [
    ("We came; they left. Fine.", "en", ["We came; they left.", "Fine."]),
    ("甲方负责采购；乙方负责运输。", "zh", ["甲方负责采购；乙方负责运输。"]),
    ("- 支持 A；以及\n- 支持 B。", "zh", ["- 支持 A；以及", "- 支持 B。"]),
    (
        "第一，支持安装包；\n或\n第二，支持源代码构建。",
        "zh",
        ["第一，支持安装包；", "或\n第二，支持源代码构建。"],
    ),
    (
        "Build it from the sources;\nor\nInstall the package.",
        "en",
        ["Build it from the sources;", "or\nInstall the package."],
    ),
    ("完成第一项。以及", "zh", ["完成第一项。以及"]),
    ("It works. And. It is fast.", "en", ["It works.", "And. It is fast."]),
]

# Headings and short title lines are never cut.
HEADING_CASES = [
    ("# 第一章；总则。细则", ["# 第一章；总则。细则"]),
    (
        "Chapter 1. The Start\nIt was a long and winding road that led us to the door.",
        ["Chapter 1. The Start", "It was a long and winding road that led us to the door."],
    ),
]

# Each span is split by the rules of its own script, whatever the declared language.
MIXED_CASES = [
    (
        "本页尚未翻译。This page is not translated yet. Please help us. 谢谢。",
        "zh",
        ["本页尚未翻译。", "This page is not translated yet.", "Please help us.", "谢谢。"],
    ),
    (
        "请编辑 footer.pl 文件，例如 e.g. 第 3.5 节，见 Mr. Smith 的说明。下一句。",
        "zh",
        ["请编辑 footer.pl 文件，例如 e.g. 第 3.5 节，见 Mr. Smith 的说明。", "下一句。"],
    ),
    (
        "访问 https://example.com/a.b?x=1 即可。完成。",
        "zh",
        ["访问 https://example.com/a.b?x=1 即可。", "完成。"],
    ),
    (
        "The word is 北京。It means north capital. 你好！再见。 Done.",
        "en",
        ["The word is 北京。", "It means north capital.", "你好！", "再见。", "Done."],
    ),
    ("Visit 北京. Then leave.", "en", ["Visit 北京.", "Then leave."]),
    ("Wait... what is 这个？好的。", "zh", ["Wait... what is 这个？", "好的。"]),
]

# Lines of nothing visible are blank; invisible characters never start or end a sentence.
INVISIBLE_CASES = [
    ("第一句。\n\u200b\n第二句。", [("第一句。", 0), ("第二句。", 1)]),
    ("\ufeffHello. \u200b\u00a0\nBye.\u200b", [("Hello.", 0), ("Bye.", 0)]),
    ("\u200b\u00a0\n\ufeff\u2060", []),
    ("A\u200bB.", [("A\u200bB.", 0)]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), QUOTE_CASES + SEMICOLON_CASES + MIXED_CASES)
def test_quotes_semicolons_and_mixed_script(text: str, lang: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text, lang)] == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), HEADING_CASES)
def test_headings_are_never_cut(text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text)] == expected


def test_heading_blocks_are_one_sentence() -> None:
    assert [s.text for s in segment("What is Vue? A guide", "en", heading=True)] == [
        "What is Vue? A guide"
    ]
    assert [s.text for s in segment("第一章。总则\n\n附录", "zh", heading=True)] == [
        "第一章。总则",
        "附录",
    ]


@pytest.mark.parametrize(("text", "expected"), INVISIBLE_CASES)
def test_invisible_lines_are_not_sentences(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(s.text, s.paragraph) for s in segment(text, "zh")] == expected


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
        *"ab Z.!?;:,…—-'\"“”‘’「」『』《》()[]（）。！？；，1 \n\t#*",
        *["\n\n", "Mr.", "e.g.", "...", "[1]", "[1]: ", "- ", "1. ", "他说", "好", "U.S."],
        *["以及", "或", " and ", "or", "\u200b", "\ufeff", "\xa0", "footer.pl"],
    ]
)
texts = st.lists(_ALPHABET, max_size=60).map("".join)
_CONJUNCTIONS = {"以及", "或", "and", "or"}


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["auto", "en", "zh"]), st.booleans())
def test_spans_cover_every_visible_character_in_order(text: str, lang: str, heading: bool) -> None:
    sentences = segment(text, lang, heading=heading)  # type: ignore[arg-type]
    pos = 0
    for s in sentences:
        assert s.text == text[s.start : s.end]
        assert s.text and not is_blank(s.text[0]) and not is_blank(s.text[-1])
        assert is_blank(text[pos : s.start])  # nothing visible skipped, no overlap
        pos = s.end
    assert is_blank(text[pos:])
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)
    # a sentence never spans a blank line
    assert not any(re.search(r"\n[^\S\n]*\n", s.text) for s in sentences)


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["en", "zh"]))
def test_no_conjunction_only_sentence(text: str, lang: str) -> None:
    """Only a paragraph that holds nothing else may be a lone conjunction."""
    sentences = segment(text, lang)  # type: ignore[arg-type]
    for s in sentences:
        bare = re.sub(r"[\s,，、:：;；.。…\u200b\ufeff-]", "", s.text).lower()
        if bare in _CONJUNCTIONS:
            assert [t for t in sentences if t.paragraph == s.paragraph] == [s]


@settings(max_examples=100, deadline=None)
@given(texts)
def test_deterministic_and_language_forced(text: str) -> None:
    assert segment(text, "en") == segment(text, "en")
    assert segment(text) == segment(text, detect_lang(text))
