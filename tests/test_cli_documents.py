"""Documents in every format through the command line (issue 16): `segment --from`, `align`
of the seed letter as Word and HTML against the gold, and mislabelled files as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_readers_docx import write_letter_docx
from test_readers_html import letter_page
from typer.testing import CliRunner

from align.beads import parse_beads
from align.cli import app
from align.evaluate import score_alignments
from align.segment import sentence_texts

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
#: The shared data folder: ../shared from the checkout (CI) or from a folder of worktrees.
SHARED = next(
    (p / "shared" for p in REPO.parents if (p / "shared/seeds").is_dir()), REPO.parent / "shared"
)
ARTICLE = SHARED / "seeds" / "003_16fff4e76e1c64a9.txt"
runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} missing")
def test_segment_the_raw_article_as_markdown_prints_no_markup() -> None:
    code, out, err = invoke("segment", ARTICLE, "--from", "markdown")
    assert (code, err) == (0, "")
    sentences = out.splitlines()
    for markup in ("](", "![", "**", "#", "+ ", "[["):
        assert not [s for s in sentences if markup in s], markup
    cleaned = sentence_texts((SEEDS / "article.en.txt").read_text("utf-8"))
    # the body between "Article:" and "Tags:" is the hand-cleaned article's body
    body = sentences[sentences.index("Article:") + 1 : sentences.index("Tags:")]
    assert (sentences[0], body) == (cleaned[0], cleaned[1:])
    # the metadata list: short blocks of their own, each a list item
    code, out, _ = invoke("segment", ARTICLE, "--from", "markdown", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    items = [r["text"] for r in rows if r["kind"] == "item"]
    assert items == [
        "Source: The Record",
        "Link: article",
        "Date: September 14, 2021",
        "Author: Catalin Cimpanu",
    ]
    assert len({r["block"] for r in rows if r["kind"] == "item"}) == 4


def test_segment_jsonl_points_at_blocks_and_keeps_the_text_format(tmp_path: Path) -> None:
    md = "# Title\n\nOne **bold** sentence. Two.\n\n+ An item\n"
    (tmp_path / "a.md").write_text(md, "utf-8")
    code, out, _ = invoke("segment", tmp_path / "a.md", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["block"], r["kind"], r["text"]) for r in rows] == [
        (0, "heading", "Title"),
        (1, "paragraph", "One bold sentence."),
        (1, "paragraph", "Two."),
        (2, "item", "An item"),
    ]
    # block_start/block_end: the block's characters in the original file
    assert md[rows[1]["block_start"] : rows[1]["block_end"]] == "One **bold** sentence. Two."
    assert [(r["start"], r["end"]) for r in rows[1:3]] == [(0, 18), (19, 23)]
    # the same text as .txt: the plain-text records, as before readers
    (tmp_path / "a.txt").write_text(md, "utf-8")
    code, out, _ = invoke("segment", tmp_path / "a.txt", "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first == {"id": 0, "paragraph": 0, "start": 0, "end": 7, "text": "# Title"}


def test_segment_a_word_file_by_its_suffix(tmp_path: Path) -> None:
    text = (SEEDS / "letter.zh.txt").read_text("utf-8")
    write_letter_docx(text, tmp_path / "letter.docx")
    code, out, _ = invoke("segment", tmp_path / "letter.docx")
    assert (code, out.splitlines()) == (0, sentence_texts(text))


@pytest.mark.parametrize(
    ("name", "data", "args", "looks"),
    [
        ("fake.docx", b"Dear friends, this is plain text.", (), "it looks like text"),
        ("noise.txt", bytes(range(256)) * 4, (), "it looks like binary data"),
        ("noise.md", bytes(range(256)) * 4, (), "it looks like binary data"),
        ("page.html", b"<!DOCTYPE html><html><p>Hi.</p></html>", ("--from", "docx"), "HTML"),
        ("letter.txt", b"PK\x03\x04 not really a zip", (), "damaged ZIP"),
    ],
)
def test_a_mislabelled_file_is_one_line_naming_it(
    tmp_path: Path, name: str, data: bytes, args: tuple[str, ...], looks: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    commands: list[list[str | Path]] = [["segment", path], ["align", path, SEEDS / "letter.en.txt"]]
    for command in commands:
        code, out, err = invoke(*command, *args)
        assert (code, out) == (1, ""), err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert str(path) in err and looks in err


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_the_seed_letter_as_word_or_html_aligns_as_the_gold(
    tmp_path_factory: pytest.TempPathFactory, suffix: str
) -> None:
    """Issue 16's acceptance: strict F1 1.000 against seeds/letter.gold.align."""
    folder = tmp_path_factory.mktemp("letter")
    english = (SEEDS / "letter.en.txt").read_text("utf-8")
    path = folder / f"letter{suffix}"
    if suffix == ".docx":
        write_letter_docx(english, path)
    else:
        path.write_text(letter_page(english, "en"), "utf-8")
    out = folder / "x.align"
    code, _, err = invoke("align", SEEDS / "letter.zh.txt", path, "-o", out)
    assert code == 0, err
    gold = parse_beads((SEEDS / "letter.gold.align").read_text("utf-8"))
    scores = score_alignments([(gold, parse_beads(out.read_text("utf-8")))])
    assert scores.f1_strict == 1.0


def test_review_reads_two_documents_in_their_formats(tmp_path: Path) -> None:
    from align.review.server import build_session

    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.md"
    zh.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    en.write_text("# The **weather** is fine today.\n\n+ We go for a [walk](x) in the park.\n")
    session = build_session(zh, en, encoder="use-m3", split="lines", output=tmp_path)
    assert session.state.alignment.tgt == (
        "The weather is fine today.",
        "We go for a walk in the park.",
    )
    as_text = build_session(zh, en, encoder="use-m3", output=tmp_path / "t", fmt="text")
    assert as_text.state.alignment.tgt[0] == "# The **weather** is fine today."
