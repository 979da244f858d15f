import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.matching import TermHit, TermMatcher
from glossary.model import Entry, Glossary

GLOSSARY = Glossary(
    (
        Entry(("全域封禁", "全域封鎖"), "global ban", forbidden=("global lock",)),  # 0
        Entry(("封禁",), "ban", variants=("block",)),  # 1
        Entry(("全域锁定",), "global lock", forbidden=("global ban",)),  # 2
        Entry(("IP",), "IP", case="sensitive"),  # 3
        Entry(("IPBE", "IP封禁豁免"), "IPBE", case="sensitive"),  # 4
        Entry(("除权",), "desysop"),  # 5
        Entry(("编辑松",), "edit-a-thon", variants=("editathon",)),  # 6
        Entry(("元维基",), "Meta-Wiki", forbidden=("meta wiki",), case="sensitive"),  # 7
        Entry(("傀儡",), "sockpuppet"),  # 8
        Entry(("维基媒体",), "Wikimedia", forbidden=("Wiki Media",)),  # 9
        Entry(("中国大陆维基人用户组",), "Wikimedians of Mainland China", variants=("WMC",)),  # 10
        Entry(("用户组",), "user group"),  # 11
        Entry(("新手",), "newbie", variants=("new user",)),  # 12
    )
)
MATCHER = TermMatcher(GLOSSARY)


def spans(hits: list[TermHit]) -> list[tuple[str, int, str]]:
    return [(h.surface, h.entry, h.kind) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实施全域封禁令", [("全域封禁", 0, "source")]),  # longest match; 封禁 does not fire
        ("全域封禁和封禁", [("全域封禁", 0, "source"), ("封禁", 1, "source")]),
        ("全域封鎖", [("全域封鎖", 0, "source")]),  # synonym, Traditional
        ("維基媒體", [("維基媒體", 9, "source")]),  # Traditional matches Simplified term
        ("ＩＰＢＥ", [("ＩＰＢＥ", 4, "source")]),  # full-width
        ("申请IPBE与IP", [("IPBE", 4, "source"), ("IP", 3, "source")]),  # IP not inside IPBE
        ("IPv6地址", []),  # a Latin term must not touch other Latin letters
        ("中国大陆维基人用户组", [("中国大陆维基人用户组", 10, "source")]),
    ],
)
def test_find_source(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert spans(MATCHER.find_source(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # head inflected; ban does not also fire; forbidden for 全域锁定 at the same span
        ("global bans", [("global bans", 0, "target"), ("global bans", 2, "forbidden")]),
        ("Global Lock", [("Global Lock", 0, "forbidden"), ("Global Lock", 2, "target")]),
        (
            "banned, banning, bans",
            [("banned", 1, "target"), ("banning", 1, "target"), ("bans", 1, "target")],
        ),
        ("Bangladesh banner", []),  # word boundaries
        (
            "desysops desysopped desysoped desysopping",
            [
                ("desysops", 5, "target"),
                ("desysopped", 5, "target"),
                ("desysoped", 5, "target"),
                ("desysopping", 5, "target"),
            ],
        ),
        (
            "edit-a-thons, edit a thon, Editathon",
            [
                ("edit-a-thons", 6, "target"),
                ("edit a thon", 6, "target"),
                ("Editathon", 6, "variant"),
            ],
        ),
        (
            "Meta Wiki, Meta-Wiki, meta wiki",
            [("Meta Wiki", 7, "target"), ("Meta-Wiki", 7, "target"), ("meta wiki", 7, "forbidden")],
        ),  # case-sensitive entry
        ("sockpuppets", [("sockpuppets", 8, "target")]),
        ("Wiki Media and Wikimedia", [("Wiki Media", 9, "forbidden"), ("Wikimedia", 9, "target")]),
        ("IPBE IPBEs ipbe", [("IPBE", 4, "target"), ("IPBEs", 4, "target")]),
        ("the WMC’s members", [("WMC’s", 10, "variant")]),  # curly apostrophe
        ("user groups", [("user groups", 11, "target")]),
        ("new users", [("new users", 12, "variant")]),
        ("global. Ban", [("Ban", 1, "target")]),  # no match across punctuation
    ],
)
def test_find_target(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert spans(MATCHER.find_target(text)) == expected


def test_shared_rendering_hits_every_entry() -> None:
    g = Glossary((Entry(("甲",), "block"), Entry(("乙",), "ban", variants=("block",))))
    assert spans(TermMatcher(g).find_target("a block")) == [
        ("block", 0, "target"),
        ("block", 1, "variant"),
    ]


def test_rendering_of_names_the_glossary_rendering() -> None:
    [hit] = MATCHER.find_target("two Editathons")
    assert MATCHER.rendering_of(hit) == "editathon"


def test_empty_glossary_finds_nothing() -> None:
    matcher = TermMatcher(Glossary())
    assert matcher.find_source("全域封禁") == [] and matcher.find_target("ban") == []


PIECES_ZH = ["全域封禁", "封禁", "全域鎖定", "ＩＰＢＥ", "IP", "的", "，", "x", "令", "用户组"]
PIECES_EN = [
    "global ban",
    "bans",
    "Meta-Wiki",
    "edit a thons",
    "’s",
    " ",
    ",",
    "-",
    "the",
    "WMC",
    "x",
]


@given(
    st.lists(st.sampled_from(PIECES_ZH)).map("".join),
    st.lists(st.sampled_from(PIECES_EN)).map("".join),
)
def test_hits_are_ordered_non_overlapping_slices_of_the_original(zh: str, en: str) -> None:
    for text, hits in ((zh, MATCHER.find_source(zh)), (en, MATCHER.find_target(en))):
        assert all(text[h.start : h.end] == h.surface for h in hits)
        ends = [(h.start, h.end) for h in hits]
        distinct = sorted(set(ends))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(distinct))


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HANT = [SEEDS / n for n in ("letter.zh.txt", "letter.zh-hant.txt", "glossary.csv")]


@pytest.mark.skipif(not all(p.exists() for p in HANT), reason="seeds/letter.zh-hant.txt missing")
def test_seeds_traditional_taiwan_text_finds_the_same_terms_as_simplified() -> None:
    from glossary.io import read_glossary

    simplified, traditional = (p.read_text(encoding="utf-8") for p in HANT[:2])
    glossary = read_glossary(HANT[2])
    matcher = TermMatcher(glossary)
    hant = [p for p in traditional.split("\n\n") if p.strip()]
    hans = "\n\n".join([p for p in simplified.split("\n\n") if p.strip()][: len(hant)])
    counts = [Counter(h.entry for h in matcher.find_source(text)) for text in (hans, traditional)]
    assert counts[0] == counts[1]
    assert (
        counts[1][next(i for i, e in enumerate(glossary.entries) if "IP封禁豁免" in e.sources)] > 0
    )
