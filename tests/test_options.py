"""Shared options: a 0-1 option out of range (NaN and infinities too) is one error line and
exit 1 before any work, from every command that has it."""

# ruff: noqa: E501 -- the case table keeps one case a line, to be read as a table.
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_tsv

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["align", "{zh}", "{en}", "--mode", "paraphrase", "--threshold", "1.5"], "--threshold 1.5: give a number from 0 to 1"),
        (["align", "{zh}", "{en}", "--threshold", "nan"], "--threshold nan: give a number from 0 to 1"),
        (["align", "{zh}", "{en}", "--threshold", "inf"], "--threshold inf: give"),
        (["align", "{zh}", "{en}", "--threshold", "-0.1"], "--threshold -0.1: give"),
        (["report", "{tsv}", "--low-confidence", "nan"], "--low-confidence nan: give a number from 0 to 1"),
        (["report", "{tsv}", "--low-confidence", "2"], "--low-confidence 2: give"),
        (["run", "--low-confidence", "nan", "--out", "{dir}/job"], "--low-confidence nan: give"),
        (["bench-paraphrase", "{dir}", "--threshold", "nan"], "--threshold nan: give"),
        (["bench-paraphrase", "{dir}", "--keep", "1.5"], "--keep 1.5: give"),
        (["align", "{zh}", "{en}", "--workers", "0"], "--workers 0: give a whole number from 1 to 16"),
    ],
)  # fmt: skip
def test_out_of_range_is_one_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    paths = {"zh": tmp_path / "zh.txt", "en": tmp_path / "en.txt", "tsv": tmp_path / "a.tsv"}
    before = {p.name for p in tmp_path.iterdir()}
    out = ["-o", str(tmp_path / "out")] if args[0] in ("align", "report") else []
    result = runner.invoke(app, [a.format(dir=tmp_path, **paths) for a in args] + out)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"glossalign: error: {message}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert {p.name for p in tmp_path.iterdir()} == before


def test_the_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text(to_tsv(Alignment(("甲。",), ("A.",), (Bead((0,), (0,), 0.5),))))
    for value in ("0", "1"):
        result = runner.invoke(app, ["report", str(tsv), "--low-confidence", value])
        assert result.exit_code == 0, result.output
        assert f"&lt; {value}" in result.stdout
