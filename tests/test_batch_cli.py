"""`glossalign batch` on a local Dask cluster: every output, equal to `glossalign align`;
a second run skips every pair and encodes nothing; a deleted output redoes only its pair; a
corrupt pair is reported while the others finish."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from align.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
runner = CliRunner()


def _batch(corpus: Path, out: Path, *more: str) -> tuple[int, str, str]:
    args = ["batch", str(corpus), "--out", str(out), "--workers", "2", *more]
    result = runner.invoke(app, [*args, "--glossary", str(SEEDS / "glossary.csv")])
    return result.exit_code, result.stdout, result.stderr


def _summary(out: Path) -> dict[str, dict[str, str]]:
    table = pl.read_csv(out / "summary.csv", infer_schema=False)
    return {row["name"]: row for row in table.iter_rows(named=True)}


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted((out / "pairs").iterdir())
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("letter", "article"):
        for lang in ("zh", "en"):
            shutil.copy(SEEDS / f"{name}.{lang}.txt", folder / f"{name}.{lang}.txt")
    return folder


@pytest.fixture(scope="module")
def first_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    code, stdout, stderr = _batch(corpus, out)
    assert code == 3, stderr  # glossary findings (--fail-on-findings, the default)
    assert "2 pairs: 0 up to date (skipped), 2 to align" in stderr
    assert stdout.startswith("2 pairs: 2 aligned, 0 skipped (up to date), 0 failed;")
    return out


@pytest.mark.slow
def test_every_output_is_written_and_equals_glossalign_align(corpus: Path, first_run: Path) -> None:
    for name in ("letter", "article"):
        for suffix in (".align", ".tsv", ".tmx", ".glossary.csv"):
            assert (first_run / "pairs" / f"{name}{suffix}").stat().st_size > 0
        for fmt, suffix in (("beads", ".align"), ("tsv", ".tsv"), ("tmx", ".tmx")):
            aligned = runner.invoke(app, [
                "align", str(corpus / f"{name}.zh.txt"), str(corpus / f"{name}.en.txt"),
                "--format", fmt,
            ])  # fmt: skip
            assert aligned.exit_code == 0, aligned.stderr
            assert (first_run / "pairs" / f"{name}{suffix}").read_text("utf-8") == aligned.stdout
    for name in ("corpus.tmx", "summary.csv", "summary.html", "consistency.csv", "batch.json"):
        assert (first_run / name).stat().st_size > 0
    summary = _summary(first_run)
    assert {row["status"] for row in summary.values()} == {"aligned"}
    findings = pl.read_csv(first_run / "pairs/letter.glossary.csv", infer_schema=False)
    assert summary["letter"]["findings"] == str(findings.height)
    assert not list(first_run.rglob(".*.tmp"))


@pytest.mark.slow
def test_quiet_prints_nothing_but_keeps_the_exit_code(corpus: Path, first_run: Path) -> None:
    result = runner.invoke(app, [
        "-q", "batch", str(corpus), "-o", str(first_run), "--workers", "1",
        "-g", str(SEEDS / "glossary.csv"),
    ])  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", "")


@pytest.mark.slow
def test_a_second_run_skips_every_pair_and_encodes_nothing(corpus: Path, first_run: Path) -> None:
    before = _snapshot(first_run)
    corpus_tmx = (first_run / "corpus.tmx").read_bytes()
    code, stdout, stderr = _batch(corpus, first_run)
    assert code == 3, stderr  # the skipped pairs' findings count too
    assert "2 pairs: 2 up to date (skipped), 0 to align" in stderr
    assert "0 aligned, 2 skipped (up to date), 0 failed" in stdout
    assert stdout.splitlines()[0].endswith("; 0 texts encoded")
    assert _snapshot(first_run) == before  # not even rewritten
    assert (first_run / "corpus.tmx").read_bytes() == corpus_tmx


@pytest.mark.slow
def test_a_deleted_output_redoes_only_its_pair(corpus: Path, first_run: Path) -> None:
    before = _snapshot(first_run)
    (first_run / "pairs/article.tsv").unlink()
    code, stdout, stderr = _batch(corpus, first_run, "--no-fail-on-findings")
    assert code == 0, stderr
    assert "1 aligned, 1 skipped (up to date), 0 failed" in stdout
    after = _snapshot(first_run)
    assert after == {k: v for k, v in after.items() if k.startswith("pairs/letter")} | {
        k: (v[0], after[k][1]) for k, v in before.items() if k.startswith("pairs/article")
    }  # the letter's files untouched, the article's rewritten with the same bytes
    assert _summary(first_run)["article"]["texts_encoded"] == "0"  # its vectors are cached


@pytest.mark.slow
def test_a_corrupt_pair_is_reported_and_the_others_finish(
    corpus: Path, tmp_path: Path, first_run: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / "bad.zh.txt").write_bytes(b"Some text \xe4\xbd cut in a character.\n")
    (folder / "bad.en.txt").write_text("Fine.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = _batch(folder, out)
    assert code == 1
    assert "2 aligned, 0 skipped (up to date), 1 failed" in stdout
    bad = folder / "bad.zh.txt"
    assert f"glossalign: bad failed: {bad}: not valid UTF-8 at byte offset 10" in stderr
    assert stderr.rstrip().endswith("glossalign: error: 1 of 3 pairs failed (listed above)")
    assert "Traceback" not in stderr
    summary = pl.read_csv(out / "summary.csv", infer_schema=False)
    assert summary["name"][0] == "bad" and summary["status"][0] == "failed"
    assert sorted(p.name for p in (out / "pairs").iterdir()) == sorted(
        p.name for p in (first_run / "pairs").iterdir()
    )


@pytest.mark.slow
def test_a_busy_scheduler_port_is_no_warning() -> None:
    """The local scheduler's HTTP routes take 127.0.0.1:8787, or another port when a second
    cluster has it: distributed warns about that, which is noise here (issue 26)."""
    import socket
    import warnings

    from align.batch.runner import dask_client

    with socket.socket() as busy, warnings.catch_warnings(record=True) as caught:
        try:
            busy.bind(("127.0.0.1", 8787))
            busy.listen()
        except OSError:
            pass  # another process holds it: the same case
        warnings.simplefilter("always")
        with dask_client(1, None):
            pass
    assert [str(w.message) for w in caught if "already in use" in str(w.message)] == []
