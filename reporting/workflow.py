"""The whole flows as library calls (the CLI and the demo call these)."""

from __future__ import annotations

import errno
import gc
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from reporting.consolidate.consolidation import Consolidation, consolidate
from reporting.errors import NOT_WRITABLE, OPENED_IN, ReportingError, os_reason
from reporting.history.accumulated import accumulated_checks
from reporting.history.schema import plain_errors, shown_url, without_secrets
from reporting.history.store import database_url, open_history, store
from reporting.history.to_date import to_date_checks
from reporting.history.trends import riket_values, view_for
from reporting.intake.archive import recover
from reporting.intake.central import read_central
from reporting.intake.conflicts import check_synced
from reporting.intake.run import run_intake
from reporting.output.feedback import feedback_pdfs, write_feedback
from reporting.output.libreoffice import require_office
from reporting.output.pdf import PdfNotMade, make_pdfs, written_note
from reporting.output.report import for_the_board, write_report
from reporting.output.sources import report_file, sources_csv
from reporting.output.word import new_document, write_word
from reporting.output.word_template import missing_styles
from reporting.plan.model import Plan
from reporting.plan.period_plan import choose, run_note, save
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.progress import progressbar
from reporting.workspace import Workspace, tell_stderr

DB_EXAMPLES = "t.ex. sqlite:///historik.sqlite eller postgresql+psycopg://användare@server/databas"


class WorkspaceNotReady(ReportingError):
    """A folder or the history database cannot be used; raised before anything is read or archived."""


@dataclass
class RunResult:
    consolidation: Consolidation
    written: list[Path] = field(default_factory=list)


@contextmanager
def few_collections() -> Iterator[None]:
    """Python's cycle collector seldom walks the old objects during a run, and never those alive at its start.

    A run builds hundreds of thousands of acyclic rows (10 000 units: ~800 000 source rows);
    each full collection walks all of them, so with the default thresholds consolidation grew
    faster than the number of units. The youngest generation keeps its threshold: raising it
    too let the intake's cyclic garbage (zip and parser objects) pile up, +25 % memory.
    Restored when the run ends. An interpreter its host froze already (a test session, a
    service) stays frozen as it was: unfreezing would hand the host's objects back too.
    """
    thresholds = gc.get_threshold()
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    gc.set_threshold(thresholds[0], 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


def run_period(
    ws: Workspace,
    plan: Plan,
    period: Period,
    report: bool = True,
    feedback: bool = True,
    pdf: bool = False,
    quiet: bool = False,
    db_url: str | None = None,
    history: bool = True,
    docx_template: Path | None = None,
    feedback_pdf: bool = False,
    plan_file: Path | None = None,
    current_plan: bool = False,
    tell: Callable[[str], None] | None = None,
) -> RunResult:
    """Intake of the inbox, consolidation, history, and the chosen outputs into the outbox.

    With ``report`` the period workbook and its Word draft (styled from ``docx_template``
    when given) are written; with ``pdf`` also the workbook's PDF; ``feedback_pdf`` adds each
    feedback workbook's PDF (one LibreOffice start for all).

    ``check_workspace`` runs first, so a bad database URL or an unwritable outbox
    stops the run before intake has archived anything. The rest holds the workspace
    lock (``Workspace.lock``): a second run in the same workspace waits for this one.

    ``plan_file``, the file ``plan`` was read from (the CLI always gives it), makes the run judge the
    period against the plan that applied to it (``reporting.plan.period_plan``): the first run saves a
    copy as archive/<period>/plan.xlsx, a later run uses that copy when the plan has changed since
    (saying so through ``tell``, default stderr), or with ``current_plan`` uses ``plan`` and saves it.
    """
    # a period the plan does not have, or a later year's plan for a period never consolidated, is refused before
    # anything is made (the history database, the lock file); the choice only reads, and is made again under the lock
    chosen = plan if plan_file is None else choose(ws, period, plan, plan_file, current_plan).plan
    chosen.require_period(period)
    check_workspace(ws, db_url, history=history)
    check_docx_template(docx_template)
    if pdf or feedback_pdf:
        require_office()
    with ws.lock(), few_collections():
        ws.remove_leftovers()  # of a run killed midway: its temporary files and LibreOffice folders in outbox/
        # before the period's plan is saved, intake archives or history is stored: an output open in Excel or Word
        check_replaceable(ws.outbox, outputs_of(ws, chosen, period, report=report, feedback=feedback))
        # two computers ran at once on a synced folder: refused or said; the index it read is the run's
        index = check_synced(ws, tell or tell_stderr, period.key)
        if plan_file is not None:
            plan = _period_plan(ws, plan, period, plan_file, current_plan, tell or tell_stderr)
        say = tell or tell_stderr
        return _run_locked(
            ws, plan, period, report, feedback, pdf, quiet, db_url, history, docx_template, feedback_pdf, say, index
        )


def _period_plan(
    ws: Workspace, plan: Plan, period: Period, plan_file: Path, current_plan: bool, tell: Callable[[str], None]
) -> Plan:
    """The plan the period is judged against, saved as the period's plan before intake reads anything.

    A killed run's archive journal is completed first: the files it archived were judged against the saved plan,
    which a choice made before them would take for one that judged nothing (``period_plan._judged``)."""
    recover(ws)
    choice = choose(ws, period, plan, plan_file, current_plan)
    choice.plan.require_period(period)
    save(choice)
    if note := run_note(choice, ws.root):
        tell(note)
    return choice.plan


def _run_locked(
    ws: Workspace,
    plan: Plan,
    period: Period,
    report: bool,
    feedback: bool,
    pdf: bool,
    quiet: bool,
    db_url: str | None,
    history: bool,
    docx_template: Path | None,
    feedback_pdf: bool,
    say: Callable[[str], None] = tell_stderr,
    index: list[dict[str, str]] | None = None,  # the archive index check_synced read: the run reads it once
) -> RunResult:
    intake = run_intake(ws, plan, period, progressbar("Läser inkorgen", quiet), index=index)
    central = read_central(ws.root, plan, period)  # nämnd-level values: None without Centrala värden.xlsx
    view = None
    if history:
        engine = open_history(ws.root, db_url)
        # riket's stored values judge riket-relative targets (no network: `kolada import`/`fetch` store them); a
        # history another program keeps locked, or a full disk, is said as such (plain_errors)
        try:
            with plain_errors(engine):
                result = RunResult(consolidate(plan, intake, riket_values(engine, plan, period.year), central))
                if result.consolidation.submitted:
                    store(engine, result.consolidation)
                view = view_for(engine, result.consolidation)
                checks = accumulated_checks(view, result.consolidation) + to_date_checks(view, result.consolidation)
                result.consolidation.checks += checks  # each needs the history
                for note in view.board_notes:  # earlier periods under another nämnd id: said once, on the console
                    say(f"Obs: {note}")
        finally:
            engine.dispose()
    else:
        result = RunResult(consolidate(plan, intake, central=central))
    # every workbook and the Word draft first, the PDFs last: a LibreOffice that fails leaves this run's outputs
    # without PDFs (write_report and write_feedback remove an earlier run's), never beside an earlier run's
    workbooks, sheets = [], []
    if report:
        workbooks = write_report(result.consolidation, ws.outbox, history=view)
        result.written += [*workbooks, write_word(result.consolidation, ws.outbox, docx_template, history=view)]
    if feedback:
        sheets = write_feedback(result.consolidation, ws.outbox, progressbar("Skriver återkoppling", quiet))
        result.written += sheets
    try:
        if report and pdf:
            done = ["arbetsboken", "Word-utkastet", *(["återkopplingen"] if feedback else [])]
            # the workbook (a CSV may follow it), printing the nämnd's sheets only: the office prints the workbook
            result.written += make_pdfs(workbooks[:1], written_note(done, ws.outbox), sheets=for_the_board)
        if feedback and feedback_pdf:
            result.written += feedback_pdfs(sheets)
    except PdfNotMade as exc:
        exc.partial = result  # the run is done but for its PDFs: the command still says (or --json gives) it all
        raise
    return result


def check_workspace(ws: Workspace, db_url: str | None = None, *, history: bool = True) -> None:
    """Preflight of ``run_period``: raise WorkspaceNotReady (Swedish message) before anything is written.

    The inbox must exist; outbox/ and archive/ must be writable or creatable; with
    ``history`` the database URL must parse, its driver load and the database open.
    """
    if not ws.inbox.is_dir():
        raise WorkspaceNotReady(
            f"inkorgen {ws.inbox} finns inte. Kontrollera --workspace, eller skapa mappen och lägg de ifyllda mallarna i den."
        )
    if history:
        check_database(ws.root, db_url)
    writable_folder(ws.outbox, "utkorgen")
    writable_folder(ws.archive, "arkivet")


class OutputsOpen(WorkspaceNotReady):
    """Files the run would replace are open in another program (Excel, Word) or read-only; nothing was changed."""


BLOCKED = NOT_WRITABLE | {errno.EBUSY, errno.ETXTBSY}  # Windows' sharing violation is EACCES (PermissionError)


def outputs_of(ws: Workspace, plan: Plan, period: Period, *, report: bool, feedback: bool) -> list[Path]:
    """The files in outbox/ a run replaces or removes, as ``write_report`` (``report_path``, its sources CSV and PDF),
    ``write_word`` (``word_path``) and ``write_feedback`` (each division's återkoppling and its PDF) name them."""
    targets = []
    if report:
        workbook = report_file(ws.outbox, period, plan, ".xlsx")
        csv, _ = sources_csv(workbook, 0)
        targets += [workbook, csv, *(report_file(ws.outbox, period, plan, end) for end in (".docx", ".pdf"))]
    if feedback:
        for division in plan.divisions:
            workbook = ws.feedback / Reporter(division).file_name(period.key, "Återkoppling")
            targets += [workbook, workbook.with_suffix(".pdf")]
    return targets


def replaceable(path: Path) -> bool:
    """The existing file at ``path`` can be written (so replaced): Windows refuses a file open in Excel or Word
    (a sharing violation), any system a read-only or immutable one. Opened for writing without truncating it."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return True
    except OSError as exc:
        if exc.errno in BLOCKED:
            return False
        raise
    os.close(fd)
    return True


def check_replaceable(outbox: Path, targets: list[Path]) -> None:
    """OutputsOpen naming every one of ``targets`` that exists and cannot be replaced, and the program to close
    it in; before anything is archived or stored, so the run never leaves new outputs beside old ones."""
    blocked = [path for path in targets if path.is_file() and not replaceable(path)]
    if not blocked:
        return
    by_program: dict[str, list[str]] = {}
    for path in blocked:
        program = OPENED_IN.get(path.suffix.lower(), "programmet som har den öppen")
        by_program.setdefault(program, []).append(path.relative_to(outbox).as_posix())
    close = " och ".join(f"{', '.join(names)} i {program}" for program, names in by_program.items())
    raise OutputsOpen(
        f"filer i utkorgen {outbox} som körningen ska ersätta är öppna i ett annat program eller skrivskyddade. "
        f"Stäng {close} och kör igen (är en fil inte öppen: ta bort dess skrivskydd). Inget har ändrats."
    )


def check_docx_template(template: Path | None) -> None:
    """The office's Word template opens (a .docx or .dotx); else WorkspaceNotReady before anything is read."""
    if template is None:
        return
    try:
        missing = missing_styles(new_document(template))
    except (ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise WorkspaceNotReady(
            f"Word-mallen {template} går inte att öppna som ett Word-dokument (.docx eller .dotx). "
            "Ange kontorets Word-mall, eller utelämna --docx-template för den inbyggda."
        ) from exc
    if missing:
        raise WorkspaceNotReady(
            f"Word-mallen {template} saknar formatmallarna {', '.join(missing)}, som utkastet använder. "
            "Använd dem en gång i mallen i Word och spara den, eller utelämna --docx-template för den inbyggda."
        )


def writable_folder(path: Path, what: str) -> None:
    """``path`` is a folder one can write in, or can be created (nothing is created here)."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise WorkspaceNotReady(
            f"{what} {path} kan inte skapas: {existing} är en fil, inte en mapp. Flytta eller byt namn på filen."
        )
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        reason = os_reason(exc) or "åtkomst nekas"  # Swedish words, never the C library's English (strerror)
        raise WorkspaceNotReady(
            f"{what} {path} går inte att skriva i ({reason}). Kontrollera behörigheten till {existing}."
        ) from exc


def check_database(root: Path, url: str | None = None) -> None:
    """The history database (--db, $REPORTING_DB_URL or WORKSPACE/history.sqlite) can be opened and written."""
    open_database(root, url).dispose()


def open_database(root: Path, url: str | None = None, existing: bool = False) -> Engine:
    """``open_history`` after checking the URL, the driver and (for SQLite) the folder; WorkspaceNotReady if not.

    ``existing``: a command that only reads (history show, export) needs a SQLite file already there; it is
    never created by a mistyped -w, which would leave an empty history.sqlite behind.
    """
    text = database_url(root, url)
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is no number ("server:54 32")
        port = "; porten är ett tal (server:5432)" if isinstance(exc, ValueError) else ""
        raise WorkspaceNotReady(
            f'databasadressen "{without_secrets(text)}" går inte att tolka. Ange en SQLAlchemy-URL med --db eller '
            f"$REPORTING_DB_URL, {DB_EXAMPLES}{port}."
        ) from exc
    sqlite = parsed.get_backend_name() == "sqlite"
    shown = parsed.render_as_string(hide_password=True) if sqlite else shown_url(parsed)  # sqlite: as typed
    if "@" in (parsed.host or ""):  # "rep:Vinter@2026@server": the password's "@" read as the host's
        raise WorkspaceNotReady(
            f"databasadressen {shown} har ett @ i lösenordet eller användarnamnet. Skriv det som %40 i adressen "
            "(lösen%40ord för lösen@ord), så att servern inte läses som en del av lösenordet."
        )
    if sqlite and parsed.database not in (None, "", ":memory:"):
        file = Path(parsed.database)
        if not file.parent.is_dir():
            raise WorkspaceNotReady(
                f"mappen {file.parent} för historikdatabasen {file.name} finns inte. Skapa mappen eller ange en annan --db."
            )
        if file.is_dir():
            raise WorkspaceNotReady(f"historikdatabasen {file} är en mapp, inte en fil. Ange en annan --db.")
        if existing and not file.exists():
            raise WorkspaceNotReady(
                f"det finns ingen historik i {file.parent}: {file.name} saknas. Kör 'reporting consolidate' för en "
                "period först, eller ange arbetsytan med -w eller databasen med --db."
            )
        writable_folder(file.parent, "mappen för historikdatabasen")
    try:
        return open_history(root, text)
    except NoSuchModuleError as exc:
        raise WorkspaceNotReady(
            f'databastypen "{parsed.drivername}" i {shown} finns inte. Ange en SQLAlchemy-URL, {DB_EXAMPLES}.'
        ) from exc
    except ImportError as exc:
        raise WorkspaceNotReady(
            f"databasdrivrutinen för {shown} saknas (Python-modulen {exc.name or exc} går inte att importera). "
            "Installera drivrutinen (för PostgreSQL: pip install 'reporting[postgres]') eller välj en annan databas."
        ) from exc
    except SQLAlchemyError as exc:
        raise WorkspaceNotReady(_not_opened(exc, parsed, shown)) from exc


def _not_opened(exc: Exception, parsed: URL, shown: str) -> str:
    """Why the history cannot be opened, on one line: the driver's text flattened (PostgreSQL's "LINE 2: …" and
    caret lines), what to do fitted to the cause (qa36p #4)."""
    reason = getattr(exc, "orig", None) or exc
    said = " ".join(str(reason).split())
    if parsed.get_backend_name() == "sqlite":
        fix = "Ange en annan --db, eller flytta undan filen om den inte är en historikdatabas."
    elif getattr(reason, "sqlstate", None) == "42501":  # insufficient_privilege
        fix = (
            f"Användaren {parsed.username or ''} får inte skapa historikens tabeller där: be databasens ägare ge "
            "rätten CREATE på schemat (eller skapa tabellerna en gång med en användare som har den). Inget har ändrats."
        )
    else:
        fix = "Kontrollera --db eller $REPORTING_DB_URL och att databasservern är igång."
    return f"historikdatabasen {shown} kan inte öppnas ({without_secrets(said)}). {fix}"
