"""The editor's HTTP rules, through Starlette's TestClient: token, Host header, assets only,
no CORS, escaping; and the API round trip."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from test_review_realign import DesignedEncoder

from align.beads import Alignment, Bead
from align.review.app import TOKEN_HEADER, create_app
from align.review.realign import Realigner
from align.review.session import Paths, Session
from glossary.model import Entry, Glossary

TOKEN = "s3cret-token"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SCRIPT = "管理员说<script>window.pwned = 1</script>。"
IMG = 'The sysop said <img src=x onerror="window.pwned = 2">.'


@pytest.fixture
def session(tmp_path: Path) -> Session:
    src = (SCRIPT, "基金会宣布了决定。", "全域封禁生效。")
    tgt = (IMG, "The Foundation announced it.", "The global ban took effect.")
    alignment = Alignment(src, tgt, tuple(Bead((k,), (k,), 0.5) for k in range(3)))
    glossary = Glossary((Entry(("管理员",), "administrator", forbidden=("sysop",)),))
    paths = Paths(tmp_path / "doc", tmp_path / "ignore.json", None)
    return Session(alignment, paths, Realigner(DesignedEncoder()), glossary)


@pytest.fixture
def client(session: Session) -> TestClient:
    return TestClient(create_app(session, TOKEN, PORT), base_url=BASE)


@pytest.mark.parametrize("path", ["/", "/api/state", "/assets/editor.js", "/assets/editor.css"])
def test_missing_or_wrong_token_is_forbidden(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 403
    assert client.get(path, params={"token": "s3cret-tokeN"}).status_code == 403
    assert client.get(path, headers={TOKEN_HEADER: "nope"}).status_code == 403
    assert client.get(path, params={"token": TOKEN}).status_code == 200
    assert client.get(path, headers={TOKEN_HEADER: TOKEN}).status_code == 200


def test_changes_need_the_token_in_the_header(client: TestClient, session: Session) -> None:
    body = {"version": 0, "op": "confirm", "bead": 0}
    assert client.post("/api/edit", json=body).status_code == 403
    assert client.post("/api/edit", json=body, params={"token": TOKEN}).status_code == 403
    client.cookies.set("token", TOKEN)
    assert client.post("/api/edit", json=body).status_code == 403
    assert session.version == 0
    ok = client.post("/api/edit", json=body, headers={TOKEN_HEADER: TOKEN})
    assert ok.status_code == 200 and ok.json()["counts"]["confirmed"] == 1


@pytest.mark.parametrize(
    "host",
    ["evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1", "0.0.0.0:8765",
     "127.0.0.1:8765.evil.example", ""],
)  # fmt: skip
def test_other_host_headers_are_forbidden(client: TestClient, host: str) -> None:
    response = client.get("/api/state", params={"token": TOKEN}, headers={"host": host})
    assert response.status_code == 403


def test_localhost_is_allowed(client: TestClient) -> None:
    response = client.get(
        "/api/state", params={"token": TOKEN}, headers={"host": f"localhost:{PORT}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/assets/../app.py", "/assets/..%2Fapp.py", "/assets/%2e%2e%2fsession.py",
        "/assets/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/editor.html", "/assets/static",
        "/assets/%2Fetc%2Fpasswd", "/static/editor.js", "/../../etc/passwd", "/etc/passwd",
        "/assets/editor.js%00.css", "/assets/./editor.js/..",
    ],
)  # fmt: skip
def test_path_traversal_reaches_no_file(client: TestClient, path: str) -> None:
    response = client.get(path, params={"token": TOKEN})
    assert response.status_code == 404
    assert "root:" not in response.text and "import" not in response.text


def test_no_cors_and_security_headers(client: TestClient) -> None:
    response = client.get(
        "/api/state", params={"token": TOKEN}, headers={"origin": "https://evil.example"}
    )
    assert not any(h.startswith("access-control-") for h in response.headers)
    preflight = client.options(
        "/api/edit",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST",
                 TOKEN_HEADER: TOKEN},
    )  # fmt: skip
    assert preflight.status_code in (403, 405)
    assert not any(h.startswith("access-control-") for h in preflight.headers)
    for r in (response, client.get("/"), preflight):
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_script_in_a_sentence_stays_data(client: TestClient) -> None:
    data = client.get("/api/state", params={"token": TOKEN})
    assert data.headers["content-type"] == "application/json"
    assert data.json()["src"][0] == SCRIPT and data.json()["tgt"][0] == IMG
    page = client.get("/", params={"token": TOKEN}).text
    assert "pwned" not in page  # document text never goes into the HTML
    js = client.get("/assets/editor.js", params={"token": TOKEN}).text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_page_carries_the_token_for_its_assets(client: TestClient) -> None:
    page = client.get("/", params={"token": TOKEN}).text
    assert f'<script src="/assets/editor.js?token={TOKEN}">' in page
    assert f'content="{TOKEN}"' in page


def test_api_round_trip_and_errors(client: TestClient, session: Session) -> None:
    h = {TOKEN_HEADER: TOKEN}
    state = client.get("/api/state", headers=h).json()
    assert [f["check"] for f in state["findings"]] == ["forbidden"]
    assert state["hits"]["tgt"][0] == [[4, 9, "f"]]  # "sysop"
    stale = client.post("/api/edit", json={"version": 5, "op": "merge", "bead": 0}, headers=h)
    assert stale.status_code == 409
    bad = client.post("/api/edit", json={"version": 0, "op": "merge", "bead": 2}, headers=h)
    assert bad.status_code == 400 and "last one" in bad.json()["error"]
    assert client.post("/api/edit", content=b"[1", headers=h).status_code == 400
    ignored = client.post(
        "/api/ignore", json={"version": 0, "finding": 0, "reason": "a user name"}, headers=h
    ).json()
    assert ignored["findings"] == [] and ignored["ignored"] == 1
    saved = client.post("/api/save", json={"version": ignored["version"]}, headers=h).json()
    assert [Path(p).name for p in saved["written"]] == [
        "doc.align",
        "doc.tsv",
        "doc.jsonl",
        "doc.tmx",
    ]


def test_a_large_body_is_refused_before_it_is_read(client: TestClient) -> None:
    from align.review.app import MAX_BODY

    h = {TOKEN_HEADER: TOKEN}
    big = b'{"version": 0, "op": "edit", "text": "' + b"x" * MAX_BODY + b'"}'
    response = client.post("/api/edit", content=big, headers=h)
    assert response.status_code == 413 and "request body over" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(MAX_BODY // 1024 + 2):
            yield b" " * 1024

    streamed = client.post("/api/edit", content=chunks(), headers=h)
    assert streamed.status_code == 413


def test_deeply_nested_json_is_a_bad_request(client: TestClient) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    response = client.post("/api/edit", content=nested, headers={TOKEN_HEADER: TOKEN})
    assert response.status_code in (400, 413)  # 200 KB: over the cap, or refused as JSON
    small = b"[" * 20_000 + b"]" * 20_000
    response = client.post("/api/edit", content=small, headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 400 and "nested too deeply" in response.json()["error"]


def test_an_edit_on_the_version_before_a_background_realign_still_applies(
    client: TestClient, session: Session
) -> None:
    h = {TOKEN_HEADER: TOKEN}
    client.post("/api/edit", json={"version": 0, "op": "merge", "bead": 0}, headers=h)
    # The page asks for a re-alignment and, before it has seen the result, confirms bead 1.
    started = client.post("/api/realign", json={"version": 1}, headers=h).json()
    assert started["job"]["running"] or started["version"] == 2
    while client.get("/api/job", headers=h).json()["job"]["running"]:
        time.sleep(0.02)
    assert session.version == 2 and session.auto == (1, 2)
    answer = client.post(
        "/api/edit", json={"version": 1, "op": "confirm", "bead": 1, "request": "r1"}, headers=h
    )
    assert answer.status_code == 200
    # The edit applied to the beads the page showed; the re-alignment runs again after it.
    while client.get("/api/job", headers=h).json()["job"]["running"]:
        time.sleep(0.02)
    assert session.state.status[:2] == ("edited", "confirmed")
    # Resent (the page did not hear the answer): not applied twice.
    again = client.post(
        "/api/edit", json={"version": 1, "op": "merge", "bead": 1, "request": "r1"}, headers=h
    )
    assert again.status_code == 200 and len(session.state.alignment.beads) == 2
    # Any other out-of-date version is refused.
    stale = client.post("/api/edit", json={"version": 0, "op": "merge", "bead": 0}, headers=h)
    assert stale.status_code == 409


def test_a_corpus_opens_only_its_own_pairs(tmp_path: Path) -> None:
    from align.formats import to_tsv
    from align.review.corpus import Corpus

    out = tmp_path / "out"
    (out / "pairs").mkdir(parents=True)
    alignment = Alignment(("第一句。",), ("First.",), (Bead((0,), (0,), 0.4),))
    for name in ("a", "b"):
        (out / "pairs" / f"{name}.tsv").write_text(to_tsv(alignment), encoding="utf-8")
    (tmp_path / "secret.tsv").write_text(to_tsv(alignment), encoding="utf-8")
    corpus = Corpus(out, Realigner(DesignedEncoder()), None, None)
    client = TestClient(create_app(corpus, TOKEN, PORT), base_url=BASE)
    h = {TOKEN_HEADER: TOKEN}
    assert client.get("/api/state", headers=h).status_code == 409  # no pair open yet
    assert [p["name"] for p in client.get("/api/pairs", headers=h).json()["pairs"]] == ["a", "b"]
    for name in ("../secret", "../../secret", "/etc/passwd", "a.tsv", "pairs/a", "", "c"):
        assert client.post("/api/open", json={"name": name}, headers=h).status_code == 404, name
    assert client.post("/api/open", json={"name": ["a"]}, headers=h).status_code == 400
    assert client.post("/api/open", json={"name": "a"}, headers=h).json() == {"opened": "a"}
    state = client.get("/api/state", headers=h).json()
    assert state["pair"] == "a" and state["tgt"] == ["First."]
    confirmed = client.post(
        "/api/edit", json={"version": state["version"], "op": "confirm", "bead": 0}, headers=h
    ).json()
    client.post("/api/save", json={"version": confirmed["version"]}, headers=h)
    assert sorted(p.name for p in (out / "pairs").iterdir()) == [
        "a.align", "a.jsonl", "a.review.json", "a.tmx", "a.tsv", "b.tsv",
    ]  # fmt: skip
    assert "editor.js" in client.get("/edit", params={"token": TOKEN}).text
    assert "corpus.js" in client.get("/", params={"token": TOKEN}).text


def test_bead_numbers_in_messages_count_from_one() -> None:
    from align.review.view import from_one

    message = "global lock — global lock ×5 (beads 0, 3, 8); global block ×1 (bead 16)"
    assert (
        from_one(message)
        == "global lock — global lock ×5 (beads 1, 4, 9); global block ×1 (bead 17)"
    )
    assert from_one("x ×2 (beads 0, 1, … 3 more)") == "x ×2 (beads 1, 2, … 3 more)"
