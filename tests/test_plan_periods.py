"""One period table: kinds, plan words, months, labels, titles and aliases, and every view derived from it."""

import pytest

from reporting.errors import InputError
from reporting.plan import sheets, write
from reporting.plan.periods import KINDS, ORDER, PERIOD_TABLE, Period, find_kind, parse_period, period_kind


def test_the_table():
    months = [k for k in PERIOD_TABLE if k.is_month]
    assert [(k.id, k.plan_label, k.months, k.label) for k in months][2] == ("M03", "Mars", 3, "Januari–mars")
    assert [k.id for k in months] == [f"M{n:02d}" for n in range(1, 13)]
    assert {k.report_title for k in months} == {"Månadsrapport"}
    rest = [k for k in PERIOD_TABLE if not k.is_month]
    assert [(k.id, k.plan_label, k.months, k.report_title, k.is_year_end) for k in rest] == [
        ("T1", "T1", 4, "Tertialrapport", False),
        ("delar", "Delår", 8, "Delårsrapport", False),
        ("helar", "Helår", 12, "Årsrapport", True),
    ]


def test_derived_views_come_from_the_table():
    assert KINDS["M10"] == (10, "Januari–oktober", "Månadsrapport")
    assert {k: v for k, v in KINDS.items() if not k.startswith("M")} == {
        "T1": (4, "Tertial 1 (januari–april)", "Tertialrapport"),
        "delar": (8, "Delår (januari–augusti)", "Delårsrapport"),
        "helar": (12, "Helår (januari–december)", "Årsrapport"),
    }
    assert [k for k in ORDER if not k.startswith("M")] == ["T1", "delar", "helar"]
    assert ORDER[:5] == ["M01", "M02", "M03", "M04", "T1"]  # a month before the report ending with it
    assert {k: v for k, v in sheets.PERIOD_LABELS.items() if not k.startswith("M")} == {
        "T1": "T1",
        "delar": "Delår",
        "helar": "Helår",
    }
    assert sheets.PERIOD_LABELS["M03"] == "Mars"
    assert {sheets.PERIOD_KINDS[w] for w in ("t1", "tertial 1", "delår", "delar", "helår", "helar")} == {
        "T1",
        "delar",
        "helar",
    }
    assert all(sheets.PERIOD_KINDS[name] == k.id for k in PERIOD_TABLE for name in k.names())
    assert any("T1, Delår, Helår" in line for line in write.INSTRUCTIONS)


@pytest.mark.parametrize(
    "text,kind",
    [
        ("2025-T1", "T1"),
        ("2025-t1", "T1"),
        ("2025-tertial1", "T1"),
        ("2025-delår", "delar"),
        ("2025-Delar", "delar"),
        ("2025_d", "delar"),
        ("2025 T2", "delar"),
        ("2025-helår", "helar"),
        ("2025-ar", "helar"),
        ("2025-år", "helar"),
        ("2025-t3", "helar"),
        ("2025-03", "M03"),
        ("2025-M03", "M03"),
        ("2025-mars", "M03"),
        ("2025-3", "M03"),
        ("2025-okt", "M10"),
    ],
)
def test_parse_period_accepts_every_alias(text, kind):
    assert parse_period(text) == Period(2025, kind)


def test_find_kind_ignores_case_and_spacing():
    assert find_kind("  Tertial   1 ") is period_kind("T1")
    assert find_kind("HELÅR") is period_kind("helar")
    assert find_kind("Kvartal 1") is None


def test_unknown_period_is_an_input_error():
    with pytest.raises(InputError, match="2025-Q3"):
        parse_period("2025-Q3")
    with pytest.raises(KeyError):
        period_kind("Q3")


def test_period_properties_and_year_end():
    t1, delar, helar = (Period(2025, k) for k in ("T1", "delar", "helar"))
    assert (t1.months, delar.months, helar.months) == (4, 8, 12)
    assert helar.label == "Helår (januari–december) 2025"
    assert delar.report_title == "Delårsrapport"
    assert [p.is_year_end for p in (t1, delar, helar)] == [False, False, True]
    assert sorted([helar, Period(2024, "helar"), t1, delar], key=lambda p: p.sort_key) == [
        Period(2024, "helar"),
        t1,
        delar,
        helar,
    ]
    assert str(t1) == t1.key == "2025-T1"
