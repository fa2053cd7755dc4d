"""Riksjämförelser from saved Kolada API responses (v2 and v3 shapes); never calls the network.

A saved response is untrusted input: it is read with a size and nesting bound,
every number must be finite (``NaN``/``Infinity`` are refused, numbers are read
as exact Decimals, never floats), and every row and value must have the shape
Kolada gives. A file with one problem is refused as a whole with a Swedish
message naming the file and what is wrong; nothing from it is stored.

Both API shapes are read: v2 (``{"count", "values": [...], "next_page"}``, period
often a string) and v3 (``{"values": [...], "next_url", ...}``, period an int).
Paging links are not followed here: only what the file holds is imported
(``kolada_fetch`` fetches from the API itself, page by page, with the same checks). Rows and
values marked ``isdeleted`` are skipped. All genders (T, K, M) are stored; the
lookup chooses one, T (both) by default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from reporting.errors import InputError
from reporting.history.schema import write_transaction
from reporting.history.store import kolada

if TYPE_CHECKING:
    from reporting.plan.model import Plan

MAX_FILE_BYTES = 50 * 1024 * 1024  # a saved response for a few key figures is a few kB
MAX_DEPTH = 32  # a Kolada response nests 4 levels
GENDERS = ("T", "K", "M")  # totalt, kvinnor, män
RIKET = "0000"  # Kolada's id for the whole country: the only municipality a report compares with
_VALUE_MAX = 40  # kolada.value is String(40)
_KPI_MAX, _MUNICIPALITY_MAX = 20, 10
_REDO = "Hämta svaret från Koladas API på nytt, spara det som JSON och importera igen; inget från filen har sparats."


class KoladaFileError(InputError):
    """A saved Kolada response cannot be used; the message says which file and what is wrong."""


class _NonFinite(ValueError):
    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


def _non_finite(constant: str) -> NoReturn:
    raise _NonFinite(constant)


def _deleted(flag: Any) -> bool:
    """Kolada's ``isdeleted``: true (or 1); any other value keeps the row."""
    return flag is True or (type(flag) is int and flag == 1)


def kpi_key(kpi: str) -> str:
    """A Kolada id as stored and matched: upper case ("u79014" typed in a plan is Kolada's U79014)."""
    return kpi.strip().upper()


def _kind(value: Any) -> str:
    """What a JSON value is, in Swedish."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "ett sanningsvärde"
    if isinstance(value, (int, float, Decimal)):
        return "ett tal"
    if isinstance(value, str):
        return "en text"
    if isinstance(value, list):
        return "en lista"
    return "ett objekt"


def _described(value: Any) -> str:
    """ "en text ("60,25")": what a value is, and the value itself (not for null)."""
    return "null" if value is None else f"{_kind(value)} ({_short(value)})"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


class _Parser:
    def __init__(self, source: str, redo: str = _REDO) -> None:
        self.source, self.redo = source, redo

    def refuse(self, what: str) -> NoReturn:
        raise KoladaFileError(f"{self.source}: {what}. {self.redo}")

    def text(self, row: dict[str, Any], key: str, where: str, limit: int) -> str:
        value = row.get(key)
        if not isinstance(value, str) or not value.strip():
            shown = "saknas" if value is None else f"är {_described(value)}, inte en text"
            self.refuse(f'{where}: "{key}" {shown}')
        if len(value) > limit:
            self.refuse(f'{where}: "{key}" är {len(value)} tecken långt (högst {limit})')
        return value.strip()

    def period(self, row: dict[str, Any], where: str) -> int:
        value = row.get("period")
        text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
        if not (len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100):
            shown = "saknas" if value is None else f"är {_short(value)}, inte ett år"
            self.refuse(f'{where}: "period" {shown}')
        return int(text)

    def number(self, value: Any, where: str) -> str | None:
        """The exact value as text; None for a missing value."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.refuse(f'{where}: "value" är {_described(value)}, inte ett tal')
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except (InvalidOperation, ValueError):  # an int too long to print
            self.refuse(f'{where}: "value" är ett för långt tal')
        if not number.is_finite():
            self.refuse(f'{where}: "value" är {number}, inte ett ändligt tal')
        text = str(number)
        if len(text) > _VALUE_MAX:
            self.refuse(f'{where}: "value" {text[:20]}… har fler än {_VALUE_MAX} tecken')
        return text

    def rows(self, data: Any, gender: str | None) -> list[dict[str, Any]]:
        if isinstance(data, dict):
            if "values" not in data:
                self.refuse('inte ett svar från Koladas API: listan "values" saknas')
            rows = data["values"]
            if not isinstance(rows, list):
                self.refuse(f'"values" är {_kind(rows)}, inte en lista')
        elif isinstance(data, list):
            rows = data
        else:
            self.refuse(f'inte ett svar från Koladas API: filen är {_kind(data)}, inte ett objekt med listan "values"')
        out: list[dict[str, Any]] = []
        seen: dict[tuple[str, str, int, str], str] = {}
        for number, row in enumerate(rows, start=1):
            where = f"rad {number} i values"
            if not isinstance(row, dict):
                self.refuse(f"{where} är {_described(row)}, inte ett objekt")
            if _deleted(row.get("isdeleted")):
                continue
            kpi = kpi_key(self.text(row, "kpi", where, _KPI_MAX))
            municipality = self.text(row, "municipality", where, _MUNICIPALITY_MAX)
            period = self.period(row, where)
            values = row.get("values")
            if values is None:
                continue
            if not isinstance(values, list):
                self.refuse(f'{where}: "values" är {_kind(values)}, inte en lista')
            for index, entry in enumerate(values, start=1):
                at = f"{where}, värde {index}"
                if not isinstance(entry, dict):
                    self.refuse(f"{at} är {_described(entry)}, inte ett objekt")
                if _deleted(entry.get("isdeleted")):
                    continue
                sex = entry.get("gender", "T")
                if sex not in GENDERS:
                    self.refuse(f'{at}: "gender" är {_short(sex)}; väntade T, K eller M')
                if gender is not None and sex != gender:
                    continue
                item: dict[str, Any] = {
                    "kpi": kpi,
                    "municipality": municipality,
                    "period": period,
                    "gender": sex,
                    "value": self.number(entry.get("value"), at),
                }
                status = entry.get("status")
                if status is not None:
                    if not isinstance(status, str) or len(status) > _VALUE_MAX:
                        self.refuse(f'{at}: "status" är {_described(status)}, inte en kort text')
                    item["status"] = status
                key = (kpi, municipality, period, sex)
                if key in seen:
                    self.refuse(f"{at}: {kpi} {municipality} {period} {sex} finns redan ({seen[key]})")
                seen[key] = at
                out.append(item)
        return out


def parse_kolada(
    data: Any, source: str = "Kolada-svaret", gender: str | None = None, redo: str = _REDO
) -> list[dict[str, Any]]:
    """Rows of a saved Kolada response, API v2 or v3; KoladaFileError naming ``source`` when malformed.

    Each row: kpi, municipality, period (int), gender, value (exact Decimal as text, or None)
    and, when the response has it, status. ``gender`` keeps one gender only (None: all).
    Rows and values with ``isdeleted`` are skipped.
    """
    return _Parser(source, redo).rows(data, gender)


def read_kolada_file(path: str | Path) -> Any:
    """The JSON of a saved response: size and nesting bounded, numbers exact, NaN and Infinity refused."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise KoladaFileError(f"{path.name}: filen kan inte läsas ({exc.strerror or exc}).") from exc
    return parse_json(raw, path.name)


def parse_json(raw: bytes, source: str, redo: str = _REDO) -> Any:
    """The JSON of a response's bytes, with the bounds and exactness of ``read_kolada_file``."""
    parser = _Parser(source, redo)
    if len(raw) > MAX_FILE_BYTES:
        parser.refuse(f"filen är större än {MAX_FILE_BYTES // (1024 * 1024)} MB; ett sparat svar är några kB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        parser.refuse("filen är inte text i UTF-8 (är det verkligen ett sparat JSON-svar?)")
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_non_finite)
    except _NonFinite as exc:
        parser.refuse(f"filen innehåller {exc.constant}, som inte är ett tal")
    except RecursionError:
        parser.refuse(f"filen är nästlad för djupt (högst {MAX_DEPTH} nivåer)")
    except json.JSONDecodeError as exc:
        parser.refuse(f"filen är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno})")
    except ValueError:  # e.g. an integer with thousands of digits
        parser.refuse("filen är inte giltig JSON (ett tal är för långt)")
    if _depth(data) > MAX_DEPTH:
        parser.refuse(f"filen är nästlad för djupt (högst {MAX_DEPTH} nivåer)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest, without recursion; stops counting past MAX_DEPTH."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def import_kolada(engine: Engine, path: str | Path) -> int:
    """Import (or replace) comparison values from a saved Kolada JSON file in one transaction.

    A file that is refused (KoladaFileError) stores nothing; never calls the network.
    """
    return store_kolada(engine, parse_kolada(read_kolada_file(path), Path(path).name))


def unused_kpis(kpis: Iterable[str], plan: Plan) -> list[str]:
    """The Kolada ids no key figure of ``plan`` names in its Kolada-id column, sorted.

    Riket's value reaches a key figure only through that column (matched regardless of case, as the lookup
    does): an id outside it is stored but shown nowhere, which a mistyped id or a plan without the column would
    otherwise hide.
    """
    named = {kpi_key(kf.kolada_id) for kf in plan.key_figures if kf.kolada_id}
    return sorted({kpi for kpi in kpis if kpi_key(kpi) not in named})


def without_value(rows: list[dict[str, Any]]) -> int:
    """How many parsed rows have no value (``"value": null``): ``store_kolada`` skips them."""
    return sum(row["value"] is None for row in rows)


def store_kolada(engine: Engine, rows: list[dict[str, Any]]) -> int:
    """Store parsed rows (``parse_kolada``) in one transaction, replacing the same kpi, municipality, year, gender;
    the number stored.

    A row without a value (``"value": null``, Kolada's "no figure yet") is skipped: it never replaces a stored
    value, which the report would otherwise lose for the year before's (``without_value`` counts them).
    """
    rows = [{**row, "kpi": kpi_key(row["kpi"])} for row in rows if row["value"] is not None]
    keep_status = "status" in kolada.c
    now = datetime.now().replace(microsecond=0).isoformat()
    records = [
        {"status": None, **{k: v for k, v in r.items() if k != "status" or keep_status}, "imported_at": now}
        for r in rows
    ]
    if not keep_status:
        records = [{k: v for k, v in r.items() if k != "status"} for r in records]
    with write_transaction(engine) as conn:
        for row in rows:
            conn.execute(
                delete(kolada).where(
                    and_(
                        kolada.c.kpi == row["kpi"],
                        kolada.c.municipality == row["municipality"],
                        kolada.c.period == row["period"],
                        kolada.c.gender == row["gender"],
                    )
                )
            )
        _drop_lower_case(conn, {(r["kpi"], r["municipality"], r["period"], r["gender"]) for r in rows})
        if records:
            conn.execute(insert(kolada), records)
    return len(rows)


def _drop_lower_case(conn: Connection, replaced: set[tuple[str, str, int, str]]) -> None:
    """Delete the rows an older version stored under an id not in upper case ("u79002") that ``replaced`` now
    holds in upper case; a history without such rows (the usual case) costs one query."""
    if not replaced:
        return
    legacy = conn.execute(
        select(kolada.c.id, kolada.c.kpi, kolada.c.municipality, kolada.c.period, kolada.c.gender).where(
            kolada.c.kpi != func.upper(kolada.c.kpi)
        )
    ).all()
    ids = [row_id for row_id, kpi, *key in legacy if (kpi_key(kpi), *key) in replaced]
    if ids:
        conn.execute(delete(kolada).where(kolada.c.id.in_(ids)))


def _stored_number(text: str | None) -> Decimal | None:
    """A stored value as a finite Decimal; None for a missing one and for NaN/Infinity stored by older versions."""
    if text is None:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def kolada_value(engine: Engine, kpi: str, year: int, municipality: str = RIKET, gender: str = "T") -> Decimal | None:
    """The comparison value for a year; riket (0000) and both genders (T) by default.

    None when nothing usable is stored; a stored 0 is 0. ``kpi`` is matched regardless of case (``kpi_key``).
    """
    found = kolada_latest_many(engine, [kpi], year, municipality, gender, years_back=0).get(kpi)
    return None if found is None else found.value


class KoladaValue(NamedTuple):
    """A comparison value and the year it is for (the report shows both: "58,3 (2024)")."""

    value: Decimal
    year: int


def kolada_latest(
    engine: Engine, kpi: str, year: int, municipality: str = RIKET, gender: str = "T", years_back: int = 1
) -> KoladaValue | None:
    """(value, year) for ``year``, else for the nearest earlier year up to ``years_back`` before; a 0 is a value."""
    for candidate in range(year, year - years_back - 1, -1):
        value = kolada_value(engine, kpi, candidate, municipality, gender)
        if value is not None:
            return KoladaValue(value, candidate)
    return None


KPIS_PER_QUERY = 500  # bound parameters per statement stay far below SQLite's limit


def kolada_latest_many(
    engine: Engine, kpis: Iterable[str], year: int, municipality: str = RIKET, gender: str = "T", years_back: int = 1
) -> dict[str, KoladaValue]:
    """``kolada_latest`` for many KPIs in one query (per 500): a run's key figures, not a query each.

    A KPI with no usable value in the years is left out (``kolada_latest`` gives None for it).
    """
    asked = set(kpis)
    wanted = sorted({kpi_key(kpi) for kpi in asked})
    stored: dict[tuple[str, int], Decimal] = {}
    with engine.connect() as conn:
        for start in range(0, len(wanted), KPIS_PER_QUERY):
            # also in lower case: an older version stored an id as the file spelt it ("u79002"); an upper-case row
            # wins over such a one. Both spellings by value, so that the lookup uses the table's index
            chunk = wanted[start : start + KPIS_PER_QUERY]
            query = select(kolada.c.kpi, kolada.c.period, kolada.c.value).where(
                and_(
                    kolada.c.kpi.in_(chunk + [kpi.lower() for kpi in chunk]),
                    kolada.c.period <= year,
                    kolada.c.period >= year - years_back,
                    kolada.c.municipality == municipality,
                    kolada.c.gender == gender,
                )
            )
            for kpi, period, raw in sorted(conn.execute(query), key=lambda r: r[0] == kpi_key(r[0])):
                value = _stored_number(raw)
                if value is not None:
                    stored[(kpi_key(kpi), period)] = value
    out: dict[str, KoladaValue] = {}
    for kpi in sorted(asked):  # keyed as asked: a plan's key figure finds its value by its own spelling
        key = kpi_key(kpi)
        candidate = next((y for y in range(year, year - years_back - 1, -1) if (key, y) in stored), None)
        if candidate is not None:
            out[kpi] = KoladaValue(stored[(key, candidate)], candidate)
    return out
