"""A shared history never gives one nämnd's rows to another (qa36p #1, #2)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from reporting.demo.plan import demo_plan
from reporting.history.boards import RenameRefused, rename_board
from reporting.history.store import _adopt_unowned, figures, open_history
from reporting.plan.periods import Period
from test_year35a_rename import _row

T1 = Period(2025, "T1")


def _stored(engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(figures.c.board, figures.c.division)).all())


def _rows(board: str, division: str, period: Period = T1) -> dict:
    return {**_row(board, period, "1"), "division": division}


def test_rename_board_onto_another_nämnds_id_is_refused_and_moves_nothing(tmp_path):
    """qa36p #2: "rename-board jh-hsn vn-hsn" (a mistyped id) merged two regions' histories, and the next run
    replaced the other region's period."""
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_rows("jh-hsn", "MED"), _rows("vn-hsn", "PV"), _rows("vn-hsn", "SV")])
    before = _stored(engine)
    with pytest.raises(RenameRefused, match=r"troligen två olika nämnder\. Inget flyttades") as caught:
        rename_board(engine, "jh-hsn", "vn-hsn")
    assert 'nämnd-id "vn-hsn" har redan historik med divisionerna PV, SV, "jh-hsn" med MED' in str(caught.value)
    assert _stored(engine) == before
    assert rename_board(engine, "jh-hsn", "hsn").moved == 1  # an id with no rows yet: moved
    engine.dispose()


@pytest.mark.parametrize(("division", "adopted"), [("MED", True), ("PV", False)])
def test_rows_from_before_nämnd_id_go_only_to_a_nämnd_sharing_their_divisions(tmp_path, division, adopted):
    """qa36p #1: in a history upgraded from before Nämnd-id, the first nämnd to store took the old rows over,
    or deleted those of its period, whichever region it was. The demo plan has MED, not PV."""
    engine = open_history(tmp_path)
    with engine.begin() as conn:
        conn.execute(insert(figures), [_rows("", division), _rows("", division, Period(2025, "delar"))])
        _adopt_unowned(conn, "hsn", 2025, "T1", demo_plan())
    expected = [("hsn", "MED")] if adopted else [("", division), ("", division)]  # T1's old row replaced by the run
    assert _stored(engine) == expected
    engine.dispose()
