"""Acceptance for issue 16's bilingual files: the seeds gold alignment of the letter written
as XLIFF 1.2, SDLXLIFF-style XLIFF with mrk segments, XLIFF 2.0, a translate-toolkit TMX and
a PO file reads back with the same bead texts, and the glossary check finds the same (over a
copy whose English has glossary errors put in: the gold letter has no findings)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from align.beads import Alignment
from align.formats import load_alignment
from align.readers.bilingual import read_bilingual, untranslated
from glossary.checks import check_alignment
from glossary.io import read_glossary

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
pytestmark = pytest.mark.skipif(
    not (SEEDS / "letter.gold.align").exists(), reason="seeds/letter.gold.align missing"
)

Pairs = list[tuple[str, str]]  # Chinese, English text of each bead


#: Renderings swapped for forbidden or wrong ones.
ERRORS = {
    "administrator": "manager",
    "global ban": "global lock",
    "Foundation": "Fund",
    "Affiliations Committee": "Subsidiary Committee",
    "canvassing": "vote buying",
}


@pytest.fixture(scope="module")
def gold() -> Alignment:
    """The gold alignment, as ``glossary check --source --target --beads`` reads it, with
    ERRORS put into its English."""
    aligned = load_alignment(
        None, SEEDS / "letter.zh.txt", SEEDS / "letter.en.txt", SEEDS / "letter.gold.align"
    )
    tgt = list(aligned.tgt)
    for wrong in ERRORS.items():
        tgt = [sentence.replace(*wrong) for sentence in tgt]
    return Alignment(aligned.src, tuple(tgt), aligned.beads)


def _pairs(a: Alignment) -> Pairs:
    return [(a.src_text(b), a.tgt_text(b)) for b in a.beads]


def _xliff_12(pairs: Pairs) -> bytes:
    """Okapi-style XLIFF 1.2: a trans-unit a bead."""
    root = etree.Element(f"{{{X12}}}xliff", version="1.2", nsmap={None: X12})
    file = etree.SubElement(root, f"{{{X12}}}file", {
        "original": "letter.txt", "source-language": "zh-CN", "target-language": "en-US",
        "datatype": "plaintext",
    })  # fmt: skip
    body = etree.SubElement(file, f"{{{X12}}}body")
    for k, (zh, en) in enumerate(pairs, 1):
        unit = etree.SubElement(body, f"{{{X12}}}trans-unit", id=f"tu{k}")
        etree.SubElement(unit, f"{{{X12}}}source").text = zh
        etree.SubElement(unit, f"{{{X12}}}target", state="translated").text = en
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sdlxliff(pairs: Pairs) -> bytes:
    """Trados Studio's layout: a paragraph unit of up to three segments, ``<mrk mtype="seg">``
    in ``<seg-source>`` and ``<target>`` with running mids, a tag between segments."""
    root = etree.Element(f"{{{X12}}}xliff", version="1.2", nsmap={None: X12, "sdl": SDL})
    file = etree.SubElement(root, f"{{{X12}}}file", {
        "original": "letter.docx", "source-language": "zh-CN", "target-language": "en-US",
        "datatype": "x-sdlxliff",
    })  # fmt: skip
    body = etree.SubElement(file, f"{{{X12}}}body")
    for start in range(0, len(pairs), 3):
        unit = etree.SubElement(body, f"{{{X12}}}trans-unit", id=f"p{start // 3}")
        sides = [etree.SubElement(unit, f"{{{X12}}}{name}") for name in ("seg-source", "target")]
        defs = etree.SubElement(unit, f"{{{SDL}}}seg-defs")
        for mid, texts in enumerate(pairs[start : start + 3], start + 1):
            for side, text in zip(sides, texts, strict=True):
                if len(side):
                    etree.SubElement(side, f"{{{X12}}}x", id="br")  # between segments
                etree.SubElement(side, f"{{{X12}}}mrk", mtype="seg", mid=str(mid)).text = text
            etree.SubElement(defs, f"{{{SDL}}}seg", id=str(mid), conf="Translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _xliff_2(pairs: Pairs) -> bytes:
    """translate-toolkit's XLIFF 2.0, written English → Chinese (read back swapped)."""
    from translate.storage import xliff2

    store = xliff2.Xliff2File(sourcelanguage="en-US", targetlanguage="zh-CN")
    for k, (zh, en) in enumerate(pairs, 1):
        unit = store.addsourceunit(en)
        unit.target = zh
        unit.setid(f"u{k}")
    return bytes(store)


def _tmx(pairs: Pairs) -> bytes:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en-US")
    for zh, en in pairs:
        store.addtranslation(zh, "zh-CN", en, "en-US")
    return bytes(store)


def _po(pairs: Pairs) -> bytes:
    """translate-toolkit's PO as gettext has it: English msgid, Chinese msgstr."""
    from translate.storage import pypo

    store = pypo.pofile()
    store.updateheader(add=True, Language="zh_CN")
    for en_zh in pairs:
        store.addsourceunit(en_zh[1]).target = en_zh[0]
    return bytes(store)


WRITERS = {
    "letter.xlf": _xliff_12,
    "letter.sdlxliff": _sdlxliff,
    "letter.xliff": _xliff_2,
    "letter.tmx": _tmx,
    "letter.po": _po,
}


@pytest.fixture(scope="module")
def files(gold: Alignment, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bilingual-seeds")
    for name, write in WRITERS.items():
        (folder / name).write_bytes(write(_pairs(gold)))
    return {name: folder / name for name in WRITERS}


@pytest.mark.parametrize("name", WRITERS)
def test_every_format_gives_the_gold_bead_texts(
    gold: Alignment, files: dict[str, Path], name: str
) -> None:
    a = read_bilingual(files[name])
    assert len(gold.beads) == 172 and _pairs(a) == _pairs(gold)
    assert (a.src_lang, a.tgt_lang) == ("zh", "en") and untranslated(a) == frozenset()
    assert len(set(a.units)) == len(a.units) == len(a.beads)
    first = {"letter.xlf": "tu1", "letter.sdlxliff": "p0/1", "letter.xliff": "u1",
             "letter.tmx": "1", "letter.po": "line 15"}  # fmt: skip
    assert a.units[0] == first[name]


@pytest.mark.parametrize("name", WRITERS)
def test_the_glossary_check_finds_the_same(
    gold: Alignment, files: dict[str, Path], name: str
) -> None:
    glossary = read_glossary(SEEDS / "glossary.csv")
    expected = check_alignment(gold, glossary)
    assert len(expected) >= 10 and len({f.check for f in expected}) >= 2
    found = check_alignment(read_bilingual(files[name]), glossary)
    assert [replace(f, unit="") for f in found] == expected
    assert all(f.unit for f in found)  # each finding names its segment in the file
