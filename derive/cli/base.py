"""Click classes shared by every command: bad input is one line on stderr and exit status 2.

A feature's UserError, a bad option value and click's own usage errors (unknown option, missing
argument) are all reported as ``Error: ...`` on one line, without the usage banner.
"""

from __future__ import annotations

import os

import click

from derive.errors import UserError


class InputError(click.ClickException):
    """Bad input: one line on stderr, exit code 2."""

    exit_code = 2


def one_line(err: click.UsageError) -> InputError:
    """The usage error as one line (its message only; `--help` says the rest)."""
    cmd = err.ctx.command_path if err.ctx is not None else "derive"
    msg = " ".join(err.format_message().split())
    return InputError(f"{msg} (see `{cmd} --help`)" if _is_click_own(err) else msg)


def _is_click_own(err: click.UsageError) -> bool:
    from derive.cli.params import OptionError

    return not isinstance(err, OptionError)


def _no_args_help(err: click.UsageError) -> bool:
    no_args = getattr(click.exceptions, "NoArgsIsHelpError", None)
    return no_args is not None and isinstance(err, no_args)


SIGPIPE_STATUS = 141  # 128 + SIGPIPE: what a Unix tool whose reader went away ends with


def closed_output() -> None:
    """The reader of standard output went away (``derive verify | head``): stop quietly with
    status 141, as a Unix tool killed by SIGPIPE does (no traceback, no error line)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # the interpreter's final flush must not fail again
    except OSError:
        pass
    raise SystemExit(SIGPIPE_STATUS)


class Command(click.Command):
    """A command whose usage errors and UserErrors (raised by the library) are one line."""

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[override]
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as err:
            if _no_args_help(err):
                raise
            raise one_line(err) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as err:
            raise InputError(str(err)) from None
        except click.UsageError as err:
            raise one_line(err) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:
            closed_output()
        except Exception as err:  # a bug: one line for the user, the traceback on request
            if os.environ.get("DERIVE_DEBUG"):
                raise
            raise InputError(f"internal error (a bug, please report it; DERIVE_DEBUG=1 shows "
                             f"the traceback): {type(err).__name__}: {err}") from None
