"""Swedish labels of the consolidated rows and states, shared by every table."""

from __future__ import annotations

from reporting.plan.targets import Status

NOT_SUBMITTED = "Ej inkommen"
NOT_DUE = "Ej aktuell denna period"  # a key figure whose Frekvens does not follow it up in this period


TOTAL = "Nämnden totalt"
FRAME = "Nämndens budgetram, alla divisioner"  # beside a total that leaves divisions out


STATUS_ORDER = Status.display_order()
