"""qa35w #1 (b): the workspace lock records who holds it, and a busy workspace's message says who."""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path

import pytest

from forked import Forked, no_workspace_held, wait_for
from reporting.workspace import Workspace, WorkspaceBusy, read_owner, started_by

ANNA = {"user": "anna", "host": "KONTOR-PC07", "pid": 4242, "started": "2026-12-08T09:12:33"}


def _hold(root: Path) -> None:
    """In a forked child: hold the workspace until the parent says so."""
    no_workspace_held()
    with Workspace(root).lock():
        (root / "held").touch()
        wait_for(root / "release")


def test_the_holder_is_recorded_beside_the_lock_and_removed_with_it(tmp_path):
    ws = Workspace(tmp_path)
    before = datetime.now().replace(microsecond=0)
    with ws.lock():
        owner = json.loads((tmp_path / ".reporting.owner").read_text(encoding="utf-8"))
        with ws.lock():  # nested: the same run, recorded once
            assert read_owner(ws.owner_file) == owner
    assert owner["host"] == socket.gethostname() and owner["pid"] == os.getpid() and owner["user"]
    assert before <= datetime.fromisoformat(owner["started"]) <= datetime.now()
    assert not ws.owner_file.exists()


def test_a_busy_workspace_says_who_started_the_run_holding_it(tmp_path):
    holder = Forked(_hold, tmp_path)
    wait_for(tmp_path / "held")
    recorded = read_owner(Workspace(tmp_path).owner_file)
    assert recorded is not None and recorded["pid"] == holder.pid
    (tmp_path / ".reporting.owner").write_text(json.dumps(ANNA), encoding="utf-8")  # as another computer's run
    waited: list[str] = []
    with pytest.raises(WorkspaceBusy) as caught, Workspace(tmp_path).lock(timeout=0.05, on_wait=waited.append):
        pass
    (tmp_path / "release").touch()
    assert holder.wait(timeout=60)[0] == 0
    when = "kl. 09:12" if datetime.now().date().isoformat() == "2026-12-08" else "2026-12-08 kl. 09:12"
    assert str(caught.value) == (
        f"en annan körning använder arbetsytan {tmp_path.resolve()} fortfarande efter 0,05 sekunder (startad av anna "
        f"på KONTOR-PC07 {when}; låsfilen {tmp_path / '.reporting.lock'}). Vänta tills den är klar och kör igen, "
        "eller ge den längre tid med REPORTING_LOCK_TIMEOUT=SEKUNDER."
    )
    assert len(waited) == 1
    assert read_owner(Workspace(tmp_path).owner_file) == ANNA  # not the holder's own record: left as it is


def test_started_by_names_the_account_the_computer_and_the_time():
    assert started_by(ANNA, today="2026-12-08") == "startad av anna på KONTOR-PC07 kl. 09:12"
    assert started_by(ANNA, today="2026-12-09") == "startad av anna på KONTOR-PC07 2026-12-08 kl. 09:12"
    assert started_by(None) == ""


def test_an_unreadable_record_is_no_holder(tmp_path):
    (tmp_path / ".reporting.owner").write_text("pid=4242\nhost=KONTOR-PC07\n", encoding="utf-8")
    assert read_owner(tmp_path / ".reporting.owner") is None
    with Workspace(tmp_path).lock():  # a crashed run's record is replaced by this run's
        assert read_owner(tmp_path / ".reporting.owner")["pid"] == os.getpid()
    assert not (tmp_path / ".reporting.owner").exists()


def test_another_computers_unfinished_run_is_said_when_the_lock_is_taken(tmp_path):
    """A synced folder carries the record but not the lock: the record of a run on another computer that has
    not ended is the one sign this run has that two computers may be running at once."""
    (tmp_path / ".reporting.owner").write_text(json.dumps(ANNA), encoding="utf-8")
    said: list[str] = []
    with Workspace(tmp_path).lock(on_wait=said.append):
        assert read_owner(tmp_path / ".reporting.owner")["pid"] == os.getpid()
    when = "kl. 09:12" if datetime.now().date().isoformat() == "2026-12-08" else "2026-12-08 kl. 09:12"
    assert said == [
        f"Obs: enligt arbetsytan {tmp_path.resolve()} har en körning startad av anna på KONTOR-PC07 {when} inte "
        "avslutats. Pågår den fortfarande på den datorn, kör två datorer samtidigt i en synkroniserad mapp: avbryt "
        "den här körningen (Ctrl-C) och kör igen när den är klar. Avbröts den körningen, gäller inte detta."
    ]
    own = {**ANNA, "host": socket.gethostname()}  # this computer's: the lock proves that run ended
    (tmp_path / ".reporting.owner").write_text(json.dumps(own), encoding="utf-8")
    with Workspace(tmp_path).lock(on_wait=said.append):
        pass
    assert len(said) == 1
