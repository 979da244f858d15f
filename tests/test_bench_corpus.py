"""align.bench.corpus: the zh/en/gold walker every benchmark, the training and the ablation use."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.beads import Bead
from align.bench.corpus import (
    corpus_documents,
    oriented,
    read_gold,
    read_lines,
    sentence_files,
)
from align.errors import InputError


def _corpus(root: Path, names: tuple[str, ...] = ("001", "002")) -> Path:
    for sub in ("zh", "en", "gold"):
        (root / sub).mkdir(parents=True)
    for name in names:
        (root / "zh" / f"{name}.txt").write_text("一。\n\n二。\n三。\n", encoding="utf-8")
        (root / "en" / f"{name}.txt").write_text("One.\nTwo.\n", encoding="utf-8")
        (root / "gold" / f"{name}.align").write_text("[0]:[0]\n[1,2]:[1]\n", encoding="utf-8")
    return root


def test_documents_in_name_order_with_their_three_files(tmp_path: Path) -> None:
    data = _corpus(tmp_path / "c", ("002", "001"))
    docs = corpus_documents(data)
    assert [d.name for d in docs] == ["001", "002"]
    assert (docs[0].zh, docs[0].en, docs[0].gold) == (
        data / "zh" / "001.txt", data / "en" / "001.txt", data / "gold" / "001.align",
    )  # fmt: skip
    assert [d.name for d in corpus_documents(data, ["002"])] == ["002"]
    assert read_lines(docs[0].zh) == ["一。", "二。", "三。"]


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no zh/\*\.txt"):
        corpus_documents(tmp_path)
    data = _corpus(tmp_path / "c")
    (data / "en" / "002.txt").unlink()
    with pytest.raises(InputError, match=r"002\.txt: missing \(counterpart of"):
        corpus_documents(data)


def test_gold_listing_english_first_is_turned_round() -> None:
    zh_first = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    en_first = [Bead((0,), (0,)), Bead((1,), (1, 2))]
    assert oriented(en_first, 3, 2) == zh_first
    assert oriented(zh_first, 3, 2) == zh_first
    # Ambiguous (both orders fit a square document): left as written.
    assert oriented([Bead((0,), (0, 1)), Bead((1,), ())], 2, 2)[0] == Bead((0,), (0, 1))


def test_gold_is_checked_against_the_documents(tmp_path: Path) -> None:
    doc = corpus_documents(_corpus(tmp_path / "c"))[0]
    assert read_gold(doc, 3, 2) == [Bead((0,), (0,)), Bead((1, 2), (1,))]
    with pytest.raises(InputError, match="points past the documents"):
        read_gold(doc, 2, 2)


def test_sentence_files_per_language(tmp_path: Path) -> None:
    data = _corpus(tmp_path / "c")
    assert {lang: [p.name for p in ps] for lang, ps in sentence_files(data).items()} == {
        "en": ["001.txt", "002.txt"],
        "zh": ["001.txt", "002.txt"],
    }
