"""The comments of a code block, which docs translate (``--code comments``).

Recognised: whole-line comments ``# x`` (a space or nothing after the mark, so ``#include`` and
``#!`` are code), ``// x``, ``-- x``, block comments ``/* … */`` (a leading ``*`` on their
inner lines dropped) and ``<!-- … -->``, and a trailing comment after code when white space
stands before its mark (`` # ``, `` // ``, `` -- ``). The fence's language narrows the marks
to its family (``#`` is no comment in C, ``--`` none in Python); an unknown or missing language
allows them all. Consecutive comment lines are one comment (a sentence wraps across them);
a comment with no letter in it (a ruler like ``# ----``) is dropped.
"""

from __future__ import annotations

import re

from align.readers.whitespace import join_lines

_FAMILIES = {
    "#": "python py sh bash shell zsh fish console shellsession ruby rb perl pl r yaml yml "  # noqa: SIM905
    "toml ini conf properties powershell ps1 dockerfile docker makefile make cmake nginx "
    "elixir julia nim tcl coffee graphql gql gitignore env dotenv".split(),
    "//": "c h cpp c++ cc cxx hpp objc java javascript js mjs jsx ts tsx typescript go rust rs "  # noqa: SIM905
    "swift kotlin kt scala cs csharp c# fsharp php dart groovy gradle json5 jsonc proto "
    "protobuf zig solidity sol scss less vue svelte".split(),
    "--": "sql mysql postgresql postgres psql plsql sqlite lua haskell hs elm ada vhdl".split(),  # noqa: SIM905
}
_BLOCKS = {
    "/*": "c h cpp c++ cc cxx hpp objc java javascript js mjs jsx ts tsx typescript go rust rs "  # noqa: SIM905
    "swift kotlin kt scala cs csharp c# php dart groovy gradle json5 jsonc proto protobuf zig "
    "solidity sol css scss less sql mysql postgresql postgres psql plsql sqlite vue svelte".split(),
    "<!--": "html htm xhtml xml svg vue svelte markdown md mdx xsl xslt plist".split(),  # noqa: SIM905
}
_CLOSE = {"/*": "*/", "<!--": "-->"}
_LINE = {"#": re.compile(r"#(?:\s|$)"), "//": re.compile(r"//"), "--": re.compile(r"--(?:\s|$)")}


def comment_texts(code: str, language: str = "") -> list[str]:
    """The comments of ``code`` in order, each on one line (see the module docstring)."""
    lang = language.strip().split(maxsplit=1)[0].lower().lstrip(".{") if language else ""
    lang = lang.removeprefix("language-")
    known = any(lang in names for names in (*_FAMILIES.values(), *_BLOCKS.values()))
    marks = [m for m, names in _FAMILIES.items() if not known or lang in names]
    blocks = [b for b, names in _BLOCKS.items() if not known or lang in names]
    comments: list[list[str]] = []
    run: list[str] | None = None  # the comment being gathered from whole lines
    close = ""  # the end mark of an open block comment
    for line in code.splitlines():
        text = line.strip()
        if close:
            inner, found, _ = text.partition(close)
            run = _add(run, comments, inner.removeprefix("*"))
            close = "" if found else close
            continue
        opener = next((b for b in blocks if text.startswith(b)), None)
        whole = next((m for m in marks if _LINE[m].match(text)), None)
        if opener is not None:
            inner, found, _ = text[len(opener) :].partition(_CLOSE[opener])
            run = _add(run, comments, inner)
            close = "" if found else _CLOSE[opener]
        elif whole is not None:
            run = _add(run, comments, text[len(whole) :])
        else:
            run = None
            trailing = _trailing(line, marks)
            if trailing:
                comments.append([trailing])
    return [t for t in (join_lines("\n".join(c)).strip() for c in comments) if _wordy(t)]


def _add(run: list[str] | None, comments: list[list[str]], text: str) -> list[str]:
    """Append a comment line to the open run, or open a run with it."""
    if run is None:
        run = []
        comments.append(run)
    if text.strip():
        run.append(text.strip())
    return run


def _trailing(line: str, marks: list[str]) -> str:
    """A comment after code on the same line: white space before its mark, outside quotes."""
    for mark in marks:
        for m in re.finditer(rf"\s{re.escape(mark)}(?=\s)", line):
            before = line[: m.start()]
            if before.strip() and before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
                return line[m.end() :].strip()
    return ""


def _wordy(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
