"""Reading documents and writing results, shared by every command."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from derive.errors import UserError

MAX_DOCUMENT_BYTES = 5_000_000


def write_output(path: str, content: str | bytes) -> None:
    """Write via a temporary file in the same folder: a failure leaves nothing half-written."""
    target = Path(path)
    data = content.encode() if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    except OSError as err:
        raise UserError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {err.strerror or err}") from None


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
