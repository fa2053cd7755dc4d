"""Reading the plan's money: Budgetramar (with unit frames adding up), Åtgärdsplan and Investeringar."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reporting.findings import Finding, Rule, warning
from reporting.plan.central import is_board_word
from reporting.plan.groups import GroupKind
from reporting.plan.model import (
    BOARD,
    MEASURE_KINDS,
    AccountGroup,
    BudgetFrame,
    Initiative,
    Investment,
    Measure,
    Plan,
    Unit,
)
from reporting.plan.sheet_reader import Row, SheetReader, amount_number, amount_text, unknown_division
from reporting.plan.sheets import (
    AMOUNT_RE,
    EFFECT_RE,
    GOAL_RE,
    MEASURE_TERM_HEADERS,
    SETTINGS_SHEET,
    WITHIN_FRAME_WORDS,
    frame_columns,
)

_NOT_COMPUTED_RE = re.compile(r"ej beräknad(e)?( ännu)?\.?", re.IGNORECASE)
_MONTH_RE = re.compile(r"(\d{4})(?:\s*-\s*(\d{1,2})(?:\s*-\s*\d{1,2})?)?\s*-?")


def _division(r: SheetReader, v: Row, division_ids: list[str]) -> str:
    """The row's division id; "Nämnd" (any case) is the nämnd itself."""
    division = r.text(v, "division")
    if is_board_word(division):
        return BOARD
    if division and division not in division_ids:
        r.error(r.cell(v, "division"), unknown_division(division, division_ids))
    return division


def bind_frame_columns(r: SheetReader, plan: Plan) -> None:
    """Find Budgetramar's columns by the plan's group names; a header in the other unit is read, with an error."""
    other = "tkr" if plan.amount_unit == "mkr" else "mkr"
    for header, key in frame_columns(plan.account_groups, plan.amount_unit):
        r.headers[key] = header
        alias = header.replace(f"({plan.amount_unit})", f"({other})")
        if header in r.extra_headers:
            r.columns[key] = r.extra_headers[header]
        elif alias in r.extra_headers:
            r.columns[key] = r.extra_headers[alias]
            r.error(
                f"{r.extra_headers[alias]}1",
                f'rubriken "{alias}" anger {other} men Beloppsenhet på fliken Nämnd är {plan.amount_unit}. '
                f'Skriv "{header}" eller ändra Beloppsenhet.',
            )
        elif key != "unit":
            r.error("A1", f'kolumnen "{header}" saknas i rubrikraden (rad 1). Skriv rubriken "{header}" i rad 1.')


def read_frames(r: SheetReader, plan: Plan, division_ids: list[str], units: list[Unit]) -> list[BudgetFrame]:
    """The frames, a row each; a second row for the same division (and unit) and year is an error at it."""
    frames: list[tuple[BudgetFrame, dict[str, str]]] = []  # each frame with its cell per column
    first: dict[tuple[str, int, str], int] = {}  # (division, year, unit) -> the row of its first frame
    unit_division = {u.id: u.division for u in units}
    entered = [g for g in plan.account_groups if g.kind != GroupKind.NETTO]
    for row, v in r.rows():
        division = _division(r, v, division_ids)
        year = r.year(v, "year")
        if year is not None and division:
            _check_repeat(r, v, (division, year, r.text(v, "unit", False)), row, first)
        netto_only = division == BOARD and all(v.get(g.id, (None,))[0] in (None, "") for g in entered)
        read = {g.id: r.number(v, g.id) for g in entered} if not netto_only else {}
        netto = r.number(v, "netto")
        amounts = {gid: amount for gid, amount in read.items() if amount is not None}
        if year is None or netto is None or len(amounts) < len(read):
            continue
        if len(entered) < len(plan.account_groups):  # one Netto group (seed 003): the frame is its netto
            amounts = {plan.account_groups[0].id: netto}
        _check_signs(r, v, entered, amounts, plan.amount_unit)
        unit = r.text(v, "unit", False)
        if unit and unit_division.get(unit) != division:
            r.error(
                r.cell(v, "unit"),
                f'enheten "{unit}" hör inte till division "{division}" (se fliken Enheter). '
                "Ange en enhet i divisionen eller rätta divisionen.",
            )
        frame = BudgetFrame(division, year, amounts, netto, unit)
        if frame.netto != netto:
            r.error(
                r.cell(v, "netto"),
                f"netto {amount_text(netto, plan.amount_unit)} stämmer inte med summan av kontogrupperna "
                f"{amount_text(frame.netto, plan.amount_unit)}. Rätta netto eller kontogrupperna.",
            )
        frames.append((frame, {key: cell for key, (_, cell) in v.items()}))
    _check_unit_frames(r, frames, plan.account_groups, plan.amount_unit)
    return [frame for frame, _ in frames]


def _check_repeat(
    r: SheetReader, v: Row, key: tuple[str, int, str], row: int, first: dict[tuple[str, int, str], int]
) -> None:
    """A frame row repeating an earlier row's division, unit and year: an error at its Division cell."""
    earlier = first.setdefault(key, row)
    if earlier == row:
        return
    division, year, unit = key
    if unit:
        what = f"enheten {unit} ({division}) {year}"
        same = f"samma division, enhet och år som rad {earlier}"
    else:
        what, same = f"{division} {year}", f"samma division och år som rad {earlier}"
    r.error(
        r.cell(v, "division"),
        f"ramen för {what} förekommer flera gånger ({same}). "
        "Ta bort den ena raden, eller rätta division, enhet eller år.",
    )


def _check_signs(r: SheetReader, v: Row, groups: list[AccountGroup], amounts: dict[str, Decimal], unit: str) -> None:
    """An amount of the wrong sign: an error at its cell naming the amount to write instead."""
    for group in groups:
        amount = amounts.get(group.id)
        if amount is None or group.sign_ok(amount):
            continue
        right = amount_text(-amount, unit)
        if group.is_income:
            r.error(r.cell(v, group.id), f"fel tecken: intäkter anges positiva. Skriv {right}, utan minustecken.")
        else:
            r.error(r.cell(v, group.id), f"fel tecken: kostnader anges med minustecken. Skriv {right}.")


def _check_unit_frames(
    r: SheetReader,
    frames: list[tuple[BudgetFrame, dict[str, str]]],
    account_groups: list[AccountGroup],
    unit: str,
) -> None:
    """Unit frames of a division and year must add up to the division's frame, group by group.

    Every unit row counts, a repeated one too (an error of its own), and the sum names each row's cell: it adds
    the amounts typed in those cells, the units' Netto as typed too. The Netto is not summed while a unit's netto
    differs from its groups: that row's own error points at the typo, and the division's netto is no more wrong.
    """
    groups: dict[tuple[str, int], list[tuple[BudgetFrame, dict[str, str]]]] = {}
    wholes: dict[tuple[str, int], tuple[BudgetFrame, dict[str, str]]] = {}  # the division's first frame row
    for frame, cells in frames:
        if frame.unit:
            groups.setdefault((frame.division, frame.year), []).append((frame, cells))
        else:
            wholes.setdefault((frame.division, frame.year), (frame, cells))
    for (division, year), unit_frames in groups.items():
        if (division, year) not in wholes:
            r.error(
                unit_frames[0][1]["division"],
                f"enheternas ramar för {division} {year} saknar en ram för hela divisionen. "
                f"Lägg till en rad för {division} {year} med tom Enhet.",
            )
            continue
        whole, whole_cells = wholes[(division, year)]
        for gid, name in [*[(g.id, g.name) for g in account_groups], ("netto", "Netto")]:
            if gid != "netto" and gid not in whole_cells:
                continue  # a Netto group: its column is Netto
            if gid == "netto" and any(f.netto != f.netto_given for f, _ in unit_frames):
                continue  # a unit's netto that is not its groups' sum has its own error, and one typo is one error
            total = sum((f.netto_given if gid == "netto" else f.amounts[gid] for f, _ in unit_frames), Decimal(0))
            expected = whole.netto_given if gid == "netto" else whole.amounts[gid]
            if total != expected:
                unit_cells = ", ".join(cells[gid] for _, cells in unit_frames)
                r.error(
                    whole_cells[gid],
                    f"{name}: enheternas summa {amount_text(total, unit)} "
                    f"({unit_cells}) stämmer inte med divisionens ram {amount_text(expected, unit)}. "
                    "Rätta enheternas belopp eller divisionens ram.",
                )


def _check_year_units(r: SheetReader, pattern: re.Pattern[str], unit: str) -> None:
    """A year column headed in the other unit ("Effekt 2025 (tkr)" in an mkr plan): its amounts would be read in
    the plan's unit, a thousandfold off, so it is an error at the header as a Budgetramar header is."""
    for header, col in r.extra_headers.items():
        if (match := pattern.match(header)) and match.group(2) != unit:
            right = f"{header[: match.start(2)]}{unit}{header[match.end(2) :]}"
            r.error(
                f"{col}1",
                f'rubriken "{header}" anger {match.group(2)} men Beloppsenhet på fliken Nämnd är {unit}. '
                f'Skriv "{right}" eller ändra Beloppsenhet.',
            )


def read_measures(r: SheetReader, division_ids: list[str], unit: str) -> list[Measure]:
    _check_year_units(r, EFFECT_RE, unit)
    effect_cols = {int(m.group(1)): col for h, col in r.extra_headers.items() if (m := EFFECT_RE.match(h))}
    goal_cols = {int(m.group(1)): col for h, col in r.extra_headers.items() if (m := GOAL_RE.match(h))}
    if not effect_cols:
        r.error(
            "A1",
            f'inga kolumner "Effekt ÅÅÅÅ ({unit})" hittades. Lägg till en kolumn per år, t.ex. "Effekt 2025 ({unit})".',
        )
    term_cols = {key: r.extra_headers[h] for h, key in MEASURE_TERM_HEADERS.items() if h in r.extra_headers}
    measures = []
    for row, v in r.rows():
        effects: dict[int, Decimal | None] = {}
        for year, col in sorted(effect_cols.items()):
            cell = f"{col}{row}"
            value = r.value(row, col)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str) and _NOT_COMPUTED_RE.fullmatch(value.strip()):
                effects[year] = None  # stated, not computed: kept apart from 0
                continue
            number = r.parse_number(value, cell)
            if number is not None:
                effects[year] = number
        term = {key: _term(r, key, r.value(row, col), f"{col}{row}") for key, col in term_cols.items()}
        if _month_span(term.get("start", ""), term.get("end", "")) < 0:
            r.error(
                f"{term_cols['end']}{row}",
                f'Slut "{term["end"]}" ligger före Start "{term["start"]}" ({term_cols["start"]}{row}). '
                "Rätta Start eller Slut; en åtgärd slutar samma månad som den startar eller senare.",
            )
        goals = {
            year: str(r.value(row, col)).strip()
            for year, col in goal_cols.items()
            if r.value(row, col) not in (None, "")
        }
        measures.append(
            Measure(
                r.text(v, "id"),
                r.text(v, "name"),
                r.text(v, "description", False),
                r.text(v, "consequence", False),
                effects,
                goals,
                r.id_list(v, "divisions", division_ids),
                **term,
            )
        )
    return measures


def _term(r: SheetReader, key: str, value: Any, cell: str) -> str:
    """Typ as "engangs"/"aterkommande"; Start and Slut as "ÅÅÅÅ-MM" or "ÅÅÅÅ" ("" when blank or unreadable)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if key == "kind":
        word = str(value).strip().lower()
        kind = next((k for k, name in MEASURE_KINDS.items() if word.startswith(name.lower()[:6])), "")
        if not kind:
            r.error(cell, f'okänd typ "{value}". Skriv {" eller ".join(MEASURE_KINDS.values())}.')
        return kind
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(int(value)) if isinstance(value, (int, float)) and float(value).is_integer() else str(value).strip()
    match = _MONTH_RE.fullmatch(text)
    if match is None or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        r.error(cell, f'kan inte läsa "{value}" som år eller månad. Skriv ÅÅÅÅ-MM, t.ex. 2025-01, eller ÅÅÅÅ.')
        return ""
    return f"{match.group(1)}-{int(match.group(2)):02d}" if match.group(2) else match.group(1)


def _month_span(start: str, end: str) -> int:
    """Months from a measure's Start to its Slut ("ÅÅÅÅ-MM" or "ÅÅÅÅ": a year starts in January and ends in
    December); negative when it ends before it starts, 0 when either is not stated."""
    if not start or not end:
        return 0
    first = int(start[:4]) * 12 + (int(start[5:]) if len(start) > 4 else 1)
    last = int(end[:4]) * 12 + (int(end[5:]) if len(end) > 4 else 12)
    return last - first


def check_savings(plan: Plan, cells: dict[int, str], file: str, findings: list[Finding]) -> None:
    """A stated Besparingskrav that its measures' effects do not add up to: a plan warning, absorbed nowhere."""
    for year, required in sorted(plan.savings_required.items()):
        effects = [m.effects[year] for m in plan.measures if year in m.effects]
        summed = sum((e for e in effects if e is not None), Decimal(0))
        if not effects or summed == required:
            continue  # no row for the year has an effect: nothing was summed (a plan without an åtgärdsplan)
        not_computed = sum(1 for e in effects if e is None)
        findings.append(
            warning(
                Rule.SAVINGS_MISMATCH,
                year=year,
                stated=amount_number(required, plan.amount_unit),  # as typed: 51,04 is not 51,0
                summed=amount_number(summed, plan.amount_unit),
                unit=plan.amount_unit,
                not_computed=f" (varav {not_computed} ej beräknade)" if not_computed else "",
                file=file,
                sheet=SETTINGS_SHEET,
                cell=cells.get(year, ""),
            )
        )


def read_initiatives(r: SheetReader, division_ids: list[str], unit: str) -> list[Initiative]:
    """Satsningar: the nämnd's planned increases per year, their own list (never netted into the åtgärdsplan)."""
    _check_year_units(r, AMOUNT_RE, unit)
    amount_cols = {int(m.group(1)): col for h, col in r.extra_headers.items() if (m := AMOUNT_RE.match(h))}
    rows = list(r.rows())
    if not amount_cols and rows:  # an empty sheet (a plan without satsningar) needs no year columns
        r.error(
            "A1",
            f'inga kolumner "Belopp ÅÅÅÅ ({unit})" hittades. Lägg till en kolumn per år, t.ex. "Belopp 2025 ({unit})".',
        )
    out = []
    for row, v in rows:
        amounts: dict[int, Decimal] = {}
        for year, col in sorted(amount_cols.items()):
            value = r.value(row, col)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            number = r.parse_number(value, f"{col}{row}")
            if number is not None:
                amounts[year] = number
        text = r.text(v, "divisions", False)
        divisions = (BOARD,) if not text or is_board_word(text) else r.id_list(v, "divisions", division_ids)
        out.append(Initiative(r.text(v, "id"), r.text(v, "name"), divisions, amounts, _within_frame(r, v)))
    return out


def _within_frame(r: SheetReader, v: Row) -> bool:
    """ "Inom ram": Ja or empty (within the nämnd's frame), Nej (outside its budget); else a finding at the cell."""
    text = r.text(v, "within_frame", False)
    if not text:
        return True
    if text.lower() in WITHIN_FRAME_WORDS:
        return WITHIN_FRAME_WORDS[text.lower()]
    r.error(
        r.cell(v, "within_frame"),
        f'okänt värde "{text}" i kolumnen "Inom ram". Skriv Ja (satsningen ingår i nämndens ram), '
        "Nej (den ligger utanför nämndens budget) eller lämna cellen tom (Ja).",
    )
    return True


def read_investments(r: SheetReader, division_ids: list[str], units: list[Unit]) -> list[Investment]:
    out = []
    by_division: dict[str, list[Unit]] = {}  # once, not per object: a region has thousands of both
    for unit in units:
        by_division.setdefault(unit.division, []).append(unit)
    names = {d: {key for u in own for key in (u.name, u.id)} for d, own in by_division.items()}
    for _, v in r.rows():
        division = _division(r, v, division_ids)
        amount = r.number(v, "amount")
        if amount is not None and amount != amount.to_integral_value():
            r.error(r.cell(v, "amount"), "belopp anges i hela tkr. Avrunda till ett heltal.")
        out.append(
            Investment(
                r.text(v, "id"),
                division,
                r.text(v, "unit", False),
                r.text(v, "object", division != BOARD),  # the nämnd's ram per Typ has no object
                r.text(v, "kind", division == BOARD),
                int(amount or 0),
            )
        )
        _check_investment_unit(r, v, out[-1], by_division.get(out[-1].division, []), names)
    return out


def _check_investment_unit(
    r: SheetReader, v: Row, item: Investment, own: list[Unit], names: dict[str, set[str]]
) -> None:
    """An object of a division with units (``own``) whose Enhet names none of them (``names``: the units' names
    and ids per division): no unit's template asks about it (``Plan.investments_of``), so a division reporting
    per unit leaves it "Underlag saknas" every period."""
    if not own or item.division == BOARD or item.unit in names[item.division]:
        return
    shown = ", ".join(u.name or u.id for u in own[:3]) + (f" och {len(own) - 3} till" if len(own) > 3 else "")
    r.findings.append(
        warning(
            Rule.INVESTMENT_UNIT_UNKNOWN,
            id=item.id,
            owner=item.division,
            division=item.division,
            units=shown,
            unit=f'Enhet "{item.unit}" är ingen av dem' if item.unit else "dess Enhet är tom",
            file=r.file,
            sheet=r.name,
            cell=r.cell(v, "unit") if "unit" in r.columns else r.cell(v, "division"),
        )
    )
