"""The fill helper reads a template once and saves every variant from that read: each saved file must be
the one a fresh read of the template gives, whatever was filled before (dates add styles, cells are created)."""

from __future__ import annotations

import zipfile
from datetime import datetime

import helpers
from helpers import AsText, complete_edits, fill
from reporting.plan.periods import Period

T1 = Period(2025, "T1")


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # docProps/core.xml holds the time of saving
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


def test_a_fill_from_the_read_template_is_the_fill_of_a_fresh_read(make_template, plan, tmp_path):
    template = make_template("MED", T1)
    full = complete_edits(plan, "MED")
    odd = {("Nyckeltal", "N01", "outcome"): datetime(2025, 3, 1), ("Nyckeltal", "N04", "outcome"): AsText("=1+1")}
    helpers._PARSED.clear()
    fresh = {name: _parts(fill(template, edits, tmp_path / f"fresh-{name}.xlsx")) for name, edits in [("odd", odd)]}
    helpers._PARSED.clear()
    fresh["full"] = _parts(fill(template, full, tmp_path / "fresh-full.xlsx"))
    assert len(helpers._PARSED) == 1
    for name, edits in [("full", full), ("odd", odd), ("full", full), ("odd", odd)]:
        again = _parts(fill(template, edits, tmp_path / f"again-{name}.xlsx"))
        assert again == fresh[name], name
    assert len(helpers._PARSED) == 1  # read once
    assert fresh["odd"] != fresh["full"]
