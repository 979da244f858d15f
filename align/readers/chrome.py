"""A web page's chrome: what a site puts around the text of every page, removed before the
page is read (``--html main``, the default). Rules over the tree, chosen by measurement
(README, "Reading translators' files"):

* The content: the page's one ``<main>`` (or ``role="main"``) element, else its one
  ``<article>``, else its ``<body>``; the ``<head>`` (its ``<title>``) is kept.
* Inside it, removed: ``nav`` elements; ``aside`` (not a footnote), ``header`` and ``footer``
  outside an ``article``/``main``/``section``; landmark roles (``navigation``, ``banner``,
  ``contentinfo``, ``complementary``, ``search``, ``menu``, ``menubar``, ``toolbar``);
  elements whose class or id names chrome (``breadcrumb``, ``sidebar``, ``toc``,
  ``table-of-contents``, ``pagination``, ``prev-next``, ``footer``, ``menubar``, ``topbar``,
  ``navbar``, ``headerlink``, ``hash-link``, ``header-anchor``, ``permalink``, ``skip-link``,
  ``edit-this-page``, ``version-badge``, ``language-switcher``, ``sr-only``, ``onlyprint``,
  …, matched as words of the name, ``VPDocFooter`` included; never a heading); a permalink
  anchor (a link to ``#…`` in a heading whose text is ``¶``, ``#``, ``§``, ``🔗`` or
  nothing); a "skip to content" link; a language switcher (two or more links with
  ``hreflang``); and a paragraph that is nothing but three or more links between separators
  (``Home | Docs | FAQ``).
"""

from __future__ import annotations

import re

from lxml import etree

_CONTENT = frozenset(("article", "main", "section"))
_NOTES = frozenset(("doc-endnotes", "doc-footnote", "doc-endnote", "doc-footnotes"))
_ROLES = frozenset(
    "navigation banner contentinfo complementary search menu menubar toolbar".split()  # noqa: SIM905
)
_NAMES = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|sidenav|menubar|topbar|top-bar|breadcrumbs?|sidebar|"
    r"toc|table-of-contents|on-this-page|pagination|pager|prev-next|footer|headerlink|"
    r"hash-link|header-anchor|anchor-link|anchorjs-link|permalink|skip-link|skip-to-content|"
    r"edit-this-page|edit-link|edit-page|edit-on-github|page-meta|version-badge|versions|"
    r"version-switcher|lang-switcher|language-switcher|language-select|locale-switcher|"
    r"sr-only|visually-hidden|screen-reader-text|onlyprint|print-only|cookie-banner|"
    r"share-buttons|last-updated)(?:$|[-_])",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_PERMALINK_TEXT = frozenset(("", "¶", "#", "§", "🔗", "⚓", "link"))
_SKIP = re.compile(r"skip to (?:the )?(?:main )?content|跳(?:到|至|转到|转至)(?:主要)?内容", re.I)
_SEPARATORS = re.compile(r"[\s|·•/—–\-,;:>»\[\]()]*")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "figcaption"))


def remove(root: etree._Element) -> None:
    """Cut the page ``root`` down to its content without chrome, in place (tails stay)."""
    body = root.find("body")
    content = _content(root)
    if body is not None and content is not None and content is not body:
        body.clear()
        body.append(content)
    for el in [el for el in root.iter() if _chrome(el)]:
        if el.getparent() is not None:
            el.drop_tree()


def _content(root: etree._Element) -> etree._Element | None:
    """The one ``main`` (or ``role="main"``) element, else the one ``article``."""
    for path in ("//main | //*[@role='main']", "//article"):
        found = root.xpath(path)
        if len(found) == 1:
            return found[0]
    return None


def _chrome(el: etree._Element) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if el.get("role") in _NOTES:
        return False
    if tag == "nav" or tag == "aside" or el.get("role") in _ROLES:
        return True
    if tag not in _HEADINGS and _named_chrome(el):  # class="anchorWithStickyNavbar" on <h2>
        return True
    if tag in ("header", "footer"):
        return not any(a.tag in _CONTENT for a in el.iterancestors())
    if tag == "a":
        return _permalink(el) or bool(_SKIP.search(el.text_content()))
    return tag in ("p", "div", "ul", "ol") and (_languages(el) or _link_bar(el))


def _named_chrome(el: etree._Element) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".split()
    return any(_NAMES.search(_CAMEL.sub("-", name)) for name in names)


def _permalink(a: etree._Element) -> bool:
    """A link to the heading it sits in, shown as a mark (``¶``) or nothing."""
    text = a.text_content().replace("\u200b", "").strip()
    in_heading = any(x.tag in _HEADINGS for x in a.iterancestors())
    return a.get("href", "").startswith("#") and text in _PERMALINK_TEXT and in_heading


def _languages(el: etree._Element) -> bool:
    """A list of links to the page in other languages."""
    return len(el.xpath("./a[@hreflang] | ./li/a[@hreflang]")) >= 2


def _link_bar(el: etree._Element) -> bool:
    """Three or more links and nothing else but separators: a navigation bar."""
    if el.tag not in ("p", "div"):
        return False
    links = el.findall("a")
    if len(links) < 3 or any(c.tag not in ("a", "br") for c in el if isinstance(c.tag, str)):
        return False
    rest = (el.text or "") + "".join(c.tail or "" for c in el)
    return bool(_SEPARATORS.fullmatch(rest.replace("\xa0", " ")))
