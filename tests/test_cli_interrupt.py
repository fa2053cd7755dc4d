"""Ctrl-C, SIGTERM and SIGHUP end every command with one Swedish line, 128 + the signal, and no traceback."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from forked import Forked, children, command_here, consolidate_here, ends_within, still_running
from reporting.cli.help import Group
from reporting.plan.periods import Period
from reporting.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
STOPPED = "Avbrutet; inget halvfärdigt finns kvar – kör igen."
FRESH = ("consolidate", signal.SIGINT)  # the case run as `python -m reporting`


def _start(command: str, ws: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "REPORTING_DEBUG"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "reporting", command, "-w", str(ws), "-p", "2025-T1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "command,stop,status,line",
    [
        ("consolidate", signal.SIGINT, 130, STOPPED),
        ("consolidate", signal.SIGTERM, 143, "Avbrutet (SIGTERM); inget halvfärdigt finns kvar – kör igen."),
        ("consolidate", signal.SIGHUP, 129, "Avbrutet (SIGHUP); inget halvfärdigt finns kvar – kör igen."),
        ("feedback", signal.SIGINT, 130, STOPPED),
        ("templates", signal.SIGINT, 130, STOPPED),
    ],
)
def test_a_stop_signal_ends_a_command_with_one_swedish_line(tmp_path, demo_plan_xlsx, command, stop, status, line):
    """The command waits for the workspace lock (held here), a moment known from outside; then the signal comes.
    Before: Ctrl-C gave click's English "Aborted!" and exit 1, SIGTERM and SIGHUP ended it without a word.

    Ctrl-C to consolidate is `python -m reporting`, a fresh interpreter to its exit; the other cases are the same
    command line in a forked child (its own process, the signal sent to it alone), sparing an interpreter's start."""
    shutil.copyfile(demo_plan_xlsx, tmp_path / "plan.xlsx")
    (tmp_path / "inbox").mkdir()
    with Workspace(tmp_path).lock():
        if (command, stop) == FRESH:
            run = _start(command, tmp_path)
            assert run.stderr is not None
            waiting = run.stderr.readline()
            assert waiting.startswith("Väntar på en annan körning"), waiting + run.communicate()[1]
            run.send_signal(stop)
            out, err = run.communicate(timeout=60)
            ended = run.returncode
        else:
            child = Forked(command_here, [command, "-w", str(tmp_path), "-p", "2025-T1"], stderr_apart=True)
            waiting = child.first_stderr_line()
            assert waiting.startswith("Väntar på en annan körning"), child.wait_apart(timeout=60)
            os.kill(child.pid, stop)
            ended, out, err = child.wait_apart(timeout=60)
            assert err.startswith(waiting)
            err = err[len(waiting) :]
    assert (ended, out, err) == (status, "", f"{line}\n")


def test_a_stop_signal_something_swallowed_still_ends_the_command_as_stopped():
    """The signal's exception raised where it is not heard (a finaliser, a callback) used to let the run go on
    to exit 0: the command still ends as stopped."""

    @click.group(cls=Group)
    def cli() -> None:
        pass

    @cli.command()
    def swallow() -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)  # the handler raises here, at once
        except BaseException:
            pass
        click.echo("klart")

    def elsewhere(signum: int, frame: object) -> None:  # this test process's own: SIGTERM must not end pytest
        raise InterruptedError

    before = signal.signal(signal.SIGTERM, elsewhere)
    try:
        result = CliRunner().invoke(cli, ["swallow"])
        assert signal.getsignal(signal.SIGTERM) is elsewhere  # the command's handlers are gone with it
    finally:
        signal.signal(signal.SIGTERM, before)
    assert (result.exit_code, result.stdout) == (143, "klart\n")
    assert result.stderr == "Avbrutet (SIGTERM); inget halvfärdigt finns kvar – kör igen.\n"


def test_ctrl_c_while_intake_workers_run_gives_one_line_and_leaves_no_process(tmp_path, demo_copy):
    """Ctrl-C goes to every process of the group: before, a worker printed its traceback and click said
    "Aborted!"; now the workers ignore it and end with the run, which says one Swedish line."""
    demo_copy(tmp_path, Period(2025, "T1"))
    child = Forked(consolidate_here, tmp_path, True)
    deadline = time.monotonic() + 60
    while not (workers := children(child.pid)) and still_running(child) and time.monotonic() < deadline:
        time.sleep(0.001)
    assert workers, child.wait(timeout=30)
    os.killpg(child.pid, signal.SIGINT)
    status, output = child.wait(timeout=60)
    assert (status, output.splitlines()[-1:]) == (130, [STOPPED])
    assert "Traceback" not in output and "Aborted" not in output
    assert [pid for pid in workers if not ends_within(pid, 10)] == []
    assert not list((tmp_path / "outbox").glob("*"))  # stopped in intake: no report
