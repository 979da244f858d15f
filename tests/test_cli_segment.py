"""`glossalign segment` and `glossalign bench-segment` end to end, error paths included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app

runner = CliRunner()

TEXT = "He said “no.” Then he left.\n\nMr. Smith came\nback. 他来了。\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_segment_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, err = run("segment", path, "--lang", "en")
    assert (code, err) == (0, "")
    # the wrapped sentence's line break becomes a space
    assert out == "He said “no.”\nThen he left.\nMr. Smith came back.\n他来了。\n"


def test_segment_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run("segment", path, "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [0, 1, 2, 3]
    assert [r["paragraph"] for r in rows] == [0, 0, 1, 1]
    assert rows[2]["text"] == "Mr. Smith came\nback."
    for r in rows:
        assert TEXT[r["start"] : r["end"]] == r["text"]
    assert "他来了" in out  # ensure_ascii=False


def test_segment_lang_decides_where_no_script_does(tmp_path: Path) -> None:
    """Each script keeps its rules (。 ends a sentence, Dr. does not, in either language);
    --lang decides after a digit."""
    path = tmp_path / "in.txt"
    path.write_text("Dr. Who。Yes! It costs 100. 然后呢？\n", encoding="utf-8")
    common = "Dr. Who。\nYes!\n"
    assert run("segment", path, "--lang", "zh")[1] == common + "It costs 100. 然后呢？\n"
    assert run("segment", path, "--lang", "en")[1] == common + "It costs 100.\n然后呢？\n"


def test_segment_output_file_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(TEXT, encoding="utf-8")
    out_file = tmp_path / "out" / "sentences.txt"
    code, out, _ = run("segment", path, "--output", out_file)
    assert (code, out) == (0, "")
    assert out_file.read_text(encoding="utf-8").splitlines()[0] == "He said “no.”"
    assert sorted(p.name for p in out_file.parent.iterdir()) == ["sentences.txt"]  # no temp


def test_failed_run_leaves_existing_output_alone(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    out_file = tmp_path / "out.txt"
    out_file.write_text("old\n", encoding="utf-8")
    code, _, err = run("segment", empty, "-o", out_file)
    assert code == 1
    assert "empty" in err
    assert out_file.read_text(encoding="utf-8") == "old\n"


def test_missing_file(tmp_path: Path) -> None:
    code, out, err = run("segment", tmp_path / "nope.txt")
    assert (code, out) == (1, "")
    assert err.startswith("glossalign: error: ") and "nope.txt: no such file" in err
    assert len(err.strip().splitlines()) == 1


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run("segment", path)
    assert code == 1
    assert "empty.txt: file is empty" in err
    assert "Traceback" not in err


def test_invalid_utf8_names_offset_and_option(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("ok 今天下雨。明天晴天。".encode("gb18030"))
    code, out, err = run("segment", path)
    assert (code, out) == (1, "")
    assert "byte offset 3" in err and "--encoding" in err
    assert len(err.strip().splitlines()) == 1


def test_gb18030_with_encoding_auto(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("今天下雨。明天晴天。".encode("gb18030"))
    code, out, _ = run("segment", path, "--encoding", "auto")
    assert (code, out) == (0, "今天下雨。\n明天晴天。\n")


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfOne here.\r\nTwo here.\r\n\r\nThree.",  # BOM, CRLF
        b"One here.\rTwo here.\r\rThree.",  # old Mac CR
    ],
)
def test_bom_and_line_ends(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    code, out, _ = run("segment", path, "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == ["One here.", "Two here.", "Three."]
    assert [r["paragraph"] for r in rows] == [0, 0, 1]
    assert rows[0]["start"] == 0  # offsets count from after the BOM


def test_bad_option_value(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Hi.", encoding="utf-8")
    assert run("segment", path, "--lang", "fr")[0] == 2  # usage error from typer


def _gold_dir(root: Path) -> Path:
    (root / "en").mkdir(parents=True)
    (root / "zh").mkdir()
    (root / "en" / "001.txt").write_text("He came.\nShe left.\nAsk the Dr.\nHe knows.\n")
    (root / "en" / "002.txt").write_text("One.\n\nTwo.\n")
    (root / "zh" / "001.txt").write_text("他来了。\n她走了。\n")
    return root


def test_bench_segment_json(tmp_path: Path) -> None:
    code, out, _ = run("bench-segment", _gold_dir(tmp_path / "data"), "--json")
    assert code == 0
    report = json.loads(out)
    # en: 4 gold boundaries, the one after "Dr." is missed; zh: 1 boundary, found
    assert report["en"] == {
        "documents": 2,
        "tp": 3,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": 0.75,
        "f1": 0.8571,
    }
    assert report["zh"]["tp"] == 1 and report["zh"]["f1"] == 1.0
    assert report["total"]["documents"] == 3 and report["total"]["fn"] == 1


def test_bench_segment_table(tmp_path: Path) -> None:
    code, out, _ = run("bench-segment", _gold_dir(tmp_path / "data"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["lang", "docs"]
    assert [line.split()[0] for line in lines[1:]] == ["en", "zh", "total"]


def test_bench_segment_without_language_dirs(tmp_path: Path) -> None:
    code, _, err = run("bench-segment", tmp_path)
    assert code == 1
    assert "no en/ or zh/ subdirectory" in err
    code, _, err = run("bench-segment", tmp_path / "missing")
    assert code == 1
    assert "missing: no such directory" in err


def test_bench_segment_empty_language_dir(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    code, _, err = run("bench-segment", tmp_path)
    assert code == 1
    assert "no .txt files" in err
