"""Many templates at once: the process pool writes what one process writes, reused sheets are the written ones,
and a template that fails (or kills its worker) is reported in Swedish while the others are still written."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import reporting.template.write as template_write
from golden_dump import dump_workbook, same_parts
from reporting.atomic import atomic_path
from reporting.cli import main
from reporting.demo.units import unit_plan
from reporting.plan.periods import Period
from reporting.plan.reporter import Reporter
from reporting.plan.write import write_plan
from reporting.template import batch
from reporting.template.batch import PARALLEL_FROM
from reporting.template.shared import SHARED_SPECS, SharedSheets
from reporting.template.write import build_template, write_templates

T1 = Period(2025, "T1")
UNITS = 30  # more than PARALLEL_FROM, so two workers are used


@pytest.fixture(scope="module")
def uplan():
    return unit_plan(UNITS)


@pytest.fixture(scope="module")
def pooled(uplan, tmp_path_factory):
    """The units' templates written over a pool of two workers once per module, with the parts the pool was
    handed: test_parallel_and_serial_write_the_same_templates compares the files, test_templates_go_to_the_pool_in_parts
    the parts (one pool run instead of two; neither test changes the files)."""
    parts: list[list[list[int]]] = []
    real = batch.run_resilient

    def recording(task, items, workers, initializer, initargs, failed, split, **kwargs):
        parts.append(split(list(range(len(items))), False))
        return real(task, items, workers, initializer, initargs, failed, split, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "run_resilient", recording)
        run = write_templates(uplan, T1, tmp_path_factory.mktemp("pooled") / "parallel", units=True, workers=2)
    return run, parts


def test_parallel_and_serial_write_the_same_templates(tmp_path, uplan, pooled):
    assert UNITS >= PARALLEL_FROM
    parallel, _ = pooled
    serial = write_templates(uplan, T1, tmp_path / "serial", units=True, workers=1)
    assert (parallel.processes, serial.processes) == (2, 1)
    assert (parallel.failed, serial.failed) == ([], [])
    assert [p.name for p in parallel.written] == [p.name for p in serial.written]
    assert len(parallel.written) == UNITS
    one_by_one = tmp_path / "plain"  # every sheet written cell by cell, nothing reused
    for unit in uplan.units:
        name = Reporter.of(uplan, unit.division, unit.id).file_name(T1.key)
        build_template(uplan, unit.division, T1, one_by_one / name, unit_id=unit.id)
    expected = sorted(one_by_one.glob("*.xlsx"))
    for folder in (parallel.written[0].parent, tmp_path / "serial"):
        assert sorted(p.name for p in folder.glob("*.xlsx")) == [p.name for p in expected]
        for plain in expected:  # cells, formats, protection, validations, widths, panes
            written = folder / plain.name
            assert same_parts(written, plain) or dump_workbook(written) == dump_workbook(plain)
    sheet = dump_workbook(one_by_one / parallel.written[-1].name)["Nyckeltal"]
    assert sheet["protected"] and sheet["validations"] and sheet["cells"]["A1"]["value"].startswith("Nyckeltal – ")


class Counting(SharedSheets):
    def __init__(self) -> None:
        super().__init__()
        self.reused: list[str] = []

    def reuse(self, wb, ws, key, content, title):
        done = super().reuse(wb, ws, key, content, title)
        if done:
            self.reused.append(key[0])
        return done


def test_a_division_s_second_unit_reuses_the_shared_sheets_and_gets_the_same_workbook(tmp_path, uplan):
    first, second = uplan.units_of("MED")[:2]
    shared = Counting()
    build_template(uplan, "MED", T1, tmp_path / "first.xlsx", unit_id=first.id, shared=shared)
    assert shared.reused == []
    reused = build_template(uplan, "MED", T1, tmp_path / "second.xlsx", unit_id=second.id, shared=shared)
    assert shared.reused == ["Instruktion", *(spec.name for spec in SHARED_SPECS)]
    plain = build_template(uplan, "MED", T1, tmp_path / "plain.xlsx", unit_id=second.id)
    assert same_parts(reused, plain) or dump_workbook(reused) == dump_workbook(plain)
    assert (
        dump_workbook(reused)["Uppdrag"]["cells"]["A1"]["value"]
        == f"Uppdrag – Division Medicin / {second.name} – {T1.label}"
    )


def test_a_sheet_whose_string_indices_would_differ_is_written_cell_by_cell(tmp_path, uplan, monkeypatch):
    """One more string before the shared sheets shifts every shared-string index: no reuse, the same workbook."""
    first, second = uplan.units_of("MED")[:2]
    shared = Counting()
    build_template(uplan, "MED", T1, tmp_path / "first.xlsx", unit_id=first.id, shared=shared)
    instructions = template_write._instructions

    def one_more_line(wb, ctx, to_fill):  # Instruktion cell by cell, with one more string
        instructions(wb, replace(ctx, shared=None), to_fill)
        wb.worksheets()[0].write_string(40, 0, "En rad till")

    monkeypatch.setattr(template_write, "_instructions", one_more_line)
    shifted = build_template(uplan, "MED", T1, tmp_path / "shifted.xlsx", unit_id=second.id, shared=shared)
    assert shared.reused == []
    plain = build_template(uplan, "MED", T1, tmp_path / "plain.xlsx", unit_id=second.id)
    assert same_parts(shifted, plain) or dump_workbook(shifted) == dump_workbook(plain)
    assert dump_workbook(shifted)["Instruktion"]["cells"]["A41"]["value"] == "En rad till"


def _failing_build(broken: str, killer: str):
    real = template_write.build_template

    def build(plan, division_id, period, path, fill=None, created=None, unit_id="", shared=None):
        if unit_id == broken:
            raise RuntimeError("trasig")
        if unit_id == killer:
            with atomic_path(Path(path)):  # its temporary file made, the worker dies before renaming it
                os._exit(3)
        return real(plan, division_id, period, path, fill, created, unit_id, shared)

    return build


@pytest.mark.parametrize("workers", [2, 1])
def test_a_failing_template_is_reported_and_the_others_are_written(tmp_path, uplan, monkeypatch, workers):
    units = [u.id for u in uplan.units]
    killer = units[7] if workers > 1 else ""  # a dying worker only in the pool: serially it would end the test
    monkeypatch.setattr(template_write, "build_template", _failing_build(units[3], killer))
    run = write_templates(uplan, T1, tmp_path, units=True, workers=workers)
    failed = {f.path.name: f.problem for f in run.failed}
    broken_name = f"2025-T1 {uplan.division(uplan.unit(units[3]).division).name} - Enhet 0004.xlsx"
    assert failed[broken_name] == (
        "mallen kunde inte skrivas: ett oväntat fel (av typen RuntimeError); kör igen och rapportera felet om det kvarstår."
    )
    if killer:
        killed_name = f"2025-T1 {uplan.division(uplan.unit(killer).division).name} - Enhet 0008.xlsx"
        assert failed[killed_name] == "mallen kunde inte skrivas: arbetsprocessen som skrev den avslutades oväntat."
    assert len(run.failed) == (2 if killer else 1)
    assert len(run.written) == UNITS - len(run.failed)
    on_disk = sorted(p.name for p in tmp_path.iterdir())
    assert on_disk == sorted(p.name for p in run.written)  # no half file, no temporary file left
    assert not set(failed) & set(on_disk)


def test_templates_command_lists_what_failed_and_exits_1(tmp_path, uplan, monkeypatch):
    write_plan(tmp_path / "plan.xlsx", uplan)
    broken = uplan.units[0]
    monkeypatch.setattr(template_write, "build_template", _failing_build(broken.id, ""))
    result = CliRunner().invoke(main, ["templates", "-w", str(tmp_path), "-p", "2025-T1", "--units"])
    assert result.exit_code == 1
    name = f"2025-T1 {uplan.division(broken.division).name} - {broken.name}.xlsx"
    assert result.stderr == (
        f"  {name}: mallen kunde inte skrivas: ett oväntat fel (av typen RuntimeError); "
        "kör igen och rapportera felet om det kvarstår.\nFel: 1 mall kunde inte skrivas (listad ovan).\n"
    )
    assert f"Skrev {UNITS - 1} mallar för 2025-T1" in result.stdout
    assert len(list((tmp_path / "templates_xlsx").glob("*.xlsx"))) == UNITS - 1
    # the templates written are listed up to 20, then counted: a region's thousands of units do not flood the screen
    lines = result.stdout.splitlines()
    assert len(lines) == 22 and lines[20] == f"  … och {UNITS - 1 - 20} till (--json listar alla)."


def test_a_full_disk_fails_each_template_in_swedish_and_leaves_no_file(tmp_path, uplan, monkeypatch):
    """The zip is made in memory and written in one call: a full disk there is the template's failure."""
    real = Path.write_bytes

    def full(self, data):
        if self.name.endswith(".xlsx.tmp"):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    run = write_templates(uplan, T1, tmp_path, divisions=[uplan.divisions[0].id], workers=1)
    assert run.written == []
    assert [f.problem for f in run.failed] == [
        "mallen kunde inte skrivas: disken är full; frigör utrymme och kör igen."
    ]
    assert list(tmp_path.iterdir()) == []  # no half file, no temporary file


def test_another_refusal_of_the_system_is_named_in_swedish():
    from reporting.template.batch import problem

    assert problem(OSError(errno.EROFS, "Read-only file system", "m.xlsx")) == (
        "mallen kunde inte skrivas: filen kunde inte skrivas (skrivskyddat filsystem); kontrollera att mappen finns "
        "och går att skriva i."
    )


def test_templates_go_to_the_pool_in_parts(pooled):
    run, parts = pooled
    assert len(run.written) == UNITS and not run.failed
    assert parts == [[list(range(i, i + 3)) for i in range(0, UNITS, 3)]]  # 30 // (2 workers * 4 parts each)
