import pytest

from glossary.lint import RawRow, lint_rows


def row(line: int, **cells: str) -> RawRow:
    return RawRow(line, cells)


def problems(*rows: RawRow) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.severity) for p in lint_rows(rows)]


def test_clean_rows_have_no_problems() -> None:
    assert problems(row(2, source="全域封禁", target="global ban", forbidden="global lock")) == []


def test_empty_required_cells() -> None:
    assert problems(row(2, source=" ", target="x"), row(3, source="甲", target="")) == [
        (2, "source", "error"),
        (3, "target", "error"),
    ]


def test_bad_case_and_status_values() -> None:
    assert problems(row(2, source="甲", target="a", case="upper", status="old")) == [
        (2, "case", "error"),
        (2, "status", "error"),
    ]


def test_duplicate_source_across_rows_names_the_first_row() -> None:
    [p] = lint_rows([row(2, source="封禁", target="ban"), row(5, source="甲|封禁", target="block")])
    assert (p.row, p.column, p.severity) == (5, "source", "error") and "row 2" in p.message


def test_duplicates_allowed_for_deprecated_rows_and_script_variants_in_one_row() -> None:
    assert (
        problems(
            row(2, source="封禁", target="ban"),
            row(3, source="封禁", target="block", status="deprecated"),
            row(4, source="虫虫飞|蟲蟲飛", target="Chung Chung Fei"),
        )
        == []
    )


def test_traditional_duplicate_is_a_duplicate() -> None:
    assert problems(row(2, source="维基", target="wiki"), row(3, source="維基", target="Wiki")) == [
        (3, "source", "error"),
    ]


def test_rendering_both_allowed_and_forbidden() -> None:
    assert problems(row(2, source="甲", target="Ban", variants="x", forbidden="ban|y")) == [
        (2, "target", "error"),
    ]
    # a different spelling (space) or, for a case-sensitive entry, a different case is fine
    assert problems(row(2, source="甲", target="Wikimedia", forbidden="Wiki Media")) == []
    assert (
        problems(row(2, source="甲", target="AffCom", forbidden="AFFCOM", case="sensitive")) == []
    )


def test_nested_terms_warn() -> None:
    [p] = lint_rows(
        [row(2, source="全域封禁", target="global ban"), row(3, source="封禁", target="ban")]
    )
    assert (p.row, p.column, p.severity) == (2, "source", "warning") and "row 3" in p.message


def test_formula_cells_warn() -> None:
    assert problems(row(2, source="甲", target="=HYPERLINK()", note="@x")) == [
        (2, "target", "warning"),
        (2, "note", "warning"),
    ]


def test_a_formula_after_a_line_break_warns_and_names_the_line() -> None:
    [p] = lint_rows([row(2, source="甲", target="a", note="fine\r=cmd|' /C calc'!A0")])
    assert (p.row, p.column, p.severity) == (2, "note", "warning")
    assert "has a line starting with '='" in p.message
    assert problems(row(2, source="甲", target="a", note="a = b\nc - d")) == []


def test_proposed_status_is_accepted() -> None:
    assert problems(row(2, source="甲", target="a", status="proposed")) == []


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\uffff"])
def test_control_characters_are_errors(char: str) -> None:
    [p] = lint_rows([row(2, source="甲", target="a", definition=f"x{char}")])
    assert (p.row, p.column, p.severity) == (2, "definition", "error")
    assert f"U+{ord(char):04X} at offset 1" in p.message
