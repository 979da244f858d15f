"""MkDocs hook: the command reference (docs/reference/commands.md) is generated from the typer
app at build time by align.clitable, the code --help shows, so it cannot drift from it."""

from __future__ import annotations

from typing import Any

MARKER = "<!-- commands: generated from the typer app by align.clitable -->"


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    from align.cli import app
    from align.clitable import command_reference

    return markdown.replace(MARKER, command_reference(app))
