"""Importing riket's values names the Kolada ids that no key figure of the workspace's plan uses: their values
are stored, but a mistyped id (or one the plan never got) would otherwise be shown nowhere, unsaid."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

from click.testing import CliRunner

from reporting.cli import main
from reporting.demo.plan import demo_plan
from reporting.history.kolada import unused_kpis
from reporting.history.store import open_history
from reporting.plan.write import write_plan
from reporting.workspace import Workspace

UNUSED_NOTE = "Obs: N00945 finns inte i planens kolumn Kolada-id; värdena är sparade men visas vid inget nyckeltal."


def _values(*kpis: str) -> str:
    rows = [
        {"kpi": k, "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": 58.3}]} for k in kpis
    ]
    return json.dumps({"values": rows})


def _plan_naming_u07414():
    plan = demo_plan()
    return replace(plan, key_figures=[replace(k, kolada_id="U07414") if k.id == "N04" else k for k in plan.key_figures])


def test_unused_kpis_are_the_ids_no_key_figure_names():
    assert unused_kpis({"U07414", "N00945", "u07414"}, _plan_naming_u07414()) == ["N00945"]  # case-blind, as Kolada
    assert unused_kpis({"U07414"}, _plan_naming_u07414()) == []


def test_history_kolada_names_ids_the_plan_does_not_use(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    saved = tmp_path / "riket.json"
    saved.write_text(_values("U07414", "N00945"), "utf-8")
    run = lambda: CliRunner().invoke(main, ["history", "kolada", "-w", str(ws.root), str(saved)])  # noqa: E731

    open_history(ws.root).dispose()  # history kept without a plan in the workspace: nothing to compare with
    without_plan = run()
    assert without_plan.exit_code == 0 and without_plan.output == "riket.json: 2 värden importerade\n"

    write_plan(ws.plan, _plan_naming_u07414())
    told = run()
    assert told.exit_code == 0, told.output
    assert told.output.splitlines() == [
        "riket.json: 2 värden importerade",
        f"{UNUSED_NOTE} Stäm av id:t mot Kolada, eller skriv in det vid nyckeltalet i plan.xlsx.",
    ]

    saved.write_text(_values("N00945", "N00002"), "utf-8")  # two ids the plan does not name: said of both
    assert run().output.splitlines()[-1] == (
        "Obs: N00002, N00945 finns inte i planens kolumn Kolada-id; värdena är sparade men visas vid inget nyckeltal. "
        "Stäm av id:na mot Kolada, eller skriv in dem vid nyckeltalet i plan.xlsx."
    )

    shutil.copyfile(saved, ws.plan)  # not a workbook: the comparison is not made, and that is said
    unread = run()
    assert unread.exit_code == 0
    assert (
        unread.output.splitlines()[-1]
        == "Obs: planen plan.xlsx kunde inte läsas, så Kolada-id:na är inte jämförda med planens."
    )
