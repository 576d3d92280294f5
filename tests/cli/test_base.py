"""The shared Command class: a closed output ends quietly with status 141, a bug is one line."""

from __future__ import annotations

import click
from click.testing import CliRunner

from derive.cli.base import SIGPIPE_STATUS, Command


def _command(exc: BaseException) -> click.Command:
    @click.command(cls=Command)
    def cmd() -> None:
        click.echo("first line")
        raise exc

    return cmd


def test_a_reader_that_went_away_ends_the_command_quietly_with_status_141(monkeypatch) -> None:
    monkeypatch.setattr("os.dup2", lambda *a: None)  # CliRunner's stdout is not fd 1
    result = CliRunner().invoke(_command(BrokenPipeError(32, "Broken pipe")))
    assert result.exit_code == SIGPIPE_STATUS == 141
    assert "Error" not in result.output and "internal error" not in result.output


def test_any_other_exception_is_one_line_and_status_2() -> None:
    result = CliRunner().invoke(_command(ValueError("boom")))
    assert result.exit_code == 2
    assert "internal error (a bug" in result.output and "boom" in result.output
