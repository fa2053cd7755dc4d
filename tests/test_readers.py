"""The fast streaming reader and the careful openpyxl reader give exactly the same findings and values."""

from datetime import datetime

import pytest
from openpyxl import load_workbook

from helpers import AsText, complete_edits, fill
from reporting.demo.submissions import write_demo_submissions
from reporting.intake.checking import check_file
from reporting.output.libreoffice import convert_many
from reporting.plan.periods import Period
from test_hostile import catalogue

T1 = Period(2025, "T1")


def corpus(tmp_path, plan, make_template):
    files = list(write_demo_submissions(plan, T1, tmp_path / "demo"))
    variants = {
        "typed": {
            ("Nyckeltal", "N02", "outcome"): "88,5 %",
            ("Ekonomi", "IK", "actual"): "\u221273,8",
            ("Ekonomi", "EI", "actual"): "1 234,5",
        },
        "errors": {
            ("Nyckeltal", "N02", "outcome"): None,
            ("Nyckeltal", "N03", "forecast"): "ej klart",
            ("Nyckeltal", "N07", "outcome"): datetime(2025, 4, 30),
            ("Uppdrag", "U01", "status"): "Klar",
            ("Åtgärdsplan", "A1", "achieved"): "=2+3",
            ("Ekonomi", "EK", "forecast"): -1500.0,
            ("Nyckeltal", "N15", "analysis"): AsText("=cmd|' /C calc'!A0"),
            ("Ekonomi", "NETTO", "actual"): -5.0,
        },
        "missed": {("Nyckeltal", "N02", "outcome"): 50, ("Nyckeltal", "N03", "outcome"): 73},
    }
    for name, extra in variants.items():
        edits = complete_edits(plan, "NV")
        edits.update(extra)
        files.append(fill(make_template("NV", name=f"t-{name}.xlsx"), edits, tmp_path / f"{name}.xlsx"))
    structural = fill(make_template("MED", name="t-s.xlsx"), complete_edits(plan, "MED"), tmp_path / "structure.xlsx")
    wb = load_workbook(structural)
    wb["Nyckeltal"].insert_rows(2, amount=2)
    wb["Nyckeltal"]["C7"] = "Minst 1"
    del wb["Investeringar"]
    wb["Uppdrag"]["A6"] = "U99"
    percent = wb["Ekonomi"]
    percent["E5"].number_format = "0.0%"
    wb.save(structural)
    files.append(structural)
    files += [path for path, _, _ in catalogue(make_template("KIR", name="t-k.xlsx"), tmp_path / "bad").values()]
    return files


def comparable(result):
    values = result.submission.answers if result.submission else None
    return result.accepted, [f.as_dict() for f in result.findings], values


def test_fast_and_careful_readers_agree(tmp_path, plan, make_template):
    files = corpus(tmp_path, plan, make_template)
    assert len(files) >= 18
    for path in files:
        assert comparable(check_file(path, plan, T1)) == comparable(check_file(path, plan, T1, careful=True)), path.name


@pytest.mark.libreoffice
def test_readers_agree_on_libreoffice_files(soffice, tmp_path, plan, make_template):
    files = corpus(tmp_path, plan, make_template)[:7]
    for path, resaved in zip(files, convert_many(files, "xlsx", tmp_path / "lo"), strict=True):
        assert resaved.stem == path.stem
        fast, careful = check_file(resaved, plan, T1), check_file(resaved, plan, T1, careful=True)
        assert comparable(fast) == comparable(careful), path.name
        assert fast.accepted, path.name
