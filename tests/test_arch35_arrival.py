"""When a submission arrived ("Mottagen"), as a controller would take it (qa35w #6): a modification time before the
period began and before the template was made (1980-01-01 from a zip or a USB stick) is not believed, the time
intake first saw the file is used, and said; a re-save with the same values after the deadline keeps the on-time
arrival of the submission in force."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from helpers import complete_edits, edit_workbook, fill
from reporting.consolidate.consolidation import consolidate
from reporting.intake import run as intake_run
from reporting.intake.run import run_intake
from reporting.plan.periods import Period
from reporting.workspace import Workspace

T1 = Period(2025, "T1")  # the demo plan's deadline: 2025-05-09
RUN = datetime(2025, 5, 20, 14, 30)  # the run, after the deadline


class _Clock(datetime):
    @classmethod
    def now(cls, tz=None):
        return RUN


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setattr(intake_run, "datetime", _Clock)
    workspace = Workspace(tmp_path / "ws")
    workspace.inbox.mkdir(parents=True)
    return workspace


def _dated(path, when: str) -> None:
    moment = datetime.fromisoformat(when).timestamp()
    os.utime(path, (moment, moment))


def _status(plan, intake, division="Division Medicin"):
    return {row.division: row.status for row in consolidate(plan, intake).submissions}[division]


def test_a_1980_modification_time_is_not_believed(ws, plan, make_template):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    _dated(path, "1980-01-01T00:00:00")
    intake = run_intake(ws, plan, T1)
    created = intake.current["MED"].submission.created[:16].replace("T", " ")
    reason = (
        f"filens ändringstid (1980-01-01 00:00) är före periodens början (2025-01-01) och mallens tillkomst "
        f"({created}) och kan inte vara när den kom in (uppackad ur en zip-fil, kopierad från ett USB-minne eller "
        "sparad på en dator med fel klocka); som mottagen räknas när den först sågs i inkorgen, 2025-05-20 14:30"
    )
    assert [(e.result, e.reason, e.received) for e in intake.log] == [("godkänd", reason, "2025-05-20T14:30:00")]
    assert intake.notes == [f"medicin.xlsx: {reason}."]
    assert intake.current["MED"].submission.received == "2025-05-20T14:30:00"
    assert _status(plan, intake) == "Inkommen (sent)"
    path.unlink()  # read again from the archive: the arrival the run took is kept
    again = run_intake(ws, plan, T1)
    assert again.current["MED"].submission.received == "2025-05-20T14:30:00" and again.notes == []


def test_a_time_in_the_period_is_believed(ws, plan, make_template):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    _dated(path, "2025-05-08T10:00:00")
    intake = run_intake(ws, plan, T1)
    assert [(e.reason, e.received) for e in intake.log] == [("", "2025-05-08T10:00:00")]
    assert intake.notes == [] and _status(plan, intake) == "Inkommen"


def test_a_resave_with_the_same_values_keeps_the_on_time_arrival(ws, plan, make_template):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    _dated(path, "2025-05-08T10:00:00")
    first = run_intake(ws, plan, T1)
    assert _status(plan, first) == "Inkommen"
    edit_workbook(path, lambda wb: None)  # opened and saved again (Ctrl-S): other bytes, the same values
    _dated(path, "2025-05-12T09:15:00")
    again = run_intake(ws, plan, T1)
    reason = "samma värden som den gällande inlämningen (medicin.xlsx, mottagen 2025-05-08 10:00), bara sparad igen; ankomsttiden behålls"
    assert [(e.result, e.reason, e.received) for e in again.log] == [("godkänd", reason, "2025-05-08T10:00:00")]
    assert again.current["MED"].sha256 != first.current["MED"].sha256  # the re-saved bytes are archived and used
    assert again.current["MED"].submission.received == "2025-05-08T10:00:00"
    assert _status(plan, again) == "Inkommen"
    third = run_intake(ws, plan, T1)  # the same file again: in force, on time, the log too
    assert [(e.result, e.received) for e in third.log] == [("oförändrad", "2025-05-08T10:00:00")]


def test_a_changed_value_after_the_deadline_is_late(ws, plan, make_template):
    path = fill(make_template("MED"), complete_edits(plan, "MED"), ws.inbox / "medicin.xlsx")
    _dated(path, "2025-05-08T10:00:00")
    run_intake(ws, plan, T1)

    def change(wb):
        from helpers import locate

        sheet = wb["Nyckeltal"]
        sheet[locate(sheet, "N01", "outcome", "Nyckeltal")] = 3.6

    edit_workbook(path, change)
    _dated(path, "2025-05-12T09:15:00")
    again = run_intake(ws, plan, T1)
    assert [(e.result, e.reason, e.received) for e in again.log] == [("godkänd", "", "2025-05-12T09:15:00")]
    assert _status(plan, again) == "Inkommen (sent)"
