"""A unit's file whose name names another unit of its division: Enhet 0005's filled template saved as
"2025-T1 Division Medicin - Enhet 0001.xlsx". The file counts for the unit its metadata names (never its file
name), so the unit the name names is still missing: both are told, at the file (rule ``name-mismatch``)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from reporting.findings import Rule, warning
from reporting.intake.submission import FileResult
from reporting.plan.model import Plan, Unit
from reporting.plan.reporter import Reporter

_NON_WORD = re.compile(r"[\W_]+")
MIN_KEY = 4  # a unit named by fewer letters ("Akt") is not looked for in file names
_made: list[Any] = [None, {}]  # the plan the keys were made of (by identity), division -> key -> its units


def _words(text: str) -> str:
    """Lower-case words separated by single spaces, with a space at each end (for whole-word search)."""
    words = " ".join(_NON_WORD.split(unicodedata.normalize("NFC", text).casefold())).strip()
    return f" {words} "


def _unit_keys(plan: Plan) -> dict[str, dict[str, list[Unit]]]:
    """Each division's units by their names' words ("enhet 0005"), made once for the plan the run checks with."""
    if _made[0] is not plan:
        keys: dict[str, dict[str, list[Unit]]] = {}
        for unit in plan.units:
            key = _words(unit.name).strip()
            if len(key) >= MIN_KEY:
                keys.setdefault(unit.division, {}).setdefault(key, []).append(unit)
        _made[:] = [plan, keys]
    found: dict[str, dict[str, list[Unit]]] = _made[1]
    return found


def check_unit_name(name: str, plan: Plan, division_id: str, unit_id: str, result: FileResult) -> None:
    """A warning when a unit's file is named for another unit of its division (and not for its own unit).

    A unit whose name the file's own reporter's name also holds ("Medicin" in Division Medicin) tells nothing
    and is not looked for. The file name's runs of words are looked up among the division's unit names (made once
    per plan): a division may have thousands of units, each file is checked against them all."""
    if not unit_id:
        return
    reporter = Reporter.of(plan, division_id, unit_id)
    own_words = _words(f"{reporter.division.name} {reporter.own_name}")
    by_key = _unit_keys(plan).get(division_id, {})
    words = _words(Path(name).stem).split()
    runs = dict.fromkeys(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    named = [u for run in runs for u in by_key.get(run, ()) if u.id != unit_id and f" {run} " not in own_words]
    if not named:
        return
    others = " och ".join(u.name for u in named)
    result.findings.append(
        warning(
            Rule.NAME_MISMATCH,
            problem=f"filnamnet nämner {others}, men filen är mallen för {reporter.own_name} enligt mallens "
            f"inbyggda uppgifter (fliken _meta). Filen räknas till {reporter.own_name}; {others} räknas inte som "
            f"inkommen genom den här filen. Be {others} skicka sin egen ifyllda mall.",
            file=name,
            division=reporter.name,
        )
    )
