"""derive.io: writing a result never destroys a file (FIFOs, devices, symlinks, modes)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from derive.errors import UserError
from derive.io import check_output, prepare_folder, write_output


def _read_fifo(path: Path, out: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fh:
            out.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return t


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _read_fifo(fifo, got)
    write_output(str(fifo), "through the pipe\n")
    t.join(5)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_null_stays_a_device() -> None:
    write_output("/dev/null", b"discarded")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(str(link), "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "later.txt")
    write_output(str(link), "made")
    assert link.is_symlink() and (tmp_path / "later.txt").read_text() == "made"


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_output(str(tmp_path / "new.txt"), "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    f = tmp_path / "kept.txt"
    f.write_text("old")
    f.chmod(0o604)
    write_output(str(f), "new")
    assert f.read_text() == "new" and stat.S_IMODE(os.stat(f).st_mode) == 0o604


def test_replacement_is_atomic_and_leaves_no_temporary(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text("old")
    inode = os.stat(f).st_ino
    write_output(str(f), "new")
    assert os.stat(f).st_ino != inode  # a rename, not a rewrite in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_dash_is_standard_output(capfdbinary: pytest.CaptureFixture[bytes],
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_output("-", "to stdout\n")
    assert capfdbinary.readouterr().out == b"to stdout\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("where", "message"), [
    ("nodir/x.tex", "cannot write {p}/nodir/x.tex: the folder {p}/nodir does not exist"),
    ("file/x.tex", "is not a folder"),
    (".", "is a directory"),
])
def test_unwritable_paths_are_one_clear_line(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match=None) as err:
        check_output(str(tmp_path / where))
    assert message.format(p=tmp_path) in str(err.value)
    with pytest.raises(UserError):
        write_output(str(tmp_path / where), "x")


def test_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "hw.md"
    doc.write_text("x")
    (tmp_path / "alias.md").symlink_to(doc)
    os.link(doc, tmp_path / "hard.md")
    for same in (doc, tmp_path / "alias.md", tmp_path / "hard.md", tmp_path / "." / "hw.md"):
        with pytest.raises(UserError, match="is the input"):
            check_output(str(same), inputs=[str(doc)])
    check_output(str(tmp_path / "other.md"), inputs=[str(doc)])


def test_prepare_folder_creates_parents(tmp_path: Path) -> None:
    prepare_folder(str(tmp_path / "a" / "b"))
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "f").write_text("x")
    with pytest.raises(UserError, match="not a folder"):
        prepare_folder(str(tmp_path / "f"))
