"""Running a review: the session from the command's files, and the uvicorn server.

``serve`` binds 127.0.0.1 only (``port=0``: a free port), prints the URL with the session's
random token as its first stdout line, opens the browser unless told not to, and serves until
Ctrl-C (uvicorn shuts down cleanly; every edit is already in the session file).
"""

from __future__ import annotations

import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import uvicorn

from align.beads import Alignment
from align.console import info
from align.encoders import load_encoder
from align.errors import InputError
from align.io import Encoding
from align.readers import DocFormat
from align.review.app import create_app
from align.review.realign import Realigner
from align.review.session import Paths, Session

if TYPE_CHECKING:
    from glossary.io import GlossaryOptions

HOST = "127.0.0.1"
Split = Literal["auto", "lines"]


def output_stem(output: Path | None, source: Path) -> Path:
    """``--output``: an existing folder gets the source's name without suffixes
    (``letter.zh.txt`` -> ``letter``); anything else is the stem itself."""
    name = source.name.split(".")[0]
    if output is None:
        return Path("output") / name
    if output.is_dir():
        return output / name
    return output


def read_documents(
    source: Path,
    target: Path | None,
    split: Split,
    realigner: Realigner,
    fmt: DocFormat = "auto",
    encoding: Encoding = "auto",
    langs: tuple[str | None, str | None] = (None, None),
) -> Alignment:
    """The alignment to review: read from an alignment file (TSV, JSONL or a bilingual CAT
    file), or made from two documents (``fmt``, ``encoding``: see ``align.readers``; ``langs``:
    their declared BCP 47 tags, see ``align.pipeline.read_side``)."""
    if target is None:
        from align.formats import read_any_alignment

        return read_any_alignment(source)
    from align.errors import warn
    from align.pipeline import DocumentOptions, read_side

    options = DocumentOptions(split, fmt, encoding, src_lang=langs[0], tgt_lang=langs[1])
    src, tgt = read_side(source, options, 0), read_side(target, options, 1)
    for warning in (src.warning, tgt.warning):
        if warning is not None:
            warn(warning)
    from align.progress import stderr_progress

    with stderr_progress() as progress:  # the whole document: the gap cache's first entry
        beads = realigner.align_gap(src.sentences, tgt.sentences, (src.lang, tgt.lang), progress)
    return Alignment(
        src.sentences, tgt.sentences, tuple(beads), src.lang, tgt.lang, tags=(src.tag, tgt.tag)
    )


def build_session(
    source: Path,
    target: Path | None = None,
    *,
    glossary: Path | None = None,
    encoder: str = "default",
    split: Split = "auto",
    output: Path | None = None,
    ignore: Path | None = None,
    fmt: DocFormat = "auto",
    encoding: Encoding = "auto",
    glossary_options: GlossaryOptions | None = None,
    langs: tuple[str | None, str | None] = (None, None),
) -> Session:
    """A session on SOURCE and TARGET (or the alignment file SOURCE), restored from its
    session file if there is one for the same documents; ``langs``: as ``read_documents``."""
    from glossary.io import read_glossary

    terms = read_glossary(glossary, glossary_options) if glossary is not None else None
    realigner = Realigner(load_encoder(encoder, cache=True))  # the model loads on first use
    alignment = read_documents(source, target, split, realigner, fmt, encoding, langs)
    stem = output_stem(output, source)
    paths = Paths(stem, ignore or stem.with_name(stem.name + ".ignore.json"), glossary)
    return Session(alignment, paths, realigner, terms)


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"--port {port}: cannot listen on {HOST} ({exc.strerror})") from None
    sock.listen(64)
    return sock


def make_server(session: Session, port: int = 0) -> tuple[uvicorn.Server, socket.socket, str]:
    """The uvicorn server for ``session`` on a bound socket, and the URL to open."""
    sock = bind(port)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    config = uvicorn.Config(
        create_app(session, token, port),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,  # Ctrl-C never waits on a browser's open connection
    )
    return uvicorn.Server(config), sock, f"http://{HOST}:{port}/?token={token}"


def serve(session: Session, *, port: int = 0, open_browser: bool = True) -> None:
    """Print the URL (first stdout line), open it, serve until Ctrl-C."""
    server, sock, url = make_server(session, port)
    print(url, flush=True)
    if session.restored:
        info(f"restored the session from {session.paths.session}")
    elif session.foreign:
        print(
            f"{session.paths.session} holds a session on other documents: the first edit "
            "replaces it (give another --output to keep it)",
            file=sys.stderr,
        )
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down, then re-raised the Ctrl-C it caught
        pass
    finally:
        sock.close()
    info(f"stopped; the session is kept in {session.paths.session}")
