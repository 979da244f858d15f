"""`glossalign run`: the seeds job writes every output, they parse and agree with each other."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from align.beads import parse_beads
from align.cli import app
from align.evaluate import score_alignments

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.setenv("GLOSSALIGN_CACHE_DIR", str(out / "cache"))
        result = runner.invoke(app, ["run", "--out", str(out / "job")])
    assert result.exit_code == 0, result.output
    assert "beads" in result.output and "glossary findings" in result.output
    return out / "job"


@pytest.mark.slow
def test_run_writes_every_output(outputs: Path) -> None:
    for suffix in (".align", ".tsv", ".tmx", ".glossary.csv", ".html"):
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


def test_run_names_a_missing_source(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", "--source", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "nope.txt: no such file" in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_run_checks_the_glossary_before_writing_anything(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, [
        "run", "--source", str(ROOT / "seeds/letter.zh.txt"),
        "--target", str(ROOT / "seeds/letter.en.txt"),
        "--glossary", str(bad), "--out", str(tmp_path / "o"),
    ])  # fmt: skip
    assert result.exit_code == 1
    assert "bad.csv:1" in result.output
    assert not (tmp_path / "o").exists()
