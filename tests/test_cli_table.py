"""One vocabulary: the documentation's command reference is generated from the app and says
what --help says, and every option that several commands take is spelled alike (name, short
flag, help)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.clitable import command_reference, commands, help_rows, listed_options
from align.formats import to_tsv

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: Options whose help differs by command on purpose, and why.
OWN_HELP = {
    "--format": "the formats differ by command",
    "--output": "a file, or a folder (run, batch, review)",
    "--glossary": "checked (report, run, check...), or known terms (extract); run has a default",
    "--ignore": "review writes the ignore list, glossary check reads it",
    "--seed": "each benchmark seeds something else",
    "--workers": "encoder processes (align) or Dask workers (batch)",
}

runner = CliRunner()


def _leaves() -> list[tuple[str, object]]:
    return [(name, cmd) for name, cmd in commands(app) if not hasattr(cmd, "commands")]


def _words(text: str) -> str:
    """The text without its white space: --help wraps lines, also after a hyphen."""
    return "".join(text.split())


def test_the_reference_is_generated_and_says_what_help_says() -> None:
    page = (DOCS / "reference" / "commands.md").read_text(encoding="utf-8")
    hook = (DOCS / "hooks.py").read_text(encoding="utf-8")
    [marker] = [line for line in page.splitlines() if line.startswith("<!-- commands:")]
    assert marker in hook and "| --- |" not in page, "the page holds no hand-kept copy"
    reference = command_reference(app)
    for name, command in commands(app):
        assert f"## `{name}`" in reference
        shown = _words(runner.invoke(app, [*name.split()[1:], "--help"]).stdout)
        rows = help_rows(name, command)
        assert len(rows) == len(listed_options(command)) + sum(
            p.param_type_name == "argument" for p in command.params
        )
        for names, what in rows:
            assert f"| `{names}` |" in reference
            assert _words(what) in shown, (name, names)  # --help wraps the same text


def test_shared_options_are_spelled_alike() -> None:
    uses: dict[str, list[tuple[str, tuple[str, ...], str]]] = defaultdict(list)
    longs_of_short: dict[str, set[str]] = defaultdict(set)
    for name, command in _leaves():
        for param in listed_options(command):
            long = max(param.opts, key=len)
            shorts = tuple(sorted(o for o in param.opts if len(o) == 2))
            uses[long].append((name, shorts, param.help or ""))
            for short in shorts:
                longs_of_short[short].add(long)
    shared = {long: u for long, u in uses.items() if len(u) > 1}
    assert {"--encoding", "--output", "--format", "--glossary", "--src-lang"} <= set(shared)
    for long, found in shared.items():
        assert len({shorts for _, shorts, _ in found}) == 1, (long, found)
        if long not in OWN_HELP:
            assert len({text for _, _, text in found}) == 1, (long, found)
    assert {s: longs for s, longs in longs_of_short.items() if len(longs) > 1} == {}


def test_every_command_writes_with_o_and_speaks_format_not_json() -> None:
    documents = {"segment", "align", "run", "review", "batch", "glossary check", "glossary extract"}
    for name, command in _leaves():
        listed = {o for p in listed_options(command) for o in p.opts}
        assert {"-o", "--output"} <= listed, name
        assert "--json" not in listed, name
        assert ("--encoding" in listed) is (name.removeprefix("glossalign ") in documents), name
        if "--glossary" in listed:
            assert {"--glossary-encoding", "--src-lang", "--tgt-lang"} <= listed, name


def test_json_is_the_hidden_alias_of_format_json(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text(to_tsv(Alignment(("甲。",), ("A.",), (Bead((0,), (0,), 0.5),))))
    out = tmp_path / "scores.json"
    new = runner.invoke(app, ["evaluate", str(tsv), str(tsv), "-f", "json", "-o", str(out)])
    old = runner.invoke(app, ["evaluate", str(tsv), str(tsv), "--json"])
    assert new.exit_code == old.exit_code == 0 and new.stdout == ""
    assert out.read_text() == old.stdout and '"f1_strict": 1.0' in old.stdout
