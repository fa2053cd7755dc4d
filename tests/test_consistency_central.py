"""A centrally measured key figure has no division forecast: its Prognos helår is a missing forecast, never
"Följs (inget mål)" when it has a mål (audit D6)."""

from __future__ import annotations

from decimal import Decimal

from plan_shapes import T1, central_figure
from reporting.consolidate.board import central_key_figure_rows
from reporting.demo.plan import demo_plan
from reporting.intake.central import CentralValue, CentralValues
from reporting.plan.targets import Status
from reporting.template.central import KEY_FIGURE


def test_a_central_figure_with_a_target_has_no_forecast_status_but_underlag_saknas():
    plan = demo_plan()
    plan.key_figures += [
        central_figure("C1", "Andel invånare med förtroende för vården", "HS", "Minst 60 %"),
        central_figure("C2", "Antal remisser", "HS", "Följs"),
    ]
    central = CentralValues("Centrala värden.xlsx", "0" * 64)
    central.values[(KEY_FIGURE, "C1")] = CentralValue(KEY_FIGURE, "C1", Decimal("64.5"), "", "", "E5")
    central.values[(KEY_FIGURE, "C2")] = CentralValue(KEY_FIGURE, "C2", Decimal("812"), "", "", "E6")
    rows = {r.id: r for r in central_key_figure_rows(plan, central, T1)}
    assert (rows["C1"].status, rows["C1"].forecast_status) == (Status.MET.value, Status.NO_DATA.value)
    assert (rows["C2"].status, rows["C2"].forecast_status) == (Status.FOLLOW.value, Status.FOLLOW.value)
