"""Running a review: the session from the command's files, and the uvicorn server.

``build_session`` checks the outputs first (a stem under a file is one error line before any
work), reads within ``glossalign align``'s size limits, and restores the session file if it is
a session of these documents (a tampered one is refused). ``serve`` binds 127.0.0.1 only and
prints the URL with the session's token as its first stdout line. The port is stable: the one
the session last used, else one derived from the session file's path, so that a restarted
server answers the page still open (it keeps the token too); when that port is busy, a free
one, and a line on stderr says the open page cannot follow. ``--port N`` asks for N (busy: an
error), ``--port 0`` for any free port. Ctrl-C stops it with one line (every edit is already
in the session file).
"""

from __future__ import annotations

import hashlib
import secrets
import socket
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn

from align.beads import Alignment
from align.console import info
from align.encoders import load_encoder
from align.errors import InputError, warn
from align.io import Encoding
from align.output import check_outputs
from align.pipeline import Side, check_size
from align.readers import DocFormat
from align.review.app import create_app
from align.review.corpus import Corpus
from align.review.documents import Split, read_alignment_file, read_documented
from align.review.realign import Realigner
from align.review.session import Paths, Session

if TYPE_CHECKING:
    from glossary.io import GlossaryOptions

HOST = "127.0.0.1"
#: Stable ports are taken from here (above the usual services, below the ephemeral range).
STABLE_PORTS = (20000, 32000)
Blocks = tuple[tuple[int, ...], tuple[int, ...]] | None


def output_stem(output: Path | None, source: Path) -> Path:
    """``--output``: an existing folder gets the source's name without suffixes
    (``letter.zh.txt`` -> ``letter``); anything else is the stem itself."""
    name = source.name.split(".")[0]
    if output is None:
        return Path("output") / name
    if output.is_dir():
        return output / name
    return output


def check_stem(stem: Path) -> None:
    """Every file a session writes next to ``stem`` can be written (InputError otherwise)."""
    suffixes = (".review.json", ".align", ".tsv", ".jsonl", ".tmx")
    check_outputs([stem.with_name(stem.name + s) for s in suffixes])


def read_documents(
    source: Path, target: Path | None, split: Split, realigner: Realigner, **options: Any
) -> Alignment:
    """The alignment ``open_documents`` gives (``options``: its ``fmt`` and ``encoding``),
    without the paragraphs."""
    alignment, _ = open_documents(source, target, split, realigner, **options)
    return alignment


def open_documents(
    source: Path,
    target: Path | None,
    split: Split,
    realigner: Realigner,
    fmt: DocFormat = "auto",
    encoding: Encoding = "auto",
    langs: tuple[str | None, str | None] = (None, None),
) -> tuple[Alignment, Blocks]:
    """The alignment to review (``read_input``, then ``align_input``) and the paragraph of
    each sentence, when read from documents."""
    return align_input(read_input(source, target, split, fmt, encoding, langs), realigner)


def read_input(
    source: Path,
    target: Path | None,
    split: Split,
    fmt: DocFormat = "auto",
    encoding: Encoding = "auto",
    langs: tuple[str | None, str | None] = (None, None),
) -> Alignment | tuple[Side, Side]:
    """What to review, read and checked before any model loads: an alignment file (TSV, JSONL
    or a bilingual CAT file), or the two documents' sides (``fmt``, ``encoding``: see
    ``align.readers``; ``langs``: their declared BCP 47 tags, see
    ``align.pipeline.read_side``), their language warnings printed."""
    if target is None:
        return read_alignment_file(source)
    from align.errors import warn
    from align.pipeline import DocumentOptions

    options = DocumentOptions(split, fmt, encoding, src_lang=langs[0], tgt_lang=langs[1])
    src, tgt = read_documented(source, options, 0), read_documented(target, options, 1)
    check_size(len(src.sentences), len(tgt.sentences))
    for warning in (src.warning, tgt.warning):
        if warning is not None:
            warn(warning)
    return src, tgt


def align_input(
    found: Alignment | tuple[Side, Side], realigner: Realigner
) -> tuple[Alignment, Blocks]:
    """The alignment of what ``read_input`` found (two documents are aligned whole) and the
    paragraph of each sentence when they were documents."""
    if isinstance(found, Alignment):
        return found, None
    src, tgt = found
    from align.progress import stderr_progress

    with stderr_progress() as progress:  # the whole document: the gap cache's first entry
        beads = realigner.align_gap(src.sentences, tgt.sentences, (src.lang, tgt.lang), progress)
    blocks = None
    if src.paragraphs is not None or tgt.paragraphs is not None:
        blocks = (
            src.paragraphs or tuple(range(len(src.sentences))),
            tgt.paragraphs or tuple(range(len(tgt.sentences))),
        )
    alignment = Alignment(
        src.sentences, tgt.sentences, tuple(beads), src.lang, tgt.lang, tags=(src.tag, tgt.tag)
    )
    return alignment, blocks


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
    session file if there is one for the same documents; ``langs``: as ``open_documents``."""
    from align.review.terms import load_terms

    stem = output_stem(output, source)
    check_stem(stem)
    terms = load_terms(glossary, glossary_options) if glossary is not None else None
    found = read_input(source, target, split, fmt, encoding, langs)  # bad input fails first
    realigner = Realigner(load_encoder(encoder, cache=True))  # the model loads on first use
    alignment, blocks = align_input(found, realigner)
    paths = Paths(stem, ignore or stem.with_name(stem.name + ".ignore.json"), glossary)
    return Session(alignment, paths, realigner, terms, blocks)


def build_target(source: Path, target: Path | None = None, **options: Any) -> Session | Corpus:
    """What ``glossalign review`` serves: the corpus of a ``batch`` output folder SOURCE, or
    a session (``build_session``, which takes the ``options``)."""
    from align.review.corpus import is_corpus, open_corpus
    from align.review.terms import load_terms

    if target is not None or not is_corpus(source):
        return build_session(source, target, **options)
    if options.get("output") is not None or options.get("ignore") is not None:
        raise InputError(f"{source}: a corpus saves into its own pairs/; drop -o and --ignore")
    glossary = options.get("glossary")
    terms = load_terms(glossary, options.get("glossary_options")) if glossary else None
    realigner = Realigner(load_encoder(options.get("encoder", "default"), cache=True))
    return open_corpus(source, realigner, terms, glossary)


def stable_port(session: Session | Corpus) -> int:
    """The port this session (or corpus) used last, else one its file's path picks."""
    if session.server is not None:
        return session.server[0]
    digest = hashlib.sha256(str(session.server_file.resolve()).encode("utf-8")).digest()
    low, high = STABLE_PORTS
    return low + int.from_bytes(digest[:4], "big") % (high - low)


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


def bind_for(session: Session | Corpus, port: int | None) -> socket.socket:
    """``port`` (0: any), or with None the session's stable port when it is free."""
    if port is not None:
        return bind(port)
    stable = stable_port(session)
    try:
        return bind(stable)
    except InputError:
        sock = bind(0)
        warn(
            f"port {stable} (this session's) is busy; serving on {sock.getsockname()[1]}: "
            "a page still open on the old port cannot follow, open the URL above"
        )
        return sock


def make_server(
    session: Session | Corpus, port: int | None = 0
) -> tuple[uvicorn.Server, socket.socket, str]:
    """The uvicorn server for ``session`` on a bound socket, and the URL to open."""
    sock = bind_for(session, port)
    port = sock.getsockname()[1]
    token = session.server[1] if session.server is not None else secrets.token_urlsafe(24)
    session.remember_server(port, token)
    config = uvicorn.Config(
        create_app(session, token, port),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,  # Ctrl-C never waits on a browser's open connection
    )
    return uvicorn.Server(config), sock, f"http://{HOST}:{port}/?token={token}"


def serve(session: Session | Corpus, *, port: int | None = None, open_browser: bool = True) -> None:
    """Print the URL (first stdout line), open it, serve until Ctrl-C."""
    server, sock, url = make_server(session, port)
    print(url, flush=True)
    if session.restored:
        info(f"restored the session from {session.server_file}")
    elif session.foreign:
        warn(
            f"{session.server_file} holds a session on other documents: the first edit "
            "replaces it (give another --output to keep it)"
        )
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down, then re-raised the Ctrl-C it caught
        pass
    finally:
        sock.close()
    kept = session.out / "pairs" if isinstance(session, Corpus) else session.paths.session
    info(f"stopped; the session is kept in {kept}")
