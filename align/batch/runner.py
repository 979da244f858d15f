"""Run a corpus on Dask: a ``LocalCluster`` of worker processes on this machine, or an existing
cluster (``--scheduler`` or ``DASK_SCHEDULER_ADDRESS``). One task per pair, the largest pairs
first; results are streamed back with ``as_completed`` and handed to the caller as they arrive.
A failed task (bad file, worker died) is submitted once more, then reported with its reason.
A bad file comes back as a ``PairFailure`` value, so workers log no traceback for it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from align.batch.inputs import Pair
from align.batch.job import PairFailure, PairResult, Settings, align_pair
from align.errors import InputError

if TYPE_CHECKING:
    from distributed import Client, Future

    from glossary.model import Glossary

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
#: Seconds to wait for a scheduler to answer (``--scheduler-timeout``).
CONNECT_TIMEOUT = 10.0


def scheduler_address(scheduler: str | None) -> str | None:
    """The scheduler to use (``scheduler``, else ``$DASK_SCHEDULER_ADDRESS``, else None: a
    local cluster), checked to be an address Dask can connect to (``tcp://host:port``...)."""
    from distributed.comm.addressing import get_address_host_port

    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if address is None:
        return None
    where = "--scheduler" if scheduler else f"${SCHEDULER_ENV}"
    try:
        _, port = get_address_host_port(address)
        if not 0 < port < 65536:
            raise ValueError(f"port {port} out of range")
    except (ValueError, TypeError, KeyError, NotImplementedError) as exc:
        reason = str(exc).split(" (known schemes")[0]
        raise InputError(
            f"{where} {address!r}: not a Dask scheduler address ({reason}); give one like "
            "tcp://host:8786"
        ) from None
    return address


def _unreachable(address: str, reason: str) -> InputError:
    return InputError(
        f"--scheduler {address}: {reason}; start `dask scheduler` and workers, or leave "
        "--scheduler out to run locally"
    )


def check_scheduler(address: str, timeout: float) -> None:
    """The scheduler at ``address`` answers Dask's handshake within ``timeout`` seconds.
    Checked on its own because ``Client`` bounds the connection but not the handshake that
    follows: a server that accepts and never answers would hold it forever."""
    import asyncio

    from distributed.comm import connect

    async def handshake() -> None:
        # connect() retries a refused port until its timeout and then says so (OSError);
        # the outer bound, a little later, catches a server that accepts and never answers.
        comm = await asyncio.wait_for(connect(address, timeout=timeout), timeout + 0.5)
        await comm.close()

    try:
        asyncio.run(handshake())
    except TimeoutError:
        raise _unreachable(address, f"no answer within {timeout:g} s") from None
    except OSError as exc:
        raise _unreachable(address, f"cannot reach the Dask scheduler ({exc})") from None


@contextmanager
def dask_client(
    workers: int | None, address: str | None, timeout: float = CONNECT_TIMEOUT
) -> Iterator[Client]:
    """A client of the cluster at ``address`` (see ``scheduler_address``), answering within
    ``timeout`` seconds, else of a local cluster of ``workers`` processes (default: the
    cores), one thread each, listening on 127.0.0.1 only and without a dashboard; a local
    cluster is shut down on the way out."""
    import dask
    from distributed import Client, LocalCluster

    if address:
        check_scheduler(address, timeout)
        try:
            client = Client(address, timeout=timeout)
        except OSError as exc:
            raise _unreachable(address, f"cannot reach the Dask scheduler ({exc})") from None
        with client:
            yield client
        return
    # A pair that kills its worker fails at once (KilledWorker); run_pairs then retries it once.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with _ctrl_c_ignored():  # by the worker processes started now: they inherit it
            # The scheduler's HTTP server (health routes, no dashboard) on a free port: its
            # default, 8787, is taken by any other cluster on the machine (a warning).
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )  # fmt: skip
        with cluster, Client(cluster) as client:
            yield client


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """SIGINT ignored while local workers start, so that they inherit that: a terminal's
    Ctrl-C reaches the whole process group, and only this process should act on it (stop, and
    shut the workers down) instead of every worker printing a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def failure_reason(exc: BaseException | None) -> str:
    """One line: an InputError's message as is (it names the file), else the exception's type
    and first line."""
    from distributed import KilledWorker

    if isinstance(exc, InputError):
        return str(exc)
    if exc is None:
        return "cancelled (the scheduler lost the task)"
    if isinstance(exc, KilledWorker):
        return "KilledWorker: the worker died while aligning it; see the worker's log"
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}".rstrip(": ")


def run_pairs(
    client: Client,
    pairs: Sequence[Pair],
    settings: Settings,
    glossary: Glossary | None,
    on_result: Callable[[Pair, PairResult], None],
    on_failure: Callable[[Pair, str], None],
    retries: int = 1,
) -> None:
    """Align every pair on the cluster; each result goes to ``on_result`` as it arrives, each
    pair that failed ``retries + 1`` times to ``on_failure`` with the last reason.

    The largest pairs (in bytes) start first, so that the last one to finish is a small one
    instead of a large one started while the other workers have nothing left to do (the six
    Bible documents, 11k to 73k sentences, on 2 workers with time proportional to sentences:
    done after 130k sentences' work instead of 143k in name order). They are submitted in
    that order, since a task sent to an idle worker starts before the scheduler sees the next
    one, and with their size as priority, since the scheduler does not start queued tasks in
    submission order (newest first, seen on one worker) and a retry should go ahead of the
    smaller pairs still queued."""
    from distributed import as_completed

    shared = client.scatter(glossary, broadcast=True) if glossary is not None else None
    run = uuid.uuid4().hex[:8]
    sizes = {pair.name: input_bytes(pair) for pair in pairs}

    def submit(pair: Pair, attempt: int) -> Future:
        # Absolute paths: a remote worker's working directory is not ours.
        task = dataclasses.replace(
            pair, source=pair.source.absolute(), target=pair.target.absolute()
        )
        return client.submit(
            align_pair, task, settings, shared, key=f"align-{pair.name}-{run}-{attempt}",
            pure=False, retries=0, priority=sizes[pair.name],
        )  # fmt: skip

    largest_first = sorted(pairs, key=lambda pair: -sizes[pair.name])  # stable: ties by name
    attempts = {submit(pair, 0): (pair, 0) for pair in largest_first}
    queue = as_completed(list(attempts))
    for future in queue:
        pair, attempt = attempts.pop(future)
        outcome = _outcome(future)
        future.release()
        if isinstance(outcome, PairResult):
            on_result(pair, outcome)
        elif attempt < retries:
            again = submit(pair, attempt + 1)
            attempts[again] = (pair, attempt + 1)
            queue.add(again)
        else:
            on_failure(pair, outcome)


def input_bytes(pair: Pair) -> int:
    """The bytes of both documents of ``pair``; 0 when this machine cannot stat one (a path
    only the remote workers see): such a pair starts after the others."""
    try:
        return pair.source.stat().st_size + pair.target.stat().st_size
    except OSError:
        return 0


def _outcome(future: Future) -> PairResult | str:
    """The pair's result, or why it failed: its bad input, or the task's error."""
    if future.status == "finished":
        result = future.result()
        return result.reason if isinstance(result, PairFailure) else result
    return failure_reason(future.exception() if future.status == "error" else None)
