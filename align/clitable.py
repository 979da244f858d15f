"""The command reference of the documentation, generated from the typer app (what ``--help``
shows), so that it cannot drift: a table of every command and its options, then each
command's help, usage, arguments and options as ``--help`` prints them, and its example.
docs/hooks.py puts it into docs/reference/commands.md when the site is built;
``python -m align.clitable`` prints it."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from typing import Any


def commands(app: Any) -> Iterator[tuple[str, Any]]:
    """(full name, click command) of every command of a typer app, depth first, in the order
    ``--help`` lists them; the app itself first (its global options)."""
    import typer

    root = typer.main.get_command(app)

    def walk(command: Any, name: str) -> Iterator[tuple[str, Any]]:
        yield name, command
        for sub_name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{name} {sub_name}")

    yield from walk(root, root.name or "glossalign")


def listed_options(command: Any) -> list[Any]:
    """The options ``--help`` lists (hidden ones and --help left out)."""
    return [
        p
        for p in command.params
        if p.param_type_name == "option" and not p.hidden and "--help" not in p.opts
    ]


def _option(param: Any) -> str:
    names = sorted(param.opts, key=len) + sorted(param.secondary_opts, key=len)
    return "`" + "/".join(names) + "`"


def _arguments(command: Any) -> str:
    names = []
    for param in command.params:
        if param.param_type_name == "argument":
            name = param.metavar or param.name.upper()
            names.append(name if param.required else f"[{name}]")
    return " ".join(names)


def command_table(app: Any) -> str:
    """The Markdown table: one row per command (groups left out), arguments and options."""
    rows = ["| command | arguments | options |", "| --- | --- | --- |"]
    for name, command in commands(app):
        if hasattr(command, "commands") and name != next(commands(app))[0]:
            continue  # a group such as `glossary`: its commands have the rows
        options = ", ".join(_option(p) for p in listed_options(command))
        arguments = _arguments(command)
        rows.append(f"| `{name}` | {f'`{arguments}`' if arguments else ''} | {options} |")
    return "\n".join(rows) + "\n"


def example(command: Any) -> str:
    """The command's example: its ``--help`` epilog without the ``Example:`` label."""
    return (command.epilog or "").replace("\b", "").strip().removeprefix("Example:").strip()


def help_rows(name: str, command: Any) -> list[tuple[str, str]]:
    """(names, help) of each argument and listed option, exactly as ``--help`` prints them."""
    ctx = command.context_class(command, info_name=name)
    records = (p.get_help_record(ctx) for p in command.params if "--help" not in p.opts)
    return [record for record in records if record is not None]


def _text(text: str) -> str:
    """Help text as Markdown: code spans kept, everything else shown as written."""
    parts = re.split(r"(`[^`]+`)", " ".join(text.replace("\b", "").split()))
    return "".join(
        part
        if part.startswith("`")
        else re.sub(r"([\\*_\[\]|])", r"\\\1", html.escape(part, quote=False))
        for part in parts
    )


def _section(name: str, command: Any) -> str:
    ctx = command.context_class(command, info_name=name)
    paragraphs = [_text(p) for p in (command.help or "").split("\n\n") if p.strip()]
    lines = [f"## `{name}`", "", *(f"{p}\n" for p in paragraphs)]
    lines += ["```text", command.get_usage(ctx), "```", ""]
    rows = help_rows(name, command)
    if rows:
        lines += ["| argument or option | what |", "| --- | --- |"]
        lines += [f"| `{names}` | {_text(what)} |" for names, what in rows]
        lines.append("")
    if example(command):
        lines += ["Example:", "", "```sh", example(command), "```", ""]
    return "\n".join(lines)


def command_reference(app: Any) -> str:
    """The Markdown reference: the table of every command, then a section per command and
    group, in the order ``--help`` lists them (the app and its global options first)."""
    sections = [_section(name, command) for name, command in commands(app)]
    return command_table(app) + "\n" + "\n".join(sections)


def main() -> None:
    from align.cli import app

    sys.stdout.write(command_reference(app))


if __name__ == "__main__":
    main()
