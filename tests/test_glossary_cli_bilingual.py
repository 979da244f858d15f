"""Translators' bilingual files as the alignment input of the command line (issue 16):
`glossary check` over the seeds gold alignment as XLIFF 1.2, SDLXLIFF, XLIFF 2.0, TMX and PO
finds what it finds over the TSV, with each finding's unit; untranslated segments; --ignore;
`report`, `extract`, `evaluate` and the review editor's reading of these files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree
from test_readers_bilingual_seeds import WRITERS, X12, _pairs, gold  # noqa: F401
from typer.testing import CliRunner

from align.beads import Alignment
from align.cli import app
from align.formats import read_any_alignment, to_tsv
from align.review.ignores import ignore_for, write_ignores
from glossary.checks import check_alignment
from glossary.io import read_glossary

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GLOSSARY = SEEDS / "glossary.csv"
runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def check_json(path: Path, *args: str | Path) -> list[dict[str, object]]:
    code, out, err = invoke("glossary", "check", "-g", GLOSSARY, path, "-f", "json", *args)
    assert code == 3, err
    records: list[dict[str, object]] = json.loads(out)
    return records


@pytest.fixture(scope="module")
def files(gold: Alignment, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # noqa: F811
    folder = tmp_path_factory.mktemp("cli-bilingual")
    (folder / "letter.tsv").write_text(to_tsv(gold), "utf-8")
    for name, write in WRITERS.items():
        (folder / name).write_bytes(write(_pairs(gold)))
    return {name: folder / name for name in ["letter.tsv", *WRITERS]}


@pytest.mark.parametrize("name", WRITERS)
def test_check_over_a_bilingual_file_finds_what_it_finds_over_the_tsv(
    files: dict[str, Path], name: str
) -> None:
    expected = check_json(files["letter.tsv"])
    found = check_json(files[name])
    assert len(expected) >= 10 and {f["unit"] for f in expected} == {""}
    assert [{**f, "unit": ""} for f in found] == expected
    assert all(f["unit"] for f in found)
    # the CSV has the unit as its last column
    code, out, _ = invoke("glossary", "check", "-g", GLOSSARY, files[name])
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert code == 3 and [r["unit"] for r in rows] == [f["unit"] for f in found]


def _xliff(units: list[tuple[str, str, str | None]]) -> bytes:
    root = etree.Element(f"{{{X12}}}xliff", version="1.2", nsmap={None: X12})
    file = etree.SubElement(root, f"{{{X12}}}file", {
        "original": "a.txt", "source-language": "zh-CN", "target-language": "en-US",
        "datatype": "plaintext",
    })  # fmt: skip
    body = etree.SubElement(file, f"{{{X12}}}body")
    for uid, zh, en in units:
        unit = etree.SubElement(body, f"{{{X12}}}trans-unit", id=uid)
        etree.SubElement(unit, f"{{{X12}}}source").text = zh
        if en is not None:
            etree.SubElement(unit, f"{{{X12}}}target").text = en
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_untranslated_segments_are_their_own_finding_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(_xliff([
        ("t1", "管理员封禁了他。", "The administrator banned him."),
        ("t2", "管理员解除了封禁。", ""),
        ("t3", "管理员走了。", None),
    ]))  # fmt: skip
    found = check_json(path)
    assert [(f["bead"], f["unit"], f["check"]) for f in found] == [
        (1, "t2", "untranslated"),
        (2, "t3", "untranslated"),
    ]
    code, out, _ = invoke("glossary", "check", "-g", GLOSSARY, path, "-o", tmp_path / "f.csv")
    assert code == 3 and "untranslated           2" in out  # the summary table


def test_ignore_list_from_the_review_editor_leaves_findings_out(
    files: dict[str, Path],
    gold: Alignment,  # noqa: F811
    tmp_path: Path,
) -> None:
    findings = check_alignment(gold, read_glossary(GLOSSARY))
    ignores = tmp_path / "letter.ignore.json"
    write_ignores(ignores, [ignore_for(findings[0], gold, "house style")])
    before = check_json(files["letter.sdlxliff"])
    after = check_json(files["letter.sdlxliff"], "--ignore", ignores)
    gone = [f for f in before if f not in after]
    assert len(gone) >= 1 and len(after) == len(before) - len(gone)
    assert all(
        (f["check"], f["source_term"]) == (findings[0].check, findings[0].source_term) for f in gone
    )
    code, out, err = invoke(
        "glossary", "check", "-g", GLOSSARY, files["letter.xlf"], "--ignore", tmp_path / "no.json"
    )
    assert (code, out) == (1, "") and "no.json: no such file" in err


def test_report_and_extract_read_bilingual_files(files: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    code, _, err = invoke("report", files["letter.po"], "-g", GLOSSARY, "-o", page)
    assert code == 0, err
    assert "Wikimedia" in page.read_text("utf-8")
    code, out, err = invoke("glossary", "extract", files["letter.xliff"], "--top", "5")
    assert code == 0, err
    assert out.removeprefix("\ufeff").startswith("source,target")
    assert "proposal(s) from 172 beads" in err


def test_any_alignment_goes_by_suffix_then_by_content(
    files: dict[str, Path], tmp_path: Path
) -> None:
    unnamed = tmp_path / "letter.export"
    unnamed.write_bytes(files["letter.xlf"].read_bytes())
    from_xliff, from_tsv = read_any_alignment(unnamed), read_any_alignment(files["letter.tsv"])
    assert from_xliff.units[0] == "tu1" and from_tsv.units == ()
    assert _pairs(from_xliff) == _pairs(from_tsv)


def test_evaluate_takes_tsv_and_refuses_a_bilingual_file(files: dict[str, Path]) -> None:
    gold_beads = SEEDS / "letter.gold.align"
    code, out, _ = invoke("evaluate", gold_beads, files["letter.tsv"], "--json")
    assert code == 0 and json.loads(out)["f1_strict"] == 1.0
    code, out, err = invoke("evaluate", gold_beads, files["letter.tmx"])
    assert (code, out) == (1, "")
    assert "letter.tmx: a bilingual .tmx file has segments" in err


def test_review_reads_a_bilingual_file_to_review(files: dict[str, Path]) -> None:
    from align.review.server import read_documents

    aligned = read_documents(files["letter.sdlxliff"], None, "auto", realigner=None)  # type: ignore[arg-type]
    assert aligned.units[0] == "p0/1" and len(aligned.beads) == 172
