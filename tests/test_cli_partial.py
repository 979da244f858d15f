"""Partial documents end to end (issue 15): the first 66 sentences of the letter (all of
letter.zh-hant.txt) against the whole English, the one-sided beads in every output,
``--min-score``, ``bench-partial``.
Real use-m3, as in test_cli_align."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Bead, format_beads, parse_beads
from align.cli import app
from align.evaluate import score_alignments
from align.formats import read_alignment
from align.segment import sentence_texts

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(path))
    return path


def _invoke(args: list[str], code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    return result.stdout, result.stderr


def _excerpt(tmp_path: Path, chinese: str, n: int = 66) -> tuple[str, str]:
    """The first ``n`` Chinese sentences of the letter and the whole English, one sentence a
    line (for ``--split lines``: ids as in the gold file)."""
    paths = []
    for name, keep in ((chinese, n), ("letter.en.txt", None)):
        path = tmp_path / name
        sentences = sentence_texts((SEEDS / name).read_text("utf-8"))[:keep]
        path.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


@pytest.fixture(scope="module")
def gold() -> list[Bead]:
    return parse_beads((SEEDS / "letter.gold.align").read_text("utf-8"))


@pytest.mark.parametrize("chinese", ["letter.zh.txt", "letter.zh-hant.txt"])
def test_the_first_66_sentences_align_and_the_rest_of_the_english_is_one_sided(
    tmp_path: Path, chinese: str, gold: list[Bead]
) -> None:
    out = tmp_path / "excerpt.jsonl"
    excerpt, english = _excerpt(tmp_path, chinese)
    _, stderr = _invoke(["align", excerpt, english, "--split", "lines", "-o", str(out)])
    beads = list(read_alignment(out).beads)  # in bead order again
    kept = [b for b in gold if b.src and max(b.src) < 66]
    end = max(j for b in kept for j in b.tgt) + 1  # the English the 66 sentences translate
    kept += [b for b in gold if not b.src and max(b.tgt) < end]
    test = [b for b in beads if b.src or min(b.tgt) < end]
    assert score_alignments([(kept, test)]).f1_strict >= 0.95  # measured 1.000
    n_tgt = len(sentence_texts((SEEDS / "letter.en.txt").read_text("utf-8")))
    beyond = [b for b in beads if b.tgt and min(b.tgt) >= end]
    assert all(not b.src for b in beyond) and len(beyond) == n_tgt - end
    assert f"English sentences {end + 1}\u2013{n_tgt}: no Chinese counterpart" in stderr
    assert f"unaligned: 0 of 66 Chinese and {n_tgt - end} of {n_tgt} English" in stderr


def test_outputs_list_one_sided_beads_apart_and_tmx_keeps_confident_units(
    tmp_path: Path,
) -> None:
    excerpt, english = _excerpt(tmp_path, "letter.zh.txt", 20)
    tsv, _ = _invoke(["-q", "align", excerpt, english, "--format", "tsv"])
    rows = [line.split("\t") for line in tsv.splitlines()[1:]]
    one_sided = [k for k, r in enumerate(rows) if not (r[0] and r[1])]
    assert one_sided and one_sided == list(range(one_sided[0], len(rows)))  # listed last
    beads_text, stderr = _invoke(["-q", "align", excerpt, english])
    assert stderr == ""  # --quiet drops the summary
    beads = parse_beads(beads_text)
    assert len(rows) == len(beads)

    def units(extra: list[str]) -> list[float]:
        tmx, _ = _invoke(["-q", "align", excerpt, english, "--format", "tmx", *extra])
        root = ET.fromstring(tmx.encode("utf-8"))
        return [float(p.text or "") for p in root.iter("prop") if "score" in p.get("type", "")]

    every = units([])
    assert len(every) == sum(1 for b in beads if b.src and b.tgt)  # no one-sided unit
    # Half way between two of the written (rounded) scores: no unit's score is near the cut.
    distinct = sorted(set(every))
    cut = (distinct[0] + distinct[1]) / 2
    confident = units(["--min-score", f"{cut:.4f}"])
    assert confident == [s for s in every if s > cut] and len(confident) < len(every)
    _, stderr = _invoke(["align", excerpt, english, "--min-score", "0.9"], code=1)
    assert stderr.strip() == "glossalign: error: --min-score applies to TMX output only, not beads"


def test_bench_partial_scores_every_kind(tmp_path: Path, gold: list[Bead]) -> None:
    # One chapter: the letter's first 40 beads, one sentence a line.
    beads = gold[:40]
    n_src = max(i for b in beads for i in b.src) + 1
    n_tgt = max(j for b in beads for j in b.tgt) + 1
    for lang, name, n in (("zh", "letter.zh.txt", n_src), ("en", "letter.en.txt", n_tgt)):
        (tmp_path / lang).mkdir()
        sentences = sentence_texts((SEEDS / name).read_text("utf-8"))[:n]
        (tmp_path / lang / "001.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "001.align").write_text(format_beads(beads, False), encoding="utf-8")
    report = json.loads(_invoke(["bench-partial", str(tmp_path), "--json"])[0])
    assert [k["kind"] for k in report["kinds"]] == ["clean", "tail", "head", "gap", "splice"]
    assert report["documents"] == 1 and report["kinds"][0]["scores"]["f1_strict"] >= 0.95
    assert all(k["one_sided_gold"] > 0 for k in report["kinds"][1:])
    text, _ = _invoke(["bench-partial", str(tmp_path)])
    assert text.splitlines()[1].split() == [
        "kind",
        "P",
        "R",
        "F1",
        "drop",
        "1s-P",
        "1s-R",
        "1s-gold",
    ]
    _, stderr = _invoke(["bench-partial", str(tmp_path / "nowhere")], code=1)
    assert "nowhere" in stderr


def test_run_names_the_stretches_and_filters_its_tmx(tmp_path: Path) -> None:
    excerpt, english = _excerpt(tmp_path, "letter.zh.txt", 20)
    out = tmp_path / "out"
    args = ["run", excerpt, english, "--no-glossary", "-o", str(out), "--split", "lines"]
    stdout, _ = _invoke([*args, "--min-score", "0.9505"])  # no rounded score is near it
    lines = stdout.splitlines()
    assert lines[1].startswith("unaligned: 0 of 20 Chinese and ")
    assert lines[2].startswith("  English sentences ") and "no Chinese counterpart" in lines[2]
    beads = parse_beads((out / "letter.align").read_text("utf-8"))
    root = ET.parse(out / "letter.tmx").getroot()
    scores = [float(p.text or "") for p in root.iter("prop") if "score" in p.get("type", "")]
    assert scores == [round(b.score, 3) for b in beads if b.src and b.tgt and b.score >= 0.9505]
