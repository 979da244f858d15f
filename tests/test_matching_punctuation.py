"""Issue 18, term matching: a term's punctuation is part of its spelling; a term of
punctuation only is refused by lint (and so by every command) instead of being reported
missing in every bead."""

# ruff: noqa: E501 -- the case tables keep one case a line, to be read as tables.
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_tsv
from glossary.matching import TermMatcher
from glossary.model import Entry, Glossary

runner = CliRunner()
TERMS = ("C++", "C#", "(x)", "a.b", "U.S.", "edit-a-thon", "TCP/IP", "Ph.D.")
MATCHER = TermMatcher(Glossary(tuple(Entry((f"术语{n}",), t) for n, t in enumerate(TERMS))))


def found(text: str) -> list[tuple[str, str]]:
    return [(hit.surface, TERMS[hit.entry]) for hit in MATCHER.find_target(text)]


# (text, the hits as (surface, term))
CASES = [
    ("We write C++ daily.", [("C++", "C++")]),
    ("a bare C here", []),
    ("C# is not C++", [("C#", "C#"), ("C++", "C++")]),
    ("in C, then C.", []),
    ("(C++)", [("C++", "C++")]),
    ("x and (x) and x)", [("(x)", "(x)")]),
    ("[x] or x", []),
    ("a b, a-b, ab", []),
    ("a.b and A.B", [("a.b", "a.b"), ("A.B", "a.b")]),
    ("the U.S. and the US", [("U.S.", "U.S.")]),
    ("edit a thon, edit-a-thons, editathon", [("edit a thon", "edit-a-thon"), ("edit-a-thons", "edit-a-thon"), ("editathon", "edit-a-thon")]),
    ("TCP/IP, TCP IP, TCPIP", [("TCP/IP", "TCP/IP")]),
    ("a Ph.D. and a PhD", [("Ph.D.", "Ph.D.")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "hits"), CASES)
def test_punctuation_is_part_of_a_term(text: str, hits: list[tuple[str, str]]) -> None:
    assert found(text) == hits


def test_a_hit_names_the_rendering_it_spells() -> None:
    [hit] = MATCHER.find_target("I like (x).")
    assert MATCHER.rendering_of(hit) == "(x)"


ALIGNMENT = Alignment(
    ("我们用加加语言。", "我们也用升语言。"), ("We use C++.", "We also use C#."),
    (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("glossary", "code", "message"),
    [
        ("source,target\n加加,C++\n升,C#\n", 0, ""),
        ("source,target\n加加,C#\n", 3, "missing"),  # C++ is no C#
        ("source,target\n升,C++\n", 3, "missing"),  # nor C# a C++
        ("source,target\n加加,++\n", 1, "g.csv:2: column target: error: term '++' has no letter or digit"),
        ("source,target\n。,period\n", 1, "g.csv:2: column source: error: term '。' has no letter or digit"),
    ],
)  # fmt: skip
def test_check_with_punctuated_terms(
    tmp_path: Path, glossary: str, code: int, message: str
) -> None:
    (tmp_path / "a.tsv").write_text(to_tsv(ALIGNMENT), encoding="utf-8")
    (tmp_path / "g.csv").write_text(glossary, encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["glossary", "check", str(tmp_path / "a.tsv"), "-g", str(tmp_path / "g.csv")]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == code, result.output
    assert message in (out.read_text(encoding="utf-8-sig") if code == 3 else result.stderr)
    assert out.exists() == (code != 1)
