"""Front matter of docs-site Markdown: the translatable fields of a YAML (``---``) or TOML
(``+++``) header.

Only the values of ``TRANSLATABLE`` keys are read, at any depth (``hero: {tagline: …}``,
``features: [{title: …, details: …}]``), in file order; every other field (dates, slugs,
layouts, tags, ids) is configuration and dropped. YAML is read with PyYAML's safe loader (no
objects built, an alias is visited once), TOML with the standard library's ``tomllib``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Literal

import yaml

#: Keys whose string values a translator translates: page titles and summaries (Jekyll, Hugo,
#: Docusaurus, VitePress, MkDocs, GitHub Docs' ``intro``/``shortTitle``), sidebar and
#: pagination labels, and the text fields of a VitePress/VuePress home page (``hero``,
#: ``features``, ``actions``).
TRANSLATABLE = frozenset(
    "title subtitle description summary excerpt abstract intro caption alt label tagline "  # noqa: SIM905
    "text details footer sidebar_label sidebar_title linkTitle nav_title short_title "
    "shortTitle pagination_label heroText actionText".split()
)
_MAX_NODES = 100_000  # a YAML alias bomb expands no further than this

Syntax = Literal["yaml", "toml"]


class FrontMatterError(ValueError):
    """Front matter that is not valid YAML or TOML; ``line``: where, counted from 1 in the
    front matter's text, when the parser says."""

    def __init__(self, syntax: Syntax, line: int | None) -> None:
        super().__init__(f"not valid {syntax.upper()}")
        self.line = line


def translatable_fields(source: str, syntax: Syntax) -> list[tuple[str, str]]:
    """The ``(path, text)`` of every translatable field with a non-blank string value, in file
    order, ``path`` the keys down to it (``title``, ``hero.tagline``, ``features.title``); a
    ``FrontMatterError`` when ``source`` does not parse."""
    try:
        data = yaml.safe_load(source) if syntax == "yaml" else tomllib.loads(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrontMatterError(syntax, mark.line + 1 if mark is not None else None) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise FrontMatterError(syntax, int(m.group(1)) if m else None) from None
    return list(_fields(data, "", set(), [0]))


def _fields(node: object, path: str, seen: set[int], count: list[int]) -> Iterator[tuple[str, str]]:
    """Depth-first over mappings and lists, each container once (YAML aliases share them)."""
    if not isinstance(node, dict | list) or id(node) in seen or count[0] > _MAX_NODES:
        return
    seen.add(id(node))
    items = node.items() if isinstance(node, dict) else ((None, v) for v in node)
    for key, value in items:
        count[0] += 1
        inner = path if key is None else f"{path}.{key}".lstrip(".")
        if isinstance(value, str):
            if key in TRANSLATABLE and value.strip():
                yield inner, value.strip()
        else:
            yield from _fields(value, inner, seen, count)
