"""Quotations and brackets where no sentence may end (the table of align.quotes)."""

from __future__ import annotations

import pytest

from align.quotes import embedded, goes_on

# (text, language, the quoted texts that are embedded)
CASES = [
    ("使用「！」是合理的语境", "zh", ["「！」"]),
    ("他说“我来了。”她笑了", "zh", ["“我来了。”"]),
    ("他说：“好。”然后走了", "zh", []),  # speech after a colon: may end the sentence
    ("“走吧！”他说", "zh", []),  # speech opening the sentence
    ("他道“甲。乙。”丙", "zh", []),  # a speech of several sentences
    ("《红楼梦。》是一本书", "zh", ["《红楼梦。》"]),  # no stop before the mark goes on
    ("称为“单文件组件”的格式", "zh", ["“单文件组件”"]),
    ("这个函数（见下文。）返回", "zh", ["（见下文。）"]),
    ("says, “I quit. Bye”, and left", "en", ["“I quit. Bye”"]),
    ("He said ‘don’t. Go’, then", "en", ["‘don’t. Go’"]),  # ’ between letters: an apostrophe
    ('He said "no." Then', "en", []),  # a new sentence follows
    ("(Save that.) Next", "en", []),
    ("a) item (b) and", "en", ["(b)"]),  # an unpaired closing mark is ignored
    ("“甲（乙）丙”丁", "zh", ["（乙）", "“甲（乙）丙”"]),
    # closing its block with no stop before the mark: one sentence ending with the quotation
    ("例如 “我能查看资料。我不能改资料”", "zh", ["“我能查看资料。我不能改资料”"]),
    ("(Note: a is first. When b, c)", "en", ["(Note: a is first. When b, c)"]),
    ("such as “a. b”  \nNext", "en", ["“a. b”"]),
    ("他说：“好。走吧。”", "zh", []),  # a stop before the mark: speech, split as usual
    ("“甲。乙”。", "zh", []),  # a stop follows: the rule of a sentence that goes on
]


@pytest.mark.parametrize(("text", "lang", "quoted"), CASES)
def test_embedded(text: str, lang: str, quoted: list[str]) -> None:
    spans = embedded(text, 0, len(text), lang)  # type: ignore[arg-type]
    assert [text[a : b + 1] for a, b in spans] == quoted


@pytest.mark.parametrize(
    ("after", "lang", "expected"),
    [
        ("，他说", "zh", True),
        ("他说", "zh", True),
        ("。", "zh", False),
        ("“下一句", "zh", False),
        (" and then", "en", True),
        (", he said", "en", True),
        (" Then", "en", False),
        ("\nnext", "en", False),
        (" 12 more", "zh", True),  # digits: by the declared language
        (" 12 more", "en", False),
        ("", "zh", False),
    ],
)
def test_goes_on(after: str, lang: str, expected: bool) -> None:
    assert goes_on(after, 0, len(after), lang) is expected  # type: ignore[arg-type]
