import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_jsonl, to_tsv
from glossary.checks import FINDING_COLUMNS
from glossary.io import read_glossary
from glossary.model import COLUMNS

runner = CliRunner()
GLOSSARY = (
    "source,target,variants,forbidden,case,status,note\n"
    "管理员,administrator,admin,manager,,,\n"
    "全域封禁,global ban,,global lock,,,\n"
)
ZH = ("基金会对七名用户实施全域封禁。", "另有十二名管理员被除权。")


def alignment(*english: str) -> Alignment:
    return Alignment(ZH, english, (Bead((0,), (0,)), Bead((1,), (1,))))


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    clean = alignment(
        "The Foundation imposed global bans on seven users.", "Twelve admins were desysopped."
    )
    (tmp_path / "clean.tsv").write_text(to_tsv(clean), encoding="utf-8")
    bad = alignment("The Foundation imposed a global lock on seven users.", "Twelve managers left.")
    (tmp_path / "bad.jsonl").write_text(to_jsonl(bad), encoding="utf-8")
    (tmp_path / "zh.txt").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "A global lock on seven users. Twelve managers were desysopped.\n"
    )
    (tmp_path / "gold.align").write_text("[0]:[0]\n[1]:[1]\n")
    return tmp_path


def test_check_clean_exits_0(files: Path) -> None:
    result = runner.invoke(
        app, ["glossary", "check", str(files / "clean.tsv"), "-g", str(files / "g.csv")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.removeprefix("\ufeff").splitlines() == [",".join(FINDING_COLUMNS)]
    assert "total" in result.stderr


def test_check_findings_exit_3_csv(files: Path) -> None:
    out = files / "findings.csv"
    result = runner.invoke(
        app,
        ["glossary", "check", str(files / "bad.jsonl"), "-g", str(files / "g.csv"), "-o", str(out)],
    )
    assert result.exit_code == 3, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == list(FINDING_COLUMNS)
    assert [(r["bead"], r["check"], r["found"], r["start"], r["end"]) for r in rows] == [
        ("0", "forbidden", "global lock", "25", "36"),
        ("1", "forbidden", "managers", "7", "15"),
    ]
    assert "forbidden" in result.stdout  # the summary goes to the terminal


def test_check_json_with_source_target_beads(files: Path) -> None:
    args = [
        "--source",
        str(files / "zh.txt"),
        "--target",
        str(files / "en.txt"),
        "--beads",
        str(files / "gold.align"),
    ]
    result = runner.invoke(
        app, ["glossary", "check", "-g", str(files / "g.csv"), "--format", "json", *args]
    )
    assert result.exit_code == 3, result.output
    records = json.loads(result.stdout)
    assert [(r["bead"], r["check"], r["found"], r["start"], r["end"]) for r in records] == [
        (0, "forbidden", "global lock", 2, 13),
        (1, "forbidden", "managers", 7, 15),
    ]
    assert list(records[0]) == list(FINDING_COLUMNS)  # the CSV's columns, in order


@pytest.mark.parametrize("flags", [["-o", "{d}/f.xlsx"], ["-f", "xlsx", "-o", "{d}/f.out"]])
def test_check_and_extract_write_xlsx_by_extension_or_format(files: Path, flags: list[str]) -> None:
    from openpyxl import load_workbook

    given = [f.format(d=files) for f in flags]
    result = runner.invoke(
        app, ["glossary", "check", str(files / "bad.jsonl"), "-g", str(files / "g.csv"), *given]
    )
    assert result.exit_code == 3, result.output
    rows = list(
        load_workbook(io.BytesIO(Path(given[-1]).read_bytes()))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert rows[0] == FINDING_COLUMNS
    assert [(r[0], r[1], r[4], r[7], r[8]) for r in rows[1:]] == [
        (0, "forbidden", "global lock", 25, 36),
        (1, "forbidden", "managers", 7, 15),
    ]
    proposals = runner.invoke(app, ["glossary", "extract", str(files / "bad.jsonl"),
                                    "--min-freq", "1", *given])  # fmt: skip
    assert proposals.exit_code == 0, proposals.output
    assert (
        next(load_workbook(io.BytesIO(Path(given[-1]).read_bytes())).worksheets[0].values)
        == COLUMNS
    )


def test_xlsx_to_stdout_is_refused_before_any_work(files: Path) -> None:
    for command in (["check", "-g", str(files / "g.csv")], ["extract"]):
        result = runner.invoke(app, ["glossary", *command, "missing.tsv", "--format", "xlsx"])
        assert result.exit_code == 1
        assert result.stderr == (
            "glossalign: error: xlsx is a binary format: give -o FILE.xlsx (or --format csv "
            "for stdout)\n"
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.tsv"], "missing.tsv: no such file"),
        ([], "give an ALIGNMENT file"),
        (["{d}/clean.tsv", "--beads", "{d}/gold.align"], "not both"),
        (["{d}/clean.tsv", "-g", "{d}/bad.csv"], "bad.csv:2: column target: error: empty target"),
    ],
)
def test_check_bad_input_exits_1_and_writes_nothing(
    files: Path, args: list[str], message: str
) -> None:
    (files / "bad.csv").write_text("source,target\n甲,\n", encoding="utf-8")
    out = files / "out.csv"
    argv = ["glossary", "check", "-g", str(files / "g.csv"), "-o", str(out)] + [
        a.format(d=files) for a in args
    ]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_lint_exit_codes(files: Path) -> None:
    ok = runner.invoke(app, ["glossary", "lint", str(files / "g.csv")])
    assert ok.exit_code == 0 and "0 error(s), 0 warning(s)" in ok.stderr
    (files / "w.csv").write_text(GLOSSARY + "封禁,ban,,,,,=note\n", encoding="utf-8")
    warned = runner.invoke(app, ["glossary", "lint", str(files / "w.csv")])
    assert warned.exit_code == 0
    assert (
        "w.csv:4: column note: warning" in warned.stdout
        and "w.csv:3: column source: warning" in warned.stdout
    )
    (files / "e.csv").write_text(GLOSSARY + "管理员,admin,,admin,,,\n", encoding="utf-8")
    failed = runner.invoke(app, ["glossary", "lint", str(files / "e.csv")])
    assert failed.exit_code == 1
    assert (
        "e.csv:4: column source: error" in failed.stdout
        and "e.csv:4: column target: error" in failed.stdout
    )


@pytest.mark.parametrize(
    "flags",
    [["--format", "{fmt}"], ["-f", "{fmt}"], ["--to", "{fmt}"], []],  # [] : by extension
)
def test_export_round_trips_through_tbx_tsv_and_xlsx(files: Path, flags: list[str]) -> None:
    for fmt in ("tbx", "tsv", "xlsx"):
        out = files / f"g.{fmt}"
        result = runner.invoke(
            app,
            ["glossary", "export", str(files / "g.csv"), *[f.format(fmt=fmt) for f in flags],
             "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert [e.allowed for e in read_glossary(out).entries] == [
            e.allowed for e in read_glossary(files / "g.csv").entries
        ]
    bad = runner.invoke(app, ["glossary", "export", str(files / "g.csv"), "--format", "pdf"])
    assert bad.exit_code == 2  # usage error from the option parser
    binary = runner.invoke(app, ["glossary", "export", str(files / "g.csv"), "--format", "xlsx"])
    assert binary.exit_code == 1 and "give -o FILE.xlsx" in binary.stderr


def test_extract_writes_pasteable_glossary_rows(files: Path) -> None:
    aligned = Alignment(
        ("基金会实施全域封禁。", "全域封禁是最严厉的处罚。", "他们讨论了全域封禁。"),
        ("The Foundation imposed a global ban.", "A global ban is the harshest sanction.",
         "They discussed the global ban."),
        tuple(Bead((i,), (i,)) for i in range(3)),
    )  # fmt: skip
    (files / "three.tsv").write_text(to_tsv(aligned), encoding="utf-8")
    out = files / "proposals.csv"
    result = runner.invoke(app, ["glossary", "extract", str(files / "three.tsv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    proposals = read_glossary(out)  # accepted rows paste into a glossary as they are
    [entry] = [e for e in proposals.entries if e.sources == ("全域封禁",)]
    assert entry.target == "global ban" and "frequency 3" in entry.note
    assert entry.status == "proposed"  # not yet approved
    known = ["-g", str(files / "g.csv")]
    again = runner.invoke(app, ["glossary", "extract", str(files / "three.tsv"), *known])
    assert again.exit_code == 0 and "全域封禁" not in again.stdout


INCOMPLETE_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="zh"><martifHeader><fileDesc><sourceDesc><p>t</p>
</sourceDesc></fileDesc></martifHeader><text><body>
<termEntry id="ok"><langSet xml:lang="zh"><tig><term>管理员</term></tig></langSet>
<langSet xml:lang="en"><tig><term>administrator</term></tig></langSet></termEntry>
<termEntry id="no-en"><langSet xml:lang="zh"><tig><term>除权</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_export_options_version_languages_and_bom(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target\n管理员,administrator\n", encoding="utf-8")
    v2_args = ["--tbx-version", "2", "--src-lang", "zh-TW", "--tgt-lang", "en-GB"]
    v2 = runner.invoke(app, ["glossary", "export", str(glossary), "-f", "tbx", *v2_args])
    assert v2.exit_code == 0 and "<martif" in v2.stdout
    assert 'xml:lang="zh-TW"' in v2.stdout and 'xml:lang="en-GB"' in v2.stdout
    v3 = runner.invoke(app, ["glossary", "export", str(glossary), "--format", "tbx"])
    assert '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"' in v3.stdout
    out = tmp_path / "g2.csv"
    for flags, bom in (([], True), (["--no-bom"], False)):
        args = ["glossary", "export", str(glossary), "--format", "csv", "-o", str(out), *flags]
        assert runner.invoke(app, args).exit_code == 0
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") is bom


def test_skipped_tbx_entries_warn_and_strict_refuses(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_text(INCOMPLETE_TBX, encoding="utf-8")
    loose = runner.invoke(app, ["glossary", "export", str(tbx), "--format", "csv"])
    assert loose.exit_code == 0, loose.output
    assert "entry no-en" in loose.stderr and "administrator" in loose.stdout
    strict = runner.invoke(app, ["glossary", "export", str(tbx), "-f", "csv", "--strict"])
    assert strict.exit_code == 1 and "no-en" in strict.stderr


def test_a_gb18030_glossary_lints_with_encoding_auto(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_bytes("source,target\n管理员,administrator\n".encode("gb18030"))
    result = runner.invoke(app, ["glossary", "lint", str(glossary), "--glossary-encoding", "auto"])
    assert result.exit_code == 0 and "0 error(s)" in result.stderr
