"""``python -m reporting``: the same command line as ``reporting``."""

from reporting.cli import main

main(prog_name="reporting")
