"""Issue 18, messages (encoding and output rows): each names the right fix, never an option the
command lacks; outputs are checked before the work; long output names work."""

from __future__ import annotations

import codecs
import importlib.util
import json
import os
import shutil
import tempfile
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


# --- issue 27: escapes, cut words, ranges, bounds ------------------------------------------------

EVIL = "evil\x1b]0;pwned\x07.txt"
DEEP = "[" * 100_000 + "]" * 100_000
JSONL_ID = '{"src_ids": [%s], "tgt_ids": [0], "score": 0.5, "src_text": "你好", "tgt_text": "Hi"}\n'
HEADER = "src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n"

CASES_27 = [
    Case("a file name with a terminal escape", ("segment", "{d}/" + EVIL, "--from", "docx"), 1,
         "evil\\x1b]0;pwned\\x07.txt: not a Word .docx file", {EVIL: "你好。"}),
    Case("a missing file with a newline in its name", ("report", "{d}/a\nb.tsv"), 1,
         "a\\nb.tsv: no such file"),
    Case("JSONL with a 5,000-digit id", ("report", "{d}/a.jsonl"), 1,
         "a.jsonl:1: not a usable JSON record (a number of more than 4,300 digits)",
         {"a.jsonl": JSONL_ID % ("1" * 5000)}),
    Case("JSONL with a 100,000-digit score", ("report", "{d}/a.jsonl"), 1,
         "(a number of more than 4,300 digits)",
         {"a.jsonl": JSONL_ID.replace("0.5", "1" * 100_000) % "0"}),
    Case("JSONL with a score of 100,000 decimals", ("report", "{d}/a.jsonl"), 1,
         "a.jsonl:1: not a usable JSON record (a number of 100,002 characters)",
         {"a.jsonl": JSONL_ID.replace("0.5", "0." + "1" * 100_000) % "0"}),
    Case("TSV with a 100,000-digit score", ("report", "{d}/a.tsv"), 1,
         "a.tsv:2: score '11111111111111111111111111111… (100,000 characters)' is not a finite",
         {"a.tsv": HEADER + "0\t0\t" + "1" * 100_000 + "\t你好\tHi\n"}),
    Case("TMX with a 100,000-digit score", ("report", "{d}/a.tmx"), 1,
         "x-glossalign-* props must be ids like 0,1 and a score",
         {"a.tmx": '<tmx version="1.4"><header srclang="zh-CN"/><body><tu>'
                   '<prop type="x-glossalign-src-ids">0</prop><prop type="x-glossalign-tgt-ids">'
                   f'0</prop><prop type="x-glossalign-score">{"1" * 100_000}</prop>'
                   '<tuv xml:lang="zh-CN"><seg>你好</seg></tuv><tuv xml:lang="en"><seg>Hi</seg>'
                   "</tuv></tu></body></tmx>"}),
    Case("evaluate with an id past the gold's documents", ("evaluate",
         "{seeds}/letter.gold.align", "{d}/t.align"), 1,
         "t.align: bead 0 [999999999999]:[0] points past the documents (184 source, 200 target",
         {"t.align": "[999999999999]:[0]:0.9\n"}),
    Case("glossary check --ignore nested 100,000 deep", ("glossary", "check", "-g",
         "{seeds}/glossary.csv", "{d}/a.tsv", "--ignore", "{d}/i.json"), 1,
         "i.json: not an ignore list (JSON nested too deeply or too long)",
         {"a.tsv": ALIGNMENT_TSV, "i.json": DEEP}),
    Case("glossary bench-check --pairs 10^9", ("glossary", "bench-check", "--pairs",
         "1000000000"), 1, "--pairs 1000000000: give a whole number from 1 to 100,000"),
    Case("glossary bench-check --terms 10^9", ("glossary", "bench-check", "--terms",
         "1000000000"), 1, "--terms 1000000000: give a whole number from 1 to 10,000"),
    Case("align --workers 100", ("align", "{d}/a.txt", "{d}/a.txt", "--workers", "100"), 1,
         "--workers 100: give a whole number from 1 to 16", {"a.txt": "你好。"}),
    Case("batch --workers 1000", ("batch", "{d}", "--workers", "1000"), 1,
         "--workers 1000: give a whole number from 1 to 16"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES_27, ids=lambda c: c.id)
def test_cli_case_27(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("align.aligner.align_sentences", pytest.fail)  # none gets that far
    run_in_process(case, tmp_path)


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None, reason="needs glossalign[st]"
)
def test_a_300_character_st_model_name_is_one_line(tmp_path: Path) -> None:
    """Was ``OSError: File name too long`` and a traceback."""
    case = Case("--encoder st: + 300 characters", ("align", "{d}/a.txt", "{d}/a.txt",
                "--encoder", "st:" + "a" * 300), 1,
                "--encoder st:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… "
                "(300 characters): no model folder or name is this long",
                {"a.txt": "你好。"})  # fmt: skip
    run_in_process(case, tmp_path)


COMMANDS_READING = [
    ["segment", "{f}"], ["align", "{f}", "{f}"], ["run", "{f}", "{f}", "-o", "{d}/out"],
    ["report", "{f}"], ["evaluate", "{f}", "{f}"], ["glossary", "lint", "{f}"],
    ["glossary", "check", "-g", "{f}", "{f}"], ["glossary", "export", "{f}", "--to", "csv"],
    ["glossary", "extract", "{f}"], ["review", "{f}", "--no-open"],
]  # fmt: skip


def test_lint_lists_a_glossary_with_terminal_escapes_escaped(tmp_path: Path) -> None:
    path = tmp_path / "g\x1b]0;pwned\x07.csv"
    path.write_text("source,target\n\x1b[31m红,red\n")
    result = CliRunner().invoke(app, ["glossary", "lint", str(path)])
    assert result.exit_code == 1 and "\x1b" not in result.stdout + result.stderr
    assert "g\\x1b]0;pwned\\x07.csv:2: column source: error: control character U+001B" in (
        result.stdout
    )


def test_an_unreadable_file_is_exit_1_naming_it() -> None:
    """Was exit 2 with the usage text (typer checked readability first). As root, which reads
    everything, each command runs in a child that has become ``nobody`` (uid 65534)."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)  # nobody may look inside, not read the file
    secret, tmp_path = folder / "secret.txt", folder
    secret.write_text("你好。\n")
    secret.chmod(0)
    runs = [[a.format(f=secret, d=tmp_path) for a in args] for args in COMMANDS_READING]
    for args in runs:  # imports done before the child gives up root
        CliRunner().invoke(app, args)
    for args in runs:
        code, stderr = _as_nobody(args) if os.geteuid() == 0 else _invoke(args)
        assert code == 1, (args, stderr)
        assert stderr == f"glossalign: error: {secret}: cannot read (Permission denied); " \
                         "check its permissions\n", (args, stderr)  # fmt: skip
    shutil.rmtree(folder)


def _invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stderr


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """``args`` in a forked child that runs as uid/gid 65534 (root only)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: give up root, run, report, exit without cleanup
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            code, stderr = _invoke(args)
            os.write(write, json.dumps([code, stderr]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read()
    os.waitpid(pid, 0)
    code, stderr = json.loads(report)
    return code, stderr
