"""The README's Python example runs as written, on the demo workspace."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from reporting.demo.workspace import prepare_demo
from reporting.plan.periods import Period

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs(tmp_path):
    code = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[0]
    prepare_demo(tmp_path, Period(2025, "T1"))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    *_, total, whole = result.stdout.splitlines()
    # HSD has not submitted: the total covers the others in every column, the whole frame follows
    assert total.startswith("Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)") and "-3158.3" not in total
    assert whole == "Nämndens budgetram, alla divisioner None -3158.3"
