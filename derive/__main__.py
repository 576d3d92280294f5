"""`python -m derive`: the same command line as `derive`."""

from derive.cli import main

main(prog_name="derive")
