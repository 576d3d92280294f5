"""Click classes shared by every command: a feature's UserError becomes one line and exit 2."""

from __future__ import annotations

import click

from derive.errors import UserError


class InputError(click.ClickException):
    """Bad input: one line on stderr, exit code 2."""

    exit_code = 2


class Command(click.Command):
    """A command whose UserError (raised by the library) is reported as an InputError."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as err:
            raise InputError(str(err)) from None
