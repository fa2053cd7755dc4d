"""A key figure's unit beside its name, where neither its målvärde nor its name already says it.

"Minst 88 %" says its figure is a percentage; "Följs upp" says nothing, and 198,3 could be mkr, tkr or
årsarbetare. The report's Nyckeltal and Tidsserier sheets and the Word draft's key figure tables name
such a figure "Inhyrd personal, kostnad ackumulerat (mkr)", one rule for all three.
"""

from __future__ import annotations

# the words that say a unit in a målvärde or a name ("högst 7,5 procent över …", "resultat mot ram, mnkr")
_SAID_AS = {"%": ("%", "procent"), "mkr": ("mkr", "mnkr", "miljoner kronor"), "tkr": ("tkr", "tusen kronor")}


def named_with_unit(name: str, unit: str, target: str) -> str:
    """``name`` with " (unit)" after it, unless the unit is empty or ``target`` or ``name`` already says it."""
    unit = unit.strip()
    if not unit:
        return name
    said = f"{name} {target}".lower()
    if any(word in said for word in _SAID_AS.get(unit.lower(), (unit.lower(),))):
        return name
    return f"{name} ({unit})"
