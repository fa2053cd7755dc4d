"""`reporting plan check`'s summary line counts what the plan holds: the nämnd's investment frames
(Investeringar's Division "Nämnd", seed 002's Reinvestering and Nyinvestering) are no investment objects."""

from __future__ import annotations

from dataclasses import replace

from click.testing import CliRunner

from reporting.cli import main
from reporting.plan.model import Investment
from reporting.plan.write import write_plan

FRAMES = [
    Investment("R1", "Nämnd", "", "Ram för reinvesteringar", "Reinvestering", 55810),
    Investment("R2", "Nämnd", "", "Ram för nyinvesteringar", "Nyinvestering", 6050),
]


def _summary(tmp_path, plan) -> str:
    path = tmp_path / "plan.xlsx"
    write_plan(path, plan)
    result = CliRunner().invoke(main, ["plan", "check", str(path)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1].removeprefix(f"{path}: OK – ")


def test_the_nämnds_investment_frames_are_not_counted_as_investments(tmp_path, plan):
    with_frames = replace(plan, investments=[*plan.investments, *FRAMES])
    assert _summary(tmp_path, with_frames) == (
        "4 divisioner, 21 nyckeltal, 26 uppdrag, 6 åtgärder, 19 investeringar och 2 investeringsramar för nämnden."
    )


def test_a_plan_of_frames_alone_has_no_investments_and_one_frame_is_singular(tmp_path, plan):
    only_frame = replace(plan, investments=FRAMES[:1])
    assert _summary(tmp_path, only_frame).endswith(", 0 investeringar och 1 investeringsram för nämnden.")


def test_a_plan_without_frames_says_nothing_of_them(tmp_path, plan):
    assert _summary(tmp_path, plan).endswith(", 6 åtgärder, 19 investeringar.")
