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


@pytest.mark.parametrize("word", ["中国", "北京", "陈清扬", "韦小宝", "书房"])
def test_stored_pinyin_is_pypinyin_s(word: str) -> None:
    assert lexicon.pinyin_forms(word) == lexicon._spelled(word)


def test_a_three_character_name_is_also_surname_and_given_name() -> None:
    assert lexicon.pinyin_forms("陈清扬") == {"chenqingyang", "chen", "qingyang"}
