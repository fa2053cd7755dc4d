"""Plan lookups go through dict indexes built once per Plan, and stay correct while a Plan is being built."""

import copy
import pickle
from dataclasses import replace
from decimal import Decimal

import pytest

from reporting.demo.plan import demo_plan
from reporting.demo.units import unit_plan
from reporting.plan.model import BudgetFrame, Division, Plan, Unit


def _scan(plan: Plan, division_id: str) -> dict:
    """The lookups as the linear scans computed them."""
    return {
        "key_figures": [k for k in plan.key_figures if division_id in k.divisions],
        "assignments": [a for a in plan.assignments if division_id in a.divisions],
        "measures": [m for m in plan.measures if division_id in m.divisions],
        "investments": [i for i in plan.investments if i.division == division_id],
        "units": [u for u in plan.units if u.division == division_id],
        "frames": {
            (b.year, b.unit): b for b in reversed(plan.budget_frames) if b.division == division_id
        },  # reversed: first one wins
    }


def _looked_up(plan: Plan, division_id: str) -> dict:
    return {
        "key_figures": plan.key_figures_for(division_id),
        "assignments": plan.assignments_for(division_id),
        "measures": plan.measures_for(division_id),
        "investments": plan.investments_for(division_id),
        "units": plan.units_of(division_id),
        "frames": {
            (b.year, b.unit): plan.frame(division_id, b.year, b.unit)
            for b in plan.budget_frames
            if b.division == division_id
        },
    }


def _by_name_and_id(units: int):
    """Unit investments naming their unit by name and by id in turn, so one unit's objects come from both."""
    from dataclasses import replace

    plan = unit_plan(units)
    ids = {u.name: u.id for u in plan.units}
    mixed = [
        replace(i, unit=ids[i.unit]) if n % 3 == 0 and i.unit in ids else i for n, i in enumerate(plan.investments)
    ]
    return replace(plan, investments=mixed)


@pytest.mark.parametrize("make", [demo_plan, lambda: unit_plan(40), lambda: _by_name_and_id(40)])
def test_indexed_lookups_equal_the_linear_scans(make):
    plan = make()
    for division in [*plan.divisions, Division("NONE", "Ingen")]:
        assert _looked_up(plan, division.id) == _scan(plan, division.id)
    for unit in plan.units:
        assert plan.unit(unit.id) is unit
        assert plan.investments_of(unit.division, unit.id) == [
            i for i in plan.investments if i.division == unit.division and i.unit in (unit.name, unit.id)
        ]
    assert plan.frame("MED") is next(b for b in plan.budget_frames if (b.division, b.year, b.unit) == ("MED", 2025, ""))
    assert plan.frame("MED", 1999) is None


def test_index_is_built_once_and_kept_out_of_equality_and_digest():
    plan = demo_plan()
    digest = plan.digest()
    plan.division("MED")
    index = plan.__dict__["_lookup"]
    plan.key_figures_for("MED")
    plan.frame("KIR")
    assert plan.__dict__["_lookup"] is index  # not rebuilt per call
    assert plan == demo_plan()
    assert plan.digest() == digest == demo_plan().digest()
    assert "_lookup" not in repr(plan)


def test_index_follows_a_plan_built_incrementally():
    plan = Plan("Nämnd", "Region", "1", 2025)
    assert plan.units_of("A") == []
    with pytest.raises(KeyError):
        plan.division("A")
    plan.divisions.append(Division("A", "Division A"))  # the list grew after the first lookup
    assert plan.division("A").name == "Division A"
    plan.units = [Unit("U1", "Enhet 1", "A")]  # the list was replaced
    assert plan.unit("U1").division == "A"
    assert plan.units_of("A") == [Unit("U1", "Enhet 1", "A")]
    frame = BudgetFrame("A", 2025, {"EI": Decimal(1)}, Decimal(1))
    plan.budget_frames.append(frame)
    assert plan.frame("A") is frame


def test_returned_lists_are_copies():
    plan = demo_plan()
    plan.key_figures_for("MED").clear()
    assert plan.key_figures_for("MED") == [k for k in plan.key_figures if "MED" in k.divisions] != []


def test_first_of_a_repeated_id_wins_as_before():
    plan = Plan("N", "R", "1", 2025, divisions=[Division("A", "Första"), Division("A", "Andra")])
    assert plan.division("A").name == "Första"


def test_copies_and_replaced_plans_look_up_their_own_lists():
    plan = demo_plan()
    plan.division("MED")
    changed = replace(plan, divisions=[Division("MED", "Ny medicin")])
    assert changed.division("MED").name == "Ny medicin"
    assert plan.division("MED").name == "Division Medicin"
    for clone in (copy.deepcopy(plan), pickle.loads(pickle.dumps(plan))):
        assert clone.division("MED") == plan.division("MED")
        clone.divisions[1] = Division("MED", "Klon")  # in place, same length: ...
        clone.divisions = list(clone.divisions)  # ... noticed once the list is reassigned
        assert clone.division("MED").name == "Klon"
