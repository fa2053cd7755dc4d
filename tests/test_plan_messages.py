"""plan check's messages: every plan finding says what is wrong and what to do as whole sentences, and an
amount in one carries the plan's unit (54 tkr is never read as 54 mkr).

Broken plans are walked sheet by sheet (the demo plan, and seed 002's tkr plan with its own account groups),
each edited the way a user might get it wrong; every plan finding must end with "." (or "?") with no doubled
full stop outside a quoted value, at the cells the edits broke.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from econ_plans import SEED002_AREAS, seed002_plan
from edit_xml import edit_cells
from reporting.demo.plan import demo_plan
from reporting.findings import Category, Finding, Severity
from reporting.plan import sheet_reader
from reporting.plan.model import BudgetFrame, Initiative, Plan, Unit
from reporting.plan.read import check_plan
from reporting.plan.write import write_plan

D = Decimal
NBSP = "\u00a0"
Edits = dict[tuple[str, str, int], Any]  # (sheet, header or column letter, row) -> value; None empties the cell


def _rich_plan() -> Plan:
    """The demo plan with every optional part a reader checks: measure terms, satsningar, Frekvens, unit frames."""
    plan = demo_plan()
    first = replace(plan.measures[0], kind="engangs", start="2025-01", end="2025-12")
    figures = [replace(k, frequency="helar") if k.id == "N02" else k for k in plan.key_figures]
    med = next(f for f in plan.budget_frames if (f.division, f.year, f.unit) == ("MED", 2025, ""))
    half = {gid: amount / 2 for gid, amount in med.amounts.items()}
    return replace(
        plan,
        measures=[first, *plan.measures[1:]],
        key_figures=figures,
        initiatives=[Initiative("S1", "Fler vårdplatser", ("Nämnd",), {2025: D(-5)}, False)],
        units=[Unit("MA", "Avdelning A", "MED"), Unit("MB", "Avdelning B", "MED")],
        budget_frames=[
            *plan.budget_frames,
            BudgetFrame("MED", 2025, half, sum(half.values()), "MA"),
            BudgetFrame("MED", 2025, half, sum(half.values()), "MB"),
        ],
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """The plans the cases break, written once: the rich demo plan (mkr) and seed 002's (tkr)."""
    folder = tmp_path_factory.mktemp("plans")
    return {
        "mkr": write_plan(folder / "mkr.xlsx", _rich_plan()),
        "tkr": write_plan(folder / "tkr.xlsx", seed002_plan()),
    }


def _column(ws: Any, key: str) -> str:
    """The column letter of a header on row 1, or ``key`` itself when it is a letter already."""
    if re.fullmatch(r"[A-Z]{1,2}", key):
        return key
    return next(c.column_letter for c in ws[1] if c.value == key)


def _broken(source: Path, target: Path, edits: Edits, removed: tuple[str, ...] = ()) -> list[Finding]:
    """The plan findings of ``source`` with ``edits`` applied and the sheets in ``removed`` taken out."""

    def change(wb: Any) -> None:
        for (sheet, key, row), value in edits.items():
            ws = wb[sheet]
            ws[f"{_column(ws, key)}{row}"] = value
        for sheet in removed:
            wb.remove(wb[sheet])

    edit_cells(source, change, target)  # a sheet removed goes through openpyxl
    return [f for f in check_plan(target)[1] if f.rule.category is Category.PLAN]


def _not_sentences(findings: list[Finding]) -> list[str]:
    """Messages that do not end as a sentence or that double a full stop (a quoted value may hold "..")."""
    bad = []
    for f in findings:
        unquoted = re.sub(r'"[^"]*"', '""', f.message)
        if not f.message.endswith((".", "?")) or ".." in unquoted or ". ." in unquoted:
            bad.append(f"{f.sheet}!{f.cell}: {f.message}")
    return bad


GROUP_AREAS = [a.id for a in demo_plan().goal_areas]  # Målområden rows 2, 3, 4
# name -> (plan, edits, sheets removed, the (sheet, cell) every one of which must have a plan finding)
CASES: dict[str, tuple[str, Edits, tuple[str, ...], set[tuple[str, str]]]] = {
    "settings": (
        "mkr",
        {
            ("Nämnd", "B", 1): None,  # Nämnd missing
            ("Nämnd", "A", 2): "Regionen",  # the Region row missing
            ("Nämnd", "B", 4): "tjugo",  # År not a number
            ("Nämnd", "B", 5): -5,  # Tolerans negative
            ("Nämnd", "B", 7): -1,  # Avvikelsetröskel (mkr) negative
            ("Nämnd", "B", 9): "HSN!",  # Nämnd-id
            ("Nämnd", "A", 10): "Besparingskrav 2025 (tkr)",  # the other unit
            ("Nämnd", "A", 13): "Beloppsenhet",
            ("Nämnd", "B", 13): "kkr",
        },
        (),
        {("Nämnd", c) for c in ("B1", "", "B4", "B5", "B7", "B9", "B10", "B13")},
    ),
    "divisions": (
        "mkr",
        {
            ("Divisioner", "A", 2): "MED/AKUT",
            ("Divisioner", "A", 3): "Nämnd",
            ("Divisioner", "A", 4): "CON",
            ("Divisioner", "A", 5): "CON",
            ("Divisioner", "B", 5): None,
            ("Enheter", "C", 2): "ABC",
        },
        (),
        {("Divisioner", c) for c in ("A2", "A3", "A4", "A5", "B5")} | {("Enheter", "C2")},
    ),
    "goals": (
        "mkr",
        {
            ("Nyckeltal", "Målområde", 3): "XX",
            ("Nyckeltal", "Aggregering", 2): "median",
            ("Nyckeltal", "Målvärde", 4): "Minst åttio",
            ("Nyckeltal", "Riktning", 5): "Uppåt",
            ("Nyckeltal", "Frekvens", 3): "Ibland",
            ("Nyckeltal", "Målvärde", 6): "I nivå med riket",  # no Kolada id: a warning
            ("Nyckeltal", "Nyckeltal", 7): "Minska väntetiden",  # the name says the opposite of "Minst 75 %"
            ("Målområden", "Överordnad", 2): "ZZ",
            ("Målområden", "Överordnad", 3): GROUP_AREAS[2],
            ("Målområden", "Överordnad", 4): GROUP_AREAS[1],
            ("Målområden", "A", 5): GROUP_AREAS[0],
            ("Målområden", "B", 5): "Kopia",
            ("Uppdrag", "Divisioner", 2): "MED, ABC",
        },
        (),
        {("Nyckeltal", c) for c in ("C3", "I2", "F4", "G5", "K3", "J6", "B7")}
        | {("Målområden", c) for c in ("C2", "C3", "C4", "A5")}
        | {("Uppdrag", "E2")},
    ),
    "frames": (
        "mkr",
        {
            ("Budgetramar", "E", 2): 250.7,  # a cost written positive
            ("Budgetramar", "H", 3): -1100,  # netto not the groups' sum
            ("Budgetramar", "C", 4): -111.1,  # an income written negative
            ("Budgetramar", "A", 5): "XYZ",  # unknown division (and NV without a 2025 frame)
            ("Budgetramar", "D", 7): "=1+1",  # a formula without a computed value
            ("Budgetramar", "C", 8): "mycket",
            ("Budgetramar", "I", 9): "MA",  # a MED unit on a KIR row
            ("Budgetramar", "B", 17): 2025,  # a second Nämnd 2025 row
            ("Budgetramar", "C", 18): 40,  # the units no longer add up to MED's frame
        },
        (),
        {("Budgetramar", c) for c in ("E2", "H3", "C4", "A5", "D7", "C8", "I9", "A17", "C3")} | {("Divisioner", "A5")},
    ),
    "frame headers": (
        "mkr",
        {
            ("Budgetramar", "H", 1): "Netto (tkr)",
            ("Budgetramar", "C", 1): "Externa intäkter",
            ("Enheter", "C", 2): "NV",
        },
        (),
        {("Budgetramar", "H1"), ("Budgetramar", "A1")},
    ),
    "measures": (
        "mkr",
        {
            ("Åtgärdsplan", "Effekt 2025 (mkr)", 2): "tjugo",
            ("Åtgärdsplan", "Typ", 2): "Ibland",
            ("Åtgärdsplan", "Start", 2): "2025-13",
            ("Åtgärdsplan", "Start", 3): "2025-06",
            ("Åtgärdsplan", "Slut", 3): "2025-01",
            ("Åtgärdsplan", "Divisioner", 3): "ABC",
            ("Satsningar", "Inom ram", 2): "Kanske",
            ("Satsningar", "Belopp 2025 (mkr)", 2): "x",
            ("Investeringar", "F", 2): 12.5,
            ("Investeringar", "B", 3): "XYZ",
            ("Investeringar", "F", 4): None,
        },
        (),
        {("Åtgärdsplan", c) for c in ("F2", "L2", "M2", "N3", "E3")}
        | {("Satsningar", "D2"), ("Satsningar", "E2")}
        | {("Investeringar", c) for c in ("F2", "B3", "F4")}
        | {("Nämnd", "B10")},  # Besparingskrav 2025 is no longer its effects' sum: a warning
    ),
    "year headers": (
        "mkr",
        {
            **{("Åtgärdsplan", f"Effekt {y} (mkr)", 1): f"Effekter {y}" for y in (2025, 2026, 2027)},
            ("Satsningar", "Belopp 2025 (mkr)", 1): "Belopp",
        },
        (),
        {("Åtgärdsplan", "A1"), ("Satsningar", "A1")},
    ),
    "periods and control": (
        "mkr",
        {
            ("Perioder", "A", 2): "Kvartal 1",
            ("Perioder", "C", 3): "nästa vecka",
            ("Perioder", "A", 4): "Delår",
            ("Perioder", "C", 4): datetime(2025, 1, 1),
            ("Internkontroll", "D", 4): "månadsvis",
            ("Internkontroll", "F", 2): "MED, XYZ",
            ("Internkontroll", "A", 3): "K01",
            ("Internkontroll", "C", 5): None,
        },
        (),
        {("Perioder", c) for c in ("A2", "C3", "A4", "C4")} | {("Internkontroll", c) for c in ("D4", "F2", "A3", "C5")},
    ),
    "sheets": ("mkr", {("Divisioner", "B", 1): "Namnet"}, ("Uppdrag",), {("Uppdrag", ""), ("Divisioner", "A1")}),
    "account groups": (
        "tkr",
        {
            ("Kontogrupper", "C", 3): "Intäkter",
            ("Kontogrupper", "D", 3): "Mellan",
            ("Kontogrupper", "A", 4): "EI",
            ("Kontogrupper", "A", 5): "netto",
            ("Kontogrupper", "F", 6): "Personal",
            ("Kontogrupper", "C", 9): "Netto",
        },
        (),
        {("Kontogrupper", c) for c in ("C3", "D3", "A4", "A5", "F6", "C9")},
    ),
    "no account groups": (
        "tkr",
        {("Kontogrupper", col, row): None for col in "ABCDEF" for row in range(2, 10)},
        (),
        {("Kontogrupper", "A2")},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_plan_finding_says_what_is_wrong_and_what_to_do_in_whole_sentences(case, written, tmp_path):
    plan, edits, removed, cells = CASES[case]
    findings = _broken(written[plan], tmp_path / "plan.xlsx", edits, removed)
    assert cells <= {(f.sheet, f.cell) for f in findings}, [f"{f.sheet}!{f.cell}: {f.message}" for f in findings]
    assert _not_sentences(findings) == []


def test_a_sheet_beyond_the_row_cap_says_so_in_sentences(written, tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 3)
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", {})
    assert ("Budgetramar", "A4") in {(f.sheet, f.cell) for f in findings}
    assert _not_sentences(findings) == []


def _message(findings: list[Finding], sheet: str, cell: str) -> str:
    [message] = [f.message for f in findings if (f.sheet, f.cell) == (sheet, cell)]
    return message


def test_a_netto_that_is_not_the_groups_sum_names_the_plans_unit(written, tmp_path):
    mkr = _broken(written["mkr"], tmp_path / "mkr.xlsx", {("Budgetramar", "H", 4): -1100})  # KIR 2025
    assert _message(mkr, "Budgetramar", "H4") == (
        f"Netto −1{NBSP}100,0 mkr stämmer inte med summan av kontogrupperna −1{NBSP}191,0 mkr. "
        "Rätta netto eller kontogrupperna."
    )
    tkr = _broken(written["tkr"], tmp_path / "tkr.xlsx", {("Budgetramar", "Netto (tkr)", 2): -140000})
    assert sum(SEED002_AREAS["HSD"]) == -140918  # the seed's HSD row, the first frame
    assert _message(tkr, "Budgetramar", "K2") == (
        f"Netto −140{NBSP}000 tkr stämmer inte med summan av kontogrupperna −140{NBSP}918 tkr. "
        "Rätta netto eller kontogrupperna."
    )


def test_unit_frames_that_do_not_add_up_name_the_plans_unit(written, tmp_path):
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", {("Budgetramar", "C", 18): 40})
    assert _message(findings, "Budgetramar", "C3") == (
        "Externa intäkter: enheternas summa 87,05 mkr (C18, C19) stämmer inte med divisionens ram 94,1 mkr. "
        "Rätta enheternas belopp eller divisionens ram."
    )


def test_a_negative_threshold_names_its_unit(written, tmp_path):
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", {("Nämnd", "B", 5): -5, ("Nämnd", "B", 7): -1})
    assert _message(findings, "Nämnd", "B5") == (
        '"Tolerans delvis uppfyllt (%)" kan inte vara negativ (−5 %). Skriv 0 eller ett positivt tal, t.ex. 5 %.'
    )
    assert _message(findings, "Nämnd", "B7") == (
        '"Avvikelsetröskel kontogrupp (mkr)" kan inte vara negativ (−1 mkr). Skriv 0 eller ett positivt tal, '
        "t.ex. 1 mkr."
    )


def test_an_amount_of_the_wrong_sign_is_named_with_the_plans_unit(written, tmp_path):
    mkr = _broken(written["mkr"], tmp_path / "mkr.xlsx", {("Budgetramar", "E", 2): 250.7})
    assert _message(mkr, "Budgetramar", "E2") == "Fel tecken: kostnader anges med minustecken. Skriv −250,7 mkr."
    tkr = _broken(written["tkr"], tmp_path / "tkr.xlsx", {("Budgetramar", "C", 2): -44437})
    assert _message(tkr, "Budgetramar", "C2") == (
        f"Fel tecken: intäkter anges positiva. Skriv 44{NBSP}437 tkr, utan minustecken."
    )


def test_a_besparingskrav_off_by_less_than_the_units_decimal_is_not_shown_as_equal(written, tmp_path):
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", {("Nämnd", "B", 10): 51.04})  # the effects sum to 51
    assert _message(findings, "Nämnd", "B10") == (
        "Besparingskrav 2025 är 51,04 mkr, men åtgärdernas effekter 2025 summerar till 51,0 mkr. "
        "Rätta besparingskravet eller effekterna på fliken Åtgärdsplan."
    )


def test_a_year_column_headed_in_the_other_unit_is_an_error_at_its_header(written, tmp_path):
    """Its amounts would be read in the plan's unit: "Effekt 2025 (tkr)" in an mkr plan, 20 000 tkr as 20 000 mkr."""
    edits = {("Åtgärdsplan", "F", 1): "Effekt 2025 (tkr)", ("Satsningar", "E", 1): "Belopp 2025 (tkr)"}
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", edits)
    assert _message(findings, "Åtgärdsplan", "F1") == (
        'Rubriken "Effekt 2025 (tkr)" anger tkr men Beloppsenhet på fliken Nämnd är mkr. '
        'Skriv "Effekt 2025 (mkr)" eller ändra Beloppsenhet.'
    )
    assert _message(findings, "Satsningar", "E1") == (
        'Rubriken "Belopp 2025 (tkr)" anger tkr men Beloppsenhet på fliken Nämnd är mkr. '
        'Skriv "Belopp 2025 (mkr)" eller ändra Beloppsenhet.'
    )


def test_a_group_whose_typ_is_not_read_gets_that_error_and_no_sign_error_guessed_from_it(written, tmp_path):
    """An income group typed "Inkomst": its amounts are not told to be written as costs."""
    plan = seed002_plan()
    income = next(i for i, g in enumerate(plan.account_groups) if g.is_income)
    findings = _broken(written["tkr"], tmp_path / "plan.xlsx", {("Kontogrupper", "C", income + 2): "Inkomst"})
    assert [(f.sheet, f.cell) for f in findings if f.severity is Severity.ERROR] == [("Kontogrupper", f"C{income + 2}")]
    assert _message(findings, "Kontogrupper", f"C{income + 2}") == (
        'Okänt värde "Inkomst". Skriv Intäkt, Kostnad, Avskrivning eller Netto.'
    )


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (None, 'År saknas i kolumnen "År".'),
        (202.5, 'Kan inte läsa "202,5" som ett år.'),
        ("tjugo", 'Kan inte läsa "tjugo" som ett år.'),
    ],
)
def test_a_frames_year_left_blank_or_not_a_year_asks_for_a_year(written, tmp_path, typed, said):
    findings = _broken(written["mkr"], tmp_path / "plan.xlsx", {("Budgetramar", "År", 2): typed})
    assert _message(findings, "Budgetramar", "B2") == f"{said} Skriv året med fyra siffror, t.ex. 2025."


def test_a_repeated_division_id_is_listed_first_and_a_cut_list_says_so(written, tmp_path):
    """One division id typed twice on Divisioner made every reference to the id it replaced unknown: 34 errors,
    the 30 shown all consequences, the cause among those cut, and nothing said of the 4 left out."""
    from click.testing import CliRunner

    from reporting.cli import main

    ws = tmp_path / "ws"
    (ws / "inbox").mkdir(parents=True)
    findings = _broken(written["mkr"], ws / "plan.xlsx", {("Divisioner", "A", 3): "HSD"})
    assert findings[0].sheet == "Divisioner" and "förekommer flera gånger" in findings[0].message
    unknown = [f.message for f in findings if f.message.startswith("Okänd division")]
    assert unknown and all(m.endswith("Använd ett av id:na där: HSD, KIR, NV.") for m in unknown)  # HSD once
    result = CliRunner().invoke(main, ["consolidate", "-w", str(ws), "-p", "2025-T1"])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and lines[-1].startswith(f"Fel: planen {ws / 'plan.xlsx'} har {len(findings)} fel,")
    assert "Divisioner!A3" in lines[0]
    more = len(findings) - 30
    assert more > 0 and lines[-2] == f"  … och {more} till; 'reporting plan check' listar alla."
