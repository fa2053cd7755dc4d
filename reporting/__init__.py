"""reporting: follow-up of plan, key figures and budget for Swedish health-care boards.

The package is a library first; ``reporting.cli`` is a thin layer over it.
"""

__version__ = "0.1.0"
