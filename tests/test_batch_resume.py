"""align.batch.resume: what makes a pair's outputs out of date, and the manifest on disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from align.batch.inputs import Pair
from align.batch.job import PairResult, Settings, TermUse
from align.batch.outputs import write_pair
from align.batch.resume import MANIFEST, Manifest, pair_key
from align.errors import InputError
from align.pipeline import DocumentOptions


@pytest.fixture
def pair(tmp_path: Path) -> Pair:
    (tmp_path / "a.zh.txt").write_text("你好。\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    return Pair("a", tmp_path / "a.zh.txt", tmp_path / "a.en.txt")


def test_the_key_follows_the_inputs_the_model_and_the_settings_that_change_outputs(
    pair: Pair,
) -> None:
    key = pair_key(pair, Settings(), None, "use-m3@0.2.1")
    assert key == pair_key(pair, Settings(), None, "use-m3@0.2.1")
    # The cache serves the model's own vectors: not a reason to align again.
    assert key == pair_key(pair, Settings(cache=False), None, "use-m3@0.2.1")
    others = {
        pair_key(pair, Settings(), None, "use-m3@0.2.2"),
        pair_key(pair, Settings(), "glossary digest", "use-m3@0.2.1"),
        pair_key(pair, Settings(document=DocumentOptions(split="lines")), None, "use-m3@0.2.1"),
        pair_key(pair, Settings(formats=("beads", "tmx")), None, "use-m3@0.2.1"),
        pair_key(pair, Settings(low_confidence=0.6), None, "use-m3@0.2.1"),
    }
    assert key not in others and len(others) == 5
    pair.target.write_text("Hi.\n", encoding="utf-8")
    assert pair_key(pair, Settings(), None, "use-m3@0.2.1") != key
    pair.target.unlink()
    with pytest.raises(InputError, match=r"a\.en\.txt: no such file"):
        pair_key(pair, Settings(), None, "use-m3@0.2.1")


def test_a_pair_is_up_to_date_until_an_output_is_deleted_or_edited(tmp_path: Path) -> None:
    out = tmp_path / "out"
    use = TermUse(0, "基金会", "WMF", 2)
    result = PairResult("a", ((".align", "[0]:[0]:1.000\n"), (".tmx", "<tmx/>\n")),
                        1, 1, 1, 0, 0, (use,), 0.5, 3, "m")  # fmt: skip
    manifest = Manifest.load(out)
    manifest.add("k1", write_pair(out, result), result)
    again = Manifest.load(out)
    assert again.records["a"].result == dataclasses.replace(result, outputs=())
    assert again.up_to_date("a", "k1")
    assert not again.up_to_date("a", "k2") and not again.up_to_date("b", "k1")
    (out / "pairs/a.tmx").write_text("<tmx>edited</tmx>\n", encoding="utf-8")
    assert not again.up_to_date("a", "k1")
    (out / "pairs/a.tmx").unlink()
    assert not again.up_to_date("a", "k1")


def test_a_damaged_manifest_says_how_to_recover(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text('{"pairs": {"a": {"key": 1}}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"not a batch manifest .* delete it to redo every pair"):
        Manifest.load(tmp_path)
