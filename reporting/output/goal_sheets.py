"""The report's Nyckeltal and Uppdrag sheets, laid out for meeting papers: few, wide text columns.

Each key figure is one bold row for the nämnd with its divisions under it, grouped under a
målområde heading; each uppdrag is one row with its divisions' statuses side by side. The text
that wraps (names, analyses, comments) gets the width, so the pages print at ≥ 8 pt without
the paper growing: a row per uppdrag × division and a name repeated on every division's row
once made these two sheets half of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting.consolidate.board import BOARD_NAME
from reporting.consolidate.keyfigures import KeyFigureRow
from reporting.consolidate.labels import NOT_DUE, NOT_SUBMITTED, PART_OF_SUM, REJECTED, STATUS_ORDER, TOTAL
from reporting.consolidate.tables import AssignmentRow
from reporting.output.absent import why_empty
from reporting.output.figure_units import named_with_unit
from reporting.output.outlook import Outlook, outlook
from reporting.output.sheet_writer import SheetWriter
from reporting.plan import goal_tree
from reporting.plan.central import BOARD
from reporting.plan.model import Division
from reporting.plan.targets import Status
from reporting.template.spec import ASSIGNMENT_STATUSES
from reporting.xlsx.write import DEFAULT_ROW, row_height, write_value

KEY_FIGURE_WIDTHS = [5, 26, 9, 7, 7, 9, 11, 11, 39]  # 124 characters: printed at ≥ 80 %
# the årsrapport's: the forecast and its status are the outcome and its status, so not shown twice
YEAR_END_WIDTHS = [5, 26, 9, 9, 9, 11, 55]
_FORECAST_COLUMNS = (5, 7)  # the forecast and its status, left out at year end


def _shown(values: Sequence[Any], year_end: bool) -> list[Any]:
    """A Nyckeltal row's values (or headers, widths…) without the forecast's two columns at year end."""
    return [v for i, v in enumerate(values) if not (year_end and i in _FORECAST_COLUMNS)]


def key_figure_headers(words: Outlook, year_end: bool) -> list[str]:
    """The Nyckeltal sheet's headers; the forecast's and its status's as the period names them.

    At year end the outcome is the year's and the forecast is that same outcome: one column each
    for the value and its status, named for the year ("Utfall helår", "Status helår").
    """
    outcome, status = (words.column, words.status) if year_end else ("Utfall", "Status")
    headers = [
        "Id",
        "Nyckeltal / division (nämnden totalt i fetstil)",
        "Målvärde",
        outcome,
        "Samma period föregående år",
        words.column,
        status,
        words.status,
        "Analys och åtgärder",
    ]
    return _shown(headers, year_end)


# an uppdrag's status: symbol and word, on the colour of the key figures' status it resembles
ASSIGNMENT_LOOK = {
    "Genomfört": ("✔", Status.MET.value),
    "Pågår enligt plan": ("→", Status.FOLLOW.value),
    "Pågår med avvikelse": ("⚠", Status.PARTLY.value),
    "Ej påbörjat": ("○", Status.NO_DATA.value),
    Status.NO_DATA.value: (Status.NO_DATA.symbol, Status.NO_DATA.value),
}
NOT_CONCERNED = "Gäller ej"  # the uppdrag does not apply to the division (a "–" alone is a zero amount)
ASSIGNMENT_FIXED = [5, 32, 13]  # Id, Uppdrag, Beslutad av; then a column per division, then the comments


def assignment_label(status: str) -> str:
    """The status as printed: symbol and word ("✔ Genomfört"); Ej inkommen as it is."""
    symbol = ASSIGNMENT_LOOK.get(status, ("", ""))[0]
    return f"{symbol} {status}" if symbol else status


ASSIGNMENT_CHARS = 124  # (at Uppdrag 30, Beslutad av 14 LibreOffice printed a blank 4th page of the demo year)


def assignment_counts(rows: Sequence[AssignmentRow]) -> list[tuple[str, int]]:
    """How many uppdrag × division read each status, in the legend's order (Ej inkommen and Avvisad after the
    answers; a status no row has is left out except the answers', so the table always shows those four)."""
    counts: dict[str, int] = dict.fromkeys(ASSIGNMENT_STATUSES, 0)
    for a in rows:
        key = REJECTED if a.status.startswith(REJECTED) else a.status
        counts[key] = counts.get(key, 0) + 1
    order = [*ASSIGNMENT_LOOK, NOT_SUBMITTED, REJECTED]
    return sorted(counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def assignment_widths(divisions: int) -> list[float]:
    """Column widths for ``divisions`` status columns: 124 characters (printed at ≥ 80 %) up to six divisions."""
    status = min(10.0, max(8.0, (ASSIGNMENT_CHARS - sum(ASSIGNMENT_FIXED) - 30) / max(divisions, 1)))
    comment = max(30.0, ASSIGNMENT_CHARS - sum(ASSIGNMENT_FIXED) - status * divisions)
    return [*ASSIGNMENT_FIXED, *[status] * divisions, comment]


def gathered_comments(rows: Sequence[AssignmentRow]) -> str:
    """The divisions' comments in one cell, one line per text: "Division Medicin, Division Kirurgi: …".

    When every division gave the same comment it is said once: "Alla divisioner: …".
    """
    by_text: dict[str, list[str]] = {}
    for a in rows:
        if a.comment.strip():
            by_text.setdefault(a.comment.strip(), []).append(a.division)
    if len(rows) > 1 and len(by_text) == 1 and len(next(iter(by_text.values()))) == len(rows):
        return f"Alla divisioner: {next(iter(by_text))}"
    return "\n".join(f"{', '.join(names)}: {text}" for text, names in by_text.items())


class GoalSheetsWriter(SheetWriter):
    """Nyckeltal and Uppdrag."""

    def _heading_format(self) -> Any:
        """Bold, not wrapped: a heading row's text runs on over the empty cells beside it."""
        if not hasattr(self, "_heading"):
            self._heading = self.wb.add_format({"font_name": "Calibri", "font_size": 10, "bold": True})
        return self._heading

    def _header_row(self, ws: Any, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
        ws.set_row(row, row_height(list(headers), widths))
        for col, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(row, col, header, self.fmt.header)
            ws.set_column(col, col, width)

    # ---------------------------------------------------------------- Nyckeltal
    def key_figures(self) -> None:
        """Per målområde, each key figure's nämnd row (bold, with its name) and its divisions below."""
        year_end = self.r.period.is_year_end
        widths = YEAR_END_WIDTHS if year_end else KEY_FIGURE_WIDTHS
        ws = self.sheet("Nyckeltal", "Nyckeltal per division och för nämnden", 3, widths)
        headers = key_figure_headers(outlook(self.r.period), year_end)  # at year end the outcome's, shown once
        self._header_row(ws, 3, headers, widths)
        row = 4
        tree = goal_tree.is_tree(self.r.plan.goal_areas)
        for node in self.r.goal_areas:  # the goal tree depth first; a flat plan's målområden in plan order
            rows = [k for k in self.r.key_figures if k.goal_area == node.goal_area]
            if not rows and not (tree and node.total):
                continue
            heading = node.heading if tree else f"Målområde: {node.name}"
            ws.write_string(row, 1, heading, self._heading_format())
            ws.set_row(row, DEFAULT_ROW)
            row += 1
            for kf_id in dict.fromkeys(k.id for k in rows):
                group = [k for k in rows if k.id == kf_id]
                for kf in sorted(group, key=lambda k: not k.is_total):  # the nämnd first, then its parts
                    self._key_figure_row(ws, row, kf)
                    row += 1
        legend = row + 1
        ws.write_string(legend, 1, "Teckenförklaring:", self.fmt.bold)
        for col, status in enumerate(STATUS_ORDER, start=2):
            ws.write_string(legend, col, status.label, self.fmt.status(status.value))
        ws.set_row(legend, row_height(["", "", *[s.label for s in STATUS_ORDER]], widths))
        ws.autofilter(3, 0, row - 1, len(headers) - 1)

    def _key_figure_row(self, ws: Any, row: int, kf: KeyFigureRow) -> None:
        fmt = self.fmt
        base = fmt.bold if kf.is_total else fmt.text
        name = named_with_unit(kf.name, kf.unit, kf.target) if kf.is_total else kf.division
        target = kf.target if kf.is_total else ""
        if kf.division == BOARD_NAME:  # measured centrally: the row says so itself
            text = kf.analysis
        elif kf.is_total:
            text = f"{TOTAL}: {kf.analysis}" if kf.analysis else TOTAL
        else:
            text = kf.analysis + (f"\nÅtgärder: {kf.actions}" if kf.actions else "")
        no_status = (NOT_SUBMITTED, REJECTED, NOT_DUE, PART_OF_SUM)
        absent = kf.status_label if kf.status_label in no_status else ""
        outlook = absent or Status(kf.forecast_status).label
        cells = [  # (value, format) per column, the forecast's two where _FORECAST_COLUMNS says
            (kf.id, base),
            (name, base),
            (target, base),
            *(
                (getattr(kf, key), fmt.figure(getattr(kf, key), kf.unit))
                for key in ("outcome", "last_year", "forecast")
            ),
            (kf.status_label, fmt.status(absent or kf.status)),
            (outlook, fmt.status(absent or Status(kf.forecast_status).value)),
            (text, fmt.text),
        ]
        year_end = self.r.period.is_year_end
        shown = _shown([kf.id, name, target, "", "", "", kf.status_label, outlook, text], year_end)
        for col, (value, look) in enumerate(_shown(cells, year_end)):
            write_value(ws, row, col, value, look)
        ws.set_row(row, row_height(shown, YEAR_END_WIDTHS if year_end else KEY_FIGURE_WIDTHS))

    # ---------------------------------------------------------------- Uppdrag
    def assignments(self) -> None:
        """One row per uppdrag: each division's status side by side, the comments gathered in one cell."""
        fmt, plan = self.fmt, self.r.plan
        concerned = {a.division_id for a in self.r.assignments}
        divisions = [d for d in plan.divisions if d.id in concerned]
        if BOARD in concerned:  # the nämnd's own uppdrag: a column of its own, never as a division
            divisions.append(Division(BOARD, BOARD_NAME))
        widths = assignment_widths(len(divisions))
        ws = self.sheet("Uppdrag", "Uppdrag – status per division", 3, widths)
        headers = ["Id", "Uppdrag", "Beslutad av", *[d.name for d in divisions], "Kommentarer"]
        self._header_row(ws, 3, headers, widths)
        row = 4
        for item_id in dict.fromkeys(a.id for a in self.r.assignments):
            parts = [a for a in self.r.assignments if a.id == item_id]
            status = {a.division_id: a.status for a in parts}
            spread = {a.division_id: f" ({a.units})" if a.units else "" for a in parts}  # from units: how many
            labels = [
                assignment_label(status[d.id]) + spread[d.id] if d.id in status else NOT_CONCERNED for d in divisions
            ]
            comments = gathered_comments(parts)
            shown = [item_id, parts[0].text, parts[0].decided_by, *labels, comments]
            for col, value in enumerate((item_id, parts[0].text, parts[0].decided_by)):
                write_value(ws, row, col, value, fmt.text)
            for col, (division, label) in enumerate(zip(divisions, labels), start=3):
                look = ASSIGNMENT_LOOK.get(status.get(division.id, ""), ("", status.get(division.id, "")))[1]
                ws.write_string(row, col, label, fmt.status(look) if division.id in status else fmt.text)
            write_value(ws, row, 3 + len(divisions), comments, fmt.text)
            ws.set_row(row, row_height(shown, widths))
            row += 1
        why = why_empty(plan, self.r.period, "Uppdrag")
        if why or row == 4:  # no uppdrag: a sentence says why, no legend for statuses that cannot occur
            ws.write_string(row, 0, why or "Inga uppdrag följs upp denna period.", fmt.wrap)
            return
        end = self._assignment_legend(ws, row + 1, widths)
        self._assignment_counts(ws, end + 1)

    def _assignment_counts(self, ws: Any, row: int) -> None:
        """ "Antal per status" below the legend, as on Internkontroll: uppdrag × division, each status once."""
        ws.write_string(row, 1, "Antal per status", self.fmt.header)
        ws.write_string(row, 2, "Antal", self.fmt.header)
        for offset, (status, count) in enumerate(assignment_counts(self.r.assignments), start=row + 1):
            look = ASSIGNMENT_LOOK.get(status, ("", status))[1]
            ws.write_string(offset, 1, assignment_label(status), self.fmt.status(look))
            ws.write_number(offset, 2, count, self.count)

    def _assignment_legend(self, ws: Any, row: int, widths: Sequence[float]) -> int:
        """The statuses' symbols and colours in words, from column C across the table's columns, and "Gäller ej"."""
        ws.write_string(row, 1, "Teckenförklaring:", self.fmt.bold)
        entries = [(assignment_label(word), look) for word, (_, look) in ASSIGNMENT_LOOK.items()]
        rejected = any(a.status == REJECTED for a in self.r.assignments)  # as the Internkontroll legend: its rows say
        entries += [(NOT_SUBMITTED, NOT_SUBMITTED)] + ([(REJECTED, REJECTED)] if rejected else [])
        entries += [(f"{NOT_CONCERNED} divisionen", "")]  # two printed lines, as "– Gäller inte divisionen" had
        per_row = max(len(widths) - 2, 1)
        for first in range(0, len(entries), per_row):
            chunk = entries[first : first + per_row]
            for col, (label, look) in enumerate(chunk, start=2):
                ws.write_string(row, col, label, self.fmt.status(look) if look else self.fmt.text)
            ws.set_row(row, row_height(["", "", *[label for label, _ in chunk]], widths))
            row += 1
        return row
