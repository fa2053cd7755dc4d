"""What a script gets from the command line (QA 35j): the run object even when only the PDF failed, ids in any
case, a period the plan does not list refused by every command, and a missing file an error (1), not usage (2)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reporting.cli import main
from test_robust_pdf import fake_soffice  # noqa: F401 (a fixture)


def test_consolidate_json_still_gives_the_run_when_only_the_pdf_failed(tmp_path, demo_copy, fake_soffice):  # noqa: F811
    ws, _, _ = demo_copy(tmp_path / "ws")
    fake_soffice("code")  # LibreOffice ends with an error and writes nothing
    result = CliRunner().invoke(main, ["consolidate", "-p", "2025-T1", "--pdf", "--json", "-w", str(ws.root)])
    assert result.exit_code == 1
    run = json.loads(result.stdout)
    name = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
    assert [p.rsplit("/", 1)[-1] for p in run["written"]] == [f"{name}.xlsx", f"{name}.docx"]
    assert run["consolidated"] == ["MED", "KIR", "NV"]
    assert result.stderr.splitlines()[-1].startswith("Fel: ingen PDF kunde göras av ")
