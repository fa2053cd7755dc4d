"""Robust running, Kolada: a saved response that is malformed is refused as a whole, in Swedish, naming the file."""

import json
import shutil
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, insert, select

from reporting.errors import InputError
from reporting.history import kolada as kolada_module
from reporting.history.kolada import (
    KoladaFileError,
    import_kolada,
    kolada_latest,
    kolada_value,
    parse_kolada,
)
from reporting.history.store import DB_ENV, kolada, open_history

pytestmark = pytest.mark.usefixtures("history_db")  # every test against SQLite and PostgreSQL


def _row(value=60.25, period=2026, municipality="0000", gender="T", **extra):
    return {
        "kpi": "U07414",
        "municipality": municipality,
        "period": period,
        "values": [{"gender": gender, "value": value, **extra}],
    }


@pytest.fixture(scope="module")
def empty_sqlite(tmp_path_factory) -> Path:
    """A new SQLite history (its schema created by open_history) once per module: the tests copy the file."""
    root = tmp_path_factory.mktemp("empty-history")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DB_ENV, raising=False)
        open_history(root).dispose()
    return root / "history.sqlite"


@pytest.fixture
def engine(tmp_path, history_db, request):
    """A new history on the test's backend (SQLite: a copy of the module's new file)."""
    if history_db is None:
        shutil.copyfile(request.getfixturevalue("empty_sqlite"), tmp_path / "history.sqlite")
    engine = open_history(tmp_path)
    yield engine
    engine.dispose()


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(kolada)).scalar_one()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = {"values": [_row(58.3, 2025), _row(60.25, 2026)]}


# ------------------------------------------------------------------ NaN and Infinity
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused_and_nothing_is_stored(engine, tmp_path, constant):
    text = (
        json.dumps(GOOD)[:-2]
        + f', {{"kpi": "U07414", "municipality": "0000", "period": 2024, "values": [{{"gender": "T", "value": {constant}}}]}}]}}'
    )
    path = _write(tmp_path, "riket.json", text)
    with pytest.raises(KoladaFileError) as caught:
        import_kolada(engine, path)
    message = str(caught.value)
    assert message.startswith("riket.json: filen innehåller") and constant in message
    assert "inget från filen har sparats" in message
    assert _count(engine) == 0
    assert isinstance(caught.value, InputError)  # the CLI's one error path shows it as "Fel: …"


def test_a_number_too_large_for_a_float_is_kept_exact(engine, tmp_path):
    path = _write(
        tmp_path,
        "big.json",
        '{"values": [{"kpi": "U1", "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": 1e999}]}]}',
    )
    assert import_kolada(engine, path) == 1  # json with floats would make this inf
    assert kolada_value(engine, "U1", 2025) == D("1E+999")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), D("NaN"), D("-Infinity"), D("sNaN")])
def test_non_finite_values_given_as_data_are_refused(value):
    with pytest.raises(KoladaFileError, match=r'värde 1: "value" är .*inte ett ändligt tal'):
        parse_kolada({"values": [_row(value)]}, "x.json")


def test_nan_stored_by_an_older_version_reads_as_missing(engine):
    with engine.begin() as conn:
        conn.execute(
            insert(kolada),
            [
                {"kpi": "U1", "municipality": "0000", "period": 2025, "gender": "T", "value": v, "imported_at": "x"}
                for v in ["NaN"]
            ]
            + [
                {
                    "kpi": "U2",
                    "municipality": "0000",
                    "period": 2025,
                    "gender": "T",
                    "value": "Infinity",
                    "imported_at": "x",
                }
            ]
            + [
                {
                    "kpi": "U3",
                    "municipality": "0000",
                    "period": 2025,
                    "gender": "T",
                    "value": "tjugo",
                    "imported_at": "x",
                }
            ],
        )
    assert [kolada_value(engine, k, 2025) for k in ("U1", "U2", "U3")] == [None, None, None]


# ------------------------------------------------------------------ malformed shapes
@pytest.mark.parametrize(
    "data, what",
    [
        ("en text", 'filen är en text, inte ett objekt med listan "values"'),
        (42, "filen är ett tal"),
        ({"count": 1}, 'listan "values" saknas'),
        ({"values": "60,25"}, '"values" är en text, inte en lista'),
        ({"values": {"kpi": "U1"}}, '"values" är ett objekt, inte en lista'),
        ({"values": ["U07414"]}, "rad 1 i values är en text"),
        ({"values": [_row(), 7]}, "rad 2 i values är ett tal"),
        ({"values": [{**_row(), "values": "60"}]}, 'rad 1 i values: "values" är en text, inte en lista'),
        ({"values": [{**_row(), "values": [60.25]}]}, "rad 1 i values, värde 1 är ett tal"),
        ({"values": [{**_row(), "values": [None]}]}, "värde 1 är null, inte ett objekt"),
        ({"values": [_row("60,25")]}, '"value" är en text ("60,25"), inte ett tal'),
        ({"values": [_row("abc")]}, '"value" är en text'),
        ({"values": [_row(True)]}, '"value" är ett sanningsvärde'),
        ({"values": [_row([1])]}, '"value" är en lista'),
        ({"values": [_row(period="tjugo")]}, '"period" är "tjugo", inte ett år'),
        ({"values": [_row(period=True)]}, '"period" är true, inte ett år'),
        ({"values": [_row(period=25)]}, '"period" är 25, inte ett år'),
        ({"values": [{k: v for k, v in _row().items() if k != "kpi"}]}, '"kpi" saknas'),
        ({"values": [_row(municipality=180)]}, '"municipality" är ett tal (180), inte en text'),
        ({"values": [_row(municipality="0" * 11)]}, '"municipality" är 11 tecken långt'),
        ({"values": [_row(gender="X")]}, '"gender" är "X"; väntade T, K eller M'),
        (
            {"values": [_row(1), _row(2)]},
            "rad 2 i values, värde 1: U07414 0000 2026 T finns redan (rad 1 i values, värde 1)",
        ),
        ({"values": [_row(D("1" * 41))]}, "har fler än 40 tecken"),
        ({"values": [_row(status=["x"])]}, '"status" är en lista'),
    ],
)
def test_malformed_responses_are_refused_naming_file_and_problem(engine, tmp_path, data, what):
    path = _write(tmp_path, "svar.json", json.dumps({"values": [_row(1, 2020)]} if data is None else data, default=str))
    if any(isinstance(x, D) for x in _values(data)):  # Decimals cannot round-trip through json.dumps as numbers
        with pytest.raises(KoladaFileError) as caught:
            parse_kolada(data, "svar.json")
    else:
        with pytest.raises(KoladaFileError) as caught:
            import_kolada(engine, path)
    assert str(caught.value).startswith("svar.json: ")
    assert what in str(caught.value), str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert _count(engine) == 0


def _values(data):
    if isinstance(data, dict):
        for row in data.get("values", []) if isinstance(data.get("values"), list) else []:
            for entry in row.get("values", []) if isinstance(row, dict) and isinstance(row.get("values"), list) else []:
                if isinstance(entry, dict):
                    yield entry.get("value")


def test_one_bad_row_stores_nothing_and_keeps_what_was_there(engine, tmp_path):
    assert import_kolada(engine, _write(tmp_path, "ok.json", json.dumps(GOOD))) == 2
    bad = {"values": [_row(99.0, 2025), _row("x", 2026)]}
    with pytest.raises(KoladaFileError):
        import_kolada(engine, _write(tmp_path, "bad.json", json.dumps(bad)))
    assert kolada_value(engine, "U07414", 2025) == D("58.3")  # the first (good) row of bad.json was not stored
    assert _count(engine) == 2


@pytest.mark.parametrize(
    "text, what",
    [
        ("{not json", "filen är inte giltig JSON (rad 1, kolumn 2)"),
        ("", "filen är inte giltig JSON"),
        ("[" * 100_000 + "]" * 100_000, "nästlad för djupt"),
        ('{"values": ' + "[" * 40 + "]" * 40 + "}", "nästlad för djupt"),
        ('{"values": [], "x": 1' + "0" * 5000 + "}", "ett tal är för långt"),
    ],
)
def test_unreadable_json_is_refused_in_swedish(engine, tmp_path, text, what):
    with pytest.raises(KoladaFileError) as caught:
        import_kolada(engine, _write(tmp_path, "trasig.json", text))
    assert str(caught.value).startswith("trasig.json: ") and what in str(caught.value)


def test_not_utf8_is_refused(engine, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"values": [], "x": "å"}'.encode("latin-1"))
    with pytest.raises(KoladaFileError, match=r"latin1\.json: filen är inte text i UTF-8"):
        import_kolada(engine, path)


def test_a_bom_is_accepted(engine, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert import_kolada(engine, path) == 2


def test_a_huge_file_is_refused_before_reading(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(kolada_module, "MAX_FILE_BYTES", 1000)
    path = _write(tmp_path, "stor.json", json.dumps({"values": [_row(i, 2000 + i) for i in range(50)]}))
    with pytest.raises(KoladaFileError, match=r"stor\.json: filen är större än"):
        import_kolada(engine, path)
    assert _count(engine) == 0


def test_the_real_limit_is_50_mb():
    assert kolada_module.MAX_FILE_BYTES == 50 * 1024 * 1024


# ------------------------------------------------------------------ isdeleted, status, 0, genders, shapes
def test_isdeleted_per_row_and_per_value_is_skipped():
    data = {
        "values": [
            {**_row(1, 2024), "isdeleted": True},
            {
                "kpi": "U07414",
                "municipality": "0000",
                "period": 2025,
                "values": [
                    {"gender": "T", "value": 5, "isdeleted": True},
                    {"gender": "K", "value": 6, "isdeleted": False},
                    {"gender": "M", "value": 7, "isdeleted": 1},
                ],
            },
        ]
    }
    assert [(r["period"], r["gender"], r["value"]) for r in parse_kolada(data)] == [(2025, "K", "6")]


def test_status_is_kept_when_present():
    rows = parse_kolada({"values": [_row(60.25, status="Prel"), _row(1, 2025)]})
    assert rows[0]["status"] == "Prel" and "status" not in rows[1]


def test_values_are_exact_decimals_never_floats(engine, tmp_path):
    path = _write(
        tmp_path,
        "exakt.json",
        '{"values": [{"kpi": "U1", "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": 0.1000000000000000055511151231257827}]}]}',
    )
    import_kolada(engine, path)
    assert kolada_value(engine, "U1", 2025) == D("0.1000000000000000055511151231257827")


def test_a_real_zero_is_zero_and_not_the_previous_year(engine, tmp_path):
    import_kolada(engine, _write(tmp_path, "noll.json", json.dumps({"values": [_row(0, 2026), _row(12.5, 2025)]})))
    assert kolada_value(engine, "U07414", 2026) == D(0)
    assert kolada_latest(engine, "U07414", 2026) == (D(0), 2026)
    assert kolada_latest(engine, "U07414", 2027) == (D(0), 2026)  # no 2027: the year before, and its year
    assert kolada_latest(engine, "U07414", 2028) is None  # only one year back by default
    assert kolada_latest(engine, "U07414", 2028, years_back=2) == (D(0), 2026)


def test_a_missing_value_falls_back_to_the_year_before(engine, tmp_path):
    import_kolada(engine, _write(tmp_path, "tom.json", json.dumps({"values": [_row(None, 2026), _row(12.5, 2025)]})))
    assert kolada_value(engine, "U07414", 2026) is None
    assert kolada_latest(engine, "U07414", 2026) == (D("12.5"), 2025)  # the report shows "12,5 (2025)"


def test_view_for_keeps_a_real_zero(engine, tmp_path):
    from reporting.history.trends import view_for
    from reporting.plan.periods import Period

    import_kolada(engine, _write(tmp_path, "noll.json", json.dumps({"values": [_row(0, 2026), _row(12.5, 2025)]})))
    result = SimpleNamespace(
        plan=SimpleNamespace(
            key_figures=[SimpleNamespace(id="N04", kolada_id="U07414")], board_key="", amount_unit="mkr"
        ),
        period=Period(2026, "delar"),
    )
    view = view_for(engine, result)
    assert view.kolada["N04"] == D(0) and view.kolada_year["N04"] == 2026


def test_gender_is_chosen_at_lookup_t_by_default(engine, tmp_path):
    data = {
        "values": [
            {
                "kpi": "U1",
                "municipality": "0000",
                "period": 2025,
                "values": [{"gender": g, "value": v} for g, v in (("T", 10), ("K", 11), ("M", 9))],
            }
        ]
    }
    assert import_kolada(engine, _write(tmp_path, "kon.json", json.dumps(data))) == 3
    assert kolada_value(engine, "U1", 2025) == D(10)
    assert kolada_value(engine, "U1", 2025, gender="K") == D(11)
    assert kolada_latest(engine, "U1", 2025, gender="M") == (D(9), 2025)
    assert [r["gender"] for r in parse_kolada(data, gender="K")] == ["K"]


def test_a_value_without_gender_is_total():
    data = {"values": [{"kpi": "U1", "municipality": "0000", "period": 2025, "values": [{"value": 3}]}]}
    assert parse_kolada(data)[0]["gender"] == "T"


def test_v2_and_v3_shapes_and_paging_links_are_not_followed(engine, tmp_path):
    v2 = {"count": 1, "values": [_row(58.3, "2025")], "next_page": "http://api.kolada.se/v2/data/kpi/U07414?page=2"}
    v3 = {"values": [_row(60.25, 2026)], "next_url": "https://api.kolada.se/v3/data/kpi/U07414?page=2", "count": 1}
    bare = [_row(1, 2024)]  # a saved list of rows
    for name, data in (("v2.json", v2), ("v3.json", v3), ("lista.json", bare)):
        assert import_kolada(engine, _write(tmp_path, name, json.dumps(data))) == 1
    assert [kolada_value(engine, "U07414", y) for y in (2024, 2025, 2026)] == [D(1), D("58.3"), D("60.25")]


def test_reimport_replaces(engine, tmp_path):
    import_kolada(engine, _write(tmp_path, "a.json", json.dumps(GOOD)))
    import_kolada(engine, _write(tmp_path, "a.json", json.dumps({"values": [_row(61, 2026)]})))
    assert kolada_value(engine, "U07414", 2026) == D(61) and _count(engine) == 2


def test_the_cli_shows_the_refusal_without_traceback(tmp_path):
    from click.testing import CliRunner

    from reporting.cli import main

    (tmp_path / "ws").mkdir()
    open_history(tmp_path / "ws").dispose()  # a workspace with its history, so the file is what is refused
    path = _write(
        tmp_path,
        "nan.json",
        '{"values": [{"kpi": "U1", "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": NaN}]}]}',
    )
    out = CliRunner().invoke(main, ["history", "kolada", "-w", str(tmp_path / "ws"), str(path)])
    assert out.exit_code == 1, out.output
    assert "nan.json: filen innehåller NaN" in out.output and "Traceback" not in out.output
