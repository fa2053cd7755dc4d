"""``plan.digest.plain`` is ``dataclasses.asdict`` of a plan, faster: the digest of every plan stays what it was."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from reporting.demo.catalogue import DEMO_PLANS
from reporting.demo.units import unit_plan
from reporting.demo.workspace import write_demo_plan
from reporting.plan.digest import content_digest, plain
from reporting.plan.read import load_plan


@pytest.mark.parametrize("name", sorted(DEMO_PLANS))
def test_plain_equals_asdict_for_every_demo_plan(name, tmp_path):
    plan = load_plan(write_demo_plan(name, tmp_path / "plan.xlsx"))  # the seeds' plans as the office has them
    assert plain(plan) == asdict(plan)
    assert content_digest(plain(plan)) == content_digest(asdict(plan))


def test_plain_equals_asdict_for_a_plan_with_units_and_copies_what_it_must():
    plan = unit_plan(40)
    content = plain(plan)
    assert content == asdict(plan)
    content["units"][0]["name"] = "ändrad"  # a copy: the plan itself is untouched
    assert plan.units[0].name != "ändrad" and isinstance(content["units"], type(asdict(plan)["units"]))
