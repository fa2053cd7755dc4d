"""The demo plans `reporting demo --plan NAME` offers: name, title, region, year and the periods it runs.

Kept free of heavy imports: the command line builds its --plan choices from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPlan:
    """One demo workspace: which seed, which runs, who does not submit and whose file has mistakes."""

    name: str
    title: str  # Swedish: shown in --help and the command's output
    region: str
    year: int
    runs: tuple[str, ...]  # period keys, run in this order (a monthly report before the tertial/delår)
    missing: str  # the division that does not submit
    faulty: str  # the division whose file carries typical mistakes


DEMO_PLANS: dict[str, DemoPlan] = {
    p.name: p
    for p in (
        DemoPlan(
            "jh-2025",
            "Hälso- och sjukvårdsnämnden, Region Jämtland Härjedalen, plan med budget 2025",
            "Region Jämtland Härjedalen",
            2025,
            ("2025-T1",),
            "HSD",
            "KIR",
        ),
        DemoPlan(
            "jh-2021",
            "Hälso- och sjukvårdsnämnden, Region Jämtland Härjedalen, verksamhetsplan 2021",
            "Region Jämtland Härjedalen",
            2021,
            ("2021-M03", "2021-delar"),
            "PS",
            "KIR",
        ),
        DemoPlan(
            "vasternorrland-2025",
            "Hälso- och sjukvårdsnämnden, Region Västernorrland, verksamhetsplan 2025–2027",
            "Region Västernorrland",
            2025,
            ("2025-M03", "2025-T1"),
            "FL",
            "SV",
        ),
    )
}
DEFAULT = "jh-2025"
