from collections import Counter
from pathlib import Path

import pytest

from align.beads import Alignment, Bead
from glossary.checks import Finding, check_alignment, summarize
from glossary.inflect import term_forms
from glossary.matching import TermHit, TermMatcher
from glossary.model import Entry, Glossary

GLOSSARY = Glossary(
    (
        Entry(("全域封禁",), "global ban", forbidden=("global lock",)),  # 0
        Entry(("全域锁定",), "global lock", forbidden=("global ban",)),  # 1
        Entry(("管理员",), "administrator", variants=("admin",), forbidden=("manager",)),  # 2
        Entry(("维基媒体中国",), "Wikimedia China", status="deprecated"),  # 3
        Entry(("基金会",), "Foundation", case="sensitive"),  # 4
        Entry(("基金会",), "fund", status="deprecated"),  # 5: an old rendering of 基金会
    )
)


def check(*pairs: tuple[str, str]) -> list[tuple[int | None, str, str, str, str]]:
    alignment = Alignment(
        tuple(p[0] for p in pairs),
        tuple(p[1] for p in pairs),
        tuple(Bead((i,), (i,)) for i in range(len(pairs))),
    )
    return [
        (f.bead, f.check, f.source_term, f.expected, f.found)
        for f in check_alignment(alignment, GLOSSARY)
    ]


def test_clean_text_has_no_findings() -> None:
    assert (
        check(
            ("基金会实施全域封禁。", "The Foundation imposed global bans."),
            ("两名管理员被全域锁定。", "Two administrators were global-locked."),
        )
        == []
    )


def test_missing() -> None:
    assert check(("管理员。", "The moderator.")) == [(0, "missing", "管理员", "administrator", "")]


def test_case_sensitive_rendering_in_the_wrong_case_is_missing() -> None:
    assert check(("基金会。", "The foundation.")) == [(0, "missing", "基金会", "Foundation", "")]


def test_forbidden_only_where_the_source_term_occurs() -> None:
    assert check(
        ("管理员。", "The manager."),
        ("没有术语。", "A manager again."),  # another subject: the words may be right
    ) == [(0, "forbidden", "管理员", "administrator", "manager")]


def check_beads(
    src: tuple[str, ...], tgt: tuple[str, ...], *beads: Bead
) -> list[tuple[object, ...]]:
    alignment = Alignment(src, tgt, beads)
    return [(f.bead, f.check, f.found) for f in check_alignment(alignment, GLOSSARY)]


def test_beads_with_one_side_only_get_no_missing_or_stray_forbidden() -> None:
    src = ("管理员发言。", "全域锁定生效。")
    tgt = ("A global ban applies.", "The global lock took effect.")
    # A Chinese sentence without English: no "missing"; an English-only sentence with a
    # forbidden rendering of a term whose Chinese is elsewhere: nothing.
    beads = (Bead((0,), ()), Bead((), (0,)), Bead((1,), (1,)))
    assert check_beads(src, tgt, *beads) == []
    # Aligned, the same sentences are checked as usual.
    assert check_beads(src, tgt, Bead((0,), (0,)), Bead((1,), (1,))) == [
        (0, "missing", ""),
    ]


def test_swapped_renderings_are_forbidden() -> None:
    assert check(("全域封禁。", "A global lock.")) == [
        (0, "forbidden", "全域封禁", "global ban", "global lock")
    ]


def test_forbidden_span_allowed_for_another_term_of_the_bead_is_not_reported() -> None:
    assert check(("全域封禁与全域锁定。", "A global ban and a global lock.")) == []


def test_count_mismatch() -> None:
    [finding] = check_alignment(
        Alignment(("管理员和管理员。",), ("The administrator.",), (Bead((0,), (0,)),)), GLOSSARY
    )
    assert (finding.check, finding.expected, finding.found, finding.span) == (
        "count_mismatch",
        "administrator ×2",
        "administrator ×1",
        (4, 17),
    )


def test_deprecated_entry_and_deprecated_rendering_of_a_current_term() -> None:
    assert check(
        ("维基媒体中国。", "Wikimedia China."),
        ("基金会。", "The fund."),
    ) == [
        (0, "deprecated", "维基媒体中国", "", "Wikimedia China"),
        (1, "deprecated", "基金会", "Foundation", "fund"),  # not also missing
    ]


def test_inconsistent_reports_each_minority_use_with_the_distribution() -> None:
    findings = check(
        ("管理员。", "An administrator."),
        ("管理员。", "Administrators."),
        ("管理员。", "An admin."),
        ("管理员。", "The admins."),
        ("管理员。", "The administrator."),
    )
    expected = "administrator — administrator ×3 (beads 0, 1, 4); admin ×2 (beads 2, 3)"
    assert findings == [
        (2, "inconsistent", "管理员", expected, "admin"),
        (3, "inconsistent", "管理员", expected, "admins"),
    ]


def test_inconsistent_tie_goes_to_the_preferred_rendering() -> None:
    assert [f[0] for f in check(("管理员。", "admin"), ("管理员。", "administrator"))] == [0]


def test_findings_carry_texts_and_span_into_target_text() -> None:
    alignment = Alignment(("管", "理员。"), ("The", "manager."), (Bead((0, 1), (0, 1)),))
    [finding] = check_alignment(alignment, GLOSSARY)
    assert finding == Finding(
        0, "forbidden", "管理员", "administrator", "manager", "管理员。", "The manager.", (4, 11)
    )
    assert finding.target_text[4:11] == "manager"


def test_summarize_lists_every_check() -> None:
    findings = check_alignment(Alignment(("管理员。",), ("x",), (Bead((0,), (0,)),)), GLOSSARY)
    assert summarize(findings) == {
        "missing": 1,
        "forbidden": 0,
        "inconsistent": 0,
        "count_mismatch": 0,
        "deprecated": 0,
        "untranslated": 0,
    }


# --- acceptance on the seeds: gold alignment clean, error-injected copy caught --------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = [
    SEEDS / n for n in ("letter.zh.txt", "letter.en.txt", "letter.gold.align", "glossary.csv")
]
needs_seeds = pytest.mark.skipif(
    not all(p.exists() for p in SEED_FILES),
    reason="seeds/letter.zh.txt, letter.en.txt, letter.gold.align or glossary.csv missing",
)
Kind = str  # forbidden, dropped, variant, inflected, swapped
CAUGHT_BY = {
    "forbidden": {"forbidden"},
    "dropped": {"missing", "count_mismatch"},
    "variant": {"inconsistent"},
    "swapped": {"forbidden", "missing"},
    "inflected": set(),  # must not be flagged
}


def seed_alignment(copies: int = 1) -> tuple[Alignment, Glossary]:
    """The gold alignment, one target "sentence" per bead (so that a bead's English can be
    edited on its own), the whole letter ``copies`` times over."""
    from align.formats import load_alignment
    from glossary.io import read_glossary

    zh, en, beads, glossary = SEED_FILES
    aligned = load_alignment(None, zh, en, beads)
    texts = tuple(aligned.tgt_text(b) for b in aligned.beads)
    n_src, n_tgt = len(aligned.src), len(texts)
    beads_ = tuple(
        Bead(tuple(i + c * n_src for i in b.src), (k + c * n_tgt,) if b.tgt else ())
        for c in range(copies)
        for k, b in enumerate(aligned.beads)
    )
    return Alignment(aligned.src * copies, texts * copies, beads_), read_glossary(glossary)


def inject(
    aligned: Alignment, glossary: Glossary
) -> tuple[Alignment, dict[tuple[int | None, str], Kind]]:
    """Edit the English of distinct beads: each error kind at least five times."""
    matcher = TermMatcher(glossary)
    candidates: dict[int, list[tuple[int, TermHit]]] = {}  # entry → (bead, its only rendering)
    for k, bead in enumerate(aligned.beads):
        src_hits = Counter(h.entry for h in matcher.find_source(aligned.src_text(bead)))
        tgt_hits = matcher.find_target(aligned.tgt_text(bead))
        for entry, n in src_hits.items():
            mine = [h for h in tgt_hits if h.entry == entry and h.kind != "forbidden"]
            shared = [
                h for h in tgt_hits
                if mine and h.entry != entry and h.kind != "forbidden"
                and (h.start, h.end) == (mine[0].start, mine[0].end)
            ]  # fmt: skip
            if (
                n == 1
                and len(mine) == 1
                and not shared
                and glossary.entries[entry].status != "deprecated"
            ):
                candidates.setdefault(entry, []).append((k, mine[0]))
    texts = list(aligned.tgt)
    injected: dict[tuple[int | None, str], Kind] = {}
    used: set[int] = set()

    def edit(kind: Kind, entry: int, bead: int, hit: TermHit, replacement: str) -> None:
        k = aligned.beads[bead].tgt[0]
        texts[k] = texts[k][: hit.start] + replacement + texts[k][hit.end :]
        injected[(bead, glossary.entries[entry].label)] = kind
        used.add(bead)

    def free(entry: int, kinds: tuple[str, ...] = ("target",)) -> list[tuple[int, TermHit]]:
        return [(b, h) for b, h in candidates.get(entry, []) if b not in used and h.kind in kinds]

    labels = {e.label: i for i, e in enumerate(glossary.entries)}
    for a, b in (("全域封禁", "全域锁定"), ("全域锁定", "全域封禁")):  # swapped renderings
        other = glossary.entries[labels[b]]
        for index, hit in free(labels[a], ("target", "variant"))[:4]:
            edit(
                "swapped",
                labels[a],
                index,
                hit,
                other.target if hit.kind == "target" else other.variants[0],
            )
    counts = Counter(injected.values())
    for entry in sorted(candidates, key=lambda e: -len(candidates[e])):
        e = glossary.entries[entry]
        spare = free(entry)
        if e.variants and counts["variant"] < 6 and len(spare) >= 3:  # others keep the target
            edit("variant", entry, *spare[0], e.variants[0])
            counts["variant"] += 1
            spare = spare[1:]
        plans = [
            ("forbidden", e.forbidden[0] if e.forbidden else None),
            ("dropped", ""),
            (
                "inflected",
                next(iter(sorted(f for f in term_forms(e.target) if f != e.target)), None),
            ),
        ]
        for kind, replacement in plans:
            if replacement is not None and spare and counts[kind] < 8:
                edit(kind, entry, *spare[0], replacement)
                counts[kind] += 1
                spare = spare[1:]
    return Alignment(aligned.src, tuple(texts), aligned.beads), injected


@needs_seeds
@pytest.mark.parametrize("copies", [1, 2])
def test_seeds_gold_alignment_is_clean(copies: int) -> None:
    aligned, glossary = seed_alignment(copies)
    assert check_alignment(aligned, glossary) == []


@needs_seeds
def test_seeds_error_injection_recall_and_false_findings() -> None:
    # 全域封禁/全域锁定 occur in only four beads of the letter: inject into the letter twice over
    aligned, glossary = seed_alignment(copies=2)
    corrupted, injected = inject(aligned, glossary)
    kinds = Counter(injected.values())
    assert all(kinds[k] >= 5 for k in CAUGHT_BY), kinds
    findings = check_alignment(corrupted, glossary)
    caught = {
        key
        for key, kind in injected.items()
        if any((f.bead, f.source_term) == key and f.check in CAUGHT_BY[kind] for f in findings)
    }
    expected = {key for key, kind in injected.items() if CAUGHT_BY[kind]}
    false = [
        f
        for f in findings
        if f.check not in CAUGHT_BY.get(injected.get((f.bead, f.source_term), ""), set())
        and not (f.check == "inconsistent" and injected.get((f.bead, f.source_term)) == "variant")
    ]
    recall = len(caught & expected) / len(expected)
    false_share = len(false) / len(findings)
    print(
        f"injected {dict(kinds)}; recall {recall:.3f}; false findings {len(false)}/{len(findings)}"
    )
    assert recall >= 0.95 and false_share <= 0.05, (recall, false)
