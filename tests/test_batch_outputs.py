"""align.batch.outputs: per-pair files written atomically, the merged TMX names each tu's
document, the summaries list the worst pairs first."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
from lxml import etree

from align.batch.inputs import Pair
from align.batch.job import PairResult
from align.batch.outputs import (
    PairStatus,
    merged_tmx,
    summary_csv,
    summary_html,
    totals,
    write_pair,
)
from align.beads import Alignment, Bead
from align.formats import to_tmx

ALIGNMENT = Alignment(
    ("你好。", "再见。", "多余。"),
    ("Hello.", "Goodbye."),
    (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.2), Bead((2,), ())),
    "zh",
    "en",
)


def _result(name: str, *, beads: int = 4, low: int = 0, findings: int = 0) -> PairResult:
    return PairResult(name, (), 5, 6, beads, low, findings, (), 1.25, 7, "use-m3@0.2.1")


def _status(name: str, status: str = "aligned", **figures: int) -> PairStatus:
    pair = Pair(name, Path(f"{name}.zh.txt"), Path(f"{name}.en.txt"))
    if status == "failed":
        return PairStatus(pair, "failed", error=f"{name}.zh.txt: not valid UTF-8")
    return PairStatus(pair, status, _result(name, **figures))  # type: ignore[arg-type]


def test_a_pair_is_written_under_pairs_with_the_hash_of_each_file(tmp_path: Path) -> None:
    result = PairResult("ch 1", ((".align", "[0]:[0]:0.900\n"), (".tmx", "<tmx/>\n")),
                        1, 1, 1, 0, 0, (), 0.1, 0, "m")  # fmt: skip
    files = write_pair(tmp_path, result)
    assert sorted(files) == ["pairs/ch 1.align", "pairs/ch 1.tmx"]
    assert (tmp_path / "pairs/ch 1.align").read_text(encoding="utf-8") == "[0]:[0]:0.900\n"
    assert files["pairs/ch 1.tmx"] == hashlib.sha256(b"<tmx/>\n").hexdigest()
    assert not list(tmp_path.rglob(".*.tmp"))


def test_the_merged_tmx_holds_every_tu_in_name_order_with_its_document(tmp_path: Path) -> None:
    (tmp_path / "pairs").mkdir()
    for name in ("b", "a"):
        (tmp_path / "pairs" / f"{name}.tmx").write_text(to_tmx(ALIGNMENT), encoding="utf-8")
    root = etree.fromstring(merged_tmx(tmp_path, ["a", "b"]).encode())
    assert root.find("header").get("srclang") == "zh-CN"
    units = root.findall("body/tu")
    # Two beads of three have both sides: the deletion is not a translation unit.
    assert [u.findtext("prop[@type='x-glossalign-document']") for u in units] == [
        "a", "a", "b", "b",
    ]  # fmt: skip
    assert [u.findtext("prop[@type='x-glossalign-score']") for u in units] == [
        "0.900", "0.200", "0.900", "0.200",
    ]  # fmt: skip
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {t.get(lang): t.findtext("seg") for t in units[3].findall("tuv")} == {
        "zh-CN": "再见。",
        "en": "Goodbye.",
    }
    assert merged_tmx(tmp_path, []) == ""


def test_the_summary_lists_failed_pairs_then_the_largest_share_of_low_beads() -> None:
    rows = [
        _status("calm", low=0, findings=9),
        _status("rough", low=2),
        _status("broken", "failed"),
        _status("shaky", "skipped", low=1, findings=3),
        _status("shaky2", low=1, findings=1),
    ]
    table = pl.read_csv(summary_csv(rows).encode("utf-8"), infer_schema=False)
    assert table["name"].to_list() == ["broken", "rough", "shaky", "shaky2", "calm"]
    assert table.row(1, named=True) | {"source": "", "target": ""} == {
        "name": "rough", "status": "aligned", "source": "", "target": "", "src_sentences": "5",
        "tgt_sentences": "6", "beads": "4", "low_share": "0.500", "findings": "0",
        "seconds": "1.2", "texts_encoded": "7", "error": None,
    }  # fmt: skip
    assert table.row(2, named=True)["texts_encoded"] == "0"  # skipped: nothing encoded now
    assert table.row(0, named=True)["error"] == "broken.zh.txt: not valid UTF-8"
    assert totals(rows) == (
        "5 pairs: 3 aligned, 1 skipped (up to date), 1 failed; 44 sentences; 21 texts encoded"
    )


def test_the_summary_page_escapes_names_and_keeps_the_order() -> None:
    page = summary_html([_status("<b>x</b>"), _status("bad", "failed")], "corpus & co")
    assert "<title>corpus &amp; co</title>" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x" not in page
    assert page.index('<tr class="failed">') < page.index('<tr class="aligned">')
