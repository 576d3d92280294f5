"""Errors a feature raises for the user: one line, and the command exits with status 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a result that cannot be produced: the message is the whole report."""

    exit_code = 2
