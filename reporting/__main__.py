"""``python -m reporting``: the same command line as ``reporting``."""

from reporting.launch import main

main(prog_name="reporting")
