"""The review page: one self-contained HTML file showing an alignment and its glossary findings.

``render_report`` is a pure function (data in, ``str`` out). The page carries its CSS and
JavaScript inline (from ``align/report/assets/``), a Content-Security-Policy
that allows only those two by hash, and the beads as JSON in a ``<script type="application/json">``
block; the script renders them a page at a time with ``textContent``, so no document text is ever
parsed as HTML. Summary, charts, findings panel and unlinked sentences are rendered here, escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from dataclasses import replace
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from align.beads import Alignment, Bead
from align.languages import side_tags
from align.stretches import describe, unaligned_stretches
from glossary.checks import BeadTerms, Finding, Review, summarize

if TYPE_CHECKING:
    from glossary.matching import TermHit

#: Term-hit kinds as one-letter codes in the page data (styled by ``mark.k-<code>``).
HIT_CODES = {"source": "s", "target": "t", "variant": "v", "forbidden": "f"}
HIT_LABELS = {
    "s": "glossary term",
    "t": "approved rendering",
    "v": "variant rendering",
    "f": "forbidden rendering",
}

#: A text in the page data: a plain string, or strings and ``[surface, code, entry]`` marks.
Segments = str | list[str | list[Any]]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HIST_BINS = 10


def render_report(
    alignment: Alignment,
    review: Review | None = None,
    *,
    title: str = "Alignment review",
    documents: Sequence[tuple[str, str]] = (),
    low_confidence: float = 0.5,
    page_size: int = 200,
) -> str:
    """Return the review page for ``alignment`` as one HTML5 document.

    The ``review``'s findings (``align.pipeline.review``) are shown on their bead and in a
    findings panel; with a glossary, its terms are highlighted on both sides.
    ``documents`` are (label, path) pairs shown in the header. A bead whose score is below
    ``low_confidence`` (or not a number) is flagged; ``page_size`` beads are shown at a time.
    """
    review = review or Review(None)
    alignment = replace(alignment, tags=side_tags(alignment))  # found once, used throughout
    findings, beads = review.findings, alignment.beads
    low = [_is_low(b.score, low_confidence) for b in beads]
    data = _page_data(alignment, review, low_confidence, page_size)
    unit = "link" if alignment.mode == "paraphrase" else "bead"
    return "".join(
        [
            _head_html(title),
            '<header class="top">\n',
            f"<h1>{_esc(title)}</h1>\n",
            _documents_html(documents),
            '<div class="overview">\n',
            _summary_html(alignment, low, findings, low_confidence),
            _score_chart(beads, low_confidence),
            _kind_chart(beads, unit),
            "</div>\n",
            _unlinked_html(alignment),
            _stretches_html(alignment),
            _findings_html(findings, len(beads)),
            "</header>\n",
            _toolbar_html(unit, review.glossary is not None),
            f'<div class="columns" aria-hidden="true"><span>{unit.capitalize()}</span>'
            f"<span>Source · {_esc(side_tags(alignment)[0])}</span>"
            f"<span>Target · {_esc(side_tags(alignment)[1])}</span></div>\n",
            f'<main id="beads" class="beads" data-unit="{unit}">',
            '<noscript><p class="empty">Turn on JavaScript to see the beads.</p></noscript>',
            "</main>\n",
            '<nav class="pager" aria-label="pages">'
            '<button type="button" id="prev-bottom">‹ Previous</button>'
            '<span id="page-bottom"></span>'
            '<button type="button" id="next-bottom">Next ›</button></nav>\n',
            f'<script type="application/json" id="report-data">{_json_for_script(data)}</script>\n',
            f"<script>{_asset('report.js')}</script>\n</body>\n</html>\n",
        ]
    )


def _head_html(title: str) -> str:
    """Doctype, head (the CSS inline, a CSP allowing only the page's own CSS and script by
    hash) and the opening body tag."""
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="glossalign report">\n'
        f"<title>{_esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
    )


def _page_data(
    alignment: Alignment, review: Review, low_confidence: float, page_size: int
) -> dict[str, Any]:
    """What the page's script renders: the beads (texts split at term hits, finding ids),
    the findings' messages, the glossary's labels."""
    findings, beads = review.findings, alignment.beads
    terms: Sequence[BeadTerms | None] = review.terms or [None] * len(beads)
    return {
        "low": low_confidence,
        "pageSize": page_size,
        "langs": [alignment.src_lang, alignment.tgt_lang],
        "tags": list(side_tags(alignment)),
        "beads": [
            _bead_record(alignment, b, hits, findings_idx)
            for b, hits, findings_idx in zip(
                beads, terms, _findings_by_bead(findings, len(beads)), strict=True
            )
        ],
        "findings": [[f.bead, f.check, finding_message(f)] for f in findings],
        "terms": _term_labels(review),
        "kinds": HIT_LABELS,
    }


def finding_message(finding: Finding) -> str:
    """One line describing a finding for a translator (see glossary.checks for the fields)."""
    term, expected, found = finding.source_term, finding.expected, finding.found
    use = f", use “{expected}”" if expected else ""
    if finding.check == "untranslated":
        return "untranslated: the translation of this segment is empty"
    if finding.check == "missing":
        return f"{term}: “{expected}” not found in the translation"
    if finding.check == "forbidden":
        return f"{term}: forbidden rendering “{found}”{use}"
    if finding.check == "deprecated":
        return f"{term}: deprecated rendering “{found}”{use}"
    if finding.check == "inconsistent":
        return f"{term}: rendered “{found}” here; most often {expected}"
    return f"{term}: expected {expected}, found {found or 'none'}"


def segments(text: str, hits: Iterable[TermHit], context: Set[int] = frozenset()) -> Segments:
    """Split ``text`` into plain strings and ``[surface, code, entry]`` marks for the page data.

    Overlapping hits are resolved left to right, the longer hit first. When one span is a hit
    of several entries, an entry in ``context`` (the entries whose source term is in the bead)
    wins, then an allowed rendering over a forbidden one. A text without hits stays a string.
    """
    ordered = sorted(
        hits,
        key=lambda h: (h.start, h.start - h.end, h.entry not in context, h.kind == "forbidden"),
    )
    out: list[str | list[Any]] = []
    pos = 0
    for hit in ordered:
        if hit.start < pos or hit.end <= hit.start or hit.end > len(text):
            continue
        if hit.start > pos:
            out.append(text[pos : hit.start])
        out.append([text[hit.start : hit.end], HIT_CODES[hit.kind], hit.entry])
        pos = hit.end
    if not out:
        return text
    if pos < len(text):
        out.append(text[pos:])
    return out


def _bead_record(
    alignment: Alignment, bead: Bead, hits: BeadTerms | None, finding_ids: list[int]
) -> list[Any]:
    src, tgt = alignment.src_text(bead), alignment.tgt_text(bead)
    score = None if math.isnan(bead.score) else round(bead.score, 3)
    if hits is None:
        return [list(bead.src), list(bead.tgt), score, src, tgt, finding_ids]
    context = {h.entry for h in hits.source}
    return [
        list(bead.src),
        list(bead.tgt),
        score,
        segments(src, hits.source),
        segments(tgt, hits.target, context),
        finding_ids,
    ]


def _term_labels(review: Review) -> list[str]:
    """``"全域封禁 → global ban"`` for each glossary entry, for the tooltips of highlights."""
    if review.glossary is None:
        return []
    return [f"{e.label} → {e.target}" for e in review.glossary.entries]


def _findings_by_bead(findings: Sequence[Finding], n_beads: int) -> list[list[int]]:
    by_bead: list[list[int]] = [[] for _ in range(n_beads)]
    for k, f in enumerate(findings):
        if f.bead is not None and 0 <= f.bead < n_beads:
            by_bead[f.bead].append(k)
    return by_bead


def _is_low(score: float, threshold: float) -> bool:
    return math.isnan(score) or score < threshold


# --- server-rendered parts ------------------------------------------------------------------


def _documents_html(documents: Sequence[tuple[str, str]]) -> str:
    if not documents:
        return ""
    rows = "".join(f"<dt>{_esc(label)}</dt><dd>{_esc(path)}</dd>" for label, path in documents)
    return f'<dl class="documents">{rows}</dl>\n'


def _summary_html(
    alignment: Alignment, low: Sequence[bool], findings: Sequence[Finding], threshold: float
) -> str:
    beads = alignment.beads
    scores = [b.score for b in beads if not math.isnan(b.score)]
    mean = f"{sum(scores) / len(scores):.2f}" if scores else "n/a"
    stats: list[tuple[str, str, str]] = [
        (f"{len(alignment.src):,}", f"source sentences ({alignment.src_lang})", ""),
        (f"{len(alignment.tgt):,}", f"target sentences ({alignment.tgt_lang})", ""),
    ]
    if alignment.mode == "paraphrase":
        linked_src = {i for b in beads for i in b.src}
        linked_tgt = {j for b in beads for j in b.tgt}
        stats += [
            (f"{len(beads):,}", "paraphrase links", ""),
            (f"{len(alignment.src) - len(linked_src):,}", "unlinked source sentences", ""),
            (f"{len(alignment.tgt) - len(linked_tgt):,}", "unlinked target sentences", ""),
        ]
    else:
        stats.append((f"{len(beads):,}", "beads", ""))
    stats += [
        (mean, "mean score", ""),
        (f"{sum(low):,}", f"low confidence (&lt; {threshold:g})", "warn" if any(low) else ""),
        (f"{len(findings):,}", "glossary findings", "bad" if findings else ""),
    ]
    cards = "".join(
        f'<div class="stat {cls}"><span class="num">{num}</span>'
        f'<span class="label">{label}</span></div>'
        for num, label, cls in stats
    )
    chips = "".join(
        f'<li class="chip c-{k}">{k.replace("_", " ")} <b>{n:,}</b></li>'
        for k, n in summarize(findings).items()
        if n
    )
    chips_html = f'<ul class="chips" aria-label="findings by kind">{chips}</ul>' if chips else ""
    mode = "paraphrase links" if alignment.mode == "paraphrase" else "monotonic beads"
    return (
        f'<section class="summary" aria-label="summary"><h2>Summary <small>{mode}, '
        f"{_esc(alignment.src_lang)} → {_esc(alignment.tgt_lang)}</small></h2>"
        f'<div class="stats">{cards}</div>{chips_html}</section>\n'
    )


def _score_chart(beads: Sequence[Bead], threshold: float) -> str:
    counts = [0] * _HIST_BINS
    for b in beads:
        if not math.isnan(b.score):
            counts[min(_HIST_BINS - 1, max(0, int(b.score * _HIST_BINS)))] += 1
    width, height, left, bottom, top = 300, 150, 28, 22, 16
    plot_h = height - bottom - top
    bar_w = (width - left - 8) / _HIST_BINS
    peak = max(counts) or 1
    bars = []
    for k, n in enumerate(counts):
        h = plot_h * n / peak
        x = left + k * bar_w
        y = top + plot_h - h
        lo, hi = k / _HIST_BINS, (k + 1) / _HIST_BINS
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
            f'class="s{k}"><title>{lo:.1f}–{hi:.1f}: {n:,}</title></rect>'
        )
        if n:
            bars.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" class="val">{_short(n)}</text>'
            )
    tx = left + threshold * (width - left - 8)
    axis_y = top + plot_h
    return (
        '<figure class="chart"><figcaption>Score distribution</figcaption>'
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-label="histogram of bead scores">'
        f'<line x1="{left}" y1="{axis_y}" x2="{width - 8}" y2="{axis_y}" class="axis"/>'
        + "".join(bars)
        + f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{axis_y}" class="threshold">'
        f"<title>low-confidence threshold {threshold:g}</title></line>"
        f'<text x="{left}" y="{height - 6}" class="tick">0</text>'
        f'<text x="{left + (width - left - 8) / 2:.1f}" y="{height - 6}" class="tick">0.5</text>'
        f'<text x="{width - 8}" y="{height - 6}" class="tick end">1</text>'
        "</svg></figure>\n"
    )


def _kind_chart(beads: Sequence[Bead], unit: str) -> str:
    counts = Counter(b.kind for b in beads).most_common()
    if len(counts) > 7:
        counts = [*counts[:6], ("other", sum(n for _, n in counts[6:]))]
    row_h, width, left = 20, 300, 44
    height = max(1, len(counts)) * row_h + 20
    peak = max((n for _, n in counts), default=1)
    rows = []
    for k, (kind, n) in enumerate(counts):
        y = 8 + k * row_h
        w = (width - left - 56) * n / peak
        rows.append(
            f'<text x="{left - 6}" y="{y + 13}" class="tick end">{_esc(kind)}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row_h - 6}" '
            f'class="kbar"><title>{_esc(kind)}: {n:,}</title></rect>'
            f'<text x="{left + w + 5:.1f}" y="{y + 13}" class="val start">{n:,}</text>'
        )
    return (
        f'<figure class="chart"><figcaption>{unit.capitalize()} types</figcaption>'
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{unit} types by count">' + "".join(rows) + "</svg></figure>\n"
    )


def _unlinked_html(alignment: Alignment) -> str:
    if alignment.mode != "paraphrase":
        return ""
    parts = []
    sides = (("source", alignment.src, "s"), ("target", alignment.tgt, "t"))
    for (side, sents, prefix), lang in zip(sides, side_tags(alignment), strict=True):
        linked = {i for b in alignment.beads for i in (b.src if prefix == "s" else b.tgt)}
        items = "".join(
            f'<li><span class="sid">{prefix}{i}</span> {_esc(s)}</li>'
            for i, s in enumerate(sents)
            if i not in linked
        )
        n = len(sents) - len(linked)
        body = f'<ul lang="{_esc(lang)}">{items}</ul>' if n else '<p class="empty">None.</p>'
        parts.append(
            f'<details class="unlinked" id="unlinked-{side}"><summary>Unlinked {side} '
            f"sentences <b>{n:,}</b></summary>{body}</details>"
        )
    return '<section class="unlinked-panel">' + "".join(parts) + "</section>\n"


def _stretches_html(alignment: Alignment) -> str:
    """Monotonic mode: each stretch of sentences with no counterpart (``align.stretches``),
    folded, with a link to its first bead; the bead list folds them too (report.js)."""
    stretches = unaligned_stretches(alignment) if alignment.mode == "monotonic" else []
    if not stretches:
        return ""
    first_bead: dict[tuple[str, int], int] = {}
    for k, b in enumerate(alignment.beads):
        for key in [("src", i) for i in b.src] + [("tgt", j) for j in b.tgt]:
            first_bead.setdefault(key, k)
    parts = []
    for s in stretches:
        k = int(s.side == "tgt")
        sents, lang = (alignment.src, alignment.tgt)[k], side_tags(alignment)[k]
        items = "".join(
            f'<li><span class="sid">{i + 1}</span> {_esc(sents[i])}</li>'
            for i in range(s.start, s.end)
        )
        bead = first_bead.get((s.side, s.start))
        where = (
            ""
            if bead is None
            else (f'<p>From <a class="stretch-start" href="#bead-{bead}">bead #{bead}</a>.</p>')
        )
        parts.append(
            f'<details class="unlinked stretch"><summary>{_esc(describe(s, alignment))}'
            f"</summary>{where}"
            f'<ul lang="{_esc(lang)}">{items}</ul></details>'
        )
    total = sum(len(s) for s in stretches)
    return (
        '<section class="stretches" aria-label="unaligned stretches"><h2>Unaligned '
        f"<small>{total:,} sentences in {len(stretches):,} "
        f"{'stretch' if len(stretches) == 1 else 'stretches'}, numbered from 1</small>"
        "</h2>" + "".join(parts) + "</section>\n"
    )


def _findings_html(findings: Sequence[Finding], n_beads: int) -> str:
    if not findings:
        return ""
    rows = []
    for f in findings:
        if f.bead is not None and 0 <= f.bead < n_beads:
            where = f'<a href="#bead-{f.bead}">#{f.bead}</a>'
        else:
            where = '<span class="muted">document</span>'
        check = _esc(f.check)
        rows.append(
            f'<tr class="c-{check}"><td>{where}</td>'
            f'<td><span class="chip c-{check}">{check.replace("_", " ")}</span></td>'
            f"<td>{_esc(finding_message(f))}</td>"
            f'<td class="ctx" lang="en">{_esc(_clip(f.target_text))}</td></tr>'
        )
    return (
        f'<details class="findings" id="findings"{" open" if len(findings) <= 30 else ""}>'
        f"<summary>Glossary findings <b>{len(findings):,}</b></summary>"
        '<div class="table-wrap"><table><thead><tr><th>Bead</th><th>Check</th><th>Finding</th>'
        "<th>Translation</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
        "</details>\n"
    )


def _toolbar_html(unit: str, with_terms: bool) -> str:
    legend = (
        '<span class="legend" aria-label="highlight legend">'
        + "".join(f'<mark class="k-{c}">{label}</mark>' for c, label in HIT_LABELS.items())
        + "</span>"
        if with_terms
        else ""
    )
    filters = (
        ("all", f"All {unit}s"),
        ("flagged", "Flagged"),
        ("low", "Low confidence"),
        ("findings", "With findings"),
    )
    buttons = "".join(
        f'<button type="button" class="filter" data-filter="{key}" '
        f'aria-pressed="{"true" if key == "all" else "false"}">{label}</button>'
        for key, label in filters
    )
    return (
        '<div class="toolbar">'
        f'<div class="filters">{buttons}</div>'
        '<input type="search" id="search" placeholder="Search both sides  ( / )" '
        'aria-label="search both sides" autocomplete="off">'
        '<span id="count" class="count" aria-live="polite"></span>'
        '<span class="nav"><button type="button" id="prev">‹</button>'
        '<span id="page"></span><button type="button" id="next">›</button></span>'
        f'<span class="break"></span>{legend}'
        '<span class="keys"><kbd>j</kbd>/<kbd>k</kbd> next/previous flagged · '
        "<kbd>/</kbd> search</span></div>\n"
    )


# --- helpers --------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """HTML-escape text, replacing control characters that HTML does not allow; line and
    paragraph separators as references, as raw they break lines in some editors."""
    escaped = _CONTROL.sub("\ufffd", html.escape(text, quote=True))
    return escaped.replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(n: int) -> str:
    return f"{n / 1000:.1f}k" if n >= 10_000 else str(n)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or be misread as HTML or JS."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _asset(name: str) -> str:
    return files("align.report").joinpath("assets", name).read_text(encoding="utf-8")
