"""The README's Python example runs as written, on the demo workspace.

It runs in this process (its own globals, the workspace as the working folder): the same code
and output as a fresh interpreter, without paying the package's import again.
"""

from __future__ import annotations

import re
from pathlib import Path

from reporting.plan.periods import Period

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs(tmp_path, demo_copy, monkeypatch, capsys):
    code = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[0]
    demo_copy(tmp_path, Period(2025, "T1"))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})
    *_, total, whole = capsys.readouterr().out.splitlines()
    # HSD has not submitted: the total covers the others in every column, the whole frame follows
    assert total.startswith("Nämnden totalt (exkl. Hälso- och sjukvårdsdirektör)") and "-3158.3" not in total
    assert (
        whole == "Nämndens budgetram, alla divisioner och nämndens egen ram None -3161.8"
    )  # the divisions' -3158.3 and the nämnd's -3.5
