"""Closed word sets are spelled once: the history's row kinds and metrics (``reporting.history.words``), the plan's
account-group kinds and scopes (``reporting.plan.groups``), key figures' aggregation (``reporting.plan.model``) and
the plan workbook's sheet names (``reporting.plan.sheets``). Every other module names them through their members.

The scan reads the package's source with ``ast`` and reports a string constant equal to one of those words where
the word is used as such: compared with something named ``kind``/``metric``/``scope``/``aggregation`` (a name, an
attribute, a frame's column), passed as such a keyword or in the position of such a parameter of the package's
own functions, a parameter's default, what a ``for kind in …`` walks, a name such as ``MONEY_KINDS`` holds; a row
kind anywhere in the history's modules. In the plan's modules a sheet's name compared with a ``sheet``, passed as
``sheet=`` or looked up in ``readers`` or the workbook (the report's and the template's sheets of the same names, and
the reserved Divisioner word "Nämnd", are other contracts).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from reporting.history.words import Metric, RowKind
from reporting.plan.groups import GroupKind, GroupScope
from reporting.plan.model import Aggregation
from reporting.plan.sheets import PlanSheet

PACKAGE = Path(__file__).resolve().parents[1] / "reporting"
FIELDS = {"kind", "metric", "scope", "aggregation"}
# word -> the module that declares it (the empty GroupKind.UNREAD and GroupScope.UNSAID are no word to look for)
OWNER = {
    **{w.value: "history/words.py" for enum in (RowKind, Metric) for w in enum},
    **{w.value: "plan/groups.py" for enum in (GroupKind, GroupScope) for w in enum if w.value},
    **{w.value: "plan/model.py" for w in Aggregation},
}
ROW_KINDS = {k.value for k in RowKind}
SHEET_NAMES = {s.value for s in PlanSheet}
KNOWN: set[tuple[str, str]] = set()  # (file, word) spelled outside its owner on purpose: none today


def _names_field(node: ast.expr, fields: set[str] = FIELDS) -> bool:
    """Whether an expression is a kind, metric or scope: a name, an attribute, a frame's column, a tuple of them."""
    if isinstance(node, ast.Name):
        return node.id in fields
    if isinstance(node, ast.Attribute):
        return node.attr in fields
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value in fields
    if isinstance(node, (ast.Tuple, ast.List)):
        return any(_names_field(e, fields) for e in node.elts)
    return False


def _constants(node: ast.expr | None) -> Iterator[ast.Constant]:
    """The string constants of an expression: itself, a collection's elements, a dict's values, an if-else's arms."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _constants(element)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _constants(value)
    elif isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)
    elif isinstance(node, ast.Call):  # dict(...), tuple(...), set(...)
        for arg in node.args:
            yield from _constants(arg)


def _field_name(name: str) -> bool:
    """A variable that holds such words: kind, metrics, MONEY_KINDS, scopes."""
    lower = name.lower()
    return any(lower == f or lower.endswith(f"_{f}") or lower.endswith(f"{f}s") for f in FIELDS)


def _positions(trees: dict[str, ast.Module]) -> dict[str, dict[int, str]]:
    """Function name -> {positional index: field} of the package's module-level functions with a kind, metric or
    scope parameter, where the name is one function's only (a call is matched by name: another's is not known)."""
    out: dict[str, dict[int, str]] = {}
    defined: dict[str, int] = {}
    for tree in trees.values():
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined[node.name] = defined.get(node.name, 0) + 1
                params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                for index, name in enumerate(params):
                    if name in FIELDS:
                        out.setdefault(node.name, {})[index] = name
    return {name: found for name, found in out.items() if defined[name] == 1}


def _sheet_sites(node: ast.AST) -> list[ast.Constant]:
    """The constants a plan module uses as a sheet's name: compared with a ``sheet``, passed as ``sheet=``, looked up
    in ``readers`` or the workbook ``wb``."""
    if isinstance(node, ast.Compare) and any(_names_field(e, {"sheet"}) for e in (node.left, *node.comparators)):
        return [c for operand in (node.left, *node.comparators) for c in _constants(operand)]
    if isinstance(node, ast.keyword) and node.arg == "sheet":
        return list(_constants(node.value))
    lookup = node.value if isinstance(node, ast.Subscript) else getattr(node, "func", None)
    owner = lookup.value if isinstance(lookup, ast.Attribute) and lookup.attr == "get" else lookup
    if isinstance(owner, ast.Name) and owner.id in ("readers", "wb"):
        return list(_constants(node.slice if isinstance(node, ast.Subscript) else node.args[0] if node.args else None))
    return []


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _field_sites(node: ast.AST, positions: dict[str, dict[int, str]]) -> list[ast.Constant]:
    """The constants ``node`` uses as a kind, metric or scope (see the module)."""
    if isinstance(node, ast.Compare) and any(_names_field(e) for e in (node.left, *node.comparators)):
        return [c for operand in (node.left, *node.comparators) for c in _constants(operand)]
    if isinstance(node, ast.keyword) and node.arg in FIELDS:
        return list(_constants(node.value))
    if isinstance(node, ast.Call):
        callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        return [c for i in positions.get(callee, {}) if i < len(node.args) for c in _constants(node.args[i])]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = [*zip(positional[len(positional) - len(args.defaults) :], args.defaults)]
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
        return [c for a, d in pairs if a.arg in FIELDS for c in _constants(d)]
    if isinstance(node, (ast.For, ast.comprehension)) and _names_field(node.target):
        return list(_constants(node.iter))
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and _field_name(t.id) for t in node.targets):
        return list(_constants(node.value))
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _field_name(node.target.id):
        return list(_constants(node.value))
    return []


def word_sites(trees: dict[str, ast.Module]) -> list[tuple[str, int, str]]:
    """(file, line, word) of every closed-set word spelled outside the module that declares it."""
    positions = _positions(trees)
    found: list[tuple[str, int, str]] = []
    for file, tree in trees.items():
        used: list[ast.Constant] = []
        sheets: list[ast.Constant] = []
        skipped = _docstrings(tree) | {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            used += _field_sites(node, positions)
            if file.startswith("history/") and isinstance(node, ast.Constant) and node.value in ROW_KINDS:
                used += [] if id(node) in skipped else [node]
            if file.startswith("plan/") and file != "plan/sheets.py":
                sheets += _sheet_sites(node)
        for c in {id(c): c for c in used}.values():
            if OWNER.get(c.value, file) != file and (file, c.value) not in KNOWN:
                found.append((file, c.lineno, c.value))
        found += [(file, c.lineno, c.value) for c in {id(c): c for c in sheets}.values() if c.value in SHEET_NAMES]
    return sorted(found)


def _package() -> dict[str, ast.Module]:
    return {
        str(p.relative_to(PACKAGE)): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))
    }


def test_closed_words_are_spelled_only_where_they_are_declared():
    assert word_sites(_package()) == []


SPELLED = {
    "history/x.py": 'series(index, "N01", metric="forecast")',
    "output/x.py": 'answers(index, item, division, "budget", "ekonomi")',
    "consolidate/x.py": 'rows = frame[frame["kind"] == "nyckeltal"]',
    "history/y.py": 'def f(figures, kind: str = "atgard", metric: str = "outcome"): ...',
    "history/z.py": 'for metric in ("planned", "achieved"): ...',
    "output/y.py": 'MONEY_KINDS = ("ekonomi", "atgard")',
    "history/w.py": 'names.get(("ekonomi", group, division))',
    "intake/x.py": 'if group.kind != "netto": ...',
    "consolidate/y.py": 'if kf.aggregation == "sum" and a: ...',
    "plan/x.py": 'AccountGroup("EI", "Externa intäkter", scope="external")',
    "plan/y.py": 'if sheet == "Åtgärdsplan": ...',
    "plan/z.py": 'r = readers.get("Divisioner")',
}


@pytest.mark.parametrize("file", SPELLED, ids=list(SPELLED))
def test_the_scan_finds_a_word_spelled_out(file):
    helpers = "def series(figures, item, division='', metric=None, kind=None): ...\n"
    helpers += "def answers(figures, item, division='', metric=None, kind=None): ...\n"
    trees = {"history/words.py": ast.parse(helpers), file: ast.parse(SPELLED[file])}
    assert [site[0] for site in word_sites(trees)] and {site[0] for site in word_sites(trees)} == {file}


def test_the_scan_passes_other_words_and_the_declaring_modules():
    code = {
        "plan/x.py": 'if period.kind == "helar" and m.kind == "engangs": ...\nBOARD = "Nämnd"',
        "history/x.py": 'log.info("sparas inte: %s", kind)\ntext = f"nyckeltal {x}"',
        "history/words.py": 'KEY_FIGURE = "nyckeltal"',
        "plan/sheets.py": 'SETTINGS = "Nämnd"',
    }
    code["plan/y.py"] = (
        'ALL_SHEETS = ("Nyckeltal", "Uppdrag", "Ekonomi")\nif is_board_word(text) or text == "Nämnd": ...'
    )
    code["output/x.py"] = 'if sheet == "Investeringar": ...'  # the report's sheet of that name
    code["intake/x.py"] = 'if a.cell("forecast") and c.get("status"): ...'  # template columns, not stored metrics
    code["xlsx/x.py"] = "def cell(self, kind, style): ...\ndef get(self, kind): ..."
    assert word_sites({f: ast.parse(c) for f, c in code.items()}) == []
