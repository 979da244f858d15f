"""Review sessions: undo/redo, the session file, saved outputs with status, glossary findings,
ignores and term candidates."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_review_realign import EN, ZH, DesignedEncoder

from align.beads import Alignment, Bead
from align.errors import InputError
from align.formats import read_alignment, render
from align.review.edits import EditError, State, flagged
from align.review.ignores import apply_ignores, read_ignores, text_hash
from align.review.outputs import render_outputs
from align.review.realign import Realigner
from align.review.session import Paths, Session
from glossary.checks import check_alignment
from glossary.io import read_glossary

GLOSSARY = (
    "source,target,variants,forbidden,case,status,note\n"
    "管理员,administrator,,sysop,insensitive,preferred,\n"
)
SRC = ("管理员说明了情况。", "基金会宣布了决定。", "管理员再次说明。", "全域封禁生效。")
TGT = ("The sysop explained.", "The Foundation announced it.", "The sysop said it again.",
       "The global ban took effect.")  # fmt: skip


def make(tmp_path: Path, src: tuple[str, ...] = SRC, tgt: tuple[str, ...] = TGT) -> Session:
    glossary = tmp_path / "glossary.csv"
    if not glossary.exists():
        glossary.write_text(GLOSSARY, encoding="utf-8")
    alignment = Alignment(src, tgt, tuple(Bead((k,), (k,), 0.5) for k in range(len(src))))
    paths = Paths(tmp_path / "out" / "doc", tmp_path / "ignore.json", glossary)
    return Session(alignment, paths, Realigner(DesignedEncoder()), read_glossary(glossary))


def test_undo_redo_every_edit(tmp_path: Path) -> None:
    s = make(tmp_path)
    s.edit("confirm", {"bead": 0})
    s.edit("merge", {"bead": 1})
    s.edit("edit", {"sentence": 3, "text": "The global ban applied."})
    assert s.counts() == {"unreviewed": 1, "confirmed": 1, "edited": 1}
    after = s.state
    s.undo()
    assert s.state.alignment.tgt == TGT
    s.undo()
    s.undo()
    assert s.counts() == {"unreviewed": 4, "confirmed": 0, "edited": 0}
    with pytest.raises(EditError, match="nothing to undo"):
        s.undo()
    for _ in range(3):
        s.redo()
    assert s.state == after
    with pytest.raises(EditError, match="nothing to redo"):
        s.redo()
    s.undo()
    s.edit("unconfirm", {"bead": 0})  # a new edit drops the redo branch
    with pytest.raises(EditError, match="nothing to redo"):
        s.redo()


def test_bad_edit_arguments_are_refused(tmp_path: Path) -> None:
    s = make(tmp_path)
    cases: list[tuple[str, dict[str, object]]] = [
        ("merge", {}), ("merge", {"bead": "1"}),
        ("move", {"bead": 1, "side": "x", "direction": "prev"}), ("rm", {"bead": 0}),
    ]  # fmt: skip
    for op, args in cases:
        with pytest.raises(EditError):
            s.edit(op, args)
    assert s.version == 0 and not s.paths.session.exists()


def test_session_file_restores_the_edits(tmp_path: Path) -> None:
    s = make(tmp_path)
    s.edit("merge", {"bead": 0})
    s.edit("edit", {"sentence": 2, "text": "The administrator said it again."})
    s.decide_term(s.terms.proposals()[0].source, None)
    again = make(tmp_path)
    assert again.restored
    assert again.state == State(s.state.alignment, s.state.status)
    assert again.terms.decided == s.terms.decided
    assert again.version == s.version  # the page's version goes on across a restart
    # Other documents: the session file is not theirs, start afresh.
    other = make(tmp_path, tgt=(*TGT[:3], "Another ending."))
    assert not other.restored and other.counts()["unreviewed"] == 4
    assert other.foreign and not again.foreign


def test_a_broken_session_file_is_one_clear_error(tmp_path: Path) -> None:
    s = make(tmp_path)
    s.paths.session.parent.mkdir()
    s.paths.session.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a usable review session file"):
        make(tmp_path)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r["beads"][0].__setitem__(0, [0, 99]),  # an id out of range
        lambda r: r["beads"].pop(),  # a sentence in no bead
        lambda r: r["beads"].reverse(),  # out of order
        lambda r: r["beads"][0].__setitem__(3, "approved"),  # no such status
        lambda r: r.__setitem__("beads", "[]"),
        lambda r: r["blocks"] is None and r.__setitem__("blocks", [[0], [0]]),
    ],
)
def test_a_tampered_session_file_is_refused(tmp_path: Path, tamper: object) -> None:
    s = make(tmp_path)
    s.edit("merge", {"bead": 0})
    record = json.loads(s.paths.session.read_text(encoding="utf-8"))
    tamper(record)  # type: ignore[operator]
    s.paths.session.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError, match=r"doc\.review\.json: not a usable review session file"):
        make(tmp_path)


def test_realign_keeps_the_fixed_beads(tmp_path: Path) -> None:
    src, tgt = tuple(ZH), tuple(EN)
    s = make(tmp_path, src, tgt)
    s.edit("merge", {"bead": 2})  # [2,3]:[2,3], edited
    s.edit("confirm", {"bead": 5})
    s.edit("realign", {})
    beads = [(b.src, b.tgt) for b in s.state.alignment.beads]
    assert beads[2] == ((2, 3), (2, 3)) and s.state.status[2] == "edited"
    assert beads[5] == ((6,), (6,)) and s.state.status[5] == "confirmed"
    assert beads[:2] == [((0,), (0,)), ((1,), (1,))]
    s.undo()
    assert len(s.state.alignment.beads) == 7


def test_save_writes_every_format_with_status(tmp_path: Path) -> None:
    s = make(tmp_path)
    s.edit("confirm", {"bead": 1})
    s.edit("merge", {"bead": 2})
    s.edit("edit", {"sentence": 0, "text": "The administrator explained."})
    written = s.save()
    stem = tmp_path / "out" / "doc"
    assert [p.name for p in written] == [
        "doc.align", "doc.tsv", "doc.jsonl", "doc.tmx", "doc.edited.en.txt",
    ]  # fmt: skip
    assert (stem.parent / "doc.align").read_text().splitlines() == [
        "[0]:[0]:0.500", "[1]:[1]:1.000", "[2,3]:[2,3]:1.000",
    ]  # fmt: skip
    rows = list(csv.reader((stem.parent / "doc.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert rows[0][-1] == "status" and [r[-1] for r in rows[1:]] == ["", "confirmed", "edited"]
    assert rows[1][4] == "The administrator explained."
    assert read_alignment(stem.parent / "doc.tsv") == flagged(s.state)  # status read past
    records = [json.loads(line) for line in (stem.parent / "doc.jsonl").open(encoding="utf-8")]
    assert [r["status"] for r in records] == ["", "confirmed", "edited"]
    tmx = (stem.parent / "doc.tmx").read_text(encoding="utf-8")
    assert tmx.count('<prop type="x-glossalign-status">') == 2
    assert '<prop type="x-glossalign-status">confirmed</prop>' in tmx
    edited = (stem.parent / "doc.edited.en.txt").read_text(encoding="utf-8").splitlines()
    assert edited == ["The administrator explained.", *TGT[1:]]


def test_crossing_links_are_saved_in_every_format_and_read_back(tmp_path: Path) -> None:
    s = make(tmp_path)
    s.edit("link", {"src": 1, "tgt": 2})  # in order: beads []:[1], [1]:[2], [2]:[]
    s.edit("link", {"src": 2, "tgt": 1})  # across
    beads = s.state.alignment.beads
    assert [(b.src, b.tgt, b.crossing) for b in beads] == [
        ((0,), (0,), False), ((1,), (2,), False), ((2,), (1,), True), ((3,), (3,), False),
    ]  # fmt: skip
    s.save()
    out = tmp_path / "out"
    assert "[2]:[1]:1.000:crossing" in (out / "doc.align").read_text().splitlines()
    for suffix in (".tsv", ".jsonl"):
        back = read_alignment(out / f"doc{suffix}")
        assert back.beads == flagged(s.state).beads
    tmx = (out / "doc.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-glossalign-status">crossing</prop>' in tmx
    assert s.counts()["unreviewed"] == 2
    s.edit("realign", {})  # never undoes the links
    assert [(b.src, b.tgt, b.crossing) for b in s.state.alignment.beads][1:3] == [
        ((1,), (2,), False), ((2,), (1,), True),
    ]  # fmt: skip


def test_split_and_join_re_align_around_the_change(tmp_path: Path) -> None:
    s = make(tmp_path, tuple(ZH), tuple(EN))
    s.edit("confirm", {"bead": 7})
    # Chinese 2 and 3 joined: its bead and the ones beside it are aligned again, in one
    # undo step; the other beads are untouched.
    s.edit("join_sentence", {"side": "src", "sentence": 2})
    beads = [(b.src, b.tgt) for b in s.state.alignment.beads]
    assert beads[:2] == [((0,), (0,)), ((1,), (1,))]
    assert beads[2] == ((2,), (2, 3))
    assert s.state.alignment.src[2] == ZH[2] + ZH[3] and len(s.state.alignment.src) == 7
    assert s.state.status[-1] == "confirmed"
    s.undo()
    assert s.state.alignment.src == tuple(ZH)
    s.edit("split_sentence", {"side": "tgt", "sentence": 4, "text": "Echo. Echo.", "at": 5})
    assert s.state.alignment.tgt[4:6] == ("Echo.", "Echo.")
    assert [i for b in s.state.alignment.beads for i in b.tgt] == list(range(9))


def test_saved_text_keeps_its_paragraphs(tmp_path: Path) -> None:
    s = make(tmp_path)
    s = Session(s.base, s.paths, s.realigner, s.terms.glossary, blocks=((0, 0, 1, 1), (0, 0, 1, 1)))
    s.edit("edit", {"side": "src", "sentence": 3, "text": "全域封禁于是生效。"})
    texts = render_outputs(s.state, s.base)
    assert texts[".edited.zh.txt"] == f"{SRC[0]}{SRC[1]}\n\n{SRC[2]}全域封禁于是生效。\n"
    assert ".edited.en.txt" not in texts


def test_without_flags_the_outputs_are_the_default_writers(tmp_path: Path) -> None:
    s = make(tmp_path)
    texts = render_outputs(s.state, s.base)
    alignment = s.state.alignment
    assert texts == {
        ".align": render(alignment, "beads"), ".tsv": render(alignment, "tsv"),
        ".jsonl": render(alignment, "jsonl"), ".tmx": render(alignment, "tmx"),
    }  # fmt: skip


def test_accepting_a_finding_by_editing_reruns_the_check(tmp_path: Path) -> None:
    s = make(tmp_path)
    assert [(f.bead, f.check) for f in s.findings()] == [(0, "forbidden"), (2, "forbidden")]
    s.edit("edit", {"sentence": 0, "text": "The administrator explained."})
    assert [(f.bead, f.check) for f in s.findings()] == [(2, "forbidden")]


def test_ignored_finding_is_kept_in_the_project_file(tmp_path: Path) -> None:
    s = make(tmp_path)
    with pytest.raises(EditError, match="reason"):
        s.ignore(0, " ")
    s.ignore(1, "quoted user name")
    assert [f.bead for f in s.findings()] == [0]
    ignores = read_ignores(tmp_path / "ignore.json")
    assert [(i.check, i.source_term, i.reason) for i in ignores] == [
        ("forbidden", "管理员", "quoted user name")
    ]
    assert ignores[0].text_hash == text_hash(SRC[2])
    # A new session (and glossary check --ignore) applies it; after re-alignment too, since
    # it names the bead by its Chinese: bead 2 merged with bead 3 has other Chinese text.
    again = make(tmp_path)
    assert [f.bead for f in again.findings()] == [0]
    merged = Alignment(SRC, TGT, (Bead((0,), (0,)), Bead((1,), (1,)), Bead((2, 3), (2, 3))))
    glossary = read_glossary(tmp_path / "glossary.csv")
    found = check_alignment(merged, glossary)
    assert [f.bead for f in apply_ignores(found, merged, ignores)] == [0, 2]


def test_bad_ignore_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ignore.json"
    path.write_text('{"version": 1, "ignores": [{"check": "typo"}]}', encoding="utf-8")
    with pytest.raises(InputError, match="ignore 1 needs"):
        read_ignores(path)


def test_accepted_term_goes_into_the_glossary_as_admitted(tmp_path: Path) -> None:
    src = ("维基百科的编辑松开始了。", "编辑松吸引了新人。", "编辑松结束。")
    tgt = ("The Wikipedia edit-a-thon began.", "The edit-a-thon drew newcomers.",
           "The edit-a-thon ended.")  # fmt: skip
    s = make(tmp_path, src, tgt)
    term = next(p for p in s.terms.proposals() if p.source == "编辑松")
    s.decide_term(term.source, "  editathon ")
    rows = list(csv.DictReader((tmp_path / "glossary.csv").open(encoding="utf-8-sig")))
    assert rows[0]["source"] == "管理员"
    assert (rows[-1]["source"], rows[-1]["target"], rows[-1]["status"]) == (
        "编辑松", "editathon", "admitted",
    )  # fmt: skip
    assert "编辑松" not in [p.source for p in s.terms.proposals()]
    with pytest.raises(EditError, match="no open term candidate"):
        s.decide_term("编辑松", None)


EDITS = st.one_of(
    st.builds(lambda k: ("confirm", {"bead": k}), st.integers(0, 4)),
    st.builds(lambda k: ("unconfirm", {"bead": k}), st.integers(0, 4)),
    st.builds(lambda k: ("merge", {"bead": k}), st.integers(0, 4)),
    st.builds(
        lambda k, a, b: ("split", {"bead": k, "src_cut": a, "tgt_cut": b}),
        st.integers(0, 4), st.integers(0, 2), st.integers(0, 2),
    ),
    st.builds(
        lambda k, side, d: ("move", {"bead": k, "side": side, "direction": d}),
        st.integers(0, 4), st.sampled_from(["src", "tgt"]), st.sampled_from(["prev", "next"]),
    ),
    st.builds(
        lambda j, t: ("edit", {"sentence": j, "text": t}),
        st.integers(0, 3), st.sampled_from(["Edited.", "Another text."]),
    ),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, max_size=10))
def test_undo_all_then_redo_all_round_trips(ops: list[tuple[str, dict[str, object]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = make(Path(tmp))
        states = [s.state]
        for op, args in ops:
            try:
                s.edit(op, args)
            except EditError:
                continue
            states.append(s.state)
        for expected in reversed(states[:-1]):
            s.undo()
            assert s.state == expected
        for expected in states[1:]:
            s.redo()
            assert s.state == expected
        # The session file holds the last state reached.
        if len(states) > 1:
            assert make(Path(tmp)).state == states[-1]


def test_saved_status_follows_one_sided_beads_listed_last(tmp_path: Path) -> None:
    s = make(tmp_path)
    beads = (Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,)), Bead((3,), (3,)))
    s = Session(Alignment(SRC, TGT, beads), s.paths, s.realigner, s.terms.glossary)
    s.edit("confirm", {"bead": 3})
    texts = render_outputs(s.state, s.base)
    rows = list(csv.reader(texts[".tsv"].splitlines(), delimiter="\t"))[1:]
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        ("0", "0", ""), ("2", "2", "confirmed"), ("3", "3", ""), ("1", "", ""), ("", "1", ""),
    ]  # fmt: skip
    records = [json.loads(line) for line in texts[".jsonl"].splitlines()]
    assert [r["status"] for r in records] == ["", "confirmed", "", "", ""]
    path = tmp_path / "saved.tsv"
    path.write_text(texts[".tsv"], encoding="utf-8")
    assert read_alignment(path).beads == flagged(s.state).beads  # back in bead order
