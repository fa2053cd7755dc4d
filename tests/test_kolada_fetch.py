"""kolada-fetch against a LOCAL HTTP server (127.0.0.1, port 0) serving saved responses over two pages.

The real internet is never contacted: every URL points at the server started here, and
proxy variables are cleared so nothing is sent through a proxy either.
"""

from __future__ import annotations

import json
import threading
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from reporting.cli import main
from reporting.history.kolada import KoladaFileError, kolada_latest, kolada_value
from reporting.history.kolada_fetch import KoladaFetchError, fetch_kolada, request_urls
from reporting.history.store import kolada, open_history

pytestmark = pytest.mark.usefixtures("history_db")


def row(kpi, year, value, municipality="0000", gender="T"):
    return {"kpi": kpi, "municipality": municipality, "period": year, "values": [{"gender": gender, "value": value}]}


class Server:
    """Serves ``pages[path]`` (a dict becomes JSON, bytes are sent as they are); records every request."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                page = server.pages.get(self.path)
                if page is None:
                    self.send_error(404)
                    return
                body = page if isinstance(page, bytes) else json.dumps(page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        # a short poll interval: shutdown() waits for the serving loop to look, 0.5 s by default
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def url(self, path: str) -> str:
        return self.base.removesuffix("/v3") + path


@pytest.fixture
def server(monkeypatch, tmp_path):
    """A local Kolada; ``tmp_path`` a workspace with its history (kolada-fetch refuses a bare folder)."""
    open_history(tmp_path).dispose()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def two_pages(server, kpi="U07414", year=2025, first=None, second=None):
    path = f"/v3/data/kpi/{kpi}/municipality/0000/year/{year}"
    server.pages[path] = {
        "count": 3,
        "values": first or [row(kpi, year, 58.3), row(kpi, year - 1, 57.9)],
        "next_url": server.url(path + "?page=2"),
    }
    server.pages[path + "?page=2"] = {
        "count": 3,
        "values": second or [row(kpi, year, 57.1, gender="K")],
        "next_url": None,
    }
    return path


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(kolada)).scalar_one()


def test_fetch_follows_the_pages_and_stores_every_value(server, tmp_path):
    path = two_pages(server)
    runner = CliRunner()
    out = runner.invoke(
        main,
        [
            "history",
            "kolada-fetch",
            "-w",
            str(tmp_path),
            "--kpi",
            "U07414",
            "--year",
            "2025",
            "--base-url",
            server.base,
        ],
    )
    assert out.exit_code == 0, out.output
    assert out.output == "Kolada: 3 värden hämtade och sparade\n"
    assert server.requests == [path, path + "?page=2"]
    engine = open_history(tmp_path)
    assert kolada_value(engine, "U07414", 2025) == D("58.3")
    assert kolada_value(engine, "U07414", 2025, gender="K") == D("57.1")
    assert kolada_latest(engine, "U07414", 2026) == (D("58.3"), 2025)  # the year comes with the value
    engine.dispose()


def test_a_bad_second_page_stores_nothing(server, tmp_path):
    two_pages(server, second=[row("U07414", 2025, "57,1", gender="K")])
    out = CliRunner().invoke(
        main,
        [
            "history",
            "kolada-fetch",
            "-w",
            str(tmp_path),
            "--kpi",
            "U07414",
            "--year",
            "2025",
            "--base-url",
            server.base,
        ],
    )
    assert out.exit_code == 1
    assert '?page=2: rad 1 i values, värde 1: "value" är en text ("57,1"), inte ett tal' in out.output
    assert "inget har sparats" in out.output and "Traceback" not in out.output
    engine = open_history(tmp_path)
    assert count(engine) == 0  # not even page 1
    engine.dispose()


def test_nan_on_a_page_is_refused_like_in_a_file(server):
    path = "/v3/data/kpi/U1/municipality/0000/year/2025"
    server.pages[path] = (
        b'{"values": [{"kpi": "U1", "municipality": "0000", "period": 2025, "values": [{"value": NaN}]}]}'
    )
    with pytest.raises(KoladaFileError, match="filen innehåller NaN"):
        fetch_kolada(["U1"], [2025], base_url=server.base)


def test_the_same_value_on_two_pages_is_refused(server):
    two_pages(server, second=[row("U07414", 2025, 1)])
    with pytest.raises(KoladaFileError, match="finns redan på en tidigare sida"):
        fetch_kolada(["U07414"], [2025], base_url=server.base)


def test_at_most_25_ids_per_request_parameter(server, tmp_path):
    kpis = [f"U{n:05d}" for n in range(30)]
    for group in (kpis[:25], kpis[25:]):
        server.pages[f"/v3/data/kpi/{','.join(group)}/municipality/0000/year/2025"] = {
            "values": [row(k, 2025, n) for n, k in enumerate(group)]
        }
    rows = fetch_kolada(kpis, [2025], base_url=server.base)
    assert len(rows) == 30 and len(server.requests) == 2
    assert all(len(r.split("/kpi/")[1].split("/")[0].split(",")) <= 25 for r in server.requests)
    assert len(request_urls("http://x/v3", kpis, range(2000, 2030), ["0000"])) == 4  # 30 kpis × 30 years: 2 × 2


def test_a_link_to_another_server_is_not_followed(server):
    path = "/v3/data/kpi/U1/municipality/0000/year/2025"
    server.pages[path] = {"values": [row("U1", 2025, 1)], "next_url": "http://example.invalid/v3/page2"}
    with pytest.raises(KoladaFetchError, match="nästa sida ligger på en annan server"):
        fetch_kolada(["U1"], [2025], base_url=server.base)
    assert server.requests == [path]


def test_a_page_that_links_to_itself_stops(server):
    path = "/v3/data/kpi/U1/municipality/0000/year/2025"
    server.pages[path] = {"values": [], "next_page": server.url(path)}
    with pytest.raises(KoladaFetchError, match="leder runt i en ring"):
        fetch_kolada(["U1"], [2025], base_url=server.base)


def test_http_errors_and_no_server_give_a_swedish_line(server, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(
        main,
        ["history", "kolada-fetch", "-w", str(tmp_path), "--kpi", "X", "--year", "2025", "--base-url", server.base],
    )
    assert missing.exit_code == 1 and "Koladas API svarade 404" in missing.output
    server.httpd.shutdown()
    server.httpd.server_close()
    down = runner.invoke(
        main,
        ["history", "kolada-fetch", "-w", str(tmp_path), "--kpi", "X", "--year", "2025", "--base-url", server.base],
    )
    assert down.exit_code == 1 and "Koladas API kunde inte nås" in down.output and "Traceback" not in down.output


def test_fetched_ids_the_plan_does_not_use_are_named(server, tmp_path):
    from dataclasses import replace

    from reporting.demo.plan import demo_plan
    from reporting.plan.write import write_plan

    plan = demo_plan()
    write_plan(tmp_path / "plan.xlsx", replace(plan, key_figures=[replace(plan.key_figures[0], kolada_id="N00945")]))
    two_pages(server)
    args = ["history", "kolada-fetch", "-w", str(tmp_path), "--kpi", "U07414", "--year", "2025", "--base-url"]
    out = CliRunner().invoke(main, [*args, server.base])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1].startswith("Obs: U07414 finns inte i planens kolumn Kolada-id;")


def test_ids_are_compared_as_fetched_and_an_id_without_values_is_named_as_such(server, tmp_path):
    """A padded id the plan names is no unused one, and an id Kolada gave nothing for has nothing stored: it is
    named as such, not as values stored but shown nowhere."""
    from dataclasses import replace

    from reporting.demo.plan import demo_plan
    from reporting.plan.write import write_plan

    plan = demo_plan()
    write_plan(tmp_path / "plan.xlsx", replace(plan, key_figures=[replace(plan.key_figures[0], kolada_id="U07414")]))
    server.pages["/v3/data/kpi/U07414,N99999/municipality/0000/year/2025"] = {"values": [row("U07414", 2025, 58.3)]}
    args = ["history", "kolada-fetch", "-w", str(tmp_path), "--kpi", " U07414", "--kpi", "N99999", "--year", "2025"]
    out = CliRunner().invoke(main, [*args, "--base-url", server.base])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "Kolada: 1 värde hämtat och sparat",
        "Obs: Kolada gav inga värden för N99999. Stäm av id:t, åren och kommunerna mot Kolada.",
    ]


def test_a_null_from_the_api_replaces_nothing_and_its_id_gave_no_values(server, tmp_path):
    engine = open_history(tmp_path)
    try:
        server.pages["/v3/data/kpi/U07414/municipality/0000/year/2025"] = {"values": [row("U07414", 2025, 58.3)]}
        args = ["history", "kolada-fetch", "-w", str(tmp_path), "--year", "2025", "--base-url", server.base]
        assert CliRunner().invoke(main, [*args, "--kpi", "U07414"]).exit_code == 0
        path = "/v3/data/kpi/U07414,N99999/municipality/0000/year/2025"
        server.pages[path] = {"values": [row("U07414", 2025, None), row("N99999", 2025, 3)]}
        out = CliRunner().invoke(main, [*args, "--kpi", "U07414", "--kpi", "N99999"])
        assert out.exit_code == 0, out.output
        assert out.output.splitlines()[:2] == [
            "Kolada: 1 värde hämtat och sparat; 1 rad utan värde hoppades över (sparade värden står kvar)",
            "Obs: Kolada gav inga värden för U07414. Stäm av id:t, åren och kommunerna mot Kolada.",
        ]
        assert kolada_value(engine, "U07414", 2025) == D("58.3")
    finally:
        engine.dispose()


def test_fetch_into_a_folder_without_plan_or_history_is_refused(tmp_path, monkeypatch):
    """review34b #11: as history kolada, kolada-fetch run from Downloads creates no history there."""
    downloads = tmp_path / "Hämtade filer"
    downloads.mkdir()
    monkeypatch.delenv("REPORTING_DB_URL", raising=False)
    out = CliRunner().invoke(
        main, ["history", "kolada-fetch", "-w", str(downloads), "--kpi", "U07414", "--year", "2025"]
    )
    assert out.exit_code == 1 and out.output.startswith("Fel: det finns varken en plan (plan.xlsx) eller en historik")
    assert list(downloads.iterdir()) == []
