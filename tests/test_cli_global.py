"""The options every command shares: -V/--version, --quiet/--verbose, shell completion, the
glossary group's help, and the one line that names the `st` extra when it is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer.completion
from typer.testing import CliRunner

from align import __version__
from align.cli import app
from align.console import StageTimer, set_verbosity, verbosity

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = str(ROOT / "seeds/glossary.csv")
runner = CliRunner()


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.stdout == f"glossalign {__version__}\n"


def test_quiet_drops_informational_lines_but_not_results() -> None:
    loud = runner.invoke(app, ["glossary", "lint", GLOSSARY])
    quiet = runner.invoke(app, ["-q", "glossary", "lint", GLOSSARY])
    assert loud.exit_code == quiet.exit_code == 0
    assert "0 error(s)" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    assert verbosity() == "normal"  # reset when the command ends (one process, many commands)


def test_verbose_adds_the_command_time() -> None:
    result = runner.invoke(app, ["--verbose", "glossary", "lint", GLOSSARY])
    assert result.exit_code == 0
    assert "0 error(s)" in result.stderr
    [timing] = [line for line in result.stderr.splitlines() if line.startswith("glossalign: ")]
    assert timing.startswith("glossalign: glossary command: ") and timing.endswith(" s")


def test_verbose_times_each_stage(capsys: pytest.CaptureFixture[str]) -> None:
    set_verbosity("verbose")
    try:
        timer = StageTimer()
        for done in range(4):
            timer("embed", done, 3)
    finally:
        set_verbosity("normal")
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("glossalign: embed: 3 of 3 in ") and line.endswith(" s")


def test_quiet_and_verbose_together_are_a_usage_error() -> None:
    result = runner.invoke(app, ["-q", "-v", "glossary", "lint", GLOSSARY])
    assert result.exit_code == 2
    assert "give --quiet or --verbose, not both" in result.output


def test_shell_completion_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
    # typer detects the shell from the parent processes (shellingham), which a test run's
    # process tree need not show: say it is bash.
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"])
    assert result.exit_code == 0
    assert "_GLOSSALIGN_COMPLETE" in result.stdout


def test_glossary_help_names_its_commands() -> None:
    result = runner.invoke(app, ["glossary", "--help"])
    assert "export it" in result.stdout and "convert" not in result.stdout


def test_st_encoder_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    seeds = ROOT / "seeds"
    result = runner.invoke(app, [
        "align", str(seeds / "letter.zh.txt"), str(seeds / "letter.en.txt"), "-e", "st:any",
    ])  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (
        "glossalign: error: --encoder st:any: sentence-transformers is not installed; install "
        "it with: pip install 'glossalign[st]'\n"
    )
