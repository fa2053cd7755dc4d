"""Reading the plan's settings sheet (Nämnd): label in column A, value in column B."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from reporting.findings import Finding, Rule, error
from reporting.plan.model import Plan
from reporting.plan.sheet_reader import not_a_number, parse_number, real_rows
from reporting.plan.sheets import PLANNED_RESULT_RE, SETTINGS, SETTINGS_SHEET, UNIT_LABEL
from reporting.swedish import format_typed

_OPTIONAL = {"Kontakt ekonomienheten", "Diarienummer"}  # not every plan has a diarienummer (seed 003)
_MAY_BE_ABSENT = {"Diarienummer"}  # rows a plan may leave out altogether
BOARD_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_SAVINGS_RE = re.compile(r"Besparingskrav (\d{4}) \((mkr|tkr)\)")
_UNIT_WORDS = {"mkr": "mkr", "mnkr": "mkr", "tkr": "tkr"}
_LABEL_UNIT_RE = re.compile(r"\((%|mkr|tkr)\)$")  # "Avvikelsetröskel kontogrupp (mkr)": the value's unit


def _label_unit(label: str) -> str:
    """The unit a setting's label names, as it follows a value in a message (" %", " mkr"; "" for none)."""
    match = _LABEL_UNIT_RE.search(label)
    return f" {match.group(1)}" if match else ""


class _Settings:
    def __init__(self, ws: Any, file: str, findings: list[Finding]) -> None:
        self.file, self.findings = file, findings
        self.values: dict[str, tuple[Any, str]] = {}
        self.savings_cells: dict[int, str] = {}  # year -> cell of its "Besparingskrav ÅÅÅÅ (enhet)" value
        for number, (label, *rest) in real_rows(ws, max_col=2):
            if label is not None:
                self.values[str(label).strip()] = (rest[0] if rest else None, f"B{number}")
            if match := _SAVINGS_RE.fullmatch(str(label or "").strip()):
                self.savings_cells[int(match.group(1))] = f"B{number}"

    def error(self, message: str, cell: str = "") -> None:
        self.findings.append(error(Rule.PLAN_INVALID, problem=message, file=self.file, sheet=SETTINGS_SHEET, cell=cell))

    def get(self, label: str) -> tuple[Any, str]:
        if label not in self.values and label in _MAY_BE_ABSENT:
            return None, ""
        if label not in self.values:
            self.error(f'raden "{label}" saknas i kolumn A. Skriv "{label}" i kolumn A och värdet i kolumn B.')
            return None, ""
        return self.values[label]

    def number(self, label: str, default: Decimal | None = None) -> Decimal | None:
        value, cell = self.get(label)
        if value in (None, ""):
            if default is None and cell:
                self.error(f'"{label}" saknas. Skriv ett tal i cellen.', cell)
            return default
        try:
            return parse_number(value)
        except ValueError:
            self.error(not_a_number(value), cell)
            return default

    def threshold(self, label: str, default: Decimal) -> Decimal:
        """A tolerance or deviation threshold: a number not below 0 (a finding at its cell when negative)."""
        number = self.number(label, default) or Decimal(0)
        if number < 0:
            self.error(
                f'"{label}" kan inte vara negativ ({format_typed(number)}{_label_unit(label)}). '
                f"Skriv 0 eller ett positivt tal, t.ex. {format_typed(default)}{_label_unit(label)}.",
                self.values.get(label, (None, ""))[1],
            )
        return number

    def text(self, label: str) -> str:
        value, cell = self.get(label)
        if (value is None or not str(value).strip()) and cell and label not in _OPTIONAL:
            self.error(f'"{label}" saknas. Fyll i cellen.', cell)
        return "" if value is None else str(value).strip()


def read_settings(ws: Any, file: str, findings: list[Finding]) -> tuple[Plan, dict[int, str]]:
    """A Plan with the settings filled in and every list still empty, and the cells of its savings
    requirements by year (where a finding about one points); the sheet is read once for both."""
    s = _Settings(ws, file, findings)
    labels = {key: label for label, key in SETTINGS}
    year = s.number(labels["year"])
    plan = Plan(
        s.text(labels["board"]),
        s.text(labels["region"]),
        s.text(labels["dnr"]),
        int(year or 0),
        s.threshold(labels["tolerance_pct"], Decimal(5)),
        s.threshold(labels["deviation_pct"], Decimal(2)),
        s.threshold(labels["deviation_mkr"], Decimal(1)),
        s.text(labels["contact"]),
    )
    board_id, cell = s.values.get(labels["board_id"], (None, ""))  # an optional row: plans before it have none
    plan.board_id = "" if board_id is None else str(board_id).strip()
    if plan.board_id and not BOARD_ID_RE.fullmatch(plan.board_id):
        s.error("Nämnd-id får bara ha små bokstäver a–z, siffror, - och _ (högst 60 tecken), t.ex. hsn.", cell)
    plan.amount_unit = _amount_unit(s)
    for label, (value, cell) in s.values.items():
        for pattern, amounts in ((_SAVINGS_RE, plan.savings_required), (PLANNED_RESULT_RE, plan.planned_result)):
            match = pattern.fullmatch(label)
            if match and match.group(2) != plan.amount_unit:
                s.error(
                    f'"{label}" anger {match.group(2)} men Beloppsenhet är {plan.amount_unit}. Rätta rubriken.', cell
                )
            if match and value not in (None, ""):
                try:
                    amounts[int(match.group(1))] = parse_number(value)
                except ValueError:
                    s.error(not_a_number(value), cell)
    return plan, s.savings_cells


def _amount_unit(s: _Settings) -> str:
    """Beloppsenhet: mkr (also when the row is absent) or tkr."""
    value, cell = s.values.get(UNIT_LABEL, (None, ""))
    word = "" if value is None else str(value).strip().lower()
    if word and word not in _UNIT_WORDS:
        s.error(f'okänd beloppsenhet "{value}". Skriv mkr eller tkr.', cell)
    return _UNIT_WORDS.get(word, "mkr")
