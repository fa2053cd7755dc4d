"""Item 15: numbers typed as text in the economy sheet get a warning, and the netto is not judged by a sum over text."""

from __future__ import annotations

import re
from decimal import Decimal

from helpers import answer, answer_cell, complete_edits
from reporting.findings import Rule, Severity
from test_hostile import _rewrite
from test_robust_read import EKONOMI, as_fill, both, member, verdict

TYPED = {
    ("Ekonomi", "EK", "actual"): "\u2212427,5",
    ("Ekonomi", "EI", "periodised"): "31,4",
    ("Ekonomi", "IK", "forecast"): "\u2212181,1",
}


def test_numbers_typed_as_text_warn_and_do_not_blame_the_netto(plan, make_template):
    edits = complete_edits(plan, "MED")
    edits.update(TYPED)
    # written with real cached values: the netto SUM skips the text cells, as Excel's does
    path = make_template("MED", fill=as_fill(edits), name="typed.xlsx")
    fast, careful = both(path, plan)
    assert verdict(fast) == verdict(careful)
    assert not [f for f in fast.findings if f.rule is Rule.NETTO_MISMATCH]
    typed = [f for f in fast.findings if f.rule is Rule.NUMBER_AS_TEXT]
    assert {(f.sheet, f.cell) for f in typed} == {
        (sheet, answer_cell(fast.submission, sheet, row_id, key)) for sheet, row_id, key in TYPED
    }
    assert all(f.severity is Severity.WARNING for f in typed)
    messages = {f.cell: f.message for f in typed}  # each quotes what it read, as typed
    assert messages[answer_cell(fast.submission, "Ekonomi", "IK", "forecast")] == (
        'Talet "\u2212181,1" är skrivet som text; Excel räknar inte med det i summor. Skriv om det som ett tal.'
    )
    # the values themselves are read right
    assert answer(fast.submission, "Ekonomi", "EK", "actual") == Decimal("-427.500")


def test_netto_still_checked_where_no_part_is_text(plan, make_template, tmp_path):
    edits = complete_edits(plan, "MED")
    edits[("Ekonomi", "EK", "actual")] = "\u2212427,5"
    path = make_template("MED", fill=as_fill(edits), name="typed.xlsx")
    # overwrite the cached netto of the periodised column (no text there): it must still be caught
    sheet = re.sub(rb'(<c r="D10"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)', rb"\g<1>-5\2", member(path, EKONOMI))
    forged = _rewrite(path, tmp_path / "forged.xlsx", replace={EKONOMI: sheet})
    for result in both(forged, plan):
        mismatch = [f.cell for f in result.findings if f.rule is Rule.NETTO_MISMATCH]
        assert mismatch == ["D10"], result.findings
