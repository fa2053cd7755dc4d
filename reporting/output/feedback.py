"""One återkoppling workbook per division: its findings, each cell reference a link into its file."""

from __future__ import annotations

from pathlib import Path

from reporting.consolidate.consolidation import Consolidation
from reporting.consolidate.tables import by_division
from reporting.findings import Finding, Rule, Severity, needs_new_template
from reporting.intake.submission import FileResult
from reporting.output.feedback_units import units_status
from reporting.output.findings_sheet import FINDINGS_WIDTHS, write_findings
from reporting.output.pdf import make_pdfs, remove_earlier_pdfs
from reporting.plan.model import Division, Plan
from reporting.plan.periods import parse_period
from reporting.plan.reporter import Reporter, concerns
from reporting.progress import Progress
from reporting.text import plural
from reporting.xlsx.write import MINUS, Formats, QuickSheet, atomic_workbook, fixed_print_scale, print_setup


def write_feedback(
    result: Consolidation, outbox: str | Path, progress: Progress | None = None, pdf: bool = False
) -> list[Path]:
    """One återkoppling workbook per division that sent a file or is missing; return the written paths.

    With ``pdf`` each workbook is also converted to PDF (one LibreOffice start for all of them);
    the PDFs follow the workbooks in the returned list. Without, an earlier run's PDFs beside them are removed.
    """
    folder = Path(outbox) / "återkoppling"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    divisions = result.plan.divisions
    used, aside = by_division(result.intake.used), by_division(result.intake.set_aside)
    rejected = by_division([file for file in result.intake.files if not file.accepted and not file.for_another_period])
    leftovers = by_division([file for file in result.intake.files if file.for_another_period])  # not this period's
    named: dict[str, list[FileResult]] = {}  # another's template, named for the division
    for file in result.intake.files:
        for division_id in file.named:
            named.setdefault(division_id, []).append(file)
    for division in progress(divisions, len(divisions)) if progress else divisions:
        current = result.intake.current.get(division.id)
        misfiled = named.get(division.id, [])
        own = [f for file in rejected.get(division.id, []) for f in file.findings]
        own += [f for file in used.get(division.id, []) for f in file.findings]  # not the unit files set aside
        own += [f for f in result.checks if concerns(f.division, division)]  # also a check at a unit's file
        own = list(dict.fromkeys(own))  # a rejected copy of the current file has the same findings: once
        path = folder / Reporter(division).file_name(result.period.key, "Återkoppling")
        with atomic_workbook(path, in_memory=True) as wb:  # the previous file stays until the new one is complete
            fmt = Formats(wb, minus=MINUS)
            heading = result.plan.period_heading(result.period)
            title = f"Återkoppling {heading[:1].lower()}{heading[1:]} – {division.name}"
            wb.set_properties({"title": title, "author": result.plan.board, "company": result.plan.region})
            ws = wb.add_worksheet("Återkoppling", worksheet_class=QuickSheet)
            ws.write_string(0, 0, title, fmt.title)
            reported = division.id in used
            from_units = units_status(result, division, used.get(division.id, []), rejected.get(division.id, []))
            status = (
                from_units or "Underlaget har kommit in och är med i sammanställningen."
                if reported
                else _withdrawn_note(result.intake.withdrawn.get(division.id))
                or _rejected_note(result.rejected.get(division.id, []), result.rejected_errors(division.id))
                or _misfiled_note(misfiled, result.plan, division.name)
                or "Inget godkänt underlag har kommit in. Skicka den ifyllda mallen snarast."
                + _other_period_note(leftovers.get(division.id, []), result.period.in_text)
            )
            twins = [file for file in rejected.get(division.id, []) if _duplicate(file)]
            if twins and not from_units:  # the office's "Behåll en fil och kör igen" is no advice to the division
                status = _twins_note(twins, result.plan, division, reported)
            status += _units_withdrawn(result, division.id) + _set_aside_note(aside.get(division.id, []))
            ws.write_string(1, 0, status, fmt.subtitle)  # no merged cells: the text runs on over empty cells
            errors = _errors(own)
            files = rejected.get(division.id, []) + used.get(division.id, [])
            template = _new_template(result, division, files)
            by_units = bool(from_units) or (
                bool(files) and all(f.unit_id for f in files)
            )  # also when all were rejected
            advice = _advice(errors, len(own) - errors, reported, template, by_units)
            if misfiled and not reported and not own:  # nothing of theirs to correct: only the other's template's
                advice = f"Fynden nedan gäller filer som inte räknas till {division.name}."
            if twins:
                warnings = sum(1 for f in own if f.severity is not Severity.ERROR)
                advice = (
                    f"{_counts(errors, warnings)[:-1]} i filerna sammanlagt. {_whose(twins, result.plan)}"
                    "eddela ekonomienheten vilken fil som gäller, eller skicka den rätta filen igen ensam; "
                    "fynden nedan gäller alla filerna."
                )
            if advice:  # nothing to say when nothing came in and nothing was found: the status line says it
                ws.write_string(2, 0, advice)
            link = (
                current.submission.file
                if current and current.submission
                else Reporter(division).file_name(result.period.key)
            )
            write_findings(ws, fmt, own + _theirs(misfiled, division.id), 4, link_to=link)
            print_setup(
                ws, 4, title, f"{result.plan.board} · {result.period.label}", result.plan.dnr_label, font_size=10
            )
            fixed_print_scale(ws, FINDINGS_WIDTHS)
        paths.append(path)
    remove_earlier_pdfs(paths)
    return paths + (feedback_pdfs(paths) if pdf else [])


def _duplicate(file: FileResult) -> bool:
    """A file not used because another file came in for the same division (``Rule.DUPLICATE_DIVISION``)."""
    return any(f.rule is Rule.DUPLICATE_DIVISION for f in file.findings)


def _errors(findings: list[Finding]) -> int:
    """The errors, one file's copies of the same duplicate finding counted once: several files for one reporter
    are one problem (each file carries it, naming them all)."""
    twins = {f.message for f in findings if f.rule is Rule.DUPLICATE_DIVISION}
    return len(twins) + sum(
        1 for f in findings if f.severity is Severity.ERROR and f.rule is not Rule.DUPLICATE_DIVISION
    )


def _twins_note(twins: list[FileResult], plan: Plan, division: Division, reported: bool) -> str:
    """ "Flera filer kom in för Enhet 0003 (a.xlsx, b.xlsx) och ingen av dem används, …": said of the unit whose
    files they are (or the division's own), with what is in force instead: an earlier submission only if any."""
    names = ", ".join(file.path.name for file in twins)
    units = list(dict.fromkeys(file.unit_id for file in twins if file.unit_id))
    if not units:
        earlier = (
            "; det tidigare inlämnade underlaget gäller tills vidare"
            if reported
            else ", så inget godkänt underlag finns för perioden"
        )
        return f"Flera filer kom in för {division.name} ({names}) och ingen av dem används{earlier}."
    who = " och ".join(plan.unit(unit).name for unit in units)
    earlier = (
        "divisionens eget underlag gäller tills vidare"
        if reported
        else "ingen tidigare inlämning finns, så inget godkänt underlag finns för perioden"
    )
    return f"Flera filer kom in för {who} ({names}) och ingen av dem används; {earlier}."


def _whose(twins: list[FileResult], plan: Plan) -> str:
    """ "Enhet 0003: m" (the advice's "Meddela …" goes on) for units' files, "M" for the division's own."""
    units = list(dict.fromkeys(file.unit_id for file in twins if file.unit_id))
    return f"{' och '.join(plan.unit(unit).name for unit in units)}: m" if units else "M"


def feedback_pdfs(workbooks: list[Path]) -> list[Path]:
    """The återkoppling workbooks' PDFs (after every other output of the run; see ``reporting.output.pdf``)."""
    folder = workbooks[0].parent if workbooks else Path()
    return make_pdfs(workbooks, f"Återkopplingens arbetsböcker är skrivna i {folder}")


def _counts(errors: int, warnings: int) -> str:
    """ "2 fel och 1 varning.", "Inga fel, 3 varningar.", "1 fel, inga varningar.", "Inga fel eller varningar." """
    if not errors and not warnings:
        return "Inga fel eller varningar."
    said = [f"{errors} fel" if errors else "Inga fel", plural(warnings, "varning", "varningar") if warnings else ""]
    if errors and warnings:
        return f"{said[0]} och {said[1]}."
    return f"{said[0]}, {said[1] or 'inga varningar'}."


def _advice(errors: int, warnings: int, reported: bool, new_template: str = "", units: bool = False) -> str:
    """What the division should do now: fix and resend only when its file has errors, and fill in the period's
    ``new_template`` (its file name) instead when they come from an older template, which no edit mends. For a
    division reported by its ``units`` the advice is about their files, each unit resending its own. "" when
    nothing came in and nothing was found: the status line above already asks for the file."""
    counts = _counts(errors, warnings)
    if new_template:
        which = "En enhets fil" if units else "Filen"
        template = f'för enheten, t.ex. "{new_template}"' if units else f'"{new_template}"'
        return (
            f"{counts} {which} är gjord från en äldre mall (planen eller mallen har ändrats sedan dess) och kan inte "
            f"rättas. Fyll i periodens nya mall {template} (ekonomienheten skickar den), för över siffrorna och "
            "skicka in den nya filen; den ersätter den gamla."
        )
    if errors and units:
        return (
            f"{counts} Rätta felen i enheternas filer (kolumnen Fil visar vilken) och skicka dem igen; "
            "en enhets nya fil ersätter dess gamla."
        )
    if errors:
        return f"{counts} Rätta felen i din fil och skicka den igen; den nya filen ersätter den gamla."
    if not reported:
        return counts if warnings else ""
    if warnings:
        return f"{counts} Se över varningarna; skicka en ny fil bara om något behöver ändras."
    return counts


def _new_template(result: Consolidation, division: Division, files: list[FileResult]) -> str:
    """The file name of the period's template that mends an older template's errors: the division's, or the first
    unit's whose file is from an older template; "" when no error needs one."""
    older = [f for f in files if needs_new_template(f.findings)]
    if not older:
        return ""
    unit = result.plan.unit(older[0].unit_id) if older[0].unit_id else None
    return Reporter(division, unit).file_name(result.period.key)


SET_ASIDE_SHOWN = 10  # unit files named in the note; the rest are counted


def _set_aside_note(files: list[FileResult]) -> str:
    """ " Divisionens egen fil gäller, så …": the unit files not used, whose findings are not listed here."""
    if not files:
        return ""
    names = [f.submission.file if f.submission else f.path.name for f in files]
    shown = ", ".join(names[:SET_ASIDE_SHOWN]) + (" …" if len(names) > SET_ASIDE_SHOWN else "")
    count = plural(len(files), "enhetsfil", "enhetsfiler")
    return f" Divisionens egen fil gäller, så {count} används inte och visas inte bland fynden: {shown}."


def _other_period_note(files: list[FileResult], period: str) -> str:
    """ " 2026-M01 Division Medicin.xlsx gäller januari 2026 och räknas inte in här.": a division with no file for
    the period is told that the files it sent are another period's (they are not this period's findings)."""
    if not files:
        return ""
    parts = [f"{f.path.name} gäller {_period_words(f.period)}" for f in files[:MISFILED_SHOWN]]
    more = " m.fl." if len(files) > MISFILED_SHOWN else ""
    return f" {', '.join(parts)}{more} och räknas inte in här; fyll i mallen för {period}."


def _period_words(key: str) -> str:
    """ "januari 2026" for "2026-M01"."""
    return parse_period(key).in_text


def _withdrawn_note(withdrawn: tuple[str, str] | None) -> str:
    """ "Underlaget återkallades …": the office took the division's file back, why, and what to do ("" if not)."""
    if withdrawn is None:
        return ""
    return f"Underlaget återkallades av ekonomienheten {_dated(*withdrawn)}. Skicka en ny ifylld mall snarast."


def _rejected_note(files: list[FileResult], errors: int) -> str:
    """ "X.xlsx har kommit in men avvisades …": the division's file came in, and why it is not used ("" if none)."""
    if not files:
        return ""
    names = ", ".join(f.path.name for f in files[:MISFILED_SHOWN]) + (" m.fl." if len(files) > MISFILED_SHOWN else "")
    return (
        f"{names} har kommit in men avvisades ({errors} fel, se nedan), så inget godkänt underlag finns för perioden."
    )


def _dated(when: str, why: str) -> str:
    """ "2025-05-12: fel siffror": a withdrawal's day and the office's reason (as the note's sentence ends it)."""
    return when[:10] + (f": {why.rstrip('.')}" if why else "")


def _theirs(misfiled: list[FileResult], division_id: str) -> list[Finding]:
    """What the division a misfiled file's name names is told of it: a rejected file's findings (it was likely
    theirs), an accepted one's mismatch alone (its other findings are its own division's, to correct there)."""
    out = []
    for file in misfiled:
        if file.division_id != division_id:
            out += [f for f in file.findings if not file.accepted or f.rule is Rule.NAME_MISMATCH]
    return out


MISFILED_SHOWN = 3  # files named in the note; "m.fl." for more


def _misfiled_note(files: list[FileResult], plan: Plan, name: str) -> str:
    """ "Inget godkänt underlag …: X.xlsx är mallen för Y": a file named for this division was another's template."""
    if not files:
        return ""
    which = ", ".join(
        f"{f.path.name} är mallen för {plan.division(f.division_id).name}" for f in files[:MISFILED_SHOWN]
    )
    more = " m.fl." if len(files) > MISFILED_SHOWN else ""
    return f"Inget godkänt underlag från {name} har kommit in: {which}{more}. Fyll i mallen för {name} och skicka den."


def _units_withdrawn(result: Consolidation, division_id: str) -> str:
    """ " Ekonomienheten återkallade Enhet 0001 (2025-05-12: fel siffror) …": the division's units taken back."""
    prefix = f"{division_id}/"
    units = [(key[len(prefix) :], w) for key, w in result.intake.withdrawn.items() if key.startswith(prefix)]
    if not units:
        return ""
    parts = [f"{result.plan.unit(unit).name} ({_dated(*withdrawn)})" for unit, withdrawn in units]
    return f" Ekonomienheten återkallade {', '.join(parts)}; skicka nya ifyllda mallar för dem snarast."
