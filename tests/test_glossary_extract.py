from pathlib import Path

import pytest

from align.beads import Alignment, Bead
from glossary.extract import extract_terms
from glossary.inflect import term_forms
from glossary.model import Entry, Glossary
from glossary.normalize import compact, normalize_zh

PAIRS = (
    ("基金会对他实施全域锁定。", "The Foundation imposed a global lock on him."),
    ("全域锁定是一种处罚。", "A global lock is a sanction."),
    ("她也被全域锁定了。", "She was globally locked too."),
    ("申请IPBE很难。", "Applying for IPBE is hard."),
    ("我们喜欢学习。", "We like to study."),
    ("我们一起学习。", "We study together."),
)


def aligned(pairs: tuple[tuple[str, str], ...] = PAIRS) -> Alignment:
    return Alignment(
        tuple(p[0] for p in pairs),
        tuple(p[1] for p in pairs),
        tuple(Bead((i,), (i,)) for i in range(len(pairs))),
    )


def test_proposals_rank_renderings_and_carry_evidence() -> None:
    proposals = {p.source: p for p in extract_terms(aligned(), Glossary())}
    lock = proposals["全域锁定"]
    assert lock.renderings[0].text == "global lock"
    assert (lock.frequency, lock.beads) == (3, (0, 1, 2))
    entry = lock.entry()
    assert (
        entry.target == "global lock"
        and "frequency 3" in entry.note
        and "beads 0, 1, 2" in entry.note
    )


def test_latin_acronyms_are_proposed_from_one_occurrence() -> None:
    proposals = {p.source: p for p in extract_terms(aligned(), Glossary())}
    assert proposals["IPBE"].renderings[0].text == "IPBE"
    assert proposals["IPBE"].entry().case == "sensitive"


def test_a_word_only_seen_inside_a_longer_term_is_not_proposed() -> None:
    sources = [p.source for p in extract_terms(aligned(), Glossary())]
    assert "全域锁定" in sources and "锁定" not in sources and "全域" not in sources


def test_ordinary_vocabulary_ranks_below_domain_terms() -> None:
    proposals = extract_terms(aligned(), Glossary())
    study = next(p for p in proposals if p.source == "学习")
    assert study.ordinary and study.renderings[0].text == "study"  # CC-CEDICT gloss of 学习
    assert [p.source for p in proposals].index("全域锁定") < [p.source for p in proposals].index(
        "学习"
    )


def test_known_terms_are_left_out_in_any_script() -> None:
    known = Glossary((Entry(("全域鎖定",), "global lock"),))
    assert "全域锁定" not in [p.source for p in extract_terms(aligned(), known)]


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = [
    SEEDS / n for n in ("letter.zh.txt", "letter.en.txt", "letter.gold.align", "glossary.csv")
]


@pytest.mark.skipif(
    not all(p.exists() for p in SEED_FILES), reason="seeds/letter.* or glossary.csv missing"
)
def test_seeds_extraction_with_an_empty_glossary_finds_glossary_terms() -> None:
    from align.formats import load_alignment
    from glossary.io import read_glossary

    zh, en, beads, glossary_file = SEED_FILES
    glossary = read_glossary(glossary_file)
    proposals = extract_terms(load_alignment(None, zh, en, beads), Glossary())[:100]  # CLI default
    by_source = {normalize_zh(s): e for e in glossary.entries for s in e.sources}
    found = [
        (p, by_source[normalize_zh(p.source)])
        for p in proposals
        if normalize_zh(p.source) in by_source
    ]
    first = [
        p
        for p, e in found
        if p.renderings
        and compact(p.renderings[0].text) in {compact(f) for f in term_forms(e.target)}
    ]
    print(f"glossary terms in the top 100: {len(found)}; preferred rendering first: {len(first)}")
    assert len(found) >= 10 and len(first) > len(found) / 2
