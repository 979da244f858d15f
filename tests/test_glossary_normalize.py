import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.normalize import compact, normalize_en, normalize_zh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("維基百科管理員", "维基百科管理员"),  # Traditional → Simplified (t2s)
        ("臺灣羣組", "台湾群组"),  # variant characters
        ("ＩＰＢＥ權限", "ipbe权限"),  # full-width Latin → half-width, lowercased
        ("２０２１年", "2021年"),  # full-width digits
        ("全域封禁令", "全域封禁令"),  # Simplified unchanged
    ],
)
def test_normalize_zh(text: str, expected: str) -> None:
    assert normalize_zh(text) == expected


def test_normalize_en_quotes_and_hyphens() -> None:
    assert normalize_en("WMC’s “edit‐a‐thon” ‘x’") == "WMC's \"edit-a-thon\" 'x'"


def test_compact_joins_hyphen_space_and_none() -> None:
    assert compact("edit-a-thon") == compact("Edit a thon") == compact("Editathon") == "editathon"


@given(st.text())
def test_normalisation_keeps_length(text: str) -> None:
    assert len(normalize_zh(text)) == len(text)
    assert len(normalize_en(text)) == len(text)
