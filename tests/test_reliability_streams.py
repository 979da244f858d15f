"""Issue 26's standard streams: ``-`` reads standard input for every document, alignment and
glossary argument and writes standard output for every ``-o``; the format comes from the
content or ``--from``/``--format``; CSV on a stream has no byte-order mark (a file keeps it);
folders and binary outputs refuse ``-``."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability import (
    ALIGNMENT_TSV,
    LETTER_ZH,
    SEEDS,
    Case,
    FakeEncoder,
    run_in_process,
    run_subprocess,
)  # fmt: skip
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_tmx

GLOSSARY = (SEEDS / "glossary.csv").read_bytes()
GOLD = (SEEDS / "letter.gold.align").read_text(encoding="utf-8")
TMX = to_tmx(
    Alignment(("丢掉幻想，准备斗争",), ("Cast away illusions, prepare for struggle",),
              (Bead((0,), (0,), 0.9),))
)  # fmt: skip

CASES = [
    Case("segment -", ("segment", "-"), 0, "丢掉幻想，准备斗争——", stdin=LETTER_ZH),
    Case("segment - --from markdown", ("segment", "-", "--from", "markdown"), 0, "标题\n正文。",
         stdin="# 标题\n\n正文。\n"),
    Case("segment - in GB18030, no --encoding", ("segment", "-"), 1,
         "-: not valid UTF-8 at byte offset 0, it looks like GB18030; pass --encoding gb18030",
         stdin=LETTER_ZH.encode("gb18030")),
    Case("segment - --encoding auto, GB18030", ("segment", "-", "--encoding", "auto"), 0,
         "丢掉幻想", stdin=LETTER_ZH.encode("gb18030")),
    Case("segment - empty", ("segment", "-"), 1, "-: file is empty", stdin=""),
    Case("segment -o -", ("segment", "{seeds}/letter.zh.txt", "-o", "-"), 0, "作者：Lu Zu"),
    Case("report - (TSV by content)", ("report", "-", "-o", "{d}/r.html"), 0, "",
         writes=("r.html",), stdin=ALIGNMENT_TSV),
    Case("report - (TMX by content)", ("report", "-", "-o", "{d}/r.html"), 0, "",
         writes=("r.html",), stdin=TMX),
    Case("report - -o -", ("report", "-", "-o", "-"), 0, "<!DOCTYPE html>", stdin=ALIGNMENT_TSV),
    Case("report --screenshot -", ("report", "{d}/a.tsv", "--screenshot", "-"), 1,
         "--screenshot -: a PNG is binary, not for standard output; give a file",
         {"a.tsv": ALIGNMENT_TSV}),
    Case("glossary check - -g", ("glossary", "check", "-", "-g", "{seeds}/glossary.csv"), 0,
         "bead,check,source_term", stdin=ALIGNMENT_TSV),
    Case("glossary check -g -", ("glossary", "check", "{d}/a.tsv", "-g", "-"), 0,
         "(2 beads, 69 terms)", {"a.tsv": ALIGNMENT_TSV}, stdin=GLOSSARY),
    Case("glossary lint -", ("glossary", "lint", "-"), 0, "-: 0 error(s)", stdin=GLOSSARY),
    Case("glossary export - --to tbx -o -", ("glossary", "export", "-", "--to", "tbx", "-o",
         "-"), 0, "<term>维基媒体基金会</term>", stdin=GLOSSARY),
    Case("glossary extract - -o -", ("glossary", "extract", "-", "-o", "-"), 0,
         "source,target,variants", stdin=ALIGNMENT_TSV),
    Case("evaluate - GOLD (beads on stdin)", ("evaluate", "-", "{seeds}/letter.gold.align"), 0,
         "strict      1.0000    1.0000", stdin=GOLD),
    Case("evaluate GOLD - (TSV on stdin, by content)", ("evaluate", "{seeds}/letter.gold.align",
         "-"), 0, "strict      1.0000    0.0116", stdin=ALIGNMENT_TSV),
    Case("run -o - (a folder)", ("run", "-o", "-"), 1,
         "-: not a directory; give a folder for the outputs"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_case(case: Case, tmp_path: Path) -> None:
    run_in_process(case, tmp_path)


def test_align_reads_stdin_and_writes_beads_to_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o -`` names no format: beads, as without ``-o``."""
    monkeypatch.setattr("align.encoders.load_encoder", lambda *a, **k: FakeEncoder())
    case = Case("align - -o -", ("align", "{d}/zh.txt", "-", "--split", "lines", "-o", "-"), 0,
                "[0]:[0]:", {"zh.txt": "你好。\n再见。\n"}, stdin="Hello.\nGoodbye.\n")  # fmt: skip
    run_in_process(case, tmp_path)


def test_csv_on_stdout_has_no_bom_and_a_file_keeps_it(tmp_path: Path) -> None:
    args = ["glossary", "check", "-", "-g", str(SEEDS / "glossary.csv")]
    for output in ([], ["-o", "-"]):
        result = CliRunner().invoke(app, [*args, *output], input=ALIGNMENT_TSV)
        assert result.exit_code == 0 and result.stdout.startswith("bead,check,"), result.stdout
        assert "total" not in result.stdout  # the summary goes to stderr when findings don't
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "f.csv")], input=ALIGNMENT_TSV)
    assert result.exit_code == 0
    assert (tmp_path / "f.csv").read_bytes().startswith(b"\xef\xbb\xbfbead,check,")


def test_csv_to_dev_stdout_and_a_fifo_has_no_bom(tmp_path: Path) -> None:
    case = Case("export -o /dev/stdout", ("glossary", "export", "{seeds}/glossary.csv", "--to",
                "csv", "-o", "/dev/stdout"), 0, "")  # fmt: skip
    log = tmp_path / "out.csv"
    with open(log, "wb") as fh:
        (tmp_path / "d").mkdir()
        run_subprocess(case, tmp_path / "d", stdout=fh.fileno())
    assert log.read_bytes().startswith(b"source,target,")
