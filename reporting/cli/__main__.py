"""``python -m reporting.cli`` runs the command line, as it did when the CLI was one module."""

from reporting.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
