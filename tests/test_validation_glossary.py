"""Issue 18, invalid glossaries: validated once, the same way, wherever a glossary is read.
Each case is one row -- the glossary, the command, exit 1, a fragment of the error -- and no
output is written or changed."""

# ruff: noqa: E501 -- the case tables keep one case a line, to be read as tables.
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_tsv
from glossary.io import read_glossary
from glossary.model import Entry, Glossary
from glossary.tbx import format_tbx, parse_tbx

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
SENTINEL = "left as it was\n"
ALIGNMENT = Alignment(
    ("管理员来了。", "他走了。"), ("The administrator came.", "He left."),
    (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)),
)  # fmt: skip


def tbx(*entries: tuple[str, str]) -> str:
    concepts = "".join(
        f'<conceptEntry id="c{n}"><langSec xml:lang="zh"><termSec><term>{zh}</term></termSec>'
        f'</langSec><langSec xml:lang="en"><termSec><term>{en}</term></termSec></langSec>'
        "</conceptEntry>"
        for n, (zh, en) in enumerate(entries, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tbx type="TBX-Basic" style="dca" '
        'xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="zh"><text><body>'
        f"{concepts}</body></text></tbx>"
    )


# (case, file name, content, expected message fragment)
GLOSSARIES = [
    ("a source term in two rows", "g.csv", "source,target\n管理员,administrator\n管理员,admin\n", "g.csv:3: column source: error: source term '管理员' is already in row 2"),
    ("a source term in two TBX entries", "g.tbx", tbx(("管理员", "administrator"), ("管理员", "admin")), "g.tbx:2: column source: error: source term '管理员'"),
    ("a source synonym in two rows", "g.tsv", "source\ttarget\n甲|管理员\tadministrator\n管理員\tadmin\n", "g.tsv:3: column source: error: source term '管理員' is already in row 2"),
    ("duplicate header", "g.csv", "source,source,target\n甲,乙,A\n", "g.csv:1: header 'source,source,target' names 'source' twice"),
    ("NUL in a cell", "g.csv", "source,target\n甲,A\x00B\n", "g.csv:2: column target: error: control character U+0000"),
    ("punctuation-only target", "g.csv", "source,target\n省略号,...\n", "g.csv:2: column target: error: term '...' has no letter or digit"),
    ("punctuation-only source", "g.csv", "source,target\n。,full stop\n", "g.csv:2: column source: error: term '。' has no letter or digit"),
    ("punctuation-only variant", "g.csv", "source,target,variants\n加号,plus,+\n", "g.csv:2: column variants: error: term '+' has no letter"),
]  # fmt: skip


def command(name: str, folder: Path, glossary: Path) -> list[str]:
    """``name`` reading ``glossary``, writing into ``folder`` where an output goes."""
    alignment = str(folder / "a.tsv")
    return {
        "lint": ["glossary", "lint", str(glossary)],
        "check": ["glossary", "check", alignment, "-g", str(glossary), "-o", str(folder / "out.csv")],
        "export": ["glossary", "export", str(glossary), "--format", "tbx", "-o", str(folder / "out.tbx")],
        "extract": ["glossary", "extract", alignment, "-g", str(glossary), "-o", str(folder / "out.csv")],
        "report": ["report", alignment, "-g", str(glossary), "-o", str(folder / "out.html")],
        "run": ["run", "--source", str(ROOT / "seeds/letter.zh.txt"), "--target",
                str(ROOT / "seeds/letter.en.txt"), "-g", str(glossary), "--out", str(folder / "job")],
    }[name]  # fmt: skip


COMMANDS = ("lint", "check", "export", "extract", "report", "run")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An alignment to check, and every output already there: a failed command leaves them."""
    (tmp_path / "a.tsv").write_text(to_tsv(ALIGNMENT), encoding="utf-8")
    (tmp_path / "job").mkdir()
    for name in ("out.csv", "out.tbx", "out.html", "job/letter.align"):
        (tmp_path / name).write_text(SENTINEL)
    return tmp_path


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("case", "name", "content", "message", "cmd"),
    [(*row, cmd) for row, cmd in itertools.product(GLOSSARIES, COMMANDS)],
)
def test_every_command_rejects_what_lint_rejects(
    folder: Path, case: str, name: str, content: str, message: str, cmd: str
) -> None:
    glossary = folder / name
    glossary.write_text(content, encoding="utf-8")
    before = snapshot(folder)
    result = runner.invoke(app, command(cmd, folder, glossary))
    assert result.exit_code == 1, (case, cmd, result.output)
    assert message in result.output, (case, cmd, result.output)
    if cmd != "lint":  # lint lists every problem on stdout; the others fail on one line
        assert result.stderr.count("\n") == 1 and result.stdout == "", (case, cmd)
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "{a}", "-g", ""], "--glossary is empty: give a glossary file"),
        (["glossary", "check", "{a}", "-g", ""], "--glossary is empty: give a glossary file"),
        (["run", "-g", "", "--out", "{out}"], "--glossary is empty: give a glossary file (CSV, TSV, xlsx or TBX), or --no-glossary"),
        (["run", "-g", "{g}", "--no-glossary", "--out", "{out}"], "give --glossary or --no-glossary, not both"),
    ],
)  # fmt: skip
def test_glossary_option_messages(folder: Path, args: list[str], message: str) -> None:
    (folder / "g.csv").write_text("source,target\n甲,A\n", encoding="utf-8")
    paths = {"a": folder / "a.tsv", "g": folder / "g.csv", "out": folder / "job"}
    before = snapshot(folder)
    result = runner.invoke(app, [arg.format(**paths) for arg in args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"glossalign: error: {message}")
    assert result.stderr.count("\n") == 1
    assert snapshot(folder) == before


def test_tbx_export_drops_characters_xml_forbids(tmp_path: Path) -> None:
    """A glossary built in code (the review editor's accepted terms) may hold controls."""
    glossary = Glossary((Entry(("管理员\x00",), "admin\x01istrator", note="a\x0bb\r=c"),))
    back, skipped = parse_tbx(format_tbx(glossary).encode(), tmp_path / "g.tbx")
    assert skipped == ()
    [entry] = back.entries
    assert (entry.sources, entry.target, entry.note) == (("管理员",), "administrator", "ab =c")


def test_a_valid_glossary_reads_in_every_format(tmp_path: Path) -> None:
    """Two rows may share a source term when one is deprecated (lint's rule)."""
    path = tmp_path / "g.csv"
    path.write_text(
        "source,target,status\n管理员,administrator,\n管理员,manager,deprecated\n", encoding="utf-8"
    )
    assert [e.target for e in read_glossary(path).entries] == ["administrator", "manager"]
    result = runner.invoke(app, ["glossary", "lint", str(path)])
    assert result.exit_code == 0, result.output
