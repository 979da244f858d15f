from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import InputError
from glossary.io import escape_cell, format_glossary, read_glossary, read_table
from glossary.model import Entry, Glossary

HEADER = "source,target,variants,forbidden,case,status,note\n"


def write(tmp_path: Path, text: str, name: str = "g.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_csv_with_bom_crlf_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "target,source\r\nglobal ban,全域封禁|全域封锁\r\nWMC,WMC\r\n", bom=True)
    g = read_glossary(path)
    assert g.entries == (
        Entry(("全域封禁", "全域封锁"), "global ban", row=2),
        Entry(("WMC",), "WMC", case="sensitive", row=3),  # all-caps acronym default
    )


def test_rows_are_file_lines_even_with_multiline_cells(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '甲,a,,,,,"two\nlines"\n乙,b,,,,,\n')
    assert [e.row for e in read_glossary(path).entries] == [2, 4]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("source,traget\n甲,a\n", "unknown column(s) 'traget'"),
        ("source,note\n甲,a\n", "lacks target"),
        (HEADER + "甲,,,,,,\n", "g.csv:2: column target: error: empty target"),
        (HEADER + "甲,a,,,upper,,\n", "g.csv:2: column case: error: unknown case 'upper'"),
        (HEADER + "甲,a,,,,,,extra\n", "g.csv:2: 8 cells but the header has 7"),
    ],
)
def test_bad_csv_names_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_glossary(write(tmp_path, text))


def test_formula_cells_are_escaped_on_export_and_unescaped_on_import(tmp_path: Path) -> None:
    g = Glossary((Entry(("甲",), "=1+1", variants=("-x", "@y"), note="+note", row=2),))
    text = format_glossary(g, "csv")
    assert text.splitlines()[1] == "甲,'=1+1,'-x|@y,,insensitive,preferred,'+note"
    assert read_glossary(write(tmp_path, text)) == g
    assert [escape_cell(c) for c in ("=a", "+a", "-a", "@a", "\ta", "a=b")] == [
        "'=a",
        "'+a",
        "'-a",
        "'@a",
        "'\ta",
        "a=b",
    ]


def test_tsv_export_reads_back(tmp_path: Path) -> None:
    g = Glossary(
        (
            Entry(
                ("甲", "乙"), "global ban", ("ban",), ("lock",), "insensitive", "admitted", '"n"', 2
            ),
        )
    )
    text = format_glossary(g, "tsv")
    assert text.splitlines()[1] == '甲|乙\tglobal ban\tban\tlock\tinsensitive\tadmitted\t"n"'
    assert read_glossary(write(tmp_path, text, "g.tsv")) == g


def test_tbx_structure(tmp_path: Path) -> None:
    g = Glossary(
        (Entry(("全域封禁",), "global ban", ("globally ban",), ("global lock",), note="n", row=1),)
    )
    tbx = format_glossary(g, "tbx")
    assert '<langSet xml:lang="zh">' in tbx and '<langSet xml:lang="en">' in tbx
    assert "<term>global lock</term>" in tbx and "supersededTerm-admn-sts" in tbx
    assert tbx.count("preferredTerm-admn-sts") == 2 and "admittedTerm-admn-sts" in tbx


def test_tbx_import_of_a_third_party_file(tmp_path: Path) -> None:
    status = '<termNote type="administrativeStatus">{}Term-admn-sts</termNote>'
    tbx = f"""<?xml version="1.0"?><martif type="TBX-Basic"><text><body>
    <termEntry><langSet xml:lang="zh-CN"><tig><term>封禁</term></tig></langSet>
    <langSet xml:lang="en-US">
      <tig><term>block</term>{status.format("deprecated")}</tig>
      <tig><term>ban</term>{status.format("preferred")}</tig>
    </langSet></termEntry></body></text></martif>"""
    [entry] = read_glossary(write(tmp_path, tbx, "g.tbx")).entries
    assert (entry.sources, entry.target, entry.forbidden, entry.status) == (
        ("封禁",),
        "ban",
        ("block",),
        "preferred",
    )


def test_bad_tbx(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not well-formed"):
        read_glossary(write(tmp_path, "<martif><text>", "g.tbx"))
    with pytest.raises(InputError, match="termEntry 1: needs a zh and an en term"):
        read_glossary(write(tmp_path, "<martif><termEntry/></martif>", "g.tbx"))


def test_lint_table_of_a_tbx_uses_term_entry_numbers(tmp_path: Path) -> None:
    g = Glossary((Entry(("甲",), "a"), Entry(("乙",), "b")))
    path = write(tmp_path, format_glossary(g, "tbx"), "g.tbx")
    assert [r.line for r in read_table(path)] == [1, 2]


term = (
    st.text(
        st.characters(codec="utf-8", blacklist_characters="|", blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=8,
    )
    .map(str.strip)
    .filter(bool)
)
entries = st.builds(
    Entry,
    sources=st.lists(term, min_size=1, max_size=2, unique=True).map(tuple),
    target=term,
    variants=st.lists(term, max_size=2, unique=True).map(tuple),
    forbidden=st.lists(term, max_size=2, unique=True).map(tuple),
    case=st.sampled_from(["sensitive", "insensitive"]),
    status=st.sampled_from(["preferred", "admitted", "deprecated"]),
    note=st.text(st.characters(codec="utf-8", blacklist_categories=("Cs", "Cc")), max_size=8).map(
        str.strip
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entries, min_size=1, max_size=4))
def test_tbx_and_csv_round_trip(tmp_path: Path, items: list[Entry]) -> None:
    items = [
        e for e in items if not set(e.allowed) & set(e.forbidden) and e.target not in e.variants
    ] or [Entry(("甲",), "a")]
    glossary = Glossary(
        tuple(
            Entry(e.sources, e.target, e.variants, e.forbidden, e.case, e.status, e.note, i)
            for i, e in enumerate(items, 1)
        )
    )
    assert read_glossary(write(tmp_path, format_glossary(glossary, "tbx"), "g.tbx")) == glossary
    csv_rows = Glossary(
        tuple(
            Entry(e.sources, e.target, e.variants, e.forbidden, e.case, e.status, e.note, i + 1)
            for i, e in enumerate(glossary.entries, 1)
        )
    )
    assert read_glossary(write(tmp_path, format_glossary(glossary, "csv"))) == csv_rows


def test_texts_and_beads_are_read_as_glossalign_align_reads_them(tmp_path: Path) -> None:
    from align.formats import load_alignment
    from align.segment import sentence_texts

    (tmp_path / "a.zh.txt").write_text("管理员来了。\n他走了。\n", encoding="utf-8")
    # A hard-wrapped English sentence: one sentence, its line break folded to a space.
    (tmp_path / "a.en.txt").write_text("The administrator\ncame. He left.\n", encoding="utf-8")
    (tmp_path / "g.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    aligned = load_alignment(
        None, tmp_path / "a.zh.txt", tmp_path / "a.en.txt", tmp_path / "g.align"
    )
    assert aligned.tgt == ("The administrator came.", "He left.")
    assert list(aligned.src) == sentence_texts("管理员来了。\n他走了。\n")
