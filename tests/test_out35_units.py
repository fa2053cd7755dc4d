"""qa35r #6: a key figure's unit stands beside its name where its målvärde does not say it ("Följs upp"), in the
report's Nyckeltal and Tidsserier sheets and the Word draft's key figure tables alike (output.figure_units).

Västernorrland's monthly report (conftest's vn_month_demo): B2 and B4 are in mkr, followed without a målvärde.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from reporting.output.figure_units import named_with_unit

B2 = "Inhyrd personal, kostnad ackumulerat (mkr)"
B4 = "Köpt risk- och regionsjukvård, kostnad ackumulerat (mkr)"


@pytest.mark.parametrize(
    ("name", "unit", "target", "shown"),
    [
        ("Inhyrd personal, kostnad ackumulerat", "mkr", "Följs upp", B2),
        (
            "Egen produktion, vårdtillfällen och besök",
            "antal",
            "Följs upp",
            "Egen produktion, vårdtillfällen och besök (antal)",
        ),
        ("Bemanning, antal årsarbetare", "antal", "Följs upp", "Bemanning, antal årsarbetare"),  # the name says it
        ("Andel bokad tid för vuxna", "%", "Minst 55 %", "Andel bokad tid för vuxna"),  # the målvärde says it
        ("Kostnad per DRG-poäng", "%", "högst 7,5 procent över snittet", "Kostnad per DRG-poäng"),
        (
            "Ekonomin är i balans (resultat mot ram, mnkr)",
            "mkr",
            "Minst -345",
            "Ekonomin är i balans (resultat mot ram, mnkr)",
        ),
        ("Hållbart Säkerhets Engagemang (HSE)", "index", "Minst 4,01", "Hållbart Säkerhets Engagemang (HSE) (index)"),
        ("Utan enhet", "", "Följs upp", "Utan enhet"),
    ],
)
def test_the_unit_is_added_only_where_neither_the_target_nor_the_name_says_it(name, unit, target, shown):
    assert named_with_unit(name, unit, target) == shown


def _report(workspace: Path, suffix: str) -> Path:
    (path,) = (workspace / "outbox").glob(f"2025-M03 *{suffix}")
    return path


def test_the_workbook_and_the_draft_name_the_unit_of_a_figure_followed_without_a_target(vn_month_demo):
    wb = load_workbook(_report(vn_month_demo, ".xlsx"))
    nyckeltal = {r[0]: r for r in wb["Nyckeltal"].iter_rows(min_row=5, values_only=True) if r[0] and r[2]}
    assert nyckeltal["B2"][1:3] == (B2, "Följs upp") and nyckeltal["B4"][1:3] == (B4, "Följs upp")
    assert nyckeltal["B1"][1] == "Bemanning, antal årsarbetare"  # the name says its unit
    series = {r[0]: r for r in wb["Tidsserier"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert series["B2"][1:3] == (B2, "Följs upp") and series["B4"][1] == B4
    draft = docx.Document(str(_report(vn_month_demo, ".docx")))
    rows = {
        r.cells[0].text: [c.text for c in r.cells]
        for t in draft.tables
        for r in t.rows
        if t.rows[0].cells[1].text == "Nyckeltal"
    }
    assert rows["B2"][1:3] == [B2, "Följs upp"] and rows["B4"][1] == B4
