"""Issue 18, invalid alignment files: each case is one row -- the file, the command that reads
it, the exit code, a fragment of the one error line (naming file and line) -- and no output
is written or changed."""

# ruff: noqa: E501 -- the case tables keep one case a line, to be read as tables.
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.beads import Alignment, Bead, check_beads, parse_beads
from align.cli import app
from align.formats import read_alignment, to_beads, to_jsonl, to_tsv

runner = CliRunner()
HEAD = "src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n"
GLOSSARY = "source,target\n管理员,administrator\n"
SENTINEL = "left as it was\n"


def tsv(*rows: str) -> str:
    return HEAD + "".join(row + "\n" for row in rows)


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def record(src: list[int], tgt: list[int], src_text: str, tgt_text: str, **more: object) -> dict:
    return {"src_ids": src, "tgt_ids": tgt, "score": 0.5, "src_text": src_text,
            "tgt_text": tgt_text, **more}  # fmt: skip


def score_row(score: str) -> str:
    return tsv(f"0\t0\t{score}\t甲。\tA.")


# (case, file name, content, command before the file, expected message fragment)
CASES = [
    ("repeated ids", "a.tsv", tsv("0,0\t0\t0.5\t甲。甲。\tA."), "report", "a.tsv:2: source ids 0,0 repeat"),
    ("repeated ids, target", "a.jsonl", jsonl(record([0], [1, 1], "甲。", "B. B.")), "check", "a.jsonl:1: target ids 1,1"),
    ("repeated bead", "a.tsv", tsv("0\t0\t0.5\t甲。\tA.", "0\t0\t0.5\t甲。\tA."), "report", "a.tsv:3: bead [0]:[0] repeats line 2"),
    ("conflicting JSONL texts", "a.jsonl", jsonl(record([0], [0], "甲。", "A."), record([0], [1], "乙。", "B.")), "report", "a.jsonl:2: source sentence 0 reads '乙。' here but '甲。' on line 1"),
    ("JSONL text against its sentences", "a.jsonl", jsonl(record([0], [0], "甲。", "A.", src_sents=["乙。"])), "check", "a.jsonl:1: src_text is not src_sents joined"),
    ("out of order (monotonic)", "a.tsv", tsv("0,1\t0\t0.5\t甲。乙。\tA.", "3\t1\t0.5\t丁。\tB."), "report", "a.tsv:3: bead [3]:[1] is out of order"),
    ("monotonic not from 0", "a.tsv", tsv("1,2\t0\t0.5\t甲。乙。\tA."), "check", "a.tsv:2: bead [1,2]:[0] is out of order"),
    ("unlinked row of a linked sentence", "a.tsv", tsv("0\t1\t0.5\t甲。\tB.", "0\t\t\t甲。\t"), "report", "a.tsv:3: a row without a score lists one unlinked sentence"),
    ("unlinked row in a monotonic file", "a.tsv", tsv("0,1\t0\t0.5\t甲。乙。\tA.", "2\t\t\t丙。\t"), "report", "a.tsv:3: a row without a score lists an unlinked"),
    ("score ..", "a.tsv", score_row(".."), "report", "a.tsv:2: score '..' is not a finite number"),
    ("score e", "a.tsv", score_row("e"), "report", "a.tsv:2: score 'e'"),
    ("score -", "a.tsv", score_row("-"), "report", "a.tsv:2: score '-'"),
    ("score inf", "a.tsv", score_row("inf"), "report", "a.tsv:2: score 'inf'"),
    ("score 1e400", "a.tsv", score_row("1e400"), "check", "a.tsv:2: score '1e400'"),
    ("score of 5000 digits", "a.tsv", score_row("9" * 5000), "report", "a.tsv:2: score '999"),
    ("JSONL score 1e400", "a.jsonl", '{"src_ids": [0], "tgt_ids": [0], "score": 1e400, "src_text": "甲", "tgt_text": "A"}\n', "report", "a.jsonl:1: score must be a finite number"),
    ("JSONL score of 400 digits", "a.jsonl", '{"src_ids": [0], "tgt_ids": [0], "score": 1' + "0" * 400 + ', "src_text": "甲", "tgt_text": "A"}\n', "report", "a.jsonl:1: score must be a finite number"),
    ("id ²", "a.tsv", tsv("²\t0\t0.5\t甲。\tA."), "report", "a.tsv:2: src_ids '²' is not a list of sentence ids"),
    ("id of 5000 digits", "a.tsv", tsv(f"{'1' * 5000}\t0\t0.5\t甲。\tA."), "check", "a.tsv:2: src_ids '111"),
    ("JSONL id of 5000 digits", "a.jsonl", '{"src_ids": [' + "1" * 5000 + '], "tgt_ids": [0]}\n', "report", "a.jsonl:1: not a usable JSON record"),
    ("deeply nested JSON", "a.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "report", "a.jsonl:1: not a usable JSON record (nested too deeply)"),
    ("id 10^11 in a 2-row file", "a.tsv", tsv("0\t0\t0.5\t甲。\tA.", f"{10**11}\t1\t0.5\t乙。\tB."), "report", "a.tsv:3: source id 100000000000 is past the sentences"),
    ("id 3·10^7 in a 2-row JSONL", "a.jsonl", jsonl(record([0], [0], "甲。", "A."), record([1], [3 * 10**7], "乙。", "B.")), "report", "a.jsonl:2: target id 30000000 is past"),
]  # fmt: skip


def run(tmp_path: Path, command: str, path: Path) -> tuple[int, str]:
    """``command`` on ``path``, writing to ``out.html`` (report) or ``out.csv`` (check)."""
    if command == "report":
        args = ["report", str(path), "-o", str(tmp_path / "out.html")]
    else:
        args = ["glossary", "check", str(path), "-g", str(tmp_path / "g.csv")]
        args += ["-o", str(tmp_path / "out.csv")]
    result = runner.invoke(app, args)
    return result.exit_code, result.stderr


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    """The glossary and both outputs, already there: a failed command must leave them."""
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    for name in ("out.html", "out.csv"):
        (tmp_path / name).write_text(SENTINEL)
    return tmp_path


@pytest.mark.parametrize(("case", "name", "content", "command", "message"), CASES)
def test_an_invalid_alignment_is_one_line_and_exit_1(
    outputs: Path, case: str, name: str, content: str, command: str, message: str
) -> None:
    path = outputs / name
    path.write_text(content, encoding="utf-8")
    before = set(outputs.iterdir())
    started = time.perf_counter()
    code, stderr = run(outputs, command, path)
    assert time.perf_counter() - started < 10, case  # bounded before anything is allocated
    assert code == 1, (case, stderr)
    assert stderr.count("\n") == 1 and message in stderr, (case, stderr)
    assert str(path) in stderr
    assert [(outputs / n).read_text() for n in ("out.html", "out.csv")] == [SENTINEL] * 2
    assert set(outputs.iterdir()) == before  # no temp file left


BEAD_CASES = [
    ("repeated bead counted twice", "[0]:[0]\n[1]:[1]\n", "[0]:[0]\n[0]:[0]\n[0]:[0]\n[0]:[0]\n", "test.align:2: bead [0]:[0] repeats line 1"),
    ("repeated id", "[0]:[0]\n", "[0,0]:[0]\n", "test.align:1: source ids 0,0 repeat"),
    ("out of order", "[0]:[0]\n[1,2]:[1]\n", "[0]:[0]\n[2,3]:[1]\n", "test.align:2: bead [2,3]:[1] is out of order"),
    ("score ..", "[0]:[0]\n", "[0]:[0]:..\n", "test.align:1: score '..' is not a finite number"),
    ("score 1e400", "[0]:[0]\n", "[0]:[0]:1e400\n", "test.align:1: score '1e400'"),
    ("score inf in the gold", "[0]:[0]:inf\n", "[0]:[0]\n", "gold.align:1: score 'inf'"),
    ("id ²", "[0]:[0]\n", "[²]:[0]\n", "test.align:1: not a bead line"),
    ("id of 5000 digits", "[0]:[0]\n", f"[{'1' * 5000}]:[0]\n", "test.align:1: not a bead line"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "gold", "test", "message"), BEAD_CASES)
def test_evaluate_refuses_invalid_bead_files(
    tmp_path: Path, case: str, gold: str, test: str, message: str
) -> None:
    (tmp_path / "gold.align").write_text(gold)
    (tmp_path / "test.align").write_text(test)
    result = runner.invoke(
        app, ["evaluate", str(tmp_path / "gold.align"), str(tmp_path / "test.align")]
    )
    assert result.exit_code == 1, (case, result.output)
    assert result.stderr.count("\n") == 1 and message in result.stderr, (case, result.stderr)
    assert result.stdout == ""


def test_beads_with_texts_are_bounded_by_the_documents(tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text("甲。\n乙。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("It rained.\nWe left.\n", encoding="utf-8")
    (tmp_path / "b.align").write_text(f"[0]:[0]\n[1]:[{10**11}]\n")
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    result = runner.invoke(app, [
        "glossary", "check", "-g", str(tmp_path / "g.csv"), "--source", str(tmp_path / "zh.txt"),
        "--target", str(tmp_path / "en.txt"), "--beads", str(tmp_path / "b.align"),
    ])  # fmt: skip
    assert result.exit_code == 1
    assert "points past the documents (2 source, 2 target sentences)" in result.stderr


VALID = [
    ("monotonic TSV", "a.tsv", tsv("0,1\t0\t0.5\t甲。乙。\tA.", "2\t\tnan\t丙。\t", "\t1\t0.1\t\tB.")),
    ("paraphrase TSV", "a.tsv", tsv("1\t0\t0.5\t乙。\tA.", "0\t1\t0.5\t甲。\tB.", "2\t\t\t丙。\t")),
    ("one-to-many links", "a.jsonl", jsonl(record([0], [0], "甲。", "A."), record([0], [2], "甲。", "C."))),
    ("scores as written", "a.tsv", tsv("0\t0\t-0.125\t甲。\tA.", "1\t1\t1E-3\t乙。\tB.")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "content"), VALID)
def test_valid_alignments_still_read(outputs: Path, case: str, name: str, content: str) -> None:
    path = outputs / name
    path.write_text(content, encoding="utf-8")
    code, stderr = run(outputs, "report", path)
    assert code == 0, (case, stderr)
    assert (outputs / "out.html").read_text() != SENTINEL


def test_a_formula_after_a_cr_in_a_bead_stays_text_in_the_findings(outputs: Path) -> None:
    """Issue 18: a JSONL tgt_text ``Nothing here.\\r=cmd…`` checked with ``-o f.csv``."""
    import csv
    import io

    from align.csvsafe import formula_at

    hostile = "Nothing here.\r=cmd|' /C calc'!A0"
    path = outputs / "a.jsonl"
    path.write_text(jsonl(record([0], [0], "管理员来了。", hostile)), encoding="utf-8")
    code, stderr = run(outputs, "check", path)
    assert code == 3, stderr  # administrator is missing
    text = (outputs / "out.csv").read_bytes().decode("utf-8-sig")  # CRs as written
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert hostile.replace("\r=", "\r'=") in cells
    assert all(formula_at(cell) is None for cell in cells)


@st.composite
def monotonic(draw: st.DrawFn) -> list[Bead]:
    kinds = st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1)])
    sizes = draw(st.lists(kinds, min_size=1))
    beads, i, j = [], 0, 0
    for a, b in sizes:
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), 0.5))
        i, j = i + a, j + b
    return beads


links = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=12, unique=True
).map(lambda pairs: [Bead((i,), (j,), 0.5) for i, j in pairs])


@settings(max_examples=60, deadline=None)
@given(st.one_of(monotonic(), links))
def test_what_we_write_reads_back_valid(beads: list[Bead]) -> None:
    """Every alignment glossalign writes (beads, TSV, JSONL) passes the validation."""
    n_src = max((i for b in beads for i in b.src), default=-1) + 1
    n_tgt = max((j for b in beads for j in b.tgt), default=-1) + 1
    mode = check_beads(beads, "x", range(len(beads)))
    a = Alignment(
        tuple(f"第{i}句。" for i in range(n_src)), tuple(f"Line {j}." for j in range(n_tgt)),
        tuple(beads), mode=mode,
    )  # fmt: skip
    assert parse_beads(to_beads(a)) == beads
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("a.tsv", to_tsv(a)), ("a.jsonl", to_jsonl(a))):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            back = read_alignment(path)
            assert list(back.beads) == beads and back.mode == mode
