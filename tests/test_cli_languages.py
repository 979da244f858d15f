"""--src-lang / --tgt-lang on align, run, review and batch: checked before any work, written
as given into the TMX."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app

runner = CliRunner()
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    src.write_text("我今天很高兴。晚上下雨了。\n", encoding="utf-8")
    tgt.write_text("I am very happy today. It rained at night.\n", encoding="utf-8")
    return src, tgt


@pytest.mark.parametrize("command", ["align", "run", "review", "batch"])
@pytest.mark.parametrize("option", ["--src-lang", "--tgt-lang"])
def test_a_bad_tag_is_one_line_and_exit_1(
    pair: tuple[Path, Path], tmp_path: Path, command: str, option: str
) -> None:
    args = [command, *map(str, pair)] if command != "batch" else [command, str(tmp_path)]
    args += ["-o", str(tmp_path / "out")] if command in ("run", "batch") else []
    result = runner.invoke(app, [*args, option, "zh_TW"])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        f"glossalign: error: {option} 'zh_TW': not a BCP 47 language tag; write 'zh-TW'"
    ]
    assert not (tmp_path / "out").exists()


def test_align_writes_the_declared_tags(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path / "cache"))
    args = ["align", *map(str, pair), "--format", "tmx", "--src-lang", "zh-Hant"]
    result = runner.invoke(app, [*args, "--tgt-lang", "en-GB"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode())
    assert root.find("header").get("srclang") == "zh-Hant"  # type: ignore[union-attr]
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"zh-Hant", "en-GB"}
    assert "warning" not in result.stderr
