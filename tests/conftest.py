"""Shared fixtures: the demo plan, generated templates, and LibreOffice availability."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reporting.demo.plan import demo_plan
from reporting.output.libreoffice import Office, running_office, soffice_path
from reporting.plan.periods import Period
from reporting.template.write import build_template

T1 = Period(2025, "T1")


@pytest.fixture(scope="session")
def plan():
    return demo_plan()


@pytest.fixture
def make_template(tmp_path, plan):
    """Build a template (optionally pre-filled) for a division and period; returns its path."""

    def make(division: str = "MED", period: Period = T1, fill=None, name: str | None = None) -> Path:
        path = tmp_path / (name or f"{period.key}-{division}.xlsx")
        return build_template(plan, division, period, path, fill)

    return make


@pytest.fixture(scope="session")
def office() -> Iterator[Office]:
    """One LibreOffice for the session (per xdist worker): every conversion hands its files to it
    instead of starting an office of its own. Required in CI (REQUIRE_LIBREOFFICE=1); locally the
    tests skip without it."""
    if soffice_path() is None:
        if os.environ.get("REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice (soffice) is not installed; install libreoffice-calc to run real-client tests")
    with running_office() as running:
        yield running


@pytest.fixture(scope="session")
def soffice(office: Office) -> str:
    """The soffice binary, with the session's office running."""
    path = soffice_path()
    assert path is not None
    return path


# The history database (SQLite, and PostgreSQL when .ci/run started a server): see conftest_db.py
from conftest_db import history_db, postgres_admin, postgres_url  # noqa: E402, F401
