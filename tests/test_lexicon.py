"""align.lexicon: the stemmers, and the lexical resources as stored tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from align import lexicon
from align.lexicon import EN_STOP, fold_inflection, stem

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("word", "stem"),
    [("bans", "ban"), ("banned", "ban"), ("banning", "ban"), ("policies", "policy"),
     ("addresses", "address"), ("class", "class"), ("locked", "lock")],
)  # fmt: skip
def test_stem_groups_inflections(word: str, stem: str) -> None:
    assert fold_inflection(word) == stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Thirty", "30"), ("parties", "party"), ("walking", "walk"), ("quickly", "quick"),
     ("is", "is"), ("bus", "bus")],
)  # fmt: skip
def test_stem_strips_suffixes_and_reads_number_words(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_definition_filler_is_a_stop_word() -> None:
    assert {"sth", "sb", "variant", "the"} <= EN_STOP


@pytest.mark.slow
def test_lexicon_tables_go_into_the_project_cache_dir(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "GLOSSALIGN_CACHE_DIR": str(cache), "TMPDIR": str(tmp)}
    env["PYTHONPATH"] = str(ROOT)
    env.pop("GLOSSALIGN_TABLES_DIR", None)
    code = (
        "from align.lexicon import cedict_glosses, jieba_cut\n"
        "assert 'ban' in cedict_glosses()['禁止']\n"
        "assert jieba_cut('我们今天去北京') == ['我们', '今天', '去', '北京']\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    assert [p.name for p in cache.iterdir()] == ["tables"]
    names = sorted(p.name for p in (cache / "tables").glob("*.table"))
    assert [n.split("-")[0] for n in names] == ["cedict", "jieba"], names
    assert not list(tmp.iterdir()), "nothing may go to $TMPDIR"


def test_the_cedict_tables_hold_what_cc_cedict_says() -> None:
    assert lexicon.cedict_glosses()["禁止"] == {"ban", "forbid", "prohibit"}
    assert lexicon.cedict_glosses()["禁止"] == lexicon.cedict_glosses().get("禁止")
    assert "no such word" not in lexicon.cedict_glosses()
    assert lexicon.cedict_glosses().get("no such word", frozenset()) == frozenset()
    assert lexicon.cedict_definitions()["禁止"] == ("to prohibit", "to forbid", "to ban")
    frequency = lexicon.gloss_frequency()
    assert (frequency["report"], frequency["learn"], frequency["canvass"]) == (213, 274, 0)


def test_jieba_cuts_as_with_its_whole_dictionary(tmp_path: Path) -> None:
    import jieba

    texts = [*(ROOT / "seeds" / "letter.zh.txt").read_text("utf-8").splitlines(),
             "中华人民共和国中央人民政府", "陈清扬说：“OK，3.5 亿”", "", "  "]  # fmt: skip
    whole = jieba.Tokenizer()
    whole.tmp_dir = str(tmp_path)  # its own cache file, never $TMPDIR's
    assert [lexicon.jieba_cut(t) for t in texts] == [whole.lcut(t) for t in texts]


@pytest.mark.parametrize("word", ["中国", "北京", "陈清扬", "韦小宝", "书房", "长安", "银行"])
def test_stored_pinyin_is_pypinyin_s(word: str) -> None:
    assert lexicon.pinyin_forms(word) == lexicon._spelled(word)


def test_a_word_jieba_finds_by_itself_is_spelled_from_the_stored_readings() -> None:
    # 王二 and 陈清扬 are names jieba cuts by its HMM, not words of its dictionary; 绿 is "lv"
    # as pypinyin writes it, and a character without a reading is kept as it is.
    code = (
        "import sys\n"
        "from align import lexicon\n"
        "assert lexicon._stored_pinyin().words.get('陈清扬') is None\n"
        "assert lexicon.pinyin_forms('陈清扬') == {'chenqingyang', 'chen', 'qingyang'}\n"
        "assert lexicon.pinyin_forms('王二绿') == {'wangerlv', 'wang', 'erlv'}\n"
        "assert lexicon.pinyin_forms('兙兙') == {'兙兙'}\n"
        "assert 'pypinyin' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=ROOT)


# The words where pypinyin's phrase dictionary reads a character otherwise than alone (here
# better for 一觉 and 必得, worse for 蒙着): none is a name, nor an English spelling.
PHRASE_READINGS = {"必得活", "蒙着", "这一觉"}


@pytest.mark.slow
def test_words_jieba_finds_by_itself_are_spelled_as_pypinyin_spells_them() -> None:
    shared = next((p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), None)
    if shared is None:
        pytest.skip("needs ../shared/data")
    data = shared / "data"
    files = [*(data / "mac-dev" / "zh").glob("*.txt"), data / "bible" / "zh" / "001.txt",
             *(ROOT / "seeds").glob("*.zh*.txt"), *shared.glob("seeds/*.txt")]  # fmt: skip
    stored = lexicon._stored_pinyin().words
    words = {
        w
        for f in files if f.is_file()
        for line in f.read_text("utf-8").splitlines()
        for w in lexicon.jieba_cut(line)
        if len(w) >= 2 and lexicon.HAN_WORD.match(w) and w not in stored
    }  # fmt: skip
    assert len(words) > 3000, "mac-dev, Bible 001 and the seeds hold ~3,900 such words"
    differ = {w for w in words if lexicon.pinyin_forms(w) != lexicon._spelled(w)}
    assert differ <= PHRASE_READINGS, sorted(differ - PHRASE_READINGS)


def test_a_three_character_name_is_also_surname_and_given_name() -> None:
    assert lexicon.pinyin_forms("陈清扬") == {"chenqingyang", "chen", "qingyang"}
