"""Swedish words for what went wrong (QA 35j #10): kolada-fetch's network failures, never httpx's or the system's
English text, and an unexpected error's type in a Swedish sentence."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest
from click.testing import CliRunner

from reporting.cli import main
from reporting.history.kolada_fetch import KoladaFetchError, fetch_kolada

URL = "https://api.kolada.se/v3/data/kpi/U07414/municipality/0000/year/2025"
REDO = (
    "Kontrollera nätverket, proxyn och --base-url. Försök igen senare, eller hämta svaret i en webbläsare, spara det "
    "och importera det; inget har sparats."
)


def _failing(error: Exception, cause: BaseException | None = None) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error from cause

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("error", "cause", "said"),
    [
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            socket.gaierror(-2, "Name or service not known"),
            "namnet api.kolada.se kunde inte slås upp (DNS)",
        ),
        (httpx.ConnectError("[Errno 111] Connection refused"), None, "anslutningen till api.kolada.se nekades"),
        (httpx.ConnectTimeout("timed out"), None, "inget svar från api.kolada.se inom 30 sekunder"),
        (httpx.ReadTimeout("The read operation timed out"), None, "inget svar från api.kolada.se inom 30 sekunder"),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            "den säkra anslutningen (TLS) till api.kolada.se kunde inte upprättas: servercertifikatet godkändes inte",
        ),
        (
            httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number"),
            None,
            "den säkra anslutningen (TLS) till api.kolada.se kunde inte upprättas",
        ),
        (httpx.ProxyError("407 Proxy Authentication Required"), None, "proxyn släppte inte igenom anslutningen"),
        (httpx.RemoteProtocolError("Server disconnected"), None, "anslutningen till api.kolada.se bröts"),
        (
            httpx.UnsupportedProtocol("Request URL has an unsupported protocol"),
            None,
            "nätverksfel (av typen UnsupportedProtocol)",
        ),
    ],
)
def test_a_network_failure_is_said_in_swedish(error, cause, said):
    with pytest.raises(KoladaFetchError) as caught:
        fetch_kolada(["U07414"], [2025], client=_failing(error, cause))
    assert str(caught.value) == f"Koladas API kunde inte nås ({URL}: {said}). {REDO}"


def test_a_refused_connection_in_the_command_line(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on: bound, then let go
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/v3"
    result = CliRunner().invoke(
        main,
        [
            "history",
            "kolada-fetch",
            "--kpi",
            "U07414",
            "--year",
            "2025",
            "--base-url",
            base,
            "--db",
            f"sqlite:///{tmp_path / 'h.sqlite'}",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fel: Koladas API kunde inte nås ({base}/data/kpi/U07414/municipality/0000/year/2025: anslutningen till "
        f"127.0.0.1 nekades). {REDO}\n"
    )
