"""The nämnd's notes read as sentences when nothing is in yet (language review)."""

from __future__ import annotations

from reporting.consolidate.consolidation import consolidate
from reporting.demo.plan import demo_plan
from reporting.intake.run import run_intake
from reporting.output.notices import notice
from reporting.plan.periods import Period
from reporting.swedish import format_number
from reporting.workspace import Workspace


def test_an_atgardsplan_nobody_has_reported_is_said_so_not_as_zero_against_zero(tmp_path):
    """It read "Åtgärdsplanen (exkl. A1, …, A6, som inte alla divisioner har rapporterat): effekt helår 0,0 mkr
    mot planerad effekt 0,0 mkr; …"."""
    plan = demo_plan()
    result = consolidate(plan, run_intake(Workspace(tmp_path / "ws"), plan, Period(2025, "helar")))
    planned = sum(m.effect(2025) or 0 for m in plan.measures)
    required = plan.savings_required[2025]
    (note,) = [n for n in notice(result) if n.startswith("Åtgärdsplanen")]
    assert note == (
        "Åtgärdsplanen: ingen åtgärd har ännu rapporterats av alla berörda divisioner. Planerad effekt för alla "
        f"åtgärder {format_number(planned, 1)} mkr (besparingskrav {format_number(required, 1)} mkr)."
    )
