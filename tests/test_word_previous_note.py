"""The Word draft's "föregående prognos" section when no row has a previous forecast to show.

A first month says there is none saved; when forecasts were saved but cannot be set against this one
(stored in an amount unit that cannot be converted), the draft says that instead of "none saved",
which would be untrue.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.history import previous
from reporting.output import word_economy

UNCONVERTED = "Prognoser sparade vid februari 2025 i kkr kan inte räknas om till tkr och jämförs därför inte."


def _draft_texts(root: Path, period: str) -> list[str]:
    draft = next((root / "outbox").glob(f"{period} *.docx"))
    return [p.text for p in docx.Document(str(draft)).paragraphs]


def _after_heading(texts: list[str]) -> str:
    heading = next(i for i, t in enumerate(texts) if t.endswith("jämfört med föregående prognos"))
    return texts[heading + 1]


@pytest.fixture(scope="module")
def month(tmp_path_factory, vn_month_demo) -> Path:
    """A copy of `reporting demo --plan vasternorrland-2025 --period 2025-M03`'s workspace (conftest, once per
    session): a test here consolidates in it again."""
    return Path(shutil.copytree(vn_month_demo, tmp_path_factory.mktemp("word-previous") / "demo"))


def test_a_month_with_no_forecast_saved_before_says_so(month):
    assert (
        _after_heading(_draft_texts(month, "2025-M03"))
        == "Ingen tidigare prognos för 2025 finns sparad att jämföra med."
    )


def test_forecasts_saved_but_not_comparable_are_named_not_called_missing(month, monkeypatch):
    def unconverted(*args, **kwargs):
        found = previous.netto_comparison(*args, **kwargs)
        assert all(p.before is None for p in found.rows)
        return previous.Comparison(found.rows, [UNCONVERTED], found.reframed)

    monkeypatch.setattr(word_economy, "netto_comparison", unconverted)
    result = CliRunner().invoke(main, ["consolidate", "--period", "2025-M03", "-w", str(month)])
    assert result.exit_code == 0, result.output
    assert _after_heading(_draft_texts(month, "2025-M03")) == UNCONVERTED
