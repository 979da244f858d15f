"""Measure how HTML main-content methods keep a page's text and drop its chrome (README,
"Reading translators' files"). Not a test: it needs the pages (see PAGES) and the
candidate libraries, which glossalign does not depend on:

    pip install trafilatura readability-lxml justext
    python tests/data/readers/measure_chrome.py PAGES_DIR

PAGES_DIR holds the pages as ``SITE-NAME.html``, SITE one of ``fpm``, ``odh``, ``jest``,
``lua``: the files of PAGES, taken from the repositories and commits of SITES (in a clone:
``git show REF:PATH > PAGES_DIR/SITE-PATH.html``, the path's ``/`` written ``_``). The truth
for each page is its article text by hand-chosen markup (``TRUTH``), code and permalink marks
left out; every method reads the page with its code blocks removed. Tokens are CJK characters
and Latin words; "lost" is the share of the truth's tokens missing from a method's text,
"chrome" the share of a method's tokens that are not in the truth.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

from align.readers.html import read_html

SITES = {
    "fpm": "fortran-lang/fpm-docs gh-pages 77fa74c7dec7fce9da9f5e20130e07843098bf04 (Sphinx, "
    "pydata theme)",
    "odh": "okfn/opendatahandbook-old gh-pages 9ee62c8933ececccdee659e914bbc72905c136ab "
    "(Sphinx, Bootstrap theme)",
    "jest": "QubitPi/jest gh-pages 081ae28e78696405bafe65e9f7739443dcc0adee (Docusaurus)",
    "lua": "cloudwu/lua53doc 0592817001e6d37bd2c3f47b128cff90a5dca72b, Hubert-Heijkers/lua "
    "6977b6620f5ebdb7d5b871e795c0b3c2ceca3b83 doc/ (hand-written HTML)",
}
PAGES = {
    "fpm": [
        f"{lang}{page}"
        for lang in ("", "zh_CN/")
        for page in (
            "tutorial/hello-fpm.html",
            "spec/manifest.html",
            "install/index.html",
            "how-to/selective-cleaning.html",
        )
    ],
    "odh": [
        f"{lang}/{page}"
        for lang in ("en", "zh_CN")
        for page in (
            "why-open-data/index.html",
            "how-to-open-up-data/apply-an-open-license.html",
            "what-is-open-data/index.html",
        )
    ],
    "jest": [
        f"{lang}docs/{page}/index.html"
        for lang in ("", "zh-Hans/")
        for page in ("getting-started", "mock-functions", "snapshot-testing")
    ],
    "lua": ["manual.html (cloudwu/lua53doc)", "doc/manual.html (Hubert-Heijkers/lua)"],
}
SECTIONS = (
    "//div[contains(concat(' ', @class, ' '), ' section ') or self::section]"
    "[not(ancestor::div[contains(concat(' ', @class, ' '), ' section ')] or ancestor::section)]"
)
TRUTH = {
    "fpm": ("//main" + SECTIONS, ()),
    "odh": (SECTIONS, ()),
    "jest": ("//*[contains(@class, 'theme-doc-markdown')]", ()),
    "lua": (
        "//body",
        (
            "//*[@class='menubar']",
            "//small[@class='footer']",
            "//a[contains(@href, 'contents')]/..",
        ),
    ),
}
_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")
_DROP = (
    "//pre | //script | //style | //*[contains(@class, 'headerlink')]"
    " | //a[contains(@class, 'hash-link')]"
)


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def without_code(markup: str) -> str:
    root = lxml.html.document_fromstring(markup)
    for el in root.xpath("//pre"):
        el.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def truth(site: str, markup: str) -> str:
    root = lxml.html.document_fromstring(markup)
    path, chrome = TRUTH[site]
    for el in root.xpath(_DROP) + [e for c in chrome for e in root.xpath(c)]:
        if el.getparent() is not None:
            el.drop_tree()
    return " ".join(" ".join(e.itertext()) for e in root.xpath(path))


def ours(main: bool) -> Callable[[str], str]:
    def read(markup: str) -> str:
        return " ".join(
            b.text
            for b in read_html(markup, main=main).blocks
            if b.kind not in ("title", "attribute")
        )

    return read


def trafilatura_text(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_tables=True, include_comments=False) or ""


def readability_text(markup: str) -> str:
    from readability import Document

    return lxml.html.fromstring(Document(markup).summary()).text_content()


def justext_text(markup: str) -> str:
    import justext

    stop = justext.get_stoplist("English")
    return " ".join(p.text for p in justext.justext(markup.encode(), stop) if not p.is_boilerplate)


METHODS = {
    "rules (ours)": ours(True),
    "all (--html all)": ours(False),
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
    "jusText": justext_text,
}


def main(folder: Path) -> None:
    rows: dict[str, dict[str, list[float]]] = {m: {} for m in METHODS}
    marks: Counter[str] = Counter()
    seconds: dict[str, float] = dict.fromkeys(METHODS, 0.0)
    for page in sorted(folder.glob("*.html")):
        site = page.name.split("-")[0]
        markup = without_code(page.read_text("utf-8", "replace"))
        want = tokens(truth(site, markup))
        for method, read in METHODS.items():
            started = time.perf_counter()
            text = read(markup)
            seconds[method] += time.perf_counter() - started
            marks[method] += text.count("¶")
            got = tokens(text)
            kept = sum((got & want).values())
            lost = 1 - kept / max(1, sum(want.values()))
            chrome = 1 - kept / max(1, sum(got.values()))
            rows[method].setdefault(site, []).extend([lost, chrome])
            print(f"{page.name:50} {method:18} lost {lost:6.1%} chrome {chrome:6.1%}")
    print(
        "\nmethod             "
        + "".join(f"{s:>18}" for s in SITES)
        + "   (lost / chrome, mean of pages)"
    )
    for method, sites in rows.items():
        cells = []
        for site in SITES:
            values = sites.get(site, [])
            losts, chromes = values[0::2], values[1::2]
            cells.append(
                f"{sum(losts) / max(1, len(losts)):7.1%} /"
                f"{sum(chromes) / max(1, len(chromes)):7.1%}"
            )
        print(f"{method:18} " + "".join(f"{c:>18}" for c in cells), end="")
        print(f"   ¶ left {marks[method]:4}, {seconds[method]:5.1f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
