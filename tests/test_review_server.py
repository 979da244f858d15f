"""The review command for real: uvicorn on 127.0.0.1 in a subprocess, driven over HTTP, stopped
with Ctrl-C (SIGINT); and its bad-input errors through typer's CliRunner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import typer
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.formats import to_jsonl
from align.review.cli import review_command

ROOT = Path(__file__).resolve().parent.parent
RUN = (
    "import typer; from align.review.cli import review_command; "
    "app = typer.Typer(); app.command()(review_command); app()"
)


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(review_command)
    return app


def write_alignment(path: Path) -> None:
    src = ("第一句。", "第二句。", "第三句。")
    tgt = ("First.", "Second.", "Third.")
    path.write_text(to_jsonl(Alignment(src, tgt, tuple(Bead((k,), (k,), 0.5) for k in range(3)))))


def test_serves_on_localhost_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    aligned = tmp_path / "doc.jsonl"
    write_alignment(aligned)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN, str(aligned), "--no-open", "--port", "0",
         "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1" and parts.port and parts.port > 0
        token = parse_qs(parts.query)["token"][0]
        assert len(token) >= 32
        base = f"http://127.0.0.1:{parts.port}"
        with httpx.Client(base_url=base, timeout=10) as http:
            assert http.get("/api/state").status_code == 403
            state = http.get("/api/state", params={"token": token}).json()
            assert state["tgt"] == ["First.", "Second.", "Third."]
            edited = http.post(
                "/api/edit",
                json={"version": state["version"], "op": "merge", "bead": 0},
                headers={"X-Glossalign-Token": token},
            )
            assert edited.status_code == 200
            assert http.get(url).text.startswith("<!DOCTYPE html>")
            rebinding = http.get(url, headers={"host": f"evil.example:{parts.port}"})
            assert rebinding.status_code == 403
        assert (tmp_path / "out.review.json").exists()  # the edit is already on disk
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert (
        err.strip().splitlines()[-1]
        == f"stopped; the session is kept in {tmp_path / 'out.review.json'}"
    )


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli(), [str(tmp_path / "nope.jsonl"), "--no-open"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"glossalign: error: {tmp_path / 'nope.jsonl'}: no such file"
    ]


def test_busy_port_is_one_error_line(tmp_path: Path) -> None:
    import socket

    aligned = tmp_path / "doc.jsonl"
    write_alignment(aligned)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli(), [str(aligned), "--no-open", "--port", str(port), "-o", str(tmp_path / "o")]
        )
    assert result.exit_code == 1
    assert f"--port {port}: cannot listen on 127.0.0.1" in result.stderr


def test_output_stem_is_a_folder_or_a_stem(tmp_path: Path) -> None:
    from align.review.server import output_stem

    source = Path("texts/letter.zh.txt")
    assert output_stem(None, source) == Path("output/letter")
    assert output_stem(tmp_path, source) == tmp_path / "letter"
    assert output_stem(tmp_path / "fixed", source) == tmp_path / "fixed"


def test_build_session_aligns_two_texts_and_restores(tmp_path: Path) -> None:
    from align.review.server import build_session

    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"
    zh.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    en.write_text("The weather is fine today.\nWe go for a walk in the park.\n", encoding="utf-8")
    session = build_session(zh, en, encoder="use-m3", split="lines", output=tmp_path)
    assert [(b.src, b.tgt) for b in session.state.alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert session.paths.stem == tmp_path / "doc"
    assert session.paths.ignore == tmp_path / "doc.ignore.json"
    session.edit("confirm", {"bead": 1})
    again = build_session(zh, en, encoder="use-m3", split="lines", output=tmp_path)
    assert again.restored and again.state.status == ("", "confirmed")


def test_an_output_under_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    aligned = tmp_path / "doc.jsonl"
    write_alignment(aligned)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(
        cli(), [str(aligned), "--no-open", "-o", str(tmp_path / "afile" / "stem")]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"glossalign: error: {tmp_path / 'afile' / 'stem.review.json'}: cannot write "
        "(Not a directory)"
    ]


def test_a_tampered_session_file_is_refused_before_serving(tmp_path: Path) -> None:
    aligned = tmp_path / "doc.jsonl"
    write_alignment(aligned)
    from align.review.server import build_session

    session = build_session(aligned, None, output=tmp_path / "out")
    session.edit("confirm", {"bead": 0})
    record = json.loads(session.paths.session.read_text(encoding="utf-8"))
    record["beads"][0][0] = [0, 7]  # a sentence that is not there
    session.paths.session.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(cli(), [str(aligned), "--no-open", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "out.review.json: not a usable review session file" in line
    assert "move it away to start afresh" in line


def test_documents_over_the_align_limit_are_refused(tmp_path: Path) -> None:
    from align.io import MAX_DOCUMENT_BYTES

    big = tmp_path / "big.zh.txt"
    with big.open("wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: its size is all that is read
    small = tmp_path / "small.en.txt"
    small.write_text("Hello.\n", encoding="utf-8")
    for args in ([big, small], [big]):
        result = CliRunner().invoke(
            cli(), [*map(str, args), "--no-open", "-o", str(tmp_path / "o")]
        )
        assert result.exit_code == 1
        assert "MiB, over the 16 MiB one document may have" in result.stderr


def test_the_port_and_token_survive_a_restart(tmp_path: Path) -> None:
    from align.review.server import build_session, make_server, stable_port

    aligned = tmp_path / "doc.jsonl"
    write_alignment(aligned)
    session = build_session(aligned, None, output=tmp_path / "out")
    port = stable_port(session)
    assert 20000 <= port < 32000 and stable_port(session) == port  # from the path: stable
    _, sock, url = make_server(session, None)
    sock.close()
    again = build_session(aligned, None, output=tmp_path / "out")
    assert again.restored and again.server == session.server
    _, sock2, url2 = make_server(again, None)
    sock2.close()
    assert url2 == url  # the open page's URL still works


def test_a_batch_folder_opens_as_a_corpus(tmp_path: Path) -> None:
    from align.review.corpus import Corpus
    from align.review.server import build_target

    out = tmp_path / "out"
    (out / "pairs").mkdir(parents=True)
    write_alignment(out / "pairs" / "a.jsonl")
    (out / "batch.json").write_text('{"pairs": {}}\n', encoding="utf-8")
    corpus = build_target(out, encoder="use-m3")
    assert isinstance(corpus, Corpus) and corpus.names() == ["a"]
    result = CliRunner().invoke(cli(), [str(out), "--no-open", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and "a corpus saves into its own pairs/" in result.stderr


def test_edited_documents_are_saved_with_their_paragraphs(tmp_path: Path) -> None:
    from align.review.server import build_session

    zh, en = tmp_path / "doc.zh.md", tmp_path / "doc.en.md"
    zh.write_text("# 标题\n\n今天天气很好。我们去公园。\n\n晚上下雨了。\n", encoding="utf-8")
    en.write_text(
        "# Title\n\nThe weather is fine. We go to the park.\n\nIt rained at night.\n",
        encoding="utf-8",
    )
    session = build_session(zh, en, encoder="use-m3", output=tmp_path / "out")
    assert session.state.blocks == ((0, 1, 1, 2), (0, 1, 1, 2))
    session.edit("edit", {"side": "tgt", "sentence": 2, "text": "We went to the park."})
    session.edit(
        "split_sentence", {"side": "src", "sentence": 3, "text": "晚上，下雨了。", "at": 3}
    )
    session.save()
    assert (tmp_path / "out.edited.en.txt").read_text(encoding="utf-8") == (
        "Title\n\nThe weather is fine. We went to the park.\n\nIt rained at night.\n"
    )
    assert (tmp_path / "out.edited.zh.txt").read_text(encoding="utf-8") == (
        "标题\n\n今天天气很好。我们去公园。\n\n晚上，下雨了。\n"
    )
