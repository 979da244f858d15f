"""`glossalign run`: the seeds job writes every output, they parse and agree with each other;
positional SOURCE TARGET and -o like every command, the shared document options and the
findings exit rule shared with `glossary check`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner, Result

from align.beads import parse_beads
from align.cli import app
from align.evaluate import score_alignments
from align.formats import read_alignment
from align.pipeline import DocumentOptions, read_side

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(out)  # the seeds are found from any working directory
        mp.setenv("GLOSSALIGN_CACHE_DIR", str(out / "cache"))
        result = runner.invoke(app, ["run", "-o", "job"])
    assert result.exit_code == 0, result.output
    assert "beads" in result.output and "glossary findings" in result.output
    return out / "job"


@pytest.mark.slow
def test_run_writes_every_output(outputs: Path) -> None:
    for suffix in (".align", ".tsv", ".jsonl", ".tmx", ".glossary.csv", ".html"):
        assert (outputs / f"letter{suffix}").stat().st_size > 0, suffix
    assert not list(outputs.glob(".*.tmp"))  # atomic writes leave no temp files


@pytest.mark.slow
def test_run_outputs_agree(outputs: Path) -> None:
    beads = parse_beads((outputs / "letter.align").read_text(encoding="utf-8"))
    tsv = pl.read_csv(outputs / "letter.tsv", separator="\t", schema_overrides={
        "src_ids": pl.String, "tgt_ids": pl.String, "score": pl.Float64,
    })  # fmt: skip
    assert tsv.columns == ["src_ids", "tgt_ids", "score", "src_text", "tgt_text"]
    assert tsv.height == len(beads)

    def ids(cell: str | None) -> tuple[int, ...]:
        return tuple(int(x) for x in (cell or "").split(",") if x)

    assert [(b.src, b.tgt) for b in beads] == [
        (ids(s), ids(t)) for s, t in zip(tsv["src_ids"], tsv["tgt_ids"], strict=True)
    ]
    assert [round(b.score, 3) for b in beads] == pytest.approx(tsv["score"].to_list(), abs=1e-3)

    tmx = ET.parse(outputs / "letter.tmx").getroot()
    assert tmx.get("version") == "1.4"
    units = tmx.findall("./body/tu")
    both = tsv.filter(pl.col("src_ids").is_not_null() & pl.col("tgt_ids").is_not_null())
    assert len(units) == both.height
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    first = {tuv.get(lang): tuv.findtext("seg") for tuv in units[0].findall("tuv")}
    assert first == {"zh-CN": both["src_text"][0], "en": both["tgt_text"][0]}

    findings = pl.read_csv(outputs / "letter.glossary.csv", infer_schema=False)
    assert findings.columns == [
        "bead", "check", "source_term", "expected", "found", "source_text", "target_text", "start",
        "end", "unit",
    ]  # fmt: skip
    html = (outputs / "letter.html").read_text(encoding="utf-8")
    data = html.split('<script type="application/json" id="report-data">', 1)[1]
    records = json.loads(data.split("</script>", 1)[0])["beads"]
    assert len(records) == len(beads)


@pytest.mark.slow
def test_run_matches_the_gold(outputs: Path) -> None:
    gold = parse_beads((ROOT / "seeds/letter.gold.align").read_text(encoding="utf-8"))
    test = parse_beads((outputs / "letter.align").read_text(encoding="utf-8"))
    assert score_alignments([(gold, test)]).f1_strict >= 0.95


@pytest.mark.slow
def test_run_writes_what_report_and_the_docs_read(outputs: Path) -> None:
    # The docs' `glossalign report output/letter.jsonl` (reference/report.md) reads its JSONL.
    aligned = read_alignment(outputs / "letter.jsonl")
    assert [(b.src, b.tgt) for b in aligned.beads] == [
        (b.src, b.tgt) for b in parse_beads((outputs / "letter.align").read_text(encoding="utf-8"))
    ]
    assert aligned.src == read_side(ROOT / "seeds/letter.zh.txt", DocumentOptions(), 0).sentences


def test_run_names_a_missing_source(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(tmp_path / "nope.txt"), str(ROOT / "seeds/letter.en.txt"), "-o",
              str(tmp_path / "o")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_run_checks_the_glossary_before_writing_anything(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, [
        "run", str(ROOT / "seeds/letter.zh.txt"), str(ROOT / "seeds/letter.en.txt"),
        "--glossary", str(bad), "-o", str(tmp_path / "o"),
    ])  # fmt: skip
    assert result.exit_code == 1
    assert "bad.csv:1" in result.output
    assert not (tmp_path / "o").exists()


def test_an_old_option_name_and_its_new_form_together_are_a_usage_error(tmp_path: Path) -> None:
    zh = str(ROOT / "seeds/letter.zh.txt")
    result = runner.invoke(app, ["run", zh, str(ROOT / "seeds/letter.en.txt"), "--source", zh])
    assert result.exit_code == 2
    assert "give SOURCE or --source, not both" in result.output


def test_run_takes_both_documents_or_neither(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(ROOT / "seeds/letter.zh.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "give both SOURCE and TARGET, or neither" in result.output
    assert not any(tmp_path.iterdir())


#: A three-sentence job whose English uses a forbidden rendering once.
ZH = "管理员说了。天气很好。管理员来了。\n"
EN = "The sysop spoke. The weather was nice. The administrator came.\n"
TERMS = "source,target,forbidden\n管理员,administrator,sysop\n"


@pytest.fixture
def job(tmp_path: Path) -> Path:
    (tmp_path / "doc.zh.txt").write_text(ZH, encoding="gb18030")
    (tmp_path / "doc.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "terms.csv").write_text(TERMS, encoding="utf-8")
    return tmp_path


def _run(job: Path, *extra: str) -> Result:
    return runner.invoke(app, [
        "run", str(job / "doc.zh.txt"), str(job / "doc.en.txt"), "-g", str(job / "terms.csv"),
        "-o", str(job / "out"), "--encoding", "auto", *extra,
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("flags", "code"), [((), 3), (("--fail-on-findings",), 3), (("--no-fail-on-findings",), 0)]
)
def test_findings_exit_3_unless_told_otherwise(
    job: Path, flags: tuple[str, ...], code: int
) -> None:
    result = _run(job, *flags)
    assert result.exit_code == code, result.output
    assert "glossary findings: 1 forbidden" in result.stdout
    [_, row] = (job / "out/doc.glossary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert row.startswith("0,forbidden,管理员,administrator,sysop,")
    # `glossary check` follows the same rule over the same alignment
    check = runner.invoke(app, [
        "glossary", "check", str(job / "out/doc.jsonl"), "-g", str(job / "terms.csv"), *flags,
    ])  # fmt: skip
    assert check.exit_code == code, check.output


def test_run_passes_the_document_options_to_the_aligner(job: Path) -> None:
    options = ["--split", "lines", "--mode", "paraphrase", "--threshold", "0.2"]
    result = _run(job, *options)
    assert result.exit_code == 3, result.output
    docs = [str(job / "doc.zh.txt"), str(job / "doc.en.txt"), "--encoding", "auto"]
    same = runner.invoke(app, ["align", *docs, *options])
    default = runner.invoke(app, ["align", *docs])
    assert same.exit_code == default.exit_code == 0, same.output + default.output
    assert (job / "out/doc.align").read_text(encoding="utf-8") == same.stdout != default.stdout
    aligned = read_alignment(job / "out/doc.jsonl")
    assert aligned.src == (ZH.strip(),)  # --split lines; GB18030 decoded by --encoding auto


def test_threshold_outside_paraphrase_mode_is_bad_input(job: Path) -> None:
    result = _run(job, "--threshold", "0.2")
    assert result.exit_code == 1
    assert "--threshold applies to --mode paraphrase only" in result.output
    assert not (job / "out").exists()


def test_the_old_option_names_still_work(job: Path) -> None:
    result = runner.invoke(app, [
        "run", "--source", str(job / "doc.zh.txt"), "--target", str(job / "doc.en.txt"),
        "-g", str(job / "terms.csv"), "--out", str(job / "old"), "--encoding", "auto",
        "--no-fail-on-findings",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # silent: an error after it stays one line
    assert (job / "old/doc.align").is_file()
