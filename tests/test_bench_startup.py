"""align.bench.startup: the start-up benchmark's runner and its table."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.bench.startup import Runner, StartupRow, format_rows

ROOT = Path(__file__).resolve().parent.parent


def test_rows_report_the_median_and_whether_the_target_is_met() -> None:
    rows = [
        StartupRow("fast", (0.5, 3.0, 0.7), 1.0, (0.4, 0.5, 0.6)),
        StartupRow("slow", (2.5,), 2.0),
        StartupRow("untargeted", (4.0, 5.0), None),
    ]
    assert [r.median for r in rows] == [0.7, 2.5, 4.5]
    assert [r.met for r in rows] == [True, False, None]
    table = format_rows(rows).splitlines()
    assert table[1].split()[-3:] == ["0.50", "≤", "1"] and table[2].split()[-5:] == [
        "2.50",
        "-",
        "≤",
        "2",
        "missed",
    ]
    assert rows[0].as_json() == {
        "what": "fast", "seconds": [0.5, 3.0, 0.7], "median": 0.7,
        "cpu_seconds": [0.4, 0.5, 0.6], "target": 1.0, "met": True,
    }  # fmt: skip


def test_a_cold_cache_keeps_the_stored_tables(tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    (runner.cache / "tables").mkdir(parents=True)
    for name in ("use-m3.sqlite", "use-m3.sqlite-wal", "tables/jieba-1.table"):
        (runner.cache / name).write_text("x")
    runner.forget_embeddings()
    assert [p.name for p in runner.cache.rglob("*") if p.is_file()] == ["jieba-1.table"]


@pytest.mark.slow
def test_review_is_timed_until_it_prints_its_url_then_stopped(tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    assert runner.time("--help").wall > 0
    alignment = tmp_path / "a.tsv"
    alignment.write_text("src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n0\t0\t1.0\t你好。\tHello.\n")
    ready = runner.until_url("review", str(alignment), "--no-open", "-o", "out/a")
    assert 0 < ready.wall < 120 and ready.cpu > 0
