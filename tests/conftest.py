"""Shared fixtures: the demo plan, generated templates, and LibreOffice availability."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from filelock import FileLock

# The package is imported inside the fixtures: pytest-xdist's controller loads this file before it starts the
# workers and runs no test itself, so importing the package (pandas, SQLAlchemy, openpyxl) here held every
# worker back by about 0.4 s.
if TYPE_CHECKING:
    from reporting.consolidate.consolidation import Consolidation
    from reporting.output.libreoffice import Office
    from reporting.plan.model import Plan
    from reporting.plan.periods import Period
    from reporting.workspace import Workspace


RAM_DISK = Path("/dev/shm")
RAM_DISK_FREE = 2 << 30  # the suite writes about 100 MB; a container's 64 MB /dev/shm is passed over


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders (tmp_path) on the RAM disk where the machine has a roomy one.

    The tests write and remove thousands of small files (workspaces, templates, archives, each
    written atomically and fsynced); on this machine's virtual disk a file's creation costs about
    0.3 ms and every fsync waits for the disk, about 3 s of the suite's 30. What the tests check does
    not depend on the disk. An explicit ``--basetemp`` or PYTEST_DEBUG_TEMPROOT (pytest's own
    setting for the root) is kept; the workers of pytest-xdist inherit the setting.
    """
    if config.option.basetemp or "PYTEST_DEBUG_TEMPROOT" in os.environ or not _roomy_ram_disk():
        return
    os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM_DISK)
    _scratch_on_ram_disk(config)


def _scratch_on_ram_disk(config: pytest.Config) -> None:
    """The system's temporary folder (tempfile, TMPDIR) on the RAM disk too, for the session.

    openpyxl writes each worksheet it saves, and xlsxwriter each part of a workbook not built in memory, to a
    temporary file there and removes it: about 1 700 files in the suite, each removal from this machine's
    virtual disk (ext4 with discard) about 0.9 ms. The folder is the session's own, removed at its end; the
    workers of pytest-xdist and every process a test starts inherit TMPDIR.
    """
    scratch = tempfile.mkdtemp(prefix="pytest-scratch-", dir=RAM_DISK)
    os.environ["TMPDIR"] = tempfile.tempdir = scratch
    config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))


def _roomy_ram_disk() -> bool:
    try:
        mounts = Path("/proc/mounts").read_text().split("\n")
        stats = os.statvfs(RAM_DISK)
    except OSError:
        return False
    tmpfs = any(line.split()[1:3] == [str(RAM_DISK), "tmpfs"] for line in mounts if line.strip())
    return tmpfs and stats.f_bavail * stats.f_frsize >= RAM_DISK_FREE and os.access(RAM_DISK, os.W_OK | os.X_OK)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """No cycle collections while the test modules are imported: pytest's assertion rewriting (about 3 000 asserts
    parsed and rewritten, in each xdist worker) makes no cyclic garbage, but with the default thresholds it set off
    about 15 full collections per worker that freed nothing (a worker's CPU to the end of collection: 4.8-5.3 s
    before, 2.7-2.9 s without them, on a busy 2-core machine). The collector is
    enabled again as collection ends (after pytest_collection_finish's collection, also when collection fails)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return (yield)
    finally:
        if enabled:
            gc.enable()


def pytest_collection_finish(session: pytest.Session) -> None:
    """The cycle collector runs less often during the tests: with the defaults a worker spent about 3 s of its 30
    in about 15 full collections.

    The session's objects are not frozen here: every run of the product freezes what lives at its start and hands
    it back at its end (reporting.workflow.few_collections), but only in an interpreter nothing else froze, which
    it asks gc.get_freeze_count(); that walks every frozen object, about 20 ms per run in a frozen session (2.4 s
    of the suite's CPU), and the session's frozen objects made the collections of the tests themselves slower
    too: without the freeze the suite's collections and that question took 5 s instead of 8."""
    gc.collect()
    gc.set_threshold(10_000, 20, 20)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The session's garbage is collected once here, while pytest still hears any unraisable exception a finaliser
    raises, then frozen: pytest's own five full collections at the end (0.8 s per worker) then walk nothing."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def _short_stall() -> None:
    """A stuck process pool is ended after 60 s instead of 5 minutes (reporting.pool.STALL_SECONDS): a pool
    that hangs in a test then recovers well within pytest-timeout's 300 s, and the test still checks what it
    checks. (The hang seen in about one in 15-35 runs, in the dying-worker cases, was a task handed to the
    pool as a worker died, whose future never ended: reporting.pool._submit settles it, tests/test_pool_race.py.)"""
    import reporting.pool

    reporting.pool.STALL_SECONDS = 60.0


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """pytest's tmp_path (a new folder under the session's base folder, named after the test), made by mkdtemp.

    pytest numbers the folders, and finds the next number by listing the base folder at every call: with about
    1 200 tests asking per worker that listing grows with every test (about 0.4 s of a worker's CPU, against
    0.01 s here). The retention policy "failed" is kept: a passed test's folder is then removed."""
    name = re.sub(r"\W", "_", request.node.name)[:30]
    path = Path(tempfile.mkdtemp(prefix=name, dir=tmp_path_factory.getbasetemp()))
    yield path
    if request.config.getini("tmp_path_retention_policy") == "failed":
        from _pytest.tmpdir import tmppath_result_key  # the test's outcome, kept by pytest's pytest_runtest_makereport

        if request.node.stash.get(tmppath_result_key, {}).get("call", True):
            shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def plan() -> Plan:
    from reporting.demo.plan import demo_plan

    return demo_plan()


@pytest.fixture(scope="session")
def demo_plan_xlsx(tmp_path_factory) -> Path:
    """The demo plan written as plan.xlsx once per session; a test that edits it takes a copy."""
    from reporting.demo.plan import demo_plan
    from reporting.plan.write import write_plan

    return write_plan(tmp_path_factory.mktemp("demo-plan") / "plan.xlsx", demo_plan())


@pytest.fixture(scope="session")
def blank_templates(tmp_path_factory) -> Path:
    """A folder of blank templates, each built once per session and copied for every test that asks.

    The xdist workers share it (build_template writes a template under a temporary name and renames it into
    place, so two workers building the same one at once each leave a whole template)."""
    return built_once(tmp_path_factory, "blank-templates", lambda folder: None)


@pytest.fixture
def make_template(tmp_path, plan, blank_templates):
    """Build a template (optionally pre-filled) for a division and period; returns its path (see template_maker)."""
    return template_maker(plan, blank_templates, tmp_path)


def template_maker(plan: Plan, blank_templates: Path, folder: Path) -> Callable[..., Path]:
    """``make(division, period, fill, name)``: a template in ``folder``. The first blank template of a division and
    period is a copy of the session's; a second one is built anew, so that it is another template (its own
    template id), as before."""
    from reporting.plan.periods import Period
    from reporting.template.write import build_template

    copied: set[tuple[str, Period]] = set()
    t1 = Period(2025, "T1")

    def make(division: str = "MED", period: Period = t1, fill=None, name: str | None = None) -> Path:
        path = folder / (name or f"{period.key}-{division}.xlsx")
        if fill is not None or (division, period) in copied:
            return build_template(plan, division, period, path, fill)
        copied.add((division, period))
        blank = blank_templates / f"{period.key}-{division}.xlsx"
        if not blank.exists():
            build_template(plan, division, period, blank)
        shutil.copyfile(blank, path)
        return path

    return make


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder ``name``, built by ``build`` once per session: under pytest-xdist the first worker to ask builds
    it (holding a file lock) and the others wait for it and use it; they only read it (tests copy it)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, which holds every worker's own
    folder, done = base / "built-once" / name, base / "built-once" / f"{name}.done"
    folder.parent.mkdir(exist_ok=True)
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory):
    """``prepare_demo(root, period)`` done once per period and session (see built_once), then copied into ``root``.

    As prepare_demo: an existing plan in ``root`` is kept; templates and inbox files are (re)written.
    """
    from reporting.demo.workspace import prepare_demo
    from reporting.plan.periods import Period
    from reporting.plan.read import load_plan
    from reporting.workspace import Workspace

    built: dict[Period, Path] = {}
    t1 = Period(2025, "T1")

    def prepare(root: Path, period: Period = t1) -> tuple[Workspace, Plan, list[Path]]:
        if period not in built:
            built[period] = built_once(
                tmp_path_factory, f"demo-{period.key}", lambda folder: prepare_demo(folder, period)
            )
        ws = Workspace(root)
        keep_plan = ws.plan.exists()
        shutil.copytree(
            built[period], root, dirs_exist_ok=True, ignore=lambda d, names: ["plan.xlsx"] if keep_plan else []
        )
        return ws, load_plan(ws.plan), sorted(ws.templates.glob("*.xlsx"))

    return prepare


@pytest.fixture(scope="session")
def demo_cli(tmp_path_factory) -> tuple[Path, Any]:
    """``reporting demo -w <a folder that does not exist yet>`` run once per session (see built_once), with the
    command's exit code and output.

    The workspace stays as the command left it: a test that uses it takes a copy (shutil.copytree).
    """

    def run(folder: Path) -> None:
        from click.testing import CliRunner

        from reporting.cli import main

        result = CliRunner().invoke(main, ["demo", "-w", str(folder / "ny" / "demo")])
        fields = {"exit_code": result.exit_code, "output": result.output, "stdout": result.stdout}
        (folder / "result.json").write_text(json.dumps({**fields, "stderr": result.stderr}), "utf-8")

    folder = built_once(tmp_path_factory, "demo-cli", run)
    return folder / "ny" / "demo", SimpleNamespace(**json.loads((folder / "result.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def demo_t1(tmp_path_factory) -> Callable[[], tuple[Workspace, Consolidation]]:
    """``fresh()``: (a workspace, the consolidation of its inbox) for the demo's T1 submissions
    (write_demo_submissions) read and consolidated with the demo plan once per session (see built_once); each call
    unpickles a consolidation of its own. The workspace is read only: a test writes its outputs elsewhere."""
    from reporting.plan.periods import Period
    from reporting.workspace import Workspace

    def build(folder: Path) -> None:
        from reporting.consolidate.consolidation import consolidate
        from reporting.demo.plan import demo_plan
        from reporting.demo.submissions import write_demo_submissions
        from reporting.intake.run import run_intake

        plan, t1, ws = demo_plan(), Period(2025, "T1"), Workspace(folder / "ws")
        write_demo_submissions(plan, t1, ws.inbox)
        (folder / "consolidation.pickle").write_bytes(pickle.dumps(consolidate(plan, run_intake(ws, plan, t1))))

    folder = built_once(tmp_path_factory, "demo-t1", build)
    data = (folder / "consolidation.pickle").read_bytes()
    return lambda: (Workspace(folder / "ws"), pickle.loads(data))


@pytest.fixture(scope="session")
def unit_run(tmp_path_factory) -> Callable[..., tuple[Workspace, Plan, Consolidation]]:
    """``run(units, skip_every=0)``: (a workspace, unit_plan(units), the consolidation of its inbox) for the plan's T1
    unit submissions (write_unit_submissions: every ``skip_every``-th unit leaves none), read and consolidated once
    per session and arguments (see built_once); each call unpickles a plan and consolidation of its own. The
    workspace is read only: a test writes its outputs elsewhere."""
    from reporting.plan.periods import Period
    from reporting.workspace import Workspace

    def run(units: int, skip_every: int = 0) -> tuple[Workspace, Plan, Consolidation]:
        def build(folder: Path) -> None:
            from reporting.consolidate.consolidation import consolidate
            from reporting.demo.units import unit_plan, write_unit_submissions
            from reporting.intake.run import run_intake

            plan, t1, ws = unit_plan(units), Period(2025, "T1"), Workspace(folder / "ws")
            write_unit_submissions(plan, t1, ws.inbox, skip_every=skip_every)
            result = consolidate(plan, run_intake(ws, plan, t1))
            (folder / "run.pickle").write_bytes(pickle.dumps((plan, result)))

        folder = built_once(tmp_path_factory, f"units-{units}-skip-{skip_every}", build)
        plan, result = pickle.loads((folder / "run.pickle").read_bytes())
        return Workspace(folder / "ws"), plan, result

    return run


@pytest.fixture(scope="session")
def part_region(tmp_path_factory) -> Callable[[], tuple[Workspace, Consolidation]]:
    """``fresh()``: (a workspace, its consolidation) of part_region.region_in_part (unit_plan(12) with a unit
    missing, one rejected, one late and one without a forecast), made once per session (see built_once); each call
    unpickles a consolidation of its own. The workspace is read only: a test writes its outputs elsewhere."""
    from part_region import region_in_part, region_plan
    from reporting.workspace import Workspace

    def build(folder: Path) -> None:
        (folder / "result.pickle").write_bytes(pickle.dumps(region_in_part(region_plan(), folder / "ws")[1]))

    folder = built_once(tmp_path_factory, "part-region", build)
    data = (folder / "result.pickle").read_bytes()
    return lambda: (Workspace(folder / "ws"), pickle.loads(data))


@pytest.fixture(scope="session")
def vn_month_demo(tmp_path_factory) -> Path:
    """``reporting demo --plan vasternorrland-2025 --period 2025-M03 -w <a new folder>``, run once per session (see
    built_once): the workspace as the command left it. Read only: a test that runs a command in it takes a copy."""

    def run(folder: Path) -> None:
        from click.testing import CliRunner

        from reporting.cli import main

        args = ["demo", "--plan", "vasternorrland-2025", "--period", "2025-M03", "-w", str(folder / "demo")]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output

    return built_once(tmp_path_factory, "demo-vn-m03", run) / "demo"


@pytest.fixture(scope="session")
def seed002_run(tmp_path_factory) -> tuple[Path, Any]:
    """Seed 002's plan in tkr, filled and reported once (econ_plans.run) for the tests that only read what the
    run wrote: (its folder, the consolidation); once per session (see built_once)."""
    from econ_plans import run, seed002_plan

    def build(folder: Path) -> None:
        (folder / "consolidation.pickle").write_bytes(pickle.dumps(run(folder, seed002_plan())))

    folder = built_once(tmp_path_factory, "seed002", build)
    return folder, pickle.loads((folder / "consolidation.pickle").read_bytes())


@pytest.fixture(scope="session")
def office() -> Iterator[Office]:
    """One LibreOffice for the session (per xdist worker): every conversion hands its files to it
    instead of starting an office of its own. Required in CI (REQUIRE_LIBREOFFICE=1); locally the
    tests skip without it."""
    from reporting.output.libreoffice import running_office, soffice_path

    if soffice_path() is None:
        if os.environ.get("REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice (soffice) is not installed; install libreoffice-calc to run real-client tests")
    with running_office() as running:
        yield running


@pytest.fixture(scope="session")
def soffice(office: Office) -> str:
    """The soffice binary, with the session's office running."""
    from reporting.output.libreoffice import soffice_path

    path = soffice_path()
    assert path is not None
    return path


# The history database (SQLite, and PostgreSQL when .ci/run started a server): see conftest_db.py
from conftest_db import history_db, postgres_admin, postgres_url  # noqa: E402, F401
from conftest_reader import reader_catalogue, reader_corpus, reader_good  # noqa: E402, F401
