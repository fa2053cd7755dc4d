"""A LibreOffice that fails or is killed: the outbox holds one run's outputs, and the error says what happened.

A fake soffice (no LibreOffice needed) writes a PDF, crashes as one killed by the system does, or says what
went wrong; each prints the start-up warning every LibreOffice without Java prints.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporting.output import libreoffice
from reporting.output.libreoffice import ConversionFailed
from reporting.output.pdf import PdfNotMade
from reporting.plan.periods import Period
from reporting.workflow import run_period

T1 = Period(2025, "T1")
FAKE = """#!/bin/sh
echo "Warning: failed to launch javaldx - java may not function correctly" >&2
case "$FAKE_SOFFICE" in
  crash) kill -ABRT $$ ;;
  silent) echo "Error: source file could not be loaded" >&2; exit 0 ;;
  code) exit 77 ;;
  hang) sleep 60 & echo $! > "$FAKE_CHILD"; sleep 60 ;;
esac
while [ "$1" != "--outdir" ]; do shift; done
out="$2"; shift 2
for src in "$@"; do
  printf '%%PDF fake' > "$out/$(basename "$src" .xlsx).pdf"
  if [ -n "$FAKE_SEEN" ]; then echo "$src" >> "$FAKE_SEEN"; cp "$src" "$FAKE_SEEN.xlsx"; fi
done
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """``mode(name)``: how the fake soffice behaves from now on ("ok", "crash", "silent", "code")."""
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(FAKE)
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice_path", lambda: str(fake))
    monkeypatch.setattr(libreoffice, "_shared", None)  # never the session's real office

    def mode(name: str) -> None:
        monkeypatch.setenv("FAKE_SOFFICE", name)

    mode("ok")
    return mode


def _ends(pid: int, within: float = 5.0) -> bool:
    """Whether process ``pid`` is gone (or a corpse) within ``within`` seconds. A process killed by SIGKILL on a
    busy machine can still read as running for a moment after its killer returns; one left alive (the office's
    child, when only the launcher was killed) sleeps for a minute."""
    stat, deadline = Path(f"/proc/{pid}/stat"), time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[0] in "ZX":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.01)
    return False


def _listing(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def test_a_crashed_pdf_step_leaves_this_runs_workbook_and_draft_and_no_earlier_pdf(tmp_path, demo_copy, fake_soffice):
    ws, plan, _ = demo_copy(tmp_path / "ws")
    run_period(ws, plan, T1, feedback=False, pdf=True, quiet=True, history=False)
    name = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
    assert _listing(ws.outbox) == [f"{name}.docx", f"{name}.pdf", f"{name}.xlsx"]
    (ws.outbox / f"{name}.docx").write_bytes(b"the earlier run's draft")
    fake_soffice("crash")
    with pytest.raises(PdfNotMade) as caught:
        run_period(ws, plan, T1, feedback=False, pdf=True, quiet=True, history=False)
    assert _listing(ws.outbox) == [f"{name}.docx", f"{name}.xlsx"]  # the earlier PDF is gone
    assert zipfile.is_zipfile(ws.outbox / f"{name}.docx")  # this run's draft, written before the PDF step
    assert str(caught.value) == (
        f"ingen PDF kunde göras av {name}.xlsx: LibreOffice avbröts (SIGABRT), som när det kraschar eller stoppas "
        f"av systemet vid minnesbrist. Arbetsboken och Word-utkastet är skrivna i {ws.outbox}, och ingen PDF från "
        "en tidigare körning ligger kvar bredvid. Kör igen med --pdf; lyckas det inte, kontrollera att LibreOffice "
        "startar (soffice --headless --version) och att datorn har ledigt minne och diskutrymme, eller spara "
        "arbetsboken som PDF från Excel."
    )


def test_the_report_pdf_is_made_of_a_copy_without_the_offices_sheets(tmp_path, demo_copy, fake_soffice, monkeypatch):
    """The meeting papers' PDF: LibreOffice is given a copy with the nämnd's sheets only, under the workbook's name
    in a temporary folder (never in outbox/); the workbook keeps every sheet (test_pdf_meeting_papers reads the PDF)."""
    ws, plan, _ = demo_copy(tmp_path / "ws")
    monkeypatch.setenv("FAKE_SEEN", str(tmp_path / "seen"))
    run_period(ws, plan, T1, feedback=False, pdf=True, quiet=True, history=False)
    name = "2025-T1 Tertialrapport Hälso- och sjukvårdsnämnden"
    assert _listing(ws.outbox) == [f"{name}.docx", f"{name}.pdf", f"{name}.xlsx"]
    (given,) = map(Path, (tmp_path / "seen").read_text(encoding="utf-8").splitlines())
    assert given.name == f"{name}.xlsx" and ws.root not in given.parents and not given.parent.exists()
    office = ["Intagslogg", "Avvikelser", "Källor"]
    sheets = load_workbook(ws.outbox / f"{name}.xlsx", read_only=True).sheetnames
    assert sheets[-3:] == office
    assert load_workbook(tmp_path / "seen.xlsx", read_only=True).sheetnames == sheets[:-3]


def test_feedback_pdfs_of_an_earlier_run_never_stay_beside_new_workbooks(tmp_path, demo_copy, fake_soffice):
    ws, plan, _ = demo_copy(tmp_path / "ws")
    folder = ws.outbox / "återkoppling"
    run_period(ws, plan, T1, report=False, feedback_pdf=True, quiet=True, history=False)
    workbooks = [n for n in _listing(folder) if n.endswith(".xlsx")]
    assert len(workbooks) == 4 and _listing(folder) == sorted(workbooks + [n[:-5] + ".pdf" for n in workbooks])
    run_period(ws, plan, T1, report=False, quiet=True, history=False)  # without --pdf, as the report does
    assert _listing(folder) == workbooks
    run_period(ws, plan, T1, report=False, feedback_pdf=True, quiet=True, history=False)
    fake_soffice("code")
    with pytest.raises(PdfNotMade) as caught:
        run_period(ws, plan, T1, report=False, feedback_pdf=True, quiet=True, history=False)
    assert _listing(folder) == workbooks
    first = "2025-T1 Återkoppling Hälso- och sjukvårdsdirektör.xlsx"  # the plan's order
    assert str(caught.value).startswith(f"ingen PDF kunde göras av 4 filer ({first}, …): ")
    assert ": LibreOffice avslutades med felkod 77. Återkopplingens arbetsböcker är skrivna i " in str(caught.value)
    assert str(caught.value).endswith("eller spara arbetsböckerna som PDF från Excel.")


@pytest.mark.parametrize(
    ("mode", "reason", "detail"),
    [
        ("crash", "LibreOffice avbröts (SIGABRT), som när det kraschar eller stoppas av systemet vid minnesbrist", ""),
        ("code", "LibreOffice avslutades med felkod 77", ""),
        ("silent", "LibreOffice skrev ingen PDF-fil", "Error: source file could not be loaded"),
    ],
)
def test_libreoffices_own_words_only_when_they_say_something(tmp_path, fake_soffice, mode, reason, detail):
    source = tmp_path / "rapport.xlsx"
    source.write_bytes(b"x")
    fake_soffice(mode)
    with pytest.raises(ConversionFailed) as caught:
        libreoffice.convert(source, "pdf", tmp_path / "out")
    quoted = f" LibreOffice skrev: ”{detail}”." if detail else ""  # never its start-up warning about Java
    assert str(caught.value) == f"LibreOffice kunde inte konvertera rapport.xlsx: {reason}.{quoted} Försök igen."
    assert (caught.value.failed, caught.value.reason, caught.value.detail) == (["rapport.xlsx"], reason, detail)


def test_a_conversion_that_never_ends_says_how_long_it_was_given_in_good_swedish(tmp_path, fake_soffice, monkeypatch):
    """... and ends the whole office: the launcher's child (soffice.bin for a real LibreOffice) went on writing into
    folders being removed, and kept its profile in /tmp."""
    fake_soffice("hang")
    monkeypatch.setenv("FAKE_CHILD", str(tmp_path / "child.pid"))
    source = tmp_path / "rapport.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(ConversionFailed) as caught:
        libreoffice.convert(source, "pdf", tmp_path / "out", timeout=0.5)
    assert _ends(int((tmp_path / "child.pid").read_text()))
    # half a second (not one): a fraction with a decimal comma; "1 sekund", never "1 sekunder", is text.seconds's
    # own test (test_history_busy)
    assert str(caught.value) == (
        "LibreOffice kunde inte konvertera rapport.xlsx: LibreOffice blev inte klart inom 0,5 sekunder. Försök igen."
    )
    assert str(caught.value) == (
        "LibreOffice kunde inte konvertera rapport.xlsx: LibreOffice blev inte klart inom 0,5 sekunder. Försök igen."
    )


def test_the_pdfs_are_named_as_their_workbooks_not_by_absolute_paths(tmp_path, monkeypatch):
    """`--pdf` printed the PDFs' absolute paths among the run's relative ones (LibreOffice works on resolved paths)."""
    from reporting.output import pdf

    monkeypatch.chdir(tmp_path)
    (tmp_path / "outbox").mkdir()
    workbook = Path("outbox") / "rapport.xlsx"
    workbook.write_bytes(b"")

    def converted(sources, fmt, out_dir, timeout=None):
        targets = [Path(out_dir).resolve() / f"{Path(s).stem}.{fmt}" for s in sources]
        for target in targets:
            target.write_bytes(b"%PDF")
        return targets

    monkeypatch.setattr(pdf, "convert_many", converted)
    assert pdf.make_pdfs([workbook], "") == [Path("outbox") / "rapport.pdf"]
