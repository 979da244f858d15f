"""Issue 27, encodings: every input decodes to the text it holds or is refused with one line
naming what it looks like -- Japanese and Korean legacy files, UTF-16/32 without or with a
byte-order mark, NUL-riddled data, Western code pages -- also under the default ``utf-8``;
a PO file's declared charset is honoured."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from reliability import ALIGNMENT_TSV, LETTER_ZH, SEEDS, Case, run_in_process

from align.encodings import detect_encoding
from align.errors import InputError
from align.io import decode_text

LETTER_HANT = (SEEDS / "letter.zh-hant.txt").read_text(encoding="utf-8")
EN = "Cast away illusions, prepare for struggle.\nBy Lu Zu.\n"
# Written for these tests: a letter's opening lines in Korean and Japanese.
KO = (
    "이것은 한국어로 쓴 편지입니다. 우리는 내일 서울에서 만나기로 했습니다. "
    "날씨가 좋으면 공원에 갈 것입니다.\n"
)
JA = (
    "これは日本語で書いた手紙です。私たちは明日東京で会うことにしました。"
    "天気が良ければ公園に行きます。\n"
)
NULS = b"hello\n" + b"\0" * 4000
WESTERN = ("He said \u201chello\u201d to the caf\u00e9 owner \u2014 twice.\n" * 4).encode("cp1252")
GBK_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=GBK\\n"\n"Language: en\\n"\n\n'
    'msgid "丢掉幻想，准备斗争"\nmsgstr "Cast away illusions, prepare for struggle"\n'
).encode("gbk")

SEG = ("segment", "{d}/f.txt")
CASES = [
    Case("Shift-JIS, auto", (*SEG, "--encoding", "auto"), 1,
         "f.txt: it looks like Japanese text in Shift-JIS; glossalign reads Chinese and English",
         {"f.txt": JA.encode("shift_jis")}),
    Case("Shift-JIS, default utf-8", SEG, 1,
         "not valid UTF-8 at byte offset 0; it looks like Japanese text in Shift-JIS",
         {"f.txt": JA.encode("shift_jis")}),
    Case("EUC-JP, auto", (*SEG, "--encoding", "auto"), 1, "Japanese text in EUC-JP",
         {"f.txt": JA.encode("euc_jp")}),
    Case("EUC-KR, auto", (*SEG, "--encoding", "auto"), 1,
         "f.txt: it looks like Korean text in EUC-KR", {"f.txt": KO.encode("euc_kr")}),
    Case("EUC-KR, default utf-8", SEG, 1, "it looks like Korean text in EUC-KR",
         {"f.txt": KO.encode("euc_kr")}),
    Case("EUC-KR given as gb18030", (*SEG, "--encoding", "gb18030"), 1,
         "it looks like Korean text in EUC-KR, not Chinese", {"f.txt": KO.encode("euc_kr")}),
    Case("UTF-32 LE with BOM", SEG, 0, "丢掉幻想，准备斗争",
         {"f.txt": codecs.BOM_UTF32_LE + LETTER_ZH.encode("utf-32-le")}),
    Case("UTF-32 BE with BOM", SEG, 0, "丢掉幻想，准备斗争",
         {"f.txt": codecs.BOM_UTF32_BE + LETTER_ZH.encode("utf-32-be")}),
    Case("UTF-16 LE English without BOM, default utf-8", SEG, 1,
         "it looks like UTF-16 without a byte-order mark: pass --encoding utf-16le",
         {"f.txt": EN.encode("utf-16-le")}),
    Case("UTF-16 LE English without BOM, auto", (*SEG, "--encoding", "auto"), 0,
         "Cast away illusions", {"f.txt": EN.encode("utf-16-le")}),
    Case("UTF-16 BE Chinese without BOM, default utf-8", SEG, 1,
         "it looks like UTF-16 without a byte-order mark: pass --encoding utf-16be",
         {"f.txt": LETTER_ZH.encode("utf-16-be")}),
    Case("UTF-16 LE Chinese without BOM, --encoding utf-16le", (*SEG, "--encoding", "utf-16le"),
         0, "丢掉幻想，准备斗争", {"f.txt": LETTER_ZH.encode("utf-16-le")}),
    Case("mostly NUL, default utf-8", SEG, 1, "f.txt: expected a text file, but it looks like "
         "binary data", {"f.txt": NULS}),
    Case("mostly NUL, auto", (*SEG, "--encoding", "auto"), 1, "looks like binary data",
         {"f.txt": NULS}),
    Case("Windows-1252 English", (*SEG, "--encoding", "auto"), 1,
         "or a similar encoding; re-save it as UTF-8 (glossalign reads UTF-8, UTF-16, UTF-32, "
         "GB18030, Big5)", {"f.txt": WESTERN}),
    Case("GB18030 still read with auto", (*SEG, "--encoding", "auto"), 0, "丢掉幻想，准备斗争",
         {"f.txt": LETTER_ZH.encode("gb18030")}),
    Case("Big5 still read with auto", (*SEG, "--encoding", "auto"), 0, "丟掉幻想，準備鬥爭",
         {"f.txt": LETTER_HANT.encode("big5")}),
    Case("alignment TSV in Shift-JIS", ("report", "{d}/a.tsv", "-o", "{d}/r.html"), 1,
         "a.tsv: it looks like Japanese text in Shift-JIS",
         {"a.tsv": ("src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n0\t0\t0.5\t" + JA.strip()
                   + "\tx\n").encode("cp932")}),
    Case("alignment TSV as UTF-16 without BOM", ("report", "{d}/a.tsv", "-o", "{d}/r.html"), 0,
         "", {"a.tsv": ALIGNMENT_TSV.encode("utf-16-le")}, writes=("r.html",)),
    Case("glossary CSV in EUC-KR", ("glossary", "lint", "{d}/g.csv"), 1,
         "g.csv: it looks like Korean text in EUC-KR",
         {"g.csv": ("source,target\n" + KO.replace(". ", ",x\n")).encode("euc_kr")}),
    Case("PO declaring charset=GBK", ("glossary", "check", "-g", "{seeds}/glossary.csv",
         "{d}/gbk.po", "--format", "json"), 0, "(1 beads, 69 terms)", {"gbk.po": GBK_PO}),
    Case("PO declaring an unknown charset", ("report", "{d}/x.po"), 1,
         "x.po: unknown charset 'X-NONE' in the PO header",
         {"x.po": GBK_PO.replace(b"charset=GBK", b"charset=X-NONE")}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("align.report.screenshot.find_chromium", lambda: None)
    run_in_process(case, tmp_path)


@pytest.mark.parametrize(
    ("text", "codec"),
    [(LETTER_ZH, "gb18030"), (LETTER_HANT, "big5"), (LETTER_ZH, "utf-8"),
     (LETTER_ZH, "utf-16-le"), (LETTER_ZH, "utf-16-be")],
)  # fmt: skip
def test_chinese_pieces_of_any_length_decode_to_themselves(text: str, codec: str) -> None:
    """No false refusal and no mojibake, from a line of a few characters to the whole letter
    (short inputs are where charset-normalizer alone reads GB18030 as Korean)."""
    lines = [line + "\n" for line in text.split("\n") if line.strip()]
    pieces = [lines[0][:n] + "\n" for n in (2, 4, 8, 16)] + lines[:60:3] + [text]
    for piece in pieces:
        assert decode_text(piece.encode(codec), Path("x"), "auto") == piece, (codec, piece)


def test_a_mostly_english_gb18030_line_is_not_korean() -> None:
    """charset-normalizer 3.5 takes this GB18030 line for Korean (cp949); our check does not."""
    text = "The term 基金会 (foundation) appears in the letter, as does 公开信. " * 3
    assert detect_encoding(text.encode("gb18030")) == "gb18030"


def test_a_stray_nul_is_left_to_the_cell_checks() -> None:
    """Under a tenth of the text NUL is still text (a glossary lint names the cell)."""
    assert (
        decode_text(b"source,target\nx\x00y,z\n" * 3, Path("g.csv"))
        == "source,target\nx\x00y,z\n" * 3
    )
    with pytest.raises(InputError, match="binary data, not text"):
        decode_text(b"ab" + b"\0" * 20, Path("x"))
