"""Scripts of characters, invisible characters and the joining rule of multi-sentence beads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.beads import join_sentences
from align.scripts import is_blank, script_of, trim

# (sentences, language, joined): a space only where two Latin-script runs meet.
JOIN_CASES = [
    (["Hello.", "World."], "en", "Hello. World."),
    (["今天下雨。", "明天晴天。"], "zh", "今天下雨。明天晴天。"),
    (["请编辑 footer.pl", "AddHandler 指令。"], "zh", "请编辑 footer.pl AddHandler 指令。"),
    (["完成。", "Next step."], "zh", "完成。Next step."),
    (["See the notes.", "注意。"], "en", "See the notes.注意。"),
    (["It is 北京", "Then we left."], "en", "It is 北京Then we left."),
    (["（见附件1）", "(2) 第二条。"], "zh", "（见附件1）(2) 第二条。"),
    (["1.", "2."], "zh", "1.2."),
    (["1.", "2."], "en", "1. 2."),
    (["“好。”", "“Yes.”"], "zh", "“好。”“Yes.”"),
    (["Done.", "", "Next."], "en", "Done. Next."),
    ([], "en", ""),
]


@pytest.mark.parametrize(("texts", "lang", "joined"), JOIN_CASES)
def test_join_sentences(texts: list[str], lang: str, joined: str) -> None:
    assert join_sentences(texts, lang) == joined  # type: ignore[arg-type]


@given(st.lists(st.text(max_size=8).map(str.strip)), st.sampled_from(["en", "zh"]))
def test_join_keeps_every_character_and_adds_spaces_only(texts: list[str], lang: str) -> None:
    joined = join_sentences(texts, lang)  # type: ignore[arg-type]
    assert joined.replace(" ", "") == "".join(texts).replace(" ", "")


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        *[("中", "zh"), ("。", "zh"), ("，", "zh"), ("」", "zh"), ("か", "zh")],
        *[("a", "en"), ("é", "en"), ("1", None), (".", None), ("“", None), (" ", None)],
    ],
)
def test_script_of(ch: str, script: str | None) -> None:
    assert script_of(ch) == script


def test_blank_and_trim() -> None:
    assert is_blank("") and is_blank(" \u00a0\u200b\ufeff\u3000\n")
    assert not is_blank("\u200ba")
    assert trim("\ufeff Hi.\u200b \n") == (2, 5)
    assert trim("\u200b\u00a0") == (2, 2)
