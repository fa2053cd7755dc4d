"""A run collects cycles rarely and leaves the interpreter's collector as it found it, also after an error."""

import gc
from collections.abc import Iterator

import pytest

from reporting.workflow import few_collections


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The interpreter as a plain command starts it: nothing frozen (the session may have frozen its objects)."""
    host_froze = gc.get_freeze_count() > 0
    gc.unfreeze()
    yield
    if host_froze:
        gc.freeze()


@pytest.fixture
def collected(unfrozen: None) -> None:
    """... and no garbage waiting: a collection during the test that freed a cycle holding the last reference to an
    object the test froze would take that object out of the frozen count the test compares. (A full collection
    walks the whole session: only the test that compares frozen counts asks for it.)"""
    gc.collect()


def test_few_collections_raises_the_thresholds_and_restores_them_even_after_an_error(unfrozen):
    before = gc.get_threshold()
    with few_collections():
        assert gc.get_threshold() == (before[0], 50, 100)
        assert gc.get_freeze_count() > 0  # what lived before the run is not walked again
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), few_collections():
        raise RuntimeError("a failing run")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_host_that_froze_its_objects_keeps_them_frozen(collected):
    host = [object() for _ in range(10)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    with few_collections():
        assert gc.get_freeze_count() == frozen  # the run adds nothing it could not hand back alone
    assert gc.get_freeze_count() == frozen and host
    gc.unfreeze()
