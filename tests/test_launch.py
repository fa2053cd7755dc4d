"""The entry point (reporting.launch): a stop signal while the command line is imported, and a narrow stdout.

QA 35j #1: a redirected Windows stdout is cp1252, which has no "−": `consolidate --json` failed with "oväntat fel
(UnicodeEncodeError …)" after it had written the report, archived the files and stored history, and printed no
JSON. #5: Ctrl-C in the first 0,3–0,5 s (the command line importing) printed a Python traceback, SIGTERM nothing.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from reporting.launch import STAND_IN_ERRORS, main, plain_where_narrow

STOPPED = "Avbrutet; inget halvfärdigt finns kvar – kör igen."


def _interrupted() -> None:
    raise KeyboardInterrupt


def _terminated() -> None:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # the signal arrives long before


@pytest.mark.parametrize(
    ("load", "status", "line"),
    [
        (_interrupted, 130, STOPPED),
        (_terminated, 143, "Avbrutet (SIGTERM); inget halvfärdigt finns kvar – kör igen."),
    ],
)
def test_a_stop_while_the_command_line_is_imported_ends_with_the_swedish_line(load, status, line, capsys):
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as ended:
        main(load=load)
    assert ended.value.code == status
    assert capsys.readouterr().err.splitlines() == [line]
    assert signal.getsignal(signal.SIGTERM) is before  # the command line's own handlers take over afterwards


def test_a_narrow_stream_writes_stand_ins_and_a_utf8_one_everything():
    narrow = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    wide = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    plain_where_narrow(narrow, wide)
    assert (narrow.errors, wide.errors) == (STAND_IN_ERRORS, "strict")
    text = "• Underskott −48,2 mkr ✔ Uppfyllt; ålder"
    narrow.write(text), wide.write(text)
    narrow.flush(), wide.flush()
    assert narrow.buffer.getvalue().decode("cp1252") == "• Underskott -48,2 mkr OK Uppfyllt; ålder"  # cp1252 has •
    assert wide.buffer.getvalue().decode("utf-8") == text


def test_consolidate_json_on_a_cp1252_pipe_is_the_whole_run_and_exit_0(demo_copy, tmp_path):
    demo_copy(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    run = subprocess.run(
        [sys.executable, "-m", "reporting", "consolidate", "-p", "2025-T1", "--json", "-w", str(tmp_path)],
        capture_output=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr.decode("cp1252", "replace")
    data = json.loads(run.stdout.decode("cp1252"))
    deficit = next(f["message"] for f in data["findings"] if f["rule"] == "forecast-deficit")
    assert deficit.startswith("Division Kirurgi: helårsprognos −1\u00a0239,2 mkr")  # the text exact, not a stand-in
    assert run.stdout.isascii()  # escaped: any code page reads it


def test_python_dash_m_on_a_latin1_pipe_says_its_lines_with_stand_ins(demo_copy, tmp_path):
    demo_copy(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}  # a Latin-1 locale: no "•", "−" or "–"
    run = subprocess.run(
        [sys.executable, "-m", "reporting", "consolidate", "-p", "2025-T1", "-w", str(tmp_path)],
        capture_output=True,
        env=env,
    )
    lines = run.stdout.decode("latin-1").splitlines()
    assert run.returncode == 0, run.stderr.decode("latin-1")
    assert "Att åtgärda innan rapporten går till nämnden:" in lines
    assert "  * 3 fel i inlämnade underlag; se fliken Avvikelser i rapporten och återkopplingarna." in lines
