import numpy as np

from align.dp import full_band
from align.lexical import (
    chinese_units,
    chinese_words,
    content,
    english_tokens,
    learn_lexicon,
    lexical_pairs,
    zh_number,
)


def _covered(zh: str, en: str) -> list[bool]:
    tokens = english_tokens(en)
    return [not unit.isdisjoint(tokens) for unit in chinese_units(zh)]


def test_chinese_name_matches_its_pinyin_in_english() -> None:
    assert _covered("陈清扬", "Chen Qingyang caught me.") == [True] * len(chinese_units("陈清扬"))
    assert not any(_covered("陈清扬", "Wang Er caught me."))


def test_chinese_numerals_match_digits_and_number_words() -> None:
    assert zh_number("三十") == 30
    assert zh_number("二十五") == 25
    assert zh_number("一九六七") == 1967
    assert zh_number("三千五百") == 3500
    assert "30" in english_tokens("thirty cows") and "25" in english_tokens("twenty-five men")
    assert _covered("三十", "He was 30 then.") == [True]
    assert _covered("三十", "He was forty then.") == [False]


def test_cedict_gloss_latin_token_and_question_mark_are_evidence() -> None:
    assert _covered("友谊", "our great friendship") == [True]
    assert _covered("友谊", "our great enmity") == [False]
    assert frozenset({"iphone"}) in chinese_units("我的iPhone")
    assert _covered("你走吗？", "Are you going?")[-1]


def test_function_characters_are_not_units() -> None:
    assert chinese_units("的了是") == []


def test_pair_hits_peak_on_the_translations() -> None:
    src = ["陈清扬笑了。", "他有三十头牛和一部iPhone。"]
    tgt = ["Chen Qingyang laughed.", "He had thirty cows and an iPhone."]
    lex = lexical_pairs(src, tgt, full_band(2, 2))
    assert lex is not None
    hits = lex.src_hits[:, :2] / lex.src_units[:, None]
    assert hits[0, 0] > hits[0, 1] and hits[1, 1] > hits[1, 0]
    tgt_hits = lex.tgt_hits[:, :2]
    assert tgt_hits[0, 0] > tgt_hits[1, 0] and tgt_hits[1, 1] > tgt_hits[0, 1]
    assert np.all(lex.src_hits <= lex.src_units[:, None])


def test_other_language_pairs_have_no_lexical_evidence() -> None:
    assert lexical_pairs(["a"], ["b"], full_band(1, 1), "en", "en") is None


# Five confident pairs: 韦小宝 is always "Trinket" (no dictionary or pinyin knows it); 书房
# ("library") appears twice only; 男孩 and 小玄子 both meet "boy".
_ZH = ["韦小宝大怒。", "韦小宝走进书房。", "男孩对韦小宝笑。", "韦小宝在书房。", "小玄子是男孩。"]
_EN = [
    "Trinket was furious.",
    "Trinket walked into the library.",
    "The boy smiled at Trinket.",
    "Trinket was in the library.",
    "Misty is a boy.",
]
_PAIRS = [(k, k) for k in range(5)]
_WORDS = [chinese_words(s) for s in _ZH]
_CONTENT = [content(english_tokens(s)) for s in _EN]


def test_a_document_lexicon_learns_its_recurring_renderings() -> None:
    learned = learn_lexicon(_WORDS, _CONTENT, _PAIRS)
    assert learned["韦小宝"] == frozenset({"trinket"})
    assert "书房" not in learned  # seen twice: below min_count
    assert learn_lexicon(_WORDS, _CONTENT, _PAIRS, min_count=2)["书房"] == frozenset({"library"})
    assert "小玄子" not in learned and "大怒" not in learned  # once each
    assert not _covered("韦小宝", "Trinket laughed.")[0]
    assert chinese_units("韦小宝", learned)[0] >= {"trinket"}


def test_each_word_and_token_is_linked_once_strongest_first() -> None:
    learned = learn_lexicon(_WORDS, _CONTENT, _PAIRS, min_count=1, min_dice=0.0)
    targets = [t for forms in learned.values() for t in forms]
    assert len(targets) == len(set(targets))
    # 男孩-boy (Dice 1.0) is linked before 小玄子-boy (0.67), and 小玄子 takes "misty" (1.0).
    assert learned["男孩"] == frozenset({"boy"})
    assert learned["小玄子"] == frozenset({"misty"})


def test_pair_hits_use_the_learned_lexicon() -> None:
    with_pairs = lexical_pairs(_ZH, _EN, full_band(5, 5), pairs=[(k, k) for k in range(4)])
    without = lexical_pairs(_ZH, _EN, full_band(5, 5))
    assert with_pairs is not None and without is not None
    assert with_pairs.src_hits[0, 0] == without.src_hits[0, 0] + 1  # 韦小宝 ↔ Trinket
