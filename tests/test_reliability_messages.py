"""Issue 18, messages (encoding and output rows): each names the right fix, never an option the
command lacks; outputs are checked before the work; long output names work."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from reliability import ALIGNMENT_TSV, LETTER_ZH, SEEDS, Case, run_in_process
from typer.testing import CliRunner

from align.cli import app

LETTER_HANT = (SEEDS / "letter.zh-hant.txt").read_text(encoding="utf-8")
NAME_254 = "n" * 250 + ".txt"

CASES = [
    Case("GB18030 without --encoding", ("segment", "{d}/gb.txt"), 1,
         "not valid UTF-8 at byte offset 0, it looks like GB18030; pass --encoding gb18030",
         {"gb.txt": LETTER_ZH.encode("gb18030")}),
    Case("Big5 without --encoding", ("segment", "{d}/b5.txt"), 1,
         "it looks like Big5; pass --encoding big5", {"b5.txt": LETTER_HANT.encode("big5")}),
    Case("Big5 given as GB18030", ("segment", "{d}/b5.txt", "--encoding", "gb18030"), 1,
         "not valid gb18030 at byte offset", {"b5.txt": LETTER_HANT.encode("big5")[:6] + b"\xff"}),
    Case("binary file, auto", ("segment", "{d}/x.bin", "--encoding", "auto"), 1,
         "x.bin: it looks like binary data, not text", {"x.bin": bytes(range(128, 256)) * 8}),
    Case("run, GB18030 source", ("run", "--source", "{d}/gb.txt", "--target",
         "{seeds}/letter.en.txt", "--out", "{d}/out", "--no-cache"), 1,
         "pass --encoding gb18030", {"gb.txt": LETTER_ZH.encode("gb18030")}),
    Case("report, alignment file not text", ("report", "{d}/a.tsv"), 1,
         "a.tsv: it looks like binary data, not text",
         {"a.tsv": b"src_ids\t" + bytes(range(128, 256)) * 4}),
    Case("report, a GB18030 alignment file reads", ("report", "{d}/g.tsv", "-o", "{d}/r.html"),
         0, "", {"g.tsv": ALIGNMENT_TSV.encode("gb18030")}, writes=("r.html",)),
    Case("UTF-16 with a BOM reads", ("segment", "{d}/u16.txt"), 0, "丢掉幻想，准备斗争——",
         {"u16.txt": codecs.BOM_UTF16_LE + LETTER_ZH.encode("utf-16-le")}),
    Case("254-character output name", ("segment", "{d}/a.txt", "-o", "{d}/" + NAME_254), 0, "",
         {"a.txt": "你好。"}, writes=(NAME_254,)),
    Case("report -o into a new folder", ("report", "{d}/a.tsv", "-o", "{d}/r/r.html"),
         0, "", {"a.tsv": ALIGNMENT_TSV}, writes=("r", "r/r.html")),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("align.aligner.align_sentences", pytest.fail)  # none gets that far
    run_in_process(case, tmp_path)


def test_every_command_that_reads_text_has_encoding() -> None:
    for command in (["segment"], ["align"], ["run"]):
        assert "--encoding" in CliRunner().invoke(app, [*command, "--help"]).stdout, command


def test_run_out_a_file_fails_before_aligning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("align.pipeline.align_documents", pytest.fail)
    case = Case("run --out FILE", ("run", "--out", "{d}/f"), 1, "f: not a directory",
                {"f": "x"})  # fmt: skip
    run_in_process(case, tmp_path)


def test_report_screenshot_without_chromium_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("align.report.screenshot.find_chromium", lambda: None)
    monkeypatch.setattr("align.pipeline.render_review", pytest.fail)  # checked before the work
    case = Case("report --screenshot, no chromium", ("report", "{d}/a.tsv", "-o", "{d}/r.html",
                "--screenshot", "{d}/r.png"), 1, "chromium not found; install it",
                {"a.tsv": ALIGNMENT_TSV})  # fmt: skip
    run_in_process(case, tmp_path)


def test_big5_letter_decodes_with_auto(tmp_path: Path) -> None:
    """The issue's case: the letter in Big5 became メ奔ほ稱非称矮… with exit 0."""
    (tmp_path / "b5.txt").write_bytes(LETTER_HANT.encode("big5"))
    (tmp_path / "u8.txt").write_text(LETTER_HANT, encoding="utf-8")
    auto = CliRunner().invoke(app, ["segment", str(tmp_path / "b5.txt"), "--encoding", "auto"])
    utf8 = CliRunner().invoke(app, ["segment", str(tmp_path / "u8.txt")])
    assert auto.exit_code == 0 and auto.stdout == utf8.stdout
    assert "丟掉幻想，準備鬥爭" in auto.stdout
