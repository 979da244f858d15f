import json
from pathlib import Path

import numpy as np
import pytest
from test_aligner import TokenEncoder

from align.beads import Bead
from align.bench.partial import (
    KINDS,
    SPLICED,
    Case,
    build_cases,
    format_bench,
    main,
    perturb,
    read_chapters,
    report_dict,
    run_partial_bench,
    score_cases,
)
from align.evaluate import Scores

# Ten 1-1 beads, then a 1-2 and a 2-1: 13 source and 13 target sentences.
GOLD = (
    *(Bead((k,), (k,)) for k in range(10)),
    Bead((10,), (10, 11)),
    Bead((11, 12), (12,)),
)
CLEAN = Case(
    "001", "clean", tuple(f"s{k}" for k in range(13)), tuple(f"t{k}" for k in range(13)), GOLD
)


def _pairs(case: Case) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in case.gold]


def test_tail_keeps_the_first_40_percent_of_the_source_and_frees_the_rest_of_the_target() -> None:
    case = perturb(CLEAN, "tail", np.random.default_rng(0), ())
    assert case.src == CLEAN.src[:5] and case.tgt == CLEAN.tgt  # round(0.4 * 12) = 5 beads
    assert _pairs(case) == [((k,), (k,)) for k in range(5)] + [((), (j,)) for j in range(5, 13)]


def test_head_drops_the_first_35_percent_of_the_target_and_frees_their_source() -> None:
    case = perturb(CLEAN, "head", np.random.default_rng(0), ())
    assert case.tgt == CLEAN.tgt[4:] and case.src == CLEAN.src  # round(0.35 * 12) = 4 beads
    expected = [((k,), ()) for k in range(4)] + [((k,), (k - 4,)) for k in range(4, 10)]
    assert _pairs(case) == [*expected, ((10,), (6, 7)), ((11, 12), (8,))]


def test_gap_drops_a_quarter_of_the_source_from_about_the_middle() -> None:
    case = perturb(CLEAN, "gap", np.random.default_rng(0), ())
    pairs = _pairs(case)
    cut = [j for src, tgt in pairs if not src for j in tgt]
    assert len(cut) == 3 and cut == list(range(cut[0], cut[0] + 3))  # 25 % of 12 beads
    assert 3 <= cut[0] <= 6
    assert len(case.src) == 10 and case.tgt == CLEAN.tgt
    assert sorted(i for src, _ in pairs for i in src) == list(range(10))


def test_splice_inserts_foreign_target_sentences_as_one_sided_beads() -> None:
    foreign = [f"f{k}" for k in range(40)]
    case = perturb(CLEAN, "splice", np.random.default_rng(1), foreign)
    added = [j for src, tgt in _pairs(case) if not src for j in tgt]
    assert len(added) == SPLICED and len(case.tgt) == 13 + SPLICED
    assert [case.tgt[j] for j in added] == foreign[int(case.tgt[added[0]][1:]) :][:SPLICED]
    assert sorted(j for _, tgt in _pairs(case) for j in tgt) == list(range(13 + SPLICED))


def test_cases_are_seeded_and_every_kind_is_built() -> None:
    cases = build_cases([CLEAN], seed=3)
    assert [c.kind for c in cases] == list(KINDS)
    assert cases == build_cases([CLEAN], seed=3)


def test_one_sided_beads_are_scored_per_sentence_and_every_output_bead_counts() -> None:
    case = perturb(CLEAN, "tail", np.random.default_rng(0), ())
    # Right 1-1 beads, then one wrong 1-1 bead where the gold leaves both unaligned... as a test
    # output that aligns source 4 to target 5 and leaves target 4 unaligned.
    out = [*(Bead((k,), (k,)) for k in range(4)), Bead((), (4,)), Bead((4,), (5,))]
    out += [Bead((), (j,)) for j in range(6, 13)]
    (kind,) = score_cases([case], [out])
    assert kind.kind == "tail"
    assert kind.one_sided_p == pytest.approx(7 / 8)  # target 4 is aligned in the gold
    assert kind.one_sided_r == pytest.approx(7 / 8)  # target 5 is not found
    assert kind.scores.p_strict == pytest.approx(11 / 13)
    assert kind.scores.r_strict == pytest.approx(4 / 5)


def test_bench_on_a_token_encoder_finds_the_perturbations(tmp_path: Path) -> None:
    # Two chapters of 30 one-line sentences each; a sentence's vector is its own random one.
    rng = np.random.default_rng(0)
    table = {}
    for name in ("001", "002"):
        for side in ("zh", "en", "gold"):
            (tmp_path / side).mkdir(exist_ok=True)
        zh = [f"s{name}{k} " + "字" * 20 for k in range(30)]
        en = [f"t{name}{k} " + "word " * 12 for k in range(30)]
        for k in range(30):
            v = rng.normal(size=32)
            table[f"s{name}{k}"], table[f"t{name}{k}"] = v, v + 0.3 * rng.normal(size=32)
        (tmp_path / "zh" / f"{name}.txt").write_text("\n".join(zh) + "\n", "utf-8")
        (tmp_path / "en" / f"{name}.txt").write_text("\n".join(en) + "\n", "utf-8")
        gold = "".join(f"[{k}]:[{k}]\n" for k in range(30))
        (tmp_path / "gold" / f"{name}.align").write_text(gold, "utf-8")
    assert [c.name for c in read_chapters(tmp_path)] == ["001", "002"]
    result = run_partial_bench(tmp_path, TokenEncoder(table), seed=0)
    assert [k.kind for k in result.kinds] == list(KINDS)
    assert result.score("clean").scores.f1_strict == 1.0
    assert all(k.one_sided_p >= 0.9 and k.one_sided_r >= 0.9 for k in result.kinds[1:])
    assert result.targets_met()
    data = report_dict(result)
    assert json.loads(json.dumps(data))["targets_met"] is True
    table_text = format_bench(result)
    assert table_text.splitlines()[2].startswith("clean") and "targets met: yes" in table_text


def test_targets_fail_when_a_perturbation_drops_too_far() -> None:
    from align.bench.partial import KindScore, PartialBench

    good = Scores(0.9, 0.9, 0.9, 1, 1, 1)
    bad = Scores(0.85, 0.85, 0.85, 1, 1, 1)
    kinds = (KindScore("clean", good, 0, 0, 0), KindScore("tail", bad, 1.0, 1.0, 10))
    result = PartialBench(1, 0, kinds, 1.0)
    assert result.drops()["tail"] == pytest.approx(0.05)
    assert not result.targets_met()


def test_main_names_the_missing_file_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "001.txt").write_text("一\n", "utf-8")
    assert main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "en/001.txt" in err
    assert main([str(tmp_path / "nowhere")]) == 1
    assert "no zh/*.txt" in capsys.readouterr().err
