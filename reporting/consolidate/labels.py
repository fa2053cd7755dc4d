"""Swedish labels of the consolidated rows and states, shared by every table."""

from __future__ import annotations

from reporting.plan.targets import Status

NOT_SUBMITTED = "Ej inkommen"
NOT_DUE = "Ej aktuell denna period"  # a key figure whose Frekvens does not follow it up in this period


TOTAL = "Nämnden totalt"
FRAME = "Nämndens budgetram, alla divisioner"  # beside a total that leaves divisions out
FRAME_WITH_OWN = f"{FRAME} och nämndens egen ram"  # the same, in a plan with a Budgetramar row "Nämnd"
BOARD_OWN = "Nämnden (egen ram)"  # the nämnd's own frame, e.g. förtroendemannabudget: never a division
BOARD_OWN_YEAR_END = "Nämnden (egen ram, utfall = budget)"  # the årsrapport: nobody reports it, it counts as its frame
BOARD_LEVEL = "Nämndnivå"  # the state of a nämnd-level row: no division reports it


STATUS_ORDER = Status.display_order()
