"""Alignment formats: every writer round-trips or parses, the reader rejects bad rows clearly."""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.beads import Alignment, Bead, parse_beads
from align.csvsafe import formula_at
from align.errors import InputError
from align.formats import (
    FORMATS,
    TSV_COLUMNS,
    format_for_path,
    read_alignment,
    render,
    to_beads,
    to_jsonl,
    to_tmx,
    to_tsv,
)
from align.tmclean import TmFilter

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ALIGNMENT = Alignment(
    src=("第一句。", "第二句，有\t制表符。", "第三句<b>&amp;", "多余的一句。", "最后。"),
    tgt=(
        "The first sentence.",
        'A "quoted"\tword.',
        "Then a line\nbreak & <b>.",
        "An added sentence.",
        "The end, with a bell\x07.",
    ),
    beads=(
        Bead((0, 1), (0,), 0.87345),
        Bead((2,), (1, 2), 0.5),
        Bead((), (3,), 0.25),
        Bead((3,), (), 0.125),
        Bead((4,), (4,), 1.0),
    ),
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _bead_texts(a: Alignment) -> list[tuple[str, str]]:
    return [(a.src_text(b), a.tgt_text(b)) for b in a.beads]


def _rounded(a: Alignment) -> list[Bead]:
    return [Bead(b.src, b.tgt, round(b.score, 3)) for b in a.beads]


def test_beads_round_trip() -> None:
    text = to_beads(ALIGNMENT)
    assert text.splitlines()[0] == "[0,1]:[0]:0.873"
    assert parse_beads(text) == _rounded(ALIGNMENT)


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl"])
def test_tsv_and_jsonl_round_trip_bead_texts(tmp_path: Path, suffix: str) -> None:
    fmt = format_for_path(Path(f"x{suffix}"))
    assert fmt is not None
    back = read_alignment(_write(tmp_path, f"a{suffix}", render(ALIGNMENT, fmt)))
    assert list(back.beads) == _rounded(ALIGNMENT)
    assert _bead_texts(back) == _bead_texts(ALIGNMENT)
    assert (back.src_lang, back.tgt_lang, back.mode) == ("zh", "en", "monotonic")


def test_jsonl_restores_the_exact_sentences(tmp_path: Path) -> None:
    back = read_alignment(_write(tmp_path, "a.jsonl", to_jsonl(ALIGNMENT)))
    assert back.src == ALIGNMENT.src and back.tgt == ALIGNMENT.tgt
    first = json.loads(to_jsonl(ALIGNMENT).splitlines()[0])
    assert list(first) == [*TSV_COLUMNS, "src_sents", "tgt_sents"]
    assert first["src_ids"] == [0, 1] and first["score"] == 0.873
    assert first["src_sents"] == ["第一句。", "第二句，有\t制表符。"]


def test_tsv_has_the_fixed_columns_and_comma_ids() -> None:
    lines = to_tsv(ALIGNMENT).splitlines()
    assert lines[0].split("\t") == list(TSV_COLUMNS)
    assert lines[1].startswith('0,1\t0\t0.873\t"第一句。第二句，有\t制表符。"\t')
    insertion = next(line for line in lines if line.startswith("\t3\t"))
    assert insertion.split("\t")[:3] == ["", "3", "0.250"]


def test_tsv_resplits_multi_sentence_sides_with_the_segmenter(tmp_path: Path) -> None:
    a = Alignment(
        src=("他来了。", "她走了。"),
        tgt=("He came.", "She left."),
        beads=(Bead((0, 1), (0, 1), 0.9),),
    )
    back = read_alignment(_write(tmp_path, "a.tsv", to_tsv(a)))
    assert back.src == a.src and back.tgt == a.tgt


MIXED = Alignment(
    src=("请编辑 footer.pl", "AddHandler 指令见下。", "完成。", "Next step."),
    tgt=("Edit footer.pl", "AddHandler is below.", "Done.", "下一步。"),
    beads=(Bead((0, 1), (0, 1), 0.9), Bead((2, 3), (2, 3), 0.8)),
)


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx"])
def test_multi_sentence_beads_join_latin_runs_with_a_space(fmt: str) -> None:
    """One joining rule in every format: a space between two Latin-script runs only."""
    text = render(MIXED, fmt)  # type: ignore[arg-type]
    assert "请编辑 footer.pl AddHandler 指令见下。" in text
    assert "Edit footer.pl AddHandler is below." in text
    assert "完成。Next step." in text and "Done.下一步。" in text
    assert "footer.plAddHandler" not in text


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl"])
def test_mixed_script_beads_read_back(tmp_path: Path, suffix: str) -> None:
    back = read_alignment(_write(tmp_path, "a" + suffix, render(MIXED, suffix[1:])))  # type: ignore[arg-type]
    assert _bead_texts(back) == _bead_texts(MIXED)
    if suffix == ".jsonl":  # TSV holds bead texts only (see align.records)
        assert back.src == MIXED.src


def test_jsonl_of_the_former_joining_reads_back(tmp_path: Path) -> None:
    """JSONL written when Chinese sentences were joined without any space still reads."""
    record = {
        "src_ids": [0, 1], "tgt_ids": [0], "score": 0.9, "src_text": "甲 footer.plAddHandler",
        "tgt_text": "A.", "src_sents": ["甲 footer.pl", "AddHandler"], "tgt_sents": ["A."],
    }  # fmt: skip
    back = read_alignment(_write(tmp_path, "a.jsonl", json.dumps(record) + "\n"))
    assert back.src == ("甲 footer.pl", "AddHandler")


def test_read_detects_format_by_content_and_paraphrase_mode(tmp_path: Path) -> None:
    links = Alignment(
        src=("甲。", "乙。"),
        tgt=("B.", "A."),
        beads=(Bead((0,), (1,), 0.9), Bead((1,), (0,), 0.8)),
        mode="paraphrase",
    )
    back = read_alignment(_write(tmp_path, "links.txt", to_jsonl(links)))
    assert back.mode == "paraphrase" and back.tgt == ("B.", "A.")
    assert read_alignment(_write(tmp_path, "a.out", to_tsv(links))).beads == links.beads


def test_nan_scores_survive(tmp_path: Path) -> None:
    a = Alignment(src=("甲。",), tgt=("A.",), beads=(Bead((0,), (0,), math.nan),))
    for name, text in (("a.tsv", to_tsv(a)), ("a.jsonl", to_jsonl(a))):
        assert math.isnan(read_alignment(_write(tmp_path, name, text)).beads[0].score)


def test_tmx_is_valid_xml_with_languages_scores_and_escaping() -> None:
    text = to_tmx(ALIGNMENT)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "&lt;b&gt;&amp;amp;" in text and "\x07" not in text
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "glossalign",
        "creationtoolversion": header.get("creationtoolversion"),
        "segtype": "sentence",
        "o-tmf": "glossalign",
        "adminlang": "en",
        "srclang": "zh-CN",
        "datatype": "plaintext",
    }
    units = root.findall("body/tu")
    assert len(units) == 3  # the insertion and the deletion have no translation unit
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    assert langs == [["zh-CN", "en"]] * 3
    first = units[0]
    assert first.findtext("prop[@type='x-glossalign-score']") == "0.873"
    segs = [seg.text for seg in units[1].iter("seg")]
    assert segs == ["第三句<b>&amp;", 'A "quoted"\tword. Then a line\nbreak & <b>.']
    assert units[2].findtext("tuv[2]/seg") == "The end, with a bell."


def test_format_for_path() -> None:
    assert [format_for_path(Path(f"out{s}")) for s in (".align", ".TSV", ".jsonl", ".tmx")] == [
        *FORMATS
    ]
    assert format_for_path(Path("out.txt")) is None


HEAD = "\t".join(TSV_COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "where", "what"),
    [
        ("a.tsv", HEAD + "0\t0\t0.5\ta\tb\nx\t1\t0.5\ta\tb\n", ":3:", "src_ids"),
        ("a.tsv", HEAD + '0\t0\t0.5\t"a\nb"\tc\n1\t1\thigh\ta\tb\n', ":4:", "score"),
        ("a.tsv", HEAD + "0\t0\t0.5\ta\n", ":2:", "5 tab-separated"),
        ("a.tsv", "ids\ttext\n0\tx\n", ":1:", "header"),
        ("a.jsonl", '{"src_ids": [0]}\nnot json\n', ":1:", "tgt_ids"),
        ("a.jsonl", "\nnot json\n", ":2:", "not valid JSON"),
        (
            "a.jsonl",
            '{"src_ids":[0],"tgt_ids":[0],"score":1,"src_text":"a","tgt_text":"b",'
            '"src_sents":["a","b"]}\n',
            ":1:",
            "src_sents",
        ),
        ("a.align", "[0]:[0]\n", "a.align", "TSV or JSONL"),
    ],
)
def test_bad_rows_name_file_and_line(
    tmp_path: Path, name: str, text: str, where: str, what: str
) -> None:
    with pytest.raises(InputError) as err:
        read_alignment(_write(tmp_path, name, text))
    message = str(err.value)
    assert message.startswith(str(tmp_path / name)) and where in message and what in message


def test_paraphrase_tsv_lists_unlinked_sentences_and_reads_back(tmp_path: Path) -> None:
    links = Alignment(
        src=("甲。", "乙。", "丙。"),
        tgt=("A.", "B.", "C."),
        beads=(Bead((0,), (2,), 0.9), Bead((2,), (2,), 0.6)),
        mode="paraphrase",
    )
    text = to_tsv(links)
    assert text.splitlines()[3:] == ["1\t\t\t乙。\t", "\t0\t\t\tA.", "\t1\t\t\tB."]
    back = read_alignment(_write(tmp_path, "links.tsv", text))
    assert back.beads == links.beads and back.src == links.src and back.tgt == links.tgt
    assert back.mode == "paraphrase"
    assert len(to_tsv(Alignment(links.src, links.tgt, links.beads)).splitlines()) == 3


def test_jsonl_keeps_line_separators_inside_sentences(tmp_path: Path) -> None:
    # ensure_ascii=False writes U+2028 and \x1c raw; the reader must not break lines there.
    odd = Alignment(("甲\u2028乙。",), ("A\u2028B\x1c.",), (Bead((0,), (0,), 0.9),))
    path = tmp_path / "odd.jsonl"
    path.write_text(to_jsonl(odd), encoding="utf-8")
    assert read_alignment(path) == odd


HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "Nothing here.\r=cmd|' /C calc'!A0",  # issue 18: a formula after a bare CR
    "two\nlines\n@x",
    "'=already quoted",
)


def test_tsv_is_safe_for_spreadsheets_and_reads_back(tmp_path: Path) -> None:
    a = Alignment(
        src=tuple(f"第{i}句。" for i in range(len(HOSTILE))),
        tgt=HOSTILE,
        beads=tuple(Bead((i,), (i,), 0.5) for i in range(len(HOSTILE))),
    )
    text = to_tsv(a)
    # As a spreadsheet splits it: RFC 4180 quoting, a cell may span lines; no cell and no
    # line inside a cell starts with a formula lead.
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t") for c in row]
    assert all(formula_at(cell) is None for cell in cells)
    assert "\"Nothing here.\r'=cmd|' /C calc'!A0\"" in text  # the CR cell is quoted
    back = read_alignment(_write(tmp_path, "a.tsv", text))
    assert back.tgt == HOSTILE and back.beads == a.beads


def test_tsv_is_unchanged_when_no_cell_needs_escaping() -> None:
    a = Alignment(
        src=("甲。", "乙，丙。"),
        tgt=('He said "go".', "Tab\there, x=1 - ok"),
        beads=(Bead((0,), (0,), 0.8766), Bead((1,), (1,), math.nan)),
    )
    assert to_tsv(a) == (
        "src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n"
        '0\t0\t0.877\t甲。\t"He said ""go""."\n'
        '1\t1\tnan\t乙，丙。\t"Tab\there, x=1 - ok"\n'
    )


cells = st.text(st.sampled_from("=+-@'\t\r\n \"ab甲。"), max_size=10)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=5))
def test_any_tsv_cell_reads_back_and_starts_no_formula(pairs: list[tuple[str, str]]) -> None:
    a = Alignment(
        src=tuple(s for s, _ in pairs),
        tgt=tuple(t for _, t in pairs),
        beads=tuple(Bead((i,), (i,), 0.5) for i in range(len(pairs))),
    )
    text = to_tsv(a)
    parsed = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    assert all(formula_at(cell) is None for row in parsed for cell in row)
    with tempfile.TemporaryDirectory() as folder:
        back = read_alignment(_write(Path(folder), "a.tsv", text))
    assert (back.src, back.tgt) == (a.src, a.tgt)


def test_tsv_and_jsonl_list_one_sided_beads_after_the_aligned_ones() -> None:
    rows = list(csv.reader(io.StringIO(to_tsv(ALIGNMENT)), delimiter="\t"))[1:]
    assert [r[:2] for r in rows] == [["0,1", "0"], ["2", "1,2"], ["4", "4"], ["", "3"], ["3", ""]]
    assert [r[2] for r in rows[3:]] == ["0.250", "0.125"]  # their score: truly unaligned
    ids = [
        (r["src_ids"], r["tgt_ids"]) for r in map(json.loads, to_jsonl(ALIGNMENT).split("\n")[:-1])
    ]
    assert ids == [([0, 1], [0]), ([2], [1, 2]), ([4], [4]), ([], [3]), ([3], [])]


def test_tsv_rows_in_bead_order_read_the_same(tmp_path: Path) -> None:
    # Files written before one-sided beads were listed last keep reading as they did.
    inline = (
        TSV_COLUMNS,
        *(
            [",".join(map(str, b.src)), ",".join(map(str, b.tgt)), f"{b.score:.3f}", "x", "y"]
            for b in ALIGNMENT.beads
        ),
    )
    text = "".join("\t".join(row) + "\n" for row in inline)
    assert list(read_alignment(_write(tmp_path, "a.tsv", text)).beads) == _rounded(ALIGNMENT)


def test_a_one_sided_row_that_fits_nowhere_is_named(tmp_path: Path) -> None:
    text = to_tsv(ALIGNMENT).replace("\n\t3\t0.250", "\n\t7\t0.250")
    with pytest.raises(InputError, match=r"a\.tsv:5: bead \[4\]:\[4\] is out of order"):
        read_alignment(_write(tmp_path, "a.tsv", text))


def test_tmx_min_score_keeps_the_confident_units() -> None:
    def scores(text: str) -> list[str | None]:
        root = ET.fromstring(text.encode("utf-8"))
        return [tu.findtext("prop[@type='x-glossalign-score']") for tu in root.iter("tu")]

    assert scores(to_tmx(ALIGNMENT)) == ["0.873", "0.500", "1.000"]
    assert scores(to_tmx(ALIGNMENT, TmFilter(0.5))) == ["0.873", "0.500", "1.000"]
    assert scores(render(ALIGNMENT, "tmx", units=TmFilter(0.6))) == ["0.873", "1.000"]
    assert render(ALIGNMENT, "tsv", units=TmFilter(0.6)) == to_tsv(ALIGNMENT)  # TMX only
    # The score as written decides: 0.8725 is printed 0.873 (kept at 0.873), 0.87249 0.872.
    close = Alignment(ALIGNMENT.src, ALIGNMENT.tgt, (Bead((0,), (0,), 0.87251),
                                                     Bead((1,), (1,), 0.87249)))  # fmt: skip
    assert scores(to_tmx(close, TmFilter(0.873))) == ["0.873"]
    unscored = Alignment(ALIGNMENT.src, ALIGNMENT.tgt, (Bead((0,), (0,), math.nan),))
    assert scores(to_tmx(unscored)) == ["nan"] and scores(to_tmx(unscored, TmFilter(0.1))) == []


def _one_sided_runs(draw: st.DrawFn) -> tuple[Bead, ...]:
    """A monotonic alignment's beads: 1-1 beads and runs of one-sided beads on either side."""
    beads, i, j = [], 0, 0
    for kind in draw(
        st.lists(st.sampled_from(["1-1", "2-1", "1-0", "0-1"]), min_size=1, max_size=20)
    ):
        n_src, n_tgt = int(kind[0]), int(kind[2])
        beads.append(Bead(tuple(range(i, i + n_src)), tuple(range(j, j + n_tgt)), 0.5))
        i, j = i + n_src, j + n_tgt
    return tuple(beads)


@given(st.composite(_one_sided_runs)())
@settings(max_examples=60, deadline=None)
def test_any_monotonic_alignment_reads_back_in_bead_order(beads: tuple[Bead, ...]) -> None:
    n_src = max((i + 1 for b in beads for i in b.src), default=0)
    n_tgt = max((j + 1 for b in beads for j in b.tgt), default=0)
    a = Alignment(
        tuple(f"第{i}句。" for i in range(n_src)), tuple(f"Line {j}." for j in range(n_tgt)), beads
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("a.tsv", to_tsv(a)), ("a.jsonl", to_jsonl(a))):
            back = read_alignment(_write(Path(tmp), name, text))
            assert back.beads == beads and back.src == a.src and back.tgt == a.tgt
