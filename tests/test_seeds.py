"""The sample corpus in seeds/: the gold alignment pinned against the segmenter, the glossary
table, and the hygiene of the Chinese texts (see seeds/README.md)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from align.beads import Alignment, Bead, parse_beads
from align.segment import segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ZH_TEXTS = ("letter.zh.txt", "letter.zh-hant.txt", "article.zh.txt")
HEADER = ["source", "target", "variants", "forbidden", "case", "status", "note"]

#: What the gold assumes; if the segmenter changes these, letter.gold.align must be redone.
ZH_SENTENCES = 184
EN_SENTENCES = 200

_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def read(name: str) -> str:
    return (SEEDS / name).read_bytes().decode("utf-8")  # strict: invalid UTF-8 raises


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.fixture(scope="module")
def gold() -> list[Bead]:
    return parse_beads(read("letter.gold.align"), SEEDS / "letter.gold.align")


@pytest.fixture(scope="module")
def sentences() -> tuple[list[str], list[str]]:
    zh = [s.text for s in segment(read("letter.zh.txt"), "zh")]
    en = [s.text for s in segment(read("letter.en.txt"), "en")]
    return zh, en


# ---------------------------------------------------------------- the gold alignment


def test_gold_sentence_counts_match_the_segmenter(
    gold: list[Bead], sentences: tuple[list[str], list[str]]
) -> None:
    zh, en = sentences
    assert (len(zh), len(en)) == (ZH_SENTENCES, EN_SENTENCES)
    assert max(i for b in gold for i in b.src) + 1 == len(zh)
    assert max(j for b in gold for j in b.tgt) + 1 == len(en)


def test_gold_is_monotonic_and_covers_every_sentence_once(gold: list[Bead]) -> None:
    src = [i for b in gold for i in b.src]
    tgt = [j for b in gold for j in b.tgt]
    assert src == list(range(ZH_SENTENCES))
    assert tgt == list(range(EN_SENTENCES))
    assert all(b.src or b.tgt for b in gold)


def test_gold_has_a_realistic_bead_mix(gold: list[Bead]) -> None:
    kinds = Counter(b.kind for b in gold)
    assert kinds["1-2"] and kinds["2-1"]
    assert kinds["1-3"] or kinds["3-1"]
    assert kinds["1-1"] > len(gold) / 2


def test_gold_beads_stay_inside_paragraphs(gold: list[Bead]) -> None:
    zh = segment(read("letter.zh.txt"), "zh")
    en = segment(read("letter.en.txt"), "en")
    for bead in gold:
        paras = {zh[i].paragraph for i in bead.src} | {en[j].paragraph for j in bead.tgt}
        assert len(paras) == 1, bead


def test_glossary_runs_clean_on_the_gold(
    gold: list[Bead], sentences: tuple[list[str], list[str]]
) -> None:
    from glossary.checks import check_alignment
    from glossary.io import read_glossary

    zh, en = sentences
    findings = check_alignment(
        Alignment(tuple(zh), tuple(en), tuple(gold)), read_glossary(SEEDS / "glossary.csv")
    )
    assert [(f.bead, f.check, f.source_term, f.found) for f in findings] == []


# ---------------------------------------------------------------- the glossary


def test_glossary_csv_parses_with_the_exact_header() -> None:
    path = SEEDS / "glossary.csv"
    assert read("glossary.csv").splitlines()[0] == ",".join(HEADER)
    frame = pl.read_csv(path, infer_schema=False)
    assert frame.columns == HEADER
    assert frame.height >= 40
    assert set(frame["case"]) <= {"sensitive", "insensitive"}
    assert set(frame["status"]) <= {"preferred", "admitted", "deprecated"}
    assert {"preferred", "admitted", "deprecated"} <= set(frame["status"])
    assert frame["source"].null_count() == 0 and frame["target"].null_count() == 0
    sources = [s for cell in frame["source"] for s in cell.split("|")]
    assert len(sources) == len(set(sources)), "a source term is listed twice"


def test_glossary_terms_occur_in_the_texts() -> None:
    """Most entries are drawn from the letter and the article (a few cover zh-hant wording)."""
    frame = pl.read_csv(SEEDS / "glossary.csv", infer_schema=False)
    texts = read("letter.zh.txt") + read("article.zh.txt")
    english = (read("letter.en.txt") + read("article.en.txt")).lower()
    used = [
        any(s in texts for s in src.split("|")) and tgt.lower() in english
        for src, tgt in zip(frame["source"], frame["target"], strict=True)
    ]
    assert sum(used) >= 40


# ---------------------------------------------------------------- the Chinese texts


@pytest.mark.parametrize("name", ZH_TEXTS)
def test_chinese_text_is_clean_utf8_nfc(name: str) -> None:
    text = read(name)
    assert unicodedata.is_normalized("NFC", text)
    assert "\ufeff" not in text and "\r" not in text
    assert not re.search(rf"{_CJK}\s*,\s*{_CJK}", text), "half-width comma between CJK"
    assert not re.search(r"[ \t]+$", text, re.M)
    assert segment(text, "auto") == segment(text, "zh")  # detected as Chinese


def test_letter_zh_keeps_the_structure_of_the_english() -> None:
    zh, en = read("letter.zh.txt"), read("letter.en.txt")
    assert len(paragraphs(zh)) == len(paragraphs(en))
    for n in range(1, 7):
        assert f"[{n}]" in zh
        assert re.search(rf"^\[{n}\]: ", zh, re.M)


def test_article_zh_is_a_short_retelling() -> None:
    text = read("article.zh.txt")
    assert 12 <= len(segment(text, "zh")) <= 20
    assert len(paragraphs(text)) >= 5


def test_zh_hant_converts_back_to_the_first_third_of_the_letter() -> None:
    import opencc

    hant = read("letter.zh-hant.txt")
    letter = paragraphs(read("letter.zh.txt"))
    head = letter[: len(paragraphs(hant))]
    assert 0.25 <= sum(map(len, head)) / sum(map(len, letter)) <= 0.4
    assert hant != "\n\n".join(head)  # really converted

    def plain(text: str) -> str:  # compare wording, not quotation-mark style
        return re.sub(r"[“”‘’「」『』]", "", text)

    back = opencc.OpenCC("tw2sp").convert(hant)
    ratio = difflib.SequenceMatcher(None, plain(back), plain("\n\n".join(head))).ratio()
    assert ratio >= 0.95


def test_zh_hant_shares_the_gold_and_checks_clean(gold: list[Bead]) -> None:
    """Sentence k of letter.zh-hant.txt is sentence k of letter.zh.txt, so the gold's first
    beads align it to the English; the glossary matches it only through script
    normalisation and regional synonyms (IP封鎖例外, 伺服器, 志工)."""
    from glossary.checks import check_alignment
    from glossary.io import read_glossary

    hant = segment(read("letter.zh-hant.txt"), "zh")
    simp = segment(read("letter.zh.txt"), "zh")
    assert [s.paragraph for s in hant] == [s.paragraph for s in simp[: len(hant)]]
    beads = [b for b in gold if b.src and b.src[-1] < len(hant)]
    assert beads[-1].src[-1] == len(hant) - 1
    en = [s.text for s in segment(read("letter.en.txt"), "en")][: beads[-1].tgt[-1] + 1]
    alignment = Alignment(tuple(s.text for s in hant), tuple(en), tuple(beads))
    findings = check_alignment(alignment, read_glossary(SEEDS / "glossary.csv"))
    assert [(f.bead, f.check, f.source_term, f.found) for f in findings] == []
    for term in ("IP封鎖例外", "伺服器", "志工", "鏡像站", "全域鎖定"):
        assert term in read("letter.zh-hant.txt")
