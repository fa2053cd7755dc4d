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


def test_fast_and_careful_readers_agree(reader_corpus, plan):
    _, files = reader_corpus  # corpus(), built once per session (conftest_reader.py)
    assert len(files) >= 18
    for path in files:
        assert comparable(check_file(path, plan, T1)) == comparable(check_file(path, plan, T1, careful=True)), path.name


@pytest.mark.libreoffice
def test_readers_agree_on_libreoffice_files(soffice, tmp_path, plan, reader_corpus):
    files = reader_corpus[1][:7]
    for path, resaved in zip(files, convert_many(files, "xlsx", tmp_path / "lo"), strict=True):
        assert resaved.stem == path.stem
        fast, careful = check_file(resaved, plan, T1), check_file(resaved, plan, T1, careful=True)
        assert comparable(fast) == comparable(careful), path.name
        assert fast.accepted, path.name


def test_the_sheet_parser_reads_each_chunk_whatever_the_expat_version():
    """Expat 2.6 may hold a chunk's tail back for a final call the streaming readers never make."""
    from xml.parsers import expat

    from reporting.xlsx.sheet_scan import streaming_parser

    parser = streaming_parser()
    if hasattr(parser, "GetReparseDeferralEnabled"):
        assert parser.GetReparseDeferralEnabled() is False
    else:
        assert expat.version_info < (2, 6)  # no deferral to turn off
    seen = []
    parser.StartElementHandler = lambda name, attrs: seen.append(name)
    parser.Parse(b'<worksheet><sheetData><row r="1"><c r="A1"/>', False)
    assert seen == ["worksheet", "sheetData", "row", "c"]  # without a final call
