"""Reading documents and writing results, shared by every command.

Writing never destroys a file: ``-`` is standard output; a path that exists and is not a regular
file (a FIFO, a terminal, ``/dev/null``) is written to as it is; a symlink is followed and its
target replaced; a regular file is replaced atomically (a temporary file in the same folder, then
a rename) and keeps its mode, a new file gets the umask's mode.  Paths are checked before any
work (:func:`check_output`), and an output that is one of the inputs is refused.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from derive.errors import UserError

MAX_DOCUMENT_BYTES = 5_000_000
STDOUT = "-"
_STDOUT_ALIASES = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
_STDERR_ALIASES = ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2")


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stream(path: str):
    """The binary stream `path` names ('-', /dev/stdout, /dev/stderr), else None."""
    if path == STDOUT or path in _STDOUT_ALIASES:
        sys.stdout.flush()
        return sys.stdout.buffer
    if path in _STDERR_ALIASES:
        sys.stderr.flush()
        return sys.stderr.buffer
    return None


def _why(err: OSError) -> str:
    return err.strerror or str(err)


def same_file(a: str, b: str) -> bool:
    """Do two paths name the same existing file (through symlinks and hard links)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_output(path: str, inputs: Iterable[str] = (), what: str = "") -> None:
    """UserError unless `path` can be written: before any work is done.

    `-` and devices are fine; a folder is not; the folder of a new file must exist; an output
    equal to one of `inputs` (the same file, also through a symlink) is refused.
    """
    label = f"{what} {path}".strip()
    if path == STDOUT or path in _STDOUT_ALIASES + _STDERR_ALIASES:
        return
    for src in inputs:
        if src and src != STDOUT and same_file(path, src):
            raise UserError(f"{label}: is the input {src}; refusing to overwrite it "
                            "(write the result elsewhere)")
    p = Path(path)
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as err:
        raise UserError(f"cannot write {path}: {_why(err)}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"cannot write {path}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            return  # a FIFO or a device: written to as it is
        if not os.access(p, os.W_OK):
            raise UserError(f"cannot write {path}: permission denied")
    target = Path(os.path.realpath(p))
    parent = target.parent
    if not parent.exists():
        raise UserError(f"cannot write {path}: the folder {_shown_parent(path)} does not exist")
    if not parent.is_dir():
        raise UserError(f"cannot write {path}: {_shown_parent(path)} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: permission denied in {_shown_parent(path)}")


def _shown_parent(path: str) -> str:
    parent = os.path.dirname(path)
    return parent or "."


def prepare_folder(path: str) -> None:
    """Create the output folder of `--all` (and its parents); UserError if it cannot be."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UserError(f"cannot write into {path}: it is a file, not a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"cannot create the folder {path}: {_why(err)}") from None
    if not os.access(p, os.W_OK | os.X_OK):
        raise UserError(f"cannot write into {path}: permission denied")


def write_output(path: str, content: str | bytes) -> None:
    """Write a result to `path` without ever leaving a half-written or replaced non-file."""
    data = content.encode() if isinstance(content, str) else content
    stream = _stream(path)
    if stream is not None:
        stream.write(data)
        stream.flush()
        return
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as err:
        raise UserError(f"cannot write {path}: {_why(err)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UserError(f"cannot write {path}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:  # a FIFO or a device: its reader gets the bytes; nothing is replaced
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as err:
            raise UserError(f"cannot write {path}: {_why(err)}") from None
        return
    target = Path(os.path.realpath(path))  # a symlink is followed: its target is replaced
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    if not target.parent.is_dir():
        raise UserError(f"cannot write {path}: the folder {_shown_parent(path)} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as err:
        raise UserError(f"cannot write {path}: {_why(err)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {_why(err)}") from None


def read_document(path: str) -> tuple[str, str]:
    """Text and display name of a document ('-' is standard input); UserError if unusable."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise UserError(f"{path}: no such file")
        if p.is_dir():
            raise UserError(f"{path}: is a directory")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise UserError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UserError(f"{name}: larger than {MAX_DOCUMENT_BYTES} bytes")
    if not data.strip():
        raise UserError(f"{name}: empty file")
    if b"\x00" in data:
        raise UserError(f"{name}: binary file, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), name
