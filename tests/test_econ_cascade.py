"""One wrong input in an account group gives one finding, at the cell the controller typed (brief econ33 item 1c).

Before, the same slip also erred on the Netto row, which is locked: a date or an error value in a group made the
netto "not a number" or a netto-mismatch, an amount in tkr made the netto "too large", and a forecast with the
wrong sign or ten or a thousand times its budget asked for a comment on the group's and the netto's deviation.
The files are written with real cached formula values, as Excel saves them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import complete_edits
from reporting.intake.checking import check_file
from reporting.plan.periods import Period
from test_hostile import _rewrite
from test_robust_read import EKONOMI, as_fill, member

T1 = Period(2025, "T1")
DATE_SERIAL = 45777  # 2025-04-30, what Excel's SUM counts for the date
# Medicin's Ekonomi: Externa kostnader on row 7 (budget −1 282,4, utfall −427,467 typed), Netto on row 10;
# E utfall, F its avvikelse, G helårsprognos, I kommentar


def _found(path: Path, plan) -> list[tuple[str, str, str]]:
    fast, careful = check_file(path, plan, T1), check_file(path, plan, T1, careful=True)
    found = sorted((f.rule.value, f.severity.value, f.cell) for f in fast.findings)
    assert found == sorted((f.rule.value, f.severity.value, f.cell) for f in careful.findings)
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory, plan):
    """``write(edits)``: a complete Medicin file with ``edits`` typed in, its formulas' cached values computed."""
    from reporting.template.write import build_template

    folder = tmp_path_factory.mktemp("cascade")

    def write(edits: dict, name: str) -> Path:
        return build_template(plan, "MED", T1, folder / name, as_fill({**complete_edits(plan, "MED"), **edits}))

    return write


@pytest.mark.parametrize(
    ("group", "typed", "expected"),
    [
        ("EK", 1282.4, ("out-of-range", "fel", "G7")),  # a cost's forecast without its minus
        ("EK", -12824.0, ("amount-tenfold", "varning", "G7")),  # a zero too many
        ("EK", -1282400.0, ("out-of-range", "fel", "G7")),  # in tkr: too large to read, and the netto too
        ("AV", -22300.0, ("amount-unit-off", "varning", "G8")),  # Avskrivningar (budget −22,3) in tkr
    ],
    ids=["sign", "tenfold", "tkr-too-large", "tkr"],
)
def test_a_mistyped_forecast_is_said_at_its_cell_and_asks_for_no_deviation_comment(
    written, plan, group, typed, expected
):
    path = written({("Ekonomi", group, "forecast"): typed}, f"forecast-{group}{typed}.xlsx")
    assert _found(path, plan) == [expected]


def test_a_genuine_forecast_deviation_still_asks_for_comments_on_the_group_and_the_netto(written, plan):
    path = written({("Ekonomi", "EK", "forecast"): -1380.0}, "deviation.xlsx")
    assert _found(path, plan) == [("forecast-no-comment", "fel", "I10"), ("forecast-no-comment", "fel", "I7")]


def test_a_too_large_utfall_is_said_once_not_again_at_its_avvikelse_and_the_netto(written, plan):
    path = written({("Ekonomi", "EK", "actual"): -99999999.0}, "huge.xlsx")
    assert _found(path, plan) == [("out-of-range", "fel", "E7")]


def _patched(path: Path, cells: dict[str, str], target: Path) -> Path:
    """The file with the Ekonomi cells' XML (by reference) replaced, each keeping its style."""
    sheet = member(path, EKONOMI).decode("utf-8")
    for ref, body in cells.items():
        sheet, count = re.subn(rf'<c r="{ref}" (s="\d+")[^>]*>.*?</c>', rf'<c r="{ref}" \1{body}</c>', sheet)
        assert count == 1, ref
    return _rewrite(path, target, replace={EKONOMI: sheet.encode("utf-8")})


def test_an_error_value_in_a_group_is_said_at_its_cell_not_at_the_netto(written, plan, tmp_path):
    """=1/0 typed as Externa kostnader's utfall: #DIV/0! there, in its avvikelse and in the netto's two cells."""
    error = ' t="e"><f>{}</f><v>#DIV/0!</v>'
    cells = {"E7": error.format("1/0"), "F7": error.format("E7-D7"), "E10": error.format("SUM(E5,E6,E7,E8,E9)")}
    cells["F10"] = error.format("E10-D10")
    path = _patched(written({}, "clean.xlsx"), cells, tmp_path / "error.xlsx")
    assert _found(path, plan) == [("not-a-number", "fel", "E7")]


def test_a_date_in_a_group_is_said_at_its_cell_not_as_a_netto_mismatch(written, plan, tmp_path):
    """A date typed as an utfall: not a number to the reader, but Excel's SUM counts its serial number."""
    path = written({}, "clean.xlsx")
    netto = float(re.search(r'<c r="E10"[^>]*><f>[^<]*</f><v>([^<]*)</v>', member(path, EKONOMI).decode())[1])
    typed = float(re.search(r'<c r="E7"[^>]*><v>([^<]*)</v>', member(path, EKONOMI).decode())[1])
    cells = {
        "E7": ' t="d"><v>2025-04-30T00:00:00</v>',
        "E10": f"><f>SUM(E5,E6,E7,E8,E9)</f><v>{netto - typed + DATE_SERIAL}</v>",
    }
    path = _patched(path, cells, tmp_path / "date.xlsx")
    assert _found(path, plan) == [("not-a-number", "fel", "E7")]
