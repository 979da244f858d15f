"""align.lexicon: the stemmers, and where the lexical resources cache their files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
def test_cedict_index_and_jieba_cache_go_into_the_project_cache_dir(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "GLOSSALIGN_CACHE_DIR": str(cache), "TMPDIR": str(tmp)}
    env["PYTHONPATH"] = str(ROOT)
    code = (
        "from align.lexicon import cedict_glosses, jieba_cut\n"
        "assert 'ban' in cedict_glosses()['禁止']\n"
        "assert jieba_cut('我们今天去北京') == ['我们', '今天', '去', '北京']\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    names = sorted(p.name for p in cache.iterdir())
    assert [n.split("-")[0] for n in names] == ["cedict", "jieba"], names
    assert not list(tmp.glob("jieba*")), "jieba's cache must not go to $TMPDIR"
