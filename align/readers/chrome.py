"""A web page's chrome: what a site puts around the text of every page (navigation, headers
and footers, sidebars), removed before the page is read (``--html main``)."""

from __future__ import annotations

from lxml import etree

_CONTENT = frozenset(("article", "main", "section"))
_NOTES = frozenset(("doc-endnotes", "doc-footnote", "doc-endnote", "doc-footnotes"))


def remove(root: etree._Element) -> None:
    """Drop the chrome elements of the page ``root`` in place (their tails stay)."""
    for el in [el for el in root.iter() if _chrome(el)]:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def _chrome(el: etree._Element) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "nav" or (tag == "aside" and el.get("role") not in _NOTES):
        return True
    if tag in ("header", "footer"):
        return not any(a.tag in _CONTENT for a in el.iterancestors())
    return False
