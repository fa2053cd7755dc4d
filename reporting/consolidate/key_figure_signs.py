"""A money key figure one division typed with the other sign than the rest: a warning where the nämnd sums it.

A key figure in mkr or tkr (seed 003's inhyrd personal) is a cost the divisions type positive; one division may
type its whole row with Ekonomi's minus for costs. Intake sees nothing wrong in that file alone (the row's signs
agree; a row of mixed signs is intake's ``key-figure-sign``), but the nämnd's sum then counts that division
against the others (111,1 instead of 222,1). Here the files that report the figure are set side by side: a file
whose every value of the row has the sign fewer files have gets ``Rule.KEY_FIGURE_SIGN_SPLIT`` at its row's first
value, naming the files of the other sign. The sum itself is left as typed: the warning says what it counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from reporting.findings import Finding, Rule, warning
from reporting.intake.magnitude import KEY_FIGURE_WHAT, MONEY_UNITS
from reporting.intake.submission import Submission
from reporting.plan.model import Aggregation, KeyFigure, Plan
from reporting.plan.targets import Direction
from reporting.swedish import format_typed
from reporting.template.answers import KeyFigureAnswer
from reporting.template.spec import KEY_FIGURES
from reporting.text import and_joined

KEYS = tuple(KEY_FIGURE_WHAT)  # outcome, last_year, forecast
# a figure whose divisions may rightly differ in sign: a result or a deviation ("Ekonomiskt resultat, mkr")
_SIGNED_BY_NATURE = ("resultat", "avvikelse", "netto", "överskott", "underskott", "differens", "saldo")


def key_figure_sign_checks(plan: Plan, subs: Mapping[str, Submission]) -> list[Finding]:
    """A warning for each file whose money key figure has, in every value of its row, the sign of the fewer files.

    ``subs``: division id -> its submission (a division combined from its units' files is judged by those files,
    each with its own cells). Key figures that are not summed or averaged over divisions ("ej aggregerbart"),
    done-targets, figures whose name says a sign of either kind is right (a result, a deviation), and ties (one
    file of each sign: which is right?) are left alone.
    """
    out: list[Finding] = []
    for kf in plan.key_figures:
        if kf.unit.strip().lower() not in MONEY_UNITS or kf.aggregation == Aggregation.NONE or kf.is_central:
            continue
        if kf.target.direction is Direction.DONE or any(word in kf.name.lower() for word in _SIGNED_BY_NATURE):
            continue
        signed = [(sub, a, sign) for sub, a in _files(kf, subs) if (sign := _row_sign(a)) is not None]
        negative = [entry for entry in signed if entry[2] < 0]
        positive = [entry for entry in signed if entry[2] > 0]
        if len(negative) == len(positive):
            continue
        fewer, more = (negative, positive) if len(negative) < len(positive) else (positive, negative)
        others = and_joined([sub.reporter.name for sub, _, _ in more])
        out += [_finding(kf, sub, a, others, sign) for sub, a, sign in fewer]
    return out


def _files(kf: KeyFigure, subs: Mapping[str, Submission]) -> list[tuple[Submission, KeyFigureAnswer]]:
    """Each file that reports the key figure, with its answer: a division's own, or each of its units'."""
    found = []
    for division_id in kf.divisions:
        sub = subs.get(division_id)
        for part in (sub.parts or (sub,)) if sub is not None else ():
            if kf.id in part.answers.key_figures:
                found.append((part, part.answers.key_figures[kf.id]))
    return found


def _numbers(a: KeyFigureAnswer) -> list[tuple[str, Decimal]]:
    return [(key, v) for key in KEYS if isinstance(v := getattr(a, key), Decimal) and v != 0]


def _row_sign(a: KeyFigureAnswer) -> int | None:
    """1 or −1 when every value of the row given (and not 0) has that sign; None for none, or mixed signs."""
    signs = {1 if v > 0 else -1 for _, v in _numbers(a)}
    return signs.pop() if len(signs) == 1 else None


def _finding(kf: KeyFigure, sub: Submission, a: KeyFigureAnswer, others: str, sign: int) -> Finding:
    numbers = _numbers(a)
    values = and_joined([f"{KEY_FIGURE_WHAT[key].lower()} {format_typed(v)}" for key, v in numbers])
    return warning(
        Rule.KEY_FIGURE_SIGN_SPLIT,
        file=sub.file,
        sheet=KEY_FIGURES.name,
        cell=a.cell(numbers[0][0]),
        division=sub.reporter.name,
        who=sub.reporter.name,
        id=kf.id,
        values=values,
        unit=kf.unit.strip(),
        sign="negativt" if sign < 0 else "positivt",
        other_sign="positivt" if sign < 0 else "negativt",
        others=others,
    )
