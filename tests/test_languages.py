"""Declared languages (align.languages) and how the pipeline uses them: the tags written into
the TMX are the declared ones, or zh-CN / zh-TW by script and en; the text only warns."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_pipeline import HashEncoder

from align.beads import Alignment, Bead
from align.errors import InputError
from align.formats import to_tmx
from align.languages import (
    check_tag,
    content_warning,
    default_tag,
    detect_lang,
    lang_of,
    side_tags,
)
from align.pipeline import DocumentOptions, align_documents, read_side

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SIMPLIFIED = "维基媒体基金会对七名用户实施全域封禁。这是为什么？"
TRADITIONAL = "維基媒體基金會對七名用戶實施全域封禁。這是為什麼？"
#: A Chinese page that is mostly English: an untranslated reference table.
MOSTLY_ENGLISH = (
    "参考\n\nThe AddHandler directive maps the filename extensions to the handler. "
    "The SetHandler directive forces all matching files to be parsed by the handler. "
    "The RemoveHandler directive removes any handler associations for the extensions.\n"
)
ENGLISH = "Reference\n\nAddHandler maps extensions. SetHandler forces a handler. Remove it.\n"


@pytest.mark.parametrize(
    "tag", ["zh-CN", "zh-TW", "zh-Hant", "zh-Hans-CN", "zh", "en", "en-GB", "EN-gb", "yue"]
)
def test_valid_tags_are_kept_as_given(tag: str) -> None:
    assert check_tag(tag, "--src-lang") == tag


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("english", "--src-lang 'english': not a BCP 47 language tag; e.g. zh-CN"),
        ("zh_CN", "--src-lang 'zh_CN': not a BCP 47 language tag; write 'zh-CN'"),
        ("xx-yy", "not a BCP 47 language tag"),
        ("", "not a BCP 47 language tag"),
        ("zh CN", "not a BCP 47 language tag"),
    ],
)
def test_a_bad_tag_is_one_clear_error(tag: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_tag(tag, "--src-lang")


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        *[("zh-CN", "zh"), ("zh-TW", "zh"), ("zh-Hant", "zh"), ("yue", "zh"), ("cmn", "zh")],
        *[("en", "en"), ("en-GB", "en"), ("fr", "en"), ("ja", "en")],
    ],
)
def test_lang_of(tag: str, lang: str) -> None:
    assert lang_of(tag) == lang


def test_default_tag_by_script() -> None:
    assert default_tag("zh", SIMPLIFIED) == "zh-CN"
    assert default_tag("zh", TRADITIONAL) == "zh-TW"
    assert default_tag("en", TRADITIONAL) == "en"
    assert detect_lang(MOSTLY_ENGLISH) == "en"


def test_the_warning_says_when_content_disagrees() -> None:
    assert content_warning("a.html", "zh-CN", "zh", SIMPLIFIED) is None
    assert content_warning("a.html", "en", "en", ENGLISH) is None
    assert content_warning("a.html", "zh-CN", "zh", "12 34 ---") is None  # no letters
    warning = content_warning("quickreference.html", "zh-CN", "zh", MOSTLY_ENGLISH)
    assert warning is not None and "\n" not in warning
    assert warning.startswith("zh-CN side of quickreference.html is 9")
    assert warning.endswith(" % Latin script: untranslated page?")
    swapped = content_warning("b.txt", "en-GB", "en", SIMPLIFIED)
    assert swapped == "en-GB side of b.txt is 100 % Chinese script: source and target swapped?"


def test_side_tags_of_an_alignment() -> None:
    plain = Alignment((TRADITIONAL,), ("Why?",), (Bead((0,), (0,)),))
    assert side_tags(plain) == ("zh-TW", "en")
    declared = Alignment((TRADITIONAL,), ("Why?",), (Bead((0,), (0,)),), tags=("zh-Hant", "en-GB"))
    assert side_tags(declared) == ("zh-Hant", "en-GB")


def _pair(tmp_path: Path, zh: str, en: str = ENGLISH) -> tuple[Path, Path]:
    src, tgt = tmp_path / "quickreference.zh.txt", tmp_path / "quickreference.en.txt"
    src.write_text(zh, encoding="utf-8")
    tgt.write_text(en, encoding="utf-8")
    return src, tgt


def _tmx_langs(alignment: Alignment) -> tuple[str | None, set[str | None]]:
    root = ET.fromstring(to_tmx(alignment))
    header = root.find("header")
    assert header is not None
    return header.get("srclang"), {tuv.get(XML_LANG) for tuv in root.iter("tuv")}


def test_a_chinese_page_that_is_mostly_english_keeps_zh_cn(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, MOSTLY_ENGLISH)
    warnings: list[str] = []
    a = align_documents(src, tgt, HashEncoder(), on_warning=warnings.append)
    assert (a.src_lang, a.tgt_lang, a.tags) == ("zh", "en", ("zh-CN", "en"))
    assert _tmx_langs(a) == ("zh-CN", {"zh-CN", "en"})
    assert len(warnings) == 1 and "side of quickreference.zh.txt is" in warnings[0]
    # the English notice is still split by the English rules
    assert read_side(src, DocumentOptions(), 0).sentences[1:] == tuple(
        read_side(src, DocumentOptions(src_lang="en"), 0).sentences[1:]
    )


def test_a_traditional_page_gets_zh_tw(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, TRADITIONAL, "Why did the Foundation ban seven users? Why?")
    a = align_documents(src, tgt, HashEncoder())
    assert _tmx_langs(a) == ("zh-TW", {"zh-TW", "en"})


def test_declared_tags_are_written_as_given(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, SIMPLIFIED, "Why? Why?")
    options = DocumentOptions(src_lang="zh-Hant", tgt_lang="en-GB")
    a = align_documents(src, tgt, HashEncoder(), options=options)
    assert _tmx_langs(a) == ("zh-Hant", {"zh-Hant", "en-GB"})


def test_declared_sides_may_be_swapped(tmp_path: Path) -> None:
    src, tgt = _pair(tmp_path, SIMPLIFIED, "Why? Why?")
    options = DocumentOptions(src_lang="en", tgt_lang="zh-CN")
    warnings: list[str] = []
    a = align_documents(tgt, src, HashEncoder(), options=options, on_warning=warnings.append)
    assert (a.src_lang, a.tgt_lang, a.tags) == ("en", "zh", ("en", "zh-CN"))
    assert warnings == []


def test_document_options_check_their_tags() -> None:
    with pytest.raises(InputError, match="--tgt-lang 'en_GB'"):
        DocumentOptions(tgt_lang="en_GB")
