"""The package's shape: folders follow the pipeline, imports never run against it, files stay small,
and the template contract is spelled in one place."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from reporting.template.spec import DATA_SHEETS

PACKAGE = Path(__file__).resolve().parents[1] / "reporting"
# Each layer may import from its own layer and the layers before it, never from a later one.
LAYERS = [
    {"errors", "findings", "finding_rules", "swedish", "text", "pool", "progress", "workspace", "atomic", "xlsx"},
    {"plan"},
    {"template"},
    {"intake"},
    {"consolidate"},
    {"history"},
    {"output"},
    {"workflow"},
    {"demo"},
    {"cli", "launch", "__main__", "__init__"},  # launch: the entry point, before the command line is imported
]
MAX_LINES = 420


def _layer(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else "__init__"
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out.append(
            (".".join(p for p in parts if p != "__init__") if parts[-1] == "__init__" else ".".join(parts), path)
        )
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reporting"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reporting")}
    return found


@pytest.mark.parametrize("module,path", _modules(), ids=[m for m, _ in _modules()])
def test_imports_follow_the_pipeline(module, path):
    if module == "reporting":
        return
    mine = _layer(module)
    against = sorted(i for i in _imports(path) if i != "reporting" and _layer(i) > mine)
    assert against == [], f"{module} imports from later stages: {against}"


def _folder(module: str) -> str:
    """The top folder (or top-level module) of ``reporting.X.y``: "X"."""
    return module.split(".")[1] if module.count(".") else module


def test_no_module_takes_another_folders_private_names():
    """A name with a leading underscore is its folder's own: another folder that needs it needs it public, so that
    the module that owns it knows it has a user (review34: cli.check read intake.archive's private index)."""
    taken = []
    for module, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            other = isinstance(node, ast.ImportFrom) and str(node.module).startswith("reporting.")
            if other and _folder(str(node.module)) != _folder(module):
                taken += [f"{module}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert taken == []


def test_workflow_is_free_of_the_demo():
    assert not any(i.startswith("reporting.demo") for i in _imports(PACKAGE / "workflow.py"))


def test_every_file_is_small():
    long = {str(p.relative_to(PACKAGE)): n for _, p in _modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_template_sheet_names_and_headers_are_spelled_only_in_the_contract():
    """Intake, consolidation, history and the demo name template sheets and headers through the spec."""
    words = {spec.name for spec in DATA_SHEETS} | {c.header for spec in DATA_SHEETS for c in spec.columns}
    words -= {"Id", "Status", "Kommentar", "Mål", "Enhet", "Typ", "Objekt", "Åtgärd", "Uppdrag", "Nyckeltal"} - {
        spec.name for spec in DATA_SHEETS
    }
    offenders = []
    for folder in ("intake", "consolidate", "history", "demo"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in words:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert offenders == []


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=[s.name for s in DATA_SHEETS])
def test_answer_fields_are_the_columns_the_sheet_reads(spec):
    fields = {f.name for f in dataclasses.fields(spec.answer)} - {"row", "columns", "exact"}  # exact: a total's
    assert fields == {c.key for c in spec.columns if c.read}


def test_the_cli_starts_without_the_pipeline():
    """`reporting --help` (and a typo's error) answer at once: the CLI imports the pipeline (pandas, openpyxl,
    SQLAlchemy, the consolidation) only inside the command that runs it."""
    import subprocess
    import sys

    heavy = ("pandas", "openpyxl", "sqlalchemy", "docx", "reporting.consolidate.consolidation", "reporting.intake.run")
    code = f"import sys, reporting.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
