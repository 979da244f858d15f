"""`glossalign align`, `evaluate` and `bench` end to end (real use-m3: it is fast)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import parse_beads
from align.cli import app
from align.formats import read_alignment

runner = CliRunner()

ZH = [
    "我今天很高兴。", "他在河边钓鱼，钓了一整天。", "晚上下雨了。",
    "第二天早上，太阳出来了。", "孩子们去学校上课。", "老师讲了一个故事。",
]  # fmt: skip
EN = [
    "I am very happy today.", "He fished by the river.", "He fished all day.",
    "It rained at night.", "The next morning the sun came out.",
    "The children went to school.", "The teacher told a story.",
]  # fmt: skip
EXPECTED = [((0,), (0,)), ((1,), (1, 2))] + [((i,), (i + 1,)) for i in range(2, 6)]
GOLD = "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in EXPECTED)

BENCH_KEYS = [
    "documents", "src_sentences", "tgt_sentences", "p_strict", "r_strict", "f1_strict",
    "p_lax", "r_lax", "f1_lax", "seconds", "sentences_per_second", "texts_encoded",
]  # fmt: skip


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(path))
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "zh.txt", tmp_path / "en.txt"
    src.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(EN) + "\n", encoding="utf-8")  # blank lines are skipped
    return src, tgt


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossalign: error: ")
    return lines[0]


def test_align_lines_prints_beads_on_stdout(pair: tuple[Path, Path], cache_dir: Path) -> None:
    out = _ok(["align", *map(str, pair), "--split", "lines"])
    beads = parse_beads(out)
    assert [(b.src, b.tgt) for b in beads] == EXPECTED
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert list(cache_dir.glob("*.sqlite"))


def test_align_in_two_worker_processes_gives_the_same_beads(pair: tuple[Path, Path]) -> None:
    one = _ok(["align", *map(str, pair), "--split", "lines", "--no-cache"])
    assert (
        _ok(["align", *map(str, pair), "--split", "lines", "--no-cache", "--workers", "2"]) == one
    )


def test_align_output_extension_picks_the_format(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    assert _ok(["align", *map(str, pair), "--split", "lines", "-o", str(out), "--no-cache"]) == ""
    back = read_alignment(out)
    assert back.src == tuple(ZH) and back.tgt == tuple(EN)
    assert back.tgt_text(back.beads[1]) == "He fished by the river. He fished all day."


def test_align_segments_running_text_and_writes_tmx(tmp_path: Path) -> None:
    src, tgt = tmp_path / "zh.txt", tmp_path / "en.txt"
    src.write_text("".join(ZH), encoding="utf-8")
    tgt.write_text(" ".join(EN), encoding="utf-8")
    root = ET.fromstring(_ok(["align", str(src), str(tgt), "--format", "tmx"]).encode())
    units = root.findall("body/tu")
    assert len(units) == len(EXPECTED)
    assert units[0].findtext("tuv[1]/seg") == ZH[0]


def test_align_errors_are_one_line(pair: tuple[Path, Path], tmp_path: Path) -> None:
    src, tgt = map(str, pair)
    assert "no such file" in _error(["align", src, str(tmp_path / "missing.txt")])
    assert "unknown encoder" in _error(["align", src, tgt, "--encoder", "labse"])
    assert "st:/path/to/model" in _error(["align", src, tgt, "--encoder", f"st:{tmp_path}/x"])
    assert not list(tmp_path.glob("*.tsv"))


def _write_align(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_evaluate_file_pair_table_and_json(tmp_path: Path) -> None:
    test = _write_align(tmp_path / "t", {"001.align": "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[3]\n"})
    gold = _write_align(tmp_path / "g", {"001.align": "[0]:[0]\n[1]:[1,2]\n[2]:[3]\n"})
    table = _ok(["evaluate", str(gold / "001.align"), str(test / "001.align")])
    assert "strict" in table and "lax" in table
    scores = json.loads(_ok(["evaluate", str(gold), str(test), "--json"]))
    assert scores["documents"] == 1
    # Test beads: 2 exact of 4 (the insertion counts against precision); 2 of 3 gold found.
    assert scores["p_strict"] == 0.5 and scores["r_strict"] == pytest.approx(2 / 3)
    assert scores["p_lax"] == 0.75 and scores["r_lax"] == 1.0


def test_evaluate_folder_errors(tmp_path: Path) -> None:
    gold = _write_align(tmp_path / "g", {"001.align": GOLD, "002.align": GOLD})
    test = _write_align(tmp_path / "t", {"001.align": GOLD})
    assert str(test / "002.align") in _error(["evaluate", str(gold), str(test)])
    assert "two folders" in _error(["evaluate", str(gold), str(test / "001.align")])
    nope = tmp_path / "nope"
    assert f"{nope}: no such file" in _error(["evaluate", str(gold), str(nope)])
    (test / "002.align").write_text("[0]:[x]\n", encoding="utf-8")
    assert f"{test / '002.align'}:1" in _error(["evaluate", str(gold), str(test)])


def _data_dir(root: Path) -> Path:
    for sub, text in (("zh", "\n".join(ZH)), ("en", "\n".join(EN)), ("gold", GOLD)):
        (root / sub).mkdir(parents=True)
        for doc in ("001", "002"):
            ext = "align" if sub == "gold" else "txt"
            (root / sub / f"{doc}.{ext}").write_text(text + "\n", encoding="utf-8")
    return root


def test_bench_json_keys_scores_and_warm_cache(tmp_path: Path) -> None:
    data = _data_dir(tmp_path / "data")
    cold = json.loads(_ok(["bench", str(data), "--json"]))
    assert list(cold)[: len(BENCH_KEYS)] == BENCH_KEYS
    assert (cold["documents"], cold["src_sentences"], cold["tgt_sentences"]) == (2, 12, 14)
    assert cold["f1_strict"] == 1.0 and cold["texts_encoded"] > 0
    assert cold["passes_per_sentence"] == round(cold["texts_encoded"] / 26, 3)
    assert cold["dp_seconds"] > 0 and cold["feature_seconds"] > 0
    assert 0 < cold["dp_feature_share"] < 1
    warm = json.loads(_ok(["bench", str(data), "--json"]))
    assert warm["texts_encoded"] == 0 and warm["f1_strict"] == 1.0
    assert warm["passes_per_sentence"] == 0
    uncached = json.loads(_ok(["bench", str(data), "--json", "--no-cache"]))
    # The two documents are identical: with the cache the second one encodes nothing.
    assert uncached["texts_encoded"] == 2 * cold["texts_encoded"]
    text = _ok(["bench", str(data)])
    assert "2 documents" in text and "0 texts encoded" in text


def test_bench_reads_gold_files_that_list_english_first(tmp_path: Path) -> None:
    data = _data_dir(tmp_path / "data")
    swapped = "".join(f"[{','.join(map(str, t))}]:[{','.join(map(str, s))}]\n" for s, t in EXPECTED)
    for doc in ("001", "002"):
        (data / "gold" / f"{doc}.align").write_text(swapped, encoding="utf-8")
    assert json.loads(_ok(["bench", str(data), "--json"]))["f1_strict"] == 1.0


def test_bench_missing_gold_is_named(tmp_path: Path) -> None:
    data = _data_dir(tmp_path / "data")
    (data / "gold" / "002.align").unlink()
    assert str(data / "gold" / "002.align") in _error(["bench", str(data)])
    assert "zh/*.txt" in _error(["bench", str(tmp_path)])


def test_commands_leave_thread_settings_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # BLAS threads are limited around the aligner's work only (align.pipeline.blas_threads):
    # running a command in-process changes neither the environment nor the live pools.
    from threadpoolctl import threadpool_info

    gold = _write_align(tmp_path / "g", {"001.align": GOLD})
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = threadpool_info()
    _ok(["evaluate", str(gold / "001.align"), str(gold / "001.align")])
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert threadpool_info() == before
