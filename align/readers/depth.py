"""Deep nesting: HTML elements nested deeper than libxml2 builds (255 levels), flattened.

libxml2's HTML parser stops at 255 levels and loses all text after that point. ``cap_depth``
re-writes the markup with Python's own tokenizer (``html.parser``, which keeps no tree and
has no depth limit): the tags of elements deeper than ``MAX_DEPTH`` are left out and their
text kept, so that it is read as part of the last level kept.
"""

from __future__ import annotations

from html.parser import HTMLParser

MAX_DEPTH = 200
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)


class _Capper(HTMLParser):
    def __init__(self, depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = depth
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, kept) of the open elements
        self.kept = 0  # how many of them are kept

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _VOID:
            self.out.append(self.get_starttag_text() or "")
            return
        kept = self.kept < self.depth
        self.open.append((tag, kept))
        if kept:
            self.kept += 1
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k][0] == tag:
                self.kept -= sum(1 for _, kept in self.open[k:] if kept)
                if self.open[k][1]:
                    self.out.append(f"</{tag}>")
                del self.open[k:]
                return

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def cap_depth(markup: str, depth: int = MAX_DEPTH) -> str:
    """``markup`` with no element nested more than ``depth`` levels deep (comments and
    processing instructions dropped, text and entities kept as written)."""
    capper = _Capper(depth)
    capper.feed(markup)
    capper.close()
    return "".join(capper.out)
