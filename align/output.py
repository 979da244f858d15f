"""Every file glossalign writes goes through here: checked first, written atomically, as a set.

Rules (docs/reference/outputs.md):

* A regular file is replaced atomically (temp file in the same folder, then ``rename``), keeping
  an existing file's permission bits (and, for root, its owner); a new file gets the umask's
  mode. Temp names fit a 255-byte file name whatever the output's name.
* ``-`` is standard output. A character device or FIFO (``/dev/null``, a named pipe) and any
  existing path under ``/dev`` or ``/proc`` that is not a block device (``/dev/stdout``,
  ``/dev/fd/3``) is written through (appended to, never created, truncated or replaced), with
  no UTF-8 byte-order mark: that marks a file for spreadsheets, a stream's reader is a program
  (``csv.reader`` would read the first column as ``\ufeffbead``). Block devices (a disk:
  ``/dev/loop0``), sockets and folders are refused.
* A symlink is followed: the file it points to is replaced, the link stays.
* ``write_outputs`` writes a set of files all-or-nothing: every temp file first, then the
  streams, then the renames; a failure before the renames (a full disk, ``/dev/full``) leaves
  every file target as it was.
* Every ``OSError`` (disk full, read-only folder, permission) becomes an ``InputError`` naming
  the path, and no temp file is left behind.
* ``emit`` writes to stdout when no path is given; a full or closed stdout is one error line.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError, discard_stdout, os_error

# mkstemp adds 8 random characters; ".", ".", ".tmp" and these fit in NAME_MAX (255 bytes).
_TEMP_NAME_BYTES = 255 - 8 - 6
#: Outputs that are this process's stdout ("-" included): written through ``emit``.
_STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Target:
    """Where an output goes: the file to replace (symlinks resolved), or a stream to write
    through (character device, FIFO); ``mode`` and ``owner`` (uid, gid) what a replaced file
    keeps."""

    path: Path  # as the user gave it (for messages)
    real: Path
    stream: bool
    mode: int | None
    owner: tuple[int, int] | None = None


def check_output(path: Path) -> Target:
    """Where writing ``path`` would go, or an InputError saying why it cannot (a folder, a
    block device or socket, a parent that is a file). Creates nothing."""
    path = Path(path)
    if str(path) == "-":
        return Target(path, path, True, None)
    special = path.is_absolute() and path.parts[1:2] in (("dev",), ("proc",))
    if special and path.exists():  # /dev/stdout, /dev/fd/3: whatever they point at
        check_writable(path, os.stat(path))
        return Target(path, path, True, None)
    real = Path(os.path.realpath(path))  # follows symlinks, dangling ones too
    try:
        info = real.stat()
    except FileNotFoundError:
        _check_parent(path, real.parent)
        return Target(path, real, False, None)
    except OSError as exc:
        raise os_error(path, exc) from None
    if not check_writable(path, info):
        return Target(path, real, True, None)
    return Target(path, real, False, stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid))


def check_writable(path: Path, info: os.stat_result) -> bool:
    """Whether the existing output ``path`` (``info``: its stat, links followed) is a regular
    file to replace (True) or a character device or FIFO to write through (False); a folder,
    block device or socket is an InputError."""
    if stat.S_ISREG(info.st_mode):
        return True
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return False
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory; give a file name")
    kind = "a block device (a disk)" if stat.S_ISBLK(info.st_mode) else "a socket"
    raise InputError(f"{path}: {kind}; glossalign writes files, character devices and FIFOs only")


def _check_parent(path: Path, parent: Path) -> None:
    """The nearest existing ancestor of ``parent`` must be a folder (we create the rest)."""
    for folder in (parent, *parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise InputError(f"{path}: {folder} is not a directory")
            return


def check_outputs(paths: Sequence[Path]) -> list[Target]:
    """``check_output`` for each path: call it before the work, so a bad output fails fast."""
    return [check_output(p) for p in paths]


def _temp_prefix(name: str) -> str:
    raw = name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES]
    return "." + raw.decode("utf-8", "ignore") + "."


def _write_temp(target: Target, data: bytes) -> str:
    """``data`` in a temp file next to ``target.real``; returns its path."""
    parent = target.real.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.real.name), suffix=".tmp", dir=parent)
    except OSError as exc:
        raise os_error(target.path, exc) from None
    try:
        if target.mode is None:  # mkstemp makes the file 0600; new outputs follow the umask
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        else:
            os.fchmod(fd, target.mode)
        if target.owner is not None and target.owner != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.fchown(fd, *target.owner)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_error(target.path, exc) from None
        raise
    return tmp


def _write_stream(target: Target, data: bytes) -> None:
    data = data.removeprefix(_BOM.encode())
    if str(target.path) in _STDOUT_NAMES:  # share stdout's file offset with what we print
        emit(data.decode("utf-8"), None)
        return
    try:
        # Appended, never created or truncated: a /dev/fd/N may be a file the shell opened.
        fd = os.open(target.real, os.O_WRONLY | os.O_APPEND)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise os_error(target.path, exc) from None


def write_outputs(items: Sequence[tuple[Path, bytes]]) -> None:
    """Write every ``(path, data)`` or none: all targets checked, all temp files written,
    devices and FIFOs written through, then the temp files renamed. An InputError before the
    renames (a full disk, a full device) leaves every file target as it was."""
    targets = check_outputs([path for path, _ in items])
    temps: list[tuple[str, Target]] = []
    try:
        for target, (_, data) in zip(targets, items, strict=True):
            if not target.stream:
                temps.append((_write_temp(target, data), target))
        for target, (_, data) in zip(targets, items, strict=True):
            if target.stream:
                _write_stream(target, data)
        while temps:
            tmp, target = temps[0]
            try:
                os.replace(tmp, target.real)
            except OSError as exc:
                raise os_error(target.path, exc) from None
            temps.pop(0)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)


def to_stdout(path: Path | None) -> bool:
    """Whether a result for ``path`` goes to this process's stdout (none given, or ``-``)."""
    return path is None or str(path) in _STDOUT_NAMES


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: readers see the old file or the whole new one."""
    write_outputs([(Path(path), data)])


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` of ``text`` as UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


def emit(text: str, output: Path | None) -> None:
    """Send a result to ``output`` atomically, or to stdout (no byte-order mark) when no path
    is given or it is ``-``."""
    if output is not None:
        atomic_write_text(output, text)
        return
    text = text.removeprefix(_BOM)
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        raise InputError("stdout is closed; pass --output FILE")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        discard_stdout()
        if isinstance(exc, OSError):
            raise os_error("stdout", exc) from None
        raise InputError("stdout is closed; pass --output FILE") from None
