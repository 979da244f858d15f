"""Termbases that cannot pass silently: one without Chinese (or English) is an error naming the
languages it holds, wherever a glossary is read; --src-lang/--tgt-lang pick the languages of a
multilingual TBX, CSV or XLSX; many skipped entries are a warning with the first reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from align.cli import app
from align.errors import InputError
from glossary.io import GlossaryOptions, load_glossary, read_glossary

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
#: A valid TBX-Basic termbase in English and Spanish (and a few Zulu terms), no Chinese.
EN_ES = DATA / "tbx_basic_en_es.tbx"
NO_CHINESE = "termbase has en, es, zu; none is Chinese: use --src-lang"
runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [
        ["glossary", "lint", "{g}"],
        ["glossary", "check", "-g", "{g}", "--source", "{s}/letter.zh.txt", "--target",
         "{s}/letter.en.txt", "--beads", "{s}/letter.gold.align", "-o", "{o}/findings.csv"],
        ["glossary", "export", "{g}", "-o", "{o}/g.csv"],
        ["run", "{s}/letter.zh.txt", "{s}/letter.en.txt", "-g", "{g}", "-o", "{o}/job"],
    ],
)  # fmt: skip
def test_a_termbase_without_chinese_is_one_error_line(tmp_path: Path, command: list[str]) -> None:
    args = [a.format(g=EN_ES, s=SEEDS, o=tmp_path) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"glossalign: error: {EN_ES}: {NO_CHINESE}\n"
    assert list(tmp_path.iterdir()) == []  # nothing written


MULTI = """<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a">
  <langSec xml:lang="zh-CN"><termSec><term>管理员</term></termSec></langSec>
  <langSec xml:lang="zh-TW"><termSec><term>管理員</term></termSec></langSec>
  <langSec xml:lang="en-GB"><termSec><term>administrator</term></termSec></langSec>
  <langSec xml:lang="en-US"><termSec><term>admin</term></termSec></langSec>
  <langSec xml:lang="ja"><termSec><term>管理者</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize(
    ("src", "tgt", "sources", "allowed", "codes"),
    [
        (None, None, ("管理员", "管理員"), ("administrator", "admin"), ("zh-CN", "en-GB")),
        ("zh-TW", "en-US", ("管理員",), ("admin",), ("zh-TW", "en-US")),
        ("zh", "en-gb", ("管理员", "管理員"), ("administrator",), ("zh-CN", "en-GB")),
    ],
)
def test_src_and_tgt_lang_pick_the_sections_of_a_multilingual_tbx(
    tmp_path: Path,
    src: str | None,
    tgt: str | None,
    sources: tuple[str, ...],
    allowed: tuple[str, ...],
    codes: tuple[str, str],
) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(MULTI, encoding="utf-8")
    glossary = read_glossary(path, GlossaryOptions(src_lang=src, tgt_lang=tgt))
    [entry] = glossary.entries
    assert (entry.sources, entry.allowed) == (sources, allowed)
    assert (glossary.src_lang, glossary.tgt_lang) == codes
    with pytest.raises(InputError, match="termbase has en-GB, en-US, ja, zh-CN, zh-TW; none is "
                                         "zh-HK: use --src-lang"):  # fmt: skip
        load_glossary(path, GlossaryOptions(src_lang="zh-HK"))


def test_a_multilingual_table_reads_its_language_columns(tmp_path: Path) -> None:
    csv = tmp_path / "g.csv"
    csv.write_text("es,en-US,zh-Hant,note\nadministrador,administrator,管理員,n\n", "utf-8")
    glossary = read_glossary(csv)
    [entry] = glossary.entries
    assert (entry.sources, entry.target, entry.note) == (("管理員",), "administrator", "n")
    assert (glossary.src_lang, glossary.tgt_lang) == ("zh-Hant", "en-US")
    workbook = Workbook()
    workbook.active.append(["en", "es"])
    workbook.active.append(["black hole", "agujero negro"])
    xlsx = tmp_path / "g.xlsx"
    workbook.save(xlsx)
    with pytest.raises(InputError, match=r"termbase has en, es; none is Chinese: use --src-lang, "
                                         r"or name the columns source,target"):  # fmt: skip
        read_glossary(xlsx)


def test_a_bad_language_option_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "lint", str(EN_ES), "--src-lang", "Chinese!"])
    assert result.exit_code == 1
    assert result.stderr == (
        "glossalign: error: --src-lang 'Chinese!': not a language code; use e.g. zh-CN, zh-TW, "
        "en-GB\n"
    )


def _termbase(tmp_path: Path, entries: int, without_english: int) -> Path:
    concepts = "".join(
        f'<conceptEntry id="e{k}"><langSec xml:lang="zh"><termSec><term>词{k}</term></termSec>'
        "</langSec>"
        + (
            ""
            if k < without_english
            else f'<langSec xml:lang="en"><termSec><term>word{k}</term></termSec></langSec>'
        )
        + "</conceptEntry>"
        for k in range(entries)
    )
    path = tmp_path / "g.tbx"
    path.write_text(
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>' + concepts + "</body></text></tbx>"
    )
    return path


def test_many_skipped_entries_are_a_warning_with_the_first_reasons(tmp_path: Path) -> None:
    path = _termbase(tmp_path, 10, 5)
    result = runner.invoke(app, ["-q", "glossary", "export", str(path), "-f", "csv"])
    assert result.exit_code == 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"glossalign: warning: {path}: 5 of 10 entries skipped (entry e0: no")
    assert "entry e2: no en term" in line and "entry e3" not in line and "… 2 more" in line
    assert f"`glossalign glossary lint {path}` lists them, --strict refuses them" in line
    strict = runner.invoke(app, ["glossary", "export", str(path), "--strict"])
    assert strict.exit_code == 1 and "entry e0: skipped: no en term" in strict.stderr


def test_a_few_skipped_entries_are_an_informational_line(tmp_path: Path) -> None:
    path = _termbase(tmp_path, 20, 2)  # 10 %: not more than the share
    loud = runner.invoke(app, ["glossary", "export", str(path), "-f", "csv"])
    assert loud.exit_code == 0
    assert loud.stderr.startswith(f"{path}: 2 of 20 entries skipped (entry e0:")
    quiet = runner.invoke(app, ["-q", "glossary", "export", str(path), "-f", "csv"])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
