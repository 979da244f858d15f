"""align.pipeline: one result type for both modes, files read once, a glossary matched once
per bead, the run job's outputs, the seeds found wherever the command runs."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from align import pipeline
from align.beads import Alignment, Bead
from align.errors import InputError
from align.pipeline import (
    DocumentOptions,
    align_documents,
    align_texts,
    blas_threads,
    review,
    run_job,
    seed_inputs,
)
from glossary.checks import check_alignment
from glossary.matching import TermHit, TermMatcher
from glossary.model import Entry, Glossary

ROOT = Path(__file__).resolve().parent.parent


class HashEncoder:
    """Each character has a fixed random 32-d vector; a text is the normalised sum of its
    characters' vectors (enough to align copies of a text with themselves)."""

    name = "hash"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [
            sum(
                (np.random.default_rng(zlib.crc32(c.encode())).standard_normal(32) for c in t),
                np.zeros(32),
            )
            for t in texts
        ]
        out = np.array(rows, np.float32).reshape(len(texts), 32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


SENTS = ["alpha one.", "bravo two two.", "charlie three three three.", "delta four."]


@pytest.mark.parametrize("mode", ["monotonic", "paraphrase"])
def test_both_modes_return_an_alignment_of_the_sentences(mode: str) -> None:
    a = align_texts(SENTS, SENTS, HashEncoder(), mode=mode, src_lang="en", tgt_lang="en")  # type: ignore[arg-type]
    assert isinstance(a, Alignment) and a.mode == mode
    assert a.src == a.tgt == tuple(SENTS)
    if mode == "monotonic":
        assert [(b.src, b.tgt) for b in a.beads] == [((i,), (i,)) for i in range(4)]
    else:  # links between single sentences
        assert all(len(b.src) == len(b.tgt) == 1 for b in a.beads)


def test_threshold_is_for_paraphrase_mode_only() -> None:
    with pytest.raises(InputError, match="--threshold applies to --mode paraphrase only"):
        align_texts(SENTS, SENTS, HashEncoder(), src_lang="en", tgt_lang="en", threshold=0.3)
    with pytest.raises(InputError, match="--threshold applies to --mode paraphrase only"):
        DocumentOptions(threshold=0.3)
    assert DocumentOptions(mode="paraphrase", threshold=0.3).threshold == 0.3


def test_documents_are_read_split_and_their_language_detected(tmp_path: Path) -> None:
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("第一句。\n\n第二句。\n", encoding="utf-8")
    en.write_text("First one.\nSecond one.\n", encoding="utf-8")
    a = align_documents(zh, en, HashEncoder(), options=DocumentOptions(split="lines"))
    assert (a.src, a.tgt) == (("第一句。", "第二句。"), ("First one.", "Second one."))
    assert (a.src_lang, a.tgt_lang) == ("zh", "en")


GLOSSARY = Glossary((Entry(("管理员",), "administrator", forbidden=("sysop",)),))
ALIGNED = Alignment(
    ("管理员说。", "天气好。", "管理员来了。"),
    ("The sysop said.", "Nice weather.", "The administrator came."),
    tuple(Bead((i,), (i,), 0.9) for i in range(3)),
)


def test_review_matches_each_bead_once_and_keeps_the_hits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"source": 0, "target": 0}
    find_source, find_target = TermMatcher.find_source, TermMatcher.find_target

    def count_source(self: TermMatcher, text: str) -> list[TermHit]:
        calls["source"] += 1
        return find_source(self, text)

    def count_target(self: TermMatcher, text: str) -> list[TermHit]:
        calls["target"] += 1
        return find_target(self, text)

    monkeypatch.setattr(TermMatcher, "find_source", count_source)
    monkeypatch.setattr(TermMatcher, "find_target", count_target)
    checked = review(ALIGNED, GLOSSARY)
    assert calls == {"source": 3, "target": 3}
    monkeypatch.undo()
    assert list(checked.findings) == check_alignment(ALIGNED, GLOSSARY)
    assert [f.check for f in checked.findings] == ["forbidden"]
    assert [[h.surface for h in t.target] for t in checked.terms] == [
        ["sysop"],
        [],
        ["administrator"],
    ]


def test_review_without_a_glossary_is_empty() -> None:
    checked = review(ALIGNED, None)
    assert (checked.glossary, checked.findings, checked.terms) == (None, (), ())


def test_run_job_writes_every_output_and_reports_them(tmp_path: Path) -> None:
    zh, en, terms = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt", tmp_path / "terms.csv"
    zh.write_text("管理员说。天气好。管理员来了。\n", encoding="utf-8")
    en.write_text("The sysop said. Nice weather. The administrator came.\n", encoding="utf-8")
    terms.write_text("source,target,forbidden\n管理员,administrator,sysop\n", encoding="utf-8")
    log: list[str] = []
    written = run_job(zh, en, terms, tmp_path / "out", HashEncoder(), log=log.append)
    names = [p.name for p in written]
    assert names[:7] == [
        "doc.align", "doc.tsv", "doc.jsonl", "doc.tmx", "doc.glossary.csv", "doc.glossary.xlsx",
        "doc.html",
    ]  # fmt: skip
    assert names[7:] in ([], ["doc.png"])
    assert all(p.stat().st_size > 0 for p in written)
    [summary] = log
    assert summary.startswith("3 source and 3 target sentences, 3 beads")
    assert "glossary findings: 1 forbidden" in summary


def test_run_job_reads_the_documents_in_the_format_given(tmp_path: Path) -> None:
    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"
    zh.write_text("# 标题\n\n管理员**说**。天气好。\n", encoding="utf-8")
    en.write_text("# Title\n\nThe [sysop](x) said. Nice weather.\n", encoding="utf-8")
    markdown = DocumentOptions(fmt="markdown")
    written = run_job(zh, en, None, tmp_path / "out", HashEncoder(), options=markdown)
    tsv = written[1].read_text("utf-8")
    assert "The sysop said." in tsv and "管理员说。" in tsv
    assert not any(mark in tsv for mark in ("#", "**", "]("))


def test_a_bad_glossary_fails_before_any_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,status\n管理员,administrator,bogus\n", encoding="utf-8")
    src = ROOT / "seeds" / "letter.zh.txt"
    with pytest.raises(InputError):
        run_job(src, src, bad, tmp_path / "out", HashEncoder())
    assert not (tmp_path / "out").exists()


def test_seeds_are_relative_inside_the_checkout_and_absolute_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert seed_inputs(None, None, None)[0] == Path("seeds/letter.zh.txt")
    monkeypatch.chdir(tmp_path)
    source, target, glossary = seed_inputs(None, None, None)
    assert source == ROOT / "seeds" / "letter.zh.txt" and source.is_file()
    assert target.is_file() and glossary is not None and glossary.is_file()
    assert seed_inputs(tmp_path / "x.txt", None, None)[0] == tmp_path / "x.txt"
    assert seed_inputs(None, None, None, with_glossary=False)[2] is None


def test_missing_seeds_are_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "SEEDS", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(InputError, match="give SOURCE, TARGET and --glossary"):
        seed_inputs(None, None, None)


def test_blas_threads_are_limited_only_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)

    def blas() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas()
    with blas_threads():
        assert set(blas()) <= {1}
    assert blas() == before
