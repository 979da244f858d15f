"""One vocabulary: the README's command table is the one generated from the app, and every
option that several commands take is spelled alike (name, short flag, help)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.clitable import command_table, commands, listed_options, readme_table
from align.formats import to_tsv

README = Path(__file__).resolve().parents[1] / "README.md"
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


def test_readme_table_is_the_generated_one() -> None:
    assert readme_table(README.read_text(encoding="utf-8")) == command_table(app), (
        "run: python -m align.clitable README.md"
    )


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
