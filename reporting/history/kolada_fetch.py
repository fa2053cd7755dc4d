"""Riksjämförelser fetched from Kolada's API, for when the network allows (``reporting history kolada-fetch``).

Asks ``{base}/data/kpi/{ids}/municipality/{ids}/year/{years}`` (the path of API v2 and
v3), at most 25 ids per parameter in one request (more are split over requests), and
follows the paging links (``next_page`` in v2, ``next_url`` in v3) on the same server
only. Every page goes through the same checks as an imported file (``kolada.parse_json``
and ``parse_kolada``: size and nesting bounded, numbers exact, NaN refused, shapes
checked); the rows of every page are stored together in one transaction, or nothing
is. Proxies are taken from the usual environment variables (HTTPS_PROXY, NO_PROXY).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import product
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from reporting.errors import InputError, os_reason
from reporting.history.kolada import (
    MAX_FILE_BYTES,
    KoladaFileError,
    parse_json,
    parse_kolada,
    store_kolada,
    without_value,
)

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
MAX_IDS = 25  # Kolada answers at most 25 ids per parameter
MAX_PAGES = 1000
TIMEOUT_SECONDS = 30.0
_REDO = "Försök igen senare, eller hämta svaret i en webbläsare, spara det och importera det; inget har sparats."


class KoladaFetchError(InputError):
    """Kolada's API could not be asked or gave no usable answer; the message says what, in Swedish."""


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    unique = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def request_urls(base_url: str, kpis: Iterable[str], years: Iterable[int], municipalities: Iterable[str]) -> list[str]:
    """One URL per combination of ≤25-id groups of kpis, municipalities and years."""
    base = base_url.rstrip("/")
    groups = (chunks(kpis), chunks(municipalities), chunks(str(y) for y in years))
    if not all(groups):
        raise InputError("ange minst ett nyckeltal (--kpi), en kommun (--municipality) och ett år (--year)")
    return [
        f"{base}/data/kpi/{','.join(k)}/municipality/{','.join(m)}/year/{','.join(y)}" for k, m, y in product(*groups)
    ]


def fetch_kolada(
    kpis: Iterable[str],
    years: Iterable[int],
    municipalities: Iterable[str] = ("0000",),
    base_url: str = DEFAULT_BASE_URL,
    client: Any = None,
) -> list[dict[str, Any]]:
    """Every row of every page for the kpis × municipalities × years, checked as an import checks a file."""
    import httpx

    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)
    try:
        rows: list[dict[str, Any]] = []
        seen: dict[tuple[Any, ...], str] = {}
        for url in request_urls(base_url, kpis, years, municipalities):
            for page_url, data in _pages(client, url):
                for row in parse_kolada(data, page_url, redo=_REDO):
                    key = (row["kpi"], row["municipality"], row["period"], row["gender"])
                    if key in seen:
                        raise KoladaFileError(
                            f"{page_url}: {' '.join(map(str, key))} finns redan på en tidigare sida ({seen[key]}). {_REDO}"
                        )
                    seen[key] = page_url
                    rows.append(row)
        return rows
    finally:
        if own:
            client.close()


def fetch_and_store(engine: Engine, **kwargs: Any) -> tuple[list[dict[str, Any]], int]:
    """``fetch_kolada`` and, when every page was good, ``store_kolada`` in one transaction: the rows stored (their
    ids as Kolada gave them; an asked id without values is not among them) and how many rows had no value
    (``"value": null``), which are skipped."""
    rows = fetch_kolada(**kwargs)
    store_kolada(engine, rows)
    return [row for row in rows if row["value"] is not None], without_value(rows)


def _pages(client: Any, url: str) -> Iterator[tuple[str, Any]]:
    origin = _origin(url)
    visited: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in visited or len(visited) >= MAX_PAGES:
            raise KoladaFetchError(
                f"{next_url}: sidorna i svaret leder runt i en ring (eller är fler än {MAX_PAGES}). {_REDO}"
            )
        if _origin(next_url) != origin:
            raise KoladaFetchError(f"{url}: nästa sida ligger på en annan server ({next_url}) och hämtas inte. {_REDO}")
        visited.add(next_url)
        data = parse_json(_get(client, next_url), next_url, _REDO)
        yield next_url, data
        link = (data.get("next_page") or data.get("next_url")) if isinstance(data, dict) else None
        next_url = link if isinstance(link, str) and link.strip() else None


def _get(client: Any, url: str) -> bytes:
    import httpx

    try:
        with client.stream("GET", url, headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise KoladaFetchError(
                    f"Koladas API svarade {response.status_code} {response.reason_phrase} på {url}. "
                    f"Kontrollera nyckeltalens id och --base-url. {_REDO}"
                )
            raw = bytearray()
            for part in response.iter_bytes():
                raw += part
                if len(raw) > MAX_FILE_BYTES:
                    break
            return bytes(raw)
    except httpx.HTTPError as exc:
        raise KoladaFetchError(
            f"Koladas API kunde inte nås ({url}: {network_reason(exc, url)}). "
            f"Kontrollera nätverket, proxyn och --base-url. {_REDO}"
        ) from exc


_DNS_WORDS = ("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution", "no address")


def network_reason(exc: BaseException, url: str) -> str:
    """Why the network failed, in Swedish words, never httpx's or the system's English text (as
    ``errors.os_reason`` for the file system): the name not found, the connection refused, no answer in time, the
    secure connection (TLS) refused; anything else by the kind of error, with the system's reason when it has one."""
    import socket
    import ssl

    import httpx

    host = urlsplit(url).hostname or url
    causes = _causes(exc)
    if any(isinstance(c, httpx.TimeoutException | socket.timeout | TimeoutError) for c in causes):
        return f"inget svar från {host} inom {TIMEOUT_SECONDS:.0f} sekunder"
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in causes):
        return f"den säkra anslutningen (TLS) till {host} kunde inte upprättas: servercertifikatet godkändes inte"
    if any(isinstance(c, ssl.SSLError) for c in causes) or any("ssl" in str(c).lower() for c in causes):
        return f"den säkra anslutningen (TLS) till {host} kunde inte upprättas"
    if any(isinstance(c, socket.gaierror) for c in causes) or any(
        word in str(c).lower() for c in causes for word in _DNS_WORDS
    ):
        return f"namnet {host} kunde inte slås upp (DNS)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or any("refused" in str(c).lower() for c in causes):
        return f"anslutningen till {host} nekades"
    if any(isinstance(c, httpx.ProxyError) for c in causes):
        return "proxyn släppte inte igenom anslutningen"
    if any(isinstance(c, ConnectionResetError | httpx.RemoteProtocolError | httpx.ReadError) for c in causes):
        return f"anslutningen till {host} bröts"
    reason = next((os_reason(c) for c in causes if isinstance(c, OSError) and os_reason(c)), "")
    return f"nätverksfel ({reason or 'av typen ' + type(exc).__name__})"


def _causes(exc: BaseException) -> list[BaseException]:
    """The error and what caused it, in turn (httpx wraps httpcore's error, which wraps the socket's)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
