"""align.batch.outputs and summary: every output path checked before the work, per-pair files
written atomically, the merged TMX names each tu's document and writes duplicates once, the
summaries list the worst pairs first, then the files left unpaired."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from align.batch.inputs import Pair
from align.batch.job import PairResult
from align.batch.outputs import check_out_folder, check_pair_outputs, merged_tmx, write_pair
from align.batch.pairing import Unpaired
from align.batch.summary import PairStatus, summary_csv, summary_html, totals
from align.beads import Alignment, Bead
from align.errors import InputError
from align.formats import to_tmx
from align.tmclean import UnitCounts

ALIGNMENT = Alignment(
    ("你好。", "再见。", "多余。"),
    ("Hello.", "Goodbye."),
    (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.2), Bead((2,), ())),
    "zh",
    "en",
)


def _result(name: str, *, beads: int = 4, low: int = 0, findings: int = 0) -> PairResult:
    units = UnitCounts(written=3, one_sided=1, identical=2)
    return PairResult(name, (), 5, 6, beads, low, findings, (), 1.25, 7, "use-m3@0.2.1", units,
                      "zh-CN", "en", ("most units identical",) * (findings == 9))  # fmt: skip


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
    other = Alignment(("你好。", "新的。"), ("Hello.", "New."), (Bead((0,), (0,), 0.7),
                      Bead((1,), (1,), 0.8)))  # fmt: skip
    (tmp_path / "pairs" / "c.tmx").write_text(to_tmx(other), encoding="utf-8")
    corpus = merged_tmx(tmp_path, ["a", "b", "c"])
    root = etree.fromstring(corpus.text.encode())
    assert root.find("header").get("srclang") == "zh-CN"
    units = root.findall("body/tu")
    # Two beads of three have both sides: the deletion is not a translation unit; b repeats a's
    # two units and c its first: each is written once, at its first occurrence, with its count.
    assert [u.findtext("prop[@type='x-glossalign-document']") for u in units] == ["a", "a", "c"]
    assert [u.findtext("prop[@type='x-count']") for u in units] == ["3", "2", None]
    assert [u.findtext("prop[@type='x-documents']") for u in units] == ["a, b, c", "a, b", None]
    assert [u.findtext("prop[@type='x-glossalign-score']") for u in units] == [
        "0.900", "0.200", "0.800",
    ]  # fmt: skip
    assert [p.get("type") for p in units[0].iterfind("prop")][:3] == [
        "x-glossalign-document", "x-count", "x-documents",
    ]  # fmt: skip
    assert corpus.duplicates == {"b": 2, "c": 1}
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {t.get(lang): t.findtext("seg") for t in units[1].findall("tuv")} == {
        "zh-CN": "再见。",
        "en": "Goodbye.",
    }
    assert merged_tmx(tmp_path, []).text == ""


def test_the_summary_lists_failed_pairs_then_the_largest_share_of_low_beads() -> None:
    rows = [
        _status("calm", low=0, findings=9),
        _status("rough", low=2),
        _status("broken", "failed"),
        _status("shaky", "skipped", low=1, findings=3),
        _status("shaky2", low=1, findings=1),
    ]
    rows[1] = PairStatus(rows[1].pair, "aligned", rows[1].result, duplicates=1)
    unpaired = [Unpaired(Path("zh/extra.md"), "no counterpart", "no English file for 'extra'")]
    table = pl.read_csv(summary_csv(rows, unpaired).encode("utf-8"), infer_schema=False)
    assert table["name"].to_list() == ["broken", "rough", "shaky", "shaky2", "calm", "zh/extra.md"]
    assert table.row(1, named=True) | {"source": "", "target": ""} == {
        "name": "rough", "status": "aligned", "source": "", "target": "", "src_lang": "zh-CN",
        "tgt_lang": "en", "src_sentences": "5", "tgt_sentences": "6", "beads": "4",
        "units": "2", "left_one_sided": "1", "left_low_score": "0", "left_no_letters": "0",
        "left_identical": "2", "left_duplicate": "1", "low_share": "0.500", "findings": "0",
        "seconds": "1.2", "texts_encoded": "7", "warning": None, "error": None,
    }  # fmt: skip
    assert table.row(2, named=True)["texts_encoded"] == "0"  # skipped: nothing encoded now
    assert table.row(0, named=True)["error"] == "broken.zh.txt: not valid UTF-8"
    assert table.row(4, named=True)["warning"] == "most units identical"
    assert table.row(5, named=True)["status"] == "unpaired"
    assert table.row(5, named=True)["warning"] == (
        "unpaired: no counterpart: no English file for 'extra'"
    )
    assert totals(rows, 1) == (
        "5 pairs: 3 aligned, 1 skipped (up to date), 1 failed, 1 files unpaired; 44 sentences; "
        "21 texts encoded; 11 TMX units, 13 left out"
    )


def test_the_summary_page_escapes_names_and_keeps_the_order() -> None:
    page = summary_html([_status("<b>x</b>"), _status("bad", "failed")], "corpus & co")
    assert "<title>corpus &amp; co</title>" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x" not in page
    assert page.index('<tr class="failed">') < page.index('<tr class="aligned">')


def test_the_output_folder_is_checked_before_any_work(tmp_path: Path) -> None:
    check_out_folder(tmp_path / "new" / "out")  # created later: its ancestor is writable
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"-o .*file: is a file; give a folder"):
        check_out_folder(tmp_path / "file")
    with pytest.raises(InputError, match=r"-o .*file/out: lies under the file .*file;"):
        check_out_folder(tmp_path / "file" / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no probe left, nothing made


def test_every_output_path_is_checked_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "pairs" / "guide").mkdir(parents=True)
    (tmp_path / "pairs" / "guide" / "index.tmx").mkdir()  # a folder where a file goes
    with pytest.raises(InputError, match=r"pairs/guide/index\.tmx: is a directory"):
        check_pair_outputs(tmp_path, ["api/index", "guide/index"], [".align", ".tmx"], False)
    (tmp_path / "pairs" / "guide" / "index.tmx").rmdir()
    (tmp_path / "pairs" / "api").write_text("x", encoding="utf-8")  # a file where a folder goes
    with pytest.raises(InputError, match=r"pairs/api/index\.align: cannot write \(Not a dir"):
        check_pair_outputs(tmp_path, ["api/index", "guide/index"], [".align"], False)
    (tmp_path / "consistency.csv").mkdir()
    check_pair_outputs(tmp_path, ["guide/index"], [".align"], False)
    with pytest.raises(InputError, match=r"consistency\.csv: is a directory"):
        check_pair_outputs(tmp_path, ["guide/index"], [".align"], True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(InputError, match=r"cannot write in .* \(Permission denied\)"):
            check_out_folder(tmp_path / "out")
    finally:
        tmp_path.chmod(0o755)
