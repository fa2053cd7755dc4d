"""Data validation of a template's input cells: by the column's kind, and for numbers by what the row holds."""

from __future__ import annotations

from typing import Any

from reporting.plan.groups import AccountGroup, GroupKind
from reporting.plan.model import KeyFigure
from reporting.plan.targets import Direction
from reporting.template.spec import DONE_ANSWERS, ECONOMY, Column, Kind, Row, SheetSpec

TEXT_LIMIT = 4000


def validation_of(spec: SheetSpec, column: Column, row: Row, total: bool, unit: str = "mkr") -> dict[str, Any] | None:
    """The data validation of an input cell: by its kind, and for numbers by what the row holds.

    Amounts in the plan's unit: a tkr plan's ranges are 1 000 times an mkr plan's.
    """
    if column.kind is Kind.FIGURE:
        return key_figure_rule(row.item)
    if column.kind is Kind.TEXT:
        title, message = ("Kommentar", "Sammanfattande kommentar om ekonomin.") if total else column.prompt
        return _text_rule(title, message)
    if column.kind is Kind.CHOICE:
        return _list_rule(column.header, list(column.choices))
    if column.kind is Kind.NUMBER:
        return _decimal_rule(
            "Nämnare",
            "Antal (t.ex. patienter) som andelen räknas på; används för viktning.",
            0,
            1e12,
            "Ange ett antal, 0 eller mer.",
        )
    if column.kind is Kind.TKR:
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 10_000_000,
            "ignore_blank": True,
            "input_title": "Upparbetat (tkr)",
            "input_message": "Hela tkr, t.ex. 1250.",
            "error_title": "Ogiltigt belopp",
            "error_message": "Ange hela tkr, 0 eller mer.",
        }
    scale = 1000 if unit == "tkr" else 1
    if spec is ECONOMY and isinstance(row.item, AccountGroup):
        return _group_rule(row.item, unit, scale)
    example = "2 500" if unit == "tkr" else "2,5"
    return _decimal_rule(
        f"Effekt ({unit})",
        f"Er effekt i {unit} (en enhet: enhetens del), t.ex. {example}.",
        -1e4 * scale,
        1e4 * scale,
        f"Ange ett belopp i {unit}.",
    )


def _group_rule(group: AccountGroup, unit: str, scale: int) -> dict[str, Any]:
    """Incomes positive, costs and depreciation negative, a netto frame either: the sign by the group's kind."""
    name, limit = group.name, 1e6 * scale
    if group.kind == GroupKind.NETTO:
        return _decimal_rule(name, f"Belopp i {unit}; netto, överskott positivt.", -limit, limit, f"Ange {unit}.")
    income = group.is_income
    sign = "positiva" if income else "negativa (med minustecken)"
    return _decimal_rule(
        name,
        f"Belopp i {unit}; {name.lower()} anges {sign}.",
        0 if income else -limit,
        limit if income else 0,
        f"{name} anges {sign}, i {unit}.",
    )


def _text_rule(title: str, message: str) -> dict[str, Any]:
    return {
        "validate": "length",
        "criteria": "<=",
        "value": TEXT_LIMIT,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": "För lång text",
        "error_message": f"Högst {TEXT_LIMIT} tecken.",
    }


def _decimal_rule(title: str, message: str, minimum: float, maximum: float, error: str) -> dict[str, Any]:
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": minimum,
        "maximum": maximum,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": message[:255],
        "error_title": "Ogiltigt värde",
        "error_message": error[:255],
    }


def _list_rule(title: str, values: list[str]) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": values,
        "ignore_blank": True,
        "input_title": title[:32],
        "input_message": "Välj i listan.",
        "error_title": "Ogiltigt val",
        "error_message": ("Välj ett av: " + ", ".join(values))[:255],
    }


def key_figure_rule(kf: KeyFigure) -> dict[str, Any]:
    """The validation of a key figure's numeric inputs, by its unit and target."""
    if kf.target.direction is Direction.DONE:
        return _list_rule("Genomfört?", DONE_ANSWERS)
    if kf.is_share:
        return _decimal_rule(
            "Andel i procent",
            "Ange andelen i procent, t.ex. 88,5 för 88,5 %.",
            -100,
            100,
            "Ange en andel mellan 0 och 100 (procent), t.ex. 88,5.",
        )
    if kf.is_percent:  # a change in percent, e.g. a cost development: below 0 and above 100 are possible
        return _decimal_rule(
            "Förändring i procent",
            "Ange förändringen i procent, t.ex. -0,7 för -0,7 %.",
            -1e6,
            1e6,
            "Ange förändringen i procent, t.ex. -0,7.",
        )
    return _decimal_rule(
        f"Värde ({kf.unit or 'tal'})",
        f"Ange värdet (enhet: {kf.unit})." if kf.unit else "Ange värdet i samma enhet som målvärdet.",
        -1e12,
        1e12,
        "Ange ett tal, t.ex. 4,05.",
    )
