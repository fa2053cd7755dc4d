"""A run collects cycles rarely and leaves the interpreter's collector as it found it, also after an error."""

import gc

import pytest

from reporting.workflow import few_collections


def test_few_collections_raises_the_thresholds_and_restores_them_even_after_an_error():
    before = gc.get_threshold()
    with few_collections():
        assert gc.get_threshold() == (before[0], 50, 100)
        assert gc.get_freeze_count() > 0  # what lived before the run is not walked again
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), few_collections():
        raise RuntimeError("a failing run")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
