"""Källor lists every filled value once, in the submissions' order: checked against the rule written out plainly.

consolidate.sources builds its rows the fast way (each file's and column's strings once, cells shared); this
reference walks every answer and column one by one, so any row the fast way drops, adds, reorders or changes
shows up here.
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from reporting.consolidate.consolidation import consolidate
from reporting.consolidate.rollup import rollup
from reporting.consolidate.sources import TRACED, YEAR_END_UNUSED, SourceRow
from reporting.demo.submissions import demo_fill
from reporting.demo.units import unit_plan, write_unit_submissions
from reporting.intake.run import run_intake
from reporting.intake.submission import Submission
from reporting.plan.periods import Period
from reporting.template.answers import FIELD_OF
from reporting.template.spec import DATA_SHEETS, Column, Kind, header_of
from reporting.template.write import build_template
from reporting.workspace import Workspace

T1, HELAR = Period(2025, "T1"), Period(2025, "helar")


def reference(subs: list[Submission], unit: str) -> list[SourceRow]:
    """Every filled input value, file by file, sheet by sheet, row by row, column by column; a unit's texts
    (not empty) after its figures."""
    rows = []
    for sub in subs:
        for part in sub.parts or (sub,):
            rows += _values(part, unit, lambda c: c.kind in TRACED, lambda v: v is not None)
            if sub.parts:
                rows += _values(part, unit, lambda c: c.kind is Kind.TEXT, lambda v: v is not None and v != "")
    return rows


def _values(
    part: Submission, unit: str, wanted: Callable[[Column], bool], filled: Callable[[Any], bool]
) -> list[SourceRow]:
    rows = []
    for spec in DATA_SHEETS:
        unused = YEAR_END_UNUSED.get(spec.name, ()) if part.period.is_year_end else ()
        columns = [c for c in spec.columns if c.input and wanted(c) and c.key not in unused]
        for item, answer in getattr(part.answers, FIELD_OF[spec.answer]).items():
            for c in columns:
                value = getattr(answer, c.key)
                if filled(value):
                    where = (part.division_id, part.reporter.name, header_of(c, unit), value)
                    rows.append(SourceRow(spec.name, item, *where, part.file, answer.cell(c.key), part.sha256))
    return rows


@pytest.mark.parametrize("period", [T1, HELAR], ids=["T1", "helar"])
def test_kallor_rows_are_every_filled_value_in_order(tmp_path, period):
    plan = unit_plan(8)
    ws = Workspace(tmp_path)
    write_unit_submissions(plan, period, ws.inbox)
    own = ws.inbox / f"{period.key} Division Kirurgi.xlsx"  # Kirurgi's own file wins over its units' files
    build_template(plan, "KIR", period, own, demo_fill(plan, "KIR", period))
    result = consolidate(plan, run_intake(ws, plan, period))
    divisions = rollup(plan, [r.submission for r in result.intake.current.values() if r.submission])[0]
    assert result.sources == reference(list(divisions.values()), plan.amount_unit)
    assert len(set(result.sources)) == len(result.sources)  # each value once
    texts = [s for s in result.sources if s.metric == "Analys / kommentar" and s.division_id == "MED"]
    assert texts and all(" / Enhet " in s.reporter and s.value for s in texts)  # the units' own texts, not empty
    files = Counter((s.division_id, s.file) for s in result.sources)
    assert files[("KIR", own.name)] > 50 and not [f for d, f in files if d == "KIR" and f != own.name]
    med = sorted(f for d, f in files if d == "MED")
    assert med == [f"{period.key} Division Medicin - Enhet {u:04d}.xlsx" for u in (1, 5)]
