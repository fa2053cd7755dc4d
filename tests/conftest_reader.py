"""Session builds of the reader tests: the good template, the robust-reading catalogue and the readers' corpus.

Several test files read the same crafted files (test_robust_read_*, test_sheet_scan, test_readers,
test_robust_whole_run); each set is built once per session with conftest's ``built_once``, so the xdist workers
share one build. The tests only read these files; a test that changes one works on its own copy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported in the fixtures, so that xdist's controller never loads the package (see conftest.py)
    pass

MANIFEST = "files.json"  # the built files in the order the builder returned them


def built_files(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], list[Path]]
) -> tuple[Path, list[Path]]:
    """(folder, files) of ``build(folder)`` done once per session (conftest.built_once), the list kept in order."""
    from conftest import built_once

    def build_and_list(folder: Path) -> None:
        names = [str(path.relative_to(folder)) for path in build(folder)]
        (folder / MANIFEST).write_text(json.dumps(names), "utf-8")

    folder = built_once(tmp_path_factory, name, build_and_list)
    return folder, [folder / name for name in json.loads((folder / MANIFEST).read_text("utf-8"))]


@pytest.fixture(scope="session")
def reader_good(tmp_path_factory, plan, blank_templates) -> Path:
    """test_robust_read.good_template, built once per session: a complete Medicin file with real cached formula
    values. Read only; a test that changes it takes a copy."""
    from conftest import template_maker
    from test_robust_read import good_template

    def build(folder: Path) -> list[Path]:
        return [good_template(template_maker(plan, blank_templates, folder), plan)]

    return built_files(tmp_path_factory, "reader-good", build)[1][0]


@pytest.fixture(scope="session")
def reader_catalogue(tmp_path_factory, plan, blank_templates, reader_good) -> list[Path]:
    """test_robust_read_catalogue.robust_catalogue (every hostile and crafted file) from the good template, built
    once per session. Read only; a test that changes a file takes a copy."""
    from conftest import template_maker
    from test_robust_read_catalogue import robust_catalogue

    def build(folder: Path) -> list[Path]:
        return robust_catalogue(reader_good, folder, plan, template_maker(plan, blank_templates, folder))

    return built_files(tmp_path_factory, "reader-catalogue", build)[1]


@pytest.fixture(scope="session")
def reader_corpus(tmp_path_factory, plan, blank_templates) -> tuple[Path, list[Path]]:
    """test_readers.corpus (demo submissions, filled and hostile files), built once per session: (its folder,
    the files). Read only; a test that changes a file takes a copy."""
    from conftest import template_maker
    from test_readers import corpus

    def build(folder: Path) -> list[Path]:
        return corpus(folder, plan, template_maker(plan, blank_templates, folder))

    return built_files(tmp_path_factory, "reader-corpus", build)
