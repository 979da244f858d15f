"""``--pattern SOURCE=TARGET``: two path templates, relative to INPUT, that pair any layout.

In a template ``{name}`` stands for one or more characters, ``/`` included, and names the
pair; ``*`` stands for any characters within one folder or file name; everything else is
literal. A path that both templates match goes to the one that leaves the shorter name
(``a.zh.md`` is the source ``a`` of ``{name}.zh.md``, not the target ``a.zh`` of
``{name}.md``). Examples::

    --pattern 'i18n/zh/{name}.md=docs/{name}.md'          # a Docusaurus site
    --pattern 'content/{name}.zh.md=content/{name}.md'    # Hugo, English without a mark
    --pattern 'cn/{name}.html=*/en/{name}.html'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from align.batch.pairing import Found, Unpaired
from align.batch.walk import walk
from align.errors import InputError

_NAME = "{name}"


def parse_pattern(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The source and target templates of ``pattern`` as regular expressions whose group
    ``name`` is the pair's name; an InputError says what is wrong with it."""
    sides = pattern.split("=")
    if len(sides) != 2 or not all(s.strip() for s in sides):
        raise InputError(
            f"--pattern {pattern!r}: give two path templates as SOURCE=TARGET, e.g. "
            "'zh/{name}.md=en/{name}.md'"
        )
    return _template(sides[0].strip(), pattern), _template(sides[1].strip(), pattern)


def _template(template: str, pattern: str) -> re.Pattern[str]:
    if template.count(_NAME) != 1:
        raise InputError(f"--pattern {pattern!r}: each side needs {_NAME} once ({template!r})")
    head, tail = template.split(_NAME)
    return re.compile(f"{_glob(head.lstrip('/'))}(?P<name>.+){_glob(tail)}")


def _glob(literal: str) -> str:
    return "[^/]*".join(re.escape(part) for part in literal.split("*"))


def pattern_documents(corpus: Path, pattern: str, skip: Path | None) -> Iterator[Found | Unpaired]:
    """The documents under ``corpus`` that a side of ``pattern`` matches, keyed by ``{name}``;
    the others unpaired."""
    source, target = parse_pattern(pattern)
    for item in walk(corpus, skip):
        if isinstance(item, Unpaired):
            yield item
            continue
        relative = item.relative_to(corpus).as_posix()
        src, tgt = source.fullmatch(relative), target.fullmatch(relative)
        if src is not None and tgt is not None:
            if len(src["name"]) == len(tgt["name"]):
                raise InputError(f"--pattern {pattern!r}: {relative} matches both sides")
            src, tgt = (src, None) if len(src["name"]) < len(tgt["name"]) else (None, tgt)
        if src is not None:
            yield Found(item, "zh", src["name"])
        elif tgt is not None:
            yield Found(item, "en", tgt["name"])
        else:
            yield Unpaired(item, "no pattern", "matches neither side of --pattern")
