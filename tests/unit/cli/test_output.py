"""Where a command's document goes: a file written whole or not at all (parity.cli.output)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from parity.cli.output import write_parts, written_whole


def _parts(fail_after: int | None = None) -> Iterator[bytes]:
    for i in range(5):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the document could not be made")
        yield f"part {i}\n".encode()


def test_the_parts_are_written_one_after_the_other(tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    write_parts(_parts(), out)
    assert out.read_text() == "".join(f"part {i}\n" for i in range(5))
    assert list(tmp_path.iterdir()) == [out]


def test_a_failure_half_way_leaves_no_document_and_the_earlier_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    with pytest.raises(RuntimeError):
        write_parts(_parts(fail_after=3), out)
    assert not out.exists()
    out.write_text("the earlier analysis\n")
    with pytest.raises(RuntimeError):
        write_parts(_parts(fail_after=2), out)
    assert out.read_text() == "the earlier analysis\n"
    assert list(tmp_path.iterdir()) == [out]  # nothing partial left beside it


def test_the_file_has_the_permissions_any_new_file_gets(tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    write_parts(_parts(), out)
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert stat.S_IMODE(os.stat(out).st_mode) == stat.S_IMODE(os.stat(plain).st_mode)


def test_a_folder_that_does_not_exist_is_named_in_a_sentence(tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "analysis.json"
    with pytest.raises(click.FileError) as raised:
        write_parts(_parts(), out)
    assert raised.value.format_message() == (
        f"Could not open file {str(out)!r}: No such file or directory"
    )


def test_a_table_written_as_text_is_whole_or_not_at_all(tmp_path: Path) -> None:
    """The commands that print a table into ``--output`` write through the same file."""
    out = tmp_path / "analysis.txt"
    with pytest.raises(RuntimeError):
        _unfinished_table(out)
    assert list(tmp_path.iterdir()) == []
    with written_whole(out, text=True) as handle:
        handle.write("Größe\n")
    assert out.read_text(encoding="utf-8") == "Größe\n"


def _unfinished_table(out: Path) -> None:
    with written_whole(out, text=True) as handle:
        handle.write("the first rows of a table\n")
        raise RuntimeError("the table could not be finished")
