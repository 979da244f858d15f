"""Issue 18, silent data loss (encoding and output rows): legacy encodings decode to the original
text or fail, `run` writes its outputs all or none, and inside the folder it was given."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from reliability import LETTER_ZH, SEEDS, FakeEncoder, fill, tiny_disk

from align.errors import InputError
from align.io import decode_text, detect_encoding
from align.output import write_outputs
from align.pipeline import run_job

LETTER_HANT = (SEEDS / "letter.zh-hant.txt").read_text(encoding="utf-8")

DECODINGS = [
    # (input bytes, --encoding, expected codec from detect_encoding, expected text)
    (LETTER_HANT.encode("big5"), "auto", "big5", LETTER_HANT),
    (LETTER_ZH.encode("gb18030"), "auto", "gb18030", LETTER_ZH),
    (LETTER_ZH.encode("utf-8"), "auto", "utf-8", LETTER_ZH),
    (codecs.BOM_UTF8 + LETTER_ZH.encode("utf-8"), "utf-8", "utf-8", LETTER_ZH),
    (codecs.BOM_UTF16_LE + LETTER_ZH.encode("utf-16-le"), "utf-8", "utf-16", LETTER_ZH),
    (codecs.BOM_UTF16_BE + LETTER_ZH.encode("utf-16-be"), "auto", "utf-16", LETTER_ZH),
    ("Plain ASCII, no BOM.\n".encode("utf-16-le"), "auto", "utf-16-le", "Plain ASCII, no BOM.\n"),
    (LETTER_HANT.encode("big5"), "big5", "big5", LETTER_HANT),
]  # fmt: skip


@pytest.mark.parametrize(("data", "encoding", "codec", "text"), DECODINGS)
def test_decodes_to_the_original(data: bytes, encoding: str, codec: str, text: str) -> None:
    assert detect_encoding(data) == codec
    assert decode_text(data, Path("x"), encoding) == text


def test_big5_is_never_gb18030_mojibake() -> None:
    data = LETTER_HANT.encode("big5")
    assert data.decode("gb18030").startswith("メ奔ほ")  # what "first codec that decodes" gave
    assert decode_text(data, Path("x"), "auto").startswith("丟掉幻想")


def test_explicit_wrong_codec_fails_instead_of_mojibake() -> None:
    with pytest.raises(InputError, match=r"not valid big5 .* it looks like GB18030"):
        decode_text(LETTER_ZH.encode("gb18030"), Path("x"), "big5")


@pytest.fixture
def job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("align.report.screenshot.find_chromium", lambda: None)
    for name in ("letter.zh.txt", "letter.en.txt", "glossary.csv"):
        (tmp_path / name).write_bytes((SEEDS / name).read_bytes())
    return tmp_path


def test_run_on_a_full_disk_writes_none_and_keeps_the_old_outputs(job: Path) -> None:
    with tiny_disk(job / "out", "256k") as out:
        (out / "letter.align").write_text("old\n")
        fill(out)
        # About 150 KB free: room for .align, .tsv and .tmx (142 KB), not the rest.
        (out / "filler").write_bytes(b"\0" * 100_000)
        with pytest.raises(InputError, match=r": cannot write \(No space"):
            run_job(job / "letter.zh.txt", job / "letter.en.txt", job / "glossary.csv", out,
                    FakeEncoder())  # fmt: skip
        assert sorted(p.name for p in out.iterdir()) == ["filler", "letter.align"]
        assert (out / "letter.align").read_text() == "old\n"


def test_run_writes_a_dot_file_source_inside_out(job: Path) -> None:
    (job / ".hidden.zh.txt").write_bytes((job / "letter.zh.txt").read_bytes())
    written = run_job(job / ".hidden.zh.txt", job / "letter.en.txt", None, job / "D" / "out",
                      FakeEncoder())  # fmt: skip
    names = [p.name for p in written]
    assert names == [
        "hidden.align", "hidden.tsv", "hidden.jsonl", "hidden.tmx", "hidden.html"
    ]  # fmt: skip
    assert sorted(p.name for p in (job / "D" / "out").iterdir()) == sorted(names)
    assert sorted(p.name for p in (job / "D").iterdir()) == ["out"]


def test_run_replaces_every_output_of_an_earlier_run(job: Path) -> None:
    out = job / "out"
    first = run_job(job / "letter.zh.txt", job / "letter.en.txt", None, out, FakeEncoder())
    for path in first:
        path.write_text("stale")
    again = run_job(job / "letter.zh.txt", job / "letter.en.txt", None, out, FakeEncoder())
    assert again == first and all(p.read_text() != "stale" for p in again)
    assert not list(out.glob(".*"))  # no temp file left


def test_write_outputs_checks_every_target_before_writing_any(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    with pytest.raises(InputError, match="b: is a directory"):
        write_outputs([(tmp_path / "a", b"1"), (tmp_path / "b", b"2")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
